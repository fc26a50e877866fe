"""The fault matrix: retries, shrinking after a 413, cancel in every phase, TLS and proxies, big answers.

Everything runs against servers the tests start on 127.0.0.1 (real sockets, real TLS).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.cancel import cancel_in_background
from tests.helpers.relay import (
    RefusingProxy,
    Reply,
    ScriptedRelay,
    SilentServer,
    completion,
    error_body,
    self_signed_certificate,
    stream_chunks,
    stream_reply,
)
from vision_desktop.api.cancel import CancelToken
from vision_desktop.api.client import ChatClient
from vision_desktop.chat.connection import Connection
from vision_desktop.chat.sending import RetryNotice, RetryPolicy, send_question, send_with_retries
from vision_desktop.core import errors
from vision_desktop.core.models import ChatOptions, ChatRequest, ImageAttachment, Message
from vision_desktop.images import ImageLimits, prepare_image
from vision_desktop.storage.secrets import KeySource

KEY = "sk-fault-matrix-key-abcdef0123456789"
FAST = RetryPolicy(base_delay=0.01, max_delay=0.3)


def connection(url: str, **kw: object) -> Connection:
    return Connection("custom", url, (), KEY, KeySource.EXPLICIT, kw.pop("read_timeout", 10.0), **kw)  # type: ignore[arg-type]


def ask(
    relay: ScriptedRelay, *, stream: bool = False, notices: list[RetryNotice] | None = None, **kw: object
):  # type: ignore[no-untyped-def]
    with ChatClient(relay.base_url, KEY) as client:
        return send_with_retries(
            client,
            ChatRequest((Message("user", "hi"),)),
            cancel=CancelToken(),
            stream=stream,
            on_retry=(notices.append if notices is not None else None),
            policy=FAST,
            **kw,  # type: ignore[arg-type]
        )


# ------------------------------------------------------------------------------------------ retries
def test_429_with_retry_after_is_retried_and_the_wait_is_shown(relay: ScriptedRelay) -> None:
    relay.push(Reply(429, error_body("rate limit"), headers={"Retry-After": "0.2"}))
    notices: list[RetryNotice] = []
    assert ask(relay, notices=notices).content.startswith("I see 0 image")
    assert len(relay.chat_requests) == 2
    assert (
        notices[0].delay == pytest.approx(0.2)
        and notices[0].text() == "Too many requests, retrying in 0 s (2 of 3)"
    )


@pytest.mark.parametrize("status", [502, 503, 504, 520, 522, 524])
def test_relay_and_front_failures_are_retried(relay: ScriptedRelay, status: int) -> None:
    relay.push(
        Reply(status, "<html><title>bad gateway</title></html>"), Reply(status, error_body("upstream error"))
    )
    notices: list[RetryNotice] = []
    assert ask(relay, notices=notices).content
    assert len(relay.chat_requests) == 3
    assert [n.attempt for n in notices] == [2, 3] and notices[0].text().startswith("Relay busy, retrying in")


def test_gives_up_after_three_attempts(relay: ScriptedRelay) -> None:
    relay.push(*[Reply(503, error_body("upstream overloaded")) for _ in range(3)])
    with pytest.raises(errors.ServerError):
        ask(relay)
    assert len(relay.chat_requests) == 3


@pytest.mark.parametrize(
    "reply",
    [
        Reply(400, error_body("temperature: must be <= 2")),
        Reply(401, error_body("无效的令牌")),
        Reply(403, error_body("用户额度不足")),
        Reply(413, "<html><head><title>413 Request Entity Too Large</title></head></html>"),
        Reply(429, error_body("You exceeded your current quota", code="insufficient_quota")),
        Reply(503, error_body("当前分组 default 下对于模型 x 无可用渠道")),
    ],
)
def test_never_retried_on_its_own(relay: ScriptedRelay, reply: Reply) -> None:
    relay.push(reply)
    with pytest.raises(errors.ApiError):
        ask(relay)
    assert len(relay.chat_requests) == 1


def test_reset_before_any_text_is_retried(relay: ScriptedRelay) -> None:
    relay.push(
        Reply(
            200,
            json.dumps(completion("x")).encode(),
            headers={"Content-Type": "application/json"},
            reset_after=0,
        )
    )
    assert ask(relay).content.startswith("I see")
    assert len(relay.chat_requests) == 2


def test_stream_cut_half_way_keeps_the_text_and_is_not_retried(relay: ScriptedRelay) -> None:
    data = b"".join(stream_chunks("one two three four five six"))
    relay.push(Reply(200, data, headers={"Content-Type": "text/event-stream"}, reset_after=len(data) // 2))
    with pytest.raises(errors.ConnectError) as info:
        ask(relay, stream=True)
    assert info.value.partial.startswith("one two") and "What arrived is kept" in str(info.value)
    assert len(relay.chat_requests) == 1
    assert ask(relay, stream=True).content.startswith("I see")  # the next request works


def test_ten_megabyte_answer(relay: ScriptedRelay) -> None:
    big = ("All work and no play makes Jack a dull boy. " * 240_000)[:10_000_000]
    relay.push(Reply(200, completion(big)))
    assert len(ask(relay).content) == 10_000_000


def test_ten_megabyte_streamed_answer(relay: ScriptedRelay) -> None:
    big = "word " * 2_000_000
    relay.push(stream_reply(big.strip(), pieces=2000))
    assert len(ask(relay, stream=True).content) == len(big.strip())


# ------------------------------------------------------------------------------------ smaller images
def big_photo(tmp_path: Path) -> Path:
    path = tmp_path / "big.jpg"
    Image.merge("RGB", [Image.effect_noise((3000, 2000), s) for s in (30, 50, 70)]).save(path, quality=90)
    return path


def preparer(
    path: Path, calls: list[ImageLimits | None]
) -> Callable[[ImageLimits | None], tuple[ImageAttachment, ...]]:
    def prepare(limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
        calls.append(limits)
        return (prepare_image(path, limits or ImageLimits()),)

    return prepare


@pytest.mark.parametrize(
    "reply",
    [
        Reply(413, "<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body></html>"),
        Reply(
            400,
            error_body(
                "messages.0.content.0.image.source.base64: image exceeds 5 MB maximum: 5312344 bytes > 5242880 bytes"
            ),
        ),
        Reply(
            400,
            error_body(
                "At least one of the image dimensions exceed max allowed size for many-image requests: 2000 pixels"
            ),
        ),
    ],
)
def test_too_large_images_are_sent_again_smaller_once(
    relay: ScriptedRelay, tmp_path: Path, reply: Reply
) -> None:
    relay.push(reply)
    calls: list[ImageLimits | None] = []
    outcome = send_question(
        connection(relay.base_url),
        history=(),
        text="What is it?",
        prepare_images=preparer(big_photo(tmp_path), calls),
        options=ChatOptions(),
        system=None,
        cancel=CancelToken(),
        policy=FAST,
    )
    first, second = (len(r.images()[0]) for r in relay.chat_requests)
    assert second < first * 0.7
    assert calls[0] is None and calls[1] is not None
    assert outcome.notes and "smaller copies were sent" in outcome.notes[0]
    assert max(outcome.question.images[0].width, outcome.question.images[0].height) < 1568


def test_a_second_413_is_reported_not_looped(relay: ScriptedRelay, tmp_path: Path) -> None:
    relay.push(Reply(413, "too large"), Reply(413, "too large"))
    with pytest.raises(errors.RequestTooLargeError):
        send_question(
            connection(relay.base_url),
            history=(),
            text="x",
            prepare_images=preparer(big_photo(tmp_path), []),
            options=ChatOptions(),
            system=None,
            cancel=CancelToken(),
            policy=FAST,
        )
    assert len(relay.chat_requests) == 2


# ------------------------------------------------------------------------------------------ cancel
def cancelled_in_background(
    work: Callable[[CancelToken], object], trigger: Callable[[], object]
) -> BaseException:
    # every server here would hold the request for 10 s or more: only the cancel can end it within 3 s
    outcome = cancel_in_background(work, trigger, join_timeout=3)
    assert outcome.stopped, "cancel did not stop the request"
    assert outcome.error is not None
    return outcome.error


def test_cancel_while_preparing_images(relay: ScriptedRelay, tmp_path: Path) -> None:
    started = threading.Event()
    path = big_photo(tmp_path)

    def prepare(limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
        started.set()
        return (prepare_image(path),)

    def work(token: CancelToken) -> object:
        return send_question(
            connection(relay.base_url),
            history=(),
            text="x",
            prepare_images=prepare,
            options=ChatOptions(),
            system=None,
            cancel=token,
        )

    error = cancelled_in_background(work, lambda: started.wait(5))
    assert isinstance(error, errors.CancelledError)
    assert relay.chat_requests == []  # nothing was sent


def test_cancel_while_connecting(tmp_path: Path) -> None:
    silent = SilentServer()  # accepts TCP, never answers the TLS handshake
    try:

        def work(token: CancelToken) -> object:
            with ChatClient(f"https://127.0.0.1:{silent.port}/v1", KEY) as client:
                return client.chat(ChatRequest((Message("user", "x"),)), cancel=token)

        import time

        def accepted() -> None:
            deadline = time.monotonic() + 5
            while not silent.conns and time.monotonic() < deadline:
                time.sleep(0.01)

        assert isinstance(cancelled_in_background(work, accepted), errors.CancelledError)
    finally:
        silent.close()


def test_cancel_while_waiting_for_the_first_byte(relay: ScriptedRelay) -> None:
    relay.push(Reply(200, completion("late"), delay=10))

    def work(token: CancelToken) -> object:
        with ChatClient(relay.base_url, KEY) as client:
            return client.chat(ChatRequest((Message("user", "x"),)), cancel=token, stream=True)

    assert isinstance(
        cancelled_in_background(work, lambda: relay.wait_for_requests(1)), errors.CancelledError
    )


def test_cancel_mid_stream_keeps_what_arrived(relay: ScriptedRelay) -> None:
    relay.push(stream_reply("one two three four five six seven eight", chunk_delay=1.0))
    arrived = threading.Event()
    seen: list[str] = []

    def work(token: CancelToken) -> object:
        with ChatClient(relay.base_url, KEY) as client:
            return client.chat(
                ChatRequest((Message("user", "x"),)),
                cancel=token,
                stream=True,
                on_delta=lambda t: (seen.append(t), arrived.set()),
            )

    error = cancelled_in_background(work, lambda: arrived.wait(5))
    assert isinstance(error, errors.CancelledError)
    assert seen and "eight" not in "".join(seen)


# ------------------------------------------------------------------------------------ TLS and proxies
@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def test_a_certificate_the_os_does_not_trust(certificate: tuple[str, str]) -> None:
    relay = ScriptedRelay(tls=certificate).start()
    try:
        with ChatClient(relay.base_url, KEY) as client, pytest.raises(errors.TlsError) as info:
            client.chat(ChatRequest((Message("user", "x"),)))
        assert "not trusted by this computer" in str(info.value) and "certificate" in str(info.value)
        assert (
            relay.chat_requests == []
        )  # the key never left: no request was made over the untrusted connection
        # the office's certificate, added in Settings, makes it work
        with ChatClient(relay.base_url, KEY, extra_ca_file=certificate[0]) as client:
            assert client.chat(ChatRequest((Message("user", "x"),))).content.startswith("I see")
    finally:
        relay.stop()


def test_cancel_over_https_while_waiting_and_in_the_handshake(certificate: tuple[str, str]) -> None:
    """TLS takes over the socket httpcore connected with: cancel must still reach the connection."""
    relay = ScriptedRelay(tls=certificate).start()
    relay.push(Reply(200, completion("late"), delay=10))
    try:

        def work(token: CancelToken) -> object:
            with ChatClient(relay.base_url, KEY, extra_ca_file=certificate[0]) as client:
                return client.chat(ChatRequest((Message("user", "x"),)), cancel=token, stream=True)

        assert isinstance(
            cancelled_in_background(work, lambda: relay.wait_for_requests(1)), errors.CancelledError
        )
    finally:
        relay.stop()


def test_a_missing_certificate_file_is_a_plain_error() -> None:
    with pytest.raises(errors.ConfigError) as info:
        ChatClient("https://relay.example/v1", KEY, extra_ca_file="/nonexistent/office.pem")
    assert "office.pem" in str(info.value)


@pytest.mark.parametrize("scheme", ["http", "socks5"])
def test_a_proxy_that_is_not_there(relay: ScriptedRelay, scheme: str) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proxy = f"{scheme}://user:secret@127.0.0.1:{port}"
    with ChatClient(relay.base_url, KEY, proxy=proxy) as client, pytest.raises(errors.ProxyError) as info:
        client.chat(ChatRequest((Message("user", "x"),)))
    assert "proxy server" in str(info.value) and "secret" not in str(info.value)
    assert relay.chat_requests == []


def test_a_proxy_that_refuses(certificate: tuple[str, str]) -> None:
    relay = ScriptedRelay(tls=certificate).start()
    proxy = RefusingProxy(407)
    try:
        client = ChatClient(relay.base_url, KEY, proxy=proxy.url, extra_ca_file=certificate[0])
        with client, pytest.raises(errors.ProxyError) as info:
            client.chat(ChatRequest((Message("user", "x"),)))
        assert proxy.requests and proxy.requests[0].startswith("CONNECT 127.0.0.1:")
        assert "proxy" in str(info.value).lower()
        assert relay.chat_requests == []
    finally:
        proxy.close()
        relay.stop()


def test_the_system_proxy_variables_are_honoured(
    monkeypatch: pytest.MonkeyPatch, certificate: tuple[str, str]
) -> None:
    relay = ScriptedRelay(tls=certificate).start()
    proxy = RefusingProxy(403)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    try:
        with ChatClient(relay.base_url, KEY, extra_ca_file=certificate[0]) as client:
            assert client.proxy == proxy.url
            with pytest.raises(errors.ProxyError):
                client.chat(ChatRequest((Message("user", "x"),)))
        assert proxy.requests
    finally:
        proxy.close()
        relay.stop()
