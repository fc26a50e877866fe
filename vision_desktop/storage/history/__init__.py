"""Conversation history in SQLite: conversations, turns, images by hash, the composer's draft, search, backups.

Qt-free: plain data in and out (frozen dataclasses), safe to call from any thread. The window calls it through a
worker thread; the CLI calls it directly. Open it with :meth:`HistoryStore.open`; every public name is importable
from here.

Files (under the data folder, which ``VISION_DESKTOP_HOME`` overrides)::

    history.sqlite3                         the database (WAL mode: also -wal and -shm beside it)
    images/<sha[:2]>/<sha>.<ext>            each prepared image once, named by the SHA-256 of its bytes
    images/<sha[:2]>/<sha>.thumb.jpg        its thumbnail (≤ 256 px), made with Pillow
    backups/history-<time>-v<N>.sqlite3     made before any schema migration (and before a restore)
    backups/daily-YYYY-MM-DD.sqlite3        :meth:`HistoryStore.daily_backup`, the newest 7 kept
    locks/<token>.lock                      one per open store, locked while it is open
    history-damaged-<date>-<time>.sqlite3   a damaged history set aside (with its -wal/-shm), never deleted

One job per module:

    ``store.py``          :class:`HistoryStore`, the one object callers use; it owns the helpers below
    ``records.py``        the frozen dataclasses it hands out
    ``database.py``       the one connection, its lock, write transactions, threads and durability
    ``schema.py``         the tables and their migrations
    ``conversations.py``  conversations and turns: recording, reading, the bin, retention
    ``blobs.py``          image files by SHA-256, with their thumbnails
    ``drafts.py``         the composer's draft
    ``search.py``         full-text search
    ``backups.py``        backups: made, rotated, listed, checked
    ``damage.py``         setting a damaged history aside
    ``lock.py``           which process has the history open (turns left behind by a dead process)
    ``failures.py``       ``sqlite3``/``OSError`` failures as :class:`HistoryError`\\ s a person can act on
    ``request_size.py``   whether a conversation still fits in one request
    ``usage.py``          the cost ledger: totals per conversation, day and month; its CSV export

The errors (:class:`HistoryError` and its subclasses) are part of the one tree in
:mod:`vision_desktop.core.errors`, and re-exported here.
"""

from __future__ import annotations

from vision_desktop.core.errors import (
    ConversationNotFoundError,
    HistoryDamagedError,
    HistoryError,
    HistorySaveError,
    SaveReason,
    TurnNotFoundError,
)
from vision_desktop.images.limits import MAX_REQUEST_BYTES, MAX_REQUEST_IMAGES
from vision_desktop.storage.history.conversations import title_from_question
from vision_desktop.storage.history.failures import history_error, is_damage
from vision_desktop.storage.history.records import (
    BackupInfo,
    ConversationSummary,
    DamagedHistory,
    DeleteToken,
    Draft,
    DraftImage,
    FinalStatus,
    SearchHit,
    StoredConversation,
    StoredImage,
    StoredStatus,
    StoredTurn,
)
from vision_desktop.storage.history.request_size import RequestSize, request_size_check
from vision_desktop.storage.history.schema import SCHEMA_VERSION
from vision_desktop.storage.history.store import DB_FILENAME, HistoryStore
from vision_desktop.storage.history.usage import CSV_HEADER, LedgerRow, UsageReport, UsageTotals

__all__ = [
    "CSV_HEADER",
    "DB_FILENAME",
    "MAX_REQUEST_BYTES",
    "MAX_REQUEST_IMAGES",
    "SCHEMA_VERSION",
    "BackupInfo",
    "ConversationNotFoundError",
    "ConversationSummary",
    "DamagedHistory",
    "DeleteToken",
    "Draft",
    "DraftImage",
    "FinalStatus",
    "HistoryDamagedError",
    "HistoryError",
    "HistorySaveError",
    "HistoryStore",
    "LedgerRow",
    "RequestSize",
    "SaveReason",
    "SearchHit",
    "StoredConversation",
    "StoredImage",
    "StoredStatus",
    "StoredTurn",
    "TurnNotFoundError",
    "UsageReport",
    "UsageTotals",
    "history_error",
    "is_damage",
    "request_size_check",
    "title_from_question",
]
