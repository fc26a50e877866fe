"""Light and dark themes and the text size, in a real window: the View menu and its shortcuts, the system's colour
scheme changing while the app runs, and the text of rendered answer cards readable (WCAG contrast measured on
the pixels of the grabbed widgets)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import answered, type_and_send
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body
from vision_desktop.ui import theme as theme_module
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.theme import ThemeManager, contrast_ratio, is_dark

pytestmark = pytest.mark.gui

ANSWER = "The total is **€23.40**, paid by card. See [the receipt](https://example.com/r) and `code`."


@pytest.fixture(autouse=True)
def _system_theme_after(qapp: QApplication) -> Iterator[None]:
    """Later tests get the system's look and text size back."""
    yield
    ThemeManager.for_app(qapp).apply("system", 100)


def theme_of(window: MainWindow) -> ThemeManager:
    return window.view_menu.theme


# ------------------------------------------------------------------------------------------- pixels
def pixels(image: QImage) -> list[QColor]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())  # B, G, R, A per pixel, rows padded to 4 bytes (none for RGB32)
    return [QColor(data[i + 2], data[i + 1], data[i]) for i in range(0, len(data), 4)]


def background(widget: QWidget) -> QColor:
    """The most common colour of ``widget`` as drawn: its background."""
    counts = Counter(c.rgb() for c in pixels(widget.grab().toImage()))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def text_contrast(card: QWidget, text: QWidget) -> float:
    """The WCAG contrast between ``card``'s background and the strongest ink of ``text`` (a child of ``card``)
    as the card draws it."""
    image = card.grab().toImage()
    ratio = card.devicePixelRatioF()
    top_left = text.mapTo(card, QPoint(0, 0))
    area = QRect(top_left * ratio, text.size() * ratio)
    ink = pixels(image.copy(area))
    back = background(card)
    return max(contrast_ratio(c, back) for c in ink)


def ask(qtbot: QtBot, window: MainWindow, relay: ScriptedRelay) -> None:
    relay.push(Reply(200, completion(ANSWER)))
    type_and_send(qtbot, window, "What is the total?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    relay.push(Reply(401, error_body("Invalid API key")))
    type_and_send(qtbot, window, "And the date?")
    qtbot.waitUntil(
        lambda: len(window.view.turns) == 2 and window.view.turns[1].answer.property("state") == "error",
        timeout=10000,
    )


# ------------------------------------------------------------------------------------------- appearance
def test_the_view_menu_switches_dark_and_light_and_saves_it(
    qtbot: QtBot, window: MainWindow, vd_home: Path
) -> None:
    menu = window.view_menu
    names = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert names.index("View") == names.index("Edit") + 1  # File, Edit, View, Help
    assert menu.appearance_actions["system"].isChecked()
    assert not is_dark(window.palette())  # offscreen: the system is light

    menu.appearance_actions["dark"].trigger()
    assert is_dark(window.palette()) and is_dark(window.view.palette())
    assert QApplication.style().name().lower() == "fusion"
    assert theme_of(window).theme.dark
    assert "#ff8a80" in window.styleSheet()  # the error red for dark backgrounds
    assert menu.appearance_actions["dark"].isChecked()
    settings_file = vd_home / "config" / "settings.json"
    qtbot.waitUntil(
        lambda: settings_file.exists() and json.loads(settings_file.read_text())["appearance"] == "dark",
        timeout=5000,
    )

    menu.appearance_actions["light"].trigger()
    assert not is_dark(window.palette()) and not theme_of(window).theme.dark
    menu.appearance_actions["system"].trigger()
    assert not is_dark(window.palette()) and window.settings.appearance == "system"


def test_the_theme_follows_the_systems_colour_scheme(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The offscreen platform cannot change its scheme: the hints are made to say dark, then the signal the
    platform sends is emitted."""
    hints = QGuiApplication.styleHints()
    system = [Qt.ColorScheme.Dark]
    with monkeypatch.context() as patch:
        patch.setattr(theme_module, "system_color_scheme", lambda: system[0])
        with qtbot.waitSignal(theme_of(window).theme_changed, timeout=2000):
            hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert is_dark(window.palette()) and is_dark(window.view.palette())
        assert theme_of(window).theme.dark and not theme_of(window).theme.native
        system[0] = Qt.ColorScheme.Light
        with qtbot.waitSignal(theme_of(window).theme_changed, timeout=2000):
            hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert not is_dark(window.palette())

        # a chosen appearance is kept whatever the system does
        window.view_menu.appearance_actions["light"].trigger()
        system[0] = Qt.ColorScheme.Dark
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert not is_dark(window.palette())
        window.view_menu.appearance_actions["system"].trigger()
        assert is_dark(window.palette())
        system[0] = Qt.ColorScheme.Light
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not is_dark(window.palette())


def test_a_high_contrast_palette_is_never_replaced(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = QApplication.palette().color(QPalette.ColorRole.Window)
    with monkeypatch.context() as patch:
        patch.setattr(theme_module, "_high_contrast", lambda palette: True)
        window.view_menu.appearance_actions["dark"].trigger()
        assert QApplication.palette().color(QPalette.ColorRole.Window) == system
        assert theme_of(window).theme.high_contrast and theme_of(window).theme.native
        window.view_menu.appearance_actions["system"].trigger()


@pytest.mark.parametrize("appearance", ["light", "dark"])
def test_answer_cards_are_readable(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, appearance: str
) -> None:
    window.view_menu.appearance_actions[appearance].trigger()
    ask(qtbot, window, relay)
    answer, failed = window.view.turns
    qtbot.waitUntil(lambda: answer.body.text() != "" and answer.answer.isVisible(), timeout=5000)
    figures = {
        "answer text": text_contrast(answer.answer, answer.body),
        "answer speaker": text_contrast(answer.answer, answer.speaker),
        "answer usage": text_contrast(answer.answer, answer.footer),
        "question text": text_contrast(answer.question, answer.question.findChild(QWidget, "questionText")),
        "error card text": text_contrast(failed.answer, failed.body),
        "error speaker": text_contrast(failed.answer, failed.speaker),
    }
    print(appearance, {k: round(v, 1) for k, v in figures.items()})
    assert all(ratio >= 4.5 for ratio in figures.values()), figures
    # the resolved palette agrees: text on the cards' backgrounds
    palette = answer.answer.palette()
    for back in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
        assert contrast_ratio(palette.color(QPalette.ColorRole.Text), palette.color(back)) >= 4.5
    assert (
        contrast_ratio(palette.color(QPalette.ColorRole.Link), palette.color(QPalette.ColorRole.Window))
        >= 4.5
    )
    assert is_dark(palette) == (appearance == "dark")


# ------------------------------------------------------------------------------------------- text size
def test_ctrl_plus_makes_the_text_larger_and_it_is_remembered(
    qtbot: QtBot, make_window: Callable[..., MainWindow], relay: ScriptedRelay, vd_home: Path
) -> None:
    window = make_window()
    relay.push(Reply(200, completion(ANSWER + "\n\n```python\nprint(total)\n```\n")))
    type_and_send(qtbot, window, "What is the total?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    body = window.view.turns[0].body
    before = body.font().pointSizeF()
    height = body.height()
    code = window.view.turns[0].findChild(QPlainTextEdit, "codeView")
    assert code is not None  # (the answer has a code block)
    code_before = code.font().pointSizeF()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.prompt, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.prompt, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.text_scale == 125
    larger = body.font().pointSizeF()
    assert larger == pytest.approx(before * 1.25, abs=0.15)
    assert body.view.document().defaultFont().pointSizeF() == pytest.approx(larger)
    assert window.prompt.font().pointSizeF() == pytest.approx(larger)
    assert window.sidebar is not None and window.sidebar.list.font().pointSizeF() == pytest.approx(larger)
    assert code.font().pointSizeF() == pytest.approx(code_before * 1.25, abs=0.15)  # code blocks too
    assert code.fontInfo().fixedPitch()  # still the fixed-width font
    qtbot.waitUntil(lambda: body.height() > height, timeout=3000)  # laid out again at the new size

    settings_file = vd_home / "config" / "settings.json"
    qtbot.waitUntil(
        lambda: settings_file.exists() and json.loads(settings_file.read_text())["text_scale"] == 125,
        timeout=5000,
    )
    window.close()
    ThemeManager.for_app().apply("system", 100)  # as at a fresh start

    again = make_window()  # it opens the conversation it was showing
    qtbot.waitUntil(
        lambda: len(again.view.turns) == 1 and "23.40" in again.view.turns[0].body.text(), timeout=5000
    )
    assert again.view.turns[0].body.font().pointSizeF() == pytest.approx(larger)
    assert again.settings.text_scale == 125

    again.activateWindow()
    qtbot.waitActive(again)
    qtbot.keyClick(again.prompt, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert again.settings.text_scale == 110
    qtbot.keyClick(again.prompt, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.settings.text_scale == 100
    assert again.view.turns[0].body.font().pointSizeF() == pytest.approx(before)
    assert not again.view_menu.normal_action.isEnabled()
