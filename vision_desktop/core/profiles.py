"""What each model reads and accepts: one table of model profiles, and one of default prices.

A :class:`ModelProfile` says how big an image the model reads (long edge and a budget in its own units), how it
counts image tokens, which formats it takes, the per-image and per-request limits, and which request parameters
it accepts. :func:`profile_for` picks the profile for a model id (the person's own choice first, then the
table's patterns, then the conservative Claude default). :func:`default_price_for` does the same for prices.

The numbers come from the providers' 2026 documents (FACTS.md, "Image limits by model"). Qt-free and plain
data: safe on any thread. To support a new model family, add a row to :data:`PROFILES` (and to
:data:`DEFAULT_PRICES`); patterns are :mod:`fnmatch` patterns matched against the lower-cased model id, and
the first matching row wins.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal

from vision_desktop.core.i18n import N_, tr

__all__ = [
    "DEFAULT_PRICES",
    "DEFAULT_PROFILE",
    "PROFILES",
    "ModelProfile",
    "Price",
    "TokenRule",
    "default_price_for",
    "profile_by_key",
    "profile_for",
]

TokenRule = Literal["claude", "tiles", "patches"]
"""How image tokens are counted: Claude's 28-px patches, OpenAI's 512-px tiles, or OpenAI's 32-px patches."""

_ALL_FORMATS = ("image/jpeg", "image/png", "image/gif", "image/webp")


@dataclass(frozen=True)
class ModelProfile:
    """How one family of models reads images and which parameters it takes."""

    key: str
    """Stable id, stored in settings when a person picks this profile for a model (``"claude"``)."""
    label: str
    """What Settings shows (``"Claude (1568 px)"``); English, marked with ``N_("status", …)``: show
    :meth:`shown_label` (the person's language)."""
    patterns: tuple[str, ...]
    """fnmatch patterns on the lower-cased model id."""
    token_rule: TokenRule = "claude"
    max_edge: int = 1568
    """Longest edge the model reads; larger images are scaled down (by us, so the upload is smaller)."""
    unit: int = 28
    """Side of one counted square: 28 px (Claude), 32 px (patch models), 512 px (tile models)."""
    max_units: int | None = 1568
    """Most squares one image may use after resizing (Claude's visual-token budget, the patch cap); ``None``
    for tile models, whose size is set by ``max_edge`` and ``short_side``."""
    short_side: int | None = None
    """Tile models scale the shortest side down to this (768 px) after fitting in ``max_edge``."""
    base_tokens: int = 0
    """Tokens every image costs whatever its size (tile models' base)."""
    tokens_per_unit: float = 1.0
    """Tokens per counted square (tile models: per tile; patch models: the per-model multiplier)."""
    formats: tuple[str, ...] = _ALL_FORMATS
    """MIME types the model accepts; others are converted."""
    max_base64_chars: int = 5_242_880
    """One image's base64 text, at most (5 MiB: the relays' limit)."""
    max_images: int = 100
    """Images in one request."""
    max_request_bytes: int = 32 * 1024 * 1024
    """One request's body."""
    many_images: int = 20
    """With more images than this in one request ..."""
    many_images_max_edge: int = 2000
    """... each image must fit in this many pixels on its long edge."""
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    """The name under which the answer's token limit is sent."""
    accepts_temperature: bool = True
    """False for models that only run at their default temperature (the field is then left out)."""
    honours_response_format: bool = False
    """Whether ``response_format`` (JSON mode) is honoured; Anthropic's compatibility layer ignores it."""

    def shown_label(self) -> str:
        """:attr:`label` in the current language."""
        return tr("status", self.label)

    def edge_limit(self, images_in_request: int = 1) -> int:
        """The long-edge limit for one image of a request with ``images_in_request`` images."""
        if images_in_request > self.many_images:
            return min(self.max_edge, self.many_images_max_edge)
        return self.max_edge

    def units(self, width: int, height: int) -> int:
        """Counted squares for an image of this size (as sent)."""
        return math.ceil(width / self.unit) * math.ceil(height / self.unit)

    def image_tokens(self, width: int, height: int) -> int:
        """Estimated prompt tokens for one image of ``width`` × ``height`` as sent (after :meth:`fit`)."""
        if width < 1 or height < 1:
            return 0
        return max(1, round(self.base_tokens + self.tokens_per_unit * self.units(width, height)))

    def fit(self, width: int, height: int, images_in_request: int = 1) -> tuple[int, int]:
        """The size to send an image of ``width`` × ``height`` at: never larger than the original, within the
        long edge, the short side (tile models) and the unit budget."""
        if width < 1 or height < 1:
            return max(width, 1), max(height, 1)
        edge = self.edge_limit(images_in_request)
        scale = min(1.0, edge / max(width, height))
        if self.short_side is not None:
            scale = min(scale, self.short_side / min(width, height))
        w, h = max(1, round(width * scale)), max(1, round(height * scale))
        if self.max_units is not None:
            # Shrink until the squares fit the budget; start from the area ratio, then step down by 1 %.
            units = self.units(w, h)
            if units > self.max_units:
                ratio = math.sqrt(self.max_units * self.unit * self.unit / (w * h))
                w, h = max(1, int(w * ratio)), max(1, int(h * ratio))
                while self.units(w, h) > self.max_units and (w > 1 or h > 1):
                    w, h = max(1, int(w * 0.99)), max(1, int(h * 0.99))
        return w, h


DEFAULT_PROFILE = ModelProfile(key="claude", label="Claude (1568 px)", patterns=("claude-*",))
"""Every Claude model before Opus 4.7, and any model the table does not know: the conservative choice."""

PROFILES: tuple[ModelProfile, ...] = (
    ModelProfile(
        key="claude-large",
        label=N_("status", "Claude Opus 4.7 and later (2576 px)"),
        patterns=(
            "claude-opus-4-7*",
            "claude-opus-4.7*",
            "claude-opus-4-8*",
            "claude-opus-4-9*",
            "claude-opus-5*",
            "claude-sonnet-5*",
            "claude-haiku-5*",
            "*/claude-opus-4-7*",
        ),
        max_edge=2576,
        max_units=4784,
    ),
    DEFAULT_PROFILE,
    ModelProfile(
        key="openai-tiles-mini",
        label=N_("status", "GPT-4o mini (512-px tiles)"),
        patterns=("gpt-4o-mini*", "*/gpt-4o-mini*"),
        token_rule="tiles",
        max_edge=2048,
        unit=512,
        max_units=None,
        short_side=768,
        base_tokens=2833,
        tokens_per_unit=5667,
        honours_response_format=True,
    ),
    ModelProfile(
        key="openai-reasoning-tiles",
        label=N_("status", "OpenAI o1 / o3 (512-px tiles)"),
        patterns=("o1*", "o3*", "*/o1*", "*/o3*"),
        token_rule="tiles",
        max_edge=2048,
        unit=512,
        max_units=None,
        short_side=768,
        base_tokens=75,
        tokens_per_unit=150,
        max_tokens_param="max_completion_tokens",
        accepts_temperature=False,
        honours_response_format=True,
    ),
    ModelProfile(
        key="openai-tiles",
        label=N_("status", "GPT-4o / GPT-4.1 (512-px tiles)"),
        patterns=("gpt-4o*", "gpt-4.1*", "chatgpt-4o*", "*/gpt-4o*", "*/gpt-4.1*"),
        token_rule="tiles",
        max_edge=2048,
        unit=512,
        max_units=None,
        short_side=768,
        base_tokens=85,
        tokens_per_unit=170,
        honours_response_format=True,
    ),
    ModelProfile(
        key="openai-patches",
        label=N_("status", "GPT-5 family (32-px patches)"),
        patterns=("gpt-5*", "*/gpt-5*"),
        token_rule="patches",
        max_edge=2048,
        unit=32,
        max_units=2500,
        max_tokens_param="max_completion_tokens",
        accepts_temperature=False,
        honours_response_format=True,
    ),
)
"""Model families, most specific first."""

_BY_KEY = {profile.key: profile for profile in PROFILES}


def profile_by_key(key: str) -> ModelProfile | None:
    """The profile with this :attr:`ModelProfile.key`, or ``None``."""
    return _BY_KEY.get(key)


def profile_for(model: str, chosen: Mapping[str, str] | None = None) -> ModelProfile:
    """The profile for ``model``: the person's choice in ``chosen`` (model id → profile key) first, then the first
    row of :data:`PROFILES` whose pattern matches, then :data:`DEFAULT_PROFILE`."""
    name = model.strip()
    if chosen:
        picked = chosen.get(name) or chosen.get(name.lower())
        if picked and picked in _BY_KEY:
            return _BY_KEY[picked]
    lowered = name.lower()
    for profile in PROFILES:
        if any(fnmatchcase(lowered, pattern) for pattern in profile.patterns):
            return profile
    return DEFAULT_PROFILE


@dataclass(frozen=True)
class Price:
    """What a model costs, per million tokens."""

    input_per_million: float
    output_per_million: float
    currency: str = "USD"

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """The cost of one request with these token counts, in :attr:`currency`."""
        return (
            prompt_tokens * self.input_per_million + completion_tokens * self.output_per_million
        ) / 1_000_000


DEFAULT_PRICES: tuple[tuple[tuple[str, ...], Price], ...] = (
    (
        ("claude-opus-4-5*", "claude-opus-4-6*", "claude-opus-4-7*", "claude-opus-4.5*", "claude-opus-4.7*"),
        Price(5.0, 25.0),
    ),
    (("claude-opus-4*", "claude-3-opus*"), Price(15.0, 75.0)),
    (("claude-haiku-4*", "claude-4-5-haiku*"), Price(1.0, 5.0)),
    (("claude-3-5-haiku*",), Price(0.8, 4.0)),
    (("claude-*",), Price(3.0, 15.0)),
    (("gpt-4o-mini*",), Price(0.15, 0.60)),
    (("gpt-4o*", "chatgpt-4o*"), Price(2.50, 10.0)),
    (("gpt-4.1-nano*",), Price(0.10, 0.40)),
    (("gpt-4.1-mini*",), Price(0.40, 1.60)),
    (("gpt-4.1*",), Price(2.0, 8.0)),
    (("gpt-5-nano*",), Price(0.05, 0.40)),
    (("gpt-5-mini*",), Price(0.25, 2.0)),
    (("gpt-5*",), Price(1.25, 10.0)),
    (("o1*",), Price(15.0, 60.0)),
    (("o3*", "o4-mini*"), Price(2.0, 8.0)),
)
"""List prices of the upstream providers (USD per million tokens). Relays bill their own prices: a person edits
them in Settings, and the edited price wins."""


def default_price_for(model: str) -> Price | None:
    """The list price for ``model``, or ``None`` when the table does not know it."""
    lowered = model.strip().lower().rsplit("/", 1)[-1]
    for patterns, price in DEFAULT_PRICES:
        if any(fnmatchcase(lowered, pattern) for pattern in patterns):
            return price
    return None
