"""The CLI and bad local state, a key echoed back, closed pipes and finish reasons, against the hostile relay.

Failures to save are made real in ways that also work as root (the tests run as root, which ignores ``chmod``):
a real lock held by another connection, ``PRAGMA query_only`` on the store's own connection (SQLite's real
"attempt to write a readonly database"), the database path being a folder, and a child process whose file size
limit (``RLIMIT_FSIZE``) makes the OS refuse the write, as a full disk does.
"""

from __future__ import annotations

import io
import re
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import subprocess_env
from tests.helpers.hostile_relay import HostileRelay, say
from tests.helpers.relay import Reply, error_body
from vision_desktop import cli
from vision_desktop.storage.history import DB_FILENAME, HistoryStore
from vision_desktop.storage.paths import app_paths

KEY = "vd-local-state-Zq81Xw93Lp04Rt56"
"""Not shaped like an ``sk-`` key: only the registered secret can redact it."""


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch, hostile_relay: HostileRelay) -> HostileRelay:
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", hostile_relay.base_url)
    return hostile_relay


def child_env(relay: HostileRelay, home: Path, **extra: str) -> dict[str, str]:
    return subprocess_env(
        VISION_DESKTOP_API_KEY=KEY,
        VISION_DESKTOP_BASE_URL=relay.base_url,
        VISION_DESKTOP_HOME=str(home),
        **extra,
    )


def vd(*args: str) -> list[str]:
    return [sys.executable, "-m", "vision_desktop", *args]


def conversations() -> int:
    with HistoryStore.open(app_paths()) as store:
        return len(store.list_conversations(limit=10_000))


def db_path() -> Path:
    return app_paths().ensure().data_dir / DB_FILENAME


def make_history(count: int = 1) -> None:
    from vision_desktop.core.models import ChatOptions, Message

    with HistoryStore.open(app_paths().ensure()) as store:
        for i in range(count):
            cid = store.create_conversation(f"Conversation number {i:05d} with a long and descriptive title")
            store.start_turn(cid, Message("user", "question"), ChatOptions(model="m"))
        store.backup()


# ------------------------------------------------------------------------------------ a damaged history
@pytest.mark.parametrize("damage", ["junk", "truncated"])
def test_ask_with_a_damaged_history_answers_sets_it_aside_and_says_so_once(
    keyed: HostileRelay, damage: str
) -> None:
    make_history(300)
    db = db_path()
    if damage == "junk":
        db.write_bytes(b"\x00junk" * 5000)
    else:
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])

    code, out, err = run(["ask", "What is this?"])
    assert code == 0, err
    assert out == "I see 0 image(s). You asked: What is this?\n"
    assert err.count("\n") == 1 and "history was damaged" in err and "history-damaged-" in err
    assert "restore the latest backup" in err and "Traceback" not in err
    moved = re.search(r"set aside as (\S+) and", err)
    assert moved is not None and Path(moved.group(1)).is_file()
    assert conversations() == 1  # recorded in the new history

    code, out, err = run(["ask", "And now?"])
    assert code == 0 and err == ""  # said once
    assert conversations() == 2


def test_history_list_with_a_damaged_history(keyed: HostileRelay) -> None:
    db_path().write_bytes(b"not sqlite at all" * 100)
    code, out, err = run(["history", "list"])
    assert code == 0
    assert out == "No conversations yet.\n"
    assert err.count("\n") == 1 and "there is no backup to restore" in err
    assert run(["history", "list"])[2] == ""


# ------------------------------------------------------------------------------------ cannot save
def assert_answered_but_not_saved(result: tuple[int, str, str], reason: str) -> None:
    code, out, err = result
    assert code == 0, err
    assert out.startswith("I see 0 image(s). You asked:")
    assert err.count("\n") == 1, err
    assert err.startswith("Note: not saved in the history.") and reason in err
    assert "Traceback" not in err


def test_a_history_locked_too_long(keyed: HostileRelay, monkeypatch: pytest.MonkeyPatch) -> None:
    make_history()
    monkeypatch.setattr(HistoryStore, "busy_timeout", 0.2)
    other = sqlite3.connect(db_path(), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert_answered_but_not_saved(run(["ask", "Locked?"]), "locked by another program")
    finally:
        other.execute("ROLLBACK")
        other.close()
    code, _, err = run(["ask", "Unlocked?"])
    assert code == 0 and err == ""
    assert conversations() == 2


def test_a_read_only_history(keyed: HostileRelay, monkeypatch: pytest.MonkeyPatch) -> None:
    make_history()
    connect = HistoryStore._connect

    def read_only(self: HistoryStore) -> None:
        connect(self)
        self._db.execute("PRAGMA query_only = 1")  # SQLite's own SQLITE_READONLY from here on

    monkeypatch.setattr(HistoryStore, "_connect", read_only)
    assert_answered_but_not_saved(run(["ask", "Read-only?"]), "read-only")
    monkeypatch.setattr(HistoryStore, "_connect", connect)  # not undo(): that would drop the private home
    assert conversations() == 1


def test_a_history_that_cannot_be_opened(keyed: HostileRelay) -> None:
    db_path().mkdir(parents=True)
    assert_answered_but_not_saved(run(["ask", "Folder?"]), "cannot be opened or written")


def test_a_disk_that_refuses_the_write(hostile_relay: HostileRelay, vd_home: Path) -> None:
    make_history()
    limit = 256 * 1024

    def small_files() -> None:  # in the child: writes past 256 KB fail (EFBIG), as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        vd("ask", "--no-stream", "-"),
        input="a long question " * 40_000,  # 640 KB, read from stdin
        env=child_env(hostile_relay, vd_home),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=small_files,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("I see 0 image(s). You asked: a long question")
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("Note: not saved in the history. The disk refused to write")
    with HistoryStore.open(app_paths()) as store:
        assert store.search("long question") == []


# ------------------------------------------------------------------------------------ the home folder
@pytest.mark.parametrize(
    "argv", [["ask", "hello"], ["history", "list"], ["key", "status"], ["ask", "--debug", "x"]]
)
def test_a_home_below_a_file_is_one_plain_sentence(
    hostile_relay: HostileRelay, tmp_path: Path, argv: list[str]
) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file")
    proc = subprocess.run(
        vd(*argv), env=child_env(hostile_relay, blocker / "home"), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith("Error: Vision Desktop cannot create its folder")
    assert "is a file, not a folder" in errors[0]
    if "--debug" not in argv:
        assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert hostile_relay.chat_requests == []


# ------------------------------------------------------------------------------------ the key, echoed
@pytest.fixture
def echo_auth(hostile_relay: HostileRelay) -> str:
    """A relay that puts the Authorization header it received, and the bare key, in its 401 error message."""

    def behave(payload: dict[str, Any]) -> Reply:
        auth = hostile_relay.requests[-1].headers.get("authorization", "")
        key = auth.removeprefix("Bearer ")
        return Reply(401, error_body(f"Invalid token. You sent: {auth!r}; key={key}; token {key}"))

    return hostile_relay.behave("echo-auth", behave)


def test_debug_never_shows_an_echoed_key(hostile_relay: HostileRelay, echo_auth: str, vd_home: Path) -> None:
    proc = subprocess.run(
        vd("ask", "--debug", "-m", echo_auth, "hello"),
        env=child_env(hostile_relay, vd_home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert hostile_relay.chat_requests[-1].headers["authorization"] == f"Bearer {KEY}"
    assert "Invalid token" in proc.stderr and "[redacted]" in proc.stderr  # it was echoed, and removed
    assert "Traceback" in proc.stderr  # --debug output, redacted too
    assert KEY not in proc.stdout + proc.stderr
    logs = [p for p in vd_home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in logs)
    for path in logs:
        assert KEY.encode() not in path.read_bytes(), f"key found in {path}"


def test_the_error_line_never_shows_an_echoed_key(keyed: HostileRelay, echo_auth: str) -> None:
    code, out, err = run(["ask", "-m", echo_auth, "hello"])
    assert code == 1 and out == "" and err.count("\n") == 1
    assert KEY not in err


# ------------------------------------------------------------------------------------ closed pipes
def pipeline(argv: list[str], reader: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    """``argv | reader``; returns the writer's exit status and stderr, and what the reader printed."""
    writer = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = subprocess.Popen(reader, stdin=writer.stdout, stdout=subprocess.PIPE)
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.close()  # only the reader holds the pipe now
    shown, _ = head.communicate(timeout=60)
    err = writer.stderr.read()
    writer.stderr.close()
    return writer.wait(timeout=60), err, shown


def test_history_list_into_head_ends_quietly(hostile_relay: HostileRelay, vd_home: Path) -> None:
    make_history(
        1500
    )  # ~150 KB of listing: far more than a pipe holds, so the write must hit the closed pipe
    code, err, shown = pipeline(
        vd("history", "list", "--limit", "1500"), ["head", "-1"], child_env(hostile_relay, vd_home)
    )
    assert shown.count(b"\n") == 1 and b"Conversation number 01499" in shown
    assert err == b""
    assert code == 0


@pytest.mark.parametrize("stream", ["--stream", "--no-stream"])
def test_ask_into_head_ends_quietly_and_still_records(
    hostile_relay: HostileRelay, vd_home: Path, stream: str
) -> None:
    code, err, shown = pipeline(
        vd("ask", stream, "-m", "hostile/one-long-line", "Say x a million times"),
        ["head", "-c", "10"],
        child_env(hostile_relay, vd_home),
    )
    assert shown == b"x" * 10
    assert err == b""
    assert code == 0
    assert conversations() == 1


def test_a_closed_stdout_in_process_is_exit_0(keyed: HostileRelay) -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    make_history(3)
    err = io.StringIO()
    assert cli.main(["history", "list"], out=Closed(), err=err) == 0
    assert err.getvalue() == ""


# ------------------------------------------------------------------------------------ finish reasons
@pytest.fixture
def empty_model(hostile_relay: HostileRelay) -> str:
    return hostile_relay.behave("empty", say(""))


@pytest.mark.parametrize("stream", ["--stream", "--no-stream"])
@pytest.mark.parametrize(
    ("model", "code", "printed", "note"),
    [
        ("hostile/content-filter", 1, "", "filter"),
        ("hostile/content-filter-partial", 0, "The beginning of an answer that the", "filter"),
        ("hostile/tool-calls", 1, "", "tool"),
        ("hostile/length", 0, "An answer cut at the token", "token limit"),
        ("hostile/empty", 1, "", "empty answer"),
    ],
)
def test_finish_reasons_are_explained_on_stderr(
    keyed: HostileRelay, empty_model: str, stream: str, model: str, code: int, printed: str, note: str
) -> None:
    status, out, err = run(["ask", stream, "-m", model, "Tell me"])
    assert status == code, err
    assert out.strip() == printed
    notes = [line for line in err.splitlines() if line.startswith("Note:")]
    assert len(notes) == 1 and note in notes[0], err
    assert conversations() == 1  # the (empty or cut) answer is recorded all the same


def test_json_output_for_an_empty_filtered_answer(keyed: HostileRelay) -> None:
    import json

    status, out, err = run(["ask", "--json", "-m", "hostile/content-filter", "Tell me"])
    assert status == 1
    assert json.loads(out)["finish_reason"] == "content_filter"
    assert "filter" in err
