"""Streamed answers in the window: text as it arrives, cancel mid-stream, cut streams, retries, the fault matrix."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import answered, type_and_send, wait_ready
from tests.helpers.relay import (
    CLOUDFLARE_522,
    DASHBOARD,
    Reply,
    ScriptedRelay,
    error_body,
    stream_chunks,
    stream_reply,
)
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_answer_appears_while_it_streams_and_usage_at_the_end(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    relay.push(stream_reply("# Title\n\nThe total is **12.50** euros, paid by card.", chunk_delay=0.15))
    type_and_send(qtbot, window, "Total?")
    qtbot.waitUntil(
        lambda: bool(window.view.turns) and window.view.turns[0].stream_view.isVisible(), timeout=5000
    )
    turn = window.view.turns[0]
    qtbot.waitUntil(lambda: "Title" in turn.stream_view.toPlainText(), timeout=5000)
    assert window.controller.busy and "paid by card" not in turn.stream_view.toPlainText()  # still arriving
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert relay.chat_requests[0].json["stream"] is True
    assert not turn.stream_view.isVisible() and turn.body.textFormat() == Qt.TextFormat.MarkdownText
    assert "paid by card" in turn.body.text() and "1,242 total tokens" in turn.footer.text()
    assert turn.answer_markdown == "# Title\n\nThe total is **12.50** euros, paid by card."


def test_cancel_mid_stream_keeps_the_partial_answer(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    relay.push(stream_reply("one two three four five six seven eight nine ten", chunk_delay=0.3))
    type_and_send(qtbot, window, "Count")
    turn_has = lambda text: bool(window.view.turns) and text in window.view.turns[0].stream_view.toPlainText()  # noqa: E731
    qtbot.waitUntil(lambda: turn_has("two"), timeout=5000)
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    turn = window.view.turns[0]
    assert turn.answer.property("state") == "stopped"
    assert "two" in turn.body.text() and "ten" not in turn.body.text()
    assert "what had arrived is kept" in turn.notice.text()
    assert window.prompt.toPlainText() == "Count"  # the draft is back for a retry
    assert window.conversation.turns[-1].status == "stopped"


def test_stream_cut_half_way(qtbot: QtBot, window: MainWindow, relay: ScriptedRelay) -> None:
    data = b"".join(stream_chunks("alpha beta gamma delta epsilon zeta eta theta"))
    relay.push(Reply(200, data, headers={"Content-Type": "text/event-stream"}, reset_after=len(data) // 2))
    type_and_send(qtbot, window, "Greek?")
    qtbot.waitUntil(lambda: not window.controller.busy and bool(window.view.turns), timeout=10000)
    turn = window.view.turns[0]
    assert turn.answer.property("state") == "error"
    assert "alpha" in turn.body.text() and "cut before the answer was complete" in turn.notice.text()
    assert window.prompt.toPlainText() == "Greek?"
    # the failed turn is not resent, and the next request works
    type_and_send(qtbot, window, "")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert "alpha" not in json.dumps(relay.chat_requests[-1].json)


def test_retry_is_visible_then_the_answer_arrives(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vision_desktop.chat import sending

    monkeypatch.setattr(sending, "DEFAULT_RETRY_POLICY", sending.RetryPolicy(base_delay=0.6, jitter=0))
    relay.push(Reply(503, error_body("upstream overloaded")))
    type_and_send(qtbot, window, "hello")
    qtbot.waitUntil(
        lambda: bool(window.view.turns) and "retrying in" in window.view.turns[0].body.text(), timeout=5000
    )
    assert "(2 of 3)" in window.view.turns[0].body.text()
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert len(relay.chat_requests) == 2


def test_streaming_can_be_turned_off_per_provider(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None and dialog.form.stream_check.isChecked()
    dialog.form.stream_check.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    type_and_send(qtbot, window, "hi")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert "stream" not in relay.chat_requests[0].json
    assert window.settings.stream_off == ("anyfast",)


@pytest.mark.parametrize(
    ("replies", "words"),
    [
        ([Reply(401, error_body("无效的令牌"))], "rejected the API key"),
        ([Reply(403, error_body("该令牌额度已用尽"))], "quota"),
        ([Reply(429, error_body("You exceeded your current quota", code="insufficient_quota"))], "quota"),
        (
            [Reply(503, error_body("当前分组 default 下对于模型 claude-sonnet-4-20250514 无可用渠道"))],
            "not available for your key",
        ),
        ([Reply(522, CLOUDFLARE_522)] * 3, "trouble"),
        ([Reply(200, DASHBOARD)], "base URL"),
        ([Reply(200, {"id": "x", "object": "chat.completion", "choices": []})], "no reply text"),
        ([Reply(404, error_body("Invalid URL (POST /v1/chat/completions)"))], "base URL"),
    ],
)
def test_fault_matrix_in_the_window(
    qtbot: QtBot,
    window: MainWindow,
    relay: ScriptedRelay,
    photos: list[Path],
    replies: list[Reply],
    words: str,
) -> None:
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    relay.push(*replies)
    type_and_send(qtbot, window, "What is it?")
    qtbot.waitUntil(
        lambda: not window.controller.busy and window.view.turns[0].answer.property("state") == "error",
        timeout=10000,
    )
    assert words in window.view.turns[0].body.text()
    # nothing lost: the draft is back, prepared image included; and the next request works
    assert window.prompt.toPlainText() == "What is it?" and len(window.tray.inputs()) == 1
    type_and_send(qtbot, window, "")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert len(relay.chat_requests[-1].images()) == 1


def test_http_base_url_to_another_computer_asks_first(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    relay: ScriptedRelay,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    window._env["VISION_DESKTOP_BASE_URL"] = "http://relay.example.com/v1"
    qtbot.keyClicks(window.prompt, "secret question")
    window.send()
    box = window.findChild(QMessageBox, "insecureUrlMessage")
    assert box is not None and box.isVisible() and "not encrypted" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.prompt.toPlainText() == "secret question" and not window.controller.busy
    assert relay.chat_requests == []


def test_quitting_during_a_request_is_clean(
    qtbot: QtBot, make_window: Callable[..., MainWindow], relay: ScriptedRelay
) -> None:
    relay.push(stream_reply("a slow answer that will not finish", chunk_delay=2.0))
    window = make_window()
    type_and_send(qtbot, window, "slow")
    qtbot.waitUntil(lambda: len(relay.chat_requests) == 1, timeout=5000)
    window.close()  # the request thread must stop at once (the fixture fails a test that leaves one running)
    assert not window.controller.busy
