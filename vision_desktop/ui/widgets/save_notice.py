"""A lasting notice above the conversation (not a status message that fades): shown while questions and answers
cannot be saved, until a later write succeeds."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger(__name__)


class SaveNotice(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveProblemNotice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(self.tr("The history is not being saved"))
        # its colours (a notice yellow for light and for dark) are in resources/styles/app.qss
        self.hide()

    def show_problem(self, text: str, details: str = "") -> None:
        """Show (until :meth:`clear_problem`) that questions and answers are not being saved."""
        if self.text() != text:
            log.warning("history not saved: %s", details or text)
        self.setText(text)
        self.setToolTip(details)
        self.show()

    def clear_problem(self) -> None:
        if self.isVisible() or self.text():
            log.info("history saving works again")
        self.hide()
        self.clear()
        self.setToolTip("")


__all__ = ["SaveNotice"]
