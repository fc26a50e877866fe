"""Spin boxes configured from the one definition of each setting's range (``storage.settings``)."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from vision_desktop.storage.settings import MAX_TOKENS, TEMPERATURE


def configure_temperature(spin: QDoubleSpinBox) -> None:
    spin.setRange(TEMPERATURE.minimum, TEMPERATURE.maximum)
    spin.setSingleStep(TEMPERATURE.step)
    spin.setDecimals(TEMPERATURE.decimals)


def configure_max_tokens(spin: QSpinBox) -> None:
    spin.setRange(MAX_TOKENS.minimum, MAX_TOKENS.maximum)
    spin.setSingleStep(256)
    spin.setGroupSeparatorShown(True)
