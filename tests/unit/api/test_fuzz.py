"""Fuzzing the answer parsers and the stream reader: whatever a relay sends, only the app's own errors come out.

Every target either returns normally or raises an error of the ``VisionDesktopError`` tree (the plain-sentence
family the CLI and the window know how to show); anything else (RecursionError, OverflowError, TypeError…) is a
bug. Fast on purpose: a few hundred examples each, no example database (nothing is written into the repo).
"""

from __future__ import annotations

import contextlib
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from vision_desktop.api.payloads import (
    MAX_TOKENS_BELIEVED,
    error_from_payload,
    error_from_response,
    loads,
    parse_chat_response,
    parse_models,
    parse_usage,
)
from vision_desktop.api.streaming import SseDecoder, StreamAccumulator, parse_sse_text
from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.models import ChatResult, Usage

# Hypothesis caches Unicode tables and source constants on disk, from collection on (``database=None`` below only
# covers the examples): keep all of it out of the repo, in one reused folder of the system's temporary directory.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "vision-desktop-hypothesis")

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


KEYS = st.sampled_from(
    [
        "id", "model", "choices", "message", "delta", "content", "finish_reason", "usage", "prompt_tokens",
        "completion_tokens", "total_tokens", "input_tokens", "output_tokens", "error", "text", "type", "refusal",
        "tool_calls", "data", "code", "msg", "detail", "reasoning_content", "index",
    ]
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=30))
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(KEYS, st.text(max_size=8)), inner, max_size=5),
    ),
    max_leaves=25,
)


def answer_like(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Objects shaped like answers and chunks, with any value anywhere: reaches the deep branches."""
    message = st.fixed_dictionaries(
        {}, optional={"role": inner, "content": inner, "refusal": inner, "tool_calls": inner}
    )
    choice = st.fixed_dictionaries(
        {}, optional={"message": st.one_of(message, inner), "delta": st.one_of(message, inner),
                      "finish_reason": inner, "index": inner}
    )  # fmt: skip
    usage = st.fixed_dictionaries(
        {},
        optional={"prompt_tokens": NUMBERS | inner, "completion_tokens": NUMBERS | inner,
                  "total_tokens": NUMBERS | inner},
    )  # fmt: skip
    return st.fixed_dictionaries(
        {},
        optional={"id": inner, "model": inner, "choices": st.lists(st.one_of(choice, inner), max_size=3) | inner,
                  "usage": usage | inner, "error": inner, "data": st.lists(inner, max_size=3) | inner},
    )  # fmt: skip


ANY_ANSWER = st.one_of(JSON_VALUES, answer_like(JSON_VALUES))


def only_our_errors(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except VisionDesktopError:
        return None


def believable(usage: Usage) -> None:
    for n in (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens):
        assert isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 2 * MAX_TOKENS_BELIEVED


def check_result(result: ChatResult | None) -> None:
    if result is None:
        return
    assert isinstance(result.content, str) and isinstance(result.id, str) and isinstance(result.model, str)
    assert result.finish_reason is None or isinstance(result.finish_reason, str)
    believable(result.usage)


@FUZZ
@given(ANY_ANSWER)
def test_parse_chat_response_any_value(value: Any) -> None:
    check_result(only_our_errors(lambda: parse_chat_response(value)))


@FUZZ
@given(ANY_ANSWER)
def test_parse_usage_and_models_any_value(value: Any) -> None:
    believable(parse_usage(value))
    believable(parse_usage(value.get("usage") if isinstance(value, dict) else value))
    models = parse_models(value)
    assert all(isinstance(m, str) and m for m in models)


@FUZZ
@given(st.sampled_from([200, 400, 401, 403, 404, 413, 422, 429, 500, 502, 520]), ANY_ANSWER)
def test_error_from_payload_any_value(status: int, value: Any) -> None:
    error = error_from_payload(status, value, {})
    assert isinstance(error, VisionDesktopError) and error.message


BODIES = st.one_of(
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("utf-8", errors="replace")),
    ANY_ANSWER.map(lambda v: json.dumps(v, allow_nan=True)),
    st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n),
    st.integers(min_value=1, max_value=3000).map(lambda n: '{"error":' * n + "1" + "}" * n),
    st.sampled_from(["<html><title>", "<!doctype html>", "NaN", "-Infinity", "1" + "0" * 5000]),
)


@FUZZ
@given(
    st.integers(min_value=100, max_value=599), BODIES, st.sampled_from(["", "text/html", "application/json"])
)
def test_error_from_response_any_body(status: int, body: str, content_type: str) -> None:
    headers = {"content-type": content_type, "retry-after": "1e999"} if content_type else {}
    error = error_from_response(status, headers, body)
    assert isinstance(error, VisionDesktopError) and error.message
    assert len(error.relay_message or "") <= 2000  # type: ignore[attr-defined]


@FUZZ
@given(BODIES)
def test_loads_raises_only_value_error(body: str) -> None:
    with contextlib.suppress(ValueError):
        loads(body)


@FUZZ
@given(st.lists(ANY_ANSWER, max_size=6))
def test_stream_accumulator_any_chunks(chunks: list[Any]) -> None:
    acc = StreamAccumulator()
    for chunk in chunks:
        before = acc.text
        piece = only_our_errors(lambda chunk=chunk: acc.feed(chunk))
        assert acc.text == before + (piece or "")  # text that arrived is never lost
    believable(acc.usage)
    check_result(only_our_errors(lambda: acc.result(elapsed=0.0, first_text_after=None)))


EVENT_DATA = st.one_of(
    BODIES,
    ANY_ANSWER.map(lambda v: json.dumps(v, allow_nan=True)),
    st.just("[DONE]"),
)


@FUZZ
@given(st.lists(EVENT_DATA, max_size=6))
def test_feed_event_any_data(events: list[str]) -> None:
    acc = StreamAccumulator()
    for data in events:
        only_our_errors(lambda data=data: acc.feed_event(data))
    believable(acc.usage)


SSE_LINES = st.lists(
    st.one_of(
        EVENT_DATA.map(lambda d: "data: " + d),
        st.sampled_from([": ping", "", "event: message", "id: 1", "retry: 10", "data:", "data: [DONE]"]),
        st.text(max_size=40),
    ),
    max_size=10,
)


@FUZZ
@given(SSE_LINES, st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
def test_sse_text_fallback_any_text(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    outcome = only_our_errors(lambda: parse_sse_text(text))
    if outcome is not None:
        acc, pieces = outcome
        assert "".join(pieces) == acc.text
        check_result(only_our_errors(lambda: acc.result(elapsed=0.0, first_text_after=None)))


@FUZZ
@given(st.binary(max_size=300), st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=20))
def test_sse_decoder_any_bytes_any_split(raw: bytes, sizes: list[int]) -> None:
    whole = SseDecoder().feed(raw, final=True)
    decoder, events, pos = SseDecoder(), [], 0
    for size in sizes * (len(raw) // sum(sizes) + 1):
        events += decoder.feed(raw[pos : pos + size])
        pos += size
    events += decoder.feed(b"", final=True)
    assert events == whole  # how the bytes are split between reads never changes what is read


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0" * 400])
def test_number_literals_give_unknown_usage(literal: str) -> None:
    body = '{"choices": [{"message": {"content": "ok"}}], "usage": {"prompt_tokens": %s, "total_tokens": 5}}'
    result = parse_chat_response(loads(body % literal))
    assert result.content == "ok" and result.usage == Usage(reported=False)
    assert not math.isnan(result.usage.total_tokens)
