"""Settings' Costs and Images groups: the model's list price shown and editable, a currency and a monthly budget,
the image profile ("Automatic: …" first), tiles and PDF pages; saved into the settings and shown again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox
from pytestqt.qtbot import QtBot

from tests.helpers.relay import Reply, ScriptedRelay, error_body
from vision_desktop.storage.paths import app_paths
from vision_desktop.storage.secrets import MemorySecretStore
from vision_desktop.storage.settings import Settings, SettingsStore
from vision_desktop.ui.dialogs.settings_dialog import SettingsDialog
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.workers.tasks import TaskRunner

pytestmark = pytest.mark.gui

SONNET = "claude-sonnet-4-20250514"


def retype(qtbot: QtBot, spin: QDoubleSpinBox | QSpinBox, text: str) -> None:
    """Select the field's text and type over it, as a person does."""
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    spin.interpretText()


@pytest.fixture
def dialog(qtbot: QtBot) -> Iterator[SettingsDialog]:
    tasks = TaskRunner()
    made = SettingsDialog(
        Settings(model=SONNET), MemorySecretStore(), tasks, [SONNET, "gpt-4o", "my-local-vlm"]
    )
    qtbot.addWidget(made)
    made.show()
    yield made
    made.reject()
    tasks.wait()


def test_the_models_list_price_and_profile_are_shown_and_follow_the_model(dialog: SettingsDialog) -> None:
    assert (dialog.input_price.value(), dialog.output_price.value()) == (3.0, 15.0)
    assert "the list price" in dialog.price_note.text() and SONNET in dialog.price_note.text()
    assert dialog.profile.itemText(0) == "Automatic: Claude (1568 px)" and dialog.profile.currentIndex() == 0
    dialog.model.setCurrentText("gpt-4o")
    assert (dialog.input_price.value(), dialog.output_price.value()) == (2.5, 10.0)
    assert dialog.profile.itemText(0).startswith("Automatic: GPT-4o")
    dialog.model.setCurrentText("my-local-vlm")
    assert (dialog.input_price.value(), dialog.output_price.value()) == (0.0, 0.0)
    assert "none is known" in dialog.price_note.text()
    assert dialog.profile.itemText(0) == "Automatic: Claude (1568 px)"  # the conservative default


def test_a_list_price_left_alone_is_not_saved_as_the_persons_own(
    qtbot: QtBot, dialog: SettingsDialog
) -> None:
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settings: Settings = saved.args[0]
    assert settings.prices == {} and settings.model_profiles == {}
    assert settings.price_for(SONNET) is not None  # the list price keeps applying


def test_a_non_dollar_currency_asks_for_the_services_prices(qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.currency.setCurrentText("")
    qtbot.keyClicks(dialog.currency, "CNY")
    assert "list price in US dollars" in dialog.price_note.text() and "in CNY" in dialog.price_note.text()
    assert dialog.budget.suffix() == " CNY"


def test_costs_and_images_round_trip_through_the_window(
    qtbot: QtBot, make_window: Callable[..., MainWindow], vd_home: Path
) -> None:
    window = make_window()
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    dialog.model.setCurrentText("my-local-vlm")
    retype(qtbot, dialog.input_price, "20")
    retype(qtbot, dialog.output_price, "80.5")
    dialog.currency.setCurrentText("")
    qtbot.keyClicks(dialog.currency, "CNY")
    retype(qtbot, dialog.budget, "300")
    assert "yours" in dialog.price_note.text()
    dialog.profile.setCurrentIndex(dialog.profile.findData("claude-large"))
    dialog.tiles.setChecked(False)
    retype(qtbot, dialog.pdf_pages, "12")
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settings = window.settings
    assert settings.model == "my-local-vlm"
    assert settings.prices == {"my-local-vlm": (20.0, 80.5)}
    assert (settings.currency, settings.monthly_budget) == ("CNY", 300.0)
    assert settings.model_profiles == {"my-local-vlm": "claude-large"}
    assert (settings.tile_images, settings.pdf_pages) == (False, 12)
    price = settings.price_for("my-local-vlm")
    assert price is not None and price.currency == "CNY" and price.cost(1_000_000, 0) == 20.0
    window.close()

    again = make_window()
    assert SettingsStore(app_paths({"VISION_DESKTOP_HOME": str(vd_home)}).settings_file).load().prices == {
        "my-local-vlm": (20.0, 80.5)
    }
    again.open_settings()
    shown = again.settings_dialog
    assert shown is not None
    assert (shown.input_price.value(), shown.output_price.value()) == (20.0, 80.5)
    assert shown.currency.currentText() == "CNY" and shown.budget.value() == 300.0
    assert shown.profile.currentData() == "claude-large"
    assert not shown.tiles.isChecked() and shown.pdf_pages.value() == 12
    shown.profile.setCurrentIndex(0)  # back to Automatic: the choice is removed
    with qtbot.waitSignal(shown.settings_saved, timeout=5000):
        qtbot.mouseClick(shown.save_button, Qt.MouseButton.LeftButton)
    assert again.settings.model_profiles == {}


def test_what_a_relay_teaches_while_settings_is_open_is_kept_on_save(
    qtbot: QtBot, make_window: Callable[..., MainWindow], relay: ScriptedRelay, vd_home: Path
) -> None:
    """A question answered while Settings is open, after the relay refused ``temperature``: saving the dialog (made
    from the settings as they were when it opened) must not forget what the relay taught."""
    window = make_window()
    window.model_combo.setCurrentText("relay-reasoner")
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    relay.push(
        Reply(400, error_body("Unsupported parameter: 'temperature' is not supported with this model."))
    )
    window.prompt.setPlainText("Hello?")
    window.send()
    qtbot.waitUntil(lambda: bool(window.settings.learned_params), timeout=10000)
    retype(qtbot, dialog.budget, "42")
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.settings.monthly_budget == 42.0
    assert window.settings.learned_params == {"relay-reasoner": {"temperature": ""}}
    window.close()
    stored = SettingsStore(app_paths({"VISION_DESKTOP_HOME": str(vd_home)}).settings_file).load()
    assert stored.learned_params == {"relay-reasoner": {"temperature": ""}}
