"""ChatClient against the scripted relay on 127.0.0.1: real sockets, real timeouts, resets, HTML pages."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.helpers.factories import tiny_attachment
from tests.helpers.relay import (
    CLOUDFLARE_522,
    DASHBOARD,
    NGINX_413,
    Reply,
    ScriptedRelay,
    completion,
    error_body,
)
from vision_desktop.api.client import CancelToken, ChatClient
from vision_desktop.core import errors
from vision_desktop.core.models import ChatRequest, Message

KEY = "sk-relay-test-key-9f8e7d6c5b4a"


def ask(relay: ScriptedRelay, *, read_timeout: float = 10.0, cancel: CancelToken | None = None):  # type: ignore[no-untyped-def]
    with ChatClient(relay.base_url, KEY, read_timeout=read_timeout) as client:
        return client.chat(
            ChatRequest((Message("user", "What is this?", (tiny_attachment(),)),)), cancel=cancel
        )


def test_success_and_what_the_relay_received(relay: ScriptedRelay) -> None:
    result = ask(relay)
    assert result.content == "I see 1 image(s). You asked: What is this?"
    assert result.usage.prompt_tokens == 1200
    got = relay.chat_requests[0]
    assert got.headers["authorization"] == f"Bearer {KEY}"
    assert got.json["model"] == "claude-sonnet-4-20250514"
    assert got.images()[0].startswith("data:image/png;base64,")


@pytest.mark.parametrize(
    ("reply", "expected", "words"),
    [
        (Reply(401, error_body("无效的令牌")), errors.AuthenticationError, "key"),
        (Reply(403, error_body("用户额度不足")), errors.QuotaError, "balance"),
        (
            Reply(503, error_body("当前分组 vip 下对于模型 claude-sonnet-4-20250514 无可用渠道")),
            errors.ModelUnavailableError,
            "model",
        ),
        (Reply(404, error_body("Invalid URL (POST /v1/chat/completions)")), errors.NotFoundError, "base URL"),
        (Reply(413, NGINX_413), errors.RequestTooLargeError, "smaller"),
        (
            Reply(429, error_body("rate limit exceeded"), headers={"Retry-After": "3"}),
            errors.RateLimitError,
            "wait",
        ),
        (Reply(522, CLOUDFLARE_522), errors.ServerError, "try again"),
        (Reply(200, DASHBOARD), errors.NotFoundError, "base URL"),
        (Reply(200, {"id": "x", "choices": []}), errors.InvalidResponseError, "no reply"),
        (
            Reply(200, b"{half a json", headers={"Content-Type": "application/json"}),
            errors.InvalidResponseError,
            "could not read",
        ),
    ],
)
def test_every_failure_is_one_plain_sentence(
    relay: ScriptedRelay, reply: Reply, expected: type, words: str
) -> None:
    relay.push(reply)
    with pytest.raises(errors.VisionDesktopError) as info:
        ask(relay)
    assert type(info.value) is expected
    assert words.lower() in str(info.value).lower()
    assert KEY not in str(info.value) + info.value.details_text()
    # the next request works
    assert ask(relay).content.startswith("I see 1 image")


def test_retry_after_reaches_the_error(relay: ScriptedRelay) -> None:
    relay.push(Reply(429, error_body("too many requests"), headers={"Retry-After": "3"}))
    with pytest.raises(errors.RateLimitError) as info:
        ask(relay)
    assert info.value.retry_after == 3.0


def test_connection_reset_mid_body(relay: ScriptedRelay) -> None:
    import json

    body = json.dumps(completion("a long answer " * 50)).encode()
    relay.push(Reply(200, body, headers={"Content-Type": "application/json"}, reset_after=40))
    with pytest.raises(errors.ConnectError) as info:
        ask(relay)
    assert "cut" in str(info.value)


def test_server_slower_than_the_timeout(relay: ScriptedRelay) -> None:
    relay.push(Reply(200, completion("late"), delay=3))
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError) as info:
        ask(relay, read_timeout=0.5)
    assert time.monotonic() - started < 2.5
    assert "0.5 seconds" in str(info.value) and "did not answer" in str(info.value)


def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with ChatClient(f"http://127.0.0.1:{port}/v1", KEY) as client, pytest.raises(errors.ConnectError) as info:
        client.chat(ChatRequest((Message("user", "x"),)))
    assert "refused" in str(info.value)


def test_unknown_host_is_named() -> None:
    # .invalid never resolves (RFC 2606); the resolver answers locally, nothing leaves the machine
    with ChatClient("https://relay.invalid/v1", KEY) as client, pytest.raises(errors.ConnectError) as info:
        client.chat(ChatRequest((Message("user", "x"),)))
    assert "relay.invalid" in str(info.value)


def test_cancel_while_waiting_for_the_answer(relay: ScriptedRelay) -> None:
    relay.push(Reply(200, completion("late"), delay=5))
    token = CancelToken()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            ask(relay, cancel=token)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    relay.wait_for_requests(1)
    token.cancel()
    thread.join(3)  # the relay would answer after 5 s: only the cancel can end it this early
    assert not thread.is_alive()
    assert isinstance(outcome[0], errors.CancelledError)


def test_cancel_before_sending_sends_nothing(relay: ScriptedRelay) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(errors.CancelledError):
        ask(relay, cancel=token)
    assert relay.chat_requests == []


def test_models_endpoint(relay: ScriptedRelay) -> None:
    with ChatClient(relay.base_url, KEY) as client:
        assert "claude-sonnet-4-20250514" in client.list_models()
    relay.push(Reply(200, DASHBOARD, path="/models"))
    with ChatClient(relay.base_url, KEY) as client, pytest.raises(errors.NotFoundError):
        client.list_models()
