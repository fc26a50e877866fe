"""`vision-desktop ask` and `key` end to end against the scripted relay."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import subprocess_env
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body, stream_chunks
from vision_desktop import cli
from vision_desktop.core.models import DEFAULT_MODEL as MODEL
from vision_desktop.core.profiles import profile_for

KEY = "sk-cli-secret-key-0123456789abcdef"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "receipt.jpg"
    bands = [Image.effect_noise((3000, 2000), sigma) for sigma in (40, 60, 80)]
    Image.merge("RGB", bands).save(path, quality=92)
    return path


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch, relay: ScriptedRelay) -> ScriptedRelay:
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", relay.base_url)
    return relay


def test_ask_prints_the_answer(keyed: ScriptedRelay, photo: Path, tmp_path: Path) -> None:
    second = tmp_path / "shelf.png"
    Image.new("RGB", (640, 480), "white").save(second)
    code, out, err = run(
        [
            "ask",
            "-i",
            str(photo),
            "-i",
            str(second),
            "-m",
            "claude-sonnet-4-20250514",
            "--temperature",
            "0.2",
            "--max-tokens",
            "512",
            "What is the total on the receipt?",
        ]
    )
    assert code == 0, err
    assert out == "I see 2 image(s). You asked: What is the total on the receipt?\n"
    body = keyed.chat_requests[0].json
    assert body["temperature"] == 0.2 and body["max_tokens"] == 512
    assert body["model"] == "claude-sonnet-4-20250514"
    sent = keyed.chat_requests[0].images()
    assert len(sent) == 2 and sent[0].startswith("data:image/jpeg;base64,")
    assert keyed.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_ask_json_has_the_documented_shape(keyed: ScriptedRelay, photo: Path) -> None:
    code, out, _ = run(["ask", "--json", "-i", str(photo), "--system", "Be brief.", "Total?"])
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "id",
        "model",
        "content",
        "finish_reason",
        "usage",
        "images",
        "estimated_prompt_tokens",
    }
    assert data["usage"] == {"prompt_tokens": 1200, "completion_tokens": 42, "total_tokens": 1242}
    image = data["images"][0]
    # the image and a few tokens of text: within 10 % of the image's own estimate
    assert abs(data["estimated_prompt_tokens"] / image["estimated_tokens"] - 1) < 0.1
    assert set(image) == {"source", "width", "height", "bytes", "estimated_tokens"}
    assert image["source"] == str(photo)
    assert max(image["width"], image["height"]) <= 1568  # downscaled from 3000×2000
    # counted by the model's rule: ⌈w/28⌉ × ⌈h/28⌉ for Claude
    assert image["estimated_tokens"] == profile_for(MODEL).image_tokens(image["width"], image["height"])
    assert keyed.chat_requests[0].json["messages"][0] == {"role": "system", "content": "Be brief."}


def test_ask_json_says_null_for_usage_the_relay_did_not_report(keyed: ScriptedRelay) -> None:
    keyed.push(Reply(body=completion("A heron.", usage=None)))
    code, out, _ = run(["ask", "--json", "Which bird?"])
    assert code == 0 and json.loads(out)["usage"] is None  # unknown, not zero


def test_text_that_arrived_before_a_failure_is_printed_before_the_error(keyed: ScriptedRelay) -> None:
    """Without --stream too: a relay that streams anyway and is cut off keeps what it sent."""
    chunks = stream_chunks("The first words arrived")
    arrived = len(b"".join(chunks[:3]))  # the role, "The ", "first "; then the connection is reset
    keyed.push(
        Reply(body=b"".join(chunks), headers={"Content-Type": "text/event-stream"}, reset_after=arrived)
    )
    code, out, err = run(["ask", "--no-stream", "Describe it"])
    assert code == 1 and out == "The first \n"
    assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1
    (row,) = json.loads(run(["history", "list", "--json"])[1])
    (turn,) = json.loads(run(["history", "show", str(row["id"]), "--json"])[1])["turns"]
    assert (turn["status"], turn["answer"]) == ("failed", "The first ")


def test_relay_error_is_one_plain_line_and_exit_1(keyed: ScriptedRelay) -> None:
    keyed.push(Reply(401, error_body("无效的令牌")))
    code, out, err = run(["ask", "hello"])
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("Error: The service rejected the API key")
    assert "Traceback" not in err and KEY not in err


def test_debug_shows_details_but_never_the_key(keyed: ScriptedRelay) -> None:
    keyed.push(Reply(401, error_body("无效的令牌")))
    code, _, err = run(["ask", "--debug", "hello"])
    assert code == 1 and "无效的令牌" in err and "Traceback" in err
    assert KEY not in err


def test_broken_image_names_the_file(keyed: ScriptedRelay, tmp_path: Path) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("these are my notes, not a picture")
    code, _, err = run(["ask", "-i", str(bad), "What is it?"])
    assert code == 1 and "notes.jpg" in err and err.count("\n") == 1
    assert keyed.chat_requests == []  # nothing was sent


def test_missing_key_says_what_to_do(relay: ScriptedRelay, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", relay.base_url)
    code, _, err = run(["ask", "hello"])
    assert code == 1 and err.count("\n") == 1
    assert "vision-desktop key set --provider anyfast" in err and "VISION_DESKTOP_API_KEY" in err


@pytest.mark.parametrize(
    "argv",
    [["ask", "--temperature", "3", "x"], ["ask", "--max-tokens", "0", "x"], ["ask", "--bogus"], ["nope"]],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(argv)
    assert info.value.code == 2


def test_key_set_status_delete_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(KEY + "\n"))
    code, out, _ = run(["key", "set", "--provider", "kkiai"])
    assert code == 0 and "KKIAI" in out and KEY not in out
    code, out, _ = run(["key", "status", "--provider", "kkiai"])
    assert code == 0 and "system keyring" in out and KEY not in out and KEY[-4:] not in out
    code, out, _ = run(["key", "delete", "--provider", "kkiai"])
    assert code == 0
    code, out, _ = run(["key", "status", "--provider", "kkiai"])
    assert code == 1 and "no key" in out


def test_stored_key_is_used_for_ask(relay: ScriptedRelay, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", relay.base_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(KEY))
    assert run(["key", "set"])[0] == 0
    code, out, _ = run(["ask", "hi"])
    assert code == 0 and out.startswith("I see 0 image(s)")
    assert relay.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_full_run_in_a_real_process_leaves_the_key_nowhere(
    relay: ScriptedRelay, photo: Path, vd_home: Path
) -> None:
    """Subprocess: exit codes, no Qt on the CLI path, and after a full ask the key is in no file and no log."""
    env = subprocess_env(
        VISION_DESKTOP_API_KEY=KEY, VISION_DESKTOP_BASE_URL=relay.base_url, VISION_DESKTOP_HOME=str(vd_home)
    )
    script = (
        "import sys; from vision_desktop import cli; code = cli.main(sys.argv[1:]); "
        "assert 'PySide6' not in sys.modules, 'the CLI imported Qt'; sys.exit(code)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "ask", "--debug", "-i", str(photo), "What is this?"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "I see 1 image(s)" in proc.stdout
    assert KEY not in proc.stdout + proc.stderr
    files = [p for p in vd_home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in files), "the run should have logged to the log folder"
    for path in files:
        assert KEY.encode() not in path.read_bytes(), f"key found in {path}"
    assert "answer from 127.0.0.1" in "".join(p.read_text() for p in files if p.suffix == ".log")


def test_version_is_fast_and_qt_free() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "vision_desktop", "--version"],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=30,
        cwd=os.getcwd(),
    )
    assert proc.returncode == 0 and proc.stdout.strip().startswith("vision-desktop ")


def test_stream_flag_prints_the_answer_as_it_arrives(keyed: ScriptedRelay) -> None:
    from tests.helpers.relay import stream_reply

    keyed.push(stream_reply("streamed answer in pieces"))
    code, out, _ = run(["ask", "--stream", "hello"])
    assert code == 0 and out == "streamed answer in pieces\n"
    assert keyed.chat_requests[0].json["stream"] is True


def test_not_a_terminal_means_no_stream_by_default(keyed: ScriptedRelay) -> None:
    code, _out, _ = run(["ask", "hello"])  # StringIO is not a terminal
    assert code == 0 and "stream" not in keyed.chat_requests[0].json


def test_retries_are_reported_on_stderr(keyed: ScriptedRelay) -> None:
    keyed.push(Reply(503, error_body("upstream overloaded")))
    code, out, err = run(["ask", "--no-stream", "hello"])
    assert code == 0 and out.startswith("I see 0 image(s)")
    assert "Relay busy, retrying in" in err and "(2 of 3)" in err


def test_plain_http_to_another_computer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    code, _, err = run(["ask", "--base-url", "http://relay.example.com/v1", "hello"])
    assert code == 1 and "not encrypted" in err


def test_asks_are_recorded_in_the_history_unless_told_not_to(keyed: ScriptedRelay, photo: Path) -> None:
    assert run(["ask", "-i", str(photo), "What is the total?"])[0] == 0
    assert run(["ask", "--no-history", "Not this one"])[0] == 0
    code, out, _ = run(["history", "list", "--json"])
    assert code == 0
    listed = json.loads(out)
    assert len(listed) == 1 and "What is the total?" in json.dumps(listed)
    code, out, _ = run(["history", "show", str(listed[0]["id"])])
    assert code == 0 and "What is the total?" in out and "I see 1 image(s)" in out
    assert run(["history", "show", "999"])[0] == 1


def test_a_failed_ask_is_recorded_as_failed(keyed: ScriptedRelay) -> None:
    keyed.push(Reply(401, error_body("无效的令牌")))
    assert run(["ask", "hello"])[0] == 1
    code, out, _ = run(["history", "list", "--json"])
    assert code == 0 and len(json.loads(out)) == 1


def test_ask_remembers_a_parameter_the_relay_refused_so_the_next_ask_goes_right_at_once(
    keyed: ScriptedRelay, vd_home: Path
) -> None:
    refused = {
        "error": {
            "message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
            "Use 'max_completion_tokens' instead.",
            "type": "invalid_request_error",
            "param": "max_tokens",
            "code": "unsupported_parameter",
        }
    }
    keyed.reply(400, refused)
    code, _, err = run(["ask", "-m", "relay-reasoner", "Hello?"])
    assert code == 0, err
    assert "max_completion_tokens" in err  # said in one line
    assert len(keyed.chat_requests) == 2
    code, _, err = run(["ask", "-m", "relay-reasoner", "Again?"])
    assert code == 0, err
    assert len(keyed.chat_requests) == 3  # no second refusal
    assert (
        "max_completion_tokens" in keyed.chat_requests[2].json
        and "max_tokens" not in keyed.chat_requests[2].json
    )
