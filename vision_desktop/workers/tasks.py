"""Small jobs off the GUI thread (keyring calls, model lists, settings writes, connection tests).

``TaskRunner.run(fn, on_done, on_error)`` runs ``fn()`` on a bounded ``QThreadPool`` and calls ``on_done(result)``
or ``on_error(exception)`` back on the GUI thread. A runner that is deleted drops late results.

A runner made with a low ``priority`` really runs below the GUI thread: Qt's thread priorities do nothing under
Linux's normal scheduler (every level maps to the one static priority there), so on Linux each pool thread is
also given a "nice" value the first time it runs a job (``LowPriority`` → 10, ``LowestPriority`` → 15,
``IdlePriority`` → 19). The window then keeps a core when image work and the GUI want the CPU at once.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

from vision_desktop.workers.threads import track_pool

log = logging.getLogger(__name__)

_NICE = {
    QThread.Priority.LowPriority: 10,
    QThread.Priority.LowestPriority: 15,
    QThread.Priority.IdlePriority: 19,
}
_this_thread = threading.local()  # .niced: the nice value this pool thread was given already


def _lower_this_thread(nice: int) -> None:
    """Give the calling thread ``nice`` (Linux only: there a thread is a task with its own nice value)."""
    if not sys.platform.startswith("linux"):
        return
    if getattr(_this_thread, "niced", 0) >= nice:
        return
    _this_thread.niced = nice
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, tid, max(nice, os.getpriority(os.PRIO_PROCESS, tid)))


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, job_id: int, fn: Callable[[], Any], nice: int = 0) -> None:
        super().__init__()
        self._runner = runner
        self._id = job_id
        self._fn = fn
        self._nice = nice
        self.setAutoDelete(True)

    def run(self) -> None:
        if self._nice:
            _lower_this_thread(self._nice)
        try:
            result = self._fn()
        except BaseException as exc:
            ok, payload = False, exc
        else:
            ok, payload = True, result
        with contextlib.suppress(RuntimeError):  # the runner was deleted while we worked
            self._runner.job_finished.emit(self._id, ok, payload)


class TaskRunner(QObject):
    """Signals: ``job_finished(int, bool, object)`` (internal; use the callbacks of :meth:`run`)."""

    job_finished = Signal(int, bool, object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_threads: int = 2,
        name: str = "tasks",
        priority: QThread.Priority = QThread.Priority.InheritPriority,
    ) -> None:
        super().__init__(parent)
        self._pool = track_pool(QThreadPool(self))
        self._pool.setObjectName(name)
        self._pool.setMaxThreadCount(max_threads)
        self._pool.setThreadPriority(priority)
        self._nice = _NICE.get(priority, 0)
        self._ids = itertools.count(1)
        self._callbacks: dict[
            int, tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]
        ] = {}
        self.job_finished.connect(self._on_job_finished)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        self._pool.start(_Job(self, job_id, fn, self._nice))
        return job_id

    def forget(self, job_id: int) -> None:
        """Drop the callbacks of a job whose result is no longer wanted."""
        self._callbacks.pop(job_id, None)

    @Slot(int, bool, object)
    def _on_job_finished(self, job_id: int, ok: bool, payload: Any) -> None:
        on_done, on_error = self._callbacks.pop(job_id, (None, None))
        if ok:
            if on_done is not None:
                on_done(payload)
        elif on_error is not None:
            on_error(payload)
        elif payload is not None:
            log.warning("background task failed: %s", payload)

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0
