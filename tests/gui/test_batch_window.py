"""The batch window driven like a user against the scripted relay: drop a folder, type a question, Start, watch
the table fill in; Pause and Resume; Stop; run the failed rows again; fix a cell by hand; export; fields."""

from __future__ import annotations

import csv
import gc
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from tests.gui.conftest import KEY
from tests.gui.test_main_window import drop_files
from tests.helpers.pdfs import make_pdf
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body
from vision_desktop.batch.state import BatchState
from vision_desktop.chat.connection import resolve_connection
from vision_desktop.storage.secrets import MemorySecretStore
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.batch_window import BatchRowWindow, BatchWindow
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

COLOURS = ("red", "green", "blue", "yellow", "purple", "orange")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "receipts"
    out.mkdir()
    for i, colour in enumerate(COLOURS):
        Image.new("RGB", (64 + i, 48), colour).save(out / f"receipt{i}.png")
    return out


@pytest.fixture
def make_batch(qtbot: QtBot, relay: ScriptedRelay, tmp_path: Path) -> Iterator[Callable[..., BatchWindow]]:
    windows: list[BatchWindow] = []

    def make(history: object = None, **changes: object) -> BatchWindow:
        settings = Settings(provider="custom", **changes)  # type: ignore[arg-type]
        env = {"VISION_DESKTOP_BASE_URL": relay.base_url, "VISION_DESKTOP_API_KEY": KEY}
        store = MemorySecretStore()
        window = BatchWindow(
            settings,
            connect=lambda: resolve_connection(settings, store, env=env),
            batches_dir=tmp_path / "batches",
            history=history,  # type: ignore[arg-type]
        )
        window.show()  # closed below when still open (closing deletes it: not qtbot.addWidget)
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if isValid(window):
            window.close()
    gc.collect()  # a socket left open by a cancelled request is reported by this test, not a later one


def add_folder(qtbot: QtBot, window: BatchWindow, folder: Path, count: int = len(COLOURS)) -> None:
    drop_files(qtbot, window, [folder])
    qtbot.waitUntil(lambda: len(window.sources) == count and not window.reading, timeout=10000)


def start(qtbot: QtBot, window: BatchWindow, question: str) -> None:
    window.question.setFocus()
    qtbot.keyClicks(window.question, question)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)


def cell(window: BatchWindow, row: int, key: str) -> str:
    model = window.model
    return str(model.data(model.index(row, model.column_of(key))) or "")


def test_a_folder_is_asked_about_and_the_table_fills_in(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    assert "6 pictures" in window.sources_label.text()
    assert window.model.rowCount() == 6  # shown before Start, each waiting
    assert {cell(window, r, "status") for r in range(6)} == {"Waiting"}

    window.question.setFocus()
    qtbot.keyClicks(window.question, "What is the total?")
    flight = window.flight_label.text()
    assert "tokens to send for 6 pictures" in flight, flight

    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert [cell(window, r, "status") for r in range(6)] == ["Done"] * 6
    answers = [cell(window, r, "field:answer") for r in range(6)]
    assert answers == ["I see 1 image(s). You asked: What is the total?"] * 6
    assert [cell(window, r, "source") for r in range(6)] == [f"receipt{i}.png" for i in range(6)]
    assert cell(window, 0, "tokens") == "1,242"
    assert len(relay.chat_requests) == 6  # each picture once
    assert "6 of 6 done" in window.progress_label.text()
    assert window.progress_bar.value() == 6
    assert "every picture has its answer" in window.status_label.text()
    assert window.start_button.isEnabled() and not window.stop_button.isEnabled()
    # the thumbnails of the rows on screen were made off the GUI thread
    qtbot.waitUntil(lambda: window.model.thumbnail(0) is not None, timeout=10000)
    assert window.model.thumbnail(0).width() == 64  # type: ignore[union-attr]
    # every answer was saved as it came
    assert window.state_path is not None
    with BatchState.open(window.state_path) as state:
        assert [r.status for r in state.rows()] == ["done"] * 6


def test_pause_sends_nothing_new_and_resume_finishes(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    window.concurrency.setValue(1)
    relay.push(Reply(body=completion("first"), delay=0.5))
    start(qtbot, window, "Total?")
    relay.wait_for_requests(1, timeout=30)
    qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    assert window.pause_button.text() == "Resume"
    assert "Paused" in window.status_label.text()
    # the answer on its way is still saved; no other picture goes out meanwhile
    qtbot.waitUntil(lambda: cell(window, 0, "status") == "Done", timeout=10000)
    assert cell(window, 0, "field:answer") == "first"
    assert len(relay.chat_requests) == 1
    assert window.controller.running

    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    assert window.pause_button.text() == "Pause"
    assert [cell(window, r, "status") for r in range(6)] == ["Done"] * 6
    assert len(relay.chat_requests) == 6


def test_stop_keeps_what_was_answered_and_the_batch_continues_later(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    window.concurrency.setValue(1)
    relay.push(Reply(body=completion("one")), Reply(body=completion("slow"), delay=5))
    start(qtbot, window, "Total?")
    qtbot.waitUntil(lambda: cell(window, 0, "status") == "Done", timeout=10000)
    relay.wait_for_requests(2, timeout=30)
    with qtbot.waitSignal(window.batch_finished, timeout=10000) as finished:
        qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    assert finished.args is not None and finished.args[0].stopped
    statuses = [cell(window, r, "status") for r in range(6)]
    assert statuses == ["Done"] + ["Waiting"] * 5
    assert "Stopped" in window.status_label.text()
    assert window.start_button.isEnabled() and not window.pause_button.isEnabled()
    assert window.start_button.text() == "Continue"
    assert "for 5 pictures" in window.flight_label.text()  # only what is left is counted
    saved = window.state_path
    assert saved is not None
    window.close()

    # the batch kept on disk opens again, as it was, and goes on without asking again for what was answered
    again = make_batch()
    again.open_batch(saved)
    qtbot.waitUntil(lambda: again.model.rowCount() == 6 and not again.reading, timeout=10000)
    assert again.question.toPlainText() == "Total?"
    assert cell(again, 0, "field:answer") == "one"
    assert again.start_button.text() == "Continue"
    with qtbot.waitSignal(again.batch_finished, timeout=30000):
        qtbot.mouseClick(again.start_button, Qt.MouseButton.LeftButton)
    assert [cell(again, r, "status") for r in range(6)] == ["Done"] * 6
    assert cell(again, 0, "field:answer") == "one"
    assert len(relay.chat_requests) == 2 + 5  # the stopped request, then only the five left
    assert again.start_button.text() == "Start"


def test_failed_rows_run_again(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    window.concurrency.setValue(1)
    refused = error_body("The image could not be processed.", type_="invalid_request_error")
    relay.push(Reply(status=400, body=refused))
    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        start(qtbot, window, "Total?")
    assert cell(window, 0, "status") == "Failed"
    tip = window.model.data(
        window.model.index(0, window.model.column_of("status")), Qt.ItemDataRole.ToolTipRole
    )
    assert tip, "a failed row says why when pointed at"
    assert "failed" in window.status_label.text()
    assert window.rerun_button.isEnabled()
    sent = len(relay.chat_requests)

    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        qtbot.mouseClick(window.rerun_button, Qt.MouseButton.LeftButton)
    assert [cell(window, r, "status") for r in range(6)] == ["Done"] * 6
    assert len(relay.chat_requests) == sent + 1  # only the failed row went again
    assert not window.rerun_button.isEnabled()


def test_a_cell_fixed_by_hand_is_saved_and_exported(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path, tmp_path: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        start(qtbot, window, "Total?")

    index = window.model.index(2, window.model.column_of("field:answer"))
    window.table.setCurrentIndex(index)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Total 12.50 (checked)")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits it on its next turn of the event loop
    qtbot.waitUntil(lambda: cell(window, 2, "field:answer") == "Total 12.50 (checked)")
    assert window.state_path is not None
    state_path = window.state_path

    def saved() -> bool:
        with BatchState.open(state_path) as state:
            return state.row(2).answer == "Total 12.50 (checked)"

    qtbot.waitUntil(saved, timeout=10000)

    out = tmp_path / "out" / "results.csv"
    with qtbot.waitSignal(window.exported, timeout=10000):
        window.export_to(out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheet programs read UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["source"] for r in rows] == [str(folder / f"receipt{i}.png") for i in range(6)]
    assert rows[2]["answer"] == "Total 12.50 (checked)"
    assert rows[0]["answer"] == "I see 1 image(s). You asked: Total?"
    assert {r["status"] for r in rows} == {"done"}
    assert "Saved" in window.status_label.text()

    jsonl = tmp_path / "results.jsonl"
    with qtbot.waitSignal(window.exported, timeout=10000):
        window.export_to(jsonl)
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6

    bad = tmp_path / "results.txt"
    with qtbot.waitSignal(window.export_failed, timeout=10000) as failed:
        window.export_to(bad)
    assert failed.args is not None and ".csv" in failed.args[0]


def test_fields_get_a_column_each(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    window.fields_edit.setFocus()
    qtbot.keyClicks(window.fields_edit, "vendor:text, total:number")
    assert [f.name for f in window.fields] == ["vendor", "total"]
    headers = [
        window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(window.model.columnCount())
    ]
    assert headers == ["", "File", "Status", "vendor", "total", "Tokens", "Cost", "Time"]
    # the small editor shows the same fields
    assert window.fields_editor.table.rowCount() == 2
    answer = json.dumps({"vendor": "ACME 商店", "total": "$1,234.50"}, ensure_ascii=False)
    relay.push(*(Reply(body=completion(f"```json\n{answer}\n```")) for _ in range(6)))
    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        start(qtbot, window, "Read the receipt.")
    assert [cell(window, r, "field:vendor") for r in range(6)] == ["ACME 商店"] * 6
    assert [cell(window, r, "field:total") for r in range(6)] == ["1234.5"] * 6
    question = relay.chat_requests[0].json["messages"][-1]["content"]
    text = " ".join(p.get("text", "") for p in question) if isinstance(question, list) else question
    assert '"vendor"' in text and '"total"' in text


def test_a_wrong_field_list_is_said_before_start(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    qtbot.keyClicks(window.fields_edit, "total:money")
    assert "total" in window.flight_label.text() and "number" in window.flight_label.text()
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert not window.controller.running


def test_a_row_opens_large_with_its_full_answer(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    relay.push(Reply(body=completion("Line one\nLine two of a long answer")))
    window.concurrency.setValue(1)
    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        start(qtbot, window, "Describe it.")
    assert cell(window, 0, "field:answer") == "Line one Line two of a long answer"  # one line in the table
    rect = window.table.visualRect(window.model.index(0, window.model.column_of("source")))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, BatchRowWindow) and w.isVisible()]
    assert len(shown) == 1
    row_window = shown[0]
    qtbot.addWidget(row_window)
    assert row_window.answer.toPlainText() == "Line one\nLine two of a long answer"
    assert row_window.windowTitle() == "receipt0.png"
    qtbot.waitUntil(lambda: row_window.picture_loaded, timeout=10000)
    assert row_window.image is not None and row_window.image.width() == 64  # the picture itself, not enlarged
    assert row_window.picture.pixmap() is not None and not row_window.picture.pixmap().isNull()


def test_the_window_fits_a_small_screen(make_batch: Callable[..., BatchWindow]) -> None:
    window = make_batch()
    area = window.screen().availableGeometry()
    assert window.frameGeometry().width() <= area.width()
    assert window.frameGeometry().height() <= area.height()


def test_closing_the_window_mid_run_stops_the_batch(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    relay.push(*(Reply(body=completion("slow"), delay=10) for _ in range(6)))
    start(qtbot, window, "Total?")
    relay.wait_for_requests(4, timeout=30)  # four at once (the default), each waiting for its answer
    assert window.controller.running
    saved = window.state_path
    window.close()  # the requests in flight are cancelled; no batch thread is left running (conftest checks)
    qtbot.waitUntil(lambda: not isValid(window))
    assert saved is not None
    with BatchState.open(saved) as state:
        assert {r.status for r in state.rows()} == {"pending"}  # nothing half-saved: the batch can continue


class _Spent:
    """This month's spending, as the history controller reports it (at once)."""

    def __init__(self, amount: float) -> None:
        self.amount = amount

    def spent_this_month(
        self, currency: str, on_done: Callable[[float], None], on_error: Callable[[BaseException], None]
    ) -> None:
        on_done(self.amount)


def test_the_flight_check_warns_before_a_batch_passes_the_monthly_budget(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], folder: Path
) -> None:
    window = make_batch(history=_Spent(0.9999), monthly_budget=1.0)
    add_folder(qtbot, window, folder)
    qtbot.keyClicks(window.question, "What is the total?")
    line = window.flight_label.text()
    assert "tokens to send for 6 pictures" in line and "monthly budget" in line, line
    assert window.flight_label.property("tone") == "error"
    assert window.start_button.isEnabled()  # the budget warns, it does not block

    calm = make_batch(history=_Spent(0.0), monthly_budget=100.0)
    add_folder(qtbot, calm, folder)
    assert "budget" not in calm.flight_label.text()


def test_fields_can_be_listed_in_the_small_editor(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], folder: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    qtbot.mouseClick(window.fields_editor_button, Qt.MouseButton.LeftButton)
    editor = window.fields_editor
    assert editor.isVisible()
    for name, kind in (("vendor", "Text"), ("total", "Number")):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
        line = QApplication.focusWidget()
        assert isinstance(line, QLineEdit)  # the new row's name, ready to type
        qtbot.keyClicks(line, name)
        qtbot.keyClick(line, Qt.Key.Key_Return)
        row = editor.table.rowCount() - 1
        qtbot.waitUntil(lambda row=row, name=name: editor.table.item(row, 0).text() == name)  # type: ignore[misc, union-attr]
        combo = editor.table.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findText(kind))
    assert window.fields_edit.text() == "vendor:text, total:number"
    assert [f.type for f in window.fields] == ["text", "number"]
    assert window.model.fields == ("vendor", "total")  # the table has a column for each already


def test_pdf_pages_are_rows_of_their_own(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, tmp_path: Path
) -> None:
    files = tmp_path / "mixed"
    files.mkdir()
    Image.new("RGB", (80, 60), "red").save(files / "a-photo.jpg")
    (files / "b-report.pdf").write_bytes(make_pdf(2))
    window = make_batch()
    drop_files(qtbot, window, [files / "a-photo.jpg", files / "b-report.pdf"])
    qtbot.waitUntil(lambda: len(window.sources) == 3 and not window.reading, timeout=10000)
    assert window.sources_label.text().startswith("1 picture and 2 PDF pages")
    assert [cell(window, r, "source") for r in range(3)] == [
        "a-photo.jpg",
        "b-report.pdf, page 1",
        "b-report.pdf, page 2",
    ]
    qtbot.waitUntil(lambda: window.model.thumbnail(2) is not None, timeout=10000)  # a page drawn small
    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        start(qtbot, window, "What does it say?")
    assert [cell(window, r, "status") for r in range(3)] == ["Done"] * 3
    assert len(relay.chat_requests) == 3


def test_the_main_window_opens_a_batch_from_its_menu_and_from_a_dropped_folder(
    qtbot: QtBot, window: MainWindow, folder: Path
) -> None:
    def batch_windows() -> list[BatchWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, BatchWindow) and w.isVisible()]

    action = next(a for m in window.menuBar().actions() for a in m.menu().actions() if "batch" in a.text())
    action.trigger()
    qtbot.waitUntil(lambda: len(batch_windows()) == 1)
    batch_windows()[0].close()

    drop_files(qtbot, window, [folder])
    qtbot.waitUntil(lambda: len(batch_windows()) == 1)
    batch = batch_windows()[0]
    qtbot.waitUntil(lambda: len(batch.sources) == len(COLOURS) and not batch.reading, timeout=10000)
    with qtbot.waitSignal(batch.batch_finished, timeout=30000):
        start(qtbot, batch, "Total?")
    assert batch.model.count("done") == len(COLOURS)
    # closing the main window closes the batch window with it (no thread left: conftest checks)


def test_export_asks_where_without_blocking_and_writes_xlsx(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], relay: ScriptedRelay, folder: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    window = make_batch()
    add_folder(qtbot, window, folder)
    qtbot.keyClicks(window.fields_edit, "total:number")
    relay.push(*(Reply(body=completion('{"total": "1.234,50 €"}')) for _ in range(6)))
    with qtbot.waitSignal(window.batch_finished, timeout=30000):
        start(qtbot, window, "Total?")
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(QFileDialog, "batchExportDialog")
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    # open(), not exec(): only the batch window waits for it; the main window stays usable
    assert dialog.windowModality() != Qt.WindowModality.ApplicationModal
    dialog.selectNameFilter(next(f for f in dialog.nameFilters() if "xlsx" in f))
    target = tmp_path / "receipts"  # no ending typed: the chosen kind's is added
    with qtbot.waitSignal(window.exported, timeout=10000):
        dialog.fileSelected.emit(str(target))
    book = load_workbook(tmp_path / "receipts.xlsx")
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("source", "total", "status")
    assert [r[1] for r in rows[1:]] == [1234.5] * 6


def test_a_path_that_is_gone_is_said_and_the_pictures_stay(
    qtbot: QtBot, make_batch: Callable[..., BatchWindow], folder: Path, tmp_path: Path
) -> None:
    window = make_batch()
    add_folder(qtbot, window, folder)
    window.add_paths([tmp_path / "gone"])
    qtbot.waitUntil(lambda: not window.reading, timeout=10000)
    assert "was not found" in window.flight_label.text()
    assert len(window.sources) == len(COLOURS)
    assert window.sources_label.text() == "6 pictures from receipts"
