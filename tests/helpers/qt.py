"""Qt test helpers (imported only once PySide6 is loaded)."""

from __future__ import annotations

from vision_desktop.workers.threads import running_threads


def running_qthreads() -> list[str]:
    return running_threads()
