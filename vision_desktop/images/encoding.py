"""Choosing the encoding of a prepared image, and fitting it in the base64 budget.

Photos go as JPEG (quality 90, 4:4:4; lowered to 85 at the least when the budget demands it, then made smaller).
Screenshots, scans and diagrams (:func:`looks_like_text`) go lossless: WebP (PNG for a profile that does not
take WebP), so that text stays exactly as sharp as the resizing left it; when neither fits the budget, high-quality JPEG
(95, then 90 at 4:4:4) before anything is made smaller. Transparent images stay PNG or lossless WebP. Only
formats in the profile's ``formats`` are used.

Measured (benchmarks/bench_tiles.py, Claude default, a 1920×1080 UI screenshot with 14 px anti-aliased text sent
at 1429×804): PNG 614 kB, lossless WebP 250 kB (both exact), JPEG 95 395 kB (46 dB PSNR), JPEG 90 307 kB (41 dB).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageChops

from vision_desktop.core.errors import ImageTooLargeError
from vision_desktop.core.i18n import tr
from vision_desktop.images.limits import ImageLimits

__all__ = ["Encoded", "encode_within_budget", "looks_like_text"]

_RESAMPLE = Image.Resampling.LANCZOS
_REDUCING_GAP = 3.0
PHOTO_MIN_QUALITY = 85
"""JPEG quality photos never go below (FACTS.md: over-compression makes small text unreadable)."""
_PHOTO_STEP_DOWN = (85,)
_TEXT_JPEG_QUALITIES = (95, 90)
_MAX_SHRINK_ATTEMPTS = 40
_SHRINK_PRECISION = 1.06  # stop bisecting once the fitting size is within 6 % of one that did not fit
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

# looks_like_text: a screenshot or a scan is mostly flat (neighbouring pixels equal) and mostly one or two
# tones (background, ink); a photo is neither, a smooth gradient only the first.
_FLAT_SHARE = 0.6
_TONE_SHARE = 0.4
_SAMPLE_EDGE = 1024


@dataclass(frozen=True)
class Encoded:
    """An image as it will be sent."""

    image: Image.Image
    data: bytes
    fmt: str
    """Pillow's format name: ``"JPEG"``, ``"PNG"`` or ``"WEBP"``."""
    quality: int | None
    """JPEG quality, or ``None`` for lossless."""

    @property
    def mime_type(self) -> str:
        return _MIME[self.fmt]


def looks_like_text(im: Image.Image) -> bool:
    """True for screenshots, scans and diagrams: large flat areas in one or two tones (measured on a copy of at
    most about 1024 px, so a 12 MP photo costs a few milliseconds)."""
    grey = im.convert("L")
    factor = max(1, max(grey.size) // _SAMPLE_EDGE)
    if factor > 1:
        grey = grey.reduce(factor)
    if grey.width < 2:
        return False
    diff = ImageChops.difference(
        grey.crop((1, 0, grey.width, grey.height)), grey.crop((0, 0, grey.width - 1, grey.height))
    )
    counts = diff.histogram()
    flat = sum(counts[:3]) / max(1, sum(counts))
    tones = grey.histogram()
    windows = sorted((sum(tones[i : i + 5]) for i in range(0, 256, 5)), reverse=True)
    toned = (windows[0] + windows[1]) / max(1, sum(tones))
    return flat >= _FLAT_SHARE and toned >= _TONE_SHARE


def _save(im: Image.Image, fmt: str, quality: int | None) -> bytes:
    buf = io.BytesIO()
    if fmt == "PNG":
        im.save(buf, "PNG", compress_level=6)
    elif fmt == "WEBP":
        # method 2: within 1 % of the smallest lossless WebP at a third of method 4's time.
        im.save(buf, "WEBP", lossless=True, quality=50, method=2, exact=im.mode == "RGBA")
    else:
        q = quality if quality is not None else 90
        # 4:4:4 at quality 90 and above keeps coloured text crisp; 4:2:0 once we trade quality for size.
        im.save(buf, "JPEG", quality=q, subsampling=0 if q >= 90 else 2, optimize=False)
    return buf.getvalue()


def _base64_len(n: int) -> int:
    return 4 * ((n + 2) // 3)


def _candidates(im: Image.Image, text: bool, limits: ImageLimits) -> list[tuple[str, int | None]]:
    """Encodings to try, best first; each a (format, JPEG quality or None for lossless)."""
    allowed = set(limits.profile.formats)
    lossless: list[tuple[str, int | None]] = [(f, None) for f in ("PNG", "WEBP") if _MIME[f] in allowed]
    if im.mode == "RGBA":  # transparency: PNG as before; lossless WebP rather than a smaller picture
        return lossless or [("PNG", None)]
    quality = limits.jpeg_quality
    if text:  # the best JPEGs for text, then the photos' floor
        qualities = [q for q in _TEXT_JPEG_QUALITIES if q >= quality] or [quality]
        qualities += [q for q in _PHOTO_STEP_DOWN if q < qualities[-1]]
    else:
        qualities = [quality, *(q for q in _PHOTO_STEP_DOWN if q < quality)]
    jpeg: list[tuple[str, int | None]] = [("JPEG", q) for q in qualities] if "image/jpeg" in allowed else []
    if text:  # lossless WebP is 2-2.5 times smaller than PNG on text (see the module's figures): PNG only without it
        lossless = [c for c in lossless if c[0] == "WEBP"] or lossless
    chosen = lossless + jpeg if text else jpeg or lossless
    return chosen or [("PNG", None)]


def encode_within_budget(
    im: Image.Image, *, text: bool, limits: ImageLimits, name: str, source: str
) -> Encoded:
    """Encode ``im`` in the best format that fits ``limits.max_base64_chars``; if none does at this size, shrink
    (in the last format tried) until it fits.

    Lossless candidates are all tried and the smallest that fits wins (a transparent image: the first, PNG);
    JPEG qualities are tried in order and the first that fits wins. Raises :class:`ImageTooLargeError` when even a 1×1 image is over the budget.
    """
    budget = limits.max_base64_chars
    best: Encoded | None = None
    smallest: tuple[int, str, int | None] | None = None  # the smallest over-budget try: the one to shrink
    for fmt, quality in _candidates(im, text, limits):
        if best is not None and (quality is not None or im.mode == "RGBA"):
            break  # a lossless encoding fits: no JPEG (and a transparent image keeps the first that fits)
        data = _save(im, fmt, quality)
        if _base64_len(len(data)) > budget:
            if smallest is None or len(data) < smallest[0]:
                smallest = (len(data), fmt, quality)
            continue
        if best is None or len(data) < len(best.data):
            best = Encoded(im, data, fmt, quality)
        if quality is not None:
            break
    if best is not None:
        return best
    assert smallest is not None
    return _shrink_to_fit(im, smallest[1], smallest[2], budget=budget, name=name, source=source)


def _shrink_to_fit(
    im: Image.Image, fmt: str, quality: int | None, *, budget: int, name: str, source: str
) -> Encoded:
    # Bytes fall at least as fast as the pixel count (downscaling also smooths grain), so estimate a scale from
    # the overshoot, then bisect back up between the largest scale that fits and the smallest that did not, so
    # that a picture is not made much smaller than the budget requires.
    data = _save(im, fmt, quality)
    fits: Encoded | None = None
    ok_scale, bad_scale = 0.0, 1.0
    scale = min(0.9, 0.95 * math.sqrt(budget / _base64_len(len(data))))
    size = im.size
    for _attempt in range(_MAX_SHRINK_ATTEMPTS):
        size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        candidate = im.resize(size, _RESAMPLE, reducing_gap=_REDUCING_GAP)
        data = _save(candidate, fmt, quality)
        if _base64_len(len(data)) <= budget:
            fits, ok_scale = Encoded(candidate, data, fmt, quality), scale
            if bad_scale / ok_scale < _SHRINK_PRECISION:
                break
            scale = math.sqrt(ok_scale * bad_scale)
        else:
            bad_scale = scale
            if size == (1, 1):
                break
            if fits is None:
                scale = min(0.9 * scale, 0.95 * scale * math.sqrt(budget / _base64_len(len(data))))
            else:
                scale = math.sqrt(ok_scale * bad_scale)
    if fits is None and size != (1, 1):  # a last resort, should the estimates never have got there
        tiny = im.resize((1, 1), _RESAMPLE)
        data = _save(tiny, fmt, quality)
        if _base64_len(len(data)) <= budget:
            fits = Encoded(tiny, data, fmt, quality)
    if fits is None:
        raise ImageTooLargeError(
            tr("errors", '"{name}" cannot be made small enough for the size limit.').format(name=name),
            source=source,
            detail=f"max_base64_chars={budget} is too small even for a 1x1 {fmt}",
        )
    return fits
