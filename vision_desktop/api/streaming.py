"""Pure handling of a streamed answer: bytes in, text deltas and one ``ChatResult`` out.

Two layers, both free of I/O so that they can be fed anything (the tests fuzz them):

* :class:`SseDecoder` feeds raw bytes to httpx-sse's framing (``data:`` lines, ``:`` comments, LF/CR/CRLF line
  ends, events and UTF-8 characters split across reads) as they arrive, so that every byte passes through the
  client's size limit and deadline first, keep-alive comments included.
* :class:`StreamAccumulator` understands the ``chat.completion.chunk`` objects, including what relays get wrong:
  missing ``finish_reason``, a usage chunk with an empty delta instead of ``choices: []``, an error object in the
  middle of the stream, events without the blank line between them, and a stream that ends without ``[DONE]``.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Mapping
from typing import Any

from vision_desktop.api.payloads import (
    content_text,
    error_from_payload,
    finish_reason,
    loads,
    parse_usage,
    short,
)
from vision_desktop.core.errors import InvalidResponseError
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatResult, Usage

log = logging.getLogger(__name__)


class SseDecoder:
    """Incremental Server-Sent Events framing: :meth:`feed` raw bytes, get the ``data`` of complete events.

    The framing itself (LF/CR/CRLF line ends, a CR split from its LF between reads, ``field: value`` lines,
    comments) is httpx-sse's line and event decoders; this class only feeds them bytes as they arrive (instead
    of letting httpx-sse read the response), so that every raw byte passes through the client's size limit and
    deadline first, and counts the comments (``: ping``) seen.
    """

    def __init__(self) -> None:
        from httpx_sse._decoders import SSEDecoder, SSELineDecoder

        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._lines = SSELineDecoder()
        self._events = SSEDecoder()
        self.comments = 0

    def feed(self, raw: bytes, *, final: bool = False) -> list[str]:
        """The data of every event completed by ``raw``; with ``final``, also of an event left unfinished."""
        text = self._utf8.decode(raw, final)
        lines = self._lines.decode(text) if text else []
        if final:
            lines += [*self._lines.flush(), ""]
        events: list[str] = []
        for line in lines:
            if line.startswith(":"):
                self.comments += 1
            event = self._events.decode(line)
            if event is not None and event.data:
                events.append(event.data)
        return events


class StreamAccumulator:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.id = ""
        self.model = ""
        self.finish_reason: str | None = None
        self.usage = Usage(reported=False)
        self.done = False
        self.chunks = 0
        self.activity = 0
        """Grows whenever the model produced something: answer text, reasoning text or a tool call. The
        client's deadline counts this as progress; keep-alives, empty deltas and usage chunks are not."""

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def feed_event(self, data: str) -> str:
        """Take the data of one SSE event; return the new answer text it carries (maybe empty).

        ``[DONE]`` ends the stream; data that is not JSON is skipped (some relays interleave status lines);
        several JSON chunks in one event (a relay that left out the blank lines) are each taken.
        """
        data = data.strip()
        if not data or self.done:
            return ""
        if data == "[DONE]":
            self.done = True
            return ""
        try:
            return self.feed(loads(data))
        except ValueError:
            pass
        if "\n" not in data:
            log.warning("skipped a stream event that is not JSON: %r", data[:120])
            return ""
        return "".join(self.feed_event(line.removeprefix("data:")) for line in data.split("\n"))

    def feed(self, chunk: Any) -> str:
        """Take one parsed chunk; return the new answer text it carries (maybe empty).

        Raises the error tree for an error object in the stream.
        """
        if not isinstance(chunk, Mapping):
            raise InvalidResponseError(detail=f"stream chunk is not an object: {short(chunk)}")
        if "error" in chunk and not chunk.get("choices"):
            raise error_from_payload(200, chunk, {})
        self.chunks += 1
        if not self.id and isinstance(chunk.get("id"), str):
            self.id = chunk["id"][:200]
        if not self.model and isinstance(chunk.get("model"), str):
            self.model = chunk["model"][:200]
        if chunk.get("usage"):
            usage = parse_usage(chunk["usage"])
            if usage.reported:
                self.usage = usage
        delta_text = ""
        choices = chunk.get("choices")
        if isinstance(choices, list) and choices and isinstance(choices[0], Mapping):
            first = choices[0]
            delta = first.get("delta") if isinstance(first.get("delta"), Mapping) else first.get("message")
            if isinstance(delta, Mapping):
                delta_text = content_text(delta.get("content"))
                if not delta_text and isinstance(delta.get("refusal"), str):
                    delta_text = delta["refusal"]
                if delta.get("tool_calls") or delta.get("function_call") or _reasoning(delta):
                    self.activity += 1
            reason = finish_reason(first.get("finish_reason"))
            if reason:
                self.finish_reason = reason
        if delta_text:
            self.parts.append(delta_text)
            self.activity += 1
        return delta_text

    def result(self, *, elapsed: float, first_text_after: float | None) -> ChatResult:
        if not self.chunks:
            raise InvalidResponseError(
                tr(
                    "errors",
                    "The service ended the answer before sending any of it. Try again, or turn streaming off for "
                    "this provider in Settings.",
                ),
                detail="stream closed without a single chunk",
            )
        return ChatResult(
            id=self.id,
            model=self.model,
            content=self.text,
            finish_reason=self.finish_reason,
            usage=self.usage,
            elapsed=elapsed,
            incomplete=not self.done and self.finish_reason is None,
            first_text_after=first_text_after,
        )


def _reasoning(delta: Mapping[str, Any]) -> bool:
    """Whether a delta carries a model's thinking (``reasoning_content`` of DeepSeek-style relays)."""
    return any(isinstance(delta.get(k), str) and delta[k] for k in ("reasoning_content", "reasoning"))


def parse_sse_text(text: str) -> tuple[StreamAccumulator, list[str]]:
    """Read a whole event stream given as text (a relay that sent one with the wrong content type, or as the
    answer to a request that did not ask for a stream): the accumulator and the text pieces in order."""
    decoder = SseDecoder()
    acc = StreamAccumulator()
    pieces: list[str] = []
    for data in decoder.feed(text.encode("utf-8", errors="replace"), final=True):
        piece = acc.feed_event(data)
        if piece:
            pieces.append(piece)
        if acc.done:
            break
    return acc, pieces
