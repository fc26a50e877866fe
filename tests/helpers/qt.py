"""Qt test helpers (imported only once PySide6 is loaded)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QThread


def running_qthreads() -> list[str]:
    app = QCoreApplication.instance()
    if app is None:
        return []
    names = []
    for thread in app.findChildren(QThread):
        if thread.isRunning():
            names.append(thread.objectName() or repr(thread))
    return names
