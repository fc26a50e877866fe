"""Provider presets and base-URL normalisation.

Users paste base URLs in every shape: with or without ``/v1``, with a trailing slash, or the full
``…/v1/chat/completions`` address from a provider's docs. ``normalize_base_url`` turns all of them into the base
the client needs and says, in plain words, what it changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from vision_desktop.core.errors import ConfigError
from vision_desktop.core.i18n import N_, tr
from vision_desktop.core.models import DEFAULT_MODEL


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    base_url: str
    default_model: str = DEFAULT_MODEL
    homepage: str = ""
    key_url: str = ""
    """The page where a person creates or copies an API key ("Where do I get a key?"); empty for Custom."""


PRESETS: tuple[Provider, ...] = (
    Provider(
        "anyfast",
        "AnyFast",
        "https://www.anyfast.ai/v1",
        homepage="https://www.anyfast.ai",
        key_url="https://www.anyfast.ai",
    ),
    Provider(
        "kkiai",
        "KKIAI",
        "https://www.kkiai.com/v1",
        homepage="https://www.kkiai.com",
        key_url="https://www.kkiai.com",
    ),
    Provider(
        "openai",
        "OpenAI",
        "https://api.openai.com/v1",
        default_model="gpt-4o",
        key_url="https://platform.openai.com/api-keys",
    ),
    Provider(
        "anthropic",
        N_("status", "Anthropic (OpenAI-compatible)"),
        "https://api.anthropic.com/v1",
        key_url="https://console.anthropic.com/settings/keys",
    ),
    Provider(
        "openrouter",
        "OpenRouter",
        "https://openrouter.ai/api/v1",
        default_model="anthropic/claude-sonnet-4",
        key_url="https://openrouter.ai/keys",
    ),
    Provider("custom", N_("status", "Custom"), ""),
)
PROVIDERS: dict[str, Provider] = {p.id: p for p in PRESETS}
DEFAULT_PROVIDER = "anyfast"


def get_provider(provider_id: str) -> Provider:
    try:
        return PROVIDERS[provider_id]
    except KeyError:
        names = ", ".join(provider_name(p.id) for p in PRESETS)
        raise ConfigError(
            tr("errors", "Unknown provider “{provider}”. Choose one of: {names}.").format(
                provider=provider_id, names=names
            ),
            detail=f"provider id: {provider_id}",
        ) from None


def provider_name(provider_id: str) -> str:
    """The name a person reads for ``provider_id`` ("AnyFast" for ``anyfast``; "Custom" in the current language);
    the id itself when unknown."""
    preset = PROVIDERS.get(provider_id)
    return tr("status", preset.name) if preset is not None else provider_id


@dataclass(frozen=True)
class NormalizedUrl:
    url: str
    changes: tuple[str, ...] = ()


_ENDPOINT_SUFFIXES = ("/chat/completions", "/completions", "/models")


def normalize_base_url(raw: str) -> NormalizedUrl:
    """Return the API base (``https://host/v1``) for what a user typed, and what was changed."""
    text = (raw or "").strip()
    if not text:
        raise ConfigError(
            tr(
                "errors",
                "The base URL is empty. Enter the address your provider gives, e.g. https://www.anyfast.ai/v1.",
            )
        )
    changes: list[str] = []
    if "://" not in text:
        text = "https://" + text
        changes.append(tr("status", "added https://"))
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ConfigError(
            tr("errors", "The base URL must start with https:// (it starts with {scheme}://).").format(
                scheme=parts.scheme
            )
        )
    if not parts.hostname:
        raise ConfigError(
            tr(
                "errors", "“{text}” is not a web address. Enter something like https://www.anyfast.ai/v1."
            ).format(text=raw.strip())
        )
    if parts.query or parts.fragment:
        changes.append(tr("status", "removed the part after ? or #"))
    path = parts.path
    if path.endswith("/") and path != "/":
        changes.append(tr("status", "removed the trailing slash"))
    path = path.rstrip("/")
    for suffix in _ENDPOINT_SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)].rstrip("/")
            changes.append(tr("status", "removed {suffix} (the app adds it)").format(suffix=suffix))
            break
    if not path:
        path = "/v1"
        changes.append(tr("status", "added /v1"))
    url = urlunsplit((scheme, parts.netloc, path, "", ""))
    return NormalizedUrl(url, tuple(changes))


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")
