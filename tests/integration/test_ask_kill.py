"""``vision-desktop ask`` killed with SIGKILL while it waits for the relay: the question is in the history.

The CLI writes the question (status ``pending``) before the request goes out; a killed process cannot say how the
turn ended, so the next opening of the history finds the dead owner's turn and marks it ``incomplete``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO, subprocess_env
from tests.helpers.relay import Reply, ScriptedRelay
from vision_desktop import cli

KEY = "sk-ask-kill-secret-0123456789abcdef"
QUESTION = "What is the total on this receipt?"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("stream", ["--no-stream", "--stream"])
def test_an_ask_killed_while_waiting_leaves_its_question_marked_interrupted(
    relay: ScriptedRelay, stream: str
) -> None:
    relay.push(
        Reply(delay=120)
    )  # the answer never comes while the child lives (the relay's stop ends the wait)
    env = subprocess_env(VISION_DESKTOP_API_KEY=KEY, VISION_DESKTOP_BASE_URL=relay.base_url)
    argv = [sys.executable, "-m", "vision_desktop", "ask", stream, QUESTION]
    with subprocess.Popen(
        argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            relay.wait_for_requests(1, timeout=60)  # the request is out: the question was written before it
            assert proc.poll() is None
        finally:
            proc.kill()
            _, err = proc.communicate(timeout=30)
    assert proc.returncode == -9, err
    assert KEY not in err

    code, out, err = run(["history", "list", "--json"])
    assert code == 0 and err == ""
    (row,) = json.loads(out)
    assert (row["title"], row["turns"]) == (QUESTION, 1)
    code, out, _ = run(["history", "show", str(row["id"]), "--json"])
    (turn,) = json.loads(out)["turns"]
    assert turn["status"] == "incomplete"
    code, out, _ = run(["history", "show", str(row["id"])])
    assert QUESTION in out and "incomplete (the app stopped)" in out
    assert "Error: The app stopped before the answer was complete." in out
