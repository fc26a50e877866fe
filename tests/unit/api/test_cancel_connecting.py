"""A stop that lands while the request is still connecting leaves no socket open.

httpcore gives a new stream to its connection only once connecting and the TLS handshake are done; a stop raised
from the trace hook before then must close that stream itself, or Python warns about an unclosed socket later
(batch runs stopped half-way did). Real sockets on 127.0.0.1, real TLS.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Mapping
from typing import Any

import pytest

from tests.helpers.relay import ScriptedRelay, self_signed_certificate
from vision_desktop.api.cancel import CancelToken
from vision_desktop.api.client import ChatClient
from vision_desktop.core import errors
from vision_desktop.core.models import ChatRequest, Message

KEY = "sk-test-not-a-real-key"


class _StopAt(CancelToken):
    """Stops exactly when httpcore reports ``event``: a Stop pressed at that moment from the GUI thread."""

    def __init__(self, event: str) -> None:
        super().__init__()
        self.event = event
        self.seen: list[str] = []

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        self.seen.append(event)
        if event == self.event:
            self.cancel()
        super().trace(event, info)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def _stopped_while_connecting(relay: ScriptedRelay, token: _StopAt, ca_file: str | None) -> list[str]:
    """Run one chat that the token stops; return the ResourceWarnings raised once its objects are collected."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ChatClient(relay.base_url, KEY, extra_ca_file=ca_file) as client:
            try:
                client.chat(ChatRequest((Message("user", "x"),)), cancel=token)
            except errors.CancelledError:
                pass
            else:
                pytest.fail("the request was not stopped")
        gc.collect()  # the dropped stream's socket is finalised here: an unclosed one warns
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_stop_right_after_connecting_closes_the_socket() -> None:
    relay = ScriptedRelay().start()
    try:
        token = _StopAt("connection.connect_tcp.complete")
        assert _stopped_while_connecting(relay, token, None) == []
        assert "connection.connect_tcp.complete" in token.seen
        assert relay.chat_requests == []  # nothing was sent
    finally:
        relay.stop()


@pytest.mark.parametrize(
    "event",
    ["connection.connect_tcp.complete", "connection.start_tls.started", "connection.start_tls.complete"],
)
def test_stop_during_the_tls_handshake_closes_the_socket(event: str, certificate: tuple[str, str]) -> None:
    relay = ScriptedRelay(tls=certificate).start()
    try:
        token = _StopAt(event)
        assert _stopped_while_connecting(relay, token, certificate[0]) == []
        assert event in token.seen
        assert relay.chat_requests == []
    finally:
        relay.stop()
