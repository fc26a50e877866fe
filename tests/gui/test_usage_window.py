"""The Usage window as a person meets it: today's, this month's and all-time totals from the recorded answers,
the last 30 days as bars, a row per month, and "Export CSV…" writing a file a spreadsheet opens."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.usage_window import UsageWindow
from vision_desktop.ui.theme import ThemeManager
from vision_desktop.workers.history_controller import HistoryController

pytestmark = pytest.mark.gui


def record(
    store: HistoryStore, cid: int, when: dt.datetime, prompt: int, completion: int, cost: float | None
) -> None:
    tid = store.start_turn(
        cid, Message("user", "这张发票的总额是多少?"), ChatOptions(model="m"), started=when.timestamp()
    )
    usage = Usage(prompt, completion, prompt + completion)
    currency = "USD" if cost is not None else None
    store.finish_turn(
        tid, ChatResult("r", "m", "12 元", "stop", usage), "complete", cost=cost, currency=currency
    )


@pytest.fixture
def history(vd_home: Path) -> Iterator[HistoryController]:
    now = dt.datetime.now()
    with HistoryStore.open(app_paths()) as store:
        cid = store.create_conversation("发票：十二月")
        record(store, cid, now - dt.timedelta(minutes=1), 1600, 400, 1.25)
        record(store, cid, now - dt.timedelta(minutes=2), 800, 200, 0.75)
        record(store, cid, now - dt.timedelta(days=3), 1000, 100, 0.5)
        record(store, cid, now - dt.timedelta(days=400), 5000, 500, None)  # long ago, price unknown
    controller = HistoryController(app_paths())
    yield controller
    controller.close()


@pytest.fixture
def usage(qtbot: QtBot, history: HistoryController) -> UsageWindow:
    window = UsageWindow(history, Settings(monthly_budget=10.0))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.usage_shown, timeout=10000):
        window.show()
    return window


def test_it_shows_today_this_month_and_all_time(usage: UsageWindow) -> None:
    assert usage.isVisible() and not usage.isModal()
    assert usage.today.amount.text() == "$2.00"
    assert "2 answers" in usage.today.details.text() and "3,000 tokens" in usage.today.details.text()
    # the month's card says how much of the budget is used (when the days-ago answer is in this month too)
    month = usage.month.details.text()
    assert "of the $10.00 monthly budget" in month
    assert usage.all_time.amount.text() == "$2.50"
    assert "1 without a known cost" in usage.all_time.details.text()
    assert "no known cost" in usage.prices_note.text() and usage.prices_note.isVisible()


def test_the_large_amounts_follow_the_text_size_while_the_window_is_open(
    qtbot: QtBot, usage: UsageWindow
) -> None:
    before = usage.today.amount.font().pointSizeF()
    text = usage.today.details.font().pointSizeF()
    assert before == pytest.approx(text * 1.4, abs=0.1)  # large type beside the details
    theme = ThemeManager.for_app()
    try:
        theme.apply("system", 150)  # Ctrl+plus, twice over
        qtbot.waitUntil(lambda: usage.today.amount.font().pointSizeF() > before)
        assert usage.today.amount.font().pointSizeF() == pytest.approx(before * 1.5, abs=0.2)
        assert usage.today.amount.font().bold()
    finally:
        theme.apply("system", 100)


def test_the_chart_has_a_bar_per_day_with_the_cost(qtbot: QtBot, usage: UsageWindow) -> None:
    chart = usage.chart
    assert chart.shows_cost and len(chart.values) == 30
    assert chart.values[-1] == pytest.approx(2.0) and chart.values[-4] == pytest.approx(0.5)
    assert sum(chart.values) == pytest.approx(2.5)
    assert usage.chart_title.text() == "Cost per day, last 30 days"
    assert "Total $2.50" in chart.accessibleDescription()
    qtbot.mouseMove(chart, QPoint(chart.width() - 2, chart.height() // 2))  # the layout has settled after it
    today = chart.bar_rect(29)
    assert today.height() > chart.bar_rect(26).height() > 0 and chart.bar_rect(0).height() == 0
    assert chart.bar_at(today.center().x()) == 29 and chart.bar_at(chart.bar_rect(26).center().x()) == 26
    image = chart.grab().toImage()  # painted without errors, the bar in the highlight colour
    assert not image.isNull()


def test_a_row_per_month_newest_first(usage: UsageWindow) -> None:
    table = usage.months
    months = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert len(months) in (2, 3)  # the answer 3 days ago may fall in the previous month
    assert months[0] == dt.date.today().strftime("%B %Y")
    last = table.rowCount() - 1
    assert table.item(last, 2).text() == "5,000" and table.item(last, 4).text() == "(1 unknown)"


def test_export_csv_through_the_file_dialog(qtbot: QtBot, usage: UsageWindow, tmp_path: Path) -> None:
    target = tmp_path / "我的用量.csv"
    qtbot.mouseClick(usage.export_button, Qt.MouseButton.LeftButton)
    dialog = usage.findChild(QFileDialog, "usageExportDialog")
    assert dialog is not None and dialog.isVisible() and not usage.isHidden()
    dialog.close()  # the platform's dialog cannot be typed into offscreen: the slot it calls, with the path
    with qtbot.waitSignal(usage.exported, timeout=10000) as saved:
        usage.export_to(str(target))
    assert saved.args == [str(target)]
    assert usage.status.text() == f"Saved 4 answers to {target.name}."
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["Date", "Conversation", "Model"] and len(rows) == 5
    assert {row[1] for row in rows[1:]} == {"发票：十二月"}
    assert usage.export_button.isEnabled()


def test_a_failed_export_says_so_and_can_be_tried_again(
    qtbot: QtBot, usage: UsageWindow, tmp_path: Path
) -> None:
    with qtbot.waitSignal(usage.export_failed, timeout=10000) as failed:
        usage.export_to(str(tmp_path / "missing folder" / "usage.csv"))
    assert "could not be written" in failed.args[0]
    assert usage.status.text() == failed.args[0] and usage.status.property("tone") == "error"
    assert usage.export_button.isEnabled()


def test_without_prices_the_chart_shows_tokens(qtbot: QtBot, vd_home: Path) -> None:
    with HistoryStore.open(app_paths()) as store:
        cid = store.create_conversation("Menus")
        record(store, cid, dt.datetime.now(), 300, 30, None)
    history = HistoryController(app_paths())
    try:
        window = UsageWindow(history, Settings(currency="CNY"))
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.usage_shown, timeout=10000):
            window.show()
        assert not window.chart.shows_cost and window.chart.values[-1] == 330
        assert window.chart_title.text() == "Tokens per day, last 30 days"
        assert window.today.amount.text() == "Cost unknown"
    finally:
        history.close()


def test_a_row_per_conversation_with_its_title(qtbot: QtBot, usage: UsageWindow) -> None:
    usage.tables.setCurrentWidget(usage.conversations)
    table = usage.conversations
    assert table.isVisible() and table.rowCount() == 1
    assert [table.item(0, column).text() for column in range(5)] == [
        "发票：十二月",
        "4",
        "8,400",
        "1,200",
        "$2.50 (1 unknown)",
    ]


def test_a_new_answer_shows_when_the_window_is_refreshed(
    qtbot: QtBot, usage: UsageWindow, history: HistoryController
) -> None:
    def add(store: HistoryStore) -> None:
        record(store, store.create_conversation("Menus"), dt.datetime.now(), 100, 10, 0.25)

    with qtbot.waitCallback() as added:
        history.call(add, added)
    with qtbot.waitSignal(usage.usage_shown, timeout=10000):
        usage.refresh_if_visible()
    assert usage.today.amount.text() == "$2.25" and usage.conversations.item(0, 0).text() == "Menus"
    usage.hide()
    with qtbot.waitSignal(usage.usage_shown, timeout=10000):
        usage.present()  # opened again from the menu: shown with fresh figures
    assert usage.isVisible()
