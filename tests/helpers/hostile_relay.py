"""A hostile OpenAI-compatible relay on 127.0.0.1: the requested ``model`` picks how it misbehaves.

It is the scripted relay (real sockets, recorded requests) with a table of behaviours. A request for model
``"hostile/<name>"`` gets ``BEHAVIOURS[name](payload)``; any other model gets the healthy default answer. Tests
add their own cases with :meth:`HostileRelay.behave` (``relay.behave("my-case", lambda payload: Reply(...))``).

Answers that only differ in their text (Markdown that tries to load files, bidi tricks, huge tables) are served
with :func:`say`, which answers as JSON or as an event stream, whichever the request asked for.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

from tests.helpers.relay import Reply, ScriptedRelay, completion, sse, stream_chunks

Behaviour = Callable[[dict[str, Any]], Reply]
PREFIX = "hostile/"


def say(text: str, *, finish_reason: str = "stop", usage: Any = ...) -> Behaviour:
    """Answer ``text`` (streamed if the request asked for a stream)."""

    def behave(payload: dict[str, Any]) -> Reply:
        model = str(payload.get("model", ""))
        if payload.get("stream"):
            chunks = stream_chunks(text, model=model, usage=usage, pieces=min(200, max(1, len(text) // 4096)))
            if finish_reason != "stop":
                chunks = [
                    c.replace(b'"finish_reason": "stop"', f'"finish_reason": "{finish_reason}"'.encode())
                    for c in chunks
                ]
            return Reply(chunks=chunks, headers={"Content-Type": "text/event-stream"})
        body = completion(text, model=model, usage=usage)
        body["choices"][0]["finish_reason"] = finish_reason
        return Reply(body=body)

    return behave


def _chunk(model: str, **choice: Any) -> bytes:
    return sse(
        {
            "id": "chatcmpl-hostile",
            "object": "chat.completion.chunk",
            "created": 1_700_000_000,
            "model": model,
            "choices": [{"index": 0, **choice}],
        }
    )


def _endless_keepalives(payload: dict[str, Any]) -> Reply:
    """Headers at once, then only ``: ping`` comments, forever (every 0.2 s): no content ever arrives."""
    return Reply(
        chunks=itertools.repeat(b": ping\n\n"),
        chunk_delay=0.2,
        headers={"Content-Type": "text/event-stream"},
    )


def _keepalives_after_text(payload: dict[str, Any]) -> Reply:
    """Some text, then keep-alive comments forever: the answer stalls but the connection looks alive."""
    model = str(payload.get("model", ""))

    def pieces() -> Iterator[bytes]:
        yield _chunk(model, delta={"role": "assistant", "content": "The first words "})
        yield _chunk(model, delta={"content": "arrived, then nothing."})
        yield from itertools.repeat(b": keep-alive\n\n")

    return Reply(chunks=pieces(), chunk_delay=0.2, headers={"Content-Type": "text/event-stream"})


def _trickle(payload: dict[str, Any]) -> Reply:
    """A complete JSON answer sent one byte every 0.25 s (it would take minutes to finish)."""
    body = json.dumps(completion("slow " * 200, model=str(payload.get("model", "")))).encode()
    return Reply(
        chunks=(body[i : i + 1] for i in range(len(body))),
        chunk_delay=0.25,
        headers={"Content-Type": "application/json"},
    )


def _deep_json(payload: dict[str, Any]) -> Reply:
    """JSON nested 100,000 deep: a naive recursive parser overflows."""
    depth = 100_000
    return Reply(body=b"[" * depth + b"]" * depth, headers={"Content-Type": "application/json"})


def _deep_in_answer(payload: dict[str, Any]) -> Reply:
    """A valid answer whose usage object hides 100,000 levels of nesting."""
    body = json.dumps(completion("Deep usage", model=str(payload.get("model", "")))).encode()
    nested = b'{"x":' * 100_000 + b"1" + b"}" * 100_000
    body = body.replace(b'"usage": {', b'"junk": ' + nested + b', "usage": {', 1)
    return Reply(body=body, headers={"Content-Type": "application/json"})


def _absurd_usage(value: Any) -> Behaviour:
    def behave(payload: dict[str, Any]) -> Reply:
        usage = {"prompt_tokens": value, "completion_tokens": value, "total_tokens": value}
        return say("The answer survives absurd usage numbers.", usage=usage)(payload)

    return behave


def _giant_usage(payload: dict[str, Any]) -> Reply:
    text = json.dumps(
        completion("The answer survives a giant usage number.", model=str(payload.get("model", "")))
    )
    text = text.replace('"prompt_tokens": 1200', '"prompt_tokens": ' + "1" + "0" * 400)
    return Reply(body=text.encode(), headers={"Content-Type": "application/json"})


def _nan_usage(payload: dict[str, Any]) -> Reply:
    text = json.dumps(completion("The answer survives NaN usage.", model=str(payload.get("model", ""))))
    text = text.replace('"prompt_tokens": 1200', '"prompt_tokens": NaN').replace(
        '"completion_tokens": 42', '"completion_tokens": Infinity'
    )
    return Reply(body=text.encode(), headers={"Content-Type": "application/json"})


def _tool_calls(payload: dict[str, Any]) -> Reply:
    model = str(payload.get("model", ""))
    call = {
        "id": "call_1",
        "type": "function",
        "function": {"name": "run_shell", "arguments": '{"cmd": "ls"}'},
    }
    if payload.get("stream"):
        chunks = [
            _chunk(model, delta={"role": "assistant", "content": None, "tool_calls": [{"index": 0, **call}]}),
            _chunk(model, delta={}, finish_reason="tool_calls"),
            b"data: [DONE]\n\n",
        ]
        return Reply(chunks=chunks, headers={"Content-Type": "text/event-stream"})
    body = completion("", model=model)
    body["choices"][0]["message"] = {"role": "assistant", "content": None, "tool_calls": [call]}
    body["choices"][0]["finish_reason"] = "tool_calls"
    return Reply(body=body)


BEHAVIOURS: dict[str, Behaviour] = {
    # relay-side misbehaviour
    "endless-keepalive": _endless_keepalives,
    "keepalive-after-text": _keepalives_after_text,
    "trickle": _trickle,
    "deep-json": _deep_json,
    "deep-in-answer": _deep_in_answer,
    "negative-usage": _absurd_usage(-1e30),
    "string-usage": _absurd_usage("lots"),
    "giant-usage": _giant_usage,
    "nan-usage": _nan_usage,
    "tool-calls": _tool_calls,
    "content-filter": say("", finish_reason="content_filter"),
    "content-filter-partial": say("The beginning of an answer that the", finish_reason="content_filter"),
    "length": say("An answer cut at the token", finish_reason="length"),
    "echo-key": lambda payload: Reply(status=401, body={"error": {"message": "bad key", "type": "x"}}),
    # answers whose text attacks the window
    "file-image": say("Look: ![x](file:///etc/hostname) and ![y](file:///dev/zero)"),
    "remote-image": say(
        "Tracking pixel: ![t](http://127.0.0.1:9/pixel.png) and <img src='https://example.com/a.png'>"
    ),
    "bad-links": say(
        '[click](file:///etc/passwd) <a href="file:///usr/bin/xterm">run</a> [x](javascript:alert(1)) '
        "[ok](https://example.com/page) [mail](mailto:someone@example.com)"
    ),
    "bidi-link": say(
        "[invoice\u202egnp.exe](https://example.com/invoice) and [pay\u200bpal](https://example.com)"
    ),
    "one-long-line": say("x" * 1_000_000),
    "huge-table": say("| a | b |\n|---|---|\n" + "".join(f"| {i} | value {i} |\n" for i in range(5000))),
    "nested-lists": say("".join("  " * min(i, 200) + f"- item {i}\n" for i in range(10_000))),
}


class HostileRelay(ScriptedRelay):
    """The scripted relay, misbehaving as the requested model says (see :data:`BEHAVIOURS`)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.behaviours: dict[str, Behaviour] = dict(BEHAVIOURS)
        self.models = [PREFIX + name for name in self.behaviours]

    def behave(self, name: str, behaviour: Behaviour) -> str:
        """Add (or replace) a behaviour; returns the model id that picks it."""
        self.behaviours[name] = behaviour
        self.models.append(PREFIX + name)
        return PREFIX + name

    def _default(self, method: str, path: str, body: bytes) -> Reply:
        if method == "POST" and path.endswith("/chat/completions"):
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                payload = {}
            model = str(payload.get("model", ""))
            if model.startswith(PREFIX) and model[len(PREFIX) :] in self.behaviours:
                return self.behaviours[model[len(PREFIX) :]](payload)
        return super()._default(method, path, body)
