"""chat/sending.py with a fake client: which failures are retried, what is said, the question built once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.helpers.factories import tiny_attachment
from vision_desktop.api.cancel import CancelToken
from vision_desktop.chat.connection import Connection
from vision_desktop.chat.sending import RetryNotice, RetryPolicy, send_question, send_with_retries
from vision_desktop.core.errors import (
    AuthenticationError,
    CancelledError,
    ConnectError,
    RateLimitError,
    RequestTooLargeError,
    ServerError,
    TimeoutError,
    VisionDesktopError,
)
from vision_desktop.core.models import ChatOptions, ChatRequest, ChatResult, ImageAttachment, Message, Usage
from vision_desktop.images import ImageLimits
from vision_desktop.storage.secrets import KeySource

NO_WAIT = RetryPolicy(base_delay=0.0, jitter=0.0)
OPTIONS = ChatOptions(model="claude-x")
ANSWER = ChatResult("r", "claude-x", "A heron.", "stop", Usage(1, 2, 3))


def retryable(error: VisionDesktopError) -> VisionDesktopError:
    error.retryable = True
    return error


@dataclass
class FakeClient:
    """Answers each ``chat`` call with the next outcome: a result, an error, or a callable that streams first."""

    outcomes: list[ChatResult | BaseException | Callable[[Callable[[str], None] | None], ChatResult]]
    requests: list[ChatRequest] = field(default_factory=list)

    def chat(
        self,
        request: ChatRequest,
        *,
        cancel: CancelToken | None = None,
        stream: bool = False,
        on_delta: Callable[[str], None] | None = None,
    ) -> ChatResult:
        self.requests.append(request)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        if callable(outcome):
            return outcome(on_delta)
        return outcome

    def __enter__(self) -> FakeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def send(client: FakeClient, **kw: Any) -> ChatResult:
    request = ChatRequest((Message("user", "q"),), OPTIONS)
    return send_with_retries(client, request, cancel=CancelToken(), policy=NO_WAIT, **kw)  # type: ignore[arg-type]


def test_a_busy_relay_is_retried_and_each_retry_said() -> None:
    client = FakeClient([RateLimitError(), retryable(ServerError()), ANSWER])
    notices: list[RetryNotice] = []
    assert send(client, on_retry=notices.append) is ANSWER
    assert [(n.attempt, n.attempts) for n in notices] == [(2, 3), (3, 3)]
    assert notices[0].text().startswith("Too many requests, retrying in 0 s (2 of 3)")
    assert notices[1].text().startswith("Relay busy")
    assert len(client.requests) == 3


def test_a_reset_says_connection_lost() -> None:
    client = FakeClient([retryable(ConnectError()), ANSWER])
    notices: list[RetryNotice] = []
    send(client, on_retry=notices.append)
    assert notices[0].text().startswith("Connection lost")


@pytest.mark.parametrize(
    "error", [AuthenticationError(), retryable(TimeoutError()), RequestTooLargeError()], ids=type
)
def test_what_is_never_retried(error: VisionDesktopError) -> None:
    client = FakeClient([error, ANSWER])
    with pytest.raises(type(error)):
        send(client)
    assert len(client.requests) == 1


def test_no_retry_after_text_arrived() -> None:
    def text_then_reset(on_delta: Callable[[str], None] | None) -> ChatResult:
        assert on_delta is not None
        on_delta("Half")
        raise retryable(ConnectError())

    client = FakeClient([text_then_reset, ANSWER])
    seen: list[str] = []
    with pytest.raises(ConnectError):
        send(client, on_delta=seen.append)
    assert seen == ["Half"] and len(client.requests) == 1


def test_the_last_attempt_fails_for_good() -> None:
    client = FakeClient([RateLimitError(), RateLimitError(), RateLimitError()])
    with pytest.raises(RateLimitError):
        send(client)
    assert len(client.requests) == 3


def test_cancel_during_the_wait_stops_at_once() -> None:
    token = CancelToken()
    client = FakeClient([RateLimitError(), ANSWER])
    policy = RetryPolicy(base_delay=60.0, jitter=0.0)
    with pytest.raises(CancelledError):
        send_with_retries(
            client,  # type: ignore[arg-type]
            ChatRequest((Message("user", "q"),), OPTIONS),
            cancel=token,
            on_retry=lambda _: token.cancel(),
            policy=policy,
        )
    assert len(client.requests) == 1


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    policy = RetryPolicy(max_delay=30.0)
    assert policy.delay(1, RateLimitError(retry_after=12)) == 12
    assert policy.delay(1, RateLimitError(retry_after=600)) == 30
    assert RetryPolicy(base_delay=2, jitter=0).delay(3, ServerError()) == 8


# ------------------------------------------------------------------------------------------- send_question
@dataclass(frozen=True)
class FakeConnection(Connection):
    fake: Any = None

    def client(self) -> Any:
        return self.fake


def connection(client: FakeClient) -> FakeConnection:
    return FakeConnection(
        "custom", "https://relay.example/v1", (), "sk-x", KeySource.EXPLICIT, 30.0, fake=client
    )


def test_the_question_is_built_once_and_given_before_the_request() -> None:
    client = FakeClient([ANSWER])
    image = tiny_attachment()
    earlier = (Message("user", "first"), Message("assistant", "one"))
    order: list[str] = []

    def asked(question: Message) -> None:
        order.append("question")
        assert not client.requests  # before the request goes out
        assert question == Message("user", "second", (image,))

    outcome = send_question(
        connection(client),
        history=earlier,
        text="second",
        prepare_images=lambda limits: (image,),
        options=OPTIONS,
        system="Be brief.",
        cancel=CancelToken(),
        on_question=asked,
        on_status=order.append,
        policy=NO_WAIT,
    )
    assert order == ["question", "Waiting for the answer…"]
    (request,) = client.requests
    assert request.messages == (*earlier, outcome.question) and request.system == "Be brief."
    assert request.messages[-1] is outcome.question and outcome.result is ANSWER and outcome.notes == ()


def test_images_too_large_are_sent_once_more_smaller() -> None:
    big = tiny_attachment(size=(64, 48))
    small = tiny_attachment(size=(32, 24))
    calls: list[ImageLimits | None] = []

    def prepare(limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
        calls.append(limits)
        return (big,) if limits is None else (small,)

    client = FakeClient([RequestTooLargeError(), ANSWER])
    questions: list[Message] = []
    outcome = send_question(
        connection(client),
        history=(),
        text="what?",
        prepare_images=prepare,
        options=OPTIONS,
        system=None,
        cancel=CancelToken(),
        on_question=questions.append,
        policy=NO_WAIT,
    )
    assert calls == [None, ImageLimits().shrunk()]
    assert outcome.question.images == (small,) and client.requests[1].messages[-1].images == (small,)
    assert "longest side 64 px" in outcome.notes[0] or "instead of 64 px" in outcome.notes[0]
    assert [q.images for q in questions] == [(big,)]  # recorded once, as first prepared


def test_a_cancel_before_sending_sends_nothing() -> None:
    token = CancelToken()
    token.cancel()
    client = FakeClient([ANSWER])
    with pytest.raises(CancelledError):
        send_question(
            connection(client),
            history=(),
            text="q",
            prepare_images=lambda limits: (),
            options=OPTIONS,
            system=None,
            cancel=token,
        )
    assert client.requests == []
