"""The main window looked at as a person does, on the laptops it must fit: 1366×768 and 1280×800 at 100 %, 150 %
and 200 % scale. Each configuration runs in a process of its own (the screen and the scale are read when the
QApplication is made), which prints the faults :mod:`tests.helpers.layout` finds: a window or minimum size larger
than the screen's available area, a label's or button's text cut, a squeezed spin box or combo box, Send, the
model, temperature, max tokens or Settings not visible inside the window, a conversation shorter than the
composer. The window is checked fresh, with a draft (two images and a long question), while an answer is awaited,
and at its minimum size.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.layout import (
    CHINESE_CONFIGURATIONS,
    CONFIGURATIONS,
    Configuration,
    run_configurations,
    settle,
    window_faults,
)

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, Any]]:
    return run_configurations(
        "tests.helpers.layout", (*CONFIGURATIONS, *CHINESE_CONFIGURATIONS), ["main-window"]
    )


@pytest.mark.parametrize("config", CONFIGURATIONS, ids=lambda c: c.name)
def test_main_window_fits_and_shows_everything(
    config: Configuration, reports: dict[str, dict[str, Any]]
) -> None:
    report = reports[config.name]
    assert report["faults"] == [], json.dumps(report, indent=1, ensure_ascii=False)
    facts = report["facts"]
    width, height = facts["window"]
    available = facts["available"]
    assert width <= available[0] and height <= available[1]
    assert facts["minimum"][0] <= 911 and facts["minimum"][1] <= 512  # 1366×768 at 150 %


@pytest.mark.parametrize("config", CHINESE_CONFIGURATIONS, ids=lambda c: c.name)
def test_main_window_fits_in_chinese(config: Configuration, reports: dict[str, dict[str, Any]]) -> None:
    report = reports[config.name]
    assert report["faults"] == [], json.dumps(report, indent=1, ensure_ascii=False)
    assert report["facts"]["send"] == "发送"  # the window really started in Chinese
    assert report["facts"]["cjk_fonts"], "no Chinese font installed (.ci/run installs fonts-wqy-microhei)"
    width, height = report["facts"]["window"]
    assert width <= report["facts"]["available"][0] and height <= report["facts"]["available"][1]


def test_the_fault_finder_sees_cut_text_a_hidden_control_and_a_window_too_large(qtbot: QtBot) -> None:
    """The checks themselves: a window that breaks each rule is reported."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    label = QLabel("A label far too long for the room it was given")
    button = QPushButton("A button whose words do not fit")
    check = QCheckBox("A check box with a long sentence")
    spin = QSpinBox()
    spin.setRange(0, 1_000_000_000)
    hidden = QPushButton("Settings")
    hidden.setObjectName("settingsButton")
    for widget in (label, button, check, spin, hidden):
        widget.setMaximumWidth(40)
        layout.addWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    hidden.hide()
    area = window.screen().availableGeometry()
    window.resize(area.width() + 50, 200)
    settle()

    kinds = {
        (f["kind"], f["widget"].split(" ")[0]) for f in window_faults(window, ["settingsButton", "nothing"])
    }
    assert {
        ("too large", "QWidget"),
        ("text cut", "QLabel"),
        ("text cut", "QPushButton"),
        ("text cut", "QCheckBox"),
        ("squeezed", "QSpinBox"),
        ("hidden", "QPushButton#settingsButton"),
        ("missing", "nothing"),
    } <= kinds
