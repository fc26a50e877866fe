"""Batch runs in Simplified Chinese: the spec's and the fields' errors, a damaged state file, the estimate and
progress lines, the table's headers, and ``vision-desktop batch`` itself run with ``LANG=zh_CN.UTF-8`` against the
scripted relay; the same in English exactly as before."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.cli.test_cli_chinese import run_cli
from tests.helpers.relay import Reply, ScriptedRelay, completion
from vision_desktop.batch.estimate import estimate_batch
from vision_desktop.batch.export import export
from vision_desktop.batch.fields import parse_answer, parse_date, parse_number
from vision_desktop.batch.runner import BatchProgress
from vision_desktop.batch.spec import BatchSpec, Field, parse_fields, sources_summary
from vision_desktop.batch.state import BatchRow, BatchState
from vision_desktop.core.errors import ConfigError
from vision_desktop.core.profiles import Price, profile_for

CHINESE = re.compile(r"[\u4e00-\u9fff]")
KEY = "sk-batch-chinese-secret-0123456789"
ZH = "zh_CN.UTF-8"


# ------------------------------------------------------------------------------------------ in process
@pytest.mark.usefixtures("chinese")
def test_a_wrong_field_list_is_told_in_chinese() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_fields("vendor:text,total:money")
    assert caught.value.message == (
        "字段“total”的类型是“money”；请使用 text、number、date 或 yesno 之一（例如 total:number）。"
    )
    with pytest.raises(ConfigError, match="字段“总额”列出了两次。"):
        parse_fields("总额:number,总额:text")
    with pytest.raises(ConfigError, match="请为批量处理输入一个问题"):
        BatchSpec(("a.png",), "  ")


@pytest.mark.usefixtures("chinese")
def test_unreadable_values_are_explained_in_chinese() -> None:
    with pytest.raises(ValueError, match=r'^"十二块" 不是数字$'):
        parse_number("十二块")
    with pytest.raises(ValueError, match=r'^"2024-02-30" 不是一个存在的日期$'):
        parse_date("2024-02-30")
    fields = (Field("total", "number"), Field("date", "date"))
    parsed = parse_answer('{"total": "abc"}', fields)
    assert parsed.reason() == '“total”："abc" 不是数字；“date”：回答中缺少此项'
    assert parse_answer("我看不清", fields).reason() == "回答中没有 JSON 对象"


@pytest.mark.usefixtures("chinese")
def test_a_damaged_state_file_is_told_in_chinese(tmp_path: Path) -> None:
    damaged = tmp_path / "发票.csv.batch.sqlite"
    damaged.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ConfigError) as caught:
        BatchState.open(damaged)
    assert (
        caught.value.message
        == "发票.csv.batch.sqlite 不是本应用可以继续的批量处理。请删除它，重新开始批量处理。"
    )


@pytest.mark.usefixtures("chinese")
def test_the_estimate_progress_and_summary_lines_are_chinese() -> None:
    spec = BatchSpec(("a.png", "b.png", "r.pdf#page=1"), "读一下")
    estimate = estimate_batch(spec, profile_for("gpt-4o"), Price(2.5, 10.0))
    assert re.fullmatch(r"3 行 · 约 [\d,]+ 个输入 Token · 约 \$0\.\d+（不含回答）", estimate.text()), (
        estimate.text()
    )
    assert sources_summary(spec.sources) == "2 张图片和 1 页 PDF"
    progress = BatchProgress(3, 1, 10, 62, 250, 0.42, "USD", 2, 4, True)
    assert progress.text() == "4 / 10 · 1 个失败 · 已用 1:02 · 约剩 4:10 · USD 0.42 · 已暂停"


@pytest.mark.usefixtures("chinese")
def test_the_table_headers_are_chinese_and_json_lines_keeps_its_keys(tmp_path: Path) -> None:
    rows = [BatchRow(0, "a.png", "done", "{}", {"total": 12.5}, "", 100, 5, 0.001, 1.0)]
    fields = (Field("total", "number"),)
    export(tmp_path / "out.csv", rows, fields)
    header = next(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))
    assert header == ["文件", "total", "状态", "错误", "输入 Token", "输出 Token"]
    export(tmp_path / "out.jsonl", rows, fields)
    item = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))
    assert list(item) == [
        "index",
        "source",
        "fields",
        "answer",
        "status",
        "error",
        "prompt_tokens",
        "completion_tokens",
        "cost",
        "seconds",
    ]


def test_english_is_unchanged(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_fields("vendor:text,total:money")
    assert caught.value.message == (
        'The field "total" has the type "money"; use one of text, number, date or yesno (for example total:number).'
    )
    fields = (Field("total", "number"), Field("date", "date"))
    assert parse_answer('{"total": "abc"}', fields).reason() == (
        '"total": "abc" is not a number; "date": missing from the answer'
    )
    assert sources_summary(("a.png", "b.png", "r.pdf#page=1")) == "2 images and 1 PDF page"
    progress = BatchProgress(3, 1, 10, 62, 250, 0.42, "USD", 2, 4, True)
    assert progress.text() == "4 of 10 · 1 failed · 1:02 elapsed · about 4:10 left · USD 0.42 · paused"
    export(tmp_path / "out.csv", [BatchRow(0, "a.png")], ())
    assert (tmp_path / "out.csv").read_text("utf-8-sig").splitlines()[0] == (
        "source,answer,status,error,prompt_tokens,completion_tokens"
    )


# ------------------------------------------------------------------------------------------ the command
def run_batch(
    argv: list[str], lang: str, home: Path, relay: ScriptedRelay
) -> subprocess.CompletedProcess[str]:
    """``python -m vision_desktop batch …`` in a child process, in the locale ``lang``."""
    return run_cli(
        ["batch", *argv], lang, home, VISION_DESKTOP_API_KEY=KEY, VISION_DESKTOP_BASE_URL=relay.base_url
    )


def receipts(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a-损坏.png").write_bytes(b"not a picture at all")
    Image.new("RGB", (300, 200), "white").save(folder / "b-收据.png")
    return folder


def test_the_batch_command_speaks_chinese(relay: ScriptedRelay, vd_home: Path, tmp_path: Path) -> None:
    folder = receipts(tmp_path / "收据")
    out = tmp_path / "结果.csv"
    relay.push(Reply(body=completion("我看不清")), Reply(body=completion("还是看不清")))
    argv = [str(folder), "-p", "读一下收据", "--fields", "total:number", "-o", str(out), "-c", "1"]

    done = run_batch(argv, ZH, vd_home, relay)

    assert done.returncode == 1, done.stderr
    err = done.stderr
    assert f"批量处理：2 张图片，每次同时发送 1 个 → {out}" in err
    assert re.search(r"预计：2 行 · 约 [\d,]+ 个输入 Token", err), err
    assert "提示：有 1 行存在空单元格；原因见“错误”列。" in err
    assert "2 行中有 1 行失败；原因见 结果.csv 中的“错误”列。加上 --resume 再运行同一条命令即可重试。" in err
    table = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert table[0] == ["文件", "total", "状态", "错误", "输入 Token", "输出 Token"]
    assert table[2][3] == "回答中没有 JSON 对象"
    assert CHINESE.search(table[1][3]), table[1]  # the broken file's reason

    usage = run_batch(
        [str(folder), "-p", "读", "-o", str(tmp_path / "x.csv"), "-c", "99"], ZH, vd_home, relay
    )
    assert (usage.returncode, usage.stderr) == (2, "错误：--concurrency 必须在 1 到 16 之间\n")

    resumed = run_batch([*argv[:-2], "-c", "2"], ZH, vd_home, relay)  # the same output without --resume
    assert resumed.returncode == 2
    assert resumed.stderr.startswith("错误：之前已经开始过一个写入 结果.csv 的批量处理"), resumed.stderr

    help_text = run_batch(["--help"], ZH, vd_home, relay)
    assert "就指定文件和文件夹中的每张图片（或每页 PDF）提出同一个问题" in " ".join(help_text.stdout.split())


def test_the_batch_command_in_english_is_unchanged(
    relay: ScriptedRelay, vd_home: Path, tmp_path: Path
) -> None:
    folder = receipts(tmp_path / "receipts")
    out = tmp_path / "results.csv"
    relay.push(Reply(body=completion("no idea")), Reply(body=completion("still no idea")))
    argv = [str(folder), "-p", "Read it", "--fields", "total:number", "-o", str(out), "-c", "1"]

    done = run_batch(argv, "C.UTF-8", vd_home, relay)

    assert done.returncode == 1, done.stderr
    assert f"Batch: 2 images, 1 at a time → {out}\n" in done.stderr
    assert "Note: 1 row(s) have empty cells; the error column says why.\n" in done.stderr
    assert done.stderr.endswith(
        "1 of 2 rows failed; the error column in results.csv says why. Run the same command with --resume to try "
        "them again.\n"
    )
    assert not CHINESE.search(done.stderr)
    table = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert table[0] == ["source", "total", "status", "error", "prompt_tokens", "completion_tokens"]
    assert table[2][3] == "the answer holds no JSON object"
