"""``vision-desktop history …`` and the recording of ``ask``, through the parser that cli.py wires in."""

from __future__ import annotations

import argparse
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers.factories import tiny_attachment
from tests.helpers.relay import ScriptedRelay
from vision_desktop.core.errors import RateLimitError
from vision_desktop.core.models import ChatOptions, ChatRequest, ChatResult, Message, Usage
from vision_desktop.history_cli import add_history_parser, cmd_history, recording_ask
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths

KEY = "sk-history-cli-secret-0123456789"
OPTIONS = ChatOptions(model="claude-x", temperature=0.2, max_tokens=256)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vision-desktop")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    add_history_parser(sub)
    return p


def run(argv: list[str]) -> tuple[int, str, str]:
    args = parser().parse_args(argv)
    assert args.command == "history"
    out, err = io.StringIO(), io.StringIO()
    code = cmd_history(args, out, err)
    return code, out.getvalue(), err.getvalue()


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        parser().parse_args(argv)
    assert exc.value.code == 2
    return capsys.readouterr().err


def recorded(relay: ScriptedRelay, text: str = "What is on the receipt?") -> int:
    """An ask as the CLI does it: the question recorded before the request, the answer after."""
    from vision_desktop.api.client import ChatClient

    question = Message("user", text, (tiny_attachment("red", (32, 24), "receipt.png"),))
    with (
        recording_ask(app_paths(), question, OPTIONS, provider="custom", system="Be brief.") as rec,
        ChatClient(relay.base_url, KEY) as client,
    ):
        rec.finish(client.chat(ChatRequest((question,), OPTIONS, "Be brief.")))
    assert rec.conversation_id is not None
    return rec.conversation_id


def test_list_when_empty() -> None:
    assert run(["history", "list"]) == (0, "No conversations yet.\n", "")
    assert run(["history", "list", "--json"]) == (0, "[]\n", "")


def test_an_ask_is_recorded_and_listed(relay: ScriptedRelay) -> None:
    cid = recorded(relay)
    code, out, err = run(["history", "list"])
    assert code == 0 and err == ""
    assert f"{cid}  " in out and "1 turn(s)  What is on the receipt?" in out
    code, out, _ = run(["history", "list", "--json", "--limit", "5"])
    (row,) = json.loads(out)
    assert row["id"] == cid and row["title"] == "What is on the receipt?" and row["turns"] == 1


def test_show_prints_the_transcript_with_usage(relay: ScriptedRelay) -> None:
    cid = recorded(relay)
    code, out, err = run(["history", "show", str(cid)])
    assert code == 0 and err == ""
    assert "What is on the receipt?" in out
    assert "System: Be brief." in out
    assert "(image: receipt.png, 32×24" in out
    assert "I see 1 image(s). You asked: What is on the receipt?" in out
    assert "tokens" in out and "Total:" in out
    code, out, _ = run(["history", "show", str(cid), "--json"])
    assert json.loads(out)["turns"][0]["status"] == "complete"
    assert KEY not in out


def test_unknown_id_is_one_plain_line_and_exit_1() -> None:
    for argv in (["history", "show", "999"], ["history", "export", "999", "--format", "md"]):
        code, out, err = run(argv)
        assert (code, out) == (1, "")
        assert err == "Error: There is no conversation with ID 999.\n"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--format" in usage_error(["history", "export", "1"], capsys)
    assert "invalid choice" in usage_error(["history", "export", "1", "--format", "pdf"], capsys)
    assert "invalid int value" in usage_error(["history", "show", "abc"], capsys)
    assert "required" in usage_error(["history"], capsys) or "ACTION" in usage_error(["history"], capsys)
    assert usage_error(["history", "list", "--limit", "0"], capsys)


def test_export_each_format(relay: ScriptedRelay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cid = recorded(relay)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["history", "export", str(cid), "--format", "md"])
    md = Path(out.strip())
    assert code == 0 and md == tmp_path / f"{cid}-what-is-on-the-receipt" / "conversation.md"
    assert "![receipt.png](images/" in md.read_text(encoding="utf-8")
    assert len(list((md.parent / "images").iterdir())) == 1

    code, out, _ = run(["history", "export", str(cid), "-f", "html", "-o", str(tmp_path / "x" / "c.html")])
    page = Path(out.strip())
    assert code == 0 and page == tmp_path / "x" / "c.html"
    parsed = HTMLParser()
    parsed.feed(page.read_text(encoding="utf-8"))
    assert 'src="data:image/png;base64,' in page.read_text(encoding="utf-8")

    code, out, _ = run(["history", "export", str(cid), "--format", "json"])
    data = json.loads(Path(out.strip()).read_text(encoding="utf-8"))
    assert code == 0 and data["conversation"]["id"] == cid

    code, out, _ = run(["history", "export", str(cid), "--format", "md", "-o", str(tmp_path / "named.md")])
    assert Path(out.strip()) == tmp_path / "named.md" and (tmp_path / "images").is_dir()
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"sk-" not in file.read_bytes()


def test_search(relay: ScriptedRelay) -> None:
    first = recorded(relay, "What is on the receipt?")
    recorded(relay, "Which bird is this?")
    code, out, _ = run(["history", "search", "rece"])
    assert code == 0 and out.startswith(f"{first}  ") and "[rece]" in out
    code, out, _ = run(["history", "search", "bird", "--json"])
    assert [h["title"] for h in json.loads(out)] == ["Which bird is this?"]
    assert run(["history", "search", "nothing-like-this"])[1] == "Nothing found.\n"
    assert run(["history", "search", '"'])[0] == 0


def test_a_failed_ask_is_recorded_as_failed_and_ctrl_c_as_stopped() -> None:
    question = Message("user", "Will this fail?")
    with (
        pytest.raises(RateLimitError),
        recording_ask(app_paths(), question, OPTIONS, provider="custom") as rec,
    ):
        raise RateLimitError()
    with (
        pytest.raises(KeyboardInterrupt),
        recording_ask(app_paths(), Message("user", "Stop me"), OPTIONS) as rec2,
    ):
        raise KeyboardInterrupt
    with HistoryStore.open(app_paths()) as store:
        failed = store.load_conversation(rec.conversation_id or 0).turns[0]
        stopped = store.load_conversation(rec2.conversation_id or 0).turns[0]
    assert failed.status == "failed" and failed.error == RateLimitError.default_message
    assert (stopped.status, stopped.error) == ("stopped", None)


def test_no_history_records_nothing() -> None:
    with recording_ask(app_paths(), Message("user", "private"), OPTIONS, enabled=False) as rec:
        rec.finish(ChatResult("x", "m", "answer", "stop", Usage()))
    assert rec.conversation_id is None
    assert run(["history", "list"])[1] == "No conversations yet.\n"


def test_an_ask_recorded_in_one_go() -> None:
    result = ChatResult("x", "claude-x", "A heron.", "stop", Usage(5, 2, 7), elapsed=1.25)
    with recording_ask(app_paths(), Message("user", "Which bird?"), OPTIONS, provider="custom") as rec:
        rec.finish(result)
    cid = rec.conversation_id
    assert cid is not None
    with HistoryStore.open(app_paths()) as store:
        (turn,) = store.load_conversation(cid).turns
    assert (turn.status, turn.answer, turn.elapsed, turn.usage.total_tokens) == (
        "complete",
        "A heron.",
        1.25,
        7,
    )
    with recording_ask(app_paths(), Message("user", "q"), OPTIONS) as failed:
        failed.fail(RateLimitError())
    assert failed.conversation_id is not None and failed.conversation_id != cid


def test_recording_never_breaks_the_ask(vd_home: Path) -> None:
    data = app_paths().data_dir
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("a file where the data folder should be")  # the history cannot be opened
    with recording_ask(app_paths(), Message("user", "q"), OPTIONS) as rec:
        rec.finish(ChatResult("x", "m", "answer", "stop", Usage()))
    assert rec.conversation_id is None


def test_an_answer_cut_short_is_recorded_incomplete() -> None:
    cut = ChatResult("x", "claude-x", "Half of", None, Usage(reported=False), incomplete=True)
    with recording_ask(app_paths(), Message("user", "Long story?"), OPTIONS) as rec:
        rec.finish(cut)
    with HistoryStore.open(app_paths()) as store:
        (turn,) = store.load_conversation(rec.conversation_id or 0).turns
    assert (turn.status, turn.answer) == ("incomplete", "Half of")
