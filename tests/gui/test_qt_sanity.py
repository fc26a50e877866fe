"""Guards against Qt-binding bugs that would take the app down in normal use."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    text = Signal(int, str)
    bare = Signal()


def test_emitting_signals_does_not_leak_references_to_true_and_false() -> None:
    """PySide6-Essentials 6.12.0 dropped a reference to a bool on every ``emit``; on Python 3.11 (where True and
    False are not immortal) a streamed answer of ~600 chunks then aborted the process with ``bool_dealloc``."""
    emitter = _Emitter()
    received: list[object] = []
    emitter.text.connect(lambda *a: received.append(a))
    emitter.bare.connect(lambda: received.append(None))
    before = (sys.getrefcount(True), sys.getrefcount(False))
    for i in range(200):
        emitter.text.emit(i, "word ")
        emitter.bare.emit()
    after = (sys.getrefcount(True), sys.getrefcount(False))
    assert len(received) == 400
    assert abs(after[0] - before[0]) < 20 and abs(after[1] - before[1]) < 20, (before, after)
