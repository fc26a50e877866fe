"""Turn a file, raw bytes or an URL into an :class:`ImageAttachment` ready to send.

The steps, in order: identify the file (refusing decompression bombs from the header alone), decode it (JPEGs at
a reduced scale when the target is much smaller), keep the first frame, resize to the limits, convert to 8-bit
RGB/RGBA/L (CMYK, 16-bit, palette, float...), turn upright from the EXIF orientation, drop all metadata, encode as
JPEG (photos) or PNG (transparency, few colours), and step down until the base64 text fits its budget.

Everything here is plain functions, safe to call from a worker thread. The only global state is the one-time
set-up in :func:`_ensure_setup`.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import math
import os
import stat
import threading
from collections.abc import Callable
from typing import IO, cast
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import httpx
from PIL import Image, ImageCms, UnidentifiedImageError

from vision_desktop.core.errors import ImageError, ImageTooLargeError, UnsupportedImageError
from vision_desktop.core.models import ImageAttachment, estimate_image_tokens
from vision_desktop.images.download import download_image
from vision_desktop.images.limits import ImageLimits
from vision_desktop.images.sources import display_name, is_image_url

__all__ = ["prepare_image", "prepare_image_bytes", "prepare_source"]

log = logging.getLogger(__name__)

_DEFAULT_LIMITS = ImageLimits()

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


# ----------------------------------------------------------------------------------------- entries
def prepare_image(path: str | os.PathLike[str], limits: ImageLimits = _DEFAULT_LIMITS) -> ImageAttachment:
    """Prepare the image file at ``path``. Raises :class:`ImageError` (or a subclass) with a plain sentence."""
    source = os.fspath(path)
    name = display_name(source)
    try:
        st = os.stat(source)
    except FileNotFoundError as exc:
        raise ImageError(
            f'"{name}" could not be found. Check that the file still exists.', source=source, detail=str(exc)
        ) from None
    except OSError as exc:
        raise ImageError(f'"{name}" could not be opened.', source=source, detail=str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise ImageError(f'"{name}" is a folder, not an image file.', source=source, detail="is a directory")
    if st.st_size == 0:
        raise UnsupportedImageError(
            f'"{name}" is empty (0 bytes), so there is no image in it.', source=source, detail="empty file"
        )
    try:
        fp = open(source, "rb")  # noqa: SIM115 - closed by the with below
    except PermissionError as exc:
        raise ImageError(
            f'The app is not allowed to read "{name}". Check the file\'s permissions.',
            source=source,
            detail=str(exc),
        ) from None
    except OSError as exc:
        raise ImageError(f'"{name}" could not be opened.', source=source, detail=str(exc)) from None
    with fp:
        return _prepare(fp, source, name, st.st_size, limits)


def prepare_image_bytes(data: bytes, source: str, limits: ImageLimits = _DEFAULT_LIMITS) -> ImageAttachment:
    """Prepare an image held in memory (a paste, a download). ``source`` names it in messages and the result."""
    name = display_name(source)
    if not data:
        raise UnsupportedImageError(
            f'"{name}" is empty (0 bytes), so there is no image in it.', source=source, detail="empty data"
        )
    return _prepare(io.BytesIO(data), source, name, len(data), limits)


def prepare_source(
    source: str, *, client: httpx.Client | None = None, limits: ImageLimits = _DEFAULT_LIMITS
) -> ImageAttachment:
    """Prepare what the user gave: a file path, a ``file://`` URI or an ``https://`` URL (downloaded by ``client``)."""
    text = source.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()  # a path pasted with its quotes
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme in ("http", "https"):
        if not is_image_url(text):
            raise ImageError(
                f'"{display_name(text)}" is on an insecure (http://) address. Only https:// addresses are '
                "downloaded; save the image and attach the file instead.",
                source=text,
                detail="plain http is only allowed for loopback addresses",
            )
        if client is None:
            raise ImageError(
                "Images from web addresses cannot be downloaded here. Save the image and attach the file instead.",
                source=text,
                detail="prepare_source() was called without an HTTP client",
            )
        data = download_image(text, client, limits.max_download_bytes)
        return prepare_image_bytes(data, text, limits)
    if scheme == "file":
        parts = urlsplit(text)
        local = url2pathname(unquote(parts.path))
        if parts.netloc and parts.netloc != "localhost":
            local = f"//{parts.netloc}{local}"  # a UNC share
        return prepare_image(local, limits)
    if scheme:
        raise UnsupportedImageError(
            f'"{display_name(text)}" is a {scheme}: address; only files and https:// addresses can be attached.',
            source=text,
            detail=f"unsupported scheme {scheme!r}",
        )
    return prepare_image(os.path.expanduser(text), limits)


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
_STEP_DOWN_QUALITIES = (85, 80, 75, 70)
_MAX_SHRINK_ATTEMPTS = 40
_SHRINK_PRECISION = 1.06  # stop bisecting once the fitting size is within 6 % of one that did not fit


def _prepare(
    fp: IO[bytes], source: str, name: str, original_bytes: int, limits: ImageLimits
) -> ImageAttachment:
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
            return _prepare_opened(im, source, name, original_bytes, limits)
        except ImageError:
            raise
        except MemoryError:
            raise ImageTooLargeError(
                f'"{name}" is too large to process on this computer (not enough memory).',
                source=source,
                detail=f"MemoryError while decoding {im.size[0]}x{im.size[1]} {im.mode} {im.format}",
            ) from None
        except Exception as exc:
            log.debug("could not prepare %s", source, exc_info=True)
            raise _damaged(name, source, exc) from None


def _prepare_opened(
    im: Image.Image, source: str, name: str, original_bytes: int, limits: ImageLimits
) -> ImageAttachment:
    width, height = im.size
    if width < 1 or height < 1:
        raise UnsupportedImageError(
            f'"{name}" is damaged: it claims to be {width}×{height} pixels.',
            source=source,
            detail=f"size {im.size}",
        )
    if width * height > limits.max_source_pixels:
        raise ImageTooLargeError(
            f'"{name}" is too large to process: it claims {width}×{height} pixels '
            f"({width * height / 1e6:,.0f} megapixels; the limit is {limits.max_source_pixels / 1e6:,.0f}).",
            source=source,
            detail=f"{width}x{height} = {width * height} pixels > max_source_pixels={limits.max_source_pixels}",
        )

    fmt = im.format or ""
    actions: list[str] = []
    if fmt in _FORMAT_NAMES:
        actions.append(f"converted from {_FORMAT_NAMES[fmt]}")
    if fmt in _ANIMATED_FORMATS and getattr(im, "is_animated", False):
        im.seek(0)
        actions.append("first frame of an animation")
    elif fmt == "TIFF" and getattr(im, "is_animated", False):
        im.seek(0)
        actions.append("first page only")

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

    # Sizes as the user sees the picture (after rotation), and the target in the file's own orientation.
    swapped = transpose in (
        Image.Transpose.TRANSPOSE,
        Image.Transpose.TRANSVERSE,
        Image.Transpose.ROTATE_90,
        Image.Transpose.ROTATE_270,
    )
    shown_w, shown_h = (height, width) if swapped else (width, height)
    target_w, target_h = fit_within(shown_w, shown_h, limits.max_edge, limits.max_pixels)
    raw_target = (target_h, target_w) if swapped else (target_w, target_h)

    if fmt in _JPEG_FORMATS and raw_target != (width, height):
        # Decode at 1/2, 1/4 or 1/8 scale when that still leaves at least the target size: less memory, faster.
        im.draft(None, raw_target)
    im.load()

    work: Image.Image = im
    if work.mode not in _RESIZABLE_MODES:
        work = work.convert(_resizable_mode(work))
    # Screenshots and diagrams have few colours before resizing blends them; they stay PNG (crisp text).
    few_colours = work.mode in ("L", "RGB", "RGBA") and work.getcolors(maxcolors=256) is not None
    if work.size != raw_target:
        work = work.resize(raw_target, _RESAMPLE, reducing_gap=_REDUCING_GAP)
    work, notes = _to_output_mode(work, source_mode, icc)
    if transpose is not None:
        work = work.transpose(transpose)
        actions.append("rotated upright (EXIF)")
    actions.extend(notes)
    if (target_w, target_h) != (shown_w, shown_h):
        actions.append(f"resized from {shown_w}×{shown_h}")
    if has_gps:
        actions.append("location data removed")
    if has_metadata:
        actions.append("metadata removed")

    if work is im:
        work = im.copy()  # never encode the opened file itself: its info carries the metadata
    work.info.clear()

    out_format = "PNG" if few_colours else _choose_format(work)
    work, data, quality = _encode_within_budget(work, out_format, limits, name, source)
    if out_format == "JPEG" and quality < limits.jpeg_quality:
        actions.append(f"compressed harder (JPEG quality {quality}) to fit the size limit")
    if work.size != (target_w, target_h):
        actions.append(f"made smaller ({work.width}×{work.height}) to fit the size limit")

    mime = "image/png" if out_format == "PNG" else "image/jpeg"
    encoded = base64.b64encode(data).decode("ascii")
    return ImageAttachment(
        source=source,
        data_url=f"data:{mime};base64,{encoded}",
        mime_type=mime,
        width=work.width,
        height=work.height,
        bytes=len(data),
        original_width=shown_w,
        original_height=shown_h,
        original_bytes=original_bytes,
        estimated_tokens=estimate_image_tokens(work.width, work.height),
        actions=tuple(actions),
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
        label = (
            "32-bit floating point" if source_mode == "F" else "16-bit" if "16" in source_mode else "32-bit"
        )
        notes.append(f"converted from {label} to 8-bit")
    elif im.mode == "CMYK":
        converted = _icc_to_srgb(im, icc, "RGB") if isinstance(icc, bytes) else None
        im = converted if converted is not None else im.convert("RGB")
        notes.append("converted from CMYK")
    elif im.mode in ("RGB", "RGBA") and isinstance(icc, bytes):
        converted = _icc_to_srgb(im, icc, im.mode)
        if converted is not None:
            im = converted
            notes.append("colours converted to sRGB")
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


# -------------------------------------------------------------------------------------------- encode
def _choose_format(im: Image.Image) -> str:
    """PNG for transparency and for few-colour images (screenshots, diagrams), JPEG for everything else."""
    if im.mode == "RGBA":
        return "PNG"
    return "PNG" if im.getcolors(maxcolors=256) is not None else "JPEG"


def _encode(im: Image.Image, fmt: str, quality: int) -> bytes:
    buf = io.BytesIO()
    if fmt == "PNG":
        im.save(buf, "PNG", compress_level=6)
    else:
        # 4:4:4 at the configured quality keeps coloured text crisp; 4:2:0 once we trade quality for size.
        im.save(buf, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2, optimize=False)
    return buf.getvalue()


def _base64_len(n: int) -> int:
    return 4 * ((n + 2) // 3)


def _encode_within_budget(
    im: Image.Image, fmt: str, limits: ImageLimits, name: str, source: str
) -> tuple[Image.Image, bytes, int]:
    """Encode; if the base64 text is over budget, lower the JPEG quality (to 70), then shrink until it fits."""
    budget = limits.max_base64_chars
    quality = limits.jpeg_quality
    data = _encode(im, fmt, quality)
    if _base64_len(len(data)) <= budget:
        return im, data, quality
    if fmt == "JPEG":
        for q in _STEP_DOWN_QUALITIES:
            if q >= quality:
                continue
            quality = q
            data = _encode(im, fmt, quality)
            if _base64_len(len(data)) <= budget:
                return im, data, quality
    # Shrink. Bytes fall at least as fast as the pixel count (downscaling also smooths grain), so estimate a
    # scale from the overshoot, then bisect back up between the largest scale that fits and the smallest that
    # did not, so that a picture is not made much smaller than the budget requires.
    fits: tuple[Image.Image, bytes] | None = None
    ok_scale, bad_scale = 0.0, 1.0
    scale = min(0.9, 0.95 * math.sqrt(budget / _base64_len(len(data))))
    for _attempt in range(_MAX_SHRINK_ATTEMPTS):
        size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        candidate = im.resize(size, _RESAMPLE, reducing_gap=_REDUCING_GAP)
        data = _encode(candidate, fmt, quality)
        if _base64_len(len(data)) <= budget:
            fits, ok_scale = (candidate, data), scale
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
        data = _encode(tiny, fmt, quality)
        if _base64_len(len(data)) <= budget:
            fits = (tiny, data)
    if fits is None:
        raise ImageTooLargeError(
            f'"{name}" cannot be made small enough for the size limit.',
            source=source,
            detail=f"max_base64_chars={budget} is too small even for a 1x1 {fmt}",
        )
    return fits[0], fits[1], quality


# -------------------------------------------------------------------------------------------- errors
def _damaged(name: str, source: str, exc: BaseException) -> UnsupportedImageError:
    return UnsupportedImageError(
        f'"{name}" is damaged or incomplete and could not be read.',
        source=source,
        detail=f"{type(exc).__name__}: {exc}",
    )


def _not_an_image_message(name: str, head: bytes) -> str:
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return f'"{name}" is a web page, not an image.'
    if lowered.startswith(b"%pdf"):
        return f'"{name}" is a PDF document, not an image. Export the page as an image first.'
    if head and _looks_like_text(head):
        return f'"{name}" is a text file, not an image.'
    return f'"{name}" is not an image the app can read (the format is unknown or not supported).'


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
