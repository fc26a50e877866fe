"""How big a prepared image, and a whole request, may be (see FACTS.md, "Image limits").

:class:`ImageLimits` is what the pipeline applies to each image; ``MAX_REQUEST_IMAGES`` and ``MAX_REQUEST_BYTES``
are the upstream limits of one request, whatever the relay (the history checks a follow-up against them). With
more than 20 images in one request, upstream also caps each image at 2000 × 2000 px: the pipeline's 1568 px long
edge already keeps every prepared image under it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["MAX_REQUEST_BYTES", "MAX_REQUEST_IMAGES", "ImageLimits"]

MAX_REQUEST_IMAGES = 100
"""Images in one request, upstream."""
MAX_REQUEST_BYTES = 32 * 1024 * 1024
"""One request's body (its text and base64 images), upstream."""

# Floors for ImageLimits.shrunk(): below these an image stops being useful to the model.
_MIN_EDGE = 200
_MIN_PIXELS = 200 * 200
_MIN_BASE64_CHARS = 32 * 1024


@dataclass(frozen=True)
class ImageLimits:
    """Limits applied by the image pipeline.

    The defaults follow what the models read (1568 px on the long edge, about 1.15 megapixels) and what the relays
    accept (5 MB of base64 text per image).
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
    """Quality of JPEG output; lowered (not below 70) only when the base64 budget demands it."""

    def __post_init__(self) -> None:
        for name in ("max_edge", "max_pixels", "max_base64_chars", "max_source_pixels", "max_download_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"ImageLimits.{name} must be a positive integer, not {value!r}")
        if not 1 <= self.jpeg_quality <= 100:
            raise ValueError(f"ImageLimits.jpeg_quality must be between 1 and 100, not {self.jpeg_quality!r}")

    def shrunk(self, factor: float = 0.7) -> ImageLimits:
        """Smaller limits for a retry after the service said the request was too large (HTTP 413).

        The long edge shrinks by ``factor``; the pixel and base64 budgets by ``factor²``, so that the bytes sent
        roughly halve with the default factor. Never below 200 px, 40,000 pixels or 32 KiB of base64.
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
