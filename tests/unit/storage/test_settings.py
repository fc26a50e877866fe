from __future__ import annotations

import json
import logging
import math
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from vision_desktop.core.errors import ConfigError
from vision_desktop.core.models import DEFAULT_MODEL
from vision_desktop.storage.settings import (
    MAX_TOKENS,
    RECENT_MODELS_MAX,
    TEMPERATURE,
    TIMEOUT,
    FloatRange,
    IntRange,
    Settings,
    SettingsStore,
    looks_like_api_key,
)

FAKE_KEY = "sk-" + "a1B2c3D4e5F6g7H8i9J0" * 2


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "config" / "settings.json")


def broken_copies(store: SettingsStore) -> list[Path]:
    return sorted(store.path.parent.glob("settings.json.broken-*"))


# ------------------------------------------------------------------------------------- ranges
def test_ranges_are_the_documented_ones() -> None:
    assert (TEMPERATURE.minimum, TEMPERATURE.maximum, TEMPERATURE.step) == (0, 2, 0.1)
    assert TEMPERATURE.decimals == 1
    assert (MAX_TOKENS.minimum, MAX_TOKENS.maximum) == (1, 200_000)
    assert (TIMEOUT.minimum, TIMEOUT.maximum, TIMEOUT.decimals) == (5, 600, 0)


def test_range_clamp_and_contains() -> None:
    assert TEMPERATURE.clamp(-1) == 0.0
    assert TEMPERATURE.clamp(7) == 2.0
    assert TEMPERATURE.clamp(0.7000000001) == 0.7
    assert 1.5 in TEMPERATURE and 2.5 not in TEMPERATURE and "1" not in TEMPERATURE
    assert MAX_TOKENS.clamp(0) == 1 and MAX_TOKENS.clamp(10**9) == 200_000
    assert 5 in MAX_TOKENS and 0 not in MAX_TOKENS
    assert 5.0 not in IntRange(0, 9) and True not in IntRange(0, 5)
    assert True not in TEMPERATURE
    assert FloatRange(0, 1, 0.05).decimals == 2


# ----------------------------------------------------------------------------------- settings
def test_defaults() -> None:
    s = Settings()
    assert s.provider == "anyfast"
    assert s.base_urls == {}
    assert s.model == DEFAULT_MODEL == "claude-sonnet-4-20250514"
    assert (s.temperature, s.max_tokens, s.timeout) == (1.0, 1024, 120.0)
    assert (s.system_prompt, s.recent_models, s.stream, s.extra_ca_file, s.proxy) == ("", (), True, "", "")
    assert s.validated() == s


def test_validated_clamps_numbers() -> None:
    s = Settings(temperature=3.0, max_tokens=0, timeout=1.0).validated()
    assert (s.temperature, s.max_tokens, s.timeout) == (2.0, 1, 5.0)
    s = Settings(temperature=-0.5, max_tokens=10**7, timeout=10_000).validated()
    assert (s.temperature, s.max_tokens, s.timeout) == (0.0, 200_000, 600.0)


def test_validated_without_clamping_raises_a_plain_sentence() -> None:
    with pytest.raises(ConfigError, match=r"^The temperature must be from 0 to 2; 3 is out of range\.$"):
        Settings(temperature=3.0).validated(clamp=False)
    with pytest.raises(ConfigError, match="maximum number of tokens must be from 1 to 200,000"):
        Settings(max_tokens=0).validated(clamp=False)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"model": "  "}, "model setting is empty"),
        ({"provider": ""}, "provider setting is empty"),
        ({"temperature": math.nan}, "temperature setting must be a number"),
        ({"temperature": "hot"}, "temperature setting must be a number"),
        ({"max_tokens": True}, "whole number"),
        ({"max_tokens": 10.5}, "whole number"),
        ({"stream": "yes"}, "on or off"),
        ({"proxy": "proxy.example.com:8080"}, "proxy address must start with"),
        ({"proxy": "ftp://proxy"}, "proxy address must start with"),
        ({"recent_models": ("a", 3)}, "list of model names"),
        ({"base_urls": {"custom": 1}}, "base URL setting"),
    ],
)
def test_validated_rejects_what_cannot_be_repaired(changes: dict[str, object], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        replace(Settings(), **changes).validated()


def test_validated_cleans_strings_and_recent_models() -> None:
    many = tuple(f"m{i}" for i in range(30))
    s = Settings(
        model=" gpt-4o ",
        proxy=" socks5://127.0.0.1:1080 ",
        base_urls={" custom ": " https://relay.example.com/v1 ", "empty": " "},
        recent_models=("a", " a ", "", "b", "a", *many),
    ).validated()
    assert s.model == "gpt-4o"
    assert s.proxy == "socks5://127.0.0.1:1080"
    assert s.base_urls == {"custom": "https://relay.example.com/v1"}
    assert s.recent_models[:3] == ("a", "b", "m0")
    assert len(s.recent_models) == RECENT_MODELS_MAX


def test_with_recent_model_moves_it_first() -> None:
    s = Settings(recent_models=("a", "b", "c")).with_recent_model("b")
    assert s.model == "b"
    assert s.recent_models == ("b", "a", "c")
    s = Settings(recent_models=tuple(f"m{i}" for i in range(20))).with_recent_model("new")
    assert s.recent_models[0] == "new" and len(s.recent_models) == 20 and "m19" not in s.recent_models


def test_base_url_for() -> None:
    s = Settings(provider="custom", base_urls={"custom": "https://relay.example.com/v1"})
    assert s.base_url_for() == "https://relay.example.com/v1"
    assert s.base_url_for("anyfast") is None


# -------------------------------------------------------------------------------------- store
def test_missing_file_gives_defaults(store: SettingsStore) -> None:
    assert store.load() == Settings()
    assert not store.path.parent.exists()


def test_round_trip(store: SettingsStore) -> None:
    s = Settings(
        provider="custom",
        base_urls={"custom": "http://127.0.0.1:8080/v1"},
        model="gpt-4o-mini",
        temperature=0.3,
        max_tokens=4096,
        timeout=30.0,
        system_prompt="Answer in French.\nBe brief — «merci».",
        recent_models=("gpt-4o-mini", DEFAULT_MODEL),
        stream=False,
        extra_ca_file="/etc/ssl/office.pem",
        proxy="http://proxy.example.com:3128",
    )
    store.save(s)
    assert store.load() == s


def test_per_provider_base_urls_survive_load_and_save(store: SettingsStore) -> None:
    """Settings showed an empty base URL for a saved Custom relay: the file side keeps every provider's URL."""
    store.path.parent.mkdir(parents=True)
    store.path.write_text(
        json.dumps(
            {
                "version": 1,
                "provider": "custom",
                "base_urls": {
                    "custom": "https://relay.example.com/v1/",
                    "kkiai": "https://kkiai.example.org",
                },
                "temperature": "warm",  # a bad field elsewhere does not cost the base URLs
            }
        ),
        encoding="utf-8",
    )
    loaded = store.load()
    assert loaded.provider == "custom"
    assert loaded.base_url_for() == "https://relay.example.com/v1/"
    assert loaded.base_url_for("kkiai") == "https://kkiai.example.org"
    store.save(loaded)  # saved again with no change
    assert store.load().base_urls == loaded.base_urls
    assert json.loads(store.path.read_text(encoding="utf-8"))["base_urls"] == {
        "custom": "https://relay.example.com/v1/",
        "kkiai": "https://kkiai.example.org",
    }


def test_file_is_pretty_sorted_versioned_json(store: SettingsStore) -> None:
    store.save(Settings(system_prompt="héllo"))
    text = store.path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1
    assert list(data) == sorted(data)
    assert text.endswith("}\n") and '\n  "max_tokens": 1024,\n' in text
    assert "héllo" in text  # readable, not \u-escaped
    assert data["recent_models"] == [] and data["base_urls"] == {}


def test_save_clamps_out_of_range_numbers(store: SettingsStore) -> None:
    store.save(Settings(temperature=9.0))
    assert store.load().temperature == 2.0


def test_save_refuses_invalid_settings(store: SettingsStore) -> None:
    with pytest.raises(ConfigError):
        store.save(Settings(model=""))
    assert not store.path.exists()


def test_atomic_write_leaves_no_temp_files(store: SettingsStore) -> None:
    store.save(Settings(model="one"))
    store.save(Settings(model="two"))
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["settings.json"]
    assert store.load().model == "two"


def test_failed_write_keeps_the_old_file_and_no_temp(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(Settings(model="old"))

    def boom(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        store.save(Settings(model="new"))
    monkeypatch.undo()
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["settings.json"]
    assert store.load().model == "old"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_file_is_private(store: SettingsStore) -> None:
    store.save(Settings())
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_unknown_keys_are_ignored(store: SettingsStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"version": 1, "model": "x", "window": {"w": 3}, "theme": "dark"}))
    assert store.load() == Settings(model="x")
    assert broken_copies(store) == []


def test_corrupt_file_is_kept_aside_and_defaults_used(
    store: SettingsStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b'{"model": "x", "temperature": ')
    with caplog.at_level(logging.WARNING, logger="vision_desktop.storage.settings"):
        assert store.load() == Settings()
    [copy] = broken_copies(store)
    assert copy.read_bytes() == b'{"model": "x", "temperature": '
    assert "not valid JSON" in caplog.text and copy.name in caplog.text
    # Loading the same broken file again does not pile up copies.
    store.load()
    assert len(broken_copies(store)) == 1
    # The next save replaces the broken file.
    store.save(Settings(model="fixed"))
    assert store.load().model == "fixed"


@pytest.mark.parametrize("content", [b"[1, 2]", b"\xff\xfe\x00", b"null", b""])
def test_not_an_object_gives_defaults(store: SettingsStore, content: bytes) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    assert store.load() == Settings()
    assert len(broken_copies(store)) == 1


def test_partly_invalid_file_keeps_the_good_fields(
    store: SettingsStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(
        json.dumps(
            {
                "version": 1,
                "model": "gpt-4o",
                "temperature": "warm",
                "max_tokens": 500_000,
                "stream": "no",
                "recent_models": ["gpt-4o", "gpt-4o", 7],
                "system_prompt": "Be kind.",
                "proxy": "nonsense",
            }
        )
    )
    with caplog.at_level(logging.WARNING):
        s = store.load()
    assert s == Settings(model="gpt-4o", max_tokens=200_000, system_prompt="Be kind.")
    assert len(broken_copies(store)) == 1
    assert "temperature" in caplog.text and "proxy" in caplog.text


def test_newer_version_is_read_as_far_as_known(
    store: SettingsStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"version": 7, "model": "m", "future": True}))
    with caplog.at_level(logging.WARNING):
        assert store.load() == Settings(model="m")
    assert "newer version" in caplog.text


# ---------------------------------------------------------------------------------- no keys
@pytest.mark.parametrize(
    "text",
    [FAKE_KEY, "sk-proj-abcdefghijklmnop1234", "Bearer " + FAKE_KEY, "gsk_" + "x" * 40, "AIza" + "B" * 35],
)
def test_looks_like_api_key(text: str) -> None:
    assert looks_like_api_key(text)


@pytest.mark.parametrize(
    "text",
    ["", "sk-short", DEFAULT_MODEL, "https://api.example.com/v1", "task-force-alpha-bravo", "/home/u/ca.pem"],
)
def test_does_not_look_like_api_key(text: str) -> None:
    assert not looks_like_api_key(text)


@pytest.mark.parametrize(
    "changes",
    [
        {"system_prompt": f"my key is {FAKE_KEY}"},
        {"model": FAKE_KEY},
        {"proxy": f"http://user:{FAKE_KEY}@proxy:8080"},
        {"base_urls": {"custom": f"https://relay.example.com/v1?key={FAKE_KEY}"}},
        {"recent_models": ("gpt-4o", FAKE_KEY)},
    ],
)
def test_save_refuses_key_looking_values(store: SettingsStore, changes: dict[str, object]) -> None:
    store.save(Settings())
    before = store.path.read_bytes()
    with pytest.raises(ConfigError, match="looks like it contains an API key") as info:
        store.save(replace(Settings(), **changes))
    assert FAKE_KEY not in str(info.value) and FAKE_KEY not in info.value.details_text()
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["settings.json"]


def test_settings_have_no_key_field() -> None:
    assert not [name for name in Settings.__dataclass_fields__ if "key" in name.lower()]


def test_key_in_a_hand_edited_file_is_ignored_and_never_copied(
    store: SettingsStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"model": "m", "system_prompt": FAKE_KEY, "temperature": "bad"}))
    with caplog.at_level(logging.DEBUG):
        s = store.load()
    assert s == Settings(model="m")
    assert broken_copies(store) == []
    assert FAKE_KEY not in caplog.text
    store.save(s)
    assert FAKE_KEY not in store.path.read_text()


def test_corrupt_file_with_a_key_is_not_copied(store: SettingsStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"system_prompt": "' + FAKE_KEY)
    assert store.load() == Settings()
    assert broken_copies(store) == []
