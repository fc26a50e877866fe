"""Never lose work: ``kill -9`` a process in the middle of a streamed answer, reopen the history, find it all.

The child is a real interpreter that writes to the store as the window does: the question with an image when it
is sent, the answer chunk by chunk as it streams, and the composer's draft as the user types.
"""

from __future__ import annotations

import queue
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import subprocess_env
from tests.helpers.factories import tiny_attachment
from tests.helpers.images import decode_data_url
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths

CHILD = """
import sys, time
from tests.helpers.factories import tiny_attachment
from vision_desktop.core.models import ChatOptions, Message
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths

store = HistoryStore.open(app_paths())
cid = store.create_conversation()
question = Message("user", "What is the total on this receipt?", (tiny_attachment("red", (64, 48), "receipt.png"),))
tid = store.start_turn(cid, question, ChatOptions(model="claude-x"), "anyfast")
store.save_draft("and the date on it", [("pasted.png", tiny_attachment("blue", (9, 9)).data_url)], conversation_id=cid)
store.append_partial(tid, "The total ")
print("ready", cid, tid, flush=True)
i = 0
while True:  # streams until killed
    store.append_partial(tid, f"word{i} ")
    i += 1
    time.sleep(0.002)
"""


def read_line(proc: subprocess.Popen[str], timeout: float = 30.0) -> str:
    """The child's first line, without hanging the test if it never comes (a thread: pipes on Windows too)."""
    assert proc.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(proc.stdout.readline()), daemon=True).start()  # type: ignore[union-attr]
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError("the child did not get ready in time") from None


def committed_answer(db: Path, turn_id: int) -> str:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT answer FROM turns WHERE id = ?", (turn_id,)).fetchone()[0])
    finally:
        conn.close()


def test_kill_9_during_a_streamed_answer_loses_nothing(vd_home: Path) -> None:
    db = app_paths().data_dir / "history.sqlite3"
    with subprocess.Popen(
        [sys.executable, "-c", CHILD], env=subprocess_env(), stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            line = read_line(proc)
            assert line.startswith("ready"), line
            cid, tid = (int(x) for x in line.split()[1:])
            # read alongside the writer (WAL) until the stream has visibly moved on
            deadline = time.monotonic() + 30
            seen = committed_answer(db, tid)
            while "word20 " not in seen:
                assert time.monotonic() < deadline, seen
                assert proc.poll() is None
                seen = committed_answer(db, tid)
        finally:
            proc.kill()  # SIGKILL: no atexit, no finally, no close in the child
            proc.wait(timeout=30)
    assert proc.returncode == -9 or sys.platform == "win32"

    with HistoryStore.open(app_paths()) as store:
        assert store.recovered_turns == 1
        stored = store.load_conversation(cid)
        (turn,) = stored.turns
        assert turn.id == tid
        assert turn.question.text == "What is the total on this receipt?"
        assert stored.title == "What is the total on this receipt?"
        # everything committed before the kill is there, marked incomplete rather than left pending
        assert turn.status == "incomplete"
        assert turn.answer.startswith(seen) and turn.answer.startswith("The total word0 word1 ")
        assert turn.error and "stopped before the answer was complete" in turn.error
        (image,) = turn.images
        assert image.name == "receipt.png" and (image.width, image.height) == (64, 48)
        assert image.path.read_bytes() == decode_data_url(tiny_attachment("red", (64, 48)).data_url)[1]
        assert image.thumb_path is not None and image.thumb_path.exists()
        draft = store.load_draft()
        assert draft is not None and draft.prompt == "and the date on it" and draft.conversation_id == cid
        assert draft.images[0].name == "pasted.png" and draft.images[0].path.exists()
        # the partial answer is searchable now that the turn has ended
        assert [h.conversation_id for h in store.search("word15")] == [cid]
        # and the conversation continues: the incomplete turn is not sent again
        assert store.to_conversation(stored).history_messages() == ()
    # the dead child's lock file was cleared; the database is healthy
    assert not list((vd_home / "data" / "locks").iterdir())
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
