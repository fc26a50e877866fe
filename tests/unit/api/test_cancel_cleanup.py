"""A request stopped between two pieces of a streamed answer ends quietly: closing the abandoned connection's
reader must not raise again (pytest turns an exception ignored during garbage collection into a failure)."""

from __future__ import annotations

import pytest

from tests.helpers.relay import ScriptedRelay, stream_reply
from vision_desktop.api.cancel import CancelToken
from vision_desktop.api.client import ChatClient
from vision_desktop.core import errors
from vision_desktop.core.models import ChatRequest, Message

KEY = "sk-cancel-cleanup-test-key"


def test_a_stop_from_the_text_callback_ends_the_request_quietly(relay: ScriptedRelay) -> None:
    relay.push(stream_reply("one two three four five six seven eight"))
    token = CancelToken()
    seen: list[str] = []

    def on_delta(text: str) -> None:
        seen.append(text)
        token.cancel()  # the person presses Stop as the first words appear

    with ChatClient(relay.base_url, KEY) as client, pytest.raises(errors.CancelledError) as info:
        client.chat(ChatRequest((Message("user", "x"),)), cancel=token, stream=True, on_delta=on_delta)
    assert seen and "eight" not in "".join(seen)
    assert info.value.partial.startswith("one")


def test_cleanup_events_after_a_stop_do_not_raise() -> None:
    token = CancelToken()
    token.cancel()
    for event in (
        "http11.receive_response_body.failed",
        "http11.response_closed.started",
        "http11.response_closed.complete",
    ):
        token.trace(event, {})
    with pytest.raises(errors.CancelledError):
        token.trace("http11.receive_response_body.started", {})
