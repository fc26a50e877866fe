"""What the window adds around a question, driven like a user: the flight check under the images, images prepared
again for a new model, PDFs dropped as pages, the batch and usage windows from the menus, costs kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import answered, drop_files, wait_ready
from tests.helpers.pdfs import make_pdf
from tests.helpers.relay import Reply, ScriptedRelay, completion
from vision_desktop.core.profiles import profile_for
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_the_flight_check_shows_under_the_images_and_its_estimate_is_kept_with_the_answer(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path], vd_home: Path
) -> None:
    drop_files(qtbot, window.tray, photos[:1])
    wait_ready(qtbot, window, 1)
    window.prompt.setFocus()
    qtbot.keyClicks(window.prompt, "What is the total?")
    flight = window.flight_line
    assert flight is not None
    qtbot.waitUntil(lambda: flight.isVisible() and "token" in flight.line.text(), timeout=5000)
    assert (
        "1 image" in flight.line.text() and "$" in flight.line.text()
    )  # the list price of the default model
    assert not flight.blocks_sending()
    plan = flight.plan()
    assert plan is not None and plan.estimated_prompt_tokens > 1000

    relay.push(Reply(200, completion("12.50", usage={"prompt_tokens": 1600, "completion_tokens": 4})))
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(lambda: "Estimate" in window.statusBar().currentMessage(), timeout=5000)
    assert "reported 1,600" in window.statusBar().currentMessage()

    paths = app_paths({"VISION_DESKTOP_HOME": str(vd_home)})

    def kept() -> bool:
        with HistoryStore.open(paths) as store:
            turns = store.load_conversation(store.list_conversations()[0].id).turns
        return bool(turns) and turns[0].cost is not None

    qtbot.waitUntil(kept, timeout=10000)
    with HistoryStore.open(paths) as store:
        [turn] = store.load_conversation(store.list_conversations()[0].id).turns
    assert turn.estimated_prompt_tokens == plan.estimated_prompt_tokens
    assert turn.cost == pytest.approx((1600 * 3.0 + 4 * 15.0) / 1_000_000)


def test_images_are_prepared_again_when_the_model_changes(
    qtbot: QtBot, window: MainWindow, photos: list[Path]
) -> None:
    drop_files(qtbot, window.tray, photos[:1])
    wait_ready(qtbot, window, 1)
    before = window.tray.items()[0].input.prepared
    assert before is not None and max(before.width, before.height) <= 1568

    window.model_combo.setCurrentText("gpt-4o")
    qtbot.waitUntil(lambda: window.tray.profile() == profile_for("gpt-4o"), timeout=5000)
    wait_ready(qtbot, window, 1)
    after = window.tray.items()[0].input.prepared
    assert after is not None and min(after.width, after.height) == 768  # a tile model's short side


def test_a_dropped_pdf_becomes_its_pages(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf(3))
    drop_files(qtbot, window, [pdf])
    wait_ready(qtbot, window, 3)
    names = [item.input.label for item in window.tray.items()]
    assert names == ["report.pdf, page 1", "report.pdf, page 2", "report.pdf, page 3"]
    assert all(item.ready for item in window.tray.items())


def test_a_dropped_till_receipt_is_one_chip_cut_into_tiles_showing_the_whole_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(make_pdf(["Till receipt"], size=(226, 2950), body_lines=240))  # 80 mm × 1 m
    drop_files(qtbot, window, [pdf])
    wait_ready(qtbot, window, 1)
    (item,) = window.tray.items()
    assert item.input.label == "receipt.pdf, page 1" and item.tiles > 1
    thumbnail = item.thumbnail
    assert thumbnail is not None
    assert thumbnail.height() > 8 * thumbnail.width()  # the whole long page, not its first tile


def test_a_long_pdf_asks_which_pages(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from vision_desktop.ui.dialogs.pdf_pages import PdfPagesDialog

    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(make_pdf(12))
    drop_files(qtbot, window, [pdf])
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfPagesDialog)), timeout=10000)
    [dialog] = window.findChildren(PdfPagesDialog)
    dialog.pages_chosen.emit([2, 7])
    wait_ready(qtbot, window, 2)
    assert [item.input.label for item in window.tray.items()] == [
        "minutes.pdf, page 2",
        "minutes.pdf, page 7",
    ]
    dialog.close()


def test_new_batch_and_usage_open_from_the_menus(qtbot: QtBot, window: MainWindow) -> None:
    from vision_desktop.ui.dialogs.batch_window import BatchWindow
    from vision_desktop.ui.dialogs.usage_window import UsageWindow

    actions = {
        a.text().replace("&", ""): a
        for m in window.menuBar().actions()
        if m.menu()
        for a in m.menu().actions()
    }
    actions["New batch…"].trigger()
    qtbot.waitUntil(
        lambda: any(isinstance(w, BatchWindow) and w.isVisible() for w in QApplication.topLevelWidgets()),
        timeout=5000,
    )
    actions["Usage and costs…"].trigger()
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(UsageWindow)), timeout=5000)
    window.close()  # closes the batch window with it (its thread stops first)
    assert not any(isinstance(w, BatchWindow) and w.isVisible() for w in QApplication.topLevelWidgets())
