"""The one thumbnailer (the tray's and the history's): fits the box, keeps the shape, never enlarges."""

from __future__ import annotations

import io

import pytest
from PIL import Image, UnidentifiedImageError

from vision_desktop.images.thumbnails import HISTORY_THUMBNAIL_SIZE, thumbnail, thumbnail_jpeg


def encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_wide_picture_fits_the_box_and_keeps_its_shape(fmt: str) -> None:
    thumb = thumbnail(encoded(Image.new("RGB", (1200, 300), "green"), fmt), (192, 192))
    assert thumb.mode == "RGBA" and thumb.size == (192, 48)


def test_a_small_picture_is_never_enlarged() -> None:
    assert thumbnail(encoded(Image.new("RGB", (10, 20), "red"), "PNG"), (192, 192)).size == (10, 20)


def test_a_palette_picture_is_smoothed_not_sampled() -> None:
    stripes = Image.new("P", (400, 400))
    stripes.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    stripes.putdata([x % 2 for _ in range(400) for x in range(400)])
    thumb = thumbnail(encoded(stripes, "PNG"), (100, 100))
    grey = thumb.getpixel((50, 50))
    assert isinstance(grey, tuple) and 64 < grey[0] < 192  # black and white stripes average to grey


def test_the_history_thumbnail_is_a_jpeg_flattened_on_white() -> None:
    clear = Image.new("RGBA", (1024, 512), (255, 0, 0, 0))
    data = thumbnail_jpeg(encoded(clear, "PNG"))
    assert data is not None
    with Image.open(io.BytesIO(data)) as jpeg:
        assert jpeg.format == "JPEG" and max(jpeg.size) == max(HISTORY_THUMBNAIL_SIZE)
        corner = jpeg.convert("RGB").getpixel((10, 10))
        assert isinstance(corner, tuple) and min(corner) > 240


def test_bytes_that_are_not_a_picture_make_no_thumbnail() -> None:
    assert thumbnail_jpeg(b"not a picture") is None
    with pytest.raises(UnidentifiedImageError):
        thumbnail(b"not a picture", (96, 96))
