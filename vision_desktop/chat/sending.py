"""Sending a question: images prepared, the question built once, visible and cancelable retries, once smaller
images when the relay finds them too large, and once without a parameter the model refuses. Blocking: the window
runs it on its request thread, the CLI directly.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vision_desktop.api.cancel import CancelToken
from vision_desktop.api.parameters import ParameterChange
from vision_desktop.api.payloads import sent_parameters
from vision_desktop.core.errors import (
    CancelledError,
    ConnectError,
    RateLimitError,
    RequestTooLargeError,
    TimeoutError,
    UnsupportedParameterError,
    VisionDesktopError,
)
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import (
    ChatOptions,
    ChatRequest,
    ChatResult,
    Conversation,
    ImageAttachment,
    Message,
)

if TYPE_CHECKING:
    from vision_desktop.api.client import ChatClient
    from vision_desktop.chat.connection import Connection
    from vision_desktop.images import ImageLimits

__all__ = [
    "DEFAULT_RETRY_POLICY",
    "MAX_PARAMETER_RETRIES",
    "RetryNotice",
    "RetryPolicy",
    "SendOutcome",
    "send_question",
    "send_with_retries",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """At most ``attempts`` tries for failures that may pass (429, 5xx, a reset before any text).

    Waits grow exponentially with jitter; a ``Retry-After`` is honoured up to ``max_delay``.
    """

    attempts: int = 3
    base_delay: float = 2.0
    max_delay: float = 30.0
    jitter: float = 0.25

    def delay(
        self, attempt: int, error: VisionDesktopError, rand: Callable[[], float] = random.random
    ) -> float:
        retry_after = getattr(error, "retry_after", None)
        if isinstance(retry_after, (int, float)) and retry_after > 0:
            return float(min(retry_after, self.max_delay))
        base = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
        return float(max(0.0, base * (1 + self.jitter * (2 * rand() - 1))))


@dataclass(frozen=True)
class RetryNotice:
    attempt: int
    """The attempt about to start (2 or 3)."""
    attempts: int
    delay: float
    error: VisionDesktopError

    def text(self) -> str:
        if isinstance(self.error, ConnectError):
            text = tr("status", "Connection lost, retrying in {seconds} s ({attempt} of {attempts})")
        elif isinstance(self.error, RateLimitError):
            text = tr("status", "Too many requests, retrying in {seconds} s ({attempt} of {attempts})")
        else:
            text = tr("status", "Relay busy, retrying in {seconds} s ({attempt} of {attempts})")
        return text.format(seconds=f"{self.delay:.0f}", attempt=self.attempt, attempts=self.attempts)


DEFAULT_RETRY_POLICY = RetryPolicy()

MAX_PARAMETER_RETRIES = 3
"""At most this many parameters are taken out of one question (each once); a relay that keeps refusing is not
asked again and again."""


def send_with_retries(
    client: ChatClient,
    request: ChatRequest,
    *,
    cancel: CancelToken,
    stream: bool = False,
    on_delta: Callable[[str], None] | None = None,
    on_retry: Callable[[RetryNotice], None] | None = None,
    policy: RetryPolicy | None = None,
) -> ChatResult:
    """``client.chat`` with automatic, visible and cancelable retries.

    Never retried: 400, 401, 403, 413, quota and model errors, a timeout (the person already waited as long as
    they said; a relay that stalls or trickles would only stall again), or any failure after answer text
    arrived (that text would be lost or doubled).
    """
    policy = policy or DEFAULT_RETRY_POLICY
    for attempt in range(1, policy.attempts + 1):
        got_text = False

        def delta(text: str) -> None:
            nonlocal got_text
            got_text = True
            if on_delta is not None:
                on_delta(text)

        try:
            return client.chat(request, cancel=cancel, stream=stream, on_delta=delta)
        except VisionDesktopError as exc:
            if (
                attempt == policy.attempts
                or not exc.retryable
                or isinstance(exc, TimeoutError)
                or got_text
                or exc.partial
                or cancel.cancelled
            ):
                raise
            wait = policy.delay(attempt, exc)
            notice = RetryNotice(attempt + 1, policy.attempts, wait, exc)
            log.info("%s (%s)", notice.text(), type(exc).__name__)
            if on_retry is not None:
                on_retry(notice)
            if cancel.wait(wait):
                raise CancelledError() from None
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class SendOutcome:
    question: Message
    """The question as it was sent (with the smaller images, if those were sent)."""
    result: ChatResult
    notes: tuple[str, ...] = ()
    """Plain sentences about what the app did on its own, e.g. sent smaller images after a 413."""
    learned: tuple[ParameterChange, ...] = ()
    """Parameters the model refused on the way (already given to ``Connection.on_learned``); keep them with
    :func:`~vision_desktop.chat.connection.remember_parameters` so the next question is right at once."""


def send_question(
    connection: Connection,
    *,
    history: tuple[Message, ...],
    text: str,
    prepare_images: Callable[[ImageLimits | None], tuple[ImageAttachment, ...]],
    options: ChatOptions,
    system: str | None,
    cancel: CancelToken,
    stream: bool = False,
    on_delta: Callable[[str], None] | None = None,
    on_status: Callable[[str], None] | None = None,
    on_question: Callable[[Message], None] | None = None,
    policy: RetryPolicy | None = None,
) -> SendOutcome:
    """Prepare, send, retry what may pass, once shrink the images if the relay finds them too large, and send
    again without a parameter the model refuses.

    The request carries the parameters ``connection.parameters`` says the model accepts. A 400 naming one it
    refuses (:class:`~vision_desktop.core.errors.UnsupportedParameterError`) is sent once more without it (or
    under its other name), at most :data:`MAX_PARAMETER_RETRIES` parameters in all; each lesson goes to
    ``connection.on_learned`` at once, into the outcome's ``notes`` (one plain line) and ``learned``.

    ``history`` is the earlier messages; the request is put together by
    :meth:`~vision_desktop.core.models.Conversation.build_request`. ``prepare_images(None)`` gives the images at
    the normal limits, ``prepare_images(limits)`` smaller ones. ``on_question`` gets the question (with its
    prepared images) once, just before the first request goes out: the moment to record it.
    """

    def status(message: str) -> None:
        if on_status is not None:
            on_status(message)

    images = prepare_images(None)
    cancel.raise_if_cancelled()
    notes: list[str] = []
    learned: list[ParameterChange] = []
    conversation = Conversation(system)
    recorded = False

    def attempt(attachments: tuple[ImageAttachment, ...]) -> SendOutcome:
        nonlocal connection, recorded
        question = Message("user", text, attachments)
        request = conversation.build_request(question, options, earlier=history)
        if on_question is not None and not recorded:
            on_question(question)
        recorded = True
        status(tr("status", "Waiting for the answer…"))
        while True:
            try:
                with connection.client() as client:
                    result = send_with_retries(
                        client,
                        request,
                        cancel=cancel,
                        stream=stream,
                        on_delta=on_delta,
                        on_retry=lambda notice: status(notice.text()),
                        policy=policy,
                    )
                return SendOutcome(question, result, tuple(notes), tuple(learned))
            except UnsupportedParameterError as exc:
                connection, change = _without_parameter(connection, request, stream, exc, len(learned))
                learned.append(change)
                notes.append(change.note())
                log.info("%s (%s: %s)", change.note(), options.model, exc.relay_message)
                if connection.on_learned is not None:
                    connection.on_learned(change)
                status(tr("status", "Sending again without what the model refused…"))

    try:
        return attempt(images)
    except RequestTooLargeError as exc:
        if not images or exc.partial:
            raise
        from vision_desktop.images import ImageLimits as Limits

        profile = connection.parameters.profile_for(options.model)
        smaller = prepare_images(Limits.for_profile(profile, len(images)).shrunk())
        before = max(max(i.width, i.height) for i in images)
        after = max(max(i.width, i.height) for i in smaller)
        if sum(i.bytes for i in smaller) >= sum(i.bytes for i in images):
            raise
        note = tr(
            "status",
            "The relay refused the images as too large, so smaller copies were sent (longest side {after} px "
            "instead of {before} px).",
        ).format(after=after, before=before)
        log.info("the relay refused the images as too large: sending %d px instead of %d px", after, before)
        notes.append(note)
        status(tr("status", "Images too large for the relay: sending smaller copies…"))
        return attempt(smaller)


def _without_parameter(
    connection: Connection,
    request: ChatRequest,
    stream: bool,
    error: UnsupportedParameterError,
    taken: int,
) -> tuple[Connection, ParameterChange]:
    """``connection`` knowing that the model refuses ``error.parameter``, and that lesson. Raises ``error`` again
    when sending once more would not help: the refused parameter was not sent (or is sent already as the relay
    asks), answer text had arrived, or :data:`MAX_PARAMETER_RETRIES` parameters were taken out already."""
    model = request.options.model
    change = ParameterChange(model.strip(), error.parameter, error.replacement)
    if change.replacement and change.replacement in connection.parameters.learned_for(model):
        # the other name of the length limit was refused before: leave it out rather than swap back and forth
        change = replace(change, replacement="")
    book = connection.parameters.learn(change)
    before = sent_parameters(request, stream=stream, rules=connection.parameters.rules_for(model))
    after = sent_parameters(request, stream=stream, rules=book.rules_for(model))
    if error.partial or taken >= MAX_PARAMETER_RETRIES or before == after:
        raise error
    return replace(connection, parameters=book), change
