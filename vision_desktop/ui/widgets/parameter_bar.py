"""The parameter bar under the composer: provider, model, temperature, max tokens and Settings.

A row that wraps, never an overflow menu: on a narrow window (or with longer translated labels, or a large text
scale) what does not fit moves to a second line, so every control stays one click away. The model box takes
the room left in its line; Settings keeps to the right end of its line.

Signals (only for changes the person makes, never for :meth:`ParameterBar.show_settings`):

* ``provider_changed(str)``: the provider id
* ``model_changed(str)``: the model name, stripped (never empty)
* ``sampling_changed(Sampling)``: temperature and max tokens
* ``settings_requested()``: the Settings button
* ``height_changed()``: the bar wrapped onto more or fewer lines
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
    QWidgetItem,
)

from vision_desktop.api.providers import PRESETS, provider_name
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.ranges import configure_max_tokens, configure_temperature


@dataclass(frozen=True)
class Sampling:
    temperature: float
    max_tokens: int


class FlowLayout(QLayout):
    """Items side by side at their preferred width, wrapping to the next line when the width runs out.

    In each line the items that expand horizontally share the width left over; in a line without one, the
    leftover goes before the first item added with ``trailing=True`` (so it keeps to the right end).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 8, line_spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._trailing: set[int] = set()
        self._spacing = spacing
        self._line_spacing = line_spacing

    def add_widget(self, widget: QWidget, *, trailing: bool = False) -> None:
        if trailing:
            self._trailing.add(len(self._items))
        self.addWidget(widget)

    def insert_widget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._trailing = {i + (i >= index) for i in self._trailing}
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    # -- QLayout ---------------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self._trailing = {i - (i > index) for i in self._trailing if i != index}
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for _, item in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for _, item in shown), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """The widest item alone on a line."""
        shown = self._shown()
        width = max((item.minimumSize().width() for _, item in shown), default=0)
        height = max((item.sizeHint().height() for _, item in shown), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    # -- arranging -------------------------------------------------------------------------------------
    def _shown(self) -> list[tuple[int, QLayoutItem]]:
        return [(i, item) for i, item in enumerate(self._items) if not item.isEmpty()]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        width = max(1, area.width())
        lines: list[list[tuple[int, QLayoutItem, int]]] = [[]]
        used = 0
        for index, item in self._shown():
            wanted = min(max(item.sizeHint().width(), item.minimumSize().width()), width)
            if lines[-1] and used + self._spacing + wanted > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + wanted
            lines[-1].append((index, item, wanted))
        y = area.y()
        for line in (line for line in lines if line):
            height = max(item.sizeHint().height() for _, item, _ in line)
            if apply:
                self._place(line, area.x(), y, width, height)
            y += height + self._line_spacing
        return y - self._line_spacing - area.y() + margins.top() + margins.bottom() if lines[0] else 0

    def _place(
        self, line: list[tuple[int, QLayoutItem, int]], x: int, y: int, width: int, height: int
    ) -> None:
        widths = [wanted for _, _, wanted in line]
        spare = width - sum(widths) - self._spacing * (len(line) - 1)
        growing = [
            n for n, (_, item, _) in enumerate(line) if item.expandingDirections() & Qt.Orientation.Horizontal
        ]
        gap_before = -1
        if growing and spare > 0:
            for k, n in enumerate(growing):
                share = spare // len(growing) + (1 if k < spare % len(growing) else 0)
                widths[n] = min(widths[n] + share, line[n][1].maximumSize().width())
        elif spare > 0:
            gap_before = next((n for n, (index, _, _) in enumerate(line) if index in self._trailing), -1)
        for n, (_, item, _) in enumerate(line):
            if n == gap_before:
                x += spare
            item_height = min(height, max(item.sizeHint().height(), item.minimumSize().height()))
            item.setGeometry(QRect(QPoint(x, y + (height - item_height) // 2), QSize(widths[n], item_height)))
            x += widths[n] + self._spacing


class ParameterBar(QWidget):
    provider_changed = Signal(str)
    model_changed = Signal(str)
    sampling_changed = Signal(Sampling)
    settings_requested = Signal()
    height_changed = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parameterBar")
        self.setAccessibleName(self.tr("Parameters"))
        self._flow = FlowLayout(self)
        self._flow.setContentsMargins(0, 0, 0, 0)
        # Minimum, not Fixed: a fixed height would cap the bar at one line when it wraps
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.provider_combo = QComboBox(self)
        self.provider_combo.setObjectName("providerCombo")
        self.provider_combo.setAccessibleName(self.tr("Provider"))
        for preset in PRESETS:
            self.provider_combo.addItem(provider_name(preset.id), preset.id)
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
        self.model_combo.setMinimumContentsLength(16)
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

        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.setIcon(QIcon.fromTheme("preferences-system"))
        self.settings_button.setAccessibleName(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("Providers, keys and defaults (Ctrl+,)"))
        self.settings_button.clicked.connect(self.settings_requested)
        self._flow.add_widget(self.settings_button, trailing=True)

        self.show_settings(settings, [settings.model, *settings.recent_models])
        self.provider_combo.currentIndexChanged.connect(self._on_provider_combo_changed)
        self.model_combo.currentTextChanged.connect(self._on_model_combo_text_changed)
        self.temperature_spin.valueChanged.connect(self._on_sampling_changed)
        self.max_tokens_spin.valueChanged.connect(self._on_sampling_changed)

    def _labelled(self, text: str, widget: QWidget, stretch: bool = False) -> None:
        group = QWidget(self)
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        label = QLabel(text, group)
        label.setBuddy(widget)
        row.addWidget(label)
        widget.setParent(group)
        row.addWidget(widget, 1 if stretch else 0)
        horizontal = QSizePolicy.Policy.Expanding if stretch else QSizePolicy.Policy.Fixed
        group.setSizePolicy(horizontal, QSizePolicy.Policy.Fixed)
        self._flow.add_widget(group)

    def add_widget(self, widget: QWidget) -> None:
        """Place another control in the bar, before Settings."""
        self._flow.insert_widget(self._flow.count() - 1, widget)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().height() != event.size().height():
            self.height_changed.emit()

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
        line = self.model_combo.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # a long name shows its start, not its end, when the box is narrow

    def tab_chain(self) -> list[QWidget]:
        """The bar's widgets in keyboard order."""
        return [
            self.provider_combo,
            self.model_combo,
            self.temperature_spin,
            self.max_tokens_spin,
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


__all__ = ["FlowLayout", "ParameterBar", "Sampling"]
