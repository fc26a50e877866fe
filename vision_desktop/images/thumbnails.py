"""Thumbnails: the one way a picture is shrunk for display, for the draft's tray and for the history.

Qt-free and blocking (call it from a worker thread); Pillow is imported on first use, off the start-up path.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["HISTORY_THUMBNAIL_SIZE", "thumbnail", "thumbnail_jpeg"]

log = logging.getLogger(__name__)

HISTORY_THUMBNAIL_SIZE = (256, 256)
"""The thumbnails the history keeps beside each image."""
_JPEG_QUALITY = 85


def thumbnail(data: bytes, size: tuple[int, int]) -> Image.Image:
    """The picture in ``data`` shrunk to fit ``size`` (never enlarged), as an RGBA image.

    A JPEG is decoded at a reduced scale (Pillow's ``draft``), so a 12-megapixel photo costs a fraction of a full
    decode; Pillow releases the GIL while it works. Palette and other modes are converted to RGBA before scaling
    (so they are smoothed, not sampled); RGB and RGBA after (the same pixels, less work). Raises what Pillow raises
    for bytes that are not a picture it reads.
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        im.draft("RGB", size)
        frame = im if im.mode in ("RGB", "RGBA") else im.convert("RGBA")
        frame.thumbnail(size, Image.Resampling.BICUBIC)
        return frame.convert("RGBA")


def thumbnail_jpeg(data: bytes, size: tuple[int, int] = HISTORY_THUMBNAIL_SIZE) -> bytes | None:
    """A JPEG thumbnail (transparency flattened on white), or ``None`` when ``data`` is not a picture Pillow reads."""
    try:
        from PIL import Image

        frame = thumbnail(data, size)
        flat = Image.new("RGB", frame.size, "white")
        flat.paste(frame, mask=frame.getchannel("A"))
        out = io.BytesIO()
        flat.save(out, "JPEG", quality=_JPEG_QUALITY)
        return out.getvalue()
    except Exception as exc:
        log.debug("no thumbnail: %s", exc)
        return None
