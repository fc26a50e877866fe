"""ChatClient with httpx.MockTransport: headers, body, parsing and error mapping without sockets."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.helpers.factories import tiny_attachment
from tests.helpers.relay import completion
from vision_desktop.api.client import ChatClient, map_transport_error
from vision_desktop.core import errors
from vision_desktop.core.models import ChatRequest, Message

KEY = "sk-unit-test-0123456789abcdef"


def client_with(handler: object) -> ChatClient:
    return ChatClient("https://relay.example/v1", KEY, transport=httpx.MockTransport(handler))  # type: ignore[arg-type]


def test_request_shape_and_answer() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=completion("Total: 12.50"))

    with client_with(handler) as client:
        result = client.chat(ChatRequest((Message("user", "total?", (tiny_attachment(),)),)))
    assert result.content == "Total: 12.50" and result.usage.total_tokens == 1242
    req = seen[0]
    assert str(req.url) == "https://relay.example/v1/chat/completions"
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.headers["content-type"] == "application/json"
    assert json.loads(req.content)["messages"][0]["content"][0]["type"] == "image_url"


def test_error_status_maps_and_never_shows_the_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"message": "无效的令牌", "type": "new_api_error"}})

    with client_with(handler) as client, pytest.raises(errors.AuthenticationError) as info:
        client.chat(ChatRequest((Message("user", "x"),)))
    assert info.value.relay_message == "无效的令牌"
    assert KEY not in str(info.value) and KEY not in info.value.details_text()
    assert KEY not in repr(client)


def test_models_listing() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/models"
        return httpx.Response(200, json={"object": "list", "data": [{"id": "claude-sonnet-4-20250514"}]})

    with client_with(handler) as client:
        assert client.list_models() == ["claude-sonnet-4-20250514"]


def test_transport_errors_become_plain_sentences() -> None:
    url = "https://relay.example/v1/chat/completions"
    assert isinstance(
        map_transport_error(httpx.ConnectTimeout("x"), url, read_timeout=120), errors.TimeoutError
    )
    read = map_transport_error(httpx.ReadTimeout("x"), url, read_timeout=30)
    assert "30 seconds" in str(read)
    assert isinstance(map_transport_error(httpx.ProxyError("407"), url, read_timeout=1), errors.ProxyError)
    assert isinstance(
        map_transport_error(httpx.RemoteProtocolError("x"), url, read_timeout=1), errors.ConnectError
    )
