"""Bookkeeping of the app's threads, so quitting (and the tests) can tell none is left running."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QThread, QThreadPool

_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
_POOLS: weakref.WeakSet[QThreadPool] = weakref.WeakSet()


def track_thread(thread: QThread) -> QThread:
    _THREADS.add(thread)
    return thread


def track_pool(pool: QThreadPool) -> QThreadPool:
    _POOLS.add(pool)
    return pool


def running_threads() -> list[str]:
    out = []
    for thread in list(_THREADS):
        try:
            if thread.isRunning():
                out.append(thread.objectName() or "QThread")
        except RuntimeError:  # the C++ object is gone
            continue
    for pool in list(_POOLS):
        try:
            if pool.activeThreadCount():
                out.append(f"{pool.objectName() or 'QThreadPool'} ({pool.activeThreadCount()} active)")
        except RuntimeError:
            continue
    return out
