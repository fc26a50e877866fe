"""What a hostile relay sends back, over real sockets: ChatClient directly, then the CLI as a person runs it.

The relay (tests/helpers/hostile_relay.py) misbehaves as the requested model says. The timeouts here are short
(1.5–2 s) so that each case ends in a few seconds; the bounds asserted on elapsed time only prove that the
deadline held (without it these requests run for minutes), they are not speed targets.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, subprocess_env
from tests.helpers.hostile_relay import HostileRelay
from tests.helpers.relay import Reply, completion, sse
from vision_desktop import cli
from vision_desktop.api.cancel import CancelToken
from vision_desktop.api.client import ChatClient
from vision_desktop.chat.sending import RetryPolicy, send_with_retries
from vision_desktop.core import errors
from vision_desktop.core.models import (
    ChatOptions,
    ChatRequest,
    ChatResult,
    Message,
    Usage,
    finish_reason_note,
)

KEY = "sk-hostile-test-0123456789abcdef"
TIMEOUT = 1.5
STREAM_MODES = pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])


def request(model: str) -> ChatRequest:
    return ChatRequest((Message("user", "What is in the picture?"),), ChatOptions(model=model))


@pytest.fixture
def client(hostile_relay: HostileRelay) -> Iterator[ChatClient]:
    with ChatClient(hostile_relay.base_url, KEY, read_timeout=TIMEOUT) as chat_client:
        yield chat_client


def ask(client: ChatClient, behaviour: str, *, stream: bool, **kw: Any) -> tuple[ChatResult, list[str]]:
    seen: list[str] = []
    result = client.chat(request("hostile/" + behaviour), stream=stream, on_delta=seen.append, **kw)
    return result, seen


def fails(
    client: ChatClient,
    behaviour: str,
    *,
    stream: bool,
    error: type[errors.VisionDesktopError] = errors.TimeoutError,
) -> tuple[errors.VisionDesktopError, float]:
    started = time.monotonic()
    with pytest.raises(error) as caught:
        ask(client, behaviour, stream=stream)
    return caught.value, time.monotonic() - started


# ------------------------------------------------------------------------------------- the deadline
@STREAM_MODES
def test_endless_keepalives_end_at_the_timeout(client: ChatClient, stream: bool) -> None:
    error, elapsed = fails(client, "endless-keepalive", stream=stream)
    assert error.message == (
        "The service kept the connection open but sent no answer text for 1.5 seconds. Try again, or raise the "
        "timeout in Settings."
    )
    assert error.partial == "" and elapsed < 10 * TIMEOUT


@STREAM_MODES
def test_keepalives_after_text_keep_the_text(client: ChatClient, stream: bool) -> None:
    error, elapsed = fails(client, "keepalive-after-text", stream=stream)
    assert error.message.startswith("The service stopped sending the answer: no new text for 1.5 seconds.")
    assert error.partial == "The first words arrived, then nothing." and elapsed < 10 * TIMEOUT


@STREAM_MODES
def test_a_trickled_answer_ends_at_the_timeout(client: ChatClient, stream: bool) -> None:
    error, elapsed = fails(client, "trickle", stream=stream)
    assert error.message == (
        "The service sent its answer too slowly: it was not complete after 1.5 seconds. Try again, or raise "
        "the timeout in Settings."
    )
    assert elapsed < 10 * TIMEOUT


def test_the_overall_cap_ends_text_that_never_ends(hostile_relay: HostileRelay) -> None:
    def endless(payload: dict[str, Any]) -> Reply:
        pieces = (sse({"choices": [{"index": 0, "delta": {"content": f"{n} "}}]}) for n in itertools.count(1))
        return Reply(chunks=pieces, chunk_delay=0.05, headers={"Content-Type": "text/event-stream"})

    model = hostile_relay.behave("endless-text", endless)
    chat_client = ChatClient(hostile_relay.base_url, KEY, read_timeout=TIMEOUT, total_timeout=2.0)
    with chat_client, pytest.raises(errors.TimeoutError) as caught:
        chat_client.chat(request(model), stream=True)
    assert caught.value.message.startswith("The answer took longer than 2 seconds")
    assert caught.value.partial.startswith("1 2 3 ")


def test_a_line_that_never_ends_is_stopped_by_the_size_limit(
    hostile_relay: HostileRelay, client: ChatClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vision_desktop.api import client as client_module

    monkeypatch.setattr(client_module, "MAX_RESPONSE_BYTES", 4 * 1024 * 1024)
    model = hostile_relay.behave(
        "endless-line",
        lambda payload: Reply(
            chunks=itertools.chain([b"data: "], itertools.repeat(b"x" * 65536)),
            headers={"Content-Type": "text/event-stream"},
        ),
    )
    with pytest.raises(errors.InvalidResponseError) as caught:
        client.chat(request(model), stream=True)
    assert "far larger than expected" in caught.value.message


def test_a_timeout_is_never_retried(hostile_relay: HostileRelay, client: ChatClient) -> None:
    for behaviour in ("keepalive-after-text", "endless-keepalive"):
        before = len(hostile_relay.chat_requests)
        with pytest.raises(errors.TimeoutError):
            send_with_retries(
                client,
                request("hostile/" + behaviour),
                cancel=CancelToken(),
                stream=True,
                policy=RetryPolicy(),
            )
        assert len(hostile_relay.chat_requests) == before + 1, behaviour


def test_cancel_still_stops_a_keepalive_stream_at_once(hostile_relay: HostileRelay) -> None:
    token = CancelToken()
    outcome: list[BaseException] = []

    def run() -> None:
        with ChatClient(hostile_relay.base_url, KEY, read_timeout=60) as chat_client:
            try:
                chat_client.chat(request("hostile/keepalive-after-text"), stream=True, cancel=token)
            except BaseException as exc:  # handed to the test thread
                outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    hostile_relay.wait_for_requests(1)
    started = time.monotonic()
    token.cancel()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - started < 5
    assert isinstance(outcome[0], errors.CancelledError)


def test_a_trickled_model_list_ends_at_its_timeout(hostile_relay: HostileRelay, client: ChatClient) -> None:
    body = json.dumps({"object": "list", "data": [{"id": "m"}]}).encode()
    hostile_relay.push(
        Reply(chunks=(body[i : i + 1] for i in range(len(body))), chunk_delay=0.25, path="/models")
    )
    with pytest.raises(errors.TimeoutError) as caught:
        client.list_models(timeout=1.0)
    assert "not complete after 1 second" in caught.value.message


# ---------------------------------------------------------------------------- malformed and absurd
@STREAM_MODES
def test_json_nested_100000_deep_is_the_plain_sentence(client: ChatClient, stream: bool) -> None:
    error, _ = fails(client, "deep-json", stream=stream, error=errors.InvalidResponseError)
    assert error.message == errors.InvalidResponseError.default_message


@STREAM_MODES
def test_deep_junk_beside_the_answer_keeps_the_answer(client: ChatClient, stream: bool) -> None:
    result, _ = ask(client, "deep-in-answer", stream=stream)
    assert result.content == "Deep usage" and result.usage.total_tokens == 1242


@STREAM_MODES
@pytest.mark.parametrize("behaviour", ["negative-usage", "string-usage", "giant-usage", "nan-usage"])
def test_absurd_usage_is_unknown_and_the_answer_arrives(
    client: ChatClient, behaviour: str, stream: bool
) -> None:
    result, seen = ask(client, behaviour, stream=stream)
    assert result.content.startswith("The answer survives") and "".join(seen) == result.content
    assert result.usage == Usage(reported=False)


@STREAM_MODES
@pytest.mark.parametrize(
    ("behaviour", "reason", "content"),
    [
        ("tool-calls", "tool_calls", ""),
        ("content-filter", "content_filter", ""),
        ("content-filter-partial", "content_filter", "The beginning of an answer that the"),
        ("length", "length", "An answer cut at the token"),
    ],
)
def test_finish_reason_arrives_with_its_note(
    client: ChatClient, behaviour: str, reason: str, content: str, stream: bool
) -> None:
    result, _ = ask(client, behaviour, stream=stream)
    assert result.finish_reason == reason and result.content == content and not result.incomplete
    assert finish_reason_note(result.finish_reason)


@STREAM_MODES
def test_a_legacy_function_call_is_carried(
    hostile_relay: HostileRelay, client: ChatClient, stream: bool
) -> None:
    def function_call(payload: dict[str, Any]) -> Reply:
        call = {"name": "run_shell", "arguments": "{}"}
        if payload.get("stream"):
            chunks = [
                sse(
                    {
                        "choices": [
                            {
                                "index": 0,
                                "delta": {"role": "assistant", "content": None, "function_call": call},
                            }
                        ]
                    }
                ),
                sse({"choices": [{"index": 0, "delta": {}, "finish_reason": "function_call"}]}),
                b"data: [DONE]\n\n",
            ]
            return Reply(chunks=chunks, headers={"Content-Type": "text/event-stream"})
        body = completion("")
        body["choices"][0] = {
            "index": 0,
            "message": {"role": "assistant", "content": None, "function_call": call},
            "finish_reason": "function_call",
        }
        return Reply(body=body)

    model = hostile_relay.behave("function-call", function_call)
    result = client.chat(request(model), stream=stream)
    assert result.finish_reason == "function_call" and result.content == ""
    assert (
        finish_reason_note(result.finish_reason)
        == "The model asked to run a tool; this app does not run tools."
    )


# ------------------------------------------------------------------------------------------- the CLI
@pytest.fixture
def cli_env(hostile_relay: HostileRelay, monkeypatch: pytest.MonkeyPatch) -> HostileRelay:
    from vision_desktop.storage import settings

    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", hostile_relay.base_url)
    # the settings allow 5 s at least; the deadline itself works the same with 2 s, and the tests stay fast
    monkeypatch.setattr(settings, "TIMEOUT", settings.FloatRange(1.0, 600.0, 1.0))
    return hostile_relay


def run_cli(*argv: str) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    code = cli.main(["ask", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue(), time.monotonic() - started


def one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and KEY not in err
    return lines[0]


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize("stream", ["--no-stream", "--stream"])
@pytest.mark.parametrize(
    ("behaviour", "sentence"),
    [
        ("endless-keepalive", "kept the connection open but sent no answer text for 2 seconds"),
        ("trickle", "sent its answer too slowly: it was not complete after 2 seconds"),
    ],
)
def test_ask_with_a_timeout_ends_with_one_plain_sentence(behaviour: str, sentence: str, stream: str) -> None:
    code, out, err, elapsed = run_cli("--timeout", "2", stream, "-m", "hostile/" + behaviour, "Describe it")
    assert code == 1 and out == ""
    assert sentence in one_sentence(err) and elapsed < 20


@pytest.mark.usefixtures("cli_env")
def test_ask_keeps_the_text_that_arrived_before_the_stall() -> None:
    code, out, err, _ = run_cli(
        "--timeout", "2", "--stream", "-m", "hostile/keepalive-after-text", "Describe it"
    )
    assert code == 1 and "The first words arrived, then nothing." in out
    assert "no new text for 2 seconds" in err


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize("behaviour", ["negative-usage", "string-usage", "giant-usage", "nan-usage"])
@pytest.mark.parametrize("stream", ["--no-stream", "--stream"])
def test_ask_with_absurd_usage_prints_the_answer(behaviour: str, stream: str) -> None:
    code, out, err, _ = run_cli(stream, "-m", "hostile/" + behaviour, "Describe it")
    assert code == 0, err
    assert out.startswith("The answer survives")
    code, out, err, _ = run_cli("--json", "-m", "hostile/" + behaviour, "Describe it")
    assert code == 0 and json.loads(out)["content"].startswith("The answer survives")
    assert not re.search(r"\d{11,}|e\+|nan|inf", json.dumps(json.loads(out)["usage"]), re.IGNORECASE)


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize("behaviour", ["deep-json", "deep-in-answer"])
def test_ask_with_deep_json(behaviour: str) -> None:
    code, out, err, _ = run_cli("-m", "hostile/" + behaviour, "Describe it")
    if behaviour == "deep-in-answer":
        assert code == 0 and out == "Deep usage\n"
    else:
        assert code == 1 and out == ""
        assert one_sentence(err) == "Error: " + errors.InvalidResponseError.default_message


@pytest.mark.slow
def test_ask_timeout_5_against_endless_keepalives_as_a_process(
    hostile_relay: HostileRelay, tmp_path: Path
) -> None:
    """The case of the issue, exactly as a person typed it (it ran for minutes)."""
    env = subprocess_env(
        VISION_DESKTOP_HOME=str(tmp_path),
        VISION_DESKTOP_API_KEY=KEY,
        VISION_DESKTOP_BASE_URL=hostile_relay.base_url,
    )
    argv = [
        sys.executable,
        "-m",
        "vision_desktop",
        "ask",
        "--timeout",
        "5",
        "-m",
        "hostile/endless-keepalive",
        "hi",
    ]
    started = time.monotonic()
    done = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == "" and time.monotonic() - started < 30
    assert one_sentence(done.stderr) == (
        "Error: The service kept the connection open but sent no answer text for 5 seconds. Try again, or raise "
        "the timeout in Settings."
    )
