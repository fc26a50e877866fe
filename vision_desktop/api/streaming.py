"""Pure handling of a streamed answer: chunk objects in, text deltas and one ``ChatResult`` out.

The SSE framing itself (``data:`` lines, comments, CRLF, events split across reads) is httpx-sse's job; this
module only understands the ``chat.completion.chunk`` objects, including what relays get wrong: missing
``finish_reason``, a usage chunk with an empty delta instead of ``choices: []``, an error object in the middle of
the stream, and a stream that ends without ``[DONE]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vision_desktop.api.payloads import content_text, error_from_payload, parse_usage
from vision_desktop.core.errors import InvalidResponseError
from vision_desktop.core.models import ChatResult, Usage


class StreamAccumulator:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.id = ""
        self.model = ""
        self.finish_reason: str | None = None
        self.usage = Usage(reported=False)
        self.done = False
        self.chunks = 0

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def feed(self, chunk: Any) -> str:
        """Take one parsed chunk; return the new answer text it carries (maybe empty).

        Raises the error tree for an error object in the stream.
        """
        if not isinstance(chunk, Mapping):
            raise InvalidResponseError(detail=f"stream chunk is not an object: {str(chunk)[:100]}")
        if "error" in chunk and not chunk.get("choices"):
            raise error_from_payload(200, chunk, {})
        self.chunks += 1
        self.id = self.id or str(chunk.get("id") or "")
        self.model = self.model or str(chunk.get("model") or "")
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
            reason = first.get("finish_reason")
            if isinstance(reason, str) and reason:
                self.finish_reason = reason
        if delta_text:
            self.parts.append(delta_text)
        return delta_text

    def result(self, *, elapsed: float, first_text_after: float | None) -> ChatResult:
        if not self.chunks:
            raise InvalidResponseError(
                "The service ended the answer before sending any of it. Try again, or turn streaming off for "
                "this provider in Settings.",
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
