"""The conversation history for the window: the SQLite store lives on one disk thread of its own.

Every store call goes through :meth:`HistoryController.call`, which runs it on that thread (in order) and
hands the result back on the GUI thread. The store is opened by the first job, after the window is painted.

Signals: ``conversations_listed(list[ConversationSummary])``, ``failed(VisionDesktopError)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.storage.paths import AppPaths
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:
    from vision_desktop.storage.history import HistoryStore

log = logging.getLogger(__name__)


class HistoryController(QObject):
    conversations_listed = Signal(object)
    failed = Signal(object)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = TaskRunner(self, max_threads=1, name="history", priority=QThread.Priority.LowPriority)
        self._holder: dict[str, HistoryStore] = {}
        self._opened = False
        self.available = True

    def open(self) -> None:
        """Open (and migrate, and recover) the store on the history thread."""
        if self._opened:
            return
        self._opened = True
        paths, holder = self._paths, self._holder

        def work() -> int:
            from vision_desktop.storage.history import HistoryStore

            store = HistoryStore.open(paths)
            holder["store"] = store
            return store.recovered_turns

        def failed(exc: BaseException) -> None:
            self.available = False
            log.error("the history could not be opened: %s", exc)
            self.failed.emit(
                exc
                if isinstance(exc, VisionDesktopError)
                else VisionDesktopError(
                    "The conversation history could not be opened; new conversations will not be saved.",
                    detail=repr(exc),
                )
            )

        self._runner.run(work, None, failed)

    def call(
        self,
        fn: Callable[[HistoryStore], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``fn(store)`` on the history thread, after every call made before it."""
        self.open()
        holder = self._holder

        def work() -> Any:
            store = holder.get("store")
            if store is None:
                raise VisionDesktopError("The conversation history is not available.")
            return fn(store)

        def failed(exc: BaseException) -> None:
            log.warning("history: %s", getattr(exc, "message", exc))
            if on_error is not None:
                on_error(exc)

        self._runner.run(work, on_done, failed)

    def refresh_list(self, limit: int = 500) -> None:
        self.call(lambda store: store.list_conversations(limit=limit), self.conversations_listed.emit)

    def store_for_worker(self) -> HistoryStore | None:
        """The store, for a request worker that must read images of earlier turns (the store is thread-safe)."""
        return self._holder.get("store")

    def close(self, msecs: int = 5000) -> None:
        holder = self._holder

        def work() -> None:
            store = holder.pop("store", None)
            if store is not None:
                store.close()

        self._runner.run(work)
        self._runner.wait(msecs)
