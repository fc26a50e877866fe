"""The window and bad local state: a damaged history, a history that cannot be saved, a home folder that cannot be
created, and a key echoed back by the relay (never in Details, the log or the history).

The tests run as root, which ignores ``chmod``: a read-only history is made with ``PRAGMA query_only`` on the
store's own connection (SQLite's real SQLITE_READONLY), a locked one with a second real connection holding the
write lock (and a short busy timeout). Every message box is non-modal and found as a widget: nothing blocks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import answered, type_and_send
from tests.helpers.hostile_relay import HostileRelay
from tests.helpers.relay import Reply, ScriptedRelay, error_body
from vision_desktop import app as app_module
from vision_desktop.app import create_window, open_main_window
from vision_desktop.core.models import ChatOptions, Message
from vision_desktop.storage.history import DB_FILENAME, HistoryStore
from vision_desktop.storage.paths import app_paths
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

KEY = "vd-window-secret-Pq72Lm18Zx90Ns35"
"""Not shaped like an ``sk-`` key: only the registered secret can redact it."""


def history_of(window: MainWindow) -> Any:
    assert window.history_presenter is not None
    return window.history_presenter.history


def opened(window: MainWindow) -> Callable[[], bool]:
    return lambda: history_of(window).store_for_worker() is not None


def make_history(home: Path, count: int, *, backup: bool = True) -> Path:
    paths = app_paths({"VISION_DESKTOP_HOME": str(home)}).ensure()
    with HistoryStore.open(paths) as store:
        for i in range(count):
            cid = store.create_conversation(f"Old conversation {i}")
            store.start_turn(cid, Message("user", f"old question {i}"), ChatOptions(model="m"))
        if backup:
            store.backup()
    return paths.data_dir / DB_FILENAME


@pytest.fixture
def windows(qtbot: QtBot, relay: ScriptedRelay, vd_home: Path) -> Iterator[Callable[..., MainWindow]]:
    made: list[MainWindow] = []

    def make(base_url: str | None = None) -> MainWindow:
        env = {
            "VISION_DESKTOP_HOME": str(vd_home),
            "VISION_DESKTOP_BASE_URL": base_url or relay.base_url,
            "VISION_DESKTOP_API_KEY": KEY,
        }
        window = create_window(env=env)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


# ------------------------------------------------------------------------------------ a damaged history
def test_a_damaged_history_is_set_aside_told_once_and_the_backup_restored(
    qtbot: QtBot, windows: Callable[..., MainWindow], vd_home: Path
) -> None:
    db = make_history(vd_home, 3)
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])  # cut in half

    window = windows()
    presenter = window.history_presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.damaged_message is not None, timeout=5000)
    box: QMessageBox = presenter.damaged_message
    assert box.objectName() == "historyDamagedMessage" and box.isVisible() and not box.isModal()
    moved = list(db.parent.glob("history-damaged-*.sqlite3"))
    assert len(moved) == 1
    assert "set aside" in box.text() and str(moved[0]) in box.text()
    assert "database disk image is malformed" in box.detailedText() or "quick_check" in box.detailedText()
    restore = box.findChild(QPushButton, "historyDamagedMessageAction")
    assert restore is not None and restore.text() == "Restore the latest backup"

    restore.click()
    sidebar = window.sidebar
    assert sidebar is not None
    qtbot.waitUntil(lambda: sidebar.list.count() == 3, timeout=5000)
    window.close()

    again = windows()
    qtbot.waitUntil(lambda: again.sidebar is not None and again.sidebar.list.count() == 3, timeout=5000)
    assert again.history_presenter is not None and again.history_presenter.damaged_message is None  # once
    assert not [w for w in again.findChildren(QMessageBox) if w.objectName() == "historyDamagedMessage"]


def test_a_history_overwritten_with_junk_and_no_backup(
    qtbot: QtBot, windows: Callable[..., MainWindow], vd_home: Path
) -> None:
    db = make_history(vd_home, 2, backup=False)
    db.write_bytes(b"junk" * 4096)
    window = windows()
    presenter = window.history_presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.damaged_message is not None, timeout=5000)
    box = presenter.damaged_message
    assert "There is no backup to restore." in box.text()
    assert box.findChild(QPushButton, "historyDamagedMessageAction") is None
    type_and_send(qtbot, window, "Does the new history work?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(lambda: window.sidebar is not None and window.sidebar.list.count() == 1, timeout=5000)
    assert not window.save_notice.isVisible()


# ------------------------------------------------------------------------------------ cannot save
def test_a_locked_history_shows_a_lasting_notice_until_saving_works(
    qtbot: QtBot, windows: Callable[..., MainWindow], vd_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HistoryStore, "busy_timeout", 0.3)
    db = make_history(vd_home, 1)
    window = windows()
    qtbot.waitUntil(opened(window), timeout=5000)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        type_and_send(qtbot, window, "Saved while locked?")
        qtbot.waitUntil(answered(window, 1), timeout=10000)
        assert "You asked: Saved while locked?" in window.view.turns[0].body.text()  # the answer is shown
        qtbot.waitUntil(window.save_notice.isVisible, timeout=5000)
        assert "not being saved" in window.save_notice.text()
        assert "locked" in window.save_notice.text()
        window.statusBar().clearMessage()
        assert window.save_notice.isVisible()  # lasting: not a status message
    finally:
        other.execute("ROLLBACK")
        other.close()
    type_and_send(qtbot, window, "And now?")
    qtbot.waitUntil(answered(window, 2), timeout=10000)
    qtbot.waitUntil(lambda: not window.save_notice.isVisible(), timeout=5000)
    assert window.save_notice.text() == ""


def test_a_read_only_history_shows_the_notice_and_keeps_the_turn_when_it_recovers(
    qtbot: QtBot, windows: Callable[..., MainWindow]
) -> None:
    window = windows()
    qtbot.waitUntil(opened(window), timeout=5000)
    store = history_of(window).store_for_worker()
    with store._lock:
        store._db.execute("PRAGMA query_only = 1")
    type_and_send(qtbot, window, "Read-only?")
    qtbot.waitUntil(window.save_notice.isVisible, timeout=5000)
    assert "read-only" in window.save_notice.text()
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert "You asked: Read-only?" in window.view.turns[0].body.text()

    with store._lock:
        store._db.execute("PRAGMA query_only = 0")
    type_and_send(qtbot, window, "Writable again?")
    qtbot.waitUntil(answered(window, 2), timeout=10000)
    qtbot.waitUntil(lambda: not window.save_notice.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: window.sidebar is not None and window.sidebar.list.count() == 1, timeout=5000)


def test_a_history_that_cannot_be_opened_shows_the_notice(
    qtbot: QtBot, windows: Callable[..., MainWindow], vd_home: Path
) -> None:
    (vd_home / "data" / DB_FILENAME).mkdir(parents=True)  # SQLite cannot open a folder
    window = windows()
    qtbot.waitUntil(window.save_notice.isVisible, timeout=5000)
    assert "cannot be opened or written" in window.save_notice.text()
    type_and_send(qtbot, window, "Still answered?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert window.save_notice.isVisible()


# ------------------------------------------------------------------------------------ the home folder
def test_a_home_below_a_file_is_a_message_box_not_a_crash(qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file")
    result = open_main_window(env={"VISION_DESKTOP_HOME": str(blocker / "home")})
    assert isinstance(result, QMessageBox)
    qtbot.addWidget(result)
    qtbot.waitUntil(result.isVisible, timeout=5000)
    assert result.objectName() == "startupError" and not result.isModal()
    assert result.text().startswith("Vision Desktop cannot create its folder")
    assert "is a file, not a folder" in result.text() and "\n" not in result.text()
    assert "Traceback" not in result.detailedText()
    result.close()


# ------------------------------------------------------------------------------------ the key, echoed
def test_an_echoed_key_is_never_in_details_the_log_or_the_history(
    qtbot: QtBot, windows: Callable[..., MainWindow], hostile_relay: HostileRelay, vd_home: Path
) -> None:
    def behave(payload: dict[str, Any]) -> Reply:
        auth = hostile_relay.requests[-1].headers.get("authorization", "")
        key = auth.removeprefix("Bearer ")
        return Reply(401, error_body(f"Invalid token {key}, header {auth!r}", type_="invalid_request_error"))

    model = hostile_relay.behave("echo-auth", behave)
    window = windows(hostile_relay.base_url)
    window.model_combo.setCurrentText(model)
    type_and_send(qtbot, window, "Who am I?")
    qtbot.waitUntil(lambda: bool(window.view.turns and window.view.turns[0].details.text()), timeout=10000)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=10000)
    turn = window.view.turns[0]
    assert hostile_relay.chat_requests[-1].headers["authorization"] == f"Bearer {KEY}"
    assert "[redacted]" in turn.details.text()
    assert KEY not in turn.details.text() and KEY not in turn.body.text()
    qtbot.waitUntil(lambda: window.sidebar is not None and window.sidebar.list.count() == 1, timeout=5000)
    window.close()
    for path in vd_home.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), f"key found in {path}"


def test_the_crash_hook_redacts(qtbot: QtBot, vd_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vision_desktop.logs import register_secret, setup_logging

    register_secret(KEY)
    try:
        raise RuntimeError(f"a slot crashed holding {KEY}")
    except RuntimeError as exc:
        crash = exc
    log_file = vd_home / "logs" / "crash.log"
    setup_logging(log_file)
    app_module._excepthook(RuntimeError, crash, crash.__traceback__)
    text = log_file.read_text()
    assert "a slot crashed holding [redacted]" in text and "Traceback" in text and KEY not in text

    setup_logging(None)  # before logging is set up (only a null handler): the report goes to stderr
    app_module._excepthook(RuntimeError, crash, crash.__traceback__)
    err = capsys.readouterr().err
    assert "a slot crashed holding [redacted]" in err and KEY not in err
