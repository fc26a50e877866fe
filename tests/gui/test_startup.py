"""Start-up: the window paints its first frame before the conversation machinery (the session, its request thread,
the history and session presenters) and the log file exist; a moment later everything works as before, and
nothing said or typed in between is lost."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import KEY
from tests.helpers.relay import Reply, ScriptedRelay, completion
from vision_desktop.app import create_window
from vision_desktop.storage.paths import app_paths
from vision_desktop.workers.chat_controller import ChatController
from vision_desktop.workers.conversation_session import ConversationSession

pytestmark = pytest.mark.gui


def _env(relay: ScriptedRelay, vd_home: Path) -> dict[str, str]:
    return {
        "VISION_DESKTOP_HOME": str(vd_home),
        "VISION_DESKTOP_BASE_URL": relay.base_url,
        "VISION_DESKTOP_API_KEY": KEY,
    }


def test_the_first_frame_comes_first_and_the_window_works_a_moment_later(
    qtbot: QtBot, relay: ScriptedRelay, vd_home: Path
) -> None:
    env = _env(relay, vd_home)
    window = create_window(env=env)
    qtbot.addWidget(window)
    # what the first frame shows is built; the conversation machinery is not
    assert window.findChildren(ConversationSession) == []
    assert window.findChildren(ChatController) == []
    assert window.sidebar is not None and window.prompt is not None
    assert window.usage_label.text() == "No tokens used yet"
    # said and typed before the first paint: a log line (with a key in it) and instructions
    logging.getLogger("vision_desktop.tests").warning("said before the first paint, with %s", KEY)
    window.instructions.setPlainText("Answer in German.")

    window.start_after_first_paint()  # as the app does
    window.show()
    qtbot.waitUntil(lambda: window.key_found is not None, timeout=10000)  # start() ran after the paint
    assert len(window.findChildren(ConversationSession)) == 1
    assert window.history_presenter is not None

    text = app_paths(env).log_file.read_text(encoding="utf-8")
    assert text.count("said before the first paint, with [redacted]") == 1 and KEY not in text

    relay.push(Reply(200, completion("Hallo.")))
    window.prompt.setFocus()
    qtbot.keyClicks(window.prompt, "Hi")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            bool(window.conversation.turns)
            and window.conversation.turns[-1].result is not None
            and not window.controller.busy
        ),
        timeout=10000,
    )
    messages = relay.chat_requests[0].json["messages"]
    assert messages[0] == {"role": "system", "content": "Answer in German."}
    assert window.usage_label.text() != "No tokens used yet"
    window.close()


def test_asking_for_the_session_before_the_paint_makes_it_once(
    qtbot: QtBot, relay: ScriptedRelay, vd_home: Path
) -> None:
    window = create_window(env=_env(relay, vd_home))
    qtbot.addWidget(window)
    session = window.session  # made now, as before
    window.start_after_first_paint()
    window.show()
    qtbot.waitUntil(lambda: window.key_found is not None, timeout=10000)
    assert window.findChildren(ConversationSession) == [session]
    assert window.session is session
    window.close()


def test_a_window_closed_before_its_first_paint_shuts_down_cleanly(
    qtbot: QtBot, relay: ScriptedRelay, vd_home: Path
) -> None:
    env = _env(relay, vd_home)
    window = create_window(env=env)
    qtbot.addWidget(window)
    logging.getLogger("vision_desktop.tests").warning("said just before quitting")
    window.close()  # never shown: what waited for the paint is done now (the log file is written)
    assert "said just before quitting" in app_paths(env).log_file.read_text(encoding="utf-8")
