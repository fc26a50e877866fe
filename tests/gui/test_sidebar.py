"""The history sidebar in a real window: date groups (headers that are neither items nor selectable), search
snippets as plain text with the match marked, and the Undo strip after a delete."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.theme import contrast_ratio
from vision_desktop.ui.widgets.history_sidebar import (
    HIGHLIGHTS_ROLE,
    SUBTITLE_ROLE,
    date_group,
    plain_snippet,
)

pytestmark = pytest.mark.gui

MARKDOWN_ANSWER = (
    "## Receipt summary\n\nThe **total** on the *receipt* is `€23.40` (see [the receipt scan](https://example.com/s) "
    "and ![a photo of the receipt](https://example.com/p.png)).\n\n| Item | Price |\n|---|---:|\n| Tea | 2 |\n"
    "Literal <b>tags</b> &amp; stay text."
)


def dated(store: HistoryStore, question: str, answer: str, when: float) -> int:
    """A finished conversation last updated at ``when`` (the store takes the time from ``time.time``)."""
    with mock.patch("time.time", return_value=when):
        cid = store.create_conversation()
        tid = store.start_turn(cid, Message("user", question), ChatOptions(), started=when)
        store.finish_turn(tid, ChatResult("r", "m", answer, "stop", Usage(1, 1, 2)), "complete")
    return cid


def noon(days_ago: int) -> float:
    day = dt.date.today() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(12)).timestamp()


def month_label(days_ago: int) -> str:
    day = dt.date.today() - dt.timedelta(days=days_ago)
    return f"{QLocale().standaloneMonthName(day.month, QLocale.FormatType.LongFormat)} {day.year}"


# ------------------------------------------------------------------------------------------- pure parts
def test_plain_snippet_drops_markdown_and_keeps_the_matches() -> None:
    flat = " ".join(MARKDOWN_ANSWER.split())
    spans = []
    low = flat.lower()
    start = low.find("receipt")
    while start >= 0:
        spans.append((start, start + len("receipt")))
        start = low.find("receipt", start + 1)
    text, marks = plain_snippet(flat, spans)
    for syntax in ("**", "##", "`", "](", "![", "|", "---", "*receipt*"):
        assert syntax not in text, (syntax, text)
    assert text.startswith(
        "Receipt summary The total on the receipt is €23.40 (see the receipt scan and a photo"
    )
    assert [text[s:e].lower() for s, e in marks] == ["receipt"] * len(marks) and len(marks) >= 3
    assert plain_snippet("snake_case_name and 2*3*4", ())[0] == "snake_case_name and 2*3*4"


def test_a_late_match_is_brought_near_the_start() -> None:
    text = "word " * 40 + "needle here"
    shown, marks = plain_snippet(text, [(200, 206)])
    assert shown.startswith("…") and shown[marks[0][0] : marks[0][1]] == "needle" and marks[0][0] < 40


def test_date_groups() -> None:
    now = noon(0)
    assert [date_group(noon(d), now) for d in (0, 1, 2, 7, 8, 30)] == [
        "Today",
        "Yesterday",
        "Previous 7 days",
        "Previous 7 days",
        "Previous 30 days",
        "Previous 30 days",
    ]
    assert date_group(noon(92), now) == month_label(92)
    assert date_group(now + 3600, now) == "Today"  # a clock a little ahead


# ------------------------------------------------------------------------------------------- in the window
def test_date_groups_in_order_and_headers_are_skipped(
    qtbot: QtBot, make_window: Callable[..., MainWindow], vd_home: Path
) -> None:
    with HistoryStore.open(app_paths()) as store:
        old = dated(store, "Three months ago", "a", noon(92))
        twenty = dated(store, "Twenty days ago", "a", noon(20))
        three = dated(store, "Three days ago", "a", noon(3))
        yesterday = dated(store, "Yesterday's question", "a", noon(1))
        earlier_today = dated(store, "Earlier today", "a", time.time() - 1)
        today = dated(store, "Just now", "a", time.time())
    window = make_window()
    sidebar = window.sidebar
    assert sidebar is not None
    qtbot.waitUntil(lambda: sidebar.list.count() == 6, timeout=5000)
    assert sidebar.groups() == [
        ("Today", [today, earlier_today]),
        ("Yesterday", [yesterday]),
        ("Previous 7 days", [three]),
        ("Previous 30 days", [twenty]),
        (month_label(92), [old]),
    ]
    lst = sidebar.list
    plain_row = lst.visualItemRect(lst.item(1))  # no header above "Earlier today"
    with_header = lst.visualItemRect(lst.item(2))
    assert with_header.height() > plain_row.height()

    # the arrow keys go from conversation to conversation
    lst.setFocus()
    lst.setCurrentRow(1)
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    assert lst.currentRow() == 2 and lst.currentItem().data(Qt.ItemDataRole.UserRole) == yesterday
    # a click on a header selects nothing and opens nothing
    lst.clearSelection()
    header_point = QPoint(with_header.center().x(), with_header.top() + 4)
    with qtbot.assertNotEmitted(sidebar.conversation_selected, wait=100):
        qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=header_point)
    assert lst.selectedItems() == []
    # a click on the conversation under it opens it
    with qtbot.waitSignal(sidebar.conversation_selected, timeout=2000) as opened:
        qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=with_header.center() + QPoint(0, 8))
    assert opened.args == [yesterday]


def test_search_snippets_are_plain_text_with_the_match_marked(
    qtbot: QtBot, make_window: Callable[..., MainWindow], vd_home: Path
) -> None:
    with HistoryStore.open(app_paths()) as store:
        dated(store, "What does it say?", MARKDOWN_ANSWER, time.time())
        dated(store, "Something else", "Nothing to see.", time.time())
    window = make_window()
    sidebar = window.sidebar
    assert sidebar is not None
    qtbot.waitUntil(lambda: sidebar.list.count() == 2, timeout=5000)
    qtbot.keyClicks(sidebar.search, "receipt")
    qtbot.waitUntil(lambda: sidebar.list.count() == 1, timeout=5000)
    item = sidebar.list.item(0)
    snippet = item.data(SUBTITLE_ROLE)
    for syntax in ("**", "##", "`", "](", "![", "https://"):
        assert syntax not in snippet, (syntax, snippet)
    assert snippet.startswith("Receipt summary The total")
    marks = item.data(HIGHLIGHTS_ROLE)
    assert marks and all(snippet[s:e].lower() == "receipt" for s, e in marks)
    assert snippet in item.text() and "**" not in item.text()

    # the mark is drawn: its colour is on screen, and the matched word's text on it is readable
    mark = sidebar.delegate.mark
    image = sidebar.list.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())
    colours = Counter((data[i + 2], data[i + 1], data[i]) for i in range(0, len(data), 4))
    assert colours[(mark.red(), mark.green(), mark.blue())] > 50
    text_colour = sidebar.list.palette().color(sidebar.list.foregroundRole())
    assert contrast_ratio(text_colour, mark) >= 4.5

    # hostile text stays text
    sidebar.search.clear()
    qtbot.waitUntil(lambda: sidebar.list.count() == 2, timeout=5000)
    qtbot.keyClicks(sidebar.search, "tags")
    qtbot.waitUntil(lambda: sidebar.list.count() == 1, timeout=5000)
    assert "<b>tags</b>" in sidebar.list.item(0).data(SUBTITLE_ROLE)


def test_undo_does_not_cover_its_message(
    qtbot: QtBot, make_window: Callable[..., MainWindow], vd_home: Path
) -> None:
    with HistoryStore.open(app_paths()) as store:
        dated(store, "To be deleted", "a", time.time())
    window = make_window()
    window.resize(1000, 700)
    sidebar = window.sidebar
    assert sidebar is not None
    qtbot.waitUntil(lambda: sidebar.list.count() == 1, timeout=5000)
    sidebar.delete_requested.emit(sidebar.ids()[0])
    qtbot.waitUntil(lambda: sidebar.list.count() == 0, timeout=5000)
    bar = window.statusBar()
    button = bar.findChild(QPushButton, "undoDeleteButton")
    message = bar.findChild(QLabel, "undoDeleteMessage")
    assert button is not None and message is not None
    qtbot.waitUntil(lambda: button.isVisible() and message.isVisible(), timeout=2000)
    bar.showMessage("Another status message that is rather long, as status messages sometimes are", 5000)
    window.grab()  # laid out and painted as on screen
    assert button.isVisible() and message.isVisible()  # a status message does not hide them…
    top_left = message.mapTo(window, QPoint(0, 0))
    message_rect = message.rect().translated(top_left)
    button_rect = button.rect().translated(button.mapTo(window, QPoint(0, 0)))
    assert not message_rect.intersects(button_rect)  # …and they do not cover each other
    assert message.width() >= message.fontMetrics().horizontalAdvance(message.text())
    assert window.rect().contains(button_rect) and window.rect().contains(message_rect)

    # the message is readable where it is drawn
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    area = image.copy(message_rect)
    data = bytes(area.constBits())
    colours = [QColor(data[i + 2], data[i + 1], data[i]) for i in range(0, len(data), 4)]
    back = QColor.fromRgb(Counter(c.rgb() for c in colours).most_common(1)[0][0])
    assert max(contrast_ratio(c, back) for c in colours) >= 4.5

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sidebar.list.count() == 1, timeout=5000)
    assert bar.findChild(QPushButton, "undoDeleteButton") is None or not button.isVisible()
