"""The command line in Chinese: ``LANG=zh_CN.UTF-8 vision-desktop …`` (or ``"language": "zh_CN"`` in the
settings) gives the help, the error line, the notes and the history in Chinese; any other locale keeps the
English text exactly as before. The language is picked before the parser is built, from the settings, or from the
environment when the settings cannot be read."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import subprocess_env
from tests.helpers.relay import Reply, ScriptedRelay, error_body
from vision_desktop import cli
from vision_desktop.core import i18n
from vision_desktop.storage.paths import app_paths

WRONG_KEY = "sk-wrong-key-for-the-chinese-cli-0123456789"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ZH = "zh_CN.UTF-8"


def run_cli(
    argv: list[str], lang: str, home: Path, stdin: str | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    """The real CLI (``python -m vision_desktop …``) in a child process, in the locale ``lang``."""
    env = subprocess_env(LANG=lang, LANGUAGE="", LC_ALL="", LC_MESSAGES="", VISION_DESKTOP_HOME=str(home))
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "vision_desktop", *argv],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def flat(text: str) -> str:
    """English help with argparse's line breaks and indents undone (it wraps English at spaces)."""
    return " ".join(text.split())


def says(help_text: str, phrase: str) -> bool:
    """Whether the help says ``phrase``, however it was wrapped: Chinese wraps between any two characters and
    at the spaces around a Latin word, so blanks are left out of the comparison."""
    return "".join(phrase.split()) in "".join(help_text.split())


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "收据.jpg"
    Image.new("RGB", (800, 600), "white").save(path, quality=90)
    return path


@pytest.fixture
def english_after() -> Iterator[None]:
    """In-process runs set the language for the whole process: back to English afterwards."""
    yield
    i18n.set_language("en")


def settings_file(home: Path) -> Path:
    path = app_paths({"VISION_DESKTOP_HOME": str(home)}).settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# ------------------------------------------------------------------------------------------ help
def test_help_is_chinese_in_a_chinese_locale(vd_home: Path) -> None:
    main = run_cli(["--help"], ZH, vd_home)
    assert main.returncode == 0, main.stderr
    assert "就图片向视觉模型提问。不带命令时打开窗口。" in main.stdout
    assert "就图片提问并输出回答" in main.stdout  # the subcommand's line
    assert "在系统凭据库中保存、删除或检查 API 密钥" in main.stdout
    assert "选项:" in main.stdout and "-h, --help  显示此帮助信息并退出" in main.stdout
    ask = run_cli(["ask", "--help"], ZH, vd_home)
    assert ask.returncode == 0, ask.stderr
    assert says(ask.stdout, "不发送任何内容") and says(ask.stdout, "预计的 Token 数和费用")
    assert "--dry-run" in ask.stdout
    text = flat(ask.stdout)
    assert "send nothing" not in text and "the question" not in text
    history = run_cli(["history", "--help"], ZH, vd_home)
    assert (
        "列出对话，最新的在前" in history.stdout and "将对话导出为 Markdown、HTML 或 JSON" in history.stdout
    )


@pytest.mark.parametrize("lang", ["C.UTF-8", "en_US.UTF-8"])
def test_help_stays_english_in_other_locales(vd_home: Path, lang: str) -> None:
    main = run_cli(["--help"], lang, vd_home)
    assert "Ask a vision model about images. Without a command, the window opens." in flat(main.stdout)
    assert "options:" in main.stdout and "-h, --help  show this help message and exit" in main.stdout
    text = flat(run_cli(["ask", "--help"], lang, vd_home).stdout)
    assert "send nothing: prepare the images" in text and not CHINESE.search(text)


def test_the_settings_language_wins_over_the_locale(vd_home: Path) -> None:
    settings_file(vd_home).write_text(json.dumps({"language": "zh_CN"}), encoding="utf-8")
    assert "就图片向视觉模型提问" in run_cli(["--help"], "en_US.UTF-8", vd_home).stdout
    settings_file(vd_home).write_text(json.dumps({"language": "en"}), encoding="utf-8")
    assert "Ask a vision model about images" in run_cli(["--help"], ZH, vd_home).stdout


def test_unreadable_settings_follow_the_environment_quietly(vd_home: Path) -> None:
    settings_file(vd_home).write_text("{ this is not json", encoding="utf-8")
    proc = run_cli(["--help"], ZH, vd_home)
    assert proc.returncode == 0 and "就图片向视觉模型提问" in proc.stdout
    assert proc.stderr == ""  # the settings' warning went to no terminal


def test_usage_errors_say_what_to_do_in_chinese(vd_home: Path) -> None:
    proc = run_cli(["ask", "--temperature", "3", "你好"], ZH, vd_home)
    assert proc.returncode == 2
    assert "--temperature 必须在 0 到 2 之间" in proc.stderr
    proc = run_cli(["history", "list", "--limit", "0"], ZH, vd_home)
    assert proc.returncode == 2 and "必须大于或等于 1" in proc.stderr


# ------------------------------------------------------------------------------------------ ask
def test_a_wrong_key_is_one_chinese_error_line(relay: ScriptedRelay, vd_home: Path) -> None:
    relay.push(Reply(401, error_body("无效的令牌")))
    proc = run_cli(
        ["ask", "--no-stream", "这是什么？"],
        ZH,
        vd_home,
        VISION_DESKTOP_API_KEY=WRONG_KEY,
        VISION_DESKTOP_BASE_URL=relay.base_url,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("错误：") and proc.stderr.count("\n") == 1
    assert CHINESE.search(proc.stderr.removeprefix("错误：")) and "The service" not in proc.stderr
    assert "Error:" not in proc.stderr and "Traceback" not in proc.stderr
    assert WRONG_KEY not in proc.stderr
    assert len(relay.chat_requests) == 1  # it was the relay that refused


def test_a_wrong_key_stays_english_in_english(relay: ScriptedRelay, vd_home: Path) -> None:
    relay.push(Reply(401, error_body("无效的令牌")))
    proc = run_cli(
        ["ask", "hello"],
        "C.UTF-8",
        vd_home,
        VISION_DESKTOP_API_KEY=WRONG_KEY,
        VISION_DESKTOP_BASE_URL=relay.base_url,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: The service rejected the API key") and proc.stderr.count("\n") == 1


def test_no_key_says_the_command_to_run_in_chinese(relay: ScriptedRelay, vd_home: Path) -> None:
    proc = run_cli(["ask", "你好"], ZH, vd_home, VISION_DESKTOP_BASE_URL=relay.base_url)
    assert proc.returncode == 1
    assert proc.stderr == (
        "错误：尚未设置 AnyFast 的 API 密钥。请运行 `vision-desktop key set --provider anyfast`，"
        "或设置环境变量 VISION_DESKTOP_API_KEY。\n"
    )
    assert relay.requests == []


def test_dry_run_labels_its_notes_in_chinese(relay: ScriptedRelay, vd_home: Path, photo: Path) -> None:
    argv = ["ask", "--dry-run", "-m", "my-relay-vision", "-i", str(photo), "这是什么？"]
    proc = run_cli(argv, ZH, vd_home, VISION_DESKTOP_BASE_URL=relay.base_url)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1  # the plan's one line
    assert proc.stderr.startswith("提示：") and "my-relay-vision" in proc.stderr
    assert "price" not in proc.stderr and CHINESE.search(proc.stderr.removeprefix("提示："))
    english = run_cli(argv, "en_US.UTF-8", vd_home, VISION_DESKTOP_BASE_URL=relay.base_url)
    assert english.stderr.startswith("Note: The price of my-relay-vision is not known")
    assert relay.requests == []


# ------------------------------------------------------------------------------------------ history
def test_an_empty_history_is_said_in_chinese(vd_home: Path) -> None:
    proc = run_cli(["history", "list"], ZH, vd_home)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "还没有对话。\n", "")
    proc = run_cli(["history", "search", "发票"], ZH, vd_home)
    assert (proc.returncode, proc.stdout) == (0, "没有找到结果。\n")
    proc = run_cli(["history", "list"], "C.UTF-8", vd_home)
    assert (proc.returncode, proc.stdout) == (0, "No conversations yet.\n")


def run_here(argv: list[str], monkeypatch: pytest.MonkeyPatch, lang: str) -> tuple[int, str, str]:
    """The CLI in this process, in the locale ``lang`` (faster for the longer conversations)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", lang)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_conversation_is_shown_in_chinese(
    relay: ScriptedRelay, monkeypatch: pytest.MonkeyPatch, photo: Path, english_after: None
) -> None:
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", relay.base_url)
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", WRONG_KEY)
    code, _, err = run_here(
        ["ask", "-i", str(photo), "--system", "简短回答。", "总额是多少？"], monkeypatch, ZH
    )
    assert code == 0, err
    code, out, _ = run_here(["history", "list"], monkeypatch, ZH)
    assert code == 0 and re.search(r"  1 轮  ", out), out
    conversation_id = out.split()[0]
    code, out, _ = run_here(["history", "show", conversation_id], monkeypatch, ZH)
    assert code == 0
    assert f"ID {conversation_id} · 1 轮对话 · 更新于 " in out
    assert "指令：简短回答。" in out and "[1] 您，" in out
    assert re.search(r"（图片：\S*收据\.jpg，\d+×\d+，[\d,]+ 字节）", out), out
    assert "合计：1,242 个 Token（输入 1,200，输出 42）" in out
    assert re.search(r"^\[1\] claude-sonnet-4-20250514 .+：$", out, re.MULTILINE), out
    code, out, _ = run_here(["history", "show", conversation_id], monkeypatch, "C.UTF-8")
    assert f"ID {conversation_id} · 1 turn(s) · updated " in out
    assert "Total: 1,242 tokens (1,200 in, 42 out)" in out and "[1] You, " in out


def test_key_commands_answer_in_chinese(monkeypatch: pytest.MonkeyPatch, english_after: None) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(WRONG_KEY + "\n"))
    code, out, _ = run_here(["key", "set", "--provider", "kkiai"], monkeypatch, ZH)
    assert code == 0 and out == "已将 KKIAI 的 API 密钥保存到系统凭据库。\n"
    code, out, _ = run_here(["key", "status", "--provider", "kkiai"], monkeypatch, ZH)
    assert code == 0 and out.startswith("KKIAI：系统凭据库中保存有密钥（") and WRONG_KEY not in out
    code, out, _ = run_here(["key", "delete", "--provider", "kkiai"], monkeypatch, ZH)
    assert code == 0 and out == "已从系统凭据库中删除 KKIAI 的 API 密钥（如果原来有的话）。\n"
    code, out, _ = run_here(["key", "status", "--provider", "kkiai"], monkeypatch, ZH)
    assert code == 1 and out == (
        "KKIAI：没有找到密钥。请运行 `vision-desktop key set --provider kkiai`，或设置环境变量 "
        "VISION_DESKTOP_API_KEY。\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    code, _, err = run_here(["key", "set", "--provider", "kkiai"], monkeypatch, ZH)
    assert code == 1 and err == "错误：没有输入密钥，未保存任何内容。\n"


def test_chinese_help_fits_the_terminal(tmp_path: Path) -> None:
    """argparse counts a Chinese character as one column: wrapped by columns, no line of the help runs past
    the terminal's edge (80 columns), and the English help keeps argparse's own wrapping."""
    from vision_desktop.cli import _columns

    for argv in (["ask", "--help"], ["history", "--help"], ["batch", "--help"]):
        shown = run_cli(argv, "zh_CN.UTF-8", tmp_path, COLUMNS="80")
        assert shown.returncode == 0, shown.stderr
        lines = shown.stdout.split("\n\n", 1)[1].splitlines()  # after the usage lines (argparse's own)
        too_wide = [line for line in lines if _columns(line) > 80]
        assert not too_wide, too_wide
        assert not any(line.lstrip().startswith(("，", "。", "）")) for line in lines)
    english = run_cli(["ask", "--help"], "C.UTF-8", tmp_path, COLUMNS="80").stdout
    assert max(len(line) for line in english.split("\n\n", 1)[1].splitlines()) <= 80
