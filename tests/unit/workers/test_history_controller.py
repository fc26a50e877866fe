"""The HistoryController on its own: calls run on its thread, in order, results come back on the GUI thread; a
store failure arrives as a HistoryError; after close nothing runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from vision_desktop.core.errors import HistoryError
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths
from vision_desktop.workers.history_controller import HistoryController


@pytest.fixture
def history(vd_home: Path) -> Iterator[HistoryController]:
    controller = HistoryController(app_paths({"VISION_DESKTOP_HOME": str(vd_home)}).ensure())
    yield controller
    controller.close()


def test_calls_run_in_order_on_the_history_thread_and_answer_on_the_gui_thread(
    qtbot: QtBot, history: HistoryController
) -> None:
    gui = threading.get_ident()
    ran: list[tuple[str, int]] = []
    answered: list[tuple[Any, int]] = []

    def step(name: str) -> Any:
        def work(store: HistoryStore) -> str:
            ran.append((name, threading.get_ident()))
            return name

        return work

    for name in ("first", "second", "third"):
        history.call(step(name), lambda result: answered.append((result, threading.get_ident())))
    qtbot.waitUntil(lambda: len(answered) == 3, timeout=5000)
    assert [name for name, _ in ran] == ["first", "second", "third"]
    assert all(thread != gui for _, thread in ran)
    assert answered == [("first", gui), ("second", gui), ("third", gui)]
    assert history.store_for_worker() is not None and history.available


def test_a_store_failure_arrives_as_a_history_error(qtbot: QtBot, history: HistoryController) -> None:
    import sqlite3

    def broken(store: HistoryStore) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    with qtbot.waitCallback() as failed:
        history.call(broken, on_error=failed)
    assert isinstance(failed.args[0], HistoryError)


def test_the_list_is_refreshed_through_a_signal(qtbot: QtBot, history: HistoryController) -> None:
    with qtbot.waitCallback() as created:
        history.call(lambda store: store.create_conversation("Receipts"), created)
    with qtbot.waitSignal(history.conversations_listed, timeout=5000) as listed:
        history.refresh_list()
    assert [c.title for c in listed.args[0]] == ["Receipts"]


def test_nothing_runs_after_close(qtbot: QtBot, history: HistoryController) -> None:
    with qtbot.waitCallback() as opened:
        history.call(lambda store: True, opened)
    history.close()
    called: list[object] = []
    history.call(lambda store: called.append("ran"), called.append)
    assert called == [] and history.store_for_worker() is None
