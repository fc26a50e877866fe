"""Acting on an answer in a real window, clicked like a person would: Retry a failed try, Regenerate an answer,
Edit the last question and send it again, Copy as text or as Markdown, Open Settings from an error about the key.
A new try takes the old one's place: the conversation never shows the same question twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import answered, type_and_send, wait_ready
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.widgets.turn_widget import TurnWidget

pytestmark = pytest.mark.gui

LEFT = Qt.MouseButton.LeftButton


def fail_three_times(relay: ScriptedRelay) -> None:
    """A 500 is retried twice by the request itself: three make the try fail."""
    relay.push(*(Reply(500, error_body("upstream exploded")) for _ in range(3)))


def ended_in(window: MainWindow, state: str) -> Callable[[], bool]:
    return lambda: (
        not window.session.busy
        and bool(window.view.turns)
        and window.view.turns[-1].answer.property("state") == state
    )


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isVisible(), f"{button.objectName()} is not on screen"
    qtbot.mouseClick(button, LEFT)


def question_texts(window: MainWindow) -> list[str]:
    return [t.findChild(QWidget, "questionText").text() for t in window.view.turns]  # type: ignore[union-attr]


def test_retry_replaces_the_failed_try_instead_of_stacking_it(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    fail_three_times(relay)
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    type_and_send(qtbot, window, "What is the total?")
    qtbot.waitUntil(ended_in(window, "error"), timeout=10000)
    failed = window.view.turns[0]
    assert window.prompt.toPlainText() == "What is the total?"  # back in the box, as before
    assert not failed.regenerate_button.isVisible() and not failed.edit_button.isVisible()

    relay.push(Reply(200, completion("12.50 EUR")))
    click(qtbot, failed.retry_button)
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(ended_in(window, "answer"))
    # one question card, one answer: the failed card is gone, not kept above
    [turn] = window.view.turns
    assert turn is not failed and question_texts(window) == ["What is the total?"]
    assert turn.body.text() == "12.50 EUR" and len(turn.findChildren(QWidget, "turnThumbnail")) == 1
    assert [t.status for t in window.conversation.turns] == ["complete"]
    # the same question and image were sent again; the box no longer holds the question
    assert len(relay.chat_requests[-1].images()) == 1
    assert window.prompt.toPlainText() == "" and window.tray.is_empty()
    assert turn.regenerate_button.isVisible() and not turn.retry_button.isVisible()


def test_sending_the_put_back_question_replaces_its_failed_card(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    for _ in range(2):
        fail_three_times(relay)
        if window.view.turns:
            qtbot.keyClick(window.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        else:
            type_and_send(qtbot, window, "Hello?")
        qtbot.waitUntil(ended_in(window, "error"), timeout=10000)
        assert len(window.view.turns) == 1  # the second failure took the first one's place
    assert len(relay.chat_requests) == 6
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert question_texts(window) == ["Hello?"] and len(window.conversation.turns) == 1


def test_regenerate_replaces_the_answer(qtbot: QtBot, window: MainWindow, relay: ScriptedRelay) -> None:
    relay.push(Reply(200, completion("A receipt.")), Reply(200, completion("12.50")))
    type_and_send(qtbot, window, "What is it?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    type_and_send(qtbot, window, "The total?")
    qtbot.waitUntil(answered(window, 2), timeout=10000)
    first, second = window.view.turns
    assert not first.regenerate_button.isVisible() and not first.edit_button.isVisible()  # only the last turn

    relay.push(Reply(200, completion("The total is **12.50 EUR**.")))
    click(qtbot, second.regenerate_button)
    qtbot.waitUntil(
        lambda: window.view.turns[-1] is not second and ended_in(window, "answer")(), timeout=10000
    )
    assert window.view.turns[0] is first and len(window.view.turns) == 2
    assert question_texts(window) == ["What is it?", "The total?"]
    assert window.view.turns[-1].body.text() == "The total is **12.50 EUR**."
    # asked as the first time: the earlier turn, then the question (not the old answer)
    assert relay.chat_requests[-1].json["messages"] == relay.chat_requests[1].json["messages"]
    assert [t.result and t.result.content for t in window.conversation.turns] == [
        "A receipt.",
        "The total is **12.50 EUR**.",
    ]


def test_edit_puts_the_last_question_back_and_sending_replaces_the_turn(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    relay.push(Reply(200, completion("A receipt.")), Reply(200, completion("Twelve.")))
    type_and_send(qtbot, window, "What is it?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    type_and_send(qtbot, window, "The total?")
    qtbot.waitUntil(answered(window, 2), timeout=10000)

    click(qtbot, window.view.turns[-1].edit_button)
    assert window.prompt.toPlainText() == "The total?" and len(window.tray.inputs()) == 1
    assert question_texts(window) == ["What is it?"] and len(window.conversation.turns) == 1
    assert window.view.turns[0].regenerate_button.isVisible()  # the last turn now

    qtbot.keyClicks(window.prompt, " In euros, please.")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(answered(window, 2), timeout=10000)
    assert question_texts(window) == ["What is it?", "The total? In euros, please."]
    sent = relay.chat_requests[-1]
    assert "Twelve." not in str(sent.json["messages"]) and len(sent.images()) == 1


def test_copy_text_has_no_markdown_and_copy_as_markdown_has_it(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    markdown = "**Total:** 12.50\n\n- apples\n- pears\n\n| item | price |\n|---|---|\n| tea | 2.50 |"
    relay.push(Reply(200, completion(markdown)))
    type_and_send(qtbot, window, "Total?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    turn: TurnWidget = window.view.turns[0]

    click(qtbot, turn.copy_button)  # the button itself: as text
    text = QGuiApplication.clipboard().text()
    assert text == "Total: 12.50\n• apples\n• pears\nitem\tprice\ntea\t2.50"
    assert turn.copy_button.text() == "Copied"

    menu = turn.copy_button.menu()
    assert [a.text() for a in menu.actions()] == ["Copy text", "Copy as Markdown"]
    menu.popup(turn.copy_button.mapToGlobal(QPoint(0, turn.copy_button.height())))
    qtbot.waitExposed(menu)
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(turn.copy_markdown_action).center())
    assert QGuiApplication.clipboard().text() == markdown


def test_a_refused_key_has_open_settings_on_its_card(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    relay.push(Reply(401, error_body("invalid token")))
    type_and_send(qtbot, window, "Hello?")
    qtbot.waitUntil(ended_in(window, "error"), timeout=10000)
    turn = window.view.turns[0]
    assert turn.retry_button.isVisible()
    click(qtbot, turn.settings_button)
    dialog = window.findChild(QDialog, "settingsDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    # after Settings, Retry asks again in the same card
    click(qtbot, turn.retry_button)
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert question_texts(window) == ["Hello?"]


def test_other_errors_have_no_open_settings(qtbot: QtBot, window: MainWindow, relay: ScriptedRelay) -> None:
    fail_three_times(relay)
    type_and_send(qtbot, window, "Hello?")
    qtbot.waitUntil(ended_in(window, "error"), timeout=10000)
    assert not window.view.turns[0].settings_button.isVisible()
    assert window.view.turns[0].retry_button.isVisible()


def test_a_missing_key_has_open_settings_on_its_card(
    qtbot: QtBot, make_window: Callable[..., MainWindow], relay: ScriptedRelay
) -> None:
    window = make_window(key=None, start=False)  # (start would open the first-start dialog)
    type_and_send(qtbot, window, "Hello?")
    qtbot.waitUntil(ended_in(window, "error"), timeout=10000)
    turn = window.view.turns[0]
    assert "Open Settings" in turn.body.text() and relay.chat_requests == []
    click(qtbot, turn.settings_button)
    dialog = window.findChild(QDialog, "settingsDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_copy_text_keeps_code_blocks_as_they_are(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    markdown = "Run **this**:\n\n```sh\necho *hello*   # not emphasis\n```\n\nThen `ls`."
    relay.push(Reply(200, completion(markdown)))
    type_and_send(qtbot, window, "How?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    click(qtbot, window.view.turns[0].copy_button)
    assert QGuiApplication.clipboard().text() == "Run this:\n\necho *hello*   # not emphasis\n\nThen ls."
