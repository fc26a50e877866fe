"""The flight line under the tray: the plan in one line in the person's locale, and a warning row that blocks
sending when a limit would be broken."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.unit.chat.test_flight import plan, sized
from vision_desktop.chat.flight import FlightPlan
from vision_desktop.ui.theme import dark_palette, light_palette, style_tokens
from vision_desktop.ui.widgets.flight_line import FlightLine

pytestmark = pytest.mark.gui

ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)


@pytest.fixture
def line(qtbot: QtBot) -> Iterator[FlightLine]:
    host = QWidget()  # the tray's place: the line lives in a shown window
    qtbot.addWidget(host)
    widget = FlightLine(host)
    widget.setLocale(ENGLISH)
    widget.resize(700, 80)
    host.resize(720, 100)
    host.show()
    qtbot.waitExposed(host)
    yield widget
    host.close()


def ordinary() -> FlightPlan:
    return plan([sized(1200, 800) for _ in range(3)])


def most_common_colour(image: QImage) -> QColor:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())
    counts = Counter((data[i + 2], data[i + 1], data[i]) for i in range(0, len(data), 4))
    return QColor(*counts.most_common(1)[0][0])


def test_hidden_until_the_question_has_an_image_or_text(line: FlightLine) -> None:
    assert line.isHidden()
    line.show_plan(plan([], "   "))
    assert line.isHidden() and not line.blocks_sending()
    line.show_plan(plan([], "What is the capital of Peru?"))
    assert line.isVisible() and line.line.text() == "152 bytes upload · ≈ 14 tokens · ≈ $0.000042"
    line.show_plan(None)
    assert line.isHidden() and line.plan() is None


def test_one_line_with_images_pixels_upload_tokens_and_cost(line: FlightLine) -> None:
    shown = ordinary()
    line.show_plan(shown)
    assert line.isVisible() and line.warning.isHidden() and not line.blocks_sending()
    assert line.line.text() == "3 images · 2.9 MP · 3 KB upload · ≈ 3,800 tokens · ≈ $0.011"
    assert line.line.text() == shown.summary()  # the CLI's line and the window's agree
    assert line.accessibleDescription() == line.line.text()
    assert "tokens of text" in line.line.toolTip() and "answer costs extra" in line.line.toolTip()


def test_numbers_follow_the_locale(line: FlightLine) -> None:
    line.show_plan(ordinary())
    line.setLocale(GERMAN)
    assert line.line.text() == "3 images · 2,9 MP · 3 KB upload · ≈ 3.800 tokens · ≈ $0,011"


def test_a_blocking_problem_shows_a_warning_row_and_blocks_sending(line: FlightLine, qtbot: QtBot) -> None:
    with qtbot.waitSignal(line.blocking_changed) as blocked:
        line.show_plan(plan([sized(400, 300) for _ in range(101)]))
    assert blocked.args == [True] and line.blocks_sending()
    assert line.warning.isVisible()
    assert "101 images" in line.warning.text() and "Remove 1 image" in line.warning.text()
    assert line.line.text().startswith("101 images · ")
    with qtbot.waitSignal(line.blocking_changed) as unblocked:
        line.show_plan(ordinary())
    assert unblocked.args == [False] and not line.blocks_sending() and line.warning.isHidden()


def test_a_budget_warning_shows_but_does_not_block(line: FlightLine, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(line.blocking_changed):
        line.show_plan(plan([sized(1200, 800)], spent_this_month=9.999, monthly_budget=10.0))
    assert line.warning.isVisible() and "monthly budget" in line.warning.text()
    assert not line.blocks_sending()


def test_notes_go_to_the_tool_tip_not_the_warning_row(line: FlightLine) -> None:
    line.show_plan(plan([sized(800, 600)], price=None, model="my-relay-vision"))
    assert line.warning.isHidden() and "$" not in line.line.text()
    assert "The price of my-relay-vision is not known" in line.line.toolTip()


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_the_warning_row_is_drawn_in_the_theme_notice_colour(
    line: FlightLine, qtbot: QtBot, palette: Callable[[], QPalette]
) -> None:
    chosen = palette()
    line.setPalette(chosen)
    line.show_plan(plan([sized(400, 300) for _ in range(101)]))
    qtbot.waitUntil(lambda: line.warning.isVisible() and line.warning.width() > 0)
    drawn = most_common_colour(line.warning.grab().toImage())
    assert drawn.name() == style_tokens(chosen)["notice_background"]
