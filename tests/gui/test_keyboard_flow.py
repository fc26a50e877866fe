"""The window without a mouse: every key goes to the widget that has the focus, as a keyboard user's would. Type,
paste a picture, remove one, send, copy the answer, cancel, open Settings and close it, open a past conversation,
and Help > Keyboard shortcuts listing what the window really answers to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import answered
from tests.helpers.relay import Reply, ScriptedRelay, completion, stream_reply
from vision_desktop.ui.accessibility import install_accessibility
from vision_desktop.ui.keyboard import KeyboardActions, add_keyboard_actions
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifiers)


def tab_to(qtbot: QtBot, name: str, *, back: bool = False, limit: int = 40) -> QWidget:
    """Press Tab (Shift+Tab with ``back``) until the widget called ``name`` has the focus."""
    for _ in range(limit):
        if focused().objectName() == name:
            return focused()
        if back:
            press(qtbot, Qt.Key.Key_Backtab, SHIFT)
        else:
            press(qtbot, Qt.Key.Key_Tab)
    assert focused().objectName() == name, f"Tab never reaches {name}"
    return focused()


def copy_picture(colour: str) -> None:
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    QGuiApplication.clipboard().setImage(image)


def ready(window: MainWindow, count: int) -> Callable[[], bool]:
    return lambda: len(window.tray.items()) == count and all(i.ready for i in window.tray.items())


@pytest.fixture
def keys(window: MainWindow) -> KeyboardActions:
    # the window adds these once wired (main_window.py); a second call returns the same actions
    install_accessibility(window, window.session)
    return add_keyboard_actions(window)


def test_ask_about_a_pasted_picture_and_copy_the_answer_by_keys_alone(
    qtbot: QtBot, window: MainWindow, keys: KeyboardActions, relay: ScriptedRelay
) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.prompt)  # the cursor starts in the question
    qtbot.keyClicks(focused(), "What is the total on this receipt?")

    # Ctrl+O: the file chooser to add images (Esc closes it, the question keeps its text)
    from PySide6.QtWidgets import QFileDialog

    press(qtbot, Qt.Key.Key_O, CTRL)
    chooser = window.findChild(QFileDialog, "addImagesDialog")
    assert chooser is not None
    qtbot.waitUntil(chooser.isVisible)
    chooser.reject()  # (a real file chooser is the platform's own; its keys are not ours to test)
    window.activateWindow()  # offscreen there is no window manager to give the window back its activation
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.prompt, timeout=5000)

    # two pictures pasted with Ctrl+V; Shift+Tab reaches the second one's remove button, Space removes it
    copy_picture("orange")
    press(qtbot, Qt.Key.Key_V, CTRL)
    qtbot.waitUntil(ready(window, 1), timeout=10000)
    copy_picture("teal")
    press(qtbot, Qt.Key.Key_V, CTRL)
    qtbot.waitUntil(ready(window, 2), timeout=10000)
    remove = tab_to(qtbot, "removeImageButton", back=True)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(window.tray.items()) == 1)
    assert not remove.isVisible() or remove not in window.tray.findChildren(QWidget)
    press(qtbot, Qt.Key.Key_L, CTRL)  # back to the question
    assert focused() is window.prompt and window.prompt.toPlainText() == "What is the total on this receipt?"

    relay.push(stream_reply("The total is 12.50 yuan."))
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    sent = relay.chat_requests[0]
    assert len(sent.images()) == 1
    assert sent.json["messages"][-1]["content"][-1]["text"] == "What is the total on this receipt?"
    assert focused() is window.prompt  # ready for the next question

    # the answer by a shortcut …
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    assert clipboard.text() == "The total is 12.50 yuan."
    # … with F6 (the next part of the window is the latest answer) and Space …
    clipboard.clear()
    press(qtbot, Qt.Key.Key_F6)
    assert focused().objectName() == "copyAnswerButton"
    press(qtbot, Qt.Key.Key_Space)
    assert clipboard.text() == "The total is 12.50 yuan."
    # … and with Tab alone
    press(qtbot, Qt.Key.Key_L, CTRL)
    clipboard.clear()
    tab_to(qtbot, "copyAnswerButton")
    press(qtbot, Qt.Key.Key_Space)
    assert clipboard.text() == "The total is 12.50 yuan."


def test_escape_cancels_and_settings_open_and_close_by_keys(
    qtbot: QtBot, window: MainWindow, keys: KeyboardActions, relay: ScriptedRelay
) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.prompt)
    relay.push(Reply(200, completion("too late"), delay=10))
    qtbot.keyClicks(focused(), "A slow one")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: len(relay.chat_requests) == 1 and window.controller.busy, timeout=5000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=5000)
    assert window.prompt.toPlainText() == "A slow one"  # the question is back, to send again or change

    window.prompt.setFocus()
    press(qtbot, Qt.Key.Key_Comma, CTRL)  # Ctrl+, : Settings
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    assert dialog.isAncestorOf(focused())  # the keys go to the dialog now
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_open_a_past_conversation_from_the_history_by_keys(
    qtbot: QtBot, window: MainWindow, keys: KeyboardActions, relay: ScriptedRelay
) -> None:
    sidebar = window.sidebar
    assert sidebar is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.prompt)
    relay.push(stream_reply("It is a receipt from a tea shop."))
    qtbot.keyClicks(focused(), "First question")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(lambda: sidebar.list.count() == 1, timeout=5000)

    press(qtbot, Qt.Key.Key_N, CTRL)  # a new conversation
    assert focused() is window.prompt and not window.view.turns
    relay.push(stream_reply("Second answer."))
    qtbot.keyClicks(focused(), "Second question")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    qtbot.waitUntil(lambda: sidebar.list.count() == 2, timeout=5000)

    # F6 moves between the parts of the window until the history has the focus
    for _ in range(4):
        if focused() is sidebar.list:
            break
        press(qtbot, Qt.Key.Key_F6)
    assert focused() is sidebar.list
    press(qtbot, Qt.Key.Key_End)  # the oldest conversation is the last
    with qtbot.waitSignal(sidebar.conversation_selected, timeout=5000):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: len(window.view.turns) == 1 and "tea shop" in window.view.turns[0].body.text(), timeout=5000
    )

    # Ctrl+F: search the conversations
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is sidebar.search
    qtbot.keyClicks(focused(), "Second")
    qtbot.waitUntil(lambda: sidebar.list.count() == 1, timeout=5000)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sidebar.list
    press(qtbot, Qt.Key.Key_Down)
    with qtbot.waitSignal(sidebar.conversation_selected, timeout=5000):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Second answer" in window.view.turns[-1].body.text(), timeout=5000)


def test_keyboard_shortcuts_are_listed_from_the_windows_own_actions(
    qtbot: QtBot, window: MainWindow, keys: KeyboardActions
) -> None:
    from vision_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog

    press(qtbot, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.isModal()  # it may stay open beside the window
    native = QKeySequence.SequenceFormat.NativeText
    assert dialog.keys_for("Send") == ("Ctrl+Return", "Ctrl+Enter")
    assert dialog.keys_for("New conversation") == (
        QKeySequence(QKeySequence.StandardKey.New).toString(native),
    )
    assert dialog.keys_for("Settings") == ("Ctrl+,",)
    assert dialog.keys_for("Cancel") == ("Esc",)
    for action in (
        "Copy the latest answer",
        "Search conversations",
        "Next part of the window",
        "Larger text",
    ):
        assert dialog.keys_for(action), action
    # every action of the window with a shortcut is listed, under its own text
    listed = {row.action for row in dialog.rows()}
    for action in window.findChildren(type(keys.find_action)):
        if action.shortcuts() and action.text():
            assert action.text().replace("&", "").rstrip("…") in listed, action.text()
    # sized to show its rows, inside the screen
    area = window.screen().availableGeometry()
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    assert dialog.list.viewport().height() >= min(dialog.list.sizeHint().height() - 40, area.height() // 2)
    # Esc closes it; F1 again brings it back (one dialog, up to date)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    keys.shortcuts_action.trigger()
    assert window.findChildren(ShortcutsDialog) == [dialog] and dialog.isVisible()
