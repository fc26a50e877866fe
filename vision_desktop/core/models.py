"""The app's plain data: images ready to send, options, requests, results and conversations.

Everything here is a frozen dataclass (or built from them) so that it can cross threads safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from vision_desktop.core.i18n import N_, tr
from vision_desktop.core.profiles import DEFAULT_PROFILE

Role = Literal["system", "user", "assistant"]
TurnStatus = Literal["complete", "stopped", "failed", "incomplete"]

DEFAULT_MODEL = "claude-sonnet-4-20250514"


@dataclass(frozen=True)
class Tile:
    """Where one tile sits in the image it was cut from: ``index`` of ``count`` (1-based), in reading ``order``."""

    index: int
    count: int
    order: Literal["top to bottom", "left to right"] = "top to bottom"

    def caption(self) -> str:
        """What the request says before the tile, e.g. ``"image 2 of 4, top to bottom"``."""
        return f"image {self.index} of {self.count}, {self.order}"


@dataclass(frozen=True)
class ImageAttachment:
    """An image prepared for upload: re-encoded, resized, stripped of metadata.

    ``data_url`` is what goes into the request; the other fields say what the pipeline did.
    """

    source: str
    """What the user gave: a file path, an URL, or a label such as ``"Pasted image"``."""
    data_url: str
    mime_type: str
    width: int
    height: int
    bytes: int
    """Size of the encoded image (not of the base64 text)."""
    original_width: int
    original_height: int
    original_bytes: int
    estimated_tokens: int
    actions: tuple[str, ...] = ()
    """Plain-language notes of what was done, e.g. ``"rotated upright"``, ``"resized from 4000×3000"``."""
    tile: Tile | None = None
    """Set when this image is one tile of a tall or wide picture."""

    @property
    def name(self) -> str:
        """The file's name (``photo.jpg``); a PDF page reads ``report.pdf, page 3``."""
        src = self.source.rstrip("/")
        head, sep, tail = src.rpartition("#page=")
        page = f", page {tail}" if sep and tail.isdigit() and head.lower().endswith(".pdf") else ""
        if page:
            src = head
        for separator in ("/", "\\"):
            if separator in src:
                src = src.rsplit(separator, 1)[1]
        return (src or self.source) + page

    def summary(self) -> dict[str, Any]:
        """The JSON view the CLI prints (``--json``)."""
        out: dict[str, Any] = {
            "source": self.source,
            "width": self.width,
            "height": self.height,
            "bytes": self.bytes,
            "estimated_tokens": self.estimated_tokens,
        }
        if self.tile is not None:
            out["tile"] = {"index": self.tile.index, "count": self.tile.count, "order": self.tile.order}
        return out


def estimate_image_tokens(width: int, height: int) -> int:
    """Image tokens by the conservative default profile (Claude: ⌈w/28⌉ × ⌈h/28⌉ after resizing); the pipeline
    counts each image by the profile of the model it goes to."""
    return DEFAULT_PROFILE.image_tokens(width, height)


@dataclass(frozen=True)
class ChatOptions:
    """Sampling options. ``None`` means "not set": the field is left out of the request."""

    model: str = DEFAULT_MODEL
    temperature: float | None = 1.0
    max_tokens: int | None = 1024
    top_p: float | None = None
    n: int | None = None
    stop: tuple[str, ...] | None = None
    seed: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    response_format: dict[str, Any] | None = None
    user: str | None = None

    def replace(self, **changes: Any) -> ChatOptions:
        return replace(self, **changes)


@dataclass(frozen=True)
class Message:
    """One message of a conversation. User messages may carry images."""

    role: Role
    text: str
    images: tuple[ImageAttachment, ...] = ()


@dataclass(frozen=True)
class ChatRequest:
    """Everything needed to send one request: the earlier turns, the new user message, options."""

    messages: tuple[Message, ...]
    options: ChatOptions = field(default_factory=ChatOptions)
    system: str | None = None


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    reported: bool = True
    """False when the relay sent no usage at all (the numbers are then zeros, not measurements)."""

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.total_tokens + other.total_tokens,
            self.reported or other.reported,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }


@dataclass(frozen=True)
class ChatResult:
    """A parsed answer."""

    id: str
    model: str
    content: str
    finish_reason: str | None
    usage: Usage
    elapsed: float = 0.0
    """Seconds from sending to the end of the answer."""
    incomplete: bool = False
    """The stream ended without saying it was finished: the text may be cut short."""
    first_text_after: float | None = None
    """Seconds from sending to the first answer text (streaming only)."""


@dataclass(frozen=True)
class Turn:
    """One question and what came of it, as the window and the history show it."""

    question: Message
    result: ChatResult | None = None
    status: TurnStatus = "complete"
    error: str | None = None


@dataclass
class Conversation:
    """The turns so far. Only completed turns are sent again with a follow-up question.

    A failed turn's images are never resent silently: it is left out of later requests.
    """

    system: str | None = None
    turns: list[Turn] = field(default_factory=list)

    def history_messages(self) -> tuple[Message, ...]:
        out: list[Message] = []
        for turn in self.turns:
            if turn.status != "complete" or turn.result is None:
                continue
            out.append(turn.question)
            out.append(Message("assistant", turn.result.content))
        return tuple(out)

    def build_request(
        self, question: Message, options: ChatOptions, *, earlier: tuple[Message, ...] = ()
    ) -> ChatRequest:
        """The request that asks ``question`` next: the system message, ``earlier`` messages (turns read from
        the history that are not in :attr:`turns`), the completed turns, then the question. The one place a
        request is put together (:func:`vision_desktop.chat.sending.send_question` calls it)."""
        return ChatRequest((*earlier, *self.history_messages(), question), options, self.system or None)

    def usage(self) -> Usage:
        total = Usage(reported=False)
        for turn in self.turns:
            if turn.result is not None:
                total = total + turn.result.usage
        return total


_CUT_OFF = N_("status", "The answer was cut off at the token limit; raise Max tokens to get more.")
_TOOL = N_("status", "The model asked to run a tool; this app does not run tools.")
_FINISH_NOTES = {
    "length": _CUT_OFF,
    "max_tokens": _CUT_OFF,
    "content_filter": N_("status", "The provider's filter stopped the answer."),
    "tool_calls": _TOOL,
    "function_call": _TOOL,
}


def finish_reason_note(reason: str | None) -> str | None:
    """A plain sentence explaining why an answer ended, or ``None`` when it simply ended.

    ``length`` (and Anthropic's ``max_tokens``), ``content_filter``, ``tool_calls`` and ``function_call`` get a
    note; ``stop``, ``None`` and reasons this app does not know get none. The CLI prints it on stderr, the
    window shows it under the answer; it is in the current language.
    """
    if not reason:
        return None
    note = _FINISH_NOTES.get(reason.strip().lower())
    return tr("status", note) if note is not None else None
