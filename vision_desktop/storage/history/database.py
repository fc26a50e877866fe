"""The store's one SQLite connection: opened with the right settings, shared by threads, written in transactions.

Threads
    One ``sqlite3`` connection per store, opened with ``check_same_thread=False`` and guarded by a re-entrant
    lock: every public method of the store takes the lock for the few SQL statements it runs, so calls from several
    threads are serialised and never interleave inside a transaction. Slow file work (hashing, writing an image,
    making a thumbnail) happens before the lock is taken.

Durability
    ``journal_mode=WAL`` with ``synchronous=NORMAL``: a committed transaction survives the process being killed
    (``kill -9``, a crash), because the WAL is written to the OS before the commit returns; only a power loss or an
    OS crash may roll back the last few commits.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from vision_desktop.core.errors import HistoryDamagedError, HistoryError
from vision_desktop.core.i18n import tr

__all__ = ["Database", "connect", "set_up"]


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection to ``path`` (created if missing), not yet set up: see :func:`set_up`."""
    return sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=timeout)


def set_up(conn: sqlite3.Connection, timeout: float) -> None:
    """WAL, foreign keys, the busy timeout; raises :class:`HistoryDamagedError` when ``quick_check`` fails."""
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    check = conn.execute("PRAGMA quick_check(1)").fetchone()
    if check is None or check[0] != "ok":
        raise HistoryDamagedError(detail=f"quick_check: {check[0] if check else 'no answer'}")


class Database:
    """The open connection (``None`` while closed) and the lock every use of it takes."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.conn: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection; take :attr:`lock` while using it."""
        if self.conn is None:
            raise HistoryError(tr("errors", "The history is closed."))
        return self.conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction under the lock."""
        with self.lock:
            conn = self.connection
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back (a full disk, an I/O error); a transaction left open would
                # make every later write fail with "cannot start a transaction within a transaction".
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
