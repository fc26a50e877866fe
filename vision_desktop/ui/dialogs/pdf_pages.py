"""Which pages of a dropped PDF to add: the first few, all of them, or a list such as ``1-3, 7``.

Signals: ``pages_chosen(list)`` with the chosen page numbers (1-based, ascending, each once) when the person
clicks "Add pages". The dialog does no work on the document: the caller counts the pages off the GUI thread and
gives the count. Open it with ``open()`` (it never blocks the event loop); set ``WA_DeleteOnClose`` on it if
nothing keeps it afterwards.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.images.limits import MAX_REQUEST_IMAGES
from vision_desktop.ui.dialogs.fitting import FittedDialog, set_tone

__all__ = ["PageRangeError", "PdfPagesDialog", "parse_page_ranges"]

_CONTEXT = "PdfPagesDialog"
_NUMBER = re.compile(r"^[0-9]+$")
_RANGE = re.compile(r"^([0-9]+)(?:-|–|—|\.\.)([0-9]+)?$")  # 2-5, 2–5, 2..5, and 7- (to the last page)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class PageRangeError(ValueError):
    """A page list the person typed cannot be used; ``str()`` is a plain sentence in their language."""


def parse_page_ranges(text: str, page_count: int, *, max_pages: int = MAX_REQUEST_IMAGES) -> list[int]:
    """The pages ``text`` names (``"1-3, 7"``, ``"2 4 6"``, ``"10-"``), ascending and each once.

    Commas, semicolons and spaces separate the parts; a range runs in either direction. Raises
    :class:`PageRangeError` with a plain sentence for an empty list, something that is not a page number, a
    page the document does not have, or more than ``max_pages`` pages.
    """
    joined = re.sub(r"\s*(-|–|—|\.\.)\s*", r"\1", text.strip())  # "1 - 3" is one range, not three parts
    parts = [part for part in re.split(r"[,;\s]+", joined) if part]
    if not parts:
        raise PageRangeError(_tr("Type the pages to add, for example 1-3, 7."))
    pages: set[int] = set()
    for raw in parts:
        part = raw.strip()
        if _NUMBER.match(part):
            first = last = int(part)
        else:
            match = _RANGE.match(part)
            if match is None:
                raise PageRangeError(
                    _tr("“{part}” is not a page number or a range. Type pages like 1-3, 7.").format(part=part)
                )
            first = int(match[1])
            last = int(match[2]) if match[2] else page_count
        low, high = min(first, last), max(first, last)
        if low < 1:
            raise PageRangeError(_tr("Pages are counted from 1."))
        if high > page_count:
            raise PageRangeError(
                _tr("There is no page {page}: the document has {count} pages.").format(
                    page=high, count=page_count
                )
            )
        pages.update(range(low, high + 1))  # at most page_count numbers in all
    if len(pages) > max_pages:
        raise PageRangeError(
            _tr("That is {count} pages; at most {limit} pages can be added to one question.").format(
                count=len(pages), limit=max_pages
            )
        )
    return sorted(pages)


class PdfPagesDialog(FittedDialog):
    """Choose pages of the PDF ``name`` (``page_count`` pages); "First ``default_count`` pages" is preselected.

    At most ``max_pages`` pages can be chosen (the images one request may carry): "All pages" of a longer
    document is offered as the first ``max_pages``.
    """

    pages_chosen = Signal(list)

    preferred_width = 440

    def __init__(
        self,
        parent: QWidget | None,
        name: str,
        page_count: int,
        default_count: int,
        *,
        max_pages: int = MAX_REQUEST_IMAGES,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPagesDialog")
        self.setWindowTitle(self.tr("Add pages of a PDF"))
        self._count = max(1, page_count)
        self._max = max(1, max_pages)
        limit = min(self._count, self._max)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("“{name}” has {count} pages. Which pages should be added as images?").format(
                name=name, count=self._count
            )
            if self._count != 1
            else self.tr("“{name}” has 1 page.").format(name=name),
            self,
        )
        intro.setObjectName("pdfPagesIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        self.first = QRadioButton(self.tr("First"), self)
        self.first.setObjectName("pdfFirstPages")
        self.first_count = QSpinBox(self)
        self.first_count.setObjectName("pdfFirstCount")
        self.first_count.setRange(1, limit)
        self.first_count.setValue(max(1, min(default_count, limit)))
        self.first_count.setSuffix(self.tr(" pages"))
        self.first_count.setAccessibleName(self.tr("Number of pages from the start"))
        grid.addWidget(self.first, 0, 0)
        grid.addWidget(self.first_count, 0, 1)

        all_text = (
            self.tr("All pages ({count})").format(count=self._count)
            if self._count <= self._max
            else self.tr("The first {limit} pages (the most one question can carry)").format(limit=self._max)
        )
        self.all = QRadioButton(all_text, self)
        self.all.setObjectName("pdfAllPages")
        grid.addWidget(self.all, 1, 0, 1, 2)

        self.listed = QRadioButton(self.tr("Pages:"), self)
        self.listed.setObjectName("pdfListedPages")
        self.ranges = QLineEdit(self)
        self.ranges.setObjectName("pdfPageRanges")
        self.ranges.setPlaceholderText(self.tr("for example 1-3, 7"))
        self.ranges.setAccessibleName(self.tr("Pages to add"))
        grid.addWidget(self.listed, 2, 0)
        grid.addWidget(self.ranges, 2, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        self.choice = QButtonGroup(self)
        for button in (self.first, self.all, self.listed):
            self.choice.addButton(button)
        self.first.setChecked(True)

        self.feedback = QLabel(self)
        self.feedback.setObjectName("pdfPagesFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.hide()
        layout.addWidget(self.feedback)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = self.buttons.addButton(self.tr("Add pages"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("pdfAddPages")
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self._on_add_clicked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.first_count.valueChanged.connect(self._on_first_count_changed)
        self.ranges.textEdited.connect(self._on_ranges_edited)
        self.choice.buttonToggled.connect(self._on_choice_toggled)

        self.fit_to_content()

    # -- what the person chose ------------------------------------------------------------------------------
    def chosen_pages(self) -> list[int]:
        """The pages the dialog would add now. Raises :class:`PageRangeError` for an unusable page list."""
        if self.all.isChecked():
            return list(range(1, min(self._count, self._max) + 1))
        if self.listed.isChecked():
            return parse_page_ranges(self.ranges.text(), self._count, max_pages=self._max)
        return list(range(1, self.first_count.value() + 1))

    # -- slots ----------------------------------------------------------------------------------------------
    def _on_add_clicked(self) -> None:
        try:
            pages = self.chosen_pages()
        except PageRangeError as exc:
            self._show_problem(str(exc))
            self.ranges.setFocus()
            return
        self.pages_chosen.emit(pages)
        self.accept()

    def _on_first_count_changed(self, _value: int) -> None:
        self.first.setChecked(True)

    def _on_ranges_edited(self, _text: str) -> None:
        self.listed.setChecked(True)
        self._clear_problem()

    def _on_choice_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._clear_problem()

    # -- feedback -------------------------------------------------------------------------------------------
    def _show_problem(self, sentence: str) -> None:
        self.feedback.setText(sentence)
        set_tone(self.feedback, "error")
        self.feedback.show()

    def _clear_problem(self) -> None:
        if self.feedback.isVisible():
            self.feedback.hide()
            self.feedback.clear()
