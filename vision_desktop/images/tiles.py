"""Cutting a tall or wide picture into overlapping tiles, so that its text stays readable.

A 1200 × 9000 scrolling screenshot shrunk to one image for Claude ends at 209 × 1568: its 14 px text reaches the
model 2.4 px tall. Cut into tiles (about 10 % overlap, so a line cut at one tile's edge is whole in the next), each
tile fits the model's budget at nearly the picture's own scale. :func:`plan_tiles` decides whether to tile and
where the tiles go; the pipeline (:func:`vision_desktop.images.pipeline.prepare_source_tiles`) cuts and encodes
them. Pure arithmetic: no Pillow here.

When to tile: the single image would shrink the picture below :data:`TILE_BELOW_SCALE` (text at half its size or
less) and the picture is long (aspect ratio above :data:`MIN_ASPECT`); the pipeline also checks that it holds
text (a screenshot, a scan: :func:`vision_desktop.images.encoding.looks_like_text`), so a panorama stays one
image. How many: the fewest tiles (at most
:data:`MAX_TILES`) whose scale is within 5 % of the best a tile of the picture's full width can have.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from vision_desktop.core.i18n import tr

if TYPE_CHECKING:
    from vision_desktop.images.limits import ImageLimits

__all__ = ["MAX_TILES", "MIN_ASPECT", "OVERLAP", "TILE_BELOW_SCALE", "TilePlan", "plan_tiles"]

MAX_TILES = 8
"""At most this many tiles for one picture (the cost grows with each)."""
OVERLAP = 0.10
"""Each tile repeats at least this share of its length from the one before."""
TILE_BELOW_SCALE = 0.5
"""Tile when one image would shrink the picture below this scale ..."""
MIN_ASPECT = 2.5
"""... and the picture's long side is more than this many times its short side."""
_GOOD_ENOUGH = 0.95  # a tile count whose scale is within 5 % of the best is taken


@dataclass(frozen=True)
class TilePlan:
    """Where the tiles of one picture go.

    The whole picture is first resized to ``size`` (its scale is ``scale``); ``boxes`` are the tiles'
    ``(left, top, right, bottom)`` in that resized picture, in reading ``order``.
    """

    scale: float
    size: tuple[int, int]
    boxes: tuple[tuple[int, int, int, int], ...]
    order: Literal["top to bottom", "left to right"]
    single_scale: float
    """The scale the picture would have had as one image."""
    capped: bool
    """True when :data:`MAX_TILES` tiles still leave the text smaller than a tile could show it."""

    @property
    def count(self) -> int:
        return len(self.boxes)

    def note(self) -> str:
        """What the person reads in the image's actions."""
        if self.order == "top to bottom" and self.capped:
            text = tr(
                "status",
                "split into {count} tiles (the most), top to bottom, so that text stays readable "
                "(text at {scale} of its size instead of {single_scale})",
            )
        elif self.order == "top to bottom":
            text = tr(
                "status",
                "split into {count} tiles, top to bottom, so that text stays readable "
                "(text at {scale} of its size instead of {single_scale})",
            )
        elif self.capped:
            text = tr(
                "status",
                "split into {count} tiles (the most), left to right, so that text stays readable "
                "(text at {scale} of its size instead of {single_scale})",
            )
        else:
            text = tr(
                "status",
                "split into {count} tiles, left to right, so that text stays readable "
                "(text at {scale} of its size instead of {single_scale})",
            )
        return text.format(
            count=self.count, scale=f"{self.scale:.0%}", single_scale=f"{self.single_scale:.0%}"
        )


def _scale_of(limits: ImageLimits, width: int, height: int) -> float:
    w, h = limits.fit(width, height)
    return min(w / width, h / height)


def plan_tiles(
    width: int,
    height: int,
    limits: ImageLimits,
    *,
    max_tiles: int = MAX_TILES,
    overlap: float = OVERLAP,
) -> TilePlan | None:
    """The tiles for a picture of ``width`` × ``height`` (as seen, upright) sent within ``limits``; ``None`` when
    one image is enough (the text shrinks little, or the picture is not long)."""
    if width < 1 or height < 1 or max_tiles < 2:
        return None
    tall = height >= width
    short, long = (width, height) if tall else (height, width)
    single = _scale_of(limits, width, height)
    if single >= TILE_BELOW_SCALE or long / short <= MIN_ASPECT:
        return None

    def oriented(s: int, ln: int) -> tuple[int, int]:
        return (s, ln) if tall else (ln, s)

    def tile_length(count: int) -> int:
        # count tiles of length L, each starting (1 - overlap)·L after the one before, cover the long side.
        return math.ceil(long / (1 + (count - 1) * (1 - overlap)))

    best = _scale_of(limits, *oriented(short, min(long, short)))
    count, scale = max_tiles, 0.0
    for n in range(2, max_tiles + 1):
        scale = _scale_of(limits, *oriented(short, tile_length(n)))
        if scale >= _GOOD_ENOUGH * best:
            count = n
            break
    else:
        scale = _scale_of(limits, *oriented(short, tile_length(max_tiles)))
    if scale <= single * 1.2:  # tiling would not make the text noticeably larger
        return None

    # The whole picture at the tile scale; tiles of equal size, the last one ending at the far edge.
    short_px = max(1, round(short * scale))
    long_px = max(1, round(long * scale))
    tile_px = min(long_px, math.ceil(tile_length(count) * scale))
    while tile_px > 1 and limits.fit(*oriented(short_px, tile_px)) != oriented(short_px, tile_px):
        tile_px -= 1  # rounding may put a tile a pixel over the budget
    step = (long_px - tile_px) / (count - 1)
    if step > (1 - overlap) * tile_px:  # the shortened tile would not overlap enough: one more tile
        count += 1
        step = (long_px - tile_px) / (count - 1)
    boxes = []
    for i in range(count):
        start = round(i * step)
        end = start + tile_px
        boxes.append((0, start, short_px, end) if tall else (start, 0, end, short_px))
    return TilePlan(
        scale=short_px / short,
        size=oriented(short_px, long_px),
        boxes=tuple(boxes),
        order="top to bottom" if tall else "left to right",
        single_scale=single,
        capped=count >= max_tiles and scale < _GOOD_ENOUGH * best,
    )
