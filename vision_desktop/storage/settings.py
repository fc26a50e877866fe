"""Typed settings, their ranges, and the JSON file that keeps them.

The ranges (:data:`TEMPERATURE`, :data:`MAX_TOKENS`, :data:`TIMEOUT`, :data:`TEXT_SCALE`) are defined here once
and used both by :meth:`Settings.validated` and by the Qt widgets (spin boxes take ``minimum``, ``maximum``,
``step`` and ``decimals``).

The settings file is pretty-printed JSON with sorted keys and a ``"version"`` field. It never holds a key:
:class:`Settings` has no key field, and :meth:`SettingsStore.save` refuses any value that looks like one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from vision_desktop.core.errors import ConfigError
from vision_desktop.core.i18n import N_, tr
from vision_desktop.core.models import DEFAULT_MODEL
from vision_desktop.core.profiles import ModelProfile, Price, default_price_for, profile_for

__all__ = [
    "APPEARANCES",
    "BUDGET",
    "LANGUAGES",
    "MAX_TOKENS",
    "PDF_PAGES",
    "PRICE",
    "RECENT_MODELS_MAX",
    "SETTINGS_VERSION",
    "TEMPERATURE",
    "TEXT_SCALE",
    "TIMEOUT",
    "FloatRange",
    "IntRange",
    "Settings",
    "SettingsStore",
    "looks_like_api_key",
]

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
RECENT_MODELS_MAX = 20
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


# ------------------------------------------------------------------------------------------ ranges
@dataclass(frozen=True)
class FloatRange:
    """An inclusive range of floats with the step the widgets use."""

    minimum: float
    maximum: float
    step: float

    @property
    def decimals(self) -> int:
        """How many decimals a spin box needs to show ``step`` (0.1 → 1, 1 → 0)."""
        text = f"{self.step:.10f}".rstrip("0").rstrip(".")
        return len(text.partition(".")[2])

    def __contains__(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return self.minimum <= value <= self.maximum

    def clamp(self, value: float) -> float:
        """``value`` brought into the range and rounded to the widgets' precision."""
        return round(min(max(float(value), self.minimum), self.maximum), self.decimals)


@dataclass(frozen=True)
class IntRange:
    """An inclusive range of integers."""

    minimum: int
    maximum: int
    step: int = 1

    def __contains__(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        return self.minimum <= value <= self.maximum

    def clamp(self, value: int) -> int:
        return min(max(int(value), self.minimum), self.maximum)


TEMPERATURE = FloatRange(0.0, 2.0, 0.1)
MAX_TOKENS = IntRange(1, 200_000)
TIMEOUT = FloatRange(5.0, 600.0, 1.0)
RETENTION_DAYS = IntRange(0, 36500)
"""Read timeout in seconds."""
TEXT_SCALE = IntRange(50, 300, 10)
"""The window's text size, in percent of the system's font size."""
PRICE = FloatRange(0.0, 10_000.0, 0.001)
"""A price per million tokens."""
BUDGET = FloatRange(0.0, 10_000_000.0, 0.01)
"""A monthly budget (0: none)."""
PDF_PAGES = IntRange(1, 100)
"""Pages of a dropped PDF added by default."""
LANGUAGES = ("system", "en", "zh_CN")
"""``language``: follow the operating system, English, or Simplified Chinese."""
APPEARANCES = ("system", "light", "dark")
"""``appearance``: follow the operating system's colour scheme, or always light, or always dark."""


# ------------------------------------------------------------------------------------ key detection
_KEY_PATTERNS = (
    # OpenAI-style and most relays (sk-..., sk-proj-..., sk-ant-...), Groq (gsk_), xAI (xai-), Replicate (r8_)
    re.compile(r"(?<![A-Za-z0-9])(?:sk|gsk|xai|r8)[-_][A-Za-z0-9_\-]{16,}"),
    # Google API keys
    re.compile(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_\-]{30,}"),
)


def looks_like_api_key(text: str) -> bool:
    """True when ``text`` is or contains something shaped like an API key (``sk-`` and 16+ characters)."""
    return any(pattern.search(text) for pattern in _KEY_PATTERNS)


# ---------------------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class Settings:
    """What the user chose. Plain data: safe to pass between threads. Never holds a key."""

    provider: str = "anyfast"
    base_urls: dict[str, str] = field(default_factory=dict)
    """Per-provider base URL overrides, e.g. ``{"custom": "https://relay.example.com/v1"}``."""
    model: str = DEFAULT_MODEL
    temperature: float = 1.0
    max_tokens: int = 1024
    timeout: float = 120.0
    """Read timeout in seconds."""
    system_prompt: str = ""
    recent_models: tuple[str, ...] = ()
    """Most recent first, de-duplicated, at most :data:`RECENT_MODELS_MAX`."""
    stream: bool = True
    stream_off: tuple[str, ...] = ()
    """Providers whose answers are not streamed (for relays that mangle Server-Sent Events)."""
    extra_ca_file: str = ""
    """A PEM file of extra certificate authorities to trust (an office proxy's), or empty."""
    proxy: str = ""
    """``http://host:port`` (or https/socks5), or empty for the system's setting."""
    history_retention_days: int = 0
    """Delete conversations older than this many days (0: keep them all)."""
    appearance: str = "system"
    """One of :data:`APPEARANCES`."""
    text_scale: int = 100
    """The window's text size in percent of the system's (:data:`TEXT_SCALE`); 100 is the system's size."""
    model_profiles: dict[str, str] = field(default_factory=dict)
    """The person's profile choice for models the table does not know: model id → ``ModelProfile.key``."""
    learned_params: dict[str, dict[str, str]] = field(default_factory=dict)
    """What relays taught us per model: parameter → its new name, or ``""`` when it must be left out (e.g.
    ``{"o3": {"max_tokens": "max_completion_tokens", "temperature": ""}}``)."""
    prices: dict[str, tuple[float, float]] = field(default_factory=dict)
    """The person's prices per model: (input, output) per million tokens in :attr:`currency`; they win over the
    list prices of :mod:`vision_desktop.core.profiles`."""
    currency: str = "USD"
    """The currency of :attr:`prices` and :attr:`monthly_budget` (a code or symbol, shown as typed)."""
    monthly_budget: float = 0.0
    """Warn before a send would take this month's cost past this amount (0: no budget)."""
    tile_images: bool = True
    """Split tall or wide images whose text would become too small into tiles (each image can opt out)."""
    pdf_pages: int = 5
    """How many pages of a dropped PDF are added by default (:data:`PDF_PAGES`)."""
    language: str = "system"
    """The window's language: ``"system"`` (follow the operating system), ``"en"`` or ``"zh_CN"``."""

    def streams(self, provider: str | None = None) -> bool:
        """Whether answers from ``provider`` (default: the current one) are streamed."""
        return self.stream and (provider or self.provider) not in self.stream_off

    def with_streaming(self, provider: str, on: bool) -> Settings:
        others = tuple(p for p in self.stream_off if p != provider)
        return replace(self, stream_off=others if on else (*others, provider))

    def base_url_for(self, provider: str | None = None) -> str | None:
        """The user's base URL override for ``provider`` (default: the current one), if any."""
        return self.base_urls.get(provider or self.provider) or None

    def profile(self, model: str | None = None) -> ModelProfile:
        """The image and parameter profile for ``model`` (default: the current one), the person's choice first."""
        return profile_for(model or self.model, self.model_profiles)

    def price_for(self, model: str | None = None) -> Price | None:
        """The price of ``model`` (default: the current one): the person's own, else the list price when the
        app's currency is USD, else ``None`` (unknown)."""
        name = (model or self.model).strip()
        if name in self.prices:
            inp, out = self.prices[name]
            return Price(inp, out, self.currency)
        listed = default_price_for(name)
        return listed if listed is not None and self.currency.upper() in ("USD", "$", "US$") else None

    def with_recent_model(self, model: str) -> Settings:
        """A copy with ``model`` as the current model and first in ``recent_models``."""
        model = model.strip()
        return replace(self, model=model, recent_models=_recent((model, *self.recent_models)))

    def validated(self, *, clamp: bool = True) -> Settings:
        """A cleaned copy: strings stripped, numbers in range, ``recent_models`` de-duplicated and capped.

        Out-of-range numbers are brought into range when ``clamp`` is true; otherwise (and for values that
        cannot be repaired, such as an empty model name or a wrong type) :class:`ConfigError` is raised with
        a plain sentence.
        """
        return replace(
            self,
            provider=_check_name(self.provider, "provider"),
            base_urls=_check_base_urls(self.base_urls),
            model=_check_name(self.model, "model"),
            temperature=_check_float(self.temperature, TEMPERATURE, "temperature", clamp=clamp),
            max_tokens=_check_int(self.max_tokens, MAX_TOKENS, "maximum number of tokens", clamp=clamp),
            timeout=_check_float(self.timeout, TIMEOUT, "timeout", clamp=clamp),
            system_prompt=_check_str(self.system_prompt, "system prompt"),
            recent_models=_recent(_check_str_items(self.recent_models, "recent models")),
            stream=_check_bool(self.stream, "streaming"),
            stream_off=tuple(dict.fromkeys(_check_str_items(self.stream_off, "streaming"))),
            extra_ca_file=_check_str(self.extra_ca_file, "certificate file").strip(),
            proxy=_check_proxy(self.proxy),
            history_retention_days=_check_int(
                self.history_retention_days, RETENTION_DAYS, "history retention", clamp=clamp
            ),
            appearance=_check_appearance(self.appearance),
            text_scale=_check_int(self.text_scale, TEXT_SCALE, "text size", clamp=clamp),
            model_profiles=_check_str_map(self.model_profiles, "model profile"),
            learned_params=_check_learned_params(self.learned_params),
            prices=_check_prices(self.prices, clamp=clamp),
            currency=_check_currency(self.currency),
            monthly_budget=_check_float(self.monthly_budget, BUDGET, "monthly budget", clamp=clamp),
            tile_images=_check_bool(self.tile_images, "tiles"),
            pdf_pages=_check_int(self.pdf_pages, PDF_PAGES, "PDF pages", clamp=clamp),
            language=_check_language(self.language),
        )

    def to_json(self) -> dict[str, Any]:
        """The settings file's content (with ``"version"``)."""
        data: dict[str, Any] = {"version": SETTINGS_VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            data[f.name] = value
        return data


def _recent(models: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for model in models:
        name = model.strip()
        if name and name not in out:
            out.append(name)
    return tuple(out[:RECENT_MODELS_MAX])


_FIELD_LABELS: dict[str, str] = {
    "provider": N_("errors", "provider"),
    "base_urls": N_("errors", "base URL"),
    "model": N_("errors", "model"),
    "temperature": N_("errors", "temperature"),
    "max_tokens": N_("errors", "maximum number of tokens"),
    "timeout": N_("errors", "timeout"),
    "system_prompt": N_("errors", "system prompt"),
    "recent_models": N_("errors", "recent models"),
    "stream": N_("errors", "streaming"),
    "stream_off": N_("errors", "streaming"),
    "extra_ca_file": N_("errors", "certificate file"),
    "proxy": N_("errors", "proxy"),
    "history_retention_days": N_("errors", "history retention"),
    "appearance": N_("errors", "appearance"),
    "text_scale": N_("errors", "text size"),
    "model_profiles": N_("errors", "model profile"),
    "learned_params": N_("errors", "learned parameters"),
    "prices": N_("errors", "prices"),
    "currency": N_("errors", "currency"),
    "monthly_budget": N_("errors", "monthly budget"),
    "tile_images": N_("errors", "tiles"),
    "pdf_pages": N_("errors", "PDF pages"),
    "language": N_("errors", "language"),
}
"""The name of each setting in the sentences of :class:`ConfigError` (translated where the sentence is made)."""
_OTHER_LABELS = (N_("errors", "input price"), N_("errors", "output price"))


def _label(label: str) -> str:
    """``label`` (one of :data:`_FIELD_LABELS`' values or :data:`_OTHER_LABELS`) in the current language."""
    return tr("errors", label)


def _type_error(message: str, label: str, **values: object) -> ConfigError:
    """A :class:`ConfigError` with ``message`` (a translated sentence with ``{label}``) filled in."""
    return ConfigError(message.format(label=_label(label), **values))


def _check_str(value: object, label: str) -> str:
    if not isinstance(value, str):
        raise _type_error(tr("errors", "The {label} setting must be text."), label)
    return value


def _check_name(value: object, label: str) -> str:
    text = _check_str(value, label).strip()
    if not text:
        if label == "provider":
            raise ConfigError(tr("errors", "The provider setting is empty. Choose a provider in Settings."))
        raise ConfigError(tr("errors", "The model setting is empty. Enter a model name in Settings."))
    return text


def _check_bool(value: object, label: str) -> bool:
    if not isinstance(value, bool):
        raise _type_error(tr("errors", "The {label} setting must be on or off (true or false)."), label)
    return value


def _check_float(value: object, rng: FloatRange, label: str, *, clamp: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _type_error(
            tr("errors", "The {label} setting must be a number from {minimum} to {maximum}."),
            label,
            minimum=f"{rng.minimum:g}",
            maximum=f"{rng.maximum:g}",
        )
    if value not in rng and not clamp:
        raise _type_error(
            tr("errors", "The {label} must be from {minimum} to {maximum}; {value} is out of range."),
            label,
            minimum=f"{rng.minimum:g}",
            maximum=f"{rng.maximum:g}",
            value=f"{value:g}",
        )
    return rng.clamp(value)


def _check_int(value: object, rng: IntRange, label: str, *, clamp: bool) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(
            tr("errors", "The {label} setting must be a whole number from {minimum} to {maximum}."),
            label,
            minimum=f"{rng.minimum:,}",
            maximum=f"{rng.maximum:,}",
        )
    if value not in rng and not clamp:
        raise _type_error(
            tr("errors", "The {label} must be from {minimum} to {maximum}; {value} is out of range."),
            label,
            minimum=f"{rng.minimum:,}",
            maximum=f"{rng.maximum:,}",
            value=f"{value:,}",
        )
    return rng.clamp(value)


def _check_str_items(value: object, label: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise _type_error(tr("errors", "The {label} setting must be a list of model names."), label)
    return tuple(value)


def _check_base_urls(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _type_error(
            tr("errors", "The {label} setting must be a list of provider names and addresses."), "base URL"
        )
    return {k.strip(): v.strip() for k, v in value.items() if k.strip() and v.strip()}


def _check_str_map(value: object, label: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _type_error(
            tr("errors", "The {label} setting must be a list of model names and choices."), label
        )
    return {k.strip(): v.strip() for k, v in value.items() if k.strip() and v.strip()}


def _check_learned_params(value: object) -> dict[str, dict[str, str]]:
    if not isinstance(value, Mapping):
        raise _learned_params_error()
    out: dict[str, dict[str, str]] = {}
    for model, changes in value.items():
        if not isinstance(model, str) or not isinstance(changes, Mapping):
            raise _learned_params_error()
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in changes.items()):
            raise _learned_params_error()
        if model.strip():
            out[model.strip()] = {k.strip(): v.strip() for k, v in changes.items() if k.strip()}
    return out


def _learned_params_error() -> ConfigError:
    return _type_error(
        tr("errors", "The {label} setting must be a list of model names and parameters."),
        "learned parameters",
    )


def _check_prices(value: object, *, clamp: bool) -> dict[str, tuple[float, float]]:
    if not isinstance(value, Mapping):
        raise _type_error(
            tr("errors", "The {label} setting must be a list of model names and prices."), "prices"
        )
    out: dict[str, tuple[float, float]] = {}
    for model, pair in value.items():
        if not isinstance(model, str) or not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise _type_error(
                tr(
                    "errors",
                    "The {label} setting must be a list of model names and two prices (input, output).",
                ),
                "prices",
            )
        if model.strip():
            out[model.strip()] = (
                _check_float(pair[0], PRICE, "input price", clamp=clamp),
                _check_float(pair[1], PRICE, "output price", clamp=clamp),
            )
    return out


def _check_currency(value: object) -> str:
    currency = _check_str(value, "currency").strip()
    if not currency or len(currency) > 8:
        raise ConfigError(
            tr("errors", "The currency must be a short code or symbol, for example USD, CNY or ¥.")
        )
    return currency


def _check_language(value: object) -> str:
    language = _check_str(value, "language").strip()
    if language not in LANGUAGES:
        raise ConfigError(tr("errors", "The language setting must be system, en or zh_CN."))
    return language


def _check_appearance(value: object) -> str:
    appearance = _check_str(value, "appearance").strip().lower()
    if appearance not in APPEARANCES:
        raise ConfigError(tr("errors", "The appearance setting must be system, light or dark."))
    return appearance


def _check_proxy(value: object) -> str:
    proxy = _check_str(value, "proxy").strip()
    if proxy:
        scheme, sep, rest = proxy.partition("://")
        if not sep or scheme.lower() not in PROXY_SCHEMES or not rest.strip("/"):
            raise ConfigError(
                tr(
                    "errors",
                    "The proxy address must start with http://, https:// or socks5:// and name a server, "
                    "for example http://proxy.example.com:8080.",
                )
            )
    return proxy


# Per-field checks used when loading a file: raw JSON value -> field value, or ConfigError when unusable.
# Numbers out of range are clamped here, as in ``validated()``.
_FIELD_LOADERS: dict[str, Callable[[Any], Any]] = {
    "provider": lambda v: _check_name(v, "provider"),
    "base_urls": _check_base_urls,
    "model": lambda v: _check_name(v, "model"),
    "temperature": lambda v: _check_float(v, TEMPERATURE, "temperature", clamp=True),
    "max_tokens": lambda v: _check_int(v, MAX_TOKENS, "maximum number of tokens", clamp=True),
    "timeout": lambda v: _check_float(v, TIMEOUT, "timeout", clamp=True),
    "system_prompt": lambda v: _check_str(v, "system prompt"),
    "recent_models": lambda v: _recent(_check_str_items(v, "recent models")),
    "stream": lambda v: _check_bool(v, "streaming"),
    "stream_off": lambda v: tuple(dict.fromkeys(_check_str_items(v, "streaming"))),
    "extra_ca_file": lambda v: _check_str(v, "certificate file").strip(),
    "proxy": _check_proxy,
    "history_retention_days": lambda v: _check_int(v, RETENTION_DAYS, "history retention", clamp=True),
    "appearance": _check_appearance,
    "text_scale": lambda v: _check_int(v, TEXT_SCALE, "text size", clamp=True),
    "model_profiles": lambda v: _check_str_map(v, "model profile"),
    "learned_params": _check_learned_params,
    "prices": lambda v: _check_prices(v, clamp=True),
    "currency": _check_currency,
    "monthly_budget": lambda v: _check_float(v, BUDGET, "monthly budget", clamp=True),
    "tile_images": lambda v: _check_bool(v, "tiles"),
    "pdf_pages": lambda v: _check_int(v, PDF_PAGES, "PDF pages", clamp=True),
    "language": _check_language,
}


def _strings_in(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _strings_in(k)
            yield from _strings_in(v)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings_in(item)


# ------------------------------------------------------------------------------------------- store
class SettingsStore:
    """Loads and saves :class:`Settings` as JSON at ``path`` (usually ``AppPaths.settings_file``)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def load(self) -> Settings:
        """The saved settings; defaults when there is no file.

        A file that is not valid JSON, or has fields of the wrong type, does not stop the app: the bad fields
        get their defaults, the others are kept, a copy of the file is kept beside it as
        ``settings.json.broken-<timestamp>`` and a warning is logged. Unknown keys are ignored.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            log.warning("Could not read the settings file %s (%s); using defaults", self.path, exc)
            return Settings()

        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._keep_broken_copy(raw, f"not valid JSON ({exc})")
            return Settings()
        if not isinstance(data, dict):
            self._keep_broken_copy(raw, "not a JSON object")
            return Settings()

        version = data.get("version")
        if isinstance(version, int) and version > SETTINGS_VERSION:
            log.warning(
                "The settings file %s comes from a newer version (format %s); reading the fields known here",
                self.path,
                version,
            )

        values: dict[str, Any] = {}
        bad: list[str] = []
        key_like: list[str] = []
        for name, loader in _FIELD_LOADERS.items():
            if name not in data:
                continue
            if any(looks_like_api_key(s) for s in _strings_in(data[name])):
                key_like.append(name)
                continue
            try:
                values[name] = loader(data[name])
            except ConfigError:
                bad.append(name)

        if key_like:
            # Never copy a file holding a key; the next save writes the file without it.
            log.warning(
                "The settings file %s has values that look like an API key in: %s; they were ignored",
                self.path,
                ", ".join(key_like),
            )
        if bad:
            self._keep_broken_copy(raw, "invalid values for " + ", ".join(bad) + "; using defaults for them")
        return Settings(**values)

    def save(self, settings: Settings) -> None:
        """Write ``settings`` atomically (temp file in the same folder, fsync, ``os.replace``).

        Numbers are clamped into range first. Raises :class:`ConfigError` if a value cannot be repaired (an
        empty model name, a malformed proxy) or looks like an API key.
        """
        checked = settings.validated()
        data = checked.to_json()
        for name, value in data.items():
            if any(looks_like_api_key(s) for s in _strings_in(value)):
                label = _label(_FIELD_LABELS.get(name, name.replace("_", " ")))
                raise ConfigError(
                    tr(
                        "errors",
                        "The {label} setting looks like it contains an API key, so the settings were not saved. "
                        "Keys are kept in the system keyring: enter the key in the API key field instead.",
                    ).format(label=label)
                )
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        self._write_atomically(text.encode("utf-8"))

    # ------------------------------------------------------------------------------------ helpers
    def _write_atomically(self, payload: bytes) -> None:
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(payload)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
        _fsync_dir(directory)

    def _keep_broken_copy(self, raw: bytes, reason: str) -> None:
        if looks_like_api_key(raw.decode("utf-8", errors="replace")):
            # Never make a second copy of something that may hold a key; the next save replaces the file.
            log.warning(
                "The settings file %s is %s (no copy kept: it seems to contain an API key)", self.path, reason
            )
            return
        directory = self.path.parent
        prefix = f"{self.path.name}.broken-"
        for existing in directory.glob(prefix + "*"):
            with contextlib.suppress(OSError):
                if existing.read_bytes() == raw:
                    log.warning(
                        "The settings file %s is %s (a copy is already kept as %s)",
                        self.path,
                        reason,
                        existing,
                    )
                    return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = directory / f"{prefix}{stamp}"
        counter = 1
        while True:
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                break
            except FileExistsError:
                counter += 1
                target = directory / f"{prefix}{stamp}-{counter}"
            except OSError as exc:
                log.warning(
                    "The settings file %s is %s, and a copy could not be kept (%s)", self.path, reason, exc
                )
                return
        with os.fdopen(fd, "wb") as copy:
            copy.write(raw)
        log.warning("The settings file %s is %s; a copy is kept as %s", self.path, reason, target)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows cannot open a folder)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
