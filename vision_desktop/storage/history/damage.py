"""Setting a damaged history aside: its files are renamed out of the way, never deleted, and a new one started.

A file that is not a SQLite database, is truncated, or fails ``PRAGMA quick_check`` at open (about 0.1 s for
300 MB) is renamed to ``history-damaged-<date>-<time>.sqlite3`` (its ``-wal`` and ``-shm`` with it) and a new
history is started; :attr:`HistoryStore.set_aside` says so, once, to whoever opened it (the CLI prints a line, the
window offers to restore the latest backup). Damage found later, by a query, is handled the same way by
:meth:`HistoryStore.set_aside_damaged`. Nothing is set aside while another process has the history open (its
connection would go on writing to the renamed file).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import sqlite3
from pathlib import Path

from vision_desktop.core.errors import HistoryDamagedError
from vision_desktop.core.i18n import tr
from vision_desktop.storage.history.backups import Backups
from vision_desktop.storage.history.records import DamagedHistory

__all__ = ["damaged_files", "set_aside"]

log = logging.getLogger(__name__)


def damaged_files(folder: Path) -> list[Path]:
    """The damaged histories set aside in ``folder``, oldest first."""
    return sorted(folder.glob("history-damaged-*.sqlite3"))


def set_aside(
    db_path: Path,
    exc: BaseException,
    damaged_conn: sqlite3.Connection | None,
    *,
    in_use: bool,
    backups: Backups,
) -> DamagedHistory:
    """Rename the damaged database (``-wal`` and ``-shm`` first) out of the way and say what was done.

    ``damaged_conn`` is the connection that found the damage, still open (closing it earlier would make SQLite
    delete the ``-wal`` and ``-shm`` files): it is closed once they are renamed. When ``in_use`` (another process
    has the history open), nothing is renamed and :class:`HistoryDamagedError` says to close the other one.
    """
    if in_use:
        if damaged_conn is not None:
            with contextlib.suppress(sqlite3.Error):
                damaged_conn.close()
        raise HistoryDamagedError(
            tr(
                "errors",
                "The conversation history is damaged, and another Vision Desktop is using it. Close it, then "
                "try again: the damaged history will be set aside and a new one started.",
            ),
            detail=f"{type(exc).__name__}: {exc}",
        ) from exc
    stamp = _dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    folder = db_path.parent
    target = folder / f"history-damaged-{stamp}.sqlite3"
    n = 2
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        target = folder / f"history-damaged-{stamp}-{n}.sqlite3"
        n += 1
    try:
        for suffix in ("-wal", "-shm", ""):
            source = Path(f"{db_path}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{target}{suffix}"))
    finally:
        if damaged_conn is not None:
            with contextlib.suppress(sqlite3.Error):
                damaged_conn.close()
    reason = getattr(exc, "detail", None) or f"{type(exc).__name__}: {exc}"
    log.warning("the history was damaged (%s); set aside as %s, a new one started", reason, target)
    listed = backups.list()
    return DamagedHistory(target, str(reason), listed[0] if listed else None)
