"""The main window driven like a user: drops, pastes, typing, Ctrl+Enter, cancel, errors, follow-ups."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import KEY
from tests.helpers.relay import NGINX_502, Reply, ScriptedRelay, completion, error_body
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def drop_files(qtbot: QtBot, target: QWidget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(target.rect().center())
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:  # Qt 6.12 takes a QPointF (and deprecates QPoint); earlier releases take a QPoint
        enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, buttons, mods)
    except TypeError:
        enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the drop target refused the drag"
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def wait_ready(qtbot: QtBot, window: MainWindow, count: int) -> None:
    qtbot.waitUntil(
        lambda: len(window.tray.items()) == count and all(i.ready or i.error for i in window.tray.items()),
        timeout=15000,
    )


def type_and_send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.prompt.setFocus()
    qtbot.keyClicks(window.prompt, text)
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def answered(window: MainWindow, n: int) -> Callable[[], bool]:
    return lambda: (
        sum(1 for t in window.conversation.turns if t.result is not None) >= n and not window.controller.busy
    )


def test_stable_object_names_and_accessible_names(window: MainWindow) -> None:
    names = [
        "imageTray",
        "addImagesButton",
        "promptEdit",
        "providerCombo",
        "modelCombo",
        "temperatureSpin",
        "maxTokensSpin",
        "sendButton",
        "cancelButton",
        "conversationView",
        "usageLabel",
        "newConversationButton",
        "settingsButton",
    ]
    for name in names:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), f"{name} has no accessible name"


def test_drop_files_ask_and_read_the_answer_with_usage(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    drop_files(qtbot, window.tray, photos)
    wait_ready(qtbot, window, 2)
    cards = window.tray.items()
    assert all(c.input.prepared is not None for c in cards)
    info = window.tray.findChildren(QLabel, "imageInfo")[0].text()
    # the final pixel size (≤ 1.15 MP) and the estimate: ⌈1314/28⌉ × ⌈875/28⌉ = 1,504 tokens
    assert info == "1314×875 · ≈1,504 tokens"

    relay.push(
        Reply(
            200,
            completion(
                "## Total\n\nThe total is **12.50**.",
                usage={"prompt_tokens": 3200, "completion_tokens": 12, "total_tokens": 3212},
            ),
        )
    )
    type_and_send(qtbot, window, "What is the total?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)

    sent = relay.chat_requests[0]
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert (
        len(sent.images()) == 2 and sent.json["messages"][-1]["content"][-1]["text"] == "What is the total?"
    )
    turn = window.view.turns[0]
    assert "12.50" in turn.body.text() and turn.body.textFormat() == Qt.TextFormat.MarkdownText
    assert "3,200 prompt · 12 completion · 3,212 total tokens" in turn.footer.text()
    assert "3,212 tokens" in window.usage_label.text()
    assert (
        window.prompt.toPlainText() == "" and window.tray.is_empty()
    )  # the draft moved into the conversation
    assert len(turn.findChildren(QLabel, "turnThumbnail")) == 2


def test_drop_onto_the_window_itself(qtbot: QtBot, window: MainWindow, photos: list[Path]) -> None:
    drop_files(qtbot, window, photos[:1])
    wait_ready(qtbot, window, 1)


def test_paste_a_screenshot_with_ctrl_v(qtbot: QtBot, window: MainWindow, relay: ScriptedRelay) -> None:
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    QGuiApplication.clipboard().setImage(image)
    window.prompt.setFocus()
    qtbot.keyClick(window.prompt, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_ready(qtbot, window, 1)
    item = window.tray.items()[0]
    assert item.input.label == "Pasted image" and item.input.prepared is not None
    assert (item.input.prepared.width, item.input.prepared.height) == (800, 600)
    assert window.prompt.toPlainText() == ""  # the image did not become text
    type_and_send(qtbot, window, "Describe it")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert len(relay.chat_requests[0].images()) == 1


def test_broken_file_gets_a_message_in_place_and_the_others_stay(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a picture")
    drop_files(qtbot, window.tray, [photos[0], bad])
    wait_ready(qtbot, window, 2)
    broken = [i for i in window.tray.items() if i.error is not None]
    assert len(broken) == 1 and "notes.jpg" in broken[0].error.message
    texts = [label.text() for label in window.tray.findChildren(QLabel, "imageInfo")]
    assert any("notes.jpg" in t for t in texts)
    type_and_send(qtbot, window, "What is this?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert len(relay.chat_requests[0].images()) == 1  # only the good image went


def test_remove_an_image_before_sending(qtbot: QtBot, window: MainWindow, photos: list[Path]) -> None:
    window.tray.add_paths([str(p) for p in photos])
    wait_ready(qtbot, window, 2)
    button = window.tray.findChildren(QWidget, "removeImageButton")[0]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(window.tray.items()) == 1


def test_cancel_a_slow_request_keeps_the_draft(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    relay.push(Reply(200, completion("too late"), delay=10))
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    type_and_send(qtbot, window, "Slow one")
    qtbot.waitUntil(lambda: window.cancel_button.isVisible())
    qtbot.waitUntil(lambda: len(relay.chat_requests) == 1)  # the relay is holding the request
    assert not window.send_button.isVisible()
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.send_button.isVisible(), timeout=1000)
    assert window.view.turns[0].answer.property("state") == "stopped"
    assert window.prompt.toPlainText() == "Slow one"
    assert len(window.tray.items()) == 1 and window.tray.items()[0].ready
    # the next request works and does not carry the stopped turn
    type_and_send(qtbot, window, " again")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert "too late" not in json.dumps(relay.chat_requests[-1].json)


def test_error_then_retry_with_the_draft_intact(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    relay.push(Reply(403, error_body("用户额度不足")))
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    type_and_send(qtbot, window, "Total?")
    qtbot.waitUntil(
        lambda: not window.controller.busy and window.view.turns[0].answer.property("state") == "error",
        timeout=10000,
    )
    turn = window.view.turns[0]
    assert "balance is used up" in turn.body.text()
    assert not turn.details.isVisible()
    qtbot.mouseClick(turn.details_button, Qt.MouseButton.LeftButton)
    assert turn.details.isVisible() and "用户额度不足" in turn.details.text() and "403" in turn.details.text()
    assert KEY not in turn.details.text()
    # the draft is back: retry with Ctrl+Enter succeeds
    assert window.prompt.toPlainText() == "Total?" and len(window.tray.inputs()) == 1
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert len(relay.chat_requests) == 2 and len(relay.chat_requests[1].images()) == 1
    assert [m["role"] for m in relay.chat_requests[1].json["messages"]] == [
        "user"
    ]  # the failed turn is not resent


def test_html_error_page_is_a_plain_sentence(qtbot: QtBot, window: MainWindow, relay: ScriptedRelay) -> None:
    relay.push(Reply(502, NGINX_502), Reply(502, NGINX_502), Reply(502, NGINX_502))  # every retry fails too
    type_and_send(qtbot, window, "hello")
    qtbot.waitUntil(
        lambda: not window.controller.busy and window.view.turns[0].answer.property("state") == "error",
        timeout=10000,
    )
    assert "<" not in window.view.turns[0].body.text() and "trouble" in window.view.turns[0].body.text()
    assert len(relay.chat_requests) == 3  # tried three times before giving up


def test_follow_up_sends_the_earlier_turns(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    relay.push(Reply(200, completion("A red square.")))
    type_and_send(qtbot, window, "What is it?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    type_and_send(qtbot, window, "What colour again?")
    qtbot.waitUntil(answered(window, 2), timeout=10000)
    messages = relay.chat_requests[1].json["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[1]["content"] == "A red square."
    assert messages[0]["content"][0]["type"] == "image_url"
    assert "2,484 tokens" in window.usage_label.text()  # 1242 + 1242

    window.new_button.click()
    assert window.view.turns == [] and window.conversation.turns == []
    type_and_send(qtbot, window, "Fresh")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert len(relay.chat_requests[2].json["messages"]) == 1


def test_instructions_become_the_system_message(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    qtbot.mouseClick(window.instructions_button, Qt.MouseButton.LeftButton)
    assert window.instructions.isVisible()
    qtbot.keyClicks(window.instructions, "Answer in German.")
    type_and_send(qtbot, window, "Hi")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert relay.chat_requests[0].json["messages"][0] == {"role": "system", "content": "Answer in German."}


def test_parameters_are_sent_and_remembered(
    qtbot: QtBot, make_window: Callable[..., MainWindow], relay: ScriptedRelay, vd_home: Path
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.model_combo.count() >= 3, timeout=5000)  # filled from /v1/models
    assert window.model_combo.findText("claude-opus-4-20250514") >= 0
    window.model_combo.setCurrentText("claude-opus-4-20250514")
    window.temperature_spin.setValue(0.3)
    window.max_tokens_spin.setValue(2048)
    window.provider_combo.setCurrentIndex(window.provider_combo.findData("kkiai"))
    type_and_send(qtbot, window, "hi")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    body = relay.chat_requests[0].json
    assert (body["model"], body["temperature"], body["max_tokens"]) == ("claude-opus-4-20250514", 0.3, 2048)
    window.close()

    saved = json.loads((vd_home / "config" / "settings.json").read_text())
    assert saved["temperature"] == 0.3 and saved["max_tokens"] == 2048 and saved["provider"] == "kkiai"
    again = make_window()
    assert again.temperature_spin.value() == 0.3
    assert again.max_tokens_spin.value() == 2048
    assert again.model_combo.currentText() == "claude-opus-4-20250514"
    assert again.provider_combo.currentData() == "kkiai"


def test_window_geometry_is_restored(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    window.resize(700, 520)  # the offscreen screen is 800×600
    window.close()
    again = make_window()
    assert (again.width(), again.height()) == (700, 520)


def test_the_window_stays_responsive_while_waiting(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    relay.push(Reply(200, completion("done"), delay=1.5))
    type_and_send(qtbot, window, "first")
    qtbot.waitUntil(lambda: window.controller.busy)
    # typing and adding images for the next question while the answer is pending
    qtbot.keyClicks(window.prompt, "next question")
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    assert window.elapsed_label.text().endswith("s")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert window.prompt.toPlainText() == "next question" and len(window.tray.items()) == 1


def test_drag_an_image_out_of_a_web_browser(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, tmp_path: Path
) -> None:
    """A browser drag carries the picture's URL: it is downloaded (here from a server on 127.0.0.1) and sent inline."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from PIL import Image

    Image.new("RGB", (640, 480), "purple").save(tmp_path / "cat.png")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        mime = QMimeData()
        mime.setUrls([QUrl(f"http://127.0.0.1:{server.server_address[1]}/cat.png")])
        window.tray.add_mime(mime)
        wait_ready(qtbot, window, 1)
        item = window.tray.items()[0]
        assert item.error is None and item.input.label == "cat.png"
        assert (item.input.prepared.width, item.input.prepared.height) == (640, 480)  # type: ignore[union-attr]
        type_and_send(qtbot, window, "What animal?")
        qtbot.waitUntil(answered(window, 1), timeout=10000)
        assert relay.chat_requests[0].images()[0].startswith("data:image/")
    finally:
        server.shutdown()
        server.server_close()


def test_copy_puts_the_answer_on_the_clipboard_as_text_or_markdown(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    relay.push(Reply(200, completion("**Total:** 12.50")))
    type_and_send(qtbot, window, "Total?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    turn = window.view.turns[0]
    qtbot.mouseClick(turn.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Total: 12.50"  # the click copies the text people read
    assert turn.copy_button.text() == "Copied"
    turn.copy_markdown_action.trigger()
    assert QGuiApplication.clipboard().text() == "**Total:** 12.50"
