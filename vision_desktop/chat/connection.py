"""Settings, environment and stored keys → a ready :class:`Connection` (the same lookup for the window and the CLI).

Lookup order, the same everywhere:

* base URL: ``--base-url`` / explicit, then ``VISION_DESKTOP_BASE_URL``, then the user's override for the
  provider, then the provider's preset;
* key: explicit, then ``VISION_DESKTOP_API_KEY``, then the provider's keyring entry.

The connection also carries what is known of each model's parameters (``Settings.model_profiles`` and
``Settings.learned_params`` as a :class:`~vision_desktop.api.parameters.ParameterBook`): its client builds every
request with them. What a relay teaches on the way is reported through :attr:`Connection.on_learned` and kept
with :func:`remember_parameters`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from vision_desktop.api.parameters import ParameterBook, ParameterChange
from vision_desktop.api.providers import get_provider, normalize_base_url
from vision_desktop.core.errors import ConfigError
from vision_desktop.core.i18n import tr
from vision_desktop.logs import register_secret
from vision_desktop.storage.secrets import KeySource, SecretStore, resolve_api_key
from vision_desktop.storage.settings import Settings

if TYPE_CHECKING:
    from vision_desktop.api.client import ChatClient
    from vision_desktop.api.http import HttpSettings

__all__ = ["BASE_URL_ENV", "Connection", "remember_parameters", "resolve_base_url", "resolve_connection"]

BASE_URL_ENV = "VISION_DESKTOP_BASE_URL"


@dataclass(frozen=True)
class Connection:
    """Where requests go, with which key, and how they reach the network (plain data; never shows the key)."""

    provider: str
    base_url: str
    base_url_changes: tuple[str, ...]
    """What :func:`~vision_desktop.api.providers.normalize_base_url` changed, in plain words."""
    api_key: str
    key_source: KeySource
    read_timeout: float
    extra_ca_file: str = ""
    proxy: str = ""
    parameters: ParameterBook = field(default_factory=ParameterBook)
    """Which parameters each model accepts, and under which names (its profile, and what relays taught)."""
    on_learned: Callable[[ParameterChange], None] | None = field(default=None, compare=False)
    """Called (on the sending thread) when a relay teaches that a model refuses a parameter, at once: the
    lesson holds even if the request then fails for another reason. The caller keeps it
    (:func:`remember_parameters`)."""

    def __repr__(self) -> str:  # never the key
        return f"Connection(provider={self.provider!r}, base_url={self.base_url!r}, key_source={self.key_source})"

    def http(self, *, read_timeout: float | None = None) -> HttpSettings:
        """How this connection's requests reach the network: the proxy, the extra certificate and the timeouts
        (``read_timeout`` defaults to the connection's), for :func:`vision_desktop.api.http.http_client`."""
        from vision_desktop.api.http import HttpSettings

        return HttpSettings(
            proxy=self.proxy,
            extra_ca_file=self.extra_ca_file,
            read_timeout=self.read_timeout if read_timeout is None else read_timeout,
        )

    def client(self) -> ChatClient:
        """A chat client for this connection (the caller closes it: ``with connection.client() as c: ...``)."""
        from vision_desktop.api.client import ChatClient  # httpx: imported when the first request goes out

        return ChatClient(self.base_url, self.api_key, http=self.http(), parameters=self.parameters)

    def with_learned(self, changes: Iterable[ParameterChange]) -> Connection:
        """This connection, also knowing ``changes`` (a session's lessons not yet in the settings it was made
        from)."""
        book = self.parameters
        for change in changes:
            book = book.learn(change)
        return replace(self, parameters=book)


def remember_parameters(settings: Settings, changes: Iterable[ParameterChange]) -> Settings:
    """``settings`` with ``changes`` in :attr:`~vision_desktop.storage.settings.Settings.learned_params` (per
    model: parameter → its new name, or ``""`` to leave it out). The caller saves them."""
    learned = {model: dict(params) for model, params in settings.learned_params.items()}
    for change in changes:
        learned.setdefault(change.model.strip(), {})[change.parameter] = change.replacement
    return replace(settings, learned_params=learned)


def resolve_base_url(
    settings: Settings,
    *,
    provider: str | None = None,
    explicit: str | None = None,
    env: Mapping[str, str] = os.environ,
) -> tuple[str, tuple[str, ...]]:
    """The base URL to use and what normalising it changed (see the lookup order above)."""
    provider_id = provider or settings.provider
    raw = (
        explicit
        or env.get(BASE_URL_ENV)
        or settings.base_url_for(provider_id)
        or get_provider(provider_id).base_url
    )
    if not raw:
        raise ConfigError(
            tr(
                "errors",
                "The Custom provider needs a base URL. Enter the address your provider gives in Settings.",
            )
        )
    normalized = normalize_base_url(raw)
    return normalized.url, normalized.changes


def resolve_connection(
    settings: Settings,
    store: SecretStore,
    *,
    provider: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    timeout: float | None = None,
    env: Mapping[str, str] = os.environ,
) -> Connection:
    """The connection for ``provider`` (default: the settings' one). Reads the keyring: not on the GUI thread.

    Raises :class:`~vision_desktop.core.errors.ConfigError` for an unknown provider or a Custom one without a
    base URL, :class:`~vision_desktop.core.errors.MissingApiKeyError` when no key is found.
    """
    provider_id = provider or settings.provider
    get_provider(provider_id)  # a plain error for an unknown provider
    url, changes = resolve_base_url(settings, provider=provider_id, explicit=base_url, env=env)
    key, source = resolve_api_key(provider_id, store, explicit=api_key, env=env)
    register_secret(key)
    return Connection(
        provider=provider_id,
        base_url=url,
        base_url_changes=changes,
        api_key=key,
        key_source=source,
        read_timeout=timeout if timeout is not None else settings.timeout,
        extra_ca_file=settings.extra_ca_file,
        proxy=settings.proxy,
        parameters=ParameterBook.from_settings(settings.model_profiles, settings.learned_params),
    )
