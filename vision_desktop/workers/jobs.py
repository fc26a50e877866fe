"""The plain data that crosses into and out of the request worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.models import ChatOptions, ChatResult, ImageAttachment, Message


@dataclass(frozen=True)
class ImageInput:
    """One image of the draft: where it comes from, and the prepared form once it is ready."""

    key: int
    label: str
    path: str | None = None
    data: bytes | None = None
    url: str | None = None
    qimage: object = None
    """A pasted or dropped ``QImage``; encoded on the worker thread, never on the GUI thread."""
    prepared: ImageAttachment | None = None


@dataclass(frozen=True)
class RequestJob:
    """One question to send. ``connect`` resolves the connection (a keyring read) on the worker thread."""

    connect: Callable[[], object]
    history: tuple[Message, ...]
    text: str
    images: tuple[ImageInput, ...]
    options: ChatOptions
    system: str | None = None
    stream: bool = False
    request_id: int = 0
    cancel: object = None


@dataclass(frozen=True)
class RequestOutcome:
    request_id: int
    question: Message
    result: ChatResult
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestFailure:
    request_id: int
    error: VisionDesktopError
    images: tuple[ImageAttachment, ...] = field(default_factory=tuple)
