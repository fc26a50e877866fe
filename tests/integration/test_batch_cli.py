"""``vision-desktop batch`` against the scripted relay: the table in path order, formats by extension, formula-like
cells neutralised, exit status and the failed count; a run killed with SIGKILL mid-run and resumed writes every row
exactly once and sends no saved row's image again."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO, subprocess_env
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body
from vision_desktop.batch.command import main

KEY = "sk-batch-cli-secret-0123456789abcdef"


@pytest.fixture
def env(relay: ScriptedRelay, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", relay.base_url)


def photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"receipt-{i:02d}.png"
        Image.new("RGB", (20 + i, 12), (i * 9 % 256, 40, 255 - i * 9 % 256)).save(path)
        paths.append(path)
    return paths


def batch(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def batch_process(folder: Path, out: Path) -> list[str]:
    """The command line of a real ``vision-desktop batch`` process over ``folder``, two requests at a time."""
    return [
        sys.executable,
        "-m",
        "vision_desktop.batch.command",
        str(folder),
        "--prompt",
        "Total?",
        "--out",
        str(out),
        "--concurrency",
        "2",
    ]


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheet programs need for Chinese
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.usefixtures("env")
def test_a_folder_becomes_a_csv_in_path_order_with_fields(relay: ScriptedRelay, tmp_path: Path) -> None:
    files = photos(tmp_path / "receipts", 3)
    relay.push(
        Reply(body=completion('{"vendor": "超市", "total": "¥1,280.50", "date": "2024年3月5日"}')),
        Reply(
            body=completion(
                '```json\n{"vendor": "=HYPERLINK(\\"http://x\\")", "total": "(3.00)", "date": null}\n```'
            )
        ),
        Reply(body=completion('{"vendor": "@Shop", "total": 9, "date": "05.03.2024"}')),
    )
    out = tmp_path / "results.csv"
    code, stdout, err = batch(
        str(tmp_path / "receipts"),
        "--prompt",
        "Read the receipt",
        "--fields",
        "vendor:text,total:number,date:date",
        "--out",
        str(out),
        "--concurrency",
        "1",
    )
    assert (code, stdout) == (0, ""), err
    rows = read_csv(out)
    assert list(rows[0]) == [
        "source",
        "vendor",
        "total",
        "date",
        "status",
        "error",
        "prompt_tokens",
        "completion_tokens",
    ]
    assert [r["source"] for r in rows] == [str(f) for f in files]
    assert [(r["vendor"], r["total"], r["date"]) for r in rows] == [
        ("超市", "1280.5", "2024-03-05"),
        ('\'=HYPERLINK("http://x")', "-3.0", ""),  # neutralised: a spreadsheet shows it, never runs it
        ("'@Shop", "9", "2024-03-05"),
    ]
    assert {r["status"] for r in rows} == {"done"} and rows[0]["prompt_tokens"] == "1200"
    assert KEY not in err


@pytest.mark.usefixtures("env")
def test_xlsx_and_json_lines_by_extension(relay: ScriptedRelay, tmp_path: Path) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    photos(tmp_path / "in", 2)
    relay.push(Reply(body=completion("=1+1")), Reply(body=completion("两只猫")))
    code, _, err = batch(
        str(tmp_path / "in"), "--prompt", "What?", "--out", str(tmp_path / "t.xlsx"), "-c", "1"
    )
    assert code == 0, err
    sheet = load_workbook(tmp_path / "t.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["source", "answer", "status", "error", "prompt_tokens", "completion_tokens"]
    assert [v[1] for v in values[1:]] == ["=1+1", "两只猫"]
    assert all(cell.data_type == "s" for cell in sheet["B"])  # text, never a formula

    code, _, err = batch(str(tmp_path / "in"), "--prompt", "What?", "--out", str(tmp_path / "t.jsonl"))
    assert code == 0, err
    lines = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["index"] for line in lines] == [0, 1] and all(line["status"] == "done" for line in lines)


@pytest.mark.usefixtures("env")
def test_failed_rows_exit_1_with_the_count_and_resume_tries_them_again(
    relay: ScriptedRelay, tmp_path: Path
) -> None:
    photos(tmp_path / "in", 3)
    relay.push(
        Reply(body=completion("one")),
        Reply(status=400, body=error_body("image could not be processed", type_="invalid_request_error")),
    )
    out = tmp_path / "r.csv"
    code, _, err = batch(str(tmp_path / "in"), "--prompt", "What?", "--out", str(out), "-c", "1")
    assert code == 1
    assert "1 of 3 rows failed" in err and "--resume" in err
    rows = read_csv(out)
    assert [r["status"] for r in rows] == ["done", "failed", "done"] and rows[1]["error"]

    code, _, err = batch(str(tmp_path / "in"), "--prompt", "What?", "--out", str(out))
    assert code == 2 and "Add --resume to continue it" in err

    sent = len(relay.chat_requests)
    code, _, err = batch(str(tmp_path / "in"), "--prompt", "What?", "--out", str(out), "--resume")
    assert code == 0, err
    assert len(relay.chat_requests) == sent + 1  # only the failed row
    assert [r["status"] for r in read_csv(out)] == ["done"] * 3

    code, _, err = batch(str(tmp_path / "in"), "--prompt", "Something else?", "--out", str(out), "--resume")
    assert code == 2 and "was started with a different question" in err


@pytest.mark.usefixtures("env")
def test_usage_errors_exit_2(tmp_path: Path) -> None:
    photos(tmp_path / "in", 1)
    code, _, err = batch(str(tmp_path / "in"), "--prompt", "x", "--out", str(tmp_path / "r.txt"))
    assert code == 2 and "--out must end in .csv, .xlsx or .jsonl" in err
    code, _, err = batch(str(tmp_path / "in"), "--prompt", "x", "--out", str(tmp_path / "r.csv"), "-c", "17")
    assert code == 2 and "between 1 and 16" in err
    code, _, err = batch(
        str(tmp_path / "in"), "--prompt", "x", "--out", str(tmp_path / "r.csv"), "--fields", "a:money"
    )
    assert code == 2 and 'The field "a" has the type "money"' in err


def _done_rows(state_file: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{state_file}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        return int(db.execute("SELECT COUNT(*) FROM rows WHERE status = 'done'").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        db.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_batch_killed_mid_run_resumes_with_every_row_once_and_nothing_sent_again(
    relay: ScriptedRelay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = photos(tmp_path / "in", 10)
    saved_first = 4
    relay.push(*[Reply(body=completion(f"answer {i}")) for i in range(saved_first)])
    relay.push(Reply(delay=120), Reply(delay=120))  # the requests in flight when the process dies
    out = tmp_path / "results.csv"
    argv = batch_process(tmp_path / "in", out)
    env = subprocess_env(VISION_DESKTOP_API_KEY=KEY, VISION_DESKTOP_BASE_URL=relay.base_url)
    state_file = tmp_path / "results.csv.batch.sqlite"
    with subprocess.Popen(
        argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            relay.wait_for_requests(saved_first + 2, timeout=60)
            deadline = time.monotonic() + 60
            while (
                _done_rows(state_file) < saved_first and proc.poll() is None and time.monotonic() < deadline
            ):
                time.sleep(0.02)
            assert proc.poll() is None
        finally:
            proc.kill()
            _, err = proc.communicate(timeout=30)
    assert proc.returncode == -9, err
    assert _done_rows(state_file) == saved_first and not out.exists()
    first = relay.chat_requests
    saved_images = {url for r in first[:saved_first] for url in r.images()}
    assert len(saved_images) == saved_first

    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", relay.base_url)
    before = len(relay.chat_requests)
    code, _, err = batch(str(tmp_path / "in"), "--prompt", "Total?", "--out", str(out), "--resume")
    assert code == 0, err
    assert f"Resuming: {saved_first} of 10 rows already answered" in err
    again = [url for r in relay.chat_requests[before:] for url in r.images()]
    assert len(again) == 10 - saved_first and not saved_images & set(again)
    rows = read_csv(out)
    assert [r["source"] for r in rows] == [str(f) for f in files]  # every row once, in path order
    answered_first = {r["answer"] for r in rows if r["answer"].startswith("answer ")}
    assert answered_first == {
        f"answer {i}" for i in range(saved_first)
    }  # saved answers kept, not asked again
    assert all(r["status"] == "done" for r in rows)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.usefixtures("env")
def test_a_terminal_gets_the_estimate_and_a_progress_line_rewritten_in_place(tmp_path: Path) -> None:
    photos(tmp_path / "in", 3)
    out, err = io.StringIO(), Terminal()
    code = main(
        [str(tmp_path / "in"), "--prompt", "What?", "--out", str(tmp_path / "r.csv")], out=out, err=err
    )
    text = err.getvalue()
    assert code == 0, text
    assert "Batch: 3 images, 4 at a time" in text
    assert "Estimate: 3 rows · about " in text and "prompt tokens" in text
    assert "\r3 of 3 · " in text and "elapsed" in text
    assert text.endswith("Done: 3 rows written to " + str(tmp_path / "r.csv") + ".\n")

    plain = io.StringIO()  # not a terminal: no progress line, no \r
    main([str(tmp_path / "in"), "--prompt", "What?", "--out", str(tmp_path / "p.csv")], out=out, err=plain)
    assert "\r" not in plain.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
def test_ctrl_c_stops_at_once_writes_the_rows_so_far_and_says_how_to_go_on(
    relay: ScriptedRelay, tmp_path: Path
) -> None:
    import signal

    photos(tmp_path / "in", 6)
    relay.push(Reply(body=completion("first")), Reply(delay=120), Reply(delay=120))
    out = tmp_path / "results.csv"
    argv = batch_process(tmp_path / "in", out)
    env = subprocess_env(VISION_DESKTOP_API_KEY=KEY, VISION_DESKTOP_BASE_URL=relay.base_url)
    with subprocess.Popen(
        argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            relay.wait_for_requests(3, timeout=60)  # one answered, two waiting
            deadline = time.monotonic() + 60
            while _done_rows(tmp_path / "results.csv.batch.sqlite") < 1 and time.monotonic() < deadline:
                time.sleep(0.02)
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
    assert proc.returncode == 130, err
    assert "run the same command with --resume to go on" in err
    rows = read_csv(out)
    assert len(rows) == 6 and [r["status"] for r in rows].count("done") == 1
    assert {r["status"] for r in rows} == {"done", "pending"}
