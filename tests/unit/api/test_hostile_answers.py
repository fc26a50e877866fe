"""Answers a hostile relay can send, read without sockets: deep JSON, absurd usage, finish reasons, SSE framing,
and the deadline that keep-alives and trickles cannot reset (httpx.MockTransport with a paced body)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.helpers.relay import completion, sse, stream_chunks
from vision_desktop.api.client import ChatClient
from vision_desktop.api.deadline import total_timeout
from vision_desktop.api.payloads import (
    MAX_FIELD_CHARS,
    error_from_response,
    loads,
    parse_chat_response,
    parse_usage,
    token_count,
)
from vision_desktop.api.streaming import SseDecoder, StreamAccumulator, parse_sse_text
from vision_desktop.core import errors
from vision_desktop.core.models import ChatRequest, Message, Usage, finish_reason_note

REQ = ChatRequest((Message("user", "hi"),))
DEEP = "[" * 100_000 + "]" * 100_000


class Paced(httpx.SyncByteStream):
    """A body that arrives piece by piece, ``gap`` seconds apart (a slow relay, not a synchronisation)."""

    def __init__(self, pieces: Iterator[bytes], gap: float) -> None:
        self.pieces = pieces
        self.gap = gap

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            time.sleep(self.gap)
            yield piece


def client_for(
    pieces: Iterator[bytes] | list[bytes],
    *,
    content_type: str = "text/event-stream",
    gap: float = 0.0,
    timeout: float = 120.0,
    total: float | None = None,
) -> ChatClient:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": content_type}, stream=Paced(iter(pieces), gap))

    return ChatClient(
        "https://relay.example/v1",
        "sk-x",
        transport=httpx.MockTransport(handler),
        read_timeout=timeout,
        total_timeout=total,
    )


def forever(*pieces: bytes) -> Iterator[bytes]:
    yield from pieces
    while True:
        yield b": ping\n\n"


def text_forever() -> Iterator[bytes]:
    n = 0
    while True:
        n += 1
        yield sse({"choices": [{"index": 0, "delta": {"content": f"{n} "}}]})


# ------------------------------------------------------------------------------------------- JSON
def test_json_nested_100000_deep_is_not_a_recursion_error() -> None:
    value, depth = loads(DEEP), 0  # what is too deep to be an answer is dropped, the rest is read
    while isinstance(value, list):
        value, depth = value[0], depth + 1
    assert value is None and depth == 64


def test_deep_junk_inside_a_valid_answer_keeps_the_answer() -> None:
    body = json.dumps(completion("Deep usage")).replace(
        '"usage": {', '"junk": ' + '{"x":' * 100_000 + "1" + "}" * 100_000 + ', "usage": {', 1
    )
    result = parse_chat_response(loads(body))
    assert result.content == "Deep usage" and result.usage.total_tokens == 1242


def test_a_deep_body_is_the_plain_could_not_be_read_message() -> None:
    client = client_for([DEEP.encode()], content_type="application/json")
    with client, pytest.raises(errors.InvalidResponseError) as caught:
        client.chat(REQ)
    assert caught.value.message == errors.InvalidResponseError.default_message


def test_strings_with_brackets_are_not_counted_as_nesting() -> None:
    text = json.dumps({"choices": [{"message": {"content": "[" * 5000 + "{" * 5000}}]})
    deep_text = '{"a": ' + "[" * 3000 + json.dumps("]]]{{{") + "]" * 3000 + ', "b": "kept"}'
    assert loads(text)["choices"][0]["message"]["content"] == "[" * 5000 + "{" * 5000
    assert loads(deep_text)["b"] == "kept"


def test_unfinished_deep_json_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        loads("[" * 100_000)


# ------------------------------------------------------------------------------------------ usage
@pytest.mark.parametrize(
    "value",
    [
        -1,
        -1e30,
        1e30,
        10**400,
        2 * 10**9,
        float("nan"),
        float("inf"),
        True,
        "lots",
        "-5",
        "1e3",
        12.5,
        [1],
        {},
    ],
    ids=repr,
)
def test_unbelievable_token_counts_make_the_usage_unknown(value: object) -> None:
    usage = parse_usage({"prompt_tokens": value, "completion_tokens": 42, "total_tokens": 1242})
    assert usage == Usage(reported=False)


def test_giant_and_nan_literals_in_the_body_keep_the_answer() -> None:
    body = json.dumps(completion("Survives")).replace(
        '"prompt_tokens": 1200', '"prompt_tokens": 1' + "0" * 5000
    )
    assert json.loads(body.replace("1" + "0" * 5000, "1")) is not None  # the body is otherwise valid JSON
    result = parse_chat_response(loads(body))
    assert result.content == "Survives" and not result.usage.reported
    nan = json.dumps(completion("Survives")).replace('"completion_tokens": 42', '"completion_tokens": NaN')
    assert parse_chat_response(loads(nan)).usage == Usage(reported=False)


@pytest.mark.parametrize(("value", "expected"), [(42, 42), (42.0, 42), ("42", 42), (None, 0), (10**9, 10**9)])
def test_believable_token_counts(value: object, expected: int) -> None:
    assert token_count(value) == expected


def test_usage_without_a_total_adds_up_and_a_missing_one_is_unknown() -> None:
    assert parse_usage({"input_tokens": 10, "output_tokens": 5}) == Usage(10, 5, 15)
    assert parse_usage({}) == Usage(reported=False)
    assert parse_usage(None) == Usage(reported=False)


def test_absurd_usage_in_a_stream_keeps_the_text_and_the_usage_unknown() -> None:
    client = client_for(stream_chunks("Streamed answer", usage={"prompt_tokens": -1e30, "total_tokens": "x"}))
    with client:
        result = client.chat(REQ, stream=True)
    assert result.content == "Streamed answer" and result.usage == Usage(reported=False)


# -------------------------------------------------------------------------------------- error bodies
def test_error_bodies_deep_or_huge_stay_plain_and_bounded() -> None:
    deep = error_from_response(500, {}, DEEP)
    assert isinstance(deep, errors.ServerError)
    nested_message = '{"error": {"message": ' + "[" * 5000 + "]" * 5000 + "}}"
    assert isinstance(error_from_response(400, {}, nested_message), errors.BadRequestError)
    huge = error_from_response(
        400, {}, json.dumps({"error": {"message": "x" * 10_000_000, "code": "y" * 10**6}})
    )
    assert isinstance(huge, errors.BadRequestError)
    assert len(huge.relay_message or "") <= MAX_FIELD_CHARS and len(huge.error_code or "") <= 200
    page = (
        "<html><head>" + "<title" * 200_000 + "</head></html>"
    )  # a regex trap: searched in the first 64 KB only
    assert isinstance(error_from_response(502, {"content-type": "text/html"}, page), errors.ServerError)
    assert error_from_response(429, {"retry-after": "1e400"}, "").retry_after is None  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------- finish_reason
@pytest.mark.parametrize("reason", ["content_filter", "tool_calls", "function_call", "length"])
def test_finish_reason_is_carried_plain_and_streamed(reason: str) -> None:
    body = completion("")
    body["choices"][0]["message"] = {"role": "assistant", "content": None}
    body["choices"][0]["finish_reason"] = reason
    assert parse_chat_response(body).finish_reason == reason
    pieces = [
        sse(
            {
                "choices": [
                    {
                        "index": 0,
                        "delta": {"role": "assistant", "content": None, "tool_calls": [{"index": 0}]},
                    }
                ]
            }
        ),
        sse({"choices": [{"index": 0, "delta": {}, "finish_reason": reason}]}),
        b"data: [DONE]\n\n",
    ]
    with client_for(pieces) as client:
        result = client.chat(REQ, stream=True)
    assert result.finish_reason == reason and result.content == "" and not result.incomplete


def test_finish_reason_notes() -> None:
    assert (
        finish_reason_note("length")
        == "The answer was cut off at the token limit; raise Max tokens to get more."
    )
    assert finish_reason_note("content_filter") == "The provider's filter stopped the answer."
    tool = "The model asked to run a tool; this app does not run tools."
    assert finish_reason_note("tool_calls") == tool and finish_reason_note("function_call") == tool
    assert finish_reason_note("stop") is None and finish_reason_note(None) is None
    assert finish_reason_note("something_new") is None


def test_a_huge_finish_reason_is_cut() -> None:
    body = completion("x")
    body["choices"][0]["finish_reason"] = "z" * 100_000
    assert len(parse_chat_response(body).finish_reason or "") == 100


# ------------------------------------------------------------------------------------------- SSE framing
def test_sse_decoder_framing_split_anywhere() -> None:
    stream = (
        ': ping\r\n\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: message\rdata: é€😀\r\rdata:x\n\ndata: tail'
    ).encode()
    expected = ['{"a":\n1}', "é€😀", "x", "tail"]
    for size in (1, 2, 3, 5, len(stream)):
        decoder = SseDecoder()
        events: list[str] = []
        for i in range(0, len(stream), size):
            events += decoder.feed(stream[i : i + size])
        events += decoder.feed(b"", final=True)
        assert events == expected, size
        assert decoder.comments == 1


def test_events_without_blank_lines_are_each_read() -> None:
    text = "".join(p.decode().replace("\n\n", "\n") for p in stream_chunks("one two three"))
    acc, pieces = parse_sse_text(text)
    assert acc.text == "one two three" and acc.done and pieces


def test_keepalives_and_empty_deltas_are_not_activity() -> None:
    acc = StreamAccumulator()
    acc.feed_event('{"choices": [{"index": 0, "delta": {}}]}')
    acc.feed_event(
        '{"choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}'
    )
    assert acc.activity == 0
    acc.feed_event('{"choices": [{"index": 0, "delta": {"reasoning_content": "thinking"}}]}')
    assert acc.activity == 1 and acc.text == ""
    acc.feed_event('{"choices": [{"index": 0, "delta": {"content": "Hi"}}]}')
    assert acc.activity == 2 and acc.text == "Hi"


# ------------------------------------------------------------------------------------------- deadline
def test_total_timeout_is_ten_times_and_at_least_ten_minutes() -> None:
    assert total_timeout(5) == 600 and total_timeout(120) == 1200 and total_timeout(600) == 6000


def test_endless_keepalives_end_at_the_timeout() -> None:
    client = client_for(forever(), gap=0.02, timeout=0.5)
    with client, pytest.raises(errors.TimeoutError) as caught:
        client.chat(REQ, stream=True)
    assert "kept the connection open but sent no answer text for 0.5 seconds" in caught.value.message
    assert caught.value.partial == "" and not caught.value.retryable


def test_keepalives_after_text_end_with_the_text_kept() -> None:
    first = sse({"choices": [{"index": 0, "delta": {"content": "The first words"}}]})
    client = client_for(forever(first), gap=0.02, timeout=0.5)
    with client, pytest.raises(errors.TimeoutError) as caught:
        client.chat(REQ, stream=True)
    assert "no new text for 0.5 seconds" in caught.value.message
    assert caught.value.partial == "The first words"


def test_a_trickled_json_body_ends_at_the_timeout() -> None:
    body = json.dumps(completion("slow " * 200)).encode()
    client = client_for(
        (body[i : i + 1] for i in range(len(body))), content_type="application/json", gap=0.01, timeout=0.5
    )
    with client, pytest.raises(errors.TimeoutError) as caught:
        client.chat(REQ)
    assert "too slowly: it was not complete after 0.5 seconds" in caught.value.message


def test_text_that_keeps_coming_is_not_cut_by_the_timeout() -> None:
    pieces = [*stream_chunks(" ".join(["word"] * 30))]
    client = client_for(pieces, gap=0.05, timeout=1.0)  # 1.7 s in all, never 1 s without text
    with client:
        result = client.chat(REQ, stream=True)
    assert result.content == " ".join(["word"] * 30)


def test_the_overall_cap_ends_an_endless_answer_and_keeps_the_text() -> None:
    client = client_for(text_forever(), gap=0.02, timeout=5.0, total=0.6)
    with client, pytest.raises(errors.TimeoutError) as caught:
        client.chat(REQ, stream=True)
    message = caught.value.message
    assert message.startswith(
        "The answer took longer than 0.6 seconds, the longest the app waits for one answer."
    )
    assert message.endswith("What arrived is kept.")
    assert caught.value.partial.startswith("1 2 3 ")


def test_every_raw_byte_counts_against_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from vision_desktop.api import client as client_module

    monkeypatch.setattr(client_module, "MAX_RESPONSE_BYTES", 100_000)
    endless_line = (b"data: " + b"x" * 10_000 for _ in iter(int, 1))  # one line that never ends
    with client_for(endless_line) as client, pytest.raises(errors.InvalidResponseError) as caught:
        client.chat(REQ, stream=True)
    assert "far larger than expected" in caught.value.message
