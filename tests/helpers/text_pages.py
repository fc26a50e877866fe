"""Generated pages of text, and measuring how tall their text is after the pipeline (tiles and encodings tests,
benchmarks/bench_tiles.py)."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_WORDS = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "lazy",
    "dog",
    "invoice",
    "total",
    "amount",
    "due",
    "settings",
    "model",
    "profile",
    "tiles",
    "page",
    "receipt",
    "1234.56",
    "Quarterly",
    "report",
    "graph",
    "Hyperlink",
    "jpeg",
    "glyph",
]
INK = 160
"""A row holds text when one of its pixels is darker than this (grey level)."""


def font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans at ``px`` pixels where installed, else Pillow's own scalable default font."""
    if _DEJAVU.exists():
        return ImageFont.truetype(str(_DEJAVU), px)
    return ImageFont.load_default(size=px)


def text_page(
    size: tuple[int, int] = (1080, 8000), *, font_px: int = 14, line_gap: int = 8, seed: int = 1
) -> Image.Image:
    """A long page (or, wider than tall, a wide strip of columns) of black anti-aliased text on white."""
    w, h = size
    im = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(im)
    face = font(font_px)
    rnd = random.Random(seed)
    column = min(w, 1080)
    for left in range(0, max(1, w - column + 1), column):
        for y in range(12, h - font_px - 12, font_px + line_gap):
            words = " ".join(rnd.choice(_WORDS) for _ in range(column // (font_px * 4)))
            draw.text((left + 16, y), words, fill=(0, 0, 0), font=face)
    return im


def text_line_heights(im: Image.Image, threshold: int = INK) -> list[int]:
    """The heights of the runs of rows that hold text (one a line where lines stay apart)."""
    grey = im.convert("L")
    w, h = grey.size
    rows = [grey.crop((0, y, w, y + 1)).getextrema()[0] < threshold for y in range(h)]  # type: ignore[operator]
    runs, current = [], 0
    for inked in rows:
        if inked:
            current += 1
        elif current:
            runs.append(current)
            current = 0
    if current:
        runs.append(current)
    return runs


def text_height(im: Image.Image, threshold: int = INK) -> float:
    """The median height of the text lines of ``im``, in pixels (0 when none is found)."""
    runs = text_line_heights(im, threshold)
    return float(statistics.median(runs)) if runs else 0.0
