"""The conversations and their turns: recording a question as it is sent and the answer as it streams and ends,
reading them back, renaming, the bin (soft delete and undo) and retention.

Every turn is written when it is sent (:meth:`Conversations.start_turn`, status ``pending``, stamped with the
owner token of the store: see ``lock.py``), grows as the answer streams in (:meth:`Conversations.append_partial`)
and is written again when it ends (:meth:`Conversations.finish_turn`). Image files are written (``blobs.py``)
before the row that references them is committed.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vision_desktop.core.errors import ConversationNotFoundError, TurnNotFoundError
from vision_desktop.core.i18n import N_, tr
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
from vision_desktop.storage.history.blobs import BlobStore, decode_data_url
from vision_desktop.storage.history.database import Database
from vision_desktop.storage.history.lock import OwnerLock
from vision_desktop.storage.history.records import (
    FINAL_STATUSES,
    ConversationSummary,
    DeleteToken,
    FinalStatus,
    StoredConversation,
    StoredImage,
    StoredTurn,
)
from vision_desktop.storage.history.request_size import RequestSize, request_size_check

__all__ = ["INCOMPLETE_ERROR", "Conversations", "title_from_question"]

log = logging.getLogger(__name__)

TITLE_LENGTH = 60
INCOMPLETE_ERROR = N_("errors", "The app stopped before the answer was complete.")
"""The error kept with a turn whose process ended mid-answer (stored in the language of the moment it is found)."""
_TURN_COLUMNS = (
    "id, position, question, answer, model, provider, options, response_id, finish_reason, prompt_tokens, "
    "completion_tokens, total_tokens, usage_reported, started, finished, elapsed, status, error, cost, currency, "
    "estimated_prompt_tokens"
)


def title_from_question(text: str, images: Sequence[ImageAttachment] = (), limit: int = TITLE_LENGTH) -> str:
    """A conversation title from its first question: one line, at most ~``limit`` characters, cut at a word."""
    words = " ".join(text.split())
    if not words:
        if images:
            if len(images) == 1:
                return images[0].name
            return tr("status", "{name} and {count} more").format(name=images[0].name, count=len(images) - 1)
        return tr("status", "New conversation")
    if len(words) <= limit:
        return words
    cut = words[:limit]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


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


class Conversations:
    """The ``conversations``, ``turns`` and ``turn_images`` tables, through the store's database."""

    def __init__(self, database: Database, blobs: BlobStore) -> None:
        self._database = database
        self._blobs = blobs

    def recover_dead_turns(self, locks_dir: Path) -> int:
        """Mark the pending turns of processes that are gone ``incomplete`` (see ``lock.py``); returns how many."""
        conn = self._database.connection
        owners = [row[0] for row in conn.execute("SELECT DISTINCT owner FROM turns WHERE status = 'pending'")]
        dead = [o for o in owners if o is None or not OwnerLock.is_alive(locks_dir, o)]
        if not dead:
            return 0
        now = time.time()
        count = 0
        with self._database.transaction() as tx:
            for owner in dead:
                cur = tx.execute(
                    "UPDATE turns SET status = 'incomplete', finished = COALESCE(finished, ?), "
                    "error = COALESCE(error, ?), elapsed = COALESCE(elapsed, ? - started) "
                    "WHERE status = 'pending' AND owner IS ?",
                    (now, tr("errors", INCOMPLETE_ERROR), now, owner),
                )
                count += cur.rowcount
        for owner in dead:
            if owner is not None:
                OwnerLock.remove_stale(locks_dir, owner)
        if count:
            log.info("marked %d turn(s) of a stopped process incomplete", count)
        return count

    def create_conversation(self, title: str | None = None, system_prompt: str | None = None) -> int:
        now = time.time()
        with self._database.transaction() as conn:
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
        owner: str,
        estimated_prompt_tokens: int | None = None,
    ) -> int:
        """Record a question as it is sent (status ``pending``), with its images and the flight check's
        ``estimated_prompt_tokens``; returns the turn's id.

        The conversation takes its title from its first question unless it has one.
        """
        image_rows: list[tuple[ImageAttachment, dict[str, Any]]] = []
        for image in question.images:
            try:
                mime, data = decode_data_url(image.data_url)
            except ValueError as exc:
                log.warning("not storing image %s: %s", image.source, exc)
                continue
            row = self._blobs.write(data, image.mime_type or mime, image.width, image.height)
            image_rows.append((image, row))
        now = started if started is not None else time.time()
        with self._database.transaction() as conn:
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
                "max_tokens, options, started, status, owner, estimated_prompt_tokens) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
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
                    owner,
                    estimated_prompt_tokens,
                ),
            )
            turn_id = int(cur.lastrowid or 0)
            for index, (image, row) in enumerate(image_rows):
                self._blobs.insert_row(conn, row)
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
        with self._database.lock:
            self._database.connection.execute(
                "UPDATE turns SET answer = answer || ? WHERE id = ? AND status = 'pending'", (text, turn_id)
            )

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
        """Record how a turn ended. With ``result``, its content replaces the partial answer. ``cost`` (in
        ``currency``; ``None``: unknown) and the flight check's ``estimated_prompt_tokens`` are kept with it."""
        if status not in FINAL_STATUSES:
            raise ValueError(f"not a final status: {status!r}")
        now = time.time()
        with self._database.transaction() as conn:
            row = conn.execute(
                "SELECT conversation_id, started FROM turns WHERE id = ?", (turn_id,)
            ).fetchone()
            if row is None:
                raise TurnNotFoundError(tr("errors", "There is no turn with ID {id}.").format(id=turn_id))
            conversation_id, started = row
            if result is not None:
                usage = result.usage
                conn.execute(
                    "UPDATE turns SET answer = ?, model = COALESCE(NULLIF(?, ''), model), response_id = ?, "
                    "finish_reason = ?, prompt_tokens = ?, completion_tokens = ?, total_tokens = ?, "
                    "usage_reported = ?, finished = ?, elapsed = ?, status = ?, error = ?, cost = ?, currency = ?, "
                    "estimated_prompt_tokens = COALESCE(?, estimated_prompt_tokens) WHERE id = ?",
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
                        cost,
                        currency if cost is not None else None,
                        estimated_prompt_tokens,
                        turn_id,
                    ),
                )
            else:
                conn.execute(
                    "UPDATE turns SET finished = ?, elapsed = ?, status = ?, error = ?, "
                    "estimated_prompt_tokens = COALESCE(?, estimated_prompt_tokens) WHERE id = ?",
                    (now, max(0.0, now - started), status, error, estimated_prompt_tokens, turn_id),
                )
            conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))

    def supersede_turn(self, turn_id: int) -> None:
        """Mark a turn as replaced by a later try: it stays recorded (and found by search) but is no longer part
        of the conversation as loaded, shown or sent with a follow-up."""
        with self._database.transaction() as conn:
            if conn.execute("UPDATE turns SET superseded = 1 WHERE id = ?", (turn_id,)).rowcount == 0:
                raise TurnNotFoundError(tr("errors", "There is no turn with ID {id}.").format(id=turn_id))

    def rename(self, conversation_id: int, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise ValueError("a title cannot be empty")
        with self._database.transaction() as conn:
            cur = conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id))
            if cur.rowcount == 0:
                raise ConversationNotFoundError(conversation_id)

    def list_conversations(
        self, limit: int = 100, offset: int = 0, include_deleted: bool = False
    ) -> list[ConversationSummary]:
        """Conversations, most recently updated first (an index walk: cost grows with ``limit``, not the total)."""
        where = "" if include_deleted else "WHERE c.deleted_at IS NULL"
        with self._database.lock:
            rows = self._database.connection.execute(
                "SELECT c.id, c.title, c.updated, "
                "(SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id AND t.superseded = 0), c.created, "
                "c.deleted_at "
                f"FROM conversations c {where} ORDER BY c.updated DESC, c.id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [ConversationSummary(r[0], r[1] or "New conversation", r[2], r[3], r[4], r[5]) for r in rows]

    def count_conversations(self, include_deleted: bool = False) -> int:
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        with self._database.lock:
            return int(
                self._database.connection.execute(f"SELECT COUNT(*) FROM conversations {where}").fetchone()[0]
            )

    def load_conversation(self, conversation_id: int, *, with_images: bool = False) -> StoredConversation:
        """A conversation with its turns. Images are references unless ``with_images`` (data URLs read)."""
        with self._database.lock:
            conn = self._database.connection
            head = conn.execute(
                "SELECT id, title, system_prompt, created, updated, deleted_at FROM conversations WHERE id = ?",
                (conversation_id,),
            ).fetchone()
            if head is None:
                raise ConversationNotFoundError(conversation_id)
            rows = conn.execute(
                f"SELECT {_TURN_COLUMNS} FROM turns WHERE conversation_id = ? AND superseded = 0 ORDER BY position",
                (conversation_id,),
            ).fetchall()
            image_rows = conn.execute(
                "SELECT ti.turn_id, ti.sha256, ti.source, ti.mime, ti.width, ti.height, ti.bytes, i.path, "
                "i.thumb_path, ti.original_width, ti.original_height, ti.original_bytes, ti.estimated_tokens, "
                "ti.actions FROM turns t JOIN turn_images ti ON ti.turn_id = t.id "
                "JOIN images i ON i.sha256 = ti.sha256 WHERE t.conversation_id = ? AND t.superseded = 0 "
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
                    path=self._blobs.images_dir / r[7],
                    thumb_path=self._blobs.images_dir / r[8] if r[8] else None,
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
        (prompt_t, completion_t, total_t, reported, started, finished, elapsed, status, error) = r[9:18]
        (cost, currency, estimated) = r[18:21]
        options = _options_from_json(options_text)
        if model and model != options.model:
            options = options.replace(model=model)
        usage = Usage(prompt_t, completion_t, total_t, bool(reported))
        attachments = tuple(self._blobs.attachment(i) for i in images) if with_images else ()
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
            cost=cost,
            currency=currency,
            estimated_prompt_tokens=estimated,
        )

    def to_conversation(self, stored: StoredConversation) -> Conversation:
        """A core :class:`Conversation` to continue: images are loaded for the complete turns only (the ones
        a follow-up sends again); a failed turn's images are never resent."""
        turns: list[Turn] = []
        for turn in stored.turns:
            question = turn.question
            if turn.status == "complete" and turn.images and not question.images:
                question = Message(
                    "user", question.text, tuple(self._blobs.attachment(i) for i in turn.images)
                )
            status: TurnStatus = "incomplete" if turn.status == "pending" else turn.status
            turns.append(Turn(question, turn.result, status, turn.error))
        return Conversation(system=stored.system_prompt, turns=turns)

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
        with self._database.transaction() as conn:
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
        with self._database.transaction() as conn:
            cur = conn.execute("UPDATE conversations SET deleted_at = NULL WHERE id = ?", (conversation_id,))
            if cur.rowcount == 0:
                raise ConversationNotFoundError(conversation_id)

    def purge_deleted(self, older_than: float = 0.0) -> int:
        """Delete for good the conversations in the bin for more than ``older_than`` seconds."""
        with self._database.transaction() as conn:
            cur = conn.execute(
                "DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                (time.time() - older_than,),
            )
            return cur.rowcount

    def delete_older_than(self, days: float) -> int:
        """Retention: delete for good the conversations not updated for ``days`` days."""
        if days <= 0:
            raise ValueError("days must be positive")
        with self._database.transaction() as conn:
            cur = conn.execute("DELETE FROM conversations WHERE updated < ?", (time.time() - days * 86400,))
            return cur.rowcount
