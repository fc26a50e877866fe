"""The page picker for a dropped PDF: typed page lists, plain messages for bad ones, and the chosen pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from vision_desktop.ui.dialogs.pdf_pages import PageRangeError, PdfPagesDialog, parse_page_ranges

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("1-3, 7", [1, 2, 3, 7]),
        ("7, 1-3", [1, 2, 3, 7]),
        ("2 4 6", [2, 4, 6]),
        ("1 - 3; 5", [1, 2, 3, 5]),
        ("3-1", [1, 2, 3]),
        ("10-", [10, 11, 12]),
        ("4–5", [4, 5]),  # the dash a word processor makes
        ("1,1,2-3,2", [1, 2, 3]),
        ("  12 ", [12]),
    ],
)
def test_page_lists_people_type(text: str, pages: list[int]) -> None:
    assert parse_page_ranges(text, 12) == pages


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type the pages to add, for example 1-3, 7."),
        ("  , ", "Type the pages to add, for example 1-3, 7."),
        ("1-3, seven", "“seven” is not a page number or a range. Type pages like 1-3, 7."),
        ("2²", "“2²” is not a page number or a range. Type pages like 1-3, 7."),
        ("0-2", "Pages are counted from 1."),
        ("1-3, 14", "There is no page 14: the document has 12 pages."),
    ],
)
def test_page_lists_that_cannot_be_used_say_why(text: str, message: str) -> None:
    with pytest.raises(PageRangeError) as info:
        parse_page_ranges(text, 12)
    assert str(info.value) == message


def test_no_more_pages_than_one_question_can_carry() -> None:
    with pytest.raises(
        PageRangeError, match=r"That is 150 pages; at most 100 pages can be added to one question\."
    ):
        parse_page_ranges("1-150", 500)
    assert len(parse_page_ranges("1-100", 500)) == 100


_parents: list[QWidget] = []


@pytest.fixture(autouse=True)
def _keep_parents() -> Iterator[None]:
    yield
    _parents.clear()


def open_dialog(qtbot: QtBot, page_count: int, default_count: int = 5) -> PdfPagesDialog:
    parent = QWidget()  # a window the dialog belongs to, kept alive for the test
    _parents.append(parent)
    qtbot.addWidget(parent)
    dialog = PdfPagesDialog(parent, "report.pdf", page_count, default_count)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_first_pages_are_chosen_unless_the_person_changes_it(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, 500)
    intro = dialog.findChild(QLabel, "pdfPagesIntro")
    assert intro is not None and "“report.pdf” has 500 pages." in intro.text()
    assert dialog.first.isChecked() and dialog.first_count.value() == 5
    assert not dialog.isModal() or dialog.windowModality() != Qt.WindowModality.ApplicationModal
    with qtbot.waitSignal(dialog.pages_chosen) as chosen:
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [[1, 2, 3, 4, 5]]
    assert not dialog.isVisible()


def test_typing_pages_chooses_them(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, 12)
    qtbot.keyClicks(dialog.ranges, "1-3, 7")
    assert dialog.listed.isChecked()  # typing picks the "Pages:" choice
    with qtbot.waitSignal(dialog.pages_chosen) as chosen:
        qtbot.keyClick(dialog.ranges, Qt.Key.Key_Return)
    assert chosen.args == [[1, 2, 3, 7]]


def test_a_bad_page_list_shows_a_message_and_keeps_the_dialog_open(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, 12)
    emitted: list[list[int]] = []
    dialog.pages_chosen.connect(emitted.append)
    height = dialog.height()
    qtbot.keyClicks(dialog.ranges, "2, 40")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and emitted == []
    assert dialog.feedback.isVisible()
    assert dialog.feedback.text() == "There is no page 40: the document has 12 pages."
    qtbot.waitUntil(lambda: dialog.height() >= height)
    # correcting it clears the message, and the pages go
    dialog.ranges.selectAll()
    qtbot.keyClicks(dialog.ranges, "2, 10")
    assert not dialog.feedback.isVisible()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert emitted == [[2, 10]]


def test_all_pages_and_a_long_document(qtbot: QtBot) -> None:
    short = open_dialog(qtbot, 3, default_count=5)
    assert short.first_count.maximum() == 3 and short.first_count.value() == 3
    assert short.all.text() == "All pages (3)"
    qtbot.mouseClick(short.all, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(short.pages_chosen) as chosen:
        qtbot.mouseClick(short.add_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [[1, 2, 3]]

    long = open_dialog(qtbot, 500)
    assert long.first_count.maximum() == 100
    assert "first 100 pages" in long.all.text()
    long.all.setChecked(True)
    assert long.chosen_pages() == list(range(1, 101))


def test_changing_the_count_chooses_the_first_pages_and_cancel_sends_nothing(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, 40)
    emitted: list[list[int]] = []
    dialog.pages_chosen.connect(emitted.append)
    dialog.listed.setChecked(True)
    dialog.first_count.setValue(8)
    assert dialog.first.isChecked()
    assert dialog.chosen_pages() == list(range(1, 9))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and emitted == []


def test_the_dialog_fits_its_content_and_the_screen(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, 500)
    area = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= area.width() and dialog.frameGeometry().height() <= area.height()
    for widget in (dialog.ranges, dialog.all, dialog.add_button):  # everything shows, nothing is cut off
        corner = widget.mapTo(dialog, widget.rect().bottomRight())
        assert dialog.rect().contains(corner)
    assert dialog.width() < 700  # sized to its content, not stretched
