"""The history store: opens the history (migrating, recovering, or setting a damaged one aside) and is the one
object callers use; each job is done by a helper it owns.

:class:`HistoryStore` owns the connection (:class:`~.database.Database`), the owner lock (``lock.py``), and the
helpers that share that connection: the conversations and turns (``conversations.py``), the images
(``blobs.py``), the drafts (``drafts.py``), search (``search.py``) and the backups folder (``backups.py``). Every
public method keeps the signature it had when the history was one module.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from vision_desktop.core.errors import HistoryDamagedError, HistoryError
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatOptions, ChatResult, Conversation, ImageAttachment, Message
from vision_desktop.storage.history.backups import Backups, copy_database, images_in, open_backup
from vision_desktop.storage.history.blobs import BlobStore
from vision_desktop.storage.history.conversations import Conversations
from vision_desktop.storage.history.damage import damaged_files, set_aside
from vision_desktop.storage.history.database import Database, connect, set_up
from vision_desktop.storage.history.drafts import Drafts
from vision_desktop.storage.history.failures import history_error, is_damage
from vision_desktop.storage.history.lock import OwnerLock
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
)
from vision_desktop.storage.history.request_size import RequestSize, request_size_check
from vision_desktop.storage.history.schema import SCHEMA_VERSION, migrate
from vision_desktop.storage.history.search import Search
from vision_desktop.storage.history.usage import LedgerRow, UsageLedger, UsageReport, UsageTotals
from vision_desktop.storage.paths import AppPaths

__all__ = ["DB_FILENAME", "HistoryStore"]

log = logging.getLogger(__name__)

DB_FILENAME = "history.sqlite3"


class HistoryStore:
    """The conversation history. Open with :meth:`open`; close with :meth:`close` (or use ``with``)."""

    def __init__(self, db_path: Path, images_dir: Path) -> None:
        self.db_path = Path(db_path)
        self.images_dir = Path(images_dir)
        self.backups_dir = self.db_path.parent / "backups"
        self.locks_dir = self.db_path.parent / "locks"
        self._database = Database()
        self._lock = self._database.lock
        self._owner: OwnerLock | None = None
        self._blobs = BlobStore(self.images_dir, self._database)
        self._conversations = Conversations(self._database, self._blobs)
        self._drafts = Drafts(self._database, self._blobs)
        self._search = Search(self._database)
        self._usage = UsageLedger(self._database)
        self._backups = Backups(self.backups_dir)
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
        conn = connect(self.db_path, timeout)
        try:
            set_up(conn, timeout)
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise HistoryError(
                    tr(
                        "errors",
                        "The history was written by a newer version of Vision Desktop. Update the app to open it.",
                    ),
                    detail=f"schema version {version}, this app knows up to {SCHEMA_VERSION}",
                )
            if version < SCHEMA_VERSION:
                has_tables = conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None
                if has_tables:
                    self._backups.make(conn)
                self.migrated_from = migrate(conn)
            self._owner = OwnerLock(self.locks_dir)
            self._database.conn = conn
            self.recovered_turns = self._conversations.recover_dead_turns(self.locks_dir)
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
            self._database.conn = None
            raise

    def _set_aside(self, exc: BaseException) -> None:
        own = self._owner.token if self._owner is not None else None
        conn, self._damaged_conn = self._damaged_conn, None
        self.set_aside = set_aside(
            self.db_path,
            exc,
            conn,
            in_use=OwnerLock.others_alive(self.locks_dir, own),
            backups=self._backups,
        )

    def set_aside_damaged(self, exc: BaseException) -> DamagedHistory:
        """A query found the open history damaged: close it, set it aside, start a new one (and say so)."""
        with self._lock:
            self._damaged_conn, self._database.conn = self._database.conn, None  # closed after the renaming
            self.close()
            self._search.forget()
            try:
                self._set_aside(exc)
                self._connect()
            except (sqlite3.Error, OSError) as err:
                raise history_error(err) from err
            assert self.set_aside is not None
            return self.set_aside

    def close(self) -> None:
        with self._lock:
            if self._database.conn is not None:
                self._database.conn.close()
                self._database.conn = None
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
        return self._database.connection

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction under the store's lock."""
        with self._database.transaction() as conn:
            yield conn

    # -- images ------------------------------------------------------------------------------------
    def image_attachment(self, image: StoredImage | str) -> ImageAttachment:
        """Rebuild the :class:`ImageAttachment` (with its data URL) of a stored image, to send it again."""
        return self._blobs.attachment(image)

    # -- conversations and turns ---------------------------------------------------------------------
    def create_conversation(self, title: str | None = None, system_prompt: str | None = None) -> int:
        return self._conversations.create_conversation(title, system_prompt)

    def start_turn(
        self,
        conversation_id: int,
        question: Message,
        options: ChatOptions,
        provider: str | None = None,
        *,
        started: float | None = None,
        estimated_prompt_tokens: int | None = None,
    ) -> int:
        """Record a question as it is sent (status ``pending``), with its images and the flight check's
        ``estimated_prompt_tokens`` (if one was made); returns the turn's id.

        The conversation takes its title from its first question unless it has one.
        """
        return self._conversations.start_turn(
            conversation_id,
            question,
            options,
            provider,
            started=started,
            owner=self.owner_token,
            estimated_prompt_tokens=estimated_prompt_tokens,
        )

    def append_partial(self, turn_id: int, text: str) -> None:
        """Append streamed answer text to a pending turn: one UPDATE, committed at once (no index work)."""
        self._conversations.append_partial(turn_id, text)

    def finish_turn(
        self,
        turn_id: int,
        result: ChatResult | None,
        status: FinalStatus,
        error: str | None = None,
        *,
        cost: float | None = None,
        currency: str | None = None,
        estimated_prompt_tokens: int | None = None,
    ) -> None:
        """Record how a turn ended. With ``result``, its content replaces the partial answer; ``cost`` is what
        it cost in ``currency`` (``None``: unknown; kept only with a result), ``estimated_prompt_tokens`` the
        flight check's estimate (kept unless ``None``)."""
        self._conversations.finish_turn(
            turn_id,
            result,
            status,
            error,
            cost=cost,
            currency=currency,
            estimated_prompt_tokens=estimated_prompt_tokens,
        )

    def supersede_turn(self, turn_id: int) -> None:
        """Mark a turn as replaced by a later try (kept, but left out of the conversation as loaded)."""
        self._conversations.supersede_turn(turn_id)

    def rename(self, conversation_id: int, title: str) -> None:
        self._conversations.rename(conversation_id, title)

    def list_conversations(
        self, limit: int = 100, offset: int = 0, include_deleted: bool = False
    ) -> list[ConversationSummary]:
        """Conversations, most recently updated first (an index walk: cost grows with ``limit``, not the total)."""
        return self._conversations.list_conversations(limit, offset, include_deleted)

    def count_conversations(self, include_deleted: bool = False) -> int:
        return self._conversations.count_conversations(include_deleted)

    def load_conversation(self, conversation_id: int, *, with_images: bool = False) -> StoredConversation:
        """A conversation with its turns. Images are references unless ``with_images`` (data URLs read)."""
        return self._conversations.load_conversation(conversation_id, with_images=with_images)

    def to_conversation(self, stored: StoredConversation) -> Conversation:
        """A core :class:`Conversation` to continue: images are loaded for the complete turns only (the ones
        a follow-up sends again); a failed turn's images are never resent."""
        return self._conversations.to_conversation(stored)

    @staticmethod
    def request_size_check(messages: Sequence[Message]) -> RequestSize:
        return request_size_check(messages)

    def conversation_size(
        self, stored: StoredConversation, extra: Message | Sequence[Message] | None = None
    ) -> RequestSize:
        """The size of a follow-up to ``stored`` (its complete turns, plus ``extra``), without reading images."""
        return self._conversations.conversation_size(stored, extra)

    # -- delete, undo, retention -----------------------------------------------------------------------
    def delete(self, conversation_id: int) -> DeleteToken:
        """Move a conversation to the bin (soft delete); :meth:`undo_delete` brings it back."""
        return self._conversations.delete(conversation_id)

    def undo_delete(self, token: DeleteToken | int) -> None:
        self._conversations.undo_delete(token)

    def purge_deleted(self, older_than: float = 0.0) -> int:
        """Delete for good the conversations in the bin for more than ``older_than`` seconds."""
        return self._conversations.purge_deleted(older_than)

    def delete_older_than(self, days: float) -> int:
        """Retention: delete for good the conversations not updated for ``days`` days."""
        return self._conversations.delete_older_than(days)

    def delete_all(self, *, include_backups: bool = True) -> int:
        """ "Delete all history": every conversation and its images (the draft stays), then the backups too
        unless ``include_backups=False`` (a backup would otherwise keep what the user asked to delete). The
        database is vacuumed and its WAL truncated so the text does not linger in free pages."""
        with self._lock:
            with self._tx() as conn:
                count = conn.execute("DELETE FROM conversations").rowcount
            if include_backups:
                self._backups.remove_all()
            self.cleanup_images(min_age=0.0)
            self.vacuum()
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
        return self._drafts.save(prompt, images, conversation_id=conversation_id, slot=slot)

    def load_draft(self, slot: str = "main") -> Draft | None:
        return self._drafts.load(slot)

    def clear_draft(self, slot: str = "main") -> None:
        self._drafts.clear(slot)

    # -- search ----------------------------------------------------------------------------------------
    def _uses_trigram(self) -> bool:
        return self._search.uses_trigram()

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Conversations whose questions or answers contain every word of ``query``, newest first.

        Any input is safe: quotes and punctuation are taken literally, never as FTS5 syntax. Each word matches
        as a substring (so as a prefix while typing). See ``search.py`` for short and CJK words.
        """
        return self._search.search(query, limit)

    # -- the cost ledger (usage.py) --------------------------------------------------------------------
    def usage_report(self, days: int = 30, now: _dt.datetime | None = None) -> UsageReport:
        """What the Usage window shows: today, this month, all time, the last ``days`` days, every month."""
        return self._usage.report(days, now)

    def usage_totals(self, since: float | None = None, until: float | None = None) -> UsageTotals:
        """The answers from ``since`` up to ``until`` (timestamps; ``None``: no limit) added up."""
        return self._usage.totals(since, until)

    def usage_by_day(self, since: float | None = None, until: float | None = None) -> list[UsageTotals]:
        """One total per local day with answers, oldest first."""
        return self._usage.by_day(since, until)

    def usage_by_month(self, since: float | None = None, until: float | None = None) -> list[UsageTotals]:
        """One total per local month with answers, newest first."""
        return self._usage.by_month(since, until)

    def usage_by_conversation(self, limit: int | None = None) -> list[UsageTotals]:
        """One total per conversation (``label``: its title), the most recently asked first (``limit``: the
        first so many)."""
        return self._usage.by_conversation(limit)

    def conversation_usage(self, conversation_id: int) -> UsageTotals:
        """One conversation's answers added up, its replaced tries included."""
        return self._usage.conversation(conversation_id)

    def spent_this_month(self, currency: str, now: _dt.datetime | None = None) -> float:
        """What this local month's answers cost in ``currency`` (for the monthly budget)."""
        return self._usage.spent_this_month(currency, now)

    def ledger_rows(self, since: float | None = None, until: float | None = None) -> list[LedgerRow]:
        """Every answer (the ledger's rows), oldest first."""
        return self._usage.rows(since, until)

    def export_usage_csv(self, path: Path, header: Sequence[str] | None = None) -> int:
        """Write the ledger to ``path`` as CSV (UTF-8 with a BOM), one row per answer; returns how many.
        Raises :class:`HistoryError` with a plain sentence when the file cannot be written."""
        path = Path(path)
        try:
            return self._usage.export_csv(path, header)
        except OSError as exc:
            raise HistoryError(
                tr(
                    "errors", "The file {name} could not be written. Choose another folder or file name."
                ).format(name=path.name),
                detail=f"{path}: {type(exc).__name__}: {exc}",
            ) from exc

    # -- backups ---------------------------------------------------------------------------------------
    def backup(self, kind: str = "manual") -> Path:
        with self._lock:
            return self._backups.make(self._db, f"-{kind}")

    def daily_backup(self, keep: int = 7, *, today: _dt.date | None = None) -> Path | None:
        """Make today's backup unless it exists, and keep the newest ``keep`` daily backups.

        Returns the new backup's path, or ``None`` when today's was already made. Call it from a worker
        thread after start-up (it copies the whole database).
        """
        path = self._backups.daily_path(today or _dt.date.today())
        made: Path | None = None
        with self._lock:
            if not path.exists():
                made = copy_database(self._db, path)
        self._backups.rotate_daily(keep)
        return made

    def list_backups(self) -> list[BackupInfo]:
        """Every backup, newest first (for "Restore from backup…")."""
        return self._backups.list()

    def restore_backup(self, path: Path) -> Path:
        """Replace the history with a backup; returns the backup made of the current history first.

        The backup is checked (it must be a Vision Desktop history), the current database is backed up, then
        copied over with the backup API; the store is closed and reopened (migrating an older backup).
        """
        src = open_backup(Path(path))
        try:
            with self._lock:
                conn = self._db
                safety = self._backups.make(conn, "-before-restore")
                src.backup(conn)
                self.close()
                self._search.forget()
                self._connect()
        finally:
            src.close()
        return safety

    # -- maintenance -----------------------------------------------------------------------------------
    def cleanup_images(self, min_age: float = 3600.0) -> int:
        """Delete image files (and rows) that no turn, draft or backup refers to; returns how many.

        Files younger than ``min_age`` seconds are kept: another thread may be about to commit them.
        """
        keep = images_in([b.path for b in self.list_backups()] + damaged_files(self.db_path.parent))
        with self._lock:
            keep |= self._drafts.referenced_images()
            return self._blobs.remove_unreferenced(keep, min_age)

    def optimize_search(self) -> None:
        """Merge the full-text index into one segment. Common words are then found 5-10 times faster (the
        index otherwise grows in many small segments, one per write). Takes about a second per 40,000 turns;
        run it from a worker (:meth:`maintenance` does, once a day)."""
        self._search.optimize()

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
