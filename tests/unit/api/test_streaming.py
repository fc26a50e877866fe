"""The streamed-answer reader on the shapes relays really send (httpx.MockTransport, bytes split at will)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.helpers.relay import completion, stream_chunks
from vision_desktop.api.client import ChatClient
from vision_desktop.core import errors
from vision_desktop.core.models import ChatRequest, Message

REQ = ChatRequest((Message("user", "hi"),))


class Pieces(httpx.SyncByteStream):
    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces


def sse_client(pieces: list[bytes], content_type: str = "text/event-stream") -> tuple[ChatClient, list[dict]]:
    bodies: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, headers={"content-type": content_type}, stream=Pieces(pieces))

    return ChatClient("https://relay.example/v1", "sk-x", transport=httpx.MockTransport(handler)), bodies


def run(pieces: list[bytes], **kw: object) -> tuple[str, list[str], object]:
    client, _bodies = sse_client(pieces, **kw)  # type: ignore[arg-type]
    seen: list[str] = []
    with client:
        result = client.chat(REQ, stream=True, on_delta=seen.append)
    return result.content, seen, result


def split_every(data: bytes, n: int) -> list[bytes]:
    return [data[i : i + n] for i in range(0, len(data), n)]


def test_request_asks_for_a_stream_with_usage() -> None:
    client, bodies = sse_client(stream_chunks("Hello there"))
    with client:
        client.chat(REQ, stream=True)
    assert bodies[0]["stream"] is True and bodies[0]["stream_options"] == {"include_usage": True}


def test_text_arrives_in_pieces_with_usage_at_the_end() -> None:
    text, seen, result = run(stream_chunks("The total is 12.50 euros"))
    assert text == "The total is 12.50 euros"
    assert len(seen) == 5 and "".join(seen) == text
    assert result.usage.total_tokens == 1242 and result.finish_reason == "stop"  # type: ignore[attr-defined]
    assert not result.incomplete  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [1, 3, 7, 64])
def test_events_split_across_network_reads(size: int) -> None:
    data = b"".join(stream_chunks("Split across many reads, even inside UTF-8: 价格是十二元"))
    text, _, _ = run(split_every(data, size))
    assert text == "Split across many reads, even inside UTF-8: 价格是十二元"


def test_keep_alive_comments_and_crlf_line_ends() -> None:
    events = stream_chunks("with pings")
    data = (
        b": ping\r\n\r\n" + b"".join(e.replace(b"\n", b"\r\n") for e in events[:2]) + b": keep-alive\r\n\r\n"
    )
    data += b"".join(e.replace(b"\n", b"\r\n") for e in events[2:])
    text, _, _ = run(split_every(data, 5))
    assert text == "with pings"


def test_missing_finish_reason_and_usage_in_an_empty_delta() -> None:
    base = {"id": "x", "object": "chat.completion.chunk", "model": "m"}
    lines = [
        {**base, "choices": [{"index": 0, "delta": {"content": "a"}}]},
        {**base, "choices": [{"index": 0, "delta": {"content": "b"}, "finish_reason": None}]},
        {
            **base,
            "choices": [{"index": 0, "delta": {}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
        },
    ]
    data = [b"data: " + json.dumps(x).encode() + b"\n\n" for x in lines] + [b"data: [DONE]\n\n"]
    text, _, result = run(data)
    assert text == "ab" and result.usage.total_tokens == 7  # type: ignore[attr-defined]
    assert not result.incomplete  # type: ignore[attr-defined]  # [DONE] arrived


def test_error_object_in_the_middle_keeps_the_partial_text() -> None:
    events = stream_chunks("first words")[:3]
    events.append(
        b'data: {"error": {"message": "\xe5\xbd\x93\xe5\x89\x8d\xe5\x88\x86\xe7\xbb\x84\xe4\xb8\x8a\xe6\xb8\xb8\xe8\xb4\x9f\xe8\xbd\xbd\xe5\xb7\xb2\xe9\xa5\xb1\xe5\x92\x8c", "type": "new_api_error"}}\n\n'
    )
    client, _ = sse_client(events)
    with client, pytest.raises(errors.ApiError) as info:
        client.chat(REQ, stream=True)
    assert info.value.partial == "first words"
    assert info.value.relay_message == "当前分组上游负载已饱和"


def test_stream_that_ends_without_done_is_kept_and_marked_incomplete() -> None:
    events = stream_chunks("cut short here")[:3]  # role chunk + two words, no finish_reason, no [DONE]
    text, _, result = run(events)
    assert text == "cut short " and result.incomplete  # type: ignore[attr-defined]


def test_finish_reason_without_done_is_complete() -> None:
    text, _, result = run(stream_chunks("fine", done=False))
    assert text == "fine" and not result.incomplete  # type: ignore[attr-defined]


def test_a_relay_that_ignores_stream_and_sends_json() -> None:
    body = json.dumps(completion("whole answer")).encode()
    text, seen, _result = run([body], content_type="application/json")
    assert text == "whole answer" and seen == ["whole answer"]


def test_event_stream_with_a_wrong_content_type() -> None:
    text, _, _ = run(stream_chunks("mislabelled"), content_type="text/plain")
    assert text == "mislabelled"


def test_empty_stream_is_a_plain_error() -> None:
    client, _ = sse_client([b": nothing\n\n"])
    with client, pytest.raises(errors.InvalidResponseError) as info:
        client.chat(REQ, stream=True)
    assert "streaming off" in str(info.value)
