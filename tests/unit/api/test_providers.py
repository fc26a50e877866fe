from __future__ import annotations

import pytest

from vision_desktop.api.providers import (
    PRESETS,
    PROVIDERS,
    get_provider,
    is_loopback_url,
    normalize_base_url,
    provider_name,
)
from vision_desktop.core.errors import ConfigError


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("https://www.anyfast.ai/v1", "https://www.anyfast.ai/v1"),
        ("https://www.anyfast.ai/v1/", "https://www.anyfast.ai/v1"),
        ("https://www.anyfast.ai", "https://www.anyfast.ai/v1"),
        ("https://www.anyfast.ai/", "https://www.anyfast.ai/v1"),
        ("https://www.kkiai.com/v1/chat/completions", "https://www.kkiai.com/v1"),
        ("https://www.kkiai.com/v1/chat/completions/", "https://www.kkiai.com/v1"),
        ("www.kkiai.com/v1", "https://www.kkiai.com/v1"),
        ("  https://openrouter.ai/api/v1  ", "https://openrouter.ai/api/v1"),
        ("https://openrouter.ai/api/v1/models", "https://openrouter.ai/api/v1"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1"),
        ("HTTPS://Example.com/v1?x=1#frag", "https://Example.com/v1"),
    ],
)
def test_base_url_in_every_pasted_shape_becomes_the_api_base(typed: str, expected: str) -> None:
    assert normalize_base_url(typed).url == expected


def test_normalisation_says_what_it_changed() -> None:
    result = normalize_base_url("https://www.kkiai.com/v1/chat/completions")
    assert any("/chat/completions" in change for change in result.changes)
    assert normalize_base_url("https://www.anyfast.ai").changes == ("added /v1",)
    assert normalize_base_url("https://www.anyfast.ai/v1").changes == ()


@pytest.mark.parametrize("bad", ["", "   ", "ftp://example.com/v1", "https://"])
def test_unusable_base_urls_get_a_plain_sentence(bad: str) -> None:
    with pytest.raises(ConfigError) as info:
        normalize_base_url(bad)
    assert "base URL" in str(info.value) or "web address" in str(info.value)


def test_presets_name_the_relays_with_claude_as_default_model() -> None:
    assert get_provider("anyfast").base_url == "https://www.anyfast.ai/v1"
    assert get_provider("kkiai").base_url == "https://www.kkiai.com/v1"
    assert get_provider("anyfast").default_model == "claude-sonnet-4-20250514"
    assert set(PROVIDERS) == {"anyfast", "kkiai", "openai", "anthropic", "openrouter", "custom"}
    with pytest.raises(ConfigError):
        get_provider("nope")


def test_loopback_detection() -> None:
    assert is_loopback_url("http://127.0.0.1:9/v1")
    assert is_loopback_url("http://localhost/v1")
    assert not is_loopback_url("http://192.168.1.10/v1")


def test_every_preset_but_custom_says_where_to_get_a_key() -> None:
    assert {p.id: p.key_url for p in PRESETS} == {
        "anyfast": "https://www.anyfast.ai",
        "kkiai": "https://www.kkiai.com",
        "openai": "https://platform.openai.com/api-keys",
        "anthropic": "https://console.anthropic.com/settings/keys",
        "openrouter": "https://openrouter.ai/keys",
        "custom": "",
    }


def test_display_names_for_people() -> None:
    assert provider_name("anyfast") == "AnyFast"
    assert provider_name("openrouter") == "OpenRouter"
    assert (
        provider_name("gone-relay") == "gone-relay"
    )  # an id from an older settings file still says something
    with pytest.raises(ConfigError) as info:
        get_provider("nope")
    assert "AnyFast, KKIAI" in info.value.message and "anyfast" not in info.value.message
