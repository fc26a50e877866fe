"""Turn a file, raw bytes, an URL or a PDF page into :class:`ImageAttachment` objects ready for one model.

The API (blocking: call from a worker thread; every failure is an :class:`ImageError` or, for downloads, a
:class:`NetworkError`, with a plain sentence naming the image)::

    prepare_source(source, *, client=None, limits=None, profile=None) -> ImageAttachment
    prepare_source_tiles(source, *, client=None, limits=None, profile=None, tiles=True)
        -> tuple[ImageAttachment, ...]
    prepare_image(path, limits=None, *, profile=None) -> ImageAttachment
    prepare_image_bytes(data, source, limits=None, *, profile=None) -> ImageAttachment
    prepare_image_bytes_tiles(data, source, *, limits=None, profile=None, tiles=True)
        -> tuple[ImageAttachment, ...]

``source`` is a file path, a ``file://`` URI, an ``https://`` URL (downloaded with ``client``) or one PDF page,
``<path>.pdf#page=N`` (rendered by :func:`vision_desktop.images.pdf.prepare_pdf_page`). ``profile`` is the
:class:`~vision_desktop.core.profiles.ModelProfile` of the model the image goes to (``settings.profile(model)``);
the image is then sized by ``profile.fit()`` within :meth:`ImageLimits.for_profile`, its ``estimated_tokens``
counted by ``profile.image_tokens()``, and it is encoded only in the profile's ``formats``. Without a profile,
the Claude default. ``limits`` (e.g. ``ImageLimits.for_profile(profile, images_in_request=25)`` or a 413
retry's ``.shrunk()``) caps further; with both, the image satisfies both (:func:`resolve_limits`).

The ``*_tiles`` entries cut a tall or wide picture whose text would shrink below half its size into overlapping
tiles in reading order (:mod:`vision_desktop.images.tiles`), each within the budget and carrying
``tile=Tile(i, n, order)``; they return one attachment when no tiling is needed or ``tiles=False``.

The steps, in order: identify the file (refusing decompression bombs from the header alone), decode it (JPEGs at
a reduced scale when the target is much smaller), keep the first frame, resize to the profile and the limits,
convert to 8-bit RGB/RGBA/L (CMYK, 16-bit, palette, float...), turn upright from the EXIF orientation, drop all
metadata, cut tiles if asked, then encode (:mod:`vision_desktop.images.encoding`): photos as JPEG (quality 90,
never below 85), screenshots and scans lossless (WebP, or PNG; else JPEG 95/90), and step
down in size until the base64 text fits its budget.

Everything here is plain functions, safe to call from several threads. The only global state is the one-time
set-up in :func:`_ensure_setup`.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from vision_desktop.core.errors import ImageError, UnsupportedImageError
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ImageAttachment
from vision_desktop.images.download import download_image
from vision_desktop.images.files import open_source_file
from vision_desktop.images.limits import ImageLimits, fit_within, resolve_limits
from vision_desktop.images.picture import prepare_opened, prepare_stream
from vision_desktop.images.sources import display_name, is_image_url, parse_pdf_page_source

if TYPE_CHECKING:
    import httpx

    from vision_desktop.core.profiles import ModelProfile

__all__ = [
    "fit_within",
    "prepare_image",
    "prepare_image_bytes",
    "prepare_image_bytes_tiles",
    "prepare_source",
    "prepare_source_tiles",
]


# ----------------------------------------------------------------------------------------- entries
def prepare_image(
    path: str | os.PathLike[str], limits: ImageLimits | None = None, *, profile: ModelProfile | None = None
) -> ImageAttachment:
    """Prepare the image file at ``path`` as one image. Raises :class:`ImageError` (or a subclass)."""
    return _prepare_file(path, resolve_limits(limits, profile), tiles=False)[0]


def prepare_image_bytes(
    data: bytes, source: str, limits: ImageLimits | None = None, *, profile: ModelProfile | None = None
) -> ImageAttachment:
    """Prepare an image held in memory (a paste, a download). ``source`` names it in messages and the result."""
    return _prepare_bytes(data, source, resolve_limits(limits, profile), tiles=False)[0]


def prepare_image_bytes_tiles(
    data: bytes,
    source: str,
    *,
    limits: ImageLimits | None = None,
    profile: ModelProfile | None = None,
    tiles: bool = True,
) -> tuple[ImageAttachment, ...]:
    """Like :func:`prepare_image_bytes`, cutting a tall or wide picture into tiles (a pasted long screenshot)."""
    return _prepare_bytes(data, source, resolve_limits(limits, profile), tiles=tiles)


def prepare_source(
    source: str,
    *,
    client: httpx.Client | None = None,
    limits: ImageLimits | None = None,
    profile: ModelProfile | None = None,
) -> ImageAttachment:
    """Prepare what the user gave as one image: a file path, a ``file://`` URI, an ``https://`` URL (downloaded
    by ``client``) or a PDF page (``<path>.pdf#page=N``)."""
    return _prepare_source(source, client, resolve_limits(limits, profile), tiles=False)[0]


def prepare_source_tiles(
    source: str,
    *,
    client: httpx.Client | None = None,
    limits: ImageLimits | None = None,
    profile: ModelProfile | None = None,
    tiles: bool = True,
) -> tuple[ImageAttachment, ...]:
    """Like :func:`prepare_source`, but a tall or wide picture whose text would shrink below half its size comes
    back as overlapping tiles in reading order (each with ``tile`` set); else, or with ``tiles=False``, one
    attachment. A long PDF page is tiled like a long screenshot."""
    return _prepare_source(source, client, resolve_limits(limits, profile), tiles=tiles)


def _prepare_file(
    path: str | os.PathLike[str], limits: ImageLimits, *, tiles: bool
) -> tuple[ImageAttachment, ...]:
    source = os.fspath(path)
    name = display_name(source)
    fp, size = open_source_file(source, name)
    with fp:
        return prepare_stream(fp, source, name, size, limits, tiles)


def _prepare_bytes(
    data: bytes, source: str, limits: ImageLimits, *, tiles: bool
) -> tuple[ImageAttachment, ...]:
    name = display_name(source)
    if not data:
        raise UnsupportedImageError(
            tr("errors", '"{name}" is empty (0 bytes), so there is no image in it.').format(name=name),
            source=source,
            detail="empty data",
        )
    return prepare_stream(io.BytesIO(data), source, name, len(data), limits, tiles)


def _local_path(parts_path: str, netloc: str) -> str:
    local = url2pathname(unquote(parts_path))
    if netloc and netloc != "localhost":
        local = f"//{netloc}{local}"  # a UNC share
    return local


def _prepare_pdf_page(text: str, limits: ImageLimits, *, tiles: bool) -> tuple[ImageAttachment, ...] | None:
    """One PDF page, when ``text`` names one (``<path>.pdf#page=N``, also as a ``file://`` URI); else None."""
    parsed = parse_pdf_page_source(text)
    if parsed is None:
        return None
    path, page = parsed
    if path.lower().startswith("file://"):
        parts = urlsplit(path)
        path = _local_path(parts.path, parts.netloc)
    from vision_desktop.images.pdf import prepare_pdf_page  # pypdfium2: only when a PDF page is prepared

    return prepare_pdf_page(os.path.expanduser(path), page, limits, prepare=prepare_opened, tiles=tiles)


def _prepare_source(
    source: str, client: httpx.Client | None, limits: ImageLimits, *, tiles: bool
) -> tuple[ImageAttachment, ...]:
    text = source.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()  # a path pasted with its quotes
    page = _prepare_pdf_page(text, limits, tiles=tiles)
    if page is not None:
        return page
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme in ("http", "https"):
        if not is_image_url(text):
            raise ImageError(
                tr(
                    "errors",
                    '"{name}" is on an insecure (http://) address. Only https:// addresses are '
                    "downloaded; save the image and attach the file instead.",
                ).format(name=display_name(text)),
                source=text,
                detail="plain http is only allowed for loopback addresses",
            )
        if client is None:
            raise ImageError(
                tr(
                    "errors",
                    "Images from web addresses cannot be downloaded here. Save the image and attach the file instead.",
                ),
                source=text,
                detail="prepare_source() was called without an HTTP client",
            )
        data = download_image(text, client, limits.max_download_bytes)
        return _prepare_bytes(data, text, limits, tiles=tiles)
    if scheme == "file":
        parts = urlsplit(text)
        return _prepare_file(_local_path(parts.path, parts.netloc), limits, tiles=tiles)
    if scheme:
        raise UnsupportedImageError(
            tr(
                "errors",
                '"{name}" is a {scheme}: address; only files and https:// addresses can be attached.',
            ).format(name=display_name(text), scheme=scheme),
            source=text,
            detail=f"unsupported scheme {scheme!r}",
        )
    return _prepare_file(os.path.expanduser(text), limits, tiles=tiles)
