"""The language setting: with "zh_CN" our widgets, Qt's own buttons, numbers and dates come out in Simplified
Chinese with a CJK font first in line for Han characters; removing the translators brings English back."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body
from vision_desktop.core import i18n as core_i18n
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.i18n import CJK_FAMILIES, install_translators, remove_translators, resolve_language
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.widgets.history_sidebar import date_group, when
from vision_desktop.ui.widgets.parameter_bar import ParameterBar

pytestmark = pytest.mark.gui


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[object]:
    installed = install_translators(qapp, "zh_CN")
    yield installed
    remove_translators(qapp)


def _labels(bar: ParameterBar) -> list[str]:
    return [label.text() for label in bar.findChildren(QLabel)]


def test_zh_cn_installs_ours_and_qts_catalogs(chinese: object) -> None:
    assert chinese.language == "zh_CN"  # type: ignore[attr-defined]
    assert chinese.catalogs == ("vision_desktop_zh_CN.qm", "qtbase_zh_CN.qm")  # type: ignore[attr-defined]
    assert core_i18n.current_language() == "zh_CN"


@pytest.mark.usefixtures("chinese")
def test_our_widgets_speak_chinese(qtbot: QtBot) -> None:
    bar = ParameterBar(Settings())
    qtbot.addWidget(bar)
    assert "温度(&T)：" in _labels(bar)
    assert "最大 Token 数(&O)：" in _labels(bar)
    assert bar.temperature_spin.accessibleName() == "温度"


@pytest.mark.usefixtures("chinese")
def test_qt_own_buttons_speak_chinese(qtbot: QtBot) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"


@pytest.mark.usefixtures("chinese")
def test_numbers_and_dates_follow_the_language(qapp: QApplication) -> None:
    locale = QLocale()
    assert locale.language() == QLocale.Language.Chinese
    assert locale.toString(1234567) == "1,234,567"
    assert locale.toString(QDate(2026, 12, 3), QLocale.FormatType.LongFormat).startswith("2026年12月3日")
    families = qapp.font().families()
    assert families[1:] == list(CJK_FAMILIES)  # after the system's UI font, which keeps the Latin letters


def _local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> float:
    return time.mktime((year, month, day, hour, minute, 0, 0, 0, -1))


SIDEBAR_TIMES = [
    _local(2026, 12, 3, 9, 5),  # today
    _local(2026, 12, 2),  # yesterday
    _local(2026, 11, 30),  # a Monday this week
    _local(2026, 11, 13),  # weeks ago
]
NOW = _local(2026, 12, 3, 15, 0)


@pytest.mark.usefixtures("chinese")
def test_the_sidebar_dates_speak_chinese() -> None:
    assert [when(t, NOW) for t in SIDEBAR_TIMES] == ["09:05", "昨天", "周一", "2026年11月13日"]
    assert date_group(_local(2026, 8, 1), NOW) == "2026年8月"


def test_the_sidebar_dates_in_english(qapp: QApplication) -> None:
    assert [when(t, NOW) for t in SIDEBAR_TIMES] == ["09:05", "Yesterday", "Mon", "13 Nov 2026"]
    assert date_group(_local(2026, 8, 1), NOW) == "August 2026"


def test_english_is_back_after_removal(qapp: QApplication, qtbot: QtBot) -> None:
    font = qapp.font().families()
    install_translators(qapp, "zh_CN")
    remove_translators(qapp)
    bar = ParameterBar(Settings())
    qtbot.addWidget(bar)
    assert "&Temperature:" in _labels(bar)
    assert qapp.font().families() == font
    assert core_i18n.current_language() == "en"


def test_installing_twice_replaces_the_first(qapp: QApplication) -> None:
    try:
        install_translators(qapp, "zh_CN")
        again = install_translators(qapp, "en")
        assert again.catalogs == ()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
        box.deleteLater()
    finally:
        remove_translators(qapp)


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("system", "zh_CN", "zh_CN"),
        ("system", "zh_TW", "zh_CN"),
        ("system", "de_DE", "en"),
        ("en", "zh_CN", "en"),
        ("zh_CN", "en_US", "zh_CN"),
    ],
)
def test_the_setting_or_the_system_picks_the_language(setting: str, system: str, expected: str) -> None:
    assert resolve_language(setting, QLocale(system)) == expected


# Words that stay in Latin letters in the Chinese window: names, key names, formats, units.
_LATIN_OK = {
    "Vision", "Desktop", "Token", "API", "Ctrl", "Enter", "Esc", "Delete", "Tab", "Shift", "Markdown", "HTML",
    "JSON", "PDF", "CSV", "Excel", "XLSX", "Lines", "http", "https", "URL", "OpenAI",
}  # fmt: skip


def _visible_texts(window: MainWindow) -> list[tuple[str, str, str]]:
    texts = []
    for widget in window.findChildren(QWidget):
        shown = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
        hint = widget.placeholderText() if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) else ""
        for text in (shown, hint, widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()):
            if text:
                texts.append((type(widget).__name__, widget.objectName(), text))
    for action in window.findChildren(QAction):
        for text in (action.text(), action.toolTip()):
            if text:
                texts.append(("QAction", action.objectName(), text))
    return texts


@pytest.mark.usefixtures("chinese")
def test_the_whole_window_speaks_chinese(make_window: Callable[..., MainWindow], vd_home: Path) -> None:
    """Every label, button, menu, placeholder, tooltip and accessible name of a started window: no English word
    left (provider and model names are data, in combo boxes, and not checked)."""
    (vd_home / "config").mkdir(parents=True, exist_ok=True)
    (vd_home / "config" / "settings.json").write_text(json.dumps({"language": "zh_CN"}), encoding="utf-8")
    window = make_window()
    texts = _visible_texts(window)
    assert len(texts) > 50
    english = [t for t in texts if set(re.findall(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>", "", t[2]))) - _LATIN_OK]
    assert not english, f"{len(english)} texts still in English: {english[:8]}"
    assert window.menuBar().actions()[0].text() == "文件(&F)"


def _english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", text)) - _LATIN_OK


@pytest.mark.usefixtures("chinese")
def test_errors_and_notes_from_below_the_window_speak_chinese(
    make_window: Callable[..., MainWindow], vd_home: Path, relay: ScriptedRelay, tmp_path: Path, qtbot: QtBot
) -> None:
    """The sentences made in the Qt-free layers reach a Chinese window in Chinese: a key the relay rejects (the
    error card), a file that is no picture (the tray), and the token estimate after an answer (the status bar);
    the relay's own words stay in the details."""
    (vd_home / "config").mkdir(parents=True, exist_ok=True)
    (vd_home / "config" / "settings.json").write_text(json.dumps({"language": "zh_CN"}), encoding="utf-8")
    window = make_window()
    relay.push(Reply(401, error_body("invalid token")), Reply(200, completion("四个字的回答")))

    notes = tmp_path / "notes.jpg"
    notes.write_text("This is not a picture.", encoding="utf-8")
    window.tray.add_paths([str(notes)])
    qtbot.waitUntil(lambda: all(i.error is not None for i in window.tray.items()), timeout=10000)
    problem = str(window.tray.items()[0].error)
    assert (
        "notes.jpg" in problem and "图片" in problem and not _english_words(problem.replace("notes.jpg", ""))
    )
    window.tray.take_all()

    window.prompt.setPlainText("你好？")
    window.send()
    qtbot.waitUntil(
        lambda: not window.session.busy and window.view.turns[-1].answer.property("state") == "error"
    )
    card = window.view.turns[-1]
    assert "API 密钥" in card.body.text() and not _english_words(card.body.text())
    assert "放回" in card.body.text() and "。 " not in card.body.text()  # joined the Chinese way, no space
    assert card.settings_button.text() and not _english_words(card.settings_button.text())
    assert "invalid token" in card.details.text()  # the relay's words, for whoever helps

    card.retry_button.click()
    qtbot.waitUntil(
        lambda: not window.session.busy and window.view.turns[-1].answer.property("state") == "answer"
    )
    shown = window.statusBar().currentMessage()
    assert "Token" in shown and not _english_words(shown), shown
