"""The conversation history for the window: the SQLite store lives on one disk thread of its own.

Every store call goes through :meth:`HistoryController.call`, which runs it on that thread (in order) and
hands the result back on the GUI thread. The store is opened by the first job, after the window is painted; if
it cannot be opened, every later call tries again (a folder made writable, a lock released: saving resumes).

A damaged history is set aside by the store (at open, or when a query finds the damage: the store is then
restarted and the call tried once more); ``damaged`` says so, once.

The Usage window reads its figures with :meth:`HistoryController.load_usage` and writes its CSV with
:meth:`HistoryController.export_usage`; the budget check asks :meth:`HistoryController.spent_this_month`.

Signals: ``conversations_listed(list[ConversationSummary])``, ``failed(VisionDesktopError)`` (the history could
not be opened), ``damaged(DamagedHistory)`` (a damaged history was set aside, a new one started).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.storage.paths import AppPaths
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:
    from vision_desktop.storage.history import HistoryStore, UsageReport

log = logging.getLogger(__name__)


class HistoryController(QObject):
    conversations_listed = Signal(object)
    failed = Signal(object)
    damaged = Signal(object)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = TaskRunner(self, max_threads=1, name="history", priority=QThread.Priority.LowPriority)
        self._holder: dict[str, HistoryStore] = {}
        self._opened = False
        self._closed = False
        self.available = True

    def open(self) -> None:
        """Open (and migrate, and recover) the store on the history thread."""
        if self._opened:
            return
        self._opened = True

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

        self._runner.run(self._open_store, self._on_opened, failed)

    def _open_store(self) -> Any:
        """On the history thread: the open store, opening it if needed. Returns a set-aside damaged history
        (to report) or ``None``."""
        from vision_desktop.storage.history import HistoryStore

        if "store" in self._holder:
            return None
        store = HistoryStore.open(self._paths)
        self._holder["store"] = store
        return store.set_aside

    def _on_opened(self, damaged: Any) -> None:
        self.available = True
        if damaged is not None:
            self.damaged.emit(damaged)

    def call(
        self,
        fn: Callable[[HistoryStore], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``fn(store)`` on the history thread, after every call made before it.

        ``on_error`` gets a :class:`HistoryError` for the store's own failures (``sqlite3``, ``OSError``: see
        ``storage.history.history_error``), other exceptions as they are.

        After :meth:`close` nothing runs: a late callback (a refresh after the last answer was recorded) must not
        open the store again on a pool thread that outlives the window.
        """
        if self._closed:
            log.debug("history call after close dropped")
            return
        self.open()
        holder = self._holder
        found: list[Any] = []

        def work() -> Any:
            import sqlite3

            from vision_desktop.storage.history import history_error, is_damage

            try:
                if "store" not in holder:
                    found.append(self._open_store())  # opening failed before: try again
                store = holder["store"]
                try:
                    return fn(store)
                except (sqlite3.DatabaseError, VisionDesktopError) as exc:
                    if not is_damage(exc):
                        raise
                    found.append(store.set_aside_damaged(exc))
                    return fn(store)
            except (sqlite3.Error, OSError) as exc:
                raise history_error(exc) from exc

        def done(result: Any) -> None:
            for damaged in found:
                self._on_opened(damaged)
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            for damaged in found:
                self._on_opened(damaged)
            log.warning("history: %s", getattr(exc, "message", exc))
            if on_error is not None:
                on_error(exc)

        self._runner.run(work, done, failed)

    def refresh_list(self, limit: int = 500) -> None:
        self.call(lambda store: store.list_conversations(limit=limit), self.conversations_listed.emit)

    # -- the cost ledger ---------------------------------------------------------------------------------
    def load_usage(
        self,
        on_done: Callable[[UsageReport], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        days: int = 30,
    ) -> None:
        """Read the Usage window's figures (a :class:`UsageReport`: today, this month, all time, the last
        ``days`` days, every month) on the history thread."""
        self.call(lambda store: store.usage_report(days), on_done, on_error)

    def spent_this_month(
        self,
        currency: str,
        on_done: Callable[[float], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """What this month's answers cost in ``currency`` (for the monthly budget), read on the history thread."""
        self.call(lambda store: store.spent_this_month(currency), on_done, on_error)

    def export_usage(
        self,
        path: Path,
        header: Sequence[str],
        on_done: Callable[[int], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Write the ledger to ``path`` as CSV on the history thread; ``on_done`` gets the number of rows."""
        target = Path(path)
        columns = tuple(header)
        self.call(lambda store: store.export_usage_csv(target, columns), on_done, on_error)

    def store_for_worker(self) -> HistoryStore | None:
        """The open store, or ``None`` before it is opened (or after a failed open): to tell whether it is open.
        Its methods are called through :meth:`call`, on the history thread."""
        return self._holder.get("store")

    def close(self, msecs: int = 5000) -> None:
        if self._closed:
            return
        self._closed = True
        holder = self._holder

        def work() -> None:
            store = holder.pop("store", None)
            if store is not None:
                store.close()

        self._runner.run(work)
        self._runner.wait(msecs)
