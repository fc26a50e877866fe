"""chat/connection.py: where the base URL, the key and the network settings come from, in which order."""

from __future__ import annotations

import pytest

from vision_desktop.chat.connection import BASE_URL_ENV, resolve_base_url, resolve_connection
from vision_desktop.core.errors import ConfigError, MissingApiKeyError
from vision_desktop.storage.secrets import API_KEY_ENV, KeySource, MemorySecretStore
from vision_desktop.storage.settings import Settings

KEY = "sk-connection-secret-0123456789"
SETTINGS = Settings(
    provider="custom",
    base_urls={"custom": "https://settings.example/v1"},
    timeout=45.0,
    proxy="http://proxy.example:3128",
    extra_ca_file="/etc/office.pem",
)


def test_base_url_explicit_then_environment_then_override_then_preset() -> None:
    env = {BASE_URL_ENV: "https://env.example/v1"}
    assert (
        resolve_base_url(SETTINGS, explicit="https://flag.example/v1", env=env)[0]
        == "https://flag.example/v1"
    )
    assert resolve_base_url(SETTINGS, env=env)[0] == "https://env.example/v1"
    assert resolve_base_url(SETTINGS, env={})[0] == "https://settings.example/v1"
    assert resolve_base_url(SETTINGS, provider="anyfast", env={})[0] == "https://www.anyfast.ai/v1"


def test_base_url_changes_are_said() -> None:
    url, changes = resolve_base_url(Settings(), explicit="https://relay.example/v1/chat/completions", env={})
    assert url == "https://relay.example/v1" and changes


def test_custom_without_a_base_url_is_a_plain_error() -> None:
    with pytest.raises(ConfigError, match="needs a base URL"):
        resolve_base_url(Settings(provider="custom"), env={})


def test_key_explicit_then_environment_then_store() -> None:
    store = MemorySecretStore({"custom": "sk-stored-0123456789"})
    env = {API_KEY_ENV: "sk-env-0123456789"}
    explicit = resolve_connection(SETTINGS, store, api_key=KEY, env=env)
    assert (explicit.api_key, explicit.key_source) == (KEY, KeySource.EXPLICIT)
    from_env = resolve_connection(SETTINGS, store, env=env)
    assert (from_env.api_key, from_env.key_source) == ("sk-env-0123456789", KeySource.ENVIRONMENT)
    stored = resolve_connection(SETTINGS, store, env={})
    assert stored.api_key == "sk-stored-0123456789"
    with pytest.raises(MissingApiKeyError):
        resolve_connection(SETTINGS, MemorySecretStore(), env={})


def test_the_connection_carries_the_network_settings_and_hides_the_key() -> None:
    connection = resolve_connection(SETTINGS, MemorySecretStore(), api_key=KEY, env={})
    assert (connection.provider, connection.base_url, connection.read_timeout) == (
        "custom",
        "https://settings.example/v1",
        45.0,
    )
    assert (connection.proxy, connection.extra_ca_file) == ("http://proxy.example:3128", "/etc/office.pem")
    assert (
        resolve_connection(SETTINGS, MemorySecretStore(), api_key=KEY, timeout=7.0, env={}).read_timeout
        == 7.0
    )
    assert KEY not in repr(connection)


def test_an_unknown_provider_is_a_plain_error() -> None:
    with pytest.raises(ConfigError):
        resolve_connection(SETTINGS, MemorySecretStore(), provider="nope", api_key=KEY, env={})
