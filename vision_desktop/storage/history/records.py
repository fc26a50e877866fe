"""The plain data the history hands out: frozen dataclasses, safe to pass between threads.

A stored conversation (:class:`StoredConversation`) has turns (:class:`StoredTurn`) whose images are references
(:class:`StoredImage`: nothing is read until it is needed); the sidebar lists :class:`ConversationSummary` rows and
search finds :class:`SearchHit` rows; the composer's draft is a :class:`Draft`; backups and a damaged history set
aside are described by :class:`BackupInfo` and :class:`DamagedHistory`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage

__all__ = [
    "FINAL_STATUSES",
    "BackupInfo",
    "ConversationSummary",
    "DamagedHistory",
    "DeleteToken",
    "Draft",
    "DraftImage",
    "FinalStatus",
    "SearchHit",
    "StoredConversation",
    "StoredImage",
    "StoredStatus",
    "StoredTurn",
]

StoredStatus = Literal["pending", "complete", "stopped", "failed", "incomplete"]
FinalStatus = Literal["complete", "stopped", "failed", "incomplete"]
FINAL_STATUSES: tuple[FinalStatus, ...] = ("complete", "stopped", "failed", "incomplete")


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
    cost: float | None = None
    """What the answer cost in :attr:`currency`; ``None`` when unknown (no price, or no usage reported)."""
    currency: str | None = None
    estimated_prompt_tokens: int | None = None
    """The flight check's estimate of the prompt tokens, made before sending (``None``: none was made)."""


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
