"""One opened picture to the attachment(s) sent for it: the pipeline's core, shared by files, bytes and PDF pages.

:func:`prepare_opened` takes a Pillow image that is open (a file, bytes, a rendered PDF page) and does the steps
of :mod:`vision_desktop.images.pipeline` on it: identify, decode (JPEGs at a reduced scale), first frame, resize
to the profile and the limits, 8-bit RGB/RGBA/L, upright from EXIF, no metadata, tiles when asked, then encode
(:mod:`vision_desktop.images.encoding`). Callers open the file; :func:`prepare_stream` does that for a stream.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import threading
from collections.abc import Callable
from typing import IO, cast

from PIL import Image, ImageCms, UnidentifiedImageError

from vision_desktop.core.errors import ImageError, ImageTooLargeError, UnsupportedImageError
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ImageAttachment, Tile
from vision_desktop.images.encoding import encode_within_budget, looks_like_text
from vision_desktop.images.limits import ImageLimits
from vision_desktop.images.tiles import TilePlan, plan_tiles

__all__ = ["prepare_opened", "prepare_stream"]

log = logging.getLogger(__name__)

# ------------------------------------------------------------------------------------------ set-up
_setup_lock = threading.Lock()
_setup_done = False


def _ensure_setup() -> None:
    """Register the HEIC/HEIF opener and hand the decompression-bomb check to us, once.

    Pillow's own guard is global (``Image.MAX_IMAGE_PIXELS``): it warns from 89 MP (a 108 MP phone photo) and
    refuses from 179 MP, whatever the caller's limits. We switch it off and check ``limits.max_source_pixels``
    ourselves right after the header is read, before anything is decoded.
    """
    global _setup_done
    if _setup_done:
        return
    with _setup_lock:
        if _setup_done:
            return
        Image.MAX_IMAGE_PIXELS = None
        try:
            import pillow_heif
        except ImportError:  # pragma: no cover - a declared dependency
            log.warning("pillow-heif is not installed: HEIC/HEIF images cannot be opened")
        else:
            pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
        _setup_done = True


# -------------------------------------------------------------------------------------- the pipeline
_JPEG_FORMATS = frozenset({"JPEG", "MPO"})
_ANIMATED_FORMATS = frozenset({"GIF", "PNG", "WEBP"})
_FORMAT_NAMES = {
    "HEIF": "HEIC",
    "TIFF": "TIFF",
    "BMP": "BMP",
    "AVIF": "AVIF",
    "ICO": "ICO",
    "JPEG2000": "JPEG 2000",
}

# Modes Image.resize handles well (palette and bilevel images would fall back to nearest-neighbour).
_RESIZABLE_MODES = frozenset({"L", "LA", "RGB", "RGBA", "CMYK", "I", "I;16", "F", "YCbCr"})
_CONVERT_BEFORE_RESIZE = {"1": "L", "La": "LA", "PA": "RGBA", "RGBa": "RGBA", "RGBX": "RGB"}

_ORIENTATION = 0x0112
_GPS_IFD = 0x8825
_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# EXIF/TIFF tags that say something about the person or the camera (not the pixel layout).
_PERSONAL_TAGS = frozenset(
    {0x010E, 0x010F, 0x0110, 0x0131, 0x0132, 0x013B, 0x8298, 0x8769, 0x8825, 0x02BC, 0x83BB}
)
_METADATA_KEYS = frozenset(
    {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc", "Raw profile type exif"}
)
# PNG info keys that are about the pixels; any other key is a text chunk.
_PNG_TECHNICAL_KEYS = frozenset(
    {
        "dpi", "gamma", "transparency", "icc_profile", "srgb", "chromaticity", "aspect", "interlace", "duration",
        "loop", "disposal", "blend", "default_image", "bbox", "background", "exif",
    }
)  # fmt: skip

_RESAMPLE = Image.Resampling.LANCZOS
_REDUCING_GAP = 3.0


def prepare_stream(
    fp: IO[bytes], source: str, name: str, original_bytes: int, limits: ImageLimits, tiles: bool
) -> tuple[ImageAttachment, ...]:
    """Open ``fp`` and prepare the picture in it (one attachment, or its tiles when ``tiles`` is true)."""
    _ensure_setup()
    head = fp.read(512)
    fp.seek(0)
    try:
        im = Image.open(fp)
    except UnidentifiedImageError as exc:
        raise UnsupportedImageError(
            _not_an_image_message(name, head), source=source, detail=str(exc)
        ) from None
    except Exception as exc:
        raise _damaged(name, source, exc) from None
    with im:
        try:
            return prepare_opened(im, source, name, original_bytes, limits, tiles=tiles)
        except ImageError:
            raise
        except MemoryError:
            raise ImageTooLargeError(
                tr("errors", '"{name}" is too large to process on this computer (not enough memory).').format(
                    name=name
                ),
                source=source,
                detail=f"MemoryError while decoding {im.size[0]}x{im.size[1]} {im.mode} {im.format}",
            ) from None
        except Exception as exc:
            log.debug("could not prepare %s", source, exc_info=True)
            raise _damaged(name, source, exc) from None


def prepare_opened(
    im: Image.Image, source: str, name: str, original_bytes: int, limits: ImageLimits, *, tiles: bool = False
) -> tuple[ImageAttachment, ...]:
    """Prepare an opened picture: one attachment, or (``tiles``) its tiles when it is long and its text would
    shrink too much. ``source`` and ``name`` go into the result and the messages; ``original_bytes`` is the
    size of what the person gave. Raises :class:`ImageError` for pictures that cannot be sent; other exceptions
    (a damaged file found while decoding) are the caller's to turn into one, as :func:`prepare_stream` does.
    """
    width, height = im.size
    if width < 1 or height < 1:
        raise UnsupportedImageError(
            tr("errors", '"{name}" is damaged: it claims to be {width}×{height} pixels.').format(
                name=name, width=width, height=height
            ),
            source=source,
            detail=f"size {im.size}",
        )
    if width * height > limits.max_source_pixels:
        raise ImageTooLargeError(
            tr(
                "errors",
                '"{name}" is too large to process: it claims {width}×{height} pixels '
                "({megapixels} megapixels; the limit is {limit}).",
            ).format(
                name=name,
                width=width,
                height=height,
                megapixels=f"{width * height / 1e6:,.0f}",
                limit=f"{limits.max_source_pixels / 1e6:,.0f}",
            ),
            source=source,
            detail=f"{width}x{height} = {width * height} pixels > max_source_pixels={limits.max_source_pixels}",
        )

    fmt = im.format or ""
    actions: list[str] = []
    if fmt in _FORMAT_NAMES:
        actions.append(tr("status", "converted from {format}").format(format=_FORMAT_NAMES[fmt]))
    if fmt in _ANIMATED_FORMATS and getattr(im, "is_animated", False):
        im.seek(0)
        actions.append(tr("status", "first frame of an animation"))
    elif fmt == "TIFF" and getattr(im, "is_animated", False):
        im.seek(0)
        actions.append(tr("status", "first page only"))

    try:
        exif = im.getexif()
        exif_unreadable = False
    except (
        Exception
    ):  # corrupt EXIF is common in the wild; it is dropped anyway, so read the picture without it
        log.debug("ignored unreadable EXIF in %s", source, exc_info=True)
        exif, exif_unreadable = Image.Exif(), True
    orientation = exif.get(_ORIENTATION, 1)
    transpose = _ORIENTATION_TRANSPOSE.get(orientation) if isinstance(orientation, int) else None
    has_gps = _has_gps(exif)
    has_metadata = exif_unreadable or _has_metadata(im, exif)
    icc = im.info.get("icc_profile")
    source_mode = im.mode

    # Sizes as the user sees the picture (after rotation), and the target in the file's own orientation: the
    # whole picture at the size the model reads, or at the scale of its tiles.
    swapped = transpose in (
        Image.Transpose.TRANSPOSE,
        Image.Transpose.TRANSVERSE,
        Image.Transpose.ROTATE_90,
        Image.Transpose.ROTATE_270,
    )
    shown_w, shown_h = (height, width) if swapped else (width, height)
    plan = plan_tiles(shown_w, shown_h, limits) if tiles else None
    target_w, target_h = limits.fit(shown_w, shown_h) if plan is None else plan.size
    raw_target = (target_h, target_w) if swapped else (target_w, target_h)

    if fmt in _JPEG_FORMATS and raw_target != (width, height):
        # Decode at 1/2, 1/4 or 1/8 scale when that still leaves at least the target size: less memory, faster.
        im.draft(None, raw_target)
    im.load()

    work: Image.Image = im
    if work.mode not in _RESIZABLE_MODES:
        work = work.convert(_resizable_mode(work))
    # Screenshots and diagrams have few colours before resizing blends them: they are sent lossless.
    few_colours = work.mode in ("L", "RGB", "RGBA") and work.getcolors(maxcolors=256) is not None
    if work.size != raw_target:
        work = work.resize(raw_target, _RESAMPLE, reducing_gap=_REDUCING_GAP)
    work, notes = _to_output_mode(work, source_mode, icc)
    if transpose is not None:
        work = work.transpose(transpose)
        actions.append(tr("status", "rotated upright (EXIF)"))
    actions.extend(notes)
    if (target_w, target_h) != (shown_w, shown_h):
        actions.append(tr("status", "resized from {width}×{height}").format(width=shown_w, height=shown_h))
    if has_gps:
        actions.append(tr("status", "location data removed"))
    if has_metadata:
        actions.append(tr("status", "metadata removed"))

    if work is im:
        work = im.copy()  # never encode the opened file itself: its info carries the metadata
    work.info.clear()
    text = few_colours or looks_like_text(work)
    if plan is not None and not text:
        # Tiles are for text: a panorama or a tall photo goes whole, at the size the model reads (fewer tokens).
        work = work.resize(limits.fit(shown_w, shown_h), _RESAMPLE, reducing_gap=_REDUCING_GAP)
        plan = None

    def part(picture: Image.Image, tile: Tile | None, extra: tuple[str, ...]) -> ImageAttachment:
        return _encode_part(
            picture, text=text, limits=limits, name=name, source=source, actions=(*actions, *extra),
            original=(shown_w, shown_h, original_bytes), tile=tile,
        )  # fmt: skip

    if plan is None:
        return (part(work, None, ()),)
    return _cut_tiles(work, plan, part)


def _cut_tiles(
    work: Image.Image,
    plan: TilePlan,
    part: Callable[[Image.Image, Tile | None, tuple[str, ...]], ImageAttachment],
) -> tuple[ImageAttachment, ...]:
    note = plan.note()
    return tuple(
        part(work.crop(box), Tile(index, plan.count, plan.order), (note,))
        for index, box in enumerate(plan.boxes, start=1)
    )


def _encode_part(
    picture: Image.Image,
    *,
    text: bool,
    limits: ImageLimits,
    name: str,
    source: str,
    actions: tuple[str, ...],
    original: tuple[int, int, int],
    tile: Tile | None,
) -> ImageAttachment:
    encoded = encode_within_budget(picture, text=text, limits=limits, name=name, source=source)
    notes = list(actions)
    if encoded.fmt == "JPEG" and encoded.quality is not None and encoded.quality < limits.jpeg_quality:
        notes.append(
            tr("status", "compressed harder (JPEG quality {quality}) to fit the size limit").format(
                quality=encoded.quality
            )
        )
    elif encoded.fmt == "JPEG" and text:
        notes.append(
            tr(
                "status", "sent as JPEG (quality {quality}): a lossless copy would not fit the size limit"
            ).format(quality=encoded.quality)
        )
    sent = encoded.image
    if sent.size != picture.size:
        notes.append(
            tr("status", "made smaller ({width}×{height}) to fit the size limit").format(
                width=sent.width, height=sent.height
            )
        )
    mime = encoded.mime_type
    data = encoded.data
    return ImageAttachment(
        source=source,
        data_url=f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}",
        mime_type=mime,
        width=sent.width,
        height=sent.height,
        bytes=len(data),
        original_width=original[0],
        original_height=original[1],
        original_bytes=original[2],
        estimated_tokens=limits.image_tokens(sent.width, sent.height),
        actions=tuple(notes),
        tile=tile,
    )


# ----------------------------------------------------------------------------------- modes, colour
def _resizable_mode(im: Image.Image) -> str:
    if im.mode == "P":
        has_alpha = "transparency" in im.info or (im.palette is not None and im.palette.mode == "RGBA")
        return "RGBA" if has_alpha else "RGB"
    if im.mode.startswith("I;16"):
        return "I"
    return _CONVERT_BEFORE_RESIZE.get(im.mode, "RGB")


def _to_output_mode(im: Image.Image, source_mode: str, icc: object) -> tuple[Image.Image, list[str]]:
    """Convert a (resized) image to L, RGB or RGBA, 8 bits a channel, sRGB where a profile says otherwise."""
    notes: list[str] = []
    if im.mode in ("I", "I;16", "F"):
        im = _to_8bit(im)
        if source_mode == "F":
            notes.append(tr("status", "converted from 32-bit floating point to 8-bit"))
        elif "16" in source_mode:
            notes.append(tr("status", "converted from 16-bit to 8-bit"))
        else:
            notes.append(tr("status", "converted from 32-bit to 8-bit"))
    elif im.mode == "CMYK":
        converted = _icc_to_srgb(im, icc, "RGB") if isinstance(icc, bytes) else None
        im = converted if converted is not None else im.convert("RGB")
        notes.append(tr("status", "converted from CMYK"))
    elif im.mode in ("RGB", "RGBA") and isinstance(icc, bytes):
        converted = _icc_to_srgb(im, icc, im.mode)
        if converted is not None:
            im = converted
            notes.append(tr("status", "colours converted to sRGB"))
    elif im.mode == "YCbCr":
        im = im.convert("RGB")

    if im.mode in ("RGBA", "LA"):
        alpha = im.getchannel("A")
        if alpha.getextrema()[0] == 255:  # fully opaque: the alpha channel carries nothing
            im = im.convert("RGB" if im.mode == "RGBA" else "L")
        elif im.mode == "LA":
            im = im.convert("RGBA")
    elif im.mode not in ("L", "RGB"):
        im = im.convert("RGB")
    return im, notes


def _to_8bit(im: Image.Image) -> Image.Image:
    """Scale a 16/32-bit integer or float greyscale image to 8 bits (a plain convert would clip it to white)."""
    if im.mode == "I;16":
        return im.convert("I").point(_linear(255 / 65535, 0.0)).convert("L")
    lo, hi = cast("tuple[float, float]", im.getextrema())  # one band
    lo_f, hi_f = float(lo), float(hi)
    if im.mode == "F" and lo_f >= 0.0 and hi_f <= 1.0:
        scale, offset = 255.0, 0.0  # normalised floats
    elif lo_f >= 0.0 and hi_f <= 255.0:
        scale, offset = 1.0, 0.0
    elif lo_f >= 0.0 and hi_f <= 65535.0:
        scale, offset = 255 / 65535, 0.0
    else:  # an unusual range: stretch it
        span = (hi_f - lo_f) or 1.0
        scale, offset = 255.0 / span, -lo_f * 255.0 / span
    return im.point(_linear(scale, offset)).convert("L")


def _linear(scale: float, offset: float) -> Callable[[float], float]:
    return lambda x: x * scale + offset


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _icc_to_srgb(im: Image.Image, icc: bytes, out_mode: str) -> Image.Image | None:
    """Convert through the embedded colour profile; None if it is already sRGB or cannot be used."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if im.mode != "CMYK" and "srgb" in ImageCms.getProfileDescription(profile).lower():
            return None
        return ImageCms.profileToProfile(im, profile, _srgb_profile(), outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        log.debug("ignored an unusable colour profile", exc_info=True)
        return None


# ------------------------------------------------------------------------------------------ metadata
def _has_gps(exif: Image.Exif) -> bool:
    if _GPS_IFD not in exif:
        return False
    try:
        return bool(exif.get_ifd(_GPS_IFD))
    except Exception:
        return True  # a GPS pointer we cannot read still means location data was there


def _has_metadata(im: Image.Image, exif: Image.Exif) -> bool:
    if any(im.info.get(key) for key in _METADATA_KEYS):
        return True
    if any(tag in exif for tag in _PERSONAL_TAGS - {_GPS_IFD}):
        return True
    return im.format == "PNG" and any(key not in _PNG_TECHNICAL_KEYS for key in im.info)


# -------------------------------------------------------------------------------------------- errors
def _damaged(name: str, source: str, exc: BaseException) -> UnsupportedImageError:
    return UnsupportedImageError(
        tr("errors", '"{name}" is damaged or incomplete and could not be read.').format(name=name),
        source=source,
        detail=f"{type(exc).__name__}: {exc}",
    )


def _not_an_image_message(name: str, head: bytes) -> str:
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return tr("errors", '"{name}" is a web page, not an image.').format(name=name)
    if lowered.startswith(b"%pdf"):
        return tr(
            "errors", '"{name}" is a PDF document, not an image. Export the page as an image first.'
        ).format(name=name)
    if head and _looks_like_text(head):
        return tr("errors", '"{name}" is a text file, not an image.').format(name=name)
    return tr(
        "errors", '"{name}" is not an image the app can read (the format is unknown or not supported).'
    ).format(name=name)


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character may be cut at the end of the sample.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)
