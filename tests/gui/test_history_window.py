"""The history in the window: the sidebar, reopening and continuing, search, rename, delete with undo, the
draft across restarts, exports, and a hard kill in the middle of a streamed answer."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.conftest import REPO, subprocess_env
from tests.gui.conftest import KEY
from tests.gui.test_main_window import answered, type_and_send, wait_ready
from tests.helpers.images import make_tall_screenshot
from tests.helpers.relay import Reply, ScriptedRelay, completion, stream_reply
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def listed(window: MainWindow, count: int) -> Callable[[], bool]:
    return lambda: window.sidebar is not None and window.sidebar.list.count() == count


def click_conversation(qtbot: QtBot, window: MainWindow, row: int) -> None:
    assert window.sidebar is not None
    item = window.sidebar.list.item(row)
    rect = window.sidebar.list.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_conversations_are_listed_reopened_and_continued(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    relay.push(stream_reply("It is a red square on a grey gradient."))
    type_and_send(qtbot, window, "What is in the receipt photo?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(listed(window, 1), timeout=5000)
    assert "What is in the receipt photo?" in window.sidebar.list.item(0).text()  # type: ignore[union-attr]

    window.new_button.click()
    type_and_send(qtbot, window, "A second conversation")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(listed(window, 2), timeout=5000)
    assert "A second conversation" in window.sidebar.list.item(0).text()  # type: ignore[union-attr]  # newest first

    click_conversation(qtbot, window, 1)
    qtbot.waitUntil(
        lambda: len(window.view.turns) == 1 and "red square" in window.view.turns[0].body.text(), timeout=5000
    )
    assert len(window.view.turns[0].findChildren(type(window.view.turns[0].body), "turnThumbnail")) == 1
    # a follow-up carries the stored turn, image included
    type_and_send(qtbot, window, "And its colour?")
    qtbot.waitUntil(lambda: len(relay.chat_requests) == 3 and not window.controller.busy, timeout=10000)
    messages = relay.chat_requests[-1].json["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[0]["content"][0]["type"] == "image_url" and messages[1]["content"].startswith(
        "It is a red square"
    )
    assert "2,484 tokens" in window.usage_label.text()  # the stored turn's usage plus the new one


def test_search_finds_words_in_answers(qtbot: QtBot, window: MainWindow, relay: ScriptedRelay) -> None:
    relay.push(Reply(200, completion("The invoice total is 1,234 yuan, paid by WeChat.")))
    type_and_send(qtbot, window, "Read this")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    window.new_button.click()
    type_and_send(qtbot, window, "Something else")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(listed(window, 2), timeout=5000)
    qtbot.keyClicks(window.sidebar.search, "wecha")  # type: ignore[union-attr]
    qtbot.waitUntil(listed(window, 1), timeout=5000)
    assert "Read this" in window.sidebar.list.item(0).text()  # type: ignore[union-attr]
    window.sidebar.search.clear()  # type: ignore[union-attr]
    qtbot.waitUntil(listed(window, 2), timeout=5000)


def test_rename_and_delete_with_undo(qtbot: QtBot, window: MainWindow, relay: ScriptedRelay) -> None:
    type_and_send(qtbot, window, "Original title question")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(listed(window, 1), timeout=5000)
    sidebar = window.sidebar
    assert sidebar is not None
    sidebar.rename_requested.emit(sidebar.ids()[0], "Expenses March")
    qtbot.waitUntil(
        lambda: sidebar.list.count() == 1 and sidebar.list.item(0).text().startswith("Expenses March"),
        timeout=5000,
    )

    sidebar.list.setCurrentRow(0)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(listed(window, 0), timeout=5000)
    assert window.view.turns == []  # the open conversation was the deleted one
    undo = window.statusBar().findChild(type(window.new_button), "undoDeleteButton")
    assert undo is not None
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(listed(window, 1), timeout=5000)


def saved_draft(home: Path) -> tuple[str, int] | None:
    """The draft as the history file holds it (prompt, number of images), read as another program would."""
    uri = (home / "data" / "history.sqlite3").as_uri() + "?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
            row = conn.execute("SELECT prompt, images FROM drafts WHERE slot = 'main'").fetchone()
    except sqlite3.OperationalError:  # not created yet
        return None
    return (row[0], len(json.loads(row[1]))) if row else None


def test_the_draft_survives_closing_the_window(
    qtbot: QtBot, make_window: Callable[..., MainWindow], photos: list[Path], vd_home: Path
) -> None:
    window = make_window()
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    qtbot.keyClicks(window.prompt, "half-written question")
    # saved half a second after the last change, with no help from closing the window
    qtbot.waitUntil(lambda: saved_draft(vd_home) == ("half-written question", 1), timeout=5000)
    window.close()
    again = make_window()
    qtbot.waitUntil(lambda: again.prompt.toPlainText() == "half-written question", timeout=5000)
    wait_ready(qtbot, again, 1)
    assert again.tray.items()[0].input.prepared is not None


@pytest.mark.parametrize("how", ["file", "pasted"])
def test_a_picture_cut_into_tiles_comes_back_whole_after_a_restart(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path, vd_home: Path, how: str
) -> None:
    tall = make_tall_screenshot(tmp_path / "settings.png", (600, 4200))
    window = make_window()
    if how == "file":
        window.tray.add_paths([str(tall)])
    else:
        window.tray.add_image(QImage(str(tall)), "Pasted image")
    wait_ready(qtbot, window, 1)
    tiles = window.tray.items()[0].tiles
    assert tiles > 1  # sent as tiles: no one prepared image stands for the picture
    qtbot.keyClicks(window.prompt, "what does this settings page say?")
    qtbot.waitUntil(lambda: saved_draft(vd_home) == ("what does this settings page say?", 1), timeout=5000)
    window.close()
    tall.unlink()  # the draft keeps its own copy: the original file may be gone by the next start

    again = make_window()
    qtbot.waitUntil(lambda: again.prompt.toPlainText() == "what does this settings page say?", timeout=5000)
    wait_ready(qtbot, again, 1)
    (item,) = again.tray.items()
    assert item.input.label == ("settings.png" if how == "file" else "Pasted image")
    assert item.tiles == tiles  # the whole picture, cut again as before, not its first tile


def test_tiles_whose_picture_is_gone_are_kept_each_as_an_image(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path, vd_home: Path
) -> None:
    tall = make_tall_screenshot(tmp_path / "settings.png", (600, 4200))
    window = make_window()
    window.tray.add_paths([str(tall)])
    wait_ready(qtbot, window, 1)
    tiles = window.tray.items()[0].tiles
    tall.unlink()  # moved away after it was added: the draft cannot copy the whole picture
    qtbot.keyClicks(window.prompt, "and now?")
    qtbot.waitUntil(lambda: saved_draft(vd_home) == ("and now?", tiles), timeout=5000)
    window.close()

    again = make_window()
    wait_ready(qtbot, again, tiles)
    assert [i.input.label for i in again.tray.items()] == [
        f"settings.png {n}/{tiles}" for n in range(1, tiles + 1)
    ]


def test_export_a_conversation_as_html(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path], tmp_path: Path
) -> None:
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    type_and_send(qtbot, window, "Export me <b>please</b>")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    presenter = window.history_presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.conversation_id is not None, timeout=5000)
    out = tmp_path / "conversation.html"
    presenter.export_to(presenter.conversation_id, "html", out)  # type: ignore[arg-type]
    qtbot.waitUntil(out.exists, timeout=5000)
    html = out.read_text()
    assert "Export me &lt;b&gt;please&lt;/b&gt;" in html and "data:image/" in html and KEY not in html


CHILD = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from vision_desktop.app import create_window
    window = create_window()
    window.show()
    window.start()
    def pump(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
    pump(0.5)
    window.prompt.setPlainText("What does the contract say about the deadline?")
    window.send()
    while not (window.view.turns and "Article" in window.view.turns[0].stream_view.toPlainText()):
        pump(0.05)
    window.prompt.setPlainText("my next question, half typed")
    pump(1.5)  # the partial answer and the draft are saved within half a second each
    print("ready", flush=True)
    pump(60)
    """
)


@pytest.mark.slow
def test_kill_9_during_a_streamed_answer_loses_nothing(
    qtbot: QtBot, make_window: Callable[..., MainWindow], relay: ScriptedRelay, vd_home: Path
) -> None:
    relay.push(
        stream_reply(
            "Article 7 says the deadline is the 30th of June, unless both parties agree otherwise.",
            chunk_delay=0.4,
        )
    )
    env = subprocess_env(
        VISION_DESKTOP_HOME=str(vd_home),
        VISION_DESKTOP_BASE_URL=relay.base_url,
        VISION_DESKTOP_API_KEY=KEY,
        QT_QPA_PLATFORM="offscreen",
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], env=env, cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.prompt.toPlainText() == "my next question, half typed", timeout=8000)
    qtbot.waitUntil(lambda: len(window.view.turns) == 1, timeout=8000)
    turn = window.view.turns[0]
    assert (
        "What does the contract say about the deadline?"
        in turn.question.findChild(type(turn.body), "questionText").text()
    )
    assert "Article 7" in turn.body.text() and "interrupted" in turn.notice.text()
    assert "30th of June, unless" not in turn.body.text()  # only what had arrived before the kill


def test_a_long_conversation_near_the_upload_limits_is_warned_about(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    from tests.helpers.factories import tiny_attachment
    from vision_desktop.core.models import ChatResult, Message, Turn, Usage

    answer = ChatResult("x", "m", "ok", "stop", Usage(1, 1, 2))
    for i in range(9):  # 9 earlier turns of 10 images each: 90 of the 100 images a request may carry
        images = tuple(tiny_attachment(source=f"p{i}-{j}.png") for j in range(10))
        window.conversation.turns.append(Turn(Message("user", f"batch {i}", images), answer))
    type_and_send(qtbot, window, "One more question")
    turn = window.view.turns[-1]
    assert "near the upload limit" in turn.notice.text() and "90 of 100 images" in turn.notice.text()
    qtbot.waitUntil(answered(window, 10), timeout=10000)
    assert len(relay.chat_requests[-1].json["messages"]) == 19


def test_two_questions_before_the_history_catches_up_stay_one_conversation(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    presenter = window.history_presenter
    assert presenter is not None
    import threading

    gate = threading.Event()
    presenter.history.call(lambda store: gate.wait(10))  # the history thread is busy (say, the daily backup)
    type_and_send(qtbot, window, "First question")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    type_and_send(qtbot, window, "Second question")
    qtbot.waitUntil(answered(window, 2), timeout=10000)
    assert presenter.conversation_id is None  # the store has not even seen the first question yet
    gate.set()
    qtbot.waitUntil(lambda: listed(window, 1)() and presenter.conversation_id is not None, timeout=5000)
    assert "2 question(s)" in window.sidebar.list.item(0).toolTip()  # type: ignore[union-attr]
