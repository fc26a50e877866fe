"""What a :class:`~vision_desktop.workers.conversation_session.ConversationSession` is asked (a
:class:`Question`) and what it says: one frozen payload for each of its signals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from vision_desktop.api.parameters import ParameterChange
from vision_desktop.core.errors import CancelledError, VisionDesktopError
from vision_desktop.core.models import (
    ChatOptions,
    ChatResult,
    ImageAttachment,
    Message,
)
from vision_desktop.core.profiles import Price
from vision_desktop.workers.jobs import ImageInput

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Question:
    """What :meth:`ConversationSession.send` needs: the question, its images and how to send it."""

    text: str
    images: tuple[ImageInput, ...]
    options: ChatOptions
    connect: Callable[[], object]
    """Resolves the connection (a keyring read) on the request thread."""
    provider: str = ""
    stream: bool = False
    price: Price | None = None
    """The model's price, for the answer's cost in the history (``None``: unknown)."""
    estimated_prompt_tokens: int | None = None
    """The flight check's estimate, kept beside the reported count."""

    @property
    def message(self) -> Message:
        """The question as recorded and measured here, with the images the tray has prepared already (the
        request worker prepares the rest and builds the message it sends with ``send_question``)."""
        return Message("user", self.text, prepared_attachments(self.images))


@dataclass(frozen=True)
class TurnReplaced:
    """A turn is asked again: ``new_turn_id`` (its ``turn_started`` comes next) takes ``old_turn_id``'s place."""

    old_turn_id: int
    new_turn_id: int
    reason: Literal["retry", "regenerate"]
    """``retry``: the old try failed or was stopped; ``regenerate``: the old answer is set aside for a new one."""


@dataclass(frozen=True)
class TurnRemoved:
    turn_id: int
    """A turn taken out of the conversation (its question went back to be edited); it stays in the history."""


@dataclass(frozen=True)
class TurnStarted:
    turn_id: int
    text: str
    images: tuple[ImageInput, ...]
    started: float
    """``time.monotonic()`` when it was sent."""


@dataclass(frozen=True)
class TurnProgress:
    turn_id: int
    text: str


@dataclass(frozen=True)
class TurnText:
    turn_id: int
    text: str
    """Only what arrived since the last ``text_received``."""


@dataclass(frozen=True)
class SizeWarning:
    turn_id: int
    text: str


@dataclass(frozen=True)
class TurnFinished:
    turn_id: int
    question: Message
    result: ChatResult
    notes: tuple[str, ...] = ()
    """Plain sentences about what was done on the way (e.g. smaller images sent after a 413)."""
    model: str = ""
    """The model asked for (the answer's ``result.model`` says which one answered, when the relay tells)."""


@dataclass(frozen=True)
class ParameterLearned:
    """A relay refused a parameter of turn ``turn_id``'s model; the question was sent again without it (or under
    its other name). Keep ``change`` in the settings (``remember_parameters``) so later questions are right at
    once; the session itself remembers it while it lives."""

    turn_id: int
    change: ParameterChange

    @property
    def note(self) -> str:
        """The one line for the person (it is in the turn's ``TurnFinished.notes`` too)."""
        return self.change.note()


@dataclass(frozen=True)
class TurnFailed:
    turn_id: int
    error: VisionDesktopError
    partial: str = ""
    """The answer text that had arrived."""

    @property
    def stopped(self) -> bool:
        """The person stopped it (or a new conversation did)."""
        return isinstance(self.error, CancelledError)


@dataclass(frozen=True)
class ConversationReset:
    conversation_id: int | None
    """The stored conversation now held, or ``None`` for a new one."""
    title: str | None = None


@dataclass(frozen=True)
class TurnRecorded:
    turn_id: int
    conversation_id: int
    ended: bool
    """``False``: the question was written; ``True``: how the turn ended was written."""
    adopted: bool
    """This write gave the session its ``conversation_id`` (the first question of a new conversation)."""


@dataclass(frozen=True)
class TurnSaved:
    turn_id: int


@dataclass(frozen=True)
class SaveFailed:
    turn_id: int
    error: BaseException


def prepared_attachments(images: tuple[ImageInput, ...]) -> tuple[ImageAttachment, ...]:
    return tuple(i.prepared for i in images if i.prepared is not None)


__all__ = [
    "ConversationReset",
    "ParameterLearned",
    "Question",
    "SaveFailed",
    "SizeWarning",
    "TurnFailed",
    "TurnFinished",
    "TurnProgress",
    "TurnRecorded",
    "TurnRemoved",
    "TurnReplaced",
    "TurnSaved",
    "TurnStarted",
    "TurnText",
    "prepared_attachments",
]
