from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from vision_desktop.core.errors import ConfigError, KeyringUnavailableError, MissingApiKeyError
from vision_desktop.storage.secrets import (
    KeyringSecretStore,
    KeySource,
    MemorySecretStore,
    SecretStore,
    SessionFallbackSecretStore,
    StoredWhere,
    key_fingerprint,
    resolve_api_key,
)

KEY = "sk-test-" + "0123456789abcdef" * 2 + "3f9a"
REPO = Path(__file__).resolve().parents[3]


class RecordingBackend(KeyringBackend):
    """A keyring backend that remembers entries and calls (the tests pick its module name)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.calls: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class PlaintextLikeBackend(RecordingBackend):
    """Looks like keyrings.alt's PlaintextKeyring to the store."""


PlaintextLikeBackend.__module__ = "keyrings.alt.file"


class BrokenBackend(RecordingBackend):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise type(self.error)(f"{self.error} while storing {password}")

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


class DBusError(Exception):
    """Stands in for jeepney's DBusErrorResponse / dbus-python's DBusException."""


@pytest.fixture
def use_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Install a keyring backend with keyring.set_keyring; the previous one comes back afterwards."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install


def assert_keyless(error: BaseException) -> None:
    assert KEY not in str(error)
    if isinstance(error, KeyringUnavailableError | MissingApiKeyError):
        assert KEY not in error.details_text()
    assert error.__cause__ is None or KEY not in str(error.__cause__)


# ------------------------------------------------------------------------------------- memory
def test_memory_store_round_trip() -> None:
    store = MemorySecretStore()
    assert isinstance(store, SecretStore)
    assert store.available and store.description == "this session only"
    assert store.get("anyfast") is None
    assert store.set("anyfast", f"  {KEY}\n") is StoredWhere.SESSION
    assert store.get("anyfast") == KEY
    assert store.where("anyfast") is StoredWhere.SESSION
    assert "anyfast" in store
    assert KEY not in repr(store)
    store.delete("anyfast")
    store.delete("anyfast")
    assert store.get("anyfast") is None


def test_memory_store_can_stand_in_for_a_keyring() -> None:
    store = MemorySecretStore({"openai": KEY}, where=StoredWhere.KEYRING)
    assert resolve_api_key("openai", store, env={}) == (KEY, KeySource.KEYRING)


@pytest.mark.parametrize(("provider", "key"), [("anyfast", "  "), ("", KEY)])
def test_empty_key_or_provider_is_refused(provider: str, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        MemorySecretStore().set(provider, key)
    assert_keyless(info.value)


# --------------------------------------------------------------------------- resolve + display
def test_resolve_order(monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemorySecretStore({"anyfast": "sk-from-store-0000000000"}, where=StoredWhere.KEYRING)
    env = {"VISION_DESKTOP_API_KEY": " sk-from-env-1111111111 "}
    assert resolve_api_key("anyfast", store, explicit=KEY, env=env) == (KEY, KeySource.EXPLICIT)
    assert resolve_api_key("anyfast", store, env=env) == ("sk-from-env-1111111111", KeySource.ENVIRONMENT)
    assert resolve_api_key("anyfast", store, explicit="  ", env={"VISION_DESKTOP_API_KEY": ""}) == (
        "sk-from-store-0000000000",
        KeySource.KEYRING,
    )
    # The default environment is the process's own.
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", "sk-process-env-22222222")
    assert resolve_api_key("anyfast", store)[1] is KeySource.ENVIRONMENT


def test_resolve_reports_a_session_key() -> None:
    store = MemorySecretStore({"anyfast": KEY})
    assert resolve_api_key("anyfast", store, env={}) == (KEY, KeySource.SESSION)


def test_missing_key_names_the_provider() -> None:
    with pytest.raises(
        MissingApiKeyError, match=r"^No API key is set for openrouter\. .*VISION_DESKTOP_API_KEY"
    ):
        resolve_api_key("openrouter", MemorySecretStore({"anyfast": KEY}), env={})


def test_missing_key_when_the_keyring_cannot_be_read(use_backend: Any) -> None:
    use_backend(fail.Keyring())
    with pytest.raises(MissingApiKeyError, match="anyfast: the system keyring could not be read") as info:
        resolve_api_key("anyfast", KeyringSecretStore(), env={})
    assert info.value.detail


def test_key_source_texts() -> None:
    assert KeySource.ENVIRONMENT.text == "environment variable VISION_DESKTOP_API_KEY"
    assert KeySource.KEYRING.text == "system keyring"
    assert str(KeySource.SESSION) == "this session only"
    assert StoredWhere.SESSION.text == "this session only"
    assert str(StoredWhere.KEYRING) == "system keyring"


def test_key_fingerprint() -> None:
    assert key_fingerprint(KEY) == "sk-…3f9a"
    assert key_fingerprint(f" {KEY}\n") == "sk-…3f9a"
    for short in ("", "abc", "sk-1234567890abcdef"):
        assert key_fingerprint(short) == "••••"


# ---------------------------------------------------------------------------------- keyring
def test_keyring_store_round_trip(use_backend: Any) -> None:
    backend = use_backend(RecordingBackend())
    store = KeyringSecretStore()
    assert isinstance(store, SecretStore)
    assert store.available
    assert store.description.startswith("system keyring (")
    assert store.set("anyfast", KEY) is StoredWhere.KEYRING
    assert backend.entries == {("vision-desktop", "anyfast"): KEY}
    assert store.get("anyfast") == KEY
    assert store.get("openai") is None
    assert store.where("anyfast") is StoredWhere.KEYRING
    assert resolve_api_key("anyfast", store, env={}) == (KEY, KeySource.KEYRING)
    store.delete("anyfast")
    store.delete("anyfast")  # no entry: nothing to do
    assert store.get("anyfast") is None
    assert KEY not in repr(store)


def test_keyring_store_uses_the_test_suites_memory_keyring(memory_keyring: Any) -> None:
    KeyringSecretStore(service="vd-test").set("anyfast", KEY)
    assert memory_keyring.entries == {("vd-test", "anyfast"): KEY}


def test_pinned_backend() -> None:
    backend = RecordingBackend()
    store = KeyringSecretStore(backend=backend)
    store.set("custom", KEY)
    assert backend.entries == {("vision-desktop", "custom"): KEY}


def test_fail_backend_is_unavailable(use_backend: Any, caplog: pytest.LogCaptureFixture) -> None:
    use_backend(fail.Keyring())
    store = KeyringSecretStore()
    assert not store.available
    assert store.description == "no usable system keyring"
    with caplog.at_level(logging.DEBUG):
        for call in (
            lambda: store.get("anyfast"),
            lambda: store.set("anyfast", KEY),
            lambda: store.delete("x"),
        ):
            with pytest.raises(KeyringUnavailableError) as info:
                call()
            assert_keyless(info.value)
            assert info.value.message.endswith(".")
            assert "keyring.backends.fail" in info.value.details_text()
    assert KEY not in caplog.text


@pytest.mark.parametrize(
    "backend",
    [null.Keyring(), PlaintextLikeBackend()],
    ids=["null", "keyrings.alt"],
)
def test_null_and_file_backends_are_refused(use_backend: Any, backend: KeyringBackend) -> None:
    use_backend(backend)
    store = KeyringSecretStore()
    assert not store.available
    with pytest.raises(KeyringUnavailableError, match="cannot be stored safely") as info:
        store.set("anyfast", KEY)
    assert_keyless(info.value)
    if isinstance(backend, PlaintextLikeBackend):
        assert backend.calls == []  # never even asked
        assert "never written to a plain file" in info.value.message


def test_pinned_file_backend_is_refused_too() -> None:
    backend = PlaintextLikeBackend()
    with pytest.raises(KeyringUnavailableError):
        KeyringSecretStore(backend=backend).set("anyfast", KEY)
    assert backend.calls == []


class EmptyChainer(chainer.ChainerBackend):
    backends = ()  # type: ignore[assignment]


def test_empty_chainer_is_unavailable(use_backend: Any) -> None:
    use_backend(EmptyChainer())
    assert not KeyringSecretStore().available
    with pytest.raises(KeyringUnavailableError):
        KeyringSecretStore().get("anyfast")


def test_chainer_skips_file_backends(use_backend: Any) -> None:
    plaintext, real = PlaintextLikeBackend(), RecordingBackend()

    class Chain(chainer.ChainerBackend):
        backends = (plaintext, real)  # type: ignore[assignment]

    use_backend(Chain())
    KeyringSecretStore().set("anyfast", KEY)
    assert real.entries and not plaintext.entries and plaintext.calls == []

    class OnlyFiles(chainer.ChainerBackend):
        backends = (plaintext, null.Keyring())  # type: ignore[assignment]

    use_backend(OnlyFiles())
    with pytest.raises(KeyringUnavailableError):
        KeyringSecretStore().set("anyfast", KEY)


@pytest.mark.parametrize(
    ("error", "match"),
    [
        (KeyringLocked("Failed to unlock the collection!"), "keyring is locked"),
        (DBusError("org.freedesktop.DBus.Error.ServiceUnknown"), "did not respond"),
        (ConnectionRefusedError("no bus"), "did not respond"),
    ],
)
def test_backend_errors_become_keyring_unavailable(
    use_backend: Any, caplog: pytest.LogCaptureFixture, error: Exception, match: str
) -> None:
    use_backend(BrokenBackend(error))
    store = KeyringSecretStore()
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(KeyringUnavailableError, match=match) as info:
            store.get("anyfast")
        assert info.value.__cause__ is error
        with pytest.raises(KeyringUnavailableError, match=match) as info:
            store.set("anyfast", KEY)
        assert_keyless(info.value)
        assert info.value.__cause__ is None  # the original may quote the key
        assert "[key]" in info.value.details_text()
        with pytest.raises(KeyringUnavailableError, match="could not be removed"):
            store.delete("anyfast")
    assert KEY not in caplog.text


def test_keyring_discovery_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> KeyringBackend:
        raise RuntimeError("Unable to initialize SecretService")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    store = KeyringSecretStore()
    assert not store.available
    with pytest.raises(KeyringUnavailableError, match="could not be started"):
        store.get("anyfast")


def test_delete_that_fails_while_the_entry_remains(use_backend: Any) -> None:
    class Stubborn(RecordingBackend):
        def delete_password(self, service: str, username: str) -> None:
            raise PasswordDeleteError("refused")

    backend = use_backend(Stubborn())
    backend.entries[("vision-desktop", "anyfast")] = KEY
    with pytest.raises(KeyringUnavailableError, match="could not be removed"):
        KeyringSecretStore().delete("anyfast")


def test_keyring_is_imported_lazily() -> None:
    code = (
        "import sys\n"
        "from vision_desktop.storage import KeyringSecretStore, SessionFallbackSecretStore, app_paths\n"
        "store = SessionFallbackSecretStore(KeyringSecretStore())\n"
        "assert 'keyring' not in sys.modules, 'keyring imported at start-up'\n"
        "assert 'PySide6' not in sys.modules\n"
        "print('lazy-ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "lazy-ok"


# ------------------------------------------------------------------------------ session fallback
def test_session_fallback_without_keyring(use_backend: Any, caplog: pytest.LogCaptureFixture) -> None:
    use_backend(fail.Keyring())
    store = SessionFallbackSecretStore(KeyringSecretStore())
    assert isinstance(store, SecretStore)
    assert store.available
    assert store.description == "this session only (no system keyring)"
    assert store.get("anyfast") is None
    assert isinstance(store.last_error, KeyringUnavailableError)
    with caplog.at_level(logging.DEBUG):
        assert store.set("anyfast", KEY) is StoredWhere.SESSION
    assert KEY not in caplog.text
    assert "this session only" in caplog.text
    assert isinstance(store.last_error, KeyringUnavailableError)
    assert store.get("anyfast") == KEY
    assert store.where("anyfast") is StoredWhere.SESSION
    assert resolve_api_key("anyfast", store, env={}) == (KEY, KeySource.SESSION)
    store.delete("anyfast")  # only in the session: the keyring's absence is no error here
    assert store.get("anyfast") is None
    with pytest.raises(KeyringUnavailableError):
        store.delete("anyfast")  # nothing in the session, and the keyring can't be reached
    assert KEY not in repr(store)


def test_session_fallback_with_a_working_keyring(use_backend: Any) -> None:
    backend = use_backend(RecordingBackend())
    store = SessionFallbackSecretStore(KeyringSecretStore())
    assert store.description.startswith("system keyring")
    assert store.set("anyfast", KEY) is StoredWhere.KEYRING
    assert store.last_error is None
    assert backend.entries == {("vision-desktop", "anyfast"): KEY}
    assert resolve_api_key("anyfast", store, env={}) == (KEY, KeySource.KEYRING)
    store.delete("anyfast")
    assert backend.entries == {}


def test_session_fallback_moves_a_session_key_to_the_keyring_once_it_works() -> None:
    primary = MemorySecretStore(where=StoredWhere.KEYRING)
    session = MemorySecretStore({"anyfast": "sk-old-session-key-000000"})
    store = SessionFallbackSecretStore(primary, session)
    assert store.where("anyfast") is StoredWhere.SESSION
    assert store.set("anyfast", KEY) is StoredWhere.KEYRING
    assert "anyfast" not in session
    assert resolve_api_key("anyfast", store, env={}) == (KEY, KeySource.KEYRING)
