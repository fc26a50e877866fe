"""The parameter bar at the top of the window: provider, model, temperature, max tokens, New and Settings.

A tool bar, not a row of widgets: on a narrow window (or with longer translated labels) what does not fit moves
into the bar's overflow menu instead of forcing the window wider.

Signals (only for changes the person makes, never for :meth:`ParameterBar.show_settings`):

* ``provider_changed(str)``: the provider id
* ``model_changed(str)``: the model name, stripped (never empty)
* ``sampling_changed(Sampling)``: temperature and max tokens
* ``new_requested()``, ``settings_requested()``: the two buttons
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QWidget,
)

from vision_desktop.api.providers import PRESETS
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.ranges import configure_max_tokens, configure_temperature


@dataclass(frozen=True)
class Sampling:
    temperature: float
    max_tokens: int


class ParameterBar(QToolBar):
    provider_changed = Signal(str)
    model_changed = Signal(str)
    sampling_changed = Signal(Sampling)
    new_requested = Signal()
    settings_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Parameters"), parent)
        self.setObjectName("parameterBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setEnabled(False)

        self.provider_combo = QComboBox(self)
        self.provider_combo.setObjectName("providerCombo")
        self.provider_combo.setAccessibleName(self.tr("Provider"))
        for preset in PRESETS:
            self.provider_combo.addItem(preset.name, preset.id)
        self.provider_combo.setMinimumContentsLength(9)
        self.provider_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )

        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("modelCombo")
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.setToolTip(self.tr("Pick a model or type its name"))
        self.model_combo.setMinimumContentsLength(24)
        self.model_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.temperature_spin = QDoubleSpinBox(self)
        self.temperature_spin.setObjectName("temperatureSpin")
        configure_temperature(self.temperature_spin)
        self.temperature_spin.setAccessibleName(self.tr("Temperature"))
        self.temperature_spin.setToolTip(self.tr("Lower is more focused, higher is more varied (0 to 2)"))

        self.max_tokens_spin = QSpinBox(self)
        self.max_tokens_spin.setObjectName("maxTokensSpin")
        configure_max_tokens(self.max_tokens_spin)
        self.max_tokens_spin.setAccessibleName(self.tr("Maximum answer length in tokens"))
        self.max_tokens_spin.setToolTip(self.tr("The longest answer the model may write, in tokens"))

        self._labelled(self.tr("&Provider:"), self.provider_combo)
        self._labelled(self.tr("&Model:"), self.model_combo, stretch=True)
        self._labelled(self.tr("&Temperature:"), self.temperature_spin)
        self._labelled(self.tr("Max t&okens:"), self.max_tokens_spin)

        self.new_button = QPushButton(self.tr("New conversation"), self)
        self.new_button.setObjectName("newConversationButton")
        self.new_button.setAccessibleName(self.tr("New conversation"))
        self.new_button.setToolTip(self.tr("Start afresh (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.addWidget(self.new_button)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.setAccessibleName(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("Providers, keys and defaults (Ctrl+,)"))
        self.settings_button.clicked.connect(self.settings_requested)
        self.addWidget(self.settings_button)

        self.show_settings(settings, [settings.model, *settings.recent_models])
        self.provider_combo.currentIndexChanged.connect(self._on_provider_combo_changed)
        self.model_combo.currentTextChanged.connect(self._on_model_combo_text_changed)
        self.temperature_spin.valueChanged.connect(self._on_sampling_changed)
        self.max_tokens_spin.valueChanged.connect(self._on_sampling_changed)

    def _labelled(self, text: str, widget: QWidget, stretch: bool = False) -> None:
        group = QWidget(self)
        row = QHBoxLayout(group)
        row.setContentsMargins(4, 2, 8, 2)
        row.setSpacing(4)
        label = QLabel(text, group)
        label.setBuddy(widget)
        row.addWidget(label)
        widget.setParent(group)
        row.addWidget(widget, 1 if stretch else 0)
        horizontal = QSizePolicy.Policy.Expanding if stretch else QSizePolicy.Policy.Fixed
        group.setSizePolicy(horizontal, QSizePolicy.Policy.Preferred)
        self.addWidget(group)

    # -- shown values (no signals) -----------------------------------------------------------------
    def show_settings(self, settings: Settings, models: Sequence[str]) -> None:
        """Show ``settings`` (after a dialog saved them, or at start) without emitting change signals."""
        widgets = (self.provider_combo, self.temperature_spin, self.max_tokens_spin)
        for widget in widgets:
            widget.blockSignals(True)
        self.provider_combo.setCurrentIndex(max(0, self.provider_combo.findData(settings.provider)))
        self.temperature_spin.setValue(settings.temperature)
        self.max_tokens_spin.setValue(settings.max_tokens)
        for widget in widgets:
            widget.blockSignals(False)
        self.set_models(models, settings.model)

    def set_models(self, models: Sequence[str], current: str) -> None:
        """Offer ``models`` (duplicates and empty names dropped, ``current`` first) and show ``current``."""
        names = [n for n in dict.fromkeys([current, *models]) if n]
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItems(names)
        self.model_combo.setCurrentText(current)
        self.model_combo.blockSignals(False)

    def tab_chain(self) -> list[QWidget]:
        """The bar's widgets in keyboard order."""
        return [
            self.provider_combo,
            self.model_combo,
            self.temperature_spin,
            self.max_tokens_spin,
            self.new_button,
            self.settings_button,
        ]

    # -- the person's changes ----------------------------------------------------------------------
    def _on_provider_combo_changed(self, _index: int) -> None:
        self.provider_changed.emit(str(self.provider_combo.currentData()))

    def _on_model_combo_text_changed(self, text: str) -> None:
        if text.strip():
            self.model_changed.emit(text.strip())

    def _on_sampling_changed(self) -> None:
        self.sampling_changed.emit(
            Sampling(round(self.temperature_spin.value(), 2), self.max_tokens_spin.value())
        )


__all__ = ["ParameterBar", "Sampling"]
