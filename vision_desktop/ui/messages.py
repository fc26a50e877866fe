"""The one place where errors become something a person reads.

``error_text(exc)`` gives the plain sentence and the details; ``show_error`` puts them in a non-modal message
box for the rare errors that do not belong in the conversation (settings, keyring).
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.logs import redact

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> tuple[str, str]:
    """(plain sentence, technical details) for any exception; never a traceback, never a key."""
    if isinstance(exc, VisionDesktopError):
        return exc.message, redact(exc.details_text())
    log.error("unexpected error shown to the user", exc_info=exc)
    return (
        "Something unexpected went wrong. Your work is kept; please try again.",
        redact(f"{type(exc).__name__}: {exc}"),
    )


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Vision Desktop") -> QMessageBox:
    sentence, details = error_text(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, sentence, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    if details:
        box.setDetailedText(details)
    box.setModal(False)
    box.open()
    return box
