"""In a Chinese window the storage layer's sentences are Chinese, with their values filled in: a history that
cannot be written, a backup that is not one, settings out of range, a keyring that cannot be used, a home folder
that cannot be made, an export that cannot be written. In English every sentence is as before.

Failures are real, made as in ``test_history_local_state.py`` (the tests run as root, so ``chmod`` cannot make a
read-only file): ``PRAGMA query_only`` on the store's connection, a file standing where a folder must be.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from keyring.backends import fail

from tests.helpers.chinese import chinese_sentence
from tests.helpers.factories import tiny_attachment
from vision_desktop.core import i18n
from vision_desktop.core.errors import (
    ConfigError,
    HistoryError,
    HistorySaveError,
    KeyringUnavailableError,
    MissingApiKeyError,
)
from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.export import render_markdown
from vision_desktop.storage.history import HistoryStore, history_error, title_from_question
from vision_desktop.storage.paths import HomeFolderError, app_paths
from vision_desktop.storage.secrets import KeyringSecretStore, KeySource, MemorySecretStore, resolve_api_key
from vision_desktop.storage.settings import Settings


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open(app_paths().ensure()) as s:
        yield s


def converse(store: HistoryStore, question: str = "这是什么？") -> int:
    cid = store.create_conversation()
    tid = store.start_turn(cid, Message("user", question, (tiny_attachment("teal"),)), ChatOptions(model="m"))
    store.finish_turn(tid, ChatResult("r", "m", "一张图。", "stop", Usage(1200, 30, 1230)), "complete")
    return cid


# ------------------------------------------------------------------------------------------ history
def read_only_failure(store: HistoryStore) -> HistoryError:
    store._db.execute("PRAGMA query_only = 1")
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            converse(store)
    finally:
        store._db.execute("PRAGMA query_only = 0")
    return history_error(raised.value)


def test_a_read_only_history_in_chinese_and_in_english(store: HistoryStore, chinese: None) -> None:
    error = read_only_failure(store)
    assert isinstance(error, HistorySaveError) and error.reason == "read-only"
    assert chinese_sentence(error.message) == "无法写入历史记录文件夹（它是只读的）。"
    i18n.set_language("en")
    assert read_only_failure(store).message == "The history folder cannot be written to (it is read-only)."


def test_restoring_a_file_that_is_not_a_backup(store: HistoryStore, tmp_path: Path, chinese: None) -> None:
    junk = tmp_path / "备份.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(HistoryError) as info:
        store.restore_backup(junk)
    assert chinese_sentence(info.value.message) == "此文件不是历史记录备份。"
    i18n.set_language("en")
    with pytest.raises(HistoryError) as info:
        store.restore_backup(junk)
    assert info.value.message == "This file is not a history backup."


def test_a_usage_export_that_cannot_be_written(store: HistoryStore, tmp_path: Path, chinese: None) -> None:
    converse(store)
    with pytest.raises(HistoryError) as info:
        store.export_usage_csv(tmp_path / "no such folder" / "用量.csv")
    assert chinese_sentence(info.value.message) == "无法写入文件 用量.csv。请选择其他文件夹或文件名。"

    target = tmp_path / "usage.csv"
    assert store.export_usage_csv(target) == 1
    with target.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["日期", "对话", "模型", "输入 Token", "输出 Token", "费用", "货币"]

    i18n.set_language("en")
    store.export_usage_csv(target)
    with target.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert header == [
        "Date",
        "Conversation",
        "Model",
        "Prompt tokens",
        "Completion tokens",
        "Cost",
        "Currency",
    ]


def test_a_conversation_near_the_upload_limit_warns_in_chinese(chinese: None) -> None:
    images = tuple(tiny_attachment("teal") for _ in range(85))
    warning = HistoryStore.request_size_check([Message("user", "这些图片", images)]).warning or ""
    assert chinese_sentence(warning).startswith("此对话已接近上传上限（图片 85/100 张，")
    i18n.set_language("en")
    warning = HistoryStore.request_size_check([Message("user", "these", images)]).warning or ""
    assert warning.startswith("This conversation is near the upload limit (85 of 100 images, ")


def test_titles_and_the_markdown_export_speak_chinese(store: HistoryStore, chinese: None) -> None:
    assert title_from_question("") == "新对话"
    pictures = [tiny_attachment(source="/tmp/cat.png"), tiny_attachment(source="/tmp/dog.png")]
    assert title_from_question("", pictures) == "cat.png 及另外 1 张图片"
    cid = converse(store)
    text, _files = render_markdown(store.load_conversation(cid))
    assert "## 1. 问题" in text and "### 回答 — m · 1,230 个 Token（输入 1,200，输出 30）" in text
    assert "由 Vision Desktop 导出。" in text
    i18n.set_language("en")
    assert title_from_question("") == "New conversation"
    text, _files = render_markdown(store.load_conversation(cid))
    assert "## 1. Question" in text and "### Answer — m · 1,230 tokens (1,200 in, 30 out)" in text


# ------------------------------------------------------------------------------------------ settings
def test_a_bad_base_url_setting(chinese: None) -> None:
    bad = replace(Settings(), base_urls="https://relay.example.com/v1")  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as info:
        bad.validated()
    assert chinese_sentence(info.value.message) == "“接口地址”设置必须是服务商名称及其地址的列表。"
    i18n.set_language("en")
    with pytest.raises(ConfigError) as info:
        bad.validated()
    assert info.value.message == "The base URL setting must be a list of provider names and addresses."


def test_out_of_range_values_name_the_setting_and_the_value(chinese: None) -> None:
    with pytest.raises(ConfigError) as info:
        replace(Settings(), temperature=3.0).validated(clamp=False)
    assert chinese_sentence(info.value.message) == "“温度”必须在 0 到 2 之间；3 超出了范围。"
    with pytest.raises(ConfigError) as info:
        replace(Settings(), max_tokens=500_000).validated(clamp=False)
    assert (
        chinese_sentence(info.value.message)
        == "“最大 Token 数”必须在 1 到 200,000 之间；500,000 超出了范围。"
    )
    with pytest.raises(ConfigError) as info:
        replace(Settings(), model=" ").validated()
    assert chinese_sentence(info.value.message) == "模型设置为空。请在设置中输入模型名称。"
    i18n.set_language("en")
    with pytest.raises(ConfigError) as info:
        replace(Settings(), temperature=3.0).validated(clamp=False)
    assert info.value.message == "The temperature must be from 0 to 2; 3 is out of range."


# ------------------------------------------------------------------------------------------ keyring
def test_no_keyring_and_no_key_in_chinese(chinese: None) -> None:
    store = KeyringSecretStore(backend=fail.Keyring())  # type: ignore[no-untyped-call]
    assert store.description == "没有可用的系统凭据库"
    with pytest.raises(KeyringUnavailableError) as info:
        store.set("anyfast", "sk-chinese-test-key-0a1b2c3d")
    assert chinese_sentence(info.value.message).startswith(
        "没有找到可用的系统凭据库，因此无法安全地保存 API 密钥"
    )
    with pytest.raises(MissingApiKeyError) as missing:
        resolve_api_key("anyfast", store, env={})
    assert chinese_sentence(missing.value.message).startswith(
        "无法获取 anyfast 的 API 密钥：系统凭据库无法读取。"
    )
    assert "VISION_DESKTOP_API_KEY" in missing.value.message
    assert KeySource.SESSION.text == "仅限本次运行"
    assert KeySource.ENVIRONMENT.text == "环境变量 VISION_DESKTOP_API_KEY"
    with pytest.raises(ConfigError) as empty:
        MemorySecretStore().set("anyfast", "  ")
    assert chinese_sentence(empty.value.message) == "API 密钥为空。请粘贴完整的密钥后重试。"
    i18n.set_language("en")
    with pytest.raises(MissingApiKeyError) as missing:
        resolve_api_key("anyfast", store, env={})
    assert missing.value.message.startswith(
        "No API key is available for anyfast: the system keyring could not be read."
    )
    assert KeySource.ENVIRONMENT.text == "environment variable VISION_DESKTOP_API_KEY"


# -------------------------------------------------------------------------------------- home folder
def test_a_home_folder_below_a_file(tmp_path: Path, chinese: None) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("I am a file")
    with pytest.raises(HomeFolderError) as info:
        app_paths({"VISION_DESKTOP_HOME": str(blocker / "home")}).ensure()
    message = chinese_sentence(info.value.message)
    assert message.startswith("Vision Desktop 无法创建它的文件夹 ")
    assert (
        f"（{blocker} 是一个文件，而不是文件夹）；请将 VISION_DESKTOP_HOME 设为一个可以写入的文件夹。"
        in message
    )
    i18n.set_language("en")
    with pytest.raises(HomeFolderError) as info:
        app_paths({"VISION_DESKTOP_HOME": str(blocker / "home")}).ensure()
    assert info.value.message.startswith("Vision Desktop cannot create its folder")
    assert f"({blocker} is a file, not a folder); set VISION_DESKTOP_HOME" in info.value.message
