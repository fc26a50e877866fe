"""How big a prepared image, and a whole request, may be (see FACTS.md, "Image limits" and "by model").

:class:`ImageLimits` is what the pipeline applies to each image. It is made for the model the image goes to with
:meth:`ImageLimits.for_profile` (the long edge, pixel budget, base64 size and formats of that model's
:class:`~vision_desktop.core.profiles.ModelProfile`, and the stricter 2000 px edge when the request carries more
than 20 images). ``ImageLimits()`` is the conservative Claude default profile (1568 px, about 1.15 megapixels,
5 MiB of base64), so callers that do not know the model keep working. ``MAX_REQUEST_IMAGES`` and
``MAX_REQUEST_BYTES`` are the upstream limits of one request, whatever the relay (the history checks a follow-up
against them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from vision_desktop.core.profiles import DEFAULT_PROFILE, ModelProfile

__all__ = [
    "MAX_REQUEST_BYTES",
    "MAX_REQUEST_IMAGES",
    "ImageLimits",
    "fit_within",
    "pixel_budget",
    "resolve_limits",
]

MAX_REQUEST_IMAGES = 100
"""Images in one request, upstream."""
MAX_REQUEST_BYTES = 32 * 1024 * 1024
"""One request's body (its text and base64 images), upstream."""

# Floors for ImageLimits.shrunk(): below these an image stops being useful to the model.
_MIN_EDGE = 200
_MIN_PIXELS = 200 * 200
_MIN_BASE64_CHARS = 32 * 1024

# Anthropic documents its 1568-token budget as "about 1.15 megapixels". Keeping that ratio for larger budgets
# keeps an image within the budget under both the 28-px rule and the older w×h/750 one (a relay may count
# either way): 3.51 MP for Opus 4.7's 4784 tokens, 4680 tokens by the older rule.
_CLAUDE_PIXELS_PER_TOKEN = 1_150_000 / 1568


def pixel_budget(profile: ModelProfile) -> int:
    """The most pixels (width × height) worth sending to a model of ``profile``.

    Claude: about 733 pixels a visual token (1.15 MP for 1568 tokens); 32-px patch models: the patch cap's
    area; 512-px tile models: the long edge times the short side they scale to (2048 × 768).
    """
    if profile.max_units is not None:
        if profile.token_rule == "claude":
            return round(profile.max_units * _CLAUDE_PIXELS_PER_TOKEN)
        return profile.max_units * profile.unit * profile.unit
    short = profile.short_side if profile.short_side is not None else profile.max_edge
    return profile.max_edge * min(short, profile.max_edge)


@dataclass(frozen=True)
class ImageLimits:
    """Limits applied by the image pipeline to one image.

    The defaults are the Claude default profile (1568 px on the long edge, about 1.15 megapixels, 5 MB of base64
    text per image); :meth:`for_profile` makes the limits of any other model. The pipeline also applies the
    profile's own size rule (:meth:`ModelProfile.fit`), counts tokens with its rule and encodes only in its
    formats.
    """

    max_edge: int = 1568
    """Longest edge after resizing, in pixels."""
    max_pixels: int = 1_150_000
    """Width × height after resizing."""
    max_base64_chars: int = 5_242_880
    """The data URL's base64 text (without the ``data:...;base64,`` prefix) stays at or under this."""
    max_source_pixels: int = 250_000_000
    """Decompression-bomb guard: files whose header claims more pixels are refused before decoding."""
    max_download_bytes: int = 40 * 1024 * 1024
    """Largest image fetched from an URL."""
    jpeg_quality: int = 90
    """Quality of JPEG output for photos; lowered (never below 85) only when the base64 budget demands it."""
    profile: ModelProfile = field(default=DEFAULT_PROFILE, repr=False)
    """The model family the image goes to: its size rule, token rule and accepted formats."""
    images_in_request: int = 1
    """How many images the request carries (above the profile's ``many_images``, each gets a smaller edge)."""

    def __post_init__(self) -> None:
        for name in (
            "max_edge",
            "max_pixels",
            "max_base64_chars",
            "max_source_pixels",
            "max_download_bytes",
            "images_in_request",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"ImageLimits.{name} must be a positive integer, not {value!r}")
        if not 1 <= self.jpeg_quality <= 100:
            raise ValueError(f"ImageLimits.jpeg_quality must be between 1 and 100, not {self.jpeg_quality!r}")

    @classmethod
    def for_profile(cls, profile: ModelProfile, images_in_request: int = 1) -> ImageLimits:
        """The limits for an image sent to a model of ``profile`` in a request of ``images_in_request`` images.

        ``ImageLimits.for_profile(DEFAULT_PROFILE) == ImageLimits()``. With more than the profile's
        ``many_images`` images (20), the long edge is at most ``many_images_max_edge`` (2000 px).
        """
        count = max(1, images_in_request)
        return cls(
            max_edge=profile.edge_limit(count),
            max_pixels=pixel_budget(profile),
            max_base64_chars=profile.max_base64_chars,
            profile=profile,
            images_in_request=count,
        )

    def fit(self, width: int, height: int) -> tuple[int, int]:
        """The size an image of ``width`` × ``height`` is sent at: the profile's own rule (long edge, short side,
        token budget), then these limits' long edge and pixel budget; never larger than the original."""
        w, h = self.profile.fit(width, height, self.images_in_request)
        return fit_within(w, h, self.max_edge, self.max_pixels)

    def image_tokens(self, width: int, height: int) -> int:
        """Prompt tokens an image of this size (as sent) costs, by the profile's rule."""
        return self.profile.image_tokens(width, height)

    def shrunk(self, factor: float = 0.7) -> ImageLimits:
        """Smaller limits for a retry after the service said the request was too large (HTTP 413).

        The long edge shrinks by ``factor``; the pixel and base64 budgets by ``factor²``, so that the bytes sent
        roughly halve with the default factor. Never below 200 px, 40,000 pixels or 32 KiB of base64. The profile
        stays.
        """
        if not 0 < factor < 1:
            raise ValueError(f"factor must be between 0 and 1 (exclusive), not {factor!r}")
        area = factor * factor
        return replace(
            self,
            max_edge=min(self.max_edge, max(_MIN_EDGE, int(self.max_edge * factor))),
            max_pixels=min(self.max_pixels, max(_MIN_PIXELS, int(self.max_pixels * area))),
            max_base64_chars=min(
                self.max_base64_chars, max(_MIN_BASE64_CHARS, int(self.max_base64_chars * area))
            ),
        )


def resolve_limits(limits: ImageLimits | None = None, profile: ModelProfile | None = None) -> ImageLimits:
    """The limits an entry of the pipeline applies, given what its caller passed.

    Neither: the Claude default. Only ``profile``: :meth:`ImageLimits.for_profile`. Only ``limits``: those (they
    carry their profile). Both, with another profile: that profile's limits, capped by the given ones (a 413
    retry's ``ImageLimits().shrunk()`` still shrinks an image meant for another model), keeping the given
    source, download and quality settings.
    """
    if limits is None:
        return ImageLimits.for_profile(profile or DEFAULT_PROFILE)
    if profile is None or profile == limits.profile:
        return limits
    own = ImageLimits.for_profile(profile, limits.images_in_request)
    return replace(
        limits,
        profile=profile,
        max_edge=min(own.max_edge, limits.max_edge),
        max_pixels=min(own.max_pixels, limits.max_pixels),
        max_base64_chars=min(own.max_base64_chars, limits.max_base64_chars),
    )


def fit_within(width: int, height: int, max_edge: int, max_pixels: int) -> tuple[int, int]:
    """The largest size with the same aspect ratio within ``max_edge`` and ``max_pixels``; never larger."""
    scale = min(1.0, max_edge / max(width, height), math.sqrt(max_pixels / (width * height)))
    if scale >= 1.0:
        return width, height
    new_w = max(1, min(max_edge, math.floor(width * scale)))
    new_h = max(1, min(max_edge, math.floor(height * scale)))
    while new_w * new_h > max_pixels and (new_w > 1 or new_h > 1):
        if new_w >= new_h:
            new_w -= 1
        else:
            new_h -= 1
    return new_w, new_h
