"""API keys: where they are kept and where a request finds one.

* :class:`SecretStore` is the small protocol the rest of the app uses.
* :class:`KeyringSecretStore` keeps one entry per provider in the system keyring (Secret Service, macOS
  Keychain, Windows Credential Locker). It never falls back to a plain-text or encoded file: a ``fail``,
  ``null`` or ``keyrings.alt`` backend counts as "no keyring", reported as :class:`KeyringUnavailableError`.
* :class:`MemorySecretStore` keeps keys in memory: for tests, and as the session-only store.
* :class:`SessionFallbackSecretStore` uses a primary store and, when that has no keyring, keeps the key for
  this session only; :meth:`~SessionFallbackSecretStore.set` returns :class:`StoredWhere` so the caller can
  tell the user.
* :func:`resolve_api_key` looks a key up: explicit, then ``VISION_DESKTOP_API_KEY``, then the store.

A key never appears in an exception message, an exception's details, or a log record; only
:func:`key_fingerprint` (e.g. ``sk-…3f9a``) may be shown.
"""

from __future__ import annotations

import enum
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from vision_desktop.core.errors import ConfigError, KeyringUnavailableError, MissingApiKeyError
from vision_desktop.core.i18n import N_, tr

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

__all__ = [
    "API_KEY_ENV",
    "KEYRING_SERVICE",
    "KeySource",
    "KeyringSecretStore",
    "MemorySecretStore",
    "SecretStore",
    "SessionFallbackSecretStore",
    "StoredWhere",
    "key_fingerprint",
    "resolve_api_key",
]

log = logging.getLogger(__name__)

API_KEY_ENV = "VISION_DESKTOP_API_KEY"
KEYRING_SERVICE = "vision-desktop"

# Backends that store secrets in a file (plain text, base64, or a file that prompts on a terminal).
_FILE_BACKEND_MODULES = ("keyrings.alt", "keyrings.cryptfile")
_NO_BACKEND_MODULES = ("keyring.backends.fail", "keyring.backends.null")


class StoredWhere(enum.Enum):
    """Where a store keeps a key."""

    KEYRING = "keyring"
    SESSION = "session"

    @property
    def text(self) -> str:
        return tr("status", _STORED_WHERE_TEXT[self])

    def __str__(self) -> str:
        return self.text


_STORED_WHERE_TEXT = {
    StoredWhere.KEYRING: N_("status", "system keyring"),
    StoredWhere.SESSION: N_("status", "this session only"),
}


class KeySource(enum.Enum):
    """Where :func:`resolve_api_key` found the key; ``text`` is for status displays."""

    EXPLICIT = "explicit"
    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    SESSION = "session"

    @property
    def text(self) -> str:
        if self is KeySource.ENVIRONMENT:
            return tr("status", "environment variable {name}").format(name=API_KEY_ENV)
        return tr("status", _KEY_SOURCE_TEXT[self])

    def __str__(self) -> str:
        return self.text


_KEY_SOURCE_TEXT = {
    KeySource.EXPLICIT: N_("status", "given directly"),
    KeySource.KEYRING: N_("status", "system keyring"),
    KeySource.SESSION: N_("status", "this session only"),
}


@runtime_checkable
class SecretStore(Protocol):
    """Keeps one API key per provider id."""

    @property
    def available(self) -> bool:
        """False when the store cannot keep keys at all (no usable keyring)."""
        ...

    @property
    def description(self) -> str:
        """A short phrase for status displays, e.g. ``"system keyring (SecretService Keyring)"``."""
        ...

    def get(self, provider: str) -> str | None:
        """The key of ``provider``, or None. May raise :class:`KeyringUnavailableError`."""
        ...

    def set(self, provider: str, key: str) -> StoredWhere:
        """Keep ``key`` for ``provider`` and say where. May raise :class:`KeyringUnavailableError`."""
        ...

    def delete(self, provider: str) -> None:
        """Forget the key of ``provider`` (nothing happens when there is none)."""
        ...

    def where(self, provider: str) -> StoredWhere:
        """Where this store keeps (or would keep) the key of ``provider``. Cheap: no keyring call."""
        ...


# ------------------------------------------------------------------------------------------ helpers
def _clean_provider(provider: str) -> str:
    provider = provider.strip()
    if not provider:
        raise ConfigError(
            tr("errors", "No provider is chosen, so the key cannot be stored. Choose a provider first.")
        )
    return provider


def _clean_key(key: str) -> str:
    key = key.strip()
    if not key:
        raise ConfigError(tr("errors", "The API key is empty. Paste the whole key and try again."))
    return key


def _keyring_message(action: str, *, locked: bool) -> str:
    """The plain sentence for a keyring that failed while the key was ``action`` (read, saved, removed)."""
    if locked:
        if action == "read":
            return tr(
                "errors",
                "The system keyring is locked, so the API key could not be read. "
                "Unlock it (for example by logging in again) and try again.",
            )
        if action == "saved":
            return tr(
                "errors",
                "The system keyring is locked, so the API key could not be saved. "
                "Unlock it (for example by logging in again) and try again.",
            )
        return tr(
            "errors",
            "The system keyring is locked, so the API key could not be removed. "
            "Unlock it (for example by logging in again) and try again.",
        )
    if action == "read":
        return tr("errors", "The system keyring did not respond, so the API key could not be read.")
    if action == "saved":
        return tr("errors", "The system keyring did not respond, so the API key could not be saved.")
    return tr("errors", "The system keyring did not respond, so the API key could not be removed.")


def _scrub(text: str, key: str | None) -> str:
    if key:
        text = text.replace(key, "[key]")
    return text


def key_fingerprint(key: str) -> str:
    """A hint of which key is in use, e.g. ``"sk-…3f9a"``: at most the first 3 and the last 4 characters.

    Keys shorter than 20 characters show nothing of themselves.
    """
    key = key.strip()
    if len(key) < 20:
        return "••••"
    return f"{key[:3]}…{key[-4:]}"


# ------------------------------------------------------------------------------------------ memory
class MemorySecretStore:
    """Keys in memory, gone when the app quits. For tests, and as the session-only store."""

    def __init__(
        self,
        keys: Mapping[str, str] | None = None,
        *,
        where: StoredWhere = StoredWhere.SESSION,
        description: str = N_("status", "this session only"),
    ) -> None:
        self._keys: dict[str, str] = {}
        self._where = where
        self._description = description
        for provider, key in (keys or {}).items():
            self.set(provider, key)

    @property
    def available(self) -> bool:
        return True

    @property
    def description(self) -> str:
        return tr("status", self._description)

    def get(self, provider: str) -> str | None:
        return self._keys.get(provider.strip())

    def set(self, provider: str, key: str) -> StoredWhere:
        self._keys[_clean_provider(provider)] = _clean_key(key)
        return self._where

    def delete(self, provider: str) -> None:
        self._keys.pop(provider.strip(), None)

    def where(self, provider: str) -> StoredWhere:
        return self._where

    def __contains__(self, provider: object) -> bool:
        return isinstance(provider, str) and provider.strip() in self._keys

    def __repr__(self) -> str:  # never the keys
        return f"{type(self).__name__}(providers={sorted(self._keys)!r})"


# ----------------------------------------------------------------------------------------- keyring
def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_file_or_null_backend(backend: object) -> bool:
    module = type(backend).__module__ or ""
    return any(module == m or module.startswith(m + ".") for m in _FILE_BACKEND_MODULES + _NO_BACKEND_MODULES)


class KeyringSecretStore:
    """One keyring entry per provider: service ``"vision-desktop"``, user name = provider id.

    ``keyring`` is imported on first use (it costs about 140 ms). ``backend`` pins a keyring backend instance;
    by default the one keyring selects (``keyring.get_keyring()``) is used, checked on every call.
    """

    def __init__(self, service: str = KEYRING_SERVICE, *, backend: KeyringBackend | None = None) -> None:
        self.service = service
        self._pinned = backend

    # -------------------------------------------------------------------------------- the backend
    def _backend(self) -> KeyringBackend:
        """The usable backend, or :class:`KeyringUnavailableError`."""
        try:
            import keyring
            from keyring.backends.chainer import ChainerBackend

            backend = self._pinned if self._pinned is not None else keyring.get_keyring()
            if isinstance(backend, ChainerBackend):
                # Use the best real backend of the chain directly, so that writes can never end up in a
                # file backend further down the chain.
                usable = [b for b in backend.backends if not _is_file_or_null_backend(b)]
                if not usable:
                    raise KeyringUnavailableError(
                        tr(
                            "errors",
                            "No usable system keyring was found, so the API key cannot be stored safely.",
                        ),
                        detail=f"backend: {_backend_name(backend)} with no usable backends",
                    )
                backend = usable[0]
        except KeyringUnavailableError:
            raise
        except Exception as exc:  # keyring's backend discovery can fail in many ways (config, D-Bus, imports)
            raise KeyringUnavailableError(
                tr(
                    "errors",
                    "The system keyring could not be started, so the API key cannot be stored safely.",
                ),
                detail=f"{type(exc).__name__}: {exc}",
            ) from exc
        if _is_file_or_null_backend(backend):
            raise KeyringUnavailableError(
                tr(
                    "errors",
                    "No usable system keyring was found, so the API key cannot be stored safely "
                    "(keys are never written to a plain file).",
                ),
                detail=f"backend: {_backend_name(backend)}",
            )
        return backend

    @contextmanager
    def _keyring_errors(self, action: str, key: str | None = None) -> Iterator[None]:
        """Turn whatever a backend raises into :class:`KeyringUnavailableError` (without the key)."""
        try:
            yield
        except KeyringUnavailableError:
            raise
        except Exception as exc:
            from keyring.errors import KeyringLocked

            detail = _scrub(f"{type(exc).__name__}: {exc}", key)
            message = _keyring_message(action, locked=isinstance(exc, KeyringLocked))
            log.warning("System keyring error while the key was %s: %s", action, detail)
            if key is not None:
                # The original exception may quote what was sent; keep only the scrubbed text.
                raise KeyringUnavailableError(message, detail=detail) from None
            raise KeyringUnavailableError(message, detail=detail) from exc

    # ---------------------------------------------------------------------------------- protocol
    @property
    def available(self) -> bool:
        try:
            self._backend()
        except KeyringUnavailableError:
            return False
        return True

    @property
    def description(self) -> str:
        try:
            backend = self._backend()
        except KeyringUnavailableError:
            return tr("status", "no usable system keyring")
        name = getattr(type(backend), "name", "") or type(backend).__name__
        return tr("status", "system keyring ({name})").format(name=name)

    def get(self, provider: str) -> str | None:
        provider = _clean_provider(provider)
        backend = self._backend()
        with self._keyring_errors("read"):
            value = backend.get_password(self.service, provider)
        return value or None

    def set(self, provider: str, key: str) -> StoredWhere:
        provider = _clean_provider(provider)
        key = _clean_key(key)
        backend = self._backend()
        with self._keyring_errors("saved", key):
            backend.set_password(self.service, provider, key)
        log.info("API key for %s saved in the system keyring", provider)
        return StoredWhere.KEYRING

    def delete(self, provider: str) -> None:
        provider = _clean_provider(provider)
        backend = self._backend()
        from keyring.errors import PasswordDeleteError

        with self._keyring_errors("removed"):
            try:
                backend.delete_password(self.service, provider)
            except PasswordDeleteError:
                # Most backends raise this when there is no entry: then there is nothing left to do.
                if backend.get_password(self.service, provider) is not None:
                    raise
                return
        log.info("API key for %s removed from the system keyring", provider)

    def where(self, provider: str) -> StoredWhere:
        return StoredWhere.KEYRING

    def __repr__(self) -> str:
        return f"{type(self).__name__}(service={self.service!r})"


# -------------------------------------------------------------------------------- session fallback
class SessionFallbackSecretStore:
    """The primary store when it works; memory for this session when it has no keyring.

    It never raises :class:`KeyringUnavailableError` from :meth:`get` or :meth:`set`: :meth:`set` returns
    :attr:`StoredWhere.SESSION` when the key could only be kept for this session, and :attr:`last_error`
    holds the keyring's error for the message's "Details".
    """

    def __init__(self, primary: SecretStore, session: MemorySecretStore | None = None) -> None:
        self.primary = primary
        self.session = session if session is not None else MemorySecretStore()
        self.last_error: KeyringUnavailableError | None = None

    @property
    def available(self) -> bool:
        """True: a key can always be kept, at least for this session."""
        return True

    @property
    def description(self) -> str:
        if self.primary.available:
            return self.primary.description
        return tr("status", "this session only (no system keyring)")

    def get(self, provider: str) -> str | None:
        key = self.session.get(provider)
        if key is not None:
            return key
        try:
            return self.primary.get(provider)
        except KeyringUnavailableError as exc:
            self.last_error = exc
            return None

    def set(self, provider: str, key: str) -> StoredWhere:
        try:
            where = self.primary.set(provider, key)
        except KeyringUnavailableError as exc:
            self.last_error = exc
            self.session.set(provider, key)
            log.warning(
                "No usable system keyring: the API key for %s is kept for this session only", provider
            )
            return StoredWhere.SESSION
        self.last_error = None
        self.session.delete(provider)
        return where

    def delete(self, provider: str) -> None:
        had_session_key = provider.strip() in self.session
        self.session.delete(provider)
        try:
            self.primary.delete(provider)
        except KeyringUnavailableError as exc:
            self.last_error = exc
            if not had_session_key:
                raise

    def where(self, provider: str) -> StoredWhere:
        if provider.strip() in self.session:
            return StoredWhere.SESSION
        return self.primary.where(provider)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(primary={self.primary!r}, session={self.session!r})"


# ---------------------------------------------------------------------------------------- resolve
_WHERE_TO_SOURCE = {StoredWhere.KEYRING: KeySource.KEYRING, StoredWhere.SESSION: KeySource.SESSION}


def resolve_api_key(
    provider: str,
    store: SecretStore,
    *,
    explicit: str | None = None,
    env: Mapping[str, str] = os.environ,
) -> tuple[str, KeySource]:
    """The key to use for ``provider`` and where it came from.

    Order: ``explicit`` (e.g. ``--api-key``), then the ``VISION_DESKTOP_API_KEY`` environment variable, then
    the store's entry for the provider. Raises :class:`MissingApiKeyError` when there is none.
    """
    if explicit is not None and explicit.strip():
        return explicit.strip(), KeySource.EXPLICIT
    from_env = env.get(API_KEY_ENV, "").strip()
    if from_env:
        return from_env, KeySource.ENVIRONMENT
    try:
        key = store.get(provider)
    except KeyringUnavailableError as exc:
        raise MissingApiKeyError(
            tr(
                "errors",
                "No API key is available for {provider}: the system keyring could not be read. "
                "Enter your key in Settings (it can be kept for this session), or set {variable}.",
            ).format(provider=provider, variable=API_KEY_ENV),
            provider=provider,
            keyring_unreadable=True,
            detail=exc.detail or exc.message,
        ) from exc
    if key is not None and key.strip():
        return key.strip(), _WHERE_TO_SOURCE[store.where(provider)]
    raise MissingApiKeyError(
        tr(
            "errors", "No API key is set for {provider}. Enter your key in Settings, or set {variable}."
        ).format(provider=provider, variable=API_KEY_ENV),
        provider=provider,
    )
