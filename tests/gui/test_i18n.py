"""The language setting: with "zh_CN" our widgets, Qt's own buttons, numbers and dates come out in Simplified
Chinese with a CJK font first in line for Han characters; removing the translators brings English back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from vision_desktop.core import i18n as core_i18n
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.i18n import CJK_FAMILIES, install_translators, remove_translators, resolve_language
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
