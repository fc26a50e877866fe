"""Failures of the store as errors a person can act on: any ``sqlite3``/``OSError`` becomes a :class:`HistoryError`.

:func:`history_error` makes a :class:`HistorySaveError` with a ``reason`` (``read-only``, ``full``, ``write-error``,
``locked``, ``unavailable``) for the failures a person can act on, or a :class:`HistoryDamagedError` when the file
itself is damaged (:func:`is_damage`). The classes live in the one error tree, :mod:`vision_desktop.core.errors`.
"""

from __future__ import annotations

import errno
import sqlite3

from vision_desktop.core.errors import HistoryDamagedError, HistoryError, HistorySaveError, SaveReason
from vision_desktop.core.i18n import N_, tr

__all__ = ["history_error", "is_damage"]

_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
_SAVE_SENTENCES: dict[SaveReason, str] = {
    "read-only": N_("errors", "The history folder cannot be written to (it is read-only)."),
    "full": N_("errors", "The disk is full."),
    "write-error": N_("errors", "The disk refused to write the history (it may be full or failing)."),
    "locked": N_("errors", "The history is locked by another program."),
    "unavailable": N_("errors", "The history file cannot be opened or written."),
}


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the database file itself is damaged (not: locked, read-only, full)."""
    if isinstance(exc, HistoryDamagedError):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def history_error(exc: BaseException) -> HistoryError:
    """A :class:`HistoryError` for any failure of the store (``sqlite3.Error``, ``OSError``, or one already)."""
    if isinstance(exc, HistoryError):
        return exc
    detail = f"{type(exc).__name__}: {exc}"
    if is_damage(exc):
        return HistoryDamagedError(detail=detail)
    reason: SaveReason = "unavailable"
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        text = str(exc).lower()
        if code == _SQLITE_READONLY or "readonly" in text:
            reason = "read-only"
        elif code == _SQLITE_FULL or "disk is full" in text:
            reason = "full"
        elif code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
            reason = "locked"
        elif code == _SQLITE_IOERR:
            reason = "write-error"
    elif isinstance(exc, OSError):
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            reason = "read-only"
        elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            reason = "full"
        elif exc.errno in (errno.EIO, errno.EFBIG):
            reason = "write-error"
    return HistorySaveError(tr("errors", _SAVE_SENTENCES[reason]), reason=reason, detail=detail)
