"""What a screen reader meets: every control of the window and of its dialogs has a name (walked through the
QAccessible tree, as a screen reader walks it), and an answer is announced once when it ends, an error at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface, QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import answered, type_and_send, wait_ready
from tests.helpers.relay import Reply, ScriptedRelay, error_body, stream_reply
from vision_desktop.ui.accessibility import (
    AccessibilityHelper,
    announce,
    install_accessibility,
    last_announcement,
    name_controls,
)
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

Role = QAccessible.Role
INTERACTIVE_ROLES = {
    Role.Button,
    Role.ButtonMenu,
    Role.ButtonDropDown,
    Role.ButtonDropGrid,
    Role.CheckBox,
    Role.RadioButton,
    Role.ComboBox,
    Role.SpinBox,
    Role.EditableText,
    Role.List,
    Role.Tree,
    Role.Table,
    Role.Slider,
    Role.PageTab,
}


def walk(iface: QAccessibleInterface) -> Iterator[QAccessibleInterface]:
    yield iface
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.isValid():
            yield from walk(child)


def has_buddy(widget: QWidget) -> bool:
    return any(label.buddy() is widget and label.text() for label in widget.window().findChildren(QLabel))


def spoken_name(iface: QAccessibleInterface) -> str:
    """What a screen reader says for the element. On Linux Qt gives a combo box's value as its name (the label
    comes through a relation): there its own accessible name, or a buddy label, counts."""
    widget = iface.object()
    if iface.role() == Role.ComboBox and isinstance(widget, QComboBox):
        return widget.accessibleName() or ("(buddy)" if has_buddy(widget) else "")
    return iface.text(QAccessible.Text.Name).strip()


def describe(iface: QAccessibleInterface) -> str:
    obj = iface.object()
    parent = obj.parent() if obj is not None else None
    where = f" in {type(parent).__name__} {parent.objectName()!r}" if parent is not None else ""
    what = f"{type(obj).__name__} {obj.objectName()!r}" if obj is not None else "an item"
    return f"{iface.role().name} {what}{where}"


def unnamed(root: QWidget) -> list[str]:
    """The visible interactive elements under ``root`` a screen reader has no name for."""
    iface = QAccessible.queryAccessibleInterface(root)
    assert iface is not None and iface.isValid()
    return [
        describe(element)
        for element in walk(iface)
        if element.role() in INTERACTIVE_ROLES and not element.state().invisible and not spoken_name(element)
    ]


def checked(root: QWidget) -> QWidget:
    name_controls(root)
    missing = unnamed(root)
    assert not missing, f"{root.objectName()}: controls without an accessible name: {missing}"
    return root


def paste_picture(qtbot: QtBot, window: MainWindow, colour: str = "orange") -> None:
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    QGuiApplication.clipboard().setImage(image)
    window.prompt.setFocus()
    qtbot.keyClick(window.prompt, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def helper(window: MainWindow) -> AccessibilityHelper:
    # the window installs it once wired (main_window.py); installing again returns the same helper
    return install_accessibility(window, window.session)


def test_every_control_of_the_window_has_a_name(
    qtbot: QtBot, window: MainWindow, helper: AccessibilityHelper, relay: ScriptedRelay
) -> None:
    # a window in use: an answered question with a picture, a failed one, a picture waiting in the tray
    paste_picture(qtbot, window)
    wait_ready(qtbot, window, 1)
    relay.push(stream_reply("The total is 12.50 yuan."))
    type_and_send(qtbot, window, "What is the total?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    relay.push(Reply(401, error_body("无效的令牌")))
    type_and_send(qtbot, window, "And the date?")
    qtbot.waitUntil(
        lambda: window.view.turns[-1].findChild(QWidget, "retryButton") is not None, timeout=10000
    )
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=10000)
    paste_picture(qtbot, window, "teal")
    qtbot.waitUntil(lambda: any(i.ready for i in window.tray.items()), timeout=10000)
    window.composer.instructions_button.click()  # the instructions box shown too

    checked(window)
    assert window.findChild(QWidget, "removeImageButton").isVisible()  # type: ignore[union-attr]
    for name in ("copyAnswerButton", "retryButton", "openSettingsButton", "detailsButton", "turnThumbnail"):
        assert any(w.isVisible() for w in window.findChildren(QWidget, name)), f"{name} was not checked"
    # names and descriptions come in the person's language from one table; an owner's own name stays
    send = window.send_button
    assert send.accessibleName() == "Send the question" and "Ctrl+Enter" in send.accessibleDescription()
    remove = window.findChild(QWidget, "removeImageButton")
    assert remove is not None and remove.accessibleName() == "Remove image Pasted image"
    assert "Enter" in window.findChild(QWidget, "conversationList").accessibleDescription()  # type: ignore[union-attr]


def test_every_dialog_has_names_for_its_controls(
    qtbot: QtBot, make_window: Callable[..., MainWindow], relay: ScriptedRelay, vd_home: Path
) -> None:
    window = make_window(key=None)  # no key: the setup dialog opens
    install_accessibility(window, window.session)
    qtbot.waitUntil(lambda: window.setup_dialog is not None and window.setup_dialog.isVisible(), timeout=5000)
    assert window.setup_dialog is not None
    checked(window.setup_dialog)
    window.setup_dialog.reject()

    window.open_settings()
    assert window.settings_dialog is not None
    qtbot.waitUntil(window.settings_dialog.isVisible)
    # the helper names a dialog as it opens over the window (its editable combo boxes' fields need it)
    qtbot.waitUntil(lambda: not unnamed(window.settings_dialog), timeout=2000)  # type: ignore[arg-type]
    checked(window.settings_dialog)
    window.settings_dialog.reject()

    window.show_about()
    about = window.findChild(QWidget, "aboutDialog")
    assert about is not None
    checked(about).close()

    from vision_desktop.ui.dialogs.pdf_pages import PdfPagesDialog

    pdf = PdfPagesDialog(window, "report.pdf", 12, 3)
    pdf.show()
    checked(pdf).close()

    from vision_desktop.ui.dialogs.shortcuts_dialog import show_shortcuts

    checked(show_shortcuts(window)).close()

    from vision_desktop.storage.paths import app_paths
    from vision_desktop.storage.settings import Settings
    from vision_desktop.ui.dialogs.usage_window import UsageWindow
    from vision_desktop.workers.history_controller import HistoryController

    history = HistoryController(app_paths())
    try:
        usage = UsageWindow(history, Settings())
        qtbot.addWidget(usage)
        with qtbot.waitSignal(usage.usage_shown, timeout=10000):
            usage.show()
        checked(usage).close()
    finally:
        history.close()


def test_the_image_viewer_has_names(
    qtbot: QtBot, window: MainWindow, helper: AccessibilityHelper, relay: ScriptedRelay
) -> None:
    paste_picture(qtbot, window)
    wait_ready(qtbot, window, 1)
    relay.push(stream_reply("An orange rectangle."))
    type_and_send(qtbot, window, "What is it?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    viewer = window.view.turns[0].open_image(0)
    assert viewer is not None
    checked(viewer).close()


def test_an_answer_is_announced_once_when_it_ends_and_an_error_at_once(
    qtbot: QtBot, window: MainWindow, helper: AccessibilityHelper, relay: ScriptedRelay
) -> None:
    relay.push(stream_reply("one two three four five six seven eight nine ten", pieces=10))
    type_and_send(qtbot, window, "Count to ten")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    assert helper.announced == ["Answer finished"]  # not word by word
    assert last_announcement(window) == "Answer finished"

    relay.push(Reply(403, error_body("用户额度不足")))
    type_and_send(qtbot, window, "Again")
    qtbot.waitUntil(lambda: len(helper.announced) == 2, timeout=10000)
    spoken = helper.announced[-1]
    assert spoken.startswith("Error: ") and len(spoken) > len("Error: ") + 10
    assert (
        spoken.removeprefix("Error: ") in window.view.turns[-1].body.accessibleName()
    )  # the card's sentence


def test_announce_reaches_an_active_screen_reader_bridge(qtbot: QtBot, window: MainWindow) -> None:
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)  # as when a screen reader is running
    try:
        announce(window.prompt, "Answer finished")
        announce(window.prompt, "Error: the key was refused", assertive=True)
    finally:
        QAccessible.setActive(was_active)
    label = window.findChild(QLabel, "accessibleAnnouncement")
    assert label is not None and not label.isVisible()  # heard, never seen
    assert label.text() == "Error: the key was refused"
    assert QApplication.focusWidget() is window.prompt  # announcing never moves the focus


def test_the_walk_catches_a_control_nobody_named(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QLineEdit

    bare = QLineEdit(window.composer)
    bare.setObjectName("bareField")
    bare.show()
    assert any("bareField" in line for line in unnamed(window))
    bare.setPlaceholderText("Receipt number")
    name_controls(window)  # falls back to what the person sees: the placeholder
    assert bare.accessibleName() == "Receipt number" and not unnamed(window)
