"""Small timer helpers for the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def single_shot_timer(parent: QObject, msecs: int, slot: Callable[[], None]) -> QTimer:
    """A restartable one-shot timer: ``start()`` again before it fires and it waits anew (a debounce)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer
