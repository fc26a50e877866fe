"""Test images, generated at test time (nothing binary is committed).

Each ``make_*`` writes a file and returns its path. The photos carry what a phone leaves in a file: an EXIF
orientation, GPS coordinates, camera make and model, an XMP packet and a comment, so that tests can check that
the pipeline turns them upright and strips the rest.

Markers make orientation visible: in the picture as a person should see it, the top-left corner is pure red
(:data:`UPRIGHT_TOP_LEFT`) and the bottom-right corner pure blue (:data:`UPRIGHT_BOTTOM_RIGHT`).
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

__all__ = [
    "GPS_LATITUDE",
    "UPRIGHT_BOTTOM_RIGHT",
    "UPRIGHT_TOP_LEFT",
    "decode_data_url",
    "make_16bit_png",
    "make_animated_gif",
    "make_bomb_png",
    "make_cmyk_jpeg",
    "make_corrupt_jpeg",
    "make_empty_file",
    "make_heic",
    "make_large_jpeg",
    "make_photo",
    "make_rgba_png",
    "make_tall_screenshot",
    "make_text_file",
    "make_tiff",
    "make_webp",
    "photo_image",
]

UPRIGHT_TOP_LEFT = (255, 0, 0)
UPRIGHT_BOTTOM_RIGHT = (0, 0, 255)
GPS_LATITUDE = (48.0, 51.0, 29.6)
"""Paris, in the photos' GPS tags."""

# For each EXIF orientation, how to store an upright picture so that a viewer applying the tag shows it upright.
_STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def photo_image(size: tuple[int, int], *, markers: bool = True) -> Image.Image:
    """An RGB picture that compresses like a photo: smooth gradients, fine grain, some edges.

    ``size`` is the picture as it should be seen (upright).
    """
    w, h = size
    ramp = Image.linear_gradient("L")
    horizontal = ramp.rotate(90).resize(size, Image.Resampling.BILINEAR)
    vertical = ramp.resize(size, Image.Resampling.BILINEAR)
    radial = Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR)
    # Grain at full resolution plus blotches from coarse noise scaled up: the high frequencies of a real photo.
    coarse = Image.effect_noise((max(1, w // 16), max(1, h // 16)), 60).resize(
        size, Image.Resampling.BILINEAR
    )
    grain = Image.effect_noise(size, 24)
    bands = [
        Image.blend(Image.blend(horizontal, coarse, 0.35), grain, 0.25),
        Image.blend(Image.blend(radial, coarse, 0.25), grain, 0.25),
        Image.blend(Image.blend(vertical, grain, 0.3), coarse, 0.2),
    ]
    im = Image.merge("RGB", bands)
    draw = ImageDraw.Draw(im)
    step = max(8, min(w, h) // 12)
    for i in range(0, max(w, h), step * 2):  # some hard edges, like buildings or text
        draw.line([(i, 0), (i + step, h)], fill=(20, 20, 20), width=max(1, step // 20))
    if markers:
        mw, mh = max(2, w // 8), max(2, h // 8)
        draw.rectangle((0, 0, mw, mh), fill=UPRIGHT_TOP_LEFT)
        draw.rectangle((w - 1 - mw, h - 1 - mh, w - 1, h - 1), fill=UPRIGHT_BOTTOM_RIGHT)
    return im


def _phone_exif(orientation: int, gps: bool) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "TestPhone Inc."
    exif[0x0110] = "TestPhone 15 Pro"
    exif[0x0132] = "2024:05:01 12:00:00"
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = GPS_LATITUDE
        gps_ifd[3] = "E"
        gps_ifd[4] = (2.0, 17.0, 40.2)
    return exif


_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.4933N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def make_photo(
    path: Path,
    size: tuple[int, int] = (4000, 3000),
    exif_orientation: int = 6,
    gps: bool = True,
    *,
    quality: int = 90,
) -> Path:
    """A phone-like JPEG. ``size`` is the stored pixel size; with orientation 5-8 the picture is seen rotated.

    With the default arguments: 12 MP, stored landscape, seen portrait (3000×4000), with GPS tags.
    """
    transpose = _STORE_FOR_ORIENTATION[exif_orientation]
    swapped = exif_orientation in (5, 6, 7, 8)
    upright = photo_image((size[1], size[0]) if swapped else size)
    stored = upright.transpose(transpose) if transpose is not None else upright
    assert stored.size == size
    stored.save(
        path,
        "JPEG",
        quality=quality,
        exif=_phone_exif(exif_orientation, gps),
        xmp=_XMP,
        comment=b"Shot at 12 Rue Example, Paris",
    )
    return path


def make_rgba_png(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    """A logo-like PNG: a colourful, soft-edged, half-transparent shape on a fully transparent background."""
    w, h = size
    colours = photo_image(size, markers=False)
    alpha = Image.new("L", size, 0)
    ImageDraw.Draw(alpha).ellipse((w // 8, h // 8, w * 7 // 8, h * 7 // 8), fill=160)
    colours.putalpha(alpha)
    colours.save(path, "PNG", pnginfo=None)
    return path


def make_cmyk_jpeg(path: Path, size: tuple[int, int] = (1200, 800)) -> Path:
    """A CMYK JPEG (as from print workflows): left half red (0, 100, 100, 0 %), right half cyan."""
    w, h = size
    im = Image.new("CMYK", size, (0, 255, 255, 0))
    ImageDraw.Draw(im).rectangle((w // 2, 0, w - 1, h - 1), fill=(255, 0, 0, 0))
    im.save(path, "JPEG", quality=95)
    return path


def make_16bit_png(path: Path, size: tuple[int, int] = (512, 64)) -> Path:
    """A 16-bit greyscale PNG with a left-to-right ramp over the full range 0..65535."""
    w, h = size
    row = b"".join(struct.pack("<H", x * 65535 // (w - 1)) for x in range(w))
    Image.frombytes("I;16", size, row * h).save(path, "PNG")
    return path


def make_animated_gif(
    path: Path,
    size: tuple[int, int] = (320, 240),
    colours: tuple[tuple[int, int, int], ...] = ((255, 0, 0), (0, 0, 255), (0, 255, 0)),
) -> Path:
    """An animated GIF: one solid colour per frame (first red, then blue, then green)."""
    frames = [Image.new("RGB", size, colour) for colour in colours]
    frames[0].save(path, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return path


def make_heic(
    path: Path, size: tuple[int, int] = (640, 480), exif_orientation: int = 1, gps: bool = False
) -> Path:
    """An iPhone-like HEIC photo (encoded with pillow-heif); ``size`` is the stored size, as in :func:`make_photo`.

    pillow-heif turns the EXIF orientation into the HEIF rotation that decoders apply by themselves.
    """
    import pillow_heif

    transpose = _STORE_FOR_ORIENTATION[exif_orientation]
    swapped = exif_orientation in (5, 6, 7, 8)
    upright = photo_image((size[1], size[0]) if swapped else size)
    stored = upright.transpose(transpose) if transpose is not None else upright
    heif = pillow_heif.from_pillow(stored)
    heif.info["exif"] = _phone_exif(exif_orientation, gps).tobytes()
    heif.save(path, quality=80)
    return path


def make_webp(path: Path, size: tuple[int, int] = (1024, 768), *, lossless: bool = False) -> Path:
    photo_image(size).save(path, "WEBP", quality=80, lossless=lossless)
    return path


def make_tiff(path: Path, size: tuple[int, int] = (2000, 1500), *, mode: str = "RGB") -> Path:
    """A scanner-like TIFF (LZW); ``mode`` may be any mode Pillow writes to TIFF (RGB, CMYK, L, I;16...)."""
    im = photo_image(size)
    if mode == "I;16":
        im = im.convert("I").point(lambda x: x * 257).convert("I;16")
    elif mode != "RGB":
        im = im.convert(mode)
    im.save(path, "TIFF", compression="tiff_lzw")
    return path


def make_tall_screenshot(path: Path, size: tuple[int, int] = (1200, 9000)) -> Path:
    """A long scrolling screenshot: black text on white with a coloured title bar; few distinct colours."""
    w, h = size
    im = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(im)
    draw.fontmode = "1"  # no anti-aliasing: like many UI screenshots, few colours
    draw.rectangle((0, 0, w - 1, 60), fill=(40, 90, 200))
    draw.text((20, 20), "Settings - Vision Desktop", fill=(255, 255, 255))
    for line, y in enumerate(range(90, h - 30, 28)):
        draw.text(
            (20, y), f"Line {line}: the quick brown fox jumps over the lazy dog. 0123456789", fill=(0, 0, 0)
        )
    im.save(path, "PNG")
    return path


def make_corrupt_jpeg(path: Path, size: tuple[int, int] = (800, 600), keep: float = 0.4) -> Path:
    """A JPEG cut off part-way (an interrupted download): only ``keep`` of its bytes remain."""
    buf = io.BytesIO()
    photo_image(size).save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def make_bomb_png(path: Path, size: tuple[int, int] = (100_000, 100_000)) -> Path:
    """A PNG whose header claims ``size`` (10 gigapixels by default) but which is a few dozen bytes on disk."""
    ihdr = struct.pack(">IIBBBBB", size[0], size[1], 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(b"\x00" * 64)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )
    path.write_bytes(data)
    return path


def make_text_file(path: Path, text: str = "This is not a picture, just some notes.\n") -> Path:
    """A text file, typically given an image's name (``notes.jpg``)."""
    path.write_text(text, encoding="utf-8")
    return path


def make_empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def decode_data_url(data_url: str) -> tuple[str, bytes]:
    """Split ``data:<mime>;base64,<text>`` into the MIME type and the decoded bytes (strictly)."""
    head, _, text = data_url.partition(",")
    assert head.startswith("data:") and head.endswith(";base64"), head[:40]
    return head[5 : -len(";base64")], base64.b64decode(text, validate=True)


def make_large_jpeg(path: Path, size: tuple[int, int] = (12000, 9000), *, quality: int = 85) -> Path:
    """A very large photo (108 MP by default, like a phone's high-resolution mode), generated quickly.

    The picture is a smaller :func:`photo_image` scaled up, so it has the size but not all the grain of a real one.
    """
    small = photo_image((max(1, size[0] // 4), max(1, size[1] // 4)))
    small.resize(size, Image.Resampling.BILINEAR).save(path, "JPEG", quality=quality)
    return path
