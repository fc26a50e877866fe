"""Backups of the history database: making them, keeping the newest daily ones, listing them, checking one.

Files (beside the database)::

    backups/history-<time>-v<N>.sqlite3     made before any schema migration
    backups/history-<time>-v<N>-<kind>.sqlite3   by hand (``manual``), or before a restore (``before-restore``)
    backups/daily-YYYY-MM-DD.sqlite3        once a day, the newest 7 kept

Each backup is one self-contained file made with SQLite's backup API from the live connection; the caller holds
the store's lock while it is made. Restoring (copying a backup over the live database and reopening it) is the
store's own job: see :meth:`HistoryStore.restore_backup`.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from vision_desktop.core.errors import HistoryError
from vision_desktop.core.i18n import tr
from vision_desktop.storage.history.records import BackupInfo

__all__ = ["Backups", "copy_database", "images_in", "open_backup", "stamp"]

log = logging.getLogger(__name__)


def stamp() -> str:
    """The time in backup names."""
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def copy_database(source: sqlite3.Connection, path: Path) -> Path:
    """Copy a live database to ``path`` with the SQLite backup API, as one self-contained file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    dest = sqlite3.connect(tmp)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    os.replace(tmp, path)
    log.info("history backed up to %s", path)
    return path


def open_backup(path: Path) -> sqlite3.Connection:
    """A read-only connection to a backup, checked to be an undamaged Vision Desktop history.

    Raises :class:`HistoryError` when it is not one. Close the connection when done.
    """
    try:
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise HistoryError(tr("errors", "This file is not a history backup."), detail=str(exc)) from exc
    try:
        try:
            ok = src.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise HistoryError(tr("errors", "This file is not a history backup."), detail=str(exc)) from exc
        if not ok or not {"conversations", "turns"} <= tables:
            raise HistoryError(tr("errors", "This file is not a usable history backup."), detail=str(path))
    except BaseException:
        src.close()
        raise
    return src


def images_in(paths: Iterable[Path]) -> set[str]:
    """The hashes of the images the databases at ``paths`` (backups, damaged histories) refer to."""
    shas: set[str] = set()
    for path in paths:
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            continue
        try:
            shas.update(r[0] for r in conn.execute("SELECT sha256 FROM images"))
        except sqlite3.Error:
            pass
        finally:
            conn.close()
    return shas


class Backups:
    """The backups folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _unique_path(self, stem: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{stem}.sqlite3"
        n = 2
        while path.exists():
            path = self.folder / f"{stem}-{n}.sqlite3"
            n += 1
        return path

    def make(self, conn: sqlite3.Connection, suffix: str = "") -> Path:
        """Back up ``conn`` as ``history-<time>-v<N><suffix>.sqlite3``; the caller holds the store's lock."""
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        return copy_database(conn, self._unique_path(f"history-{stamp()}-v{version}{suffix}"))

    def daily_path(self, day: _dt.date) -> Path:
        return self.folder / f"daily-{day.isoformat()}.sqlite3"

    def rotate_daily(self, keep: int) -> None:
        """Delete all but the newest ``keep`` (at least one) daily backups."""
        dailies = sorted(self.folder.glob("daily-????-??-??.sqlite3"), key=lambda p: p.name, reverse=True)
        for old in dailies[max(keep, 1) :]:
            with contextlib.suppress(OSError):
                old.unlink()

    def list(self) -> list[BackupInfo]:
        """Every backup, newest first."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in self.folder.glob("*.sqlite3"):
            try:
                stat = path.stat()
            except OSError:
                continue
            name = path.name
            kind: Literal["daily", "migration", "restore", "other"] = (
                "daily"
                if name.startswith("daily-")
                else "restore"
                if "before-restore" in name
                else "migration"
                if re.fullmatch(r"history-\d{8}-\d{6}-v\d+(-\d+)?\.sqlite3", name)
                else "other"
            )
            out.append(BackupInfo(path, kind, stat.st_mtime, stat.st_size))
        out.sort(key=lambda b: (b.created, b.path.name), reverse=True)
        return out

    def remove_all(self) -> None:
        for backup in self.list():
            with contextlib.suppress(OSError):
                backup.path.unlink()
