"""Conversation history in SQLite: conversations, turns, images by hash, the composer's draft, search.

Qt-free: plain data in and out (frozen dataclasses), safe to call from any thread. The window calls it through a
worker thread; the CLI calls it directly.

Files (under the data folder, which ``VISION_DESKTOP_HOME`` overrides)::

    history.sqlite3                         the database (WAL mode: also -wal and -shm beside it)
    images/<sha[:2]>/<sha>.<ext>            each prepared image once, named by the SHA-256 of its bytes
    images/<sha[:2]>/<sha>.thumb.jpg        its thumbnail (≤ 256 px), made with Pillow
    backups/history-<time>-v<N>.sqlite3     made before any schema migration (and before a restore)
    backups/daily-YYYY-MM-DD.sqlite3        :meth:`HistoryStore.daily_backup`, the newest 7 kept
    locks/<token>.lock                      one per open store, locked while it is open (see below)
    history-damaged-<date>-<time>.sqlite3   a damaged history set aside (with its -wal/-shm), never deleted

A damaged history
    A file that is not a SQLite database, is truncated, or fails ``PRAGMA quick_check`` at open (about 0.1 s
    for 300 MB) is renamed to ``history-damaged-<date>-<time>.sqlite3`` (its ``-wal`` and ``-shm`` with it) and a
    new history is started; :attr:`HistoryStore.set_aside` says so, once, to whoever opened it (the CLI prints
    a line, the window offers to restore the latest backup). Damage found later, by a query, is handled the
    same way by :meth:`HistoryStore.set_aside_damaged`. Nothing is set aside while another process has the
    history open (its connection would go on writing to the renamed file).

Failures to save
    :func:`history_error` turns any ``sqlite3``/``OSError`` into a :class:`HistoryError`: a
    :class:`HistorySaveError` with a ``reason`` (``read-only``, ``full``, ``write-error``, ``locked``,
    ``unavailable``) for the
    failures a person can act on, or :class:`HistoryDamagedError`.

Threads
    One ``sqlite3`` connection per store, opened with ``check_same_thread=False`` and guarded by a re-entrant
    lock: every public method takes the lock for the few SQL statements it runs, so calls from several threads
    are serialised and never interleave inside a transaction. Slow file work (hashing, writing an image,
    making a thumbnail) happens before the lock is taken.

Durability
    ``journal_mode=WAL`` with ``synchronous=NORMAL``: a committed transaction survives the process being killed
    (``kill -9``, a crash), because the WAL is written to the OS before the commit returns; only a power loss
    or an OS crash may roll back the last few commits. Image files are written to a temporary name, fsynced and
    renamed before the row that references them is committed. Every turn is written when it is sent
    (:meth:`HistoryStore.start_turn`, status ``pending``), grows as the answer streams in
    (:meth:`HistoryStore.append_partial`) and is written again when it ends (:meth:`HistoryStore.finish_turn`).

Turns left behind by a dead process
    Each open store holds an OS lock on ``locks/<token>.lock`` and stamps its pending turns with the token.
    On open, a pending turn whose owner's lock can be taken (the process is gone: the OS released the lock when
    it died) is marked ``incomplete``, keeping its partial answer. Turns of another live process (the window
    while ``vision-desktop ask`` runs) are left alone. This uses a partial index: no scan at open.

Search
    FTS5 over questions and answers (external content: the index stores no second copy of the text), kept in
    step by triggers. With SQLite ≥ 3.34 the ``trigram`` tokenizer is used: any substring of three or more
    characters matches, so typing "rece" finds "receipt" and Chinese or Japanese text (no spaces between words)
    is findable. Terms shorter than three characters (e.g. "发票", "ok") are matched with ``LIKE``: as a filter on
    the full-text hits when the query has a longer term too, otherwise by walking the conversations newest first
    until enough are found. A pending turn's answer is indexed only when the turn ends, so streaming costs no
    index work. Older SQLite: ``unicode61`` with prefix queries, and ``LIKE`` for CJK.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import datetime as _dt
import errno
import hashlib
import io
import json
import logging
import os
import re
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.models import (
    ChatOptions,
    ChatResult,
    Conversation,
    ImageAttachment,
    Message,
    Turn,
    TurnStatus,
    Usage,
)
from vision_desktop.storage.paths import AppPaths

__all__ = [
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
    "RequestSize",
    "SearchHit",
    "StoredConversation",
    "StoredImage",
    "StoredStatus",
    "StoredTurn",
    "TurnNotFoundError",
    "history_error",
    "is_damage",
    "request_size_check",
    "title_from_question",
]

log = logging.getLogger(__name__)

DB_FILENAME = "history.sqlite3"
THUMBNAIL_SIZE = 256
MAX_REQUEST_IMAGES = 100
MAX_REQUEST_BYTES = 32 * 1024 * 1024
WARN_FRACTION = 0.8
TITLE_LENGTH = 60
INCOMPLETE_ERROR = "The app stopped before the answer was complete."

StoredStatus = Literal["pending", "complete", "stopped", "failed", "incomplete"]
FinalStatus = Literal["complete", "stopped", "failed", "incomplete"]
_FINAL_STATUSES = ("complete", "stopped", "failed", "incomplete")

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
_MIME_BY_FORMAT = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
_HIT_START, _HIT_END = "\x02", "\x03"
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")


# ------------------------------------------------------------------------------------------ errors
class HistoryError(VisionDesktopError):
    """The history could not be read or written."""

    default_message = "The conversation history could not be read or written."


class HistoryDamagedError(HistoryError):
    """The history file is damaged (not a database, truncated, malformed)."""

    default_message = "The conversation history is damaged."


SaveReason = Literal["read-only", "full", "write-error", "locked", "unavailable"]


class HistorySaveError(HistoryError):
    """A question or answer could not be written; ``reason`` says why in a word a UI can translate."""

    default_message = "The conversation could not be saved."

    def __init__(self, message: str | None = None, *, reason: SaveReason, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.reason: SaveReason = reason


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
_SAVE_SENTENCES: dict[SaveReason, str] = {
    "read-only": "The history folder cannot be written to (it is read-only).",
    "full": "The disk is full.",
    "write-error": "The disk refused to write the history (it may be full or failing).",
    "locked": "The history is locked by another program.",
    "unavailable": "The history file cannot be opened or written.",
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
    return HistorySaveError(_SAVE_SENTENCES[reason], reason=reason, detail=detail)


class ConversationNotFoundError(HistoryError):
    default_message = "There is no such conversation."

    def __init__(self, conversation_id: int) -> None:
        super().__init__(f"There is no conversation with ID {conversation_id}.")
        self.conversation_id = conversation_id


class TurnNotFoundError(HistoryError):
    default_message = "There is no such turn."


# ------------------------------------------------------------------------------------------ data
@dataclass(frozen=True)
class StoredImage:
    """An image of a stored turn, by reference: nothing is read from disk until it is needed."""

    sha256: str
    name: str
    mime: str
    width: int
    height: int
    bytes: int
    path: Path
    thumb_path: Path | None
    original_width: int = 0
    original_height: int = 0
    original_bytes: int = 0
    estimated_tokens: int = 0
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredTurn:
    id: int
    position: int
    question: Message
    """The question; its ``images`` are filled only when loaded ``with_images=True`` (see ``images``)."""
    answer: str
    """The answer so far (the partial text of a pending, stopped or incomplete turn)."""
    images: tuple[StoredImage, ...]
    result: ChatResult | None
    """The answer as a result: set when there is answer text or the turn completed."""
    status: StoredStatus
    error: str | None
    provider: str | None
    options: ChatOptions
    usage: Usage
    started: float
    finished: float | None
    elapsed: float | None


@dataclass(frozen=True)
class StoredConversation:
    id: int
    title: str
    system_prompt: str | None
    created: float
    updated: float
    deleted_at: float | None
    turns: tuple[StoredTurn, ...]

    def usage(self) -> Usage:
        total = Usage(reported=False)
        for turn in self.turns:
            total = total + turn.usage
        return total

    @property
    def image_count(self) -> int:
        return sum(len(t.images) for t in self.turns)


@dataclass(frozen=True)
class ConversationSummary:
    id: int
    title: str
    updated: float
    turn_count: int
    created: float = 0.0
    deleted_at: float | None = None


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    title: str
    snippet: str
    """Plain text around the match; ``highlights`` are the (start, end) offsets of the matched words in it."""
    updated: float
    highlights: tuple[tuple[int, int], ...] = ()
    turn_id: int | None = None

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each highlight wrapped, e.g. for a terminal."""
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.snippet[last:start], before, self.snippet[start:end], after]
            last = end
        out.append(self.snippet[last:])
        return "".join(out)


@dataclass(frozen=True)
class DamagedHistory:
    """A damaged history that was set aside when the store was opened (or when a query found the damage)."""

    path: Path
    """Where the damaged file is now (its ``-wal``/``-shm``, if any, beside it)."""
    reason: str
    """The technical reason (SQLite's message), for Details."""
    latest_backup: BackupInfo | None
    """The newest backup, to offer restoring it."""


@dataclass(frozen=True)
class DeleteToken:
    """What :meth:`HistoryStore.delete` returns; give it to :meth:`HistoryStore.undo_delete`."""

    conversation_id: int
    deleted_at: float


@dataclass(frozen=True)
class DraftImage:
    sha256: str
    name: str
    mime: str
    path: Path
    thumb_path: Path | None


@dataclass(frozen=True)
class Draft:
    prompt: str
    images: tuple[DraftImage, ...]
    conversation_id: int | None
    updated: float
    slot: str = "main"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: Literal["daily", "migration", "restore", "other"]
    created: float
    size: int


class RequestSize(NamedTuple):
    image_count: int
    total_bytes: int
    warning: str | None


# ------------------------------------------------------------------------------------------ helpers
def title_from_question(text: str, images: Sequence[ImageAttachment] = (), limit: int = TITLE_LENGTH) -> str:
    """A conversation title from its first question: one line, at most ~``limit`` characters, cut at a word."""
    words = " ".join(text.split())
    if not words:
        if images:
            return images[0].name if len(images) == 1 else f"{images[0].name} and {len(images) - 1} more"
        return "New conversation"
    if len(words) <= limit:
        return words
    cut = words[:limit]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


def _base64_size(n: int) -> int:
    return 4 * ((n + 2) // 3)


def request_size_check(messages: Sequence[Message]) -> RequestSize:
    """Images and bytes a request with these messages carries, against the upstream limits (FACTS.md).

    Warns at 80 % of 100 images or 32 MB, and says so plainly when a limit is passed. Attachments without a
    ``data_url`` (loaded by reference) count by their encoded size.
    """
    count = 0
    total = 0
    for message in messages:
        total += len(message.text.encode("utf-8"))
        for image in message.images:
            count += 1
            total += len(image.data_url) if image.data_url else _base64_size(image.bytes) + 32
    mb = total / (1024 * 1024)
    limit_mb = MAX_REQUEST_BYTES // (1024 * 1024)
    warning: str | None = None
    if count > MAX_REQUEST_IMAGES or total > MAX_REQUEST_BYTES:
        warning = (
            f"This conversation is too large to send again ({count} images, {mb:.1f} MB; the limit is "
            f"{MAX_REQUEST_IMAGES} images and {limit_mb} MB). Start a new conversation."
        )
    elif count >= WARN_FRACTION * MAX_REQUEST_IMAGES or total >= WARN_FRACTION * MAX_REQUEST_BYTES:
        warning = (
            f"This conversation is near the upload limit ({count} of {MAX_REQUEST_IMAGES} images, "
            f"{mb:.1f} of {limit_mb} MB). Consider starting a new conversation."
        )
    return RequestSize(count, total, warning)


def _decode_data_url(url: str) -> tuple[str, bytes]:
    if not url.startswith("data:"):
        raise ValueError("not a data: URL")
    header, _, payload = url.partition(",")
    mime = header[5:].split(";", 1)[0] or "application/octet-stream"
    if ";base64" in header:
        try:
            return mime, base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("bad base64 in data: URL") from exc
    from urllib.parse import unquote_to_bytes

    return mime, unquote_to_bytes(payload)


def _options_json(options: ChatOptions) -> str:
    data = {k: v for k, v in dataclasses.asdict(options).items() if v is not None}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _options_from_json(text: str | None) -> ChatOptions:
    if not text:
        return ChatOptions()
    try:
        raw = json.loads(text)
    except ValueError:
        return ChatOptions()
    names = {f.name for f in dataclasses.fields(ChatOptions)}
    data: dict[str, Any] = {k: v for k, v in raw.items() if k in names}
    for key in ("temperature", "max_tokens"):
        data.setdefault(key, None)
    if isinstance(data.get("stop"), list):
        data["stop"] = tuple(data["stop"])
    try:
        return ChatOptions(**data)
    except TypeError:
        return ChatOptions()


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _split_marked(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{_HIT_START}{_HIT_END}])", text):
        if piece == _HIT_START:
            start = length
        elif piece == _HIT_END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), tuple(spans)


def _like_snippet(
    text: str, terms: Sequence[str], width: int = 40
) -> tuple[str, tuple[tuple[int, int], ...]]:
    flat = " ".join(text.split())
    low = flat.casefold()
    first = min((i for i in (low.find(t.casefold()) for t in terms) if i >= 0), default=0)
    start = max(0, first - width)
    end = min(len(flat), first + width * 2)
    prefix = "…" if start else ""
    snippet = prefix + flat[start:end] + ("…" if end < len(flat) else "")
    spans: list[tuple[int, int]] = []
    low_snip = snippet.casefold()
    for term in terms:
        t = term.casefold()
        i = low_snip.find(t)
        while t and i >= 0:
            spans.append((i, i + len(t)))
            i = low_snip.find(t, i + len(t))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return snippet, tuple(merged)


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# ------------------------------------------------------------------------------------------ owner locks
class _OwnerLock:
    """An OS file lock held while a store is open; the OS drops it when the process dies (even ``kill -9``)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.token = f"{os.getpid()}-{uuid.uuid4().hex}"
        self.path = directory / f"{self.token}.lock"
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(self._fd):  # cannot happen for a fresh name; fail loudly rather than silently
            os.close(self._fd)
            raise HistoryError(detail=f"could not lock {self.path}")

    def release(self) -> None:
        if self._fd is None:
            return
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        with contextlib.suppress(OSError):
            self.path.unlink()

    @staticmethod
    def is_alive(directory: Path, token: str) -> bool:
        """Whether the store that wrote ``token`` still holds its lock."""
        path = directory / f"{token}.lock"
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            return False
        try:
            if _try_lock(fd):
                _unlock(fd)
                return False
            return True
        finally:
            os.close(fd)

    @staticmethod
    def remove_stale(directory: Path, token: str) -> None:
        with contextlib.suppress(OSError):
            (directory / f"{token}.lock").unlink()


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


# ------------------------------------------------------------------------------------------ schema
def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one (``executescript`` would commit the migration's transaction)."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                conn.execute(statement)
            statement = ""


def _migration_1(conn: sqlite3.Connection) -> None:
    """The tables."""
    _run_script(
        conn,
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT,
            created REAL NOT NULL,
            updated REAL NOT NULL,
            system_prompt TEXT,
            deleted_at REAL
        );
        CREATE INDEX conversations_by_updated ON conversations(updated DESC, id DESC) WHERE deleted_at IS NULL;
        CREATE INDEX conversations_deleted ON conversations(deleted_at) WHERE deleted_at IS NOT NULL;

        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            question TEXT NOT NULL DEFAULT '',
            answer TEXT NOT NULL DEFAULT '',
            model TEXT,
            provider TEXT,
            temperature REAL,
            max_tokens INTEGER,
            options TEXT,
            response_id TEXT,
            finish_reason TEXT,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            total_tokens INTEGER NOT NULL DEFAULT 0,
            usage_reported INTEGER NOT NULL DEFAULT 0,
            started REAL NOT NULL,
            finished REAL,
            elapsed REAL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'complete', 'stopped', 'failed', 'incomplete')),
            error TEXT,
            owner TEXT,
            UNIQUE (conversation_id, position)
        );
        CREATE INDEX turns_pending ON turns(owner) WHERE status = 'pending';

        CREATE TABLE images (
            sha256 TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            mime TEXT NOT NULL,
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL,
            thumb_path TEXT,
            created REAL NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE turn_images (
            turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES images(sha256),
            mime TEXT NOT NULL,
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT '',
            original_width INTEGER NOT NULL DEFAULT 0,
            original_height INTEGER NOT NULL DEFAULT 0,
            original_bytes INTEGER NOT NULL DEFAULT 0,
            estimated_tokens INTEGER NOT NULL DEFAULT 0,
            actions TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (turn_id, position)
        );
        CREATE INDEX turn_images_by_sha ON turn_images(sha256);

        CREATE TABLE drafts (
            slot TEXT PRIMARY KEY DEFAULT 'main',
            conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
            prompt TEXT NOT NULL DEFAULT '',
            images TEXT NOT NULL DEFAULT '[]',
            updated REAL NOT NULL
        );
        """,
    )


def _fts_tokenizer(conn: sqlite3.Connection) -> str:
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.vd_probe USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError:
        return "unicode61 remove_diacritics 2"
    conn.execute("DROP TABLE temp.vd_probe")
    return "trigram"


def _migration_2(conn: sqlite3.Connection) -> None:
    """Full-text search over questions and answers (a pending turn's answer is indexed when it ends)."""
    tokenizer = _fts_tokenizer(conn)
    indexed_answer = "CASE WHEN {0}.status = 'pending' THEN '' ELSE {0}.answer END"
    _run_script(
        conn,
        f"""
        CREATE VIRTUAL TABLE turns_fts USING fts5(
            question, answer, content='turns', content_rowid='id', tokenize='{tokenizer}'
        );
        CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
            INSERT INTO turns_fts(rowid, question, answer)
            VALUES (new.id, new.question, {indexed_answer.format("new")});
        END;
        CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
            INSERT INTO turns_fts(turns_fts, rowid, question, answer)
            VALUES ('delete', old.id, old.question, {indexed_answer.format("old")});
        END;
        CREATE TRIGGER turns_fts_update AFTER UPDATE OF question, answer, status ON turns
        WHEN old.status != 'pending' OR new.status != 'pending' OR old.question IS NOT new.question
        BEGIN
            INSERT INTO turns_fts(turns_fts, rowid, question, answer)
            VALUES ('delete', old.id, old.question, {indexed_answer.format("old")});
            INSERT INTO turns_fts(rowid, question, answer)
            VALUES (new.id, new.question, {indexed_answer.format("new")});
        END;
        INSERT INTO turns_fts(rowid, question, answer)
            SELECT id, question, {indexed_answer.format("turns")} FROM turns;
        """,
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migration_1, _migration_2)
"""Migration ``i`` takes the schema from ``user_version`` i to i + 1. Append; never edit a released one."""
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the migrations from the database's ``user_version`` up to ``target``; returns the old version.

    Each migration runs in its own transaction together with the version bump. Takes a write lock first, so
    two processes opening an old database at once migrate it once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    for index in range(version, target):
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current == index:
                MIGRATIONS[index](conn)
                conn.execute(f"PRAGMA user_version = {index + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version


# ------------------------------------------------------------------------------------------ the store
_TURN_COLUMNS = (
    "id, position, question, answer, model, provider, options, response_id, finish_reason, prompt_tokens, "
    "completion_tokens, total_tokens, usage_reported, started, finished, elapsed, status, error"
)


class HistoryStore:
    """The conversation history. Open with :meth:`open`; close with :meth:`close` (or use ``with``)."""

    def __init__(self, db_path: Path, images_dir: Path) -> None:
        self.db_path = Path(db_path)
        self.images_dir = Path(images_dir)
        self.backups_dir = self.db_path.parent / "backups"
        self.locks_dir = self.db_path.parent / "locks"
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._owner: _OwnerLock | None = None
        self._trigram: bool | None = None
        self.recovered_turns = 0
        """How many pending turns of dead processes were marked incomplete when the store was opened."""
        self.migrated_from: int | None = None
        """The schema version found at open when a migration ran (``0`` for a new database)."""
        self._damaged_conn: sqlite3.Connection | None = None
        self.set_aside: DamagedHistory | None = None
        """Set when the history was found damaged and set aside (a new one was started): tell the person."""
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._connect()
            except (sqlite3.DatabaseError, HistoryDamagedError) as exc:
                if not is_damage(exc):
                    raise
                self._set_aside(exc)
                self._connect()
        except (sqlite3.Error, OSError) as exc:
            raise history_error(exc) from exc

    busy_timeout = 10.0
    """Seconds a write waits for another process's lock before failing as ``locked``."""

    @classmethod
    def open(cls, paths: AppPaths) -> HistoryStore:
        """Open (creating, migrating, recovering, or setting a damaged one aside) the history in ``paths``.

        Raises :class:`HistoryError` (a :class:`HistorySaveError` with its ``reason``) when it cannot be opened.
        """
        data = paths.data_dir
        try:
            data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise history_error(exc) from exc
        return cls(data / DB_FILENAME, data / "images")

    # -- lifecycle -------------------------------------------------------------------------------
    def _connect(self) -> None:
        timeout = self.busy_timeout
        conn = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None, timeout=timeout)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            check = conn.execute("PRAGMA quick_check(1)").fetchone()
            if check is None or check[0] != "ok":
                raise HistoryDamagedError(detail=f"quick_check: {check[0] if check else 'no answer'}")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise HistoryError(
                    "The history was written by a newer version of Vision Desktop. Update the app to open it.",
                    detail=f"schema version {version}, this app knows up to {SCHEMA_VERSION}",
                )
            if version < SCHEMA_VERSION:
                has_tables = conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None
                if has_tables:
                    self._backup_to(conn, self._unique_backup_path(f"history-{_stamp()}-v{version}"))
                self.migrated_from = migrate(conn)
            self._owner = _OwnerLock(self.locks_dir)
            self._conn = conn
            self.recovered_turns = self._recover_dead_turns()
        except BaseException as exc:
            if is_damage(exc):
                # Closing now would make SQLite delete the -wal and -shm files: :meth:`_set_aside` closes it
                # after renaming them.
                self._damaged_conn = conn
            else:
                conn.close()
            if self._owner is not None:
                self._owner.release()
                self._owner = None
            self._conn = None
            raise

    def _others_have_it_open(self) -> bool:
        own = self._owner.token if self._owner is not None else None
        try:
            tokens = [p.stem for p in self.locks_dir.glob("*.lock")]
        except OSError:
            return False
        return any(t != own and _OwnerLock.is_alive(self.locks_dir, t) for t in tokens)

    def _set_aside(self, exc: BaseException) -> None:
        """Rename the damaged database (``-wal`` and ``-shm`` first) out of the way; never delete it."""
        if self._others_have_it_open():
            if self._damaged_conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._damaged_conn.close()
                self._damaged_conn = None
            raise HistoryDamagedError(
                "The conversation history is damaged, and another Vision Desktop is using it. Close it, then "
                "try again: the damaged history will be set aside and a new one started.",
                detail=f"{type(exc).__name__}: {exc}",
            ) from exc
        stamp = _dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
        folder = self.db_path.parent
        target = folder / f"history-damaged-{stamp}.sqlite3"
        n = 2
        while any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
            target = folder / f"history-damaged-{stamp}-{n}.sqlite3"
            n += 1
        try:
            for suffix in ("-wal", "-shm", ""):
                source = Path(f"{self.db_path}{suffix}")
                if source.exists():
                    os.replace(source, Path(f"{target}{suffix}"))
        finally:
            if self._damaged_conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._damaged_conn.close()
                self._damaged_conn = None
        reason = getattr(exc, "detail", None) or f"{type(exc).__name__}: {exc}"
        log.warning("the history was damaged (%s); set aside as %s, a new one started", reason, target)
        backups = self.list_backups()
        self.set_aside = DamagedHistory(target, str(reason), backups[0] if backups else None)

    def set_aside_damaged(self, exc: BaseException) -> DamagedHistory:
        """A query found the open history damaged: close it, set it aside, start a new one (and say so)."""
        with self._lock:
            self._damaged_conn, self._conn = self._conn, None  # closed after the files are renamed
            self.close()
            self._trigram = None
            try:
                self._set_aside(exc)
                self._connect()
            except (sqlite3.Error, OSError) as err:
                raise history_error(err) from err
            assert self.set_aside is not None
            return self.set_aside

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if self._owner is not None:
                self._owner.release()
                self._owner = None

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def owner_token(self) -> str:
        assert self._owner is not None
        return self._owner.token

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise HistoryError("The history is closed.")
        return self._conn

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction under the store's lock."""
        with self._lock:
            conn = self._db
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

    def _recover_dead_turns(self) -> int:
        conn = self._db
        owners = [row[0] for row in conn.execute("SELECT DISTINCT owner FROM turns WHERE status = 'pending'")]
        dead = [o for o in owners if o is None or not _OwnerLock.is_alive(self.locks_dir, o)]
        if not dead:
            return 0
        now = time.time()
        count = 0
        with self._tx() as tx:
            for owner in dead:
                cur = tx.execute(
                    "UPDATE turns SET status = 'incomplete', finished = COALESCE(finished, ?), "
                    "error = COALESCE(error, ?), elapsed = COALESCE(elapsed, ? - started) "
                    "WHERE status = 'pending' AND owner IS ?",
                    (now, INCOMPLETE_ERROR, now, owner),
                )
                count += cur.rowcount
        for owner in dead:
            if owner is not None:
                _OwnerLock.remove_stale(self.locks_dir, owner)
        if count:
            log.info("marked %d turn(s) of a stopped process incomplete", count)
        return count

    # -- images ------------------------------------------------------------------------------------
    def _image_paths(self, sha: str, mime: str) -> tuple[Path, Path]:
        folder = self.images_dir / sha[:2]
        return folder / f"{sha}.{_EXTENSIONS.get(mime, 'bin')}", folder / f"{sha}.thumb.jpg"

    def _write_image(self, data: bytes, mime: str | None, width: int = 0, height: int = 0) -> dict[str, Any]:
        """Write an image file and its thumbnail (if missing); returns the ``images`` row. No lock needed."""
        sha = hashlib.sha256(data).hexdigest()
        if mime is None or not width or not height:
            sniffed, w, h = _sniff(data)
            mime = mime if mime and mime != "application/octet-stream" else sniffed
            width, height = width or w, height or h
        path, thumb = self._image_paths(sha, mime)
        if not path.exists():
            _atomic_write(path, data)
        if not thumb.exists():
            thumb_bytes = _thumbnail(data)
            if thumb_bytes is not None:
                _atomic_write(thumb, thumb_bytes)
        return {
            "sha256": sha,
            "path": path.relative_to(self.images_dir).as_posix(),
            "mime": mime,
            "width": width,
            "height": height,
            "bytes": len(data),
            "thumb_path": thumb.relative_to(self.images_dir).as_posix() if thumb.exists() else None,
        }

    @staticmethod
    def _insert_image_row(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
        conn.execute(
            "INSERT INTO images (sha256, path, mime, width, height, bytes, thumb_path, created) "
            "VALUES (:sha256, :path, :mime, :width, :height, :bytes, :thumb_path, :created) "
            "ON CONFLICT(sha256) DO UPDATE SET thumb_path = COALESCE(images.thumb_path, excluded.thumb_path)",
            {**row, "created": time.time()},
        )

    def image_attachment(self, image: StoredImage | str) -> ImageAttachment:
        """Rebuild the :class:`ImageAttachment` (with its data URL) of a stored image, to send it again."""
        if isinstance(image, str):
            with self._lock:
                row = self._db.execute(
                    "SELECT sha256, path, mime, width, height, bytes, thumb_path FROM images WHERE sha256 = ?",
                    (image,),
                ).fetchone()
            if row is None:
                raise HistoryError("An image of this conversation is missing.", detail=f"sha256 {image}")
            image = StoredImage(
                row[0], row[0][:12], row[2], row[3], row[4], row[5], self.images_dir / row[1], None
            )
        try:
            data = image.path.read_bytes()
        except OSError as exc:
            raise HistoryError(
                "An image of this conversation is missing from the history folder.", detail=str(exc)
            ) from exc
        return ImageAttachment(
            source=image.name,
            data_url=f"data:{image.mime};base64,{base64.b64encode(data).decode('ascii')}",
            mime_type=image.mime,
            width=image.width,
            height=image.height,
            bytes=len(data),
            original_width=image.original_width or image.width,
            original_height=image.original_height or image.height,
            original_bytes=image.original_bytes or len(data),
            estimated_tokens=image.estimated_tokens,
            actions=image.actions,
        )

    # -- conversations and turns ---------------------------------------------------------------------
    def create_conversation(self, title: str | None = None, system_prompt: str | None = None) -> int:
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO conversations (title, created, updated, system_prompt) VALUES (?, ?, ?, ?)",
                (title.strip() if title and title.strip() else None, now, now, system_prompt or None),
            )
            return int(cur.lastrowid or 0)

    def start_turn(
        self,
        conversation_id: int,
        question: Message,
        options: ChatOptions,
        provider: str | None = None,
        *,
        started: float | None = None,
    ) -> int:
        """Record a question as it is sent (status ``pending``), with its images; returns the turn's id.

        The conversation takes its title from its first question unless it has one.
        """
        image_rows: list[tuple[ImageAttachment, dict[str, Any]]] = []
        for image in question.images:
            try:
                mime, data = _decode_data_url(image.data_url)
            except ValueError as exc:
                log.warning("not storing image %s: %s", image.source, exc)
                continue
            row = self._write_image(data, image.mime_type or mime, image.width, image.height)
            image_rows.append((image, row))
        now = started if started is not None else time.time()
        with self._tx() as conn:
            found = conn.execute(
                "SELECT title FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if found is None:
                raise ConversationNotFoundError(conversation_id)
            position = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM turns WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()[0]
            cur = conn.execute(
                "INSERT INTO turns (conversation_id, position, question, model, provider, temperature, "
                "max_tokens, options, started, status, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                (
                    conversation_id,
                    position,
                    question.text,
                    options.model,
                    provider,
                    options.temperature,
                    options.max_tokens,
                    _options_json(options),
                    now,
                    self.owner_token,
                ),
            )
            turn_id = int(cur.lastrowid or 0)
            for index, (image, row) in enumerate(image_rows):
                self._insert_image_row(conn, row)
                conn.execute(
                    "INSERT INTO turn_images (turn_id, position, sha256, mime, width, height, bytes, source, "
                    "original_width, original_height, original_bytes, estimated_tokens, actions) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        turn_id,
                        index,
                        row["sha256"],
                        row["mime"],
                        row["width"],
                        row["height"],
                        row["bytes"],
                        image.source,
                        image.original_width,
                        image.original_height,
                        image.original_bytes,
                        image.estimated_tokens,
                        json.dumps(list(image.actions), ensure_ascii=False),
                    ),
                )
            if found[0] is None:
                conn.execute(
                    "UPDATE conversations SET title = ? WHERE id = ?",
                    (title_from_question(question.text, question.images), conversation_id),
                )
            conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
        return turn_id

    def append_partial(self, turn_id: int, text: str) -> None:
        """Append streamed answer text to a pending turn: one UPDATE, committed at once (no index work)."""
        if not text:
            return
        with self._lock:
            self._db.execute(
                "UPDATE turns SET answer = answer || ? WHERE id = ? AND status = 'pending'", (text, turn_id)
            )

    def finish_turn(
        self,
        turn_id: int,
        result: ChatResult | None,
        status: FinalStatus,
        error: str | None = None,
    ) -> None:
        """Record how a turn ended. With ``result``, its content replaces the partial answer."""
        if status not in _FINAL_STATUSES:
            raise ValueError(f"not a final status: {status!r}")
        now = time.time()
        with self._tx() as conn:
            row = conn.execute(
                "SELECT conversation_id, started FROM turns WHERE id = ?", (turn_id,)
            ).fetchone()
            if row is None:
                raise TurnNotFoundError(f"There is no turn with ID {turn_id}.")
            conversation_id, started = row
            if result is not None:
                usage = result.usage
                conn.execute(
                    "UPDATE turns SET answer = ?, model = COALESCE(NULLIF(?, ''), model), response_id = ?, "
                    "finish_reason = ?, prompt_tokens = ?, completion_tokens = ?, total_tokens = ?, "
                    "usage_reported = ?, finished = ?, elapsed = ?, status = ?, error = ? WHERE id = ?",
                    (
                        result.content,
                        result.model,
                        result.id,
                        result.finish_reason,
                        usage.prompt_tokens,
                        usage.completion_tokens,
                        usage.total_tokens,
                        int(usage.reported),
                        now,
                        result.elapsed or max(0.0, now - started),
                        status,
                        error,
                        turn_id,
                    ),
                )
            else:
                conn.execute(
                    "UPDATE turns SET finished = ?, elapsed = ?, status = ?, error = ? WHERE id = ?",
                    (now, max(0.0, now - started), status, error, turn_id),
                )
            conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))

    def rename(self, conversation_id: int, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise ValueError("a title cannot be empty")
        with self._tx() as conn:
            cur = conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id))
            if cur.rowcount == 0:
                raise ConversationNotFoundError(conversation_id)

    def list_conversations(
        self, limit: int = 100, offset: int = 0, include_deleted: bool = False
    ) -> list[ConversationSummary]:
        """Conversations, most recently updated first (an index walk: cost grows with ``limit``, not the total)."""
        where = "" if include_deleted else "WHERE c.deleted_at IS NULL"
        with self._lock:
            rows = self._db.execute(
                "SELECT c.id, c.title, c.updated, "
                "(SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id), c.created, c.deleted_at "
                f"FROM conversations c {where} ORDER BY c.updated DESC, c.id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [ConversationSummary(r[0], r[1] or "New conversation", r[2], r[3], r[4], r[5]) for r in rows]

    def count_conversations(self, include_deleted: bool = False) -> int:
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        with self._lock:
            return int(self._db.execute(f"SELECT COUNT(*) FROM conversations {where}").fetchone()[0])

    def load_conversation(self, conversation_id: int, *, with_images: bool = False) -> StoredConversation:
        """A conversation with its turns. Images are references unless ``with_images`` (data URLs read)."""
        with self._lock:
            conn = self._db
            head = conn.execute(
                "SELECT id, title, system_prompt, created, updated, deleted_at FROM conversations WHERE id = ?",
                (conversation_id,),
            ).fetchone()
            if head is None:
                raise ConversationNotFoundError(conversation_id)
            rows = conn.execute(
                f"SELECT {_TURN_COLUMNS} FROM turns WHERE conversation_id = ? ORDER BY position",
                (conversation_id,),
            ).fetchall()
            image_rows = conn.execute(
                "SELECT ti.turn_id, ti.sha256, ti.source, ti.mime, ti.width, ti.height, ti.bytes, i.path, "
                "i.thumb_path, ti.original_width, ti.original_height, ti.original_bytes, ti.estimated_tokens, "
                "ti.actions FROM turns t JOIN turn_images ti ON ti.turn_id = t.id "
                "JOIN images i ON i.sha256 = ti.sha256 WHERE t.conversation_id = ? "
                "ORDER BY ti.turn_id, ti.position",
                (conversation_id,),
            ).fetchall()
        images: dict[int, list[StoredImage]] = {}
        for r in image_rows:
            actions = tuple(json.loads(r[13])) if r[13] and r[13] != "[]" else ()
            images.setdefault(r[0], []).append(
                StoredImage(
                    sha256=r[1],
                    name=r[2] or r[1][:12],
                    mime=r[3],
                    width=r[4],
                    height=r[5],
                    bytes=r[6],
                    path=self.images_dir / r[7],
                    thumb_path=self.images_dir / r[8] if r[8] else None,
                    original_width=r[9],
                    original_height=r[10],
                    original_bytes=r[11],
                    estimated_tokens=r[12],
                    actions=actions,
                )
            )
        turns = tuple(self._turn(r, tuple(images.get(r[0], ())), with_images) for r in rows)
        return StoredConversation(
            id=head[0],
            title=head[1] or "New conversation",
            system_prompt=head[2],
            created=head[3],
            updated=head[4],
            deleted_at=head[5],
            turns=turns,
        )

    def _turn(self, r: Sequence[Any], images: tuple[StoredImage, ...], with_images: bool) -> StoredTurn:
        (tid, position, question, answer, model, provider, options_text, response_id, finish_reason) = r[:9]
        (prompt_t, completion_t, total_t, reported, started, finished, elapsed, status, error) = r[9:]
        options = _options_from_json(options_text)
        if model and model != options.model:
            options = options.replace(model=model)
        usage = Usage(prompt_t, completion_t, total_t, bool(reported))
        attachments = tuple(self.image_attachment(i) for i in images) if with_images else ()
        result = None
        if answer or status == "complete":
            result = ChatResult(
                id=response_id or "",
                model=model or "",
                content=answer,
                finish_reason=finish_reason,
                usage=usage,
                elapsed=elapsed or 0.0,
            )
        return StoredTurn(
            id=tid,
            position=position,
            question=Message("user", question, attachments),
            answer=answer,
            images=images,
            result=result,
            status=status,
            error=error,
            provider=provider,
            options=options,
            usage=usage,
            started=started,
            finished=finished,
            elapsed=elapsed,
        )

    def to_conversation(self, stored: StoredConversation) -> Conversation:
        """A core :class:`Conversation` to continue: images are loaded for the complete turns only (the ones
        a follow-up sends again); a failed turn's images are never resent."""
        turns: list[Turn] = []
        for turn in stored.turns:
            question = turn.question
            if turn.status == "complete" and turn.images and not question.images:
                question = Message(
                    "user", question.text, tuple(self.image_attachment(i) for i in turn.images)
                )
            status: TurnStatus = "incomplete" if turn.status == "pending" else turn.status
            turns.append(Turn(question, turn.result, status, turn.error))
        return Conversation(system=stored.system_prompt, turns=turns)

    @staticmethod
    def request_size_check(messages: Sequence[Message]) -> RequestSize:
        return request_size_check(messages)

    def conversation_size(
        self, stored: StoredConversation, extra: Message | Sequence[Message] | None = None
    ) -> RequestSize:
        """The size of a follow-up to ``stored`` (its complete turns, plus ``extra``), without reading images."""
        messages: list[Message] = []
        for turn in stored.turns:
            if turn.status == "complete" and turn.result is not None:
                refs = tuple(
                    ImageAttachment(i.name, "", i.mime, i.width, i.height, i.bytes, 0, 0, 0, 0)
                    for i in turn.images
                )
                messages += [Message("user", turn.question.text, refs), Message("assistant", turn.answer)]
        if isinstance(extra, Message):
            messages.append(extra)
        elif extra is not None:
            messages.extend(extra)
        return request_size_check(messages)

    # -- delete, undo, retention -----------------------------------------------------------------------
    def delete(self, conversation_id: int) -> DeleteToken:
        """Move a conversation to the bin (soft delete); :meth:`undo_delete` brings it back."""
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now, conversation_id),
            )
            if cur.rowcount == 0:
                if conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone():
                    deleted = conn.execute(
                        "SELECT deleted_at FROM conversations WHERE id = ?", (conversation_id,)
                    ).fetchone()[0]
                    return DeleteToken(conversation_id, deleted)
                raise ConversationNotFoundError(conversation_id)
        return DeleteToken(conversation_id, now)

    def undo_delete(self, token: DeleteToken | int) -> None:
        conversation_id = token.conversation_id if isinstance(token, DeleteToken) else token
        with self._tx() as conn:
            cur = conn.execute("UPDATE conversations SET deleted_at = NULL WHERE id = ?", (conversation_id,))
            if cur.rowcount == 0:
                raise ConversationNotFoundError(conversation_id)

    def purge_deleted(self, older_than: float = 0.0) -> int:
        """Delete for good the conversations in the bin for more than ``older_than`` seconds."""
        with self._tx() as conn:
            cur = conn.execute(
                "DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                (time.time() - older_than,),
            )
            return cur.rowcount

    def delete_older_than(self, days: float) -> int:
        """Retention: delete for good the conversations not updated for ``days`` days."""
        if days <= 0:
            raise ValueError("days must be positive")
        with self._tx() as conn:
            cur = conn.execute("DELETE FROM conversations WHERE updated < ?", (time.time() - days * 86400,))
            return cur.rowcount

    def delete_all(self, *, include_backups: bool = True) -> int:
        """ "Delete all history": every conversation and its images (the draft stays), then the backups too
        unless ``include_backups=False`` (a backup would otherwise keep what the user asked to delete). The
        database is vacuumed and its WAL truncated so the text does not linger in free pages."""
        with self._lock:
            with self._tx() as conn:
                count = conn.execute("DELETE FROM conversations").rowcount
            if include_backups:
                for backup in self.list_backups():
                    with contextlib.suppress(OSError):
                        backup.path.unlink()
            self.cleanup_images(min_age=0.0)
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return count

    # -- drafts --------------------------------------------------------------------------------------
    def save_draft(
        self,
        prompt: str,
        images: Sequence[tuple[str, str | bytes] | DraftImage] = (),
        *,
        conversation_id: int | None = None,
        slot: str = "main",
    ) -> Draft:
        """Save the composer's draft. ``images`` are ``(name, data_url or bytes)`` or already stored
        :class:`DraftImage`\\ s (pass those back to skip re-hashing). Cheap enough to call as the user types
        (debounced)."""
        stored: list[DraftImage] = []
        rows: list[dict[str, Any]] = []
        for item in images:
            if isinstance(item, DraftImage):
                stored.append(item)
                continue
            name, payload = item
            if isinstance(payload, str):
                try:
                    mime, data = _decode_data_url(payload)
                except ValueError as exc:
                    log.warning("not saving draft image %s: %s", name, exc)
                    continue
                row = self._write_image(data, mime)
            else:
                row = self._write_image(payload, None)
            rows.append(row)
            stored.append(
                DraftImage(
                    row["sha256"],
                    name,
                    row["mime"],
                    self.images_dir / row["path"],
                    self.images_dir / row["thumb_path"] if row["thumb_path"] else None,
                )
            )
        now = time.time()
        listing = json.dumps(
            [{"sha256": i.sha256, "name": i.name} for i in stored], ensure_ascii=False, separators=(",", ":")
        )
        with self._tx() as conn:
            for row in rows:
                self._insert_image_row(conn, row)
            if (
                conversation_id is not None
                and not conn.execute(
                    "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
                ).fetchone()
            ):
                conversation_id = None
            conn.execute(
                "INSERT INTO drafts (slot, conversation_id, prompt, images, updated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(slot) DO UPDATE SET conversation_id = excluded.conversation_id, "
                "prompt = excluded.prompt, images = excluded.images, updated = excluded.updated",
                (slot, conversation_id, prompt, listing, now),
            )
        return Draft(prompt, tuple(stored), conversation_id, now, slot)

    def load_draft(self, slot: str = "main") -> Draft | None:
        with self._lock:
            conn = self._db
            row = conn.execute(
                "SELECT prompt, images, conversation_id, updated FROM drafts WHERE slot = ?", (slot,)
            ).fetchone()
            if row is None:
                return None
            listing = json.loads(row[1] or "[]")
            found: list[DraftImage] = []
            for item in listing:
                image = conn.execute(
                    "SELECT mime, path, thumb_path FROM images WHERE sha256 = ?", (item["sha256"],)
                ).fetchone()
                if image is None:
                    continue
                found.append(
                    DraftImage(
                        item["sha256"],
                        item.get("name") or item["sha256"][:12],
                        image[0],
                        self.images_dir / image[1],
                        self.images_dir / image[2] if image[2] else None,
                    )
                )
        return Draft(row[0], tuple(found), row[2], row[3], slot)

    def clear_draft(self, slot: str = "main") -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM drafts WHERE slot = ?", (slot,))

    # -- search ----------------------------------------------------------------------------------------
    def _uses_trigram(self) -> bool:
        if self._trigram is None:
            with self._lock:
                row = self._db.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'turns_fts'"
                ).fetchone()
            self._trigram = bool(row and "trigram" in row[0])
        return self._trigram

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Conversations whose questions or answers contain every word of ``query``, newest first.

        Any input is safe: quotes and punctuation are taken literally, never as FTS5 syntax. Each word matches
        as a substring (so as a prefix while typing). See the module docstring for short and CJK words.
        """
        terms = [t for t in (w.replace('"', "").strip() for w in query.split()) if t]
        if not terms or limit <= 0:
            return []
        trigram = self._uses_trigram()
        if trigram:
            fts_terms = [t for t in terms if len(t) >= 3]
        else:
            fts_terms = [t for t in terms if not _CJK.search(t) and re.search(r"\w", t)]
        like_terms = [t for t in terms if t not in fts_terms]
        if not fts_terms:
            return self._search_like(terms, limit)
        if trigram:
            match = " AND ".join(f'"{t}"' for t in fts_terms)
        else:
            match = " AND ".join(f'"{t}"*' for t in fts_terms)
        like_sql = "".join(
            " AND (t.question LIKE ? ESCAPE '\\' OR t.answer LIKE ? ESCAPE '\\')" for _ in like_terms
        )
        like_args: list[str] = []
        for term in like_terms:
            like_args += [_like_pattern(term)] * 2
        with self._lock:
            conn = self._db
            # Newest matching turns first, straight from the index (FTS5 walks its doclists backwards), stopping
            # once ``limit`` conversations are found: a common word costs no more than a rare one.
            try:
                cursor = conn.execute(
                    "SELECT f.rowid, t.conversation_id FROM turns_fts f JOIN turns t ON t.id = f.rowid "
                    f"WHERE turns_fts MATCH ?{like_sql} ORDER BY f.rowid DESC",
                    (match, *like_args),
                )
                chosen: dict[int, tuple[int, str | None, float]] = {}
                skipped: set[int] = set()
                while len(chosen) < limit:
                    batch = cursor.fetchmany(256)
                    if not batch:
                        break
                    for tid, cid in batch:
                        if cid in chosen or cid in skipped:
                            continue
                        title, updated, deleted_at = conn.execute(
                            "SELECT title, updated, deleted_at FROM conversations WHERE id = ?", (cid,)
                        ).fetchone()
                        if deleted_at is not None:
                            skipped.add(cid)
                            continue
                        chosen[cid] = (tid, title, updated)
                        if len(chosen) >= limit:
                            break
                cursor.close()
            except sqlite3.OperationalError as exc:  # not expected with quoted terms; never raise to a UI
                log.warning("search %r failed: %s", query, exc)
                return []
            if not chosen:
                return []
            turn_ids = [tid for tid, _, _ in chosen.values()]
            marks = ",".join("?" * len(turn_ids))
            snippets = dict(
                conn.execute(
                    f"SELECT rowid, snippet(turns_fts, -1, '{_HIT_START}', '{_HIT_END}', '…', 40) "
                    f"FROM turns_fts WHERE turns_fts MATCH ? AND rowid IN ({marks})",
                    (match, *turn_ids),
                ).fetchall()
            )
        hits = []
        for cid, (tid, title, updated) in chosen.items():
            text, spans = _split_marked(" ".join(str(snippets.get(tid, "")).split()))
            hits.append(SearchHit(cid, title or "New conversation", text, updated, spans, tid))
        hits.sort(key=lambda h: (h.updated, h.conversation_id), reverse=True)
        return hits

    def _search_like(self, terms: Sequence[str], limit: int) -> list[SearchHit]:
        """Short or CJK words only: walk conversations newest first until ``limit`` match (index order)."""
        cond = " AND ".join("(t.question LIKE ? ESCAPE '\\' OR t.answer LIKE ? ESCAPE '\\')" for _ in terms)
        args: list[str] = []
        for term in terms:
            args += [_like_pattern(term)] * 2
        with self._lock:
            rows = self._db.execute(
                "SELECT c.id, c.title, c.updated, (SELECT t.id FROM turns t WHERE t.conversation_id = c.id "
                f"AND {cond} ORDER BY t.position LIMIT 1) AS tid FROM conversations c "
                "WHERE c.deleted_at IS NULL AND tid IS NOT NULL ORDER BY c.updated DESC, c.id DESC LIMIT ?",
                (*args, limit),
            ).fetchall()
            texts = {}
            for r in rows:
                q, a = self._db.execute("SELECT question, answer FROM turns WHERE id = ?", (r[3],)).fetchone()
                texts[r[3]] = q if any(t.casefold() in q.casefold() for t in terms) else a
        hits = []
        for cid, title, updated, tid in rows:
            snippet, spans = _like_snippet(texts[tid], terms)
            hits.append(SearchHit(cid, title or "New conversation", snippet, updated, spans, tid))
        return hits

    # -- backups ---------------------------------------------------------------------------------------
    def _unique_backup_path(self, stem: str) -> Path:
        self.backups_dir.mkdir(parents=True, exist_ok=True)
        path = self.backups_dir / f"{stem}.sqlite3"
        n = 2
        while path.exists():
            path = self.backups_dir / f"{stem}-{n}.sqlite3"
            n += 1
        return path

    @staticmethod
    def _backup_to(source: sqlite3.Connection, path: Path) -> Path:
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

    def backup(self, kind: str = "manual") -> Path:
        with self._lock:
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            return self._backup_to(
                self._db, self._unique_backup_path(f"history-{_stamp()}-v{version}-{kind}")
            )

    def daily_backup(self, keep: int = 7, *, today: _dt.date | None = None) -> Path | None:
        """Make today's backup unless it exists, and keep the newest ``keep`` daily backups.

        Returns the new backup's path, or ``None`` when today's was already made. Call it from a worker
        thread after start-up (it copies the whole database).
        """
        day = (today or _dt.date.today()).isoformat()
        path = self.backups_dir / f"daily-{day}.sqlite3"
        made: Path | None = None
        with self._lock:
            if not path.exists():
                made = self._backup_to(self._db, path)
        dailies = sorted(
            self.backups_dir.glob("daily-????-??-??.sqlite3"), key=lambda p: p.name, reverse=True
        )
        for old in dailies[max(keep, 1) :]:
            with contextlib.suppress(OSError):
                old.unlink()
        return made

    def list_backups(self) -> list[BackupInfo]:
        """Every backup, newest first (for "Restore from backup…")."""
        if not self.backups_dir.is_dir():
            return []
        out = []
        for path in self.backups_dir.glob("*.sqlite3"):
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

    def restore_backup(self, path: Path) -> Path:
        """Replace the history with a backup; returns the backup made of the current history first.

        The backup is checked (it must be a Vision Desktop history), the current database is backed up, then
        copied over with the backup API; the store is closed and reopened (migrating an older backup).
        """
        path = Path(path)
        try:
            src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise HistoryError("This file is not a history backup.", detail=str(exc)) from exc
        try:
            try:
                ok = src.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            except sqlite3.DatabaseError as exc:
                raise HistoryError("This file is not a history backup.", detail=str(exc)) from exc
            if not ok or not {"conversations", "turns"} <= tables:
                raise HistoryError("This file is not a usable history backup.", detail=str(path))
            with self._lock:
                conn = self._db
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                safety = self._backup_to(
                    conn, self._unique_backup_path(f"history-{_stamp()}-v{version}-before-restore")
                )
                src.backup(conn)
                self.close()
                self._trigram = None
                self._connect()
        finally:
            src.close()
        return safety

    # -- maintenance -----------------------------------------------------------------------------------
    def _referenced_in_backups(self) -> set[str]:
        shas: set[str] = set()
        damaged = sorted(self.db_path.parent.glob("history-damaged-*.sqlite3"))
        for path in [b.path for b in self.list_backups()] + damaged:
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

    def cleanup_images(self, min_age: float = 3600.0) -> int:
        """Delete image files (and rows) that no turn, draft or backup refers to; returns how many.

        Files younger than ``min_age`` seconds are kept: another thread may be about to commit them.
        """
        keep = self._referenced_in_backups()
        removed = 0
        cutoff = time.time() - min_age
        with self._lock:
            conn = self._db
            for (listing,) in conn.execute("SELECT images FROM drafts"):
                keep.update(item["sha256"] for item in json.loads(listing or "[]"))
            referenced = {r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM turn_images")} | keep
            rows = {r[0] for r in conn.execute("SELECT sha256 FROM images")}
            with self._tx() as tx:
                for sha in rows - referenced:
                    tx.execute("DELETE FROM images WHERE sha256 = ?", (sha,))
            if not self.images_dir.is_dir():
                return 0
            for folder in self.images_dir.iterdir():
                if not folder.is_dir():
                    continue
                for file in folder.iterdir():
                    sha = file.name.split(".", 1)[0]
                    if sha in referenced:
                        continue
                    try:
                        if file.stat().st_mtime > cutoff:
                            continue
                        file.unlink()
                        removed += 1
                    except OSError:
                        continue
        return removed

    def optimize_search(self) -> None:
        """Merge the full-text index into one segment. Common words are then found 5-10 times faster (the
        index otherwise grows in many small segments, one per write). Takes about a second per 40,000 turns;
        run it from a worker (:meth:`maintenance` does, once a day)."""
        with self._lock:
            self._db.execute("INSERT INTO turns_fts(turns_fts) VALUES ('optimize')")

    def maintenance(self, keep: int = 7) -> Path | None:
        """The daily chores, for a worker thread after start-up: today's backup (keeping ``keep``) and, once a
        day with it, :meth:`optimize_search`. Returns the new backup, or ``None`` if today's was done."""
        made = self.daily_backup(keep)
        if made is not None:
            self.optimize_search()
        return made

    def vacuum(self) -> None:
        with self._lock:
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _stamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _sniff(data: bytes) -> tuple[str, int, int]:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            return _MIME_BY_FORMAT.get(im.format or "", "application/octet-stream"), im.width, im.height
    except Exception:
        return "application/octet-stream", 0, 0


def _thumbnail(data: bytes) -> bytes | None:
    """A JPEG of at most 256 × 256 px, or ``None`` when the bytes are not a picture Pillow reads."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            im.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            frame = im.convert("RGBA")
        frame.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        flat = Image.new("RGB", frame.size, "white")
        flat.paste(frame, mask=frame.getchannel("A"))
        out = io.BytesIO()
        flat.save(out, "JPEG", quality=85)
        return out.getvalue()
    except Exception as exc:
        log.debug("no thumbnail: %s", exc)
        return None
