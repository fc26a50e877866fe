"""chat/probe.py against the scripted relay on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.helpers.proxy import ConnectProxy
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body
from vision_desktop.api.http import HttpSettings
from vision_desktop.chat.probe import PROBE_QUESTION, probe_image, run_probe
from vision_desktop.core.errors import AuthenticationError, VisionDesktopError

KEY = "sk-probe-secret-0123456789"


def test_the_model_saw_the_red_circle(relay: ScriptedRelay) -> None:
    relay.push(Reply(body=completion("Red.")))
    result = run_probe(relay.base_url, KEY, "claude-x", HttpSettings())
    assert (result.saw_it, result.answer) == (True, "Red.")
    assert result.route == "without a proxy, unencrypted (http://)"
    (sent,) = relay.chat_requests
    body = sent.json
    assert (body["model"], body["temperature"], body["max_tokens"]) == ("claude-x", 0, 20)
    assert sent.images() == [probe_image().data_url]
    assert [p["text"] for p in body["messages"][-1]["content"] if p["type"] == "text"] == [PROBE_QUESTION]
    assert sent.headers["authorization"] == f"Bearer {KEY}"


def test_a_model_that_does_not_see_images(relay: ScriptedRelay) -> None:
    relay.push(Reply(body=completion("I cannot see any image.")))
    result = run_probe(relay.base_url, KEY, "claude-x", HttpSettings())
    assert not result.saw_it and result.answer == "I cannot see any image."


def test_a_failure_is_the_error_tree(relay: ScriptedRelay) -> None:
    relay.push(Reply(status=401, body=error_body("invalid token")))
    with pytest.raises(AuthenticationError):
        run_probe(relay.base_url, KEY, "claude-x", HttpSettings())


def test_the_probe_goes_through_the_proxy_and_says_so(relay: ScriptedRelay) -> None:
    """Plain http through a proxy is sent to the proxy in absolute form (no CONNECT): this one refuses it."""
    with ConnectProxy() as proxy:
        with pytest.raises(VisionDesktopError):  # the proxy's 405
            run_probe(relay.base_url, KEY, "claude-x", HttpSettings(proxy=proxy.url))
        assert proxy.other_requests == [f"POST {relay.base_url}/chat/completions HTTP/1.1"]
    assert relay.chat_requests == []
