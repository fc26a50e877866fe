"""PDF pages as images: count a document's pages, render one for the model's budget, prepare it like any image.

A dropped PDF becomes its pages, each an image source of its own, ``<path>#page=N`` (:func:`pdf_page_source`,
read back by :func:`parse_pdf_page_source`, shown as ``report.pdf, page 3``). :func:`page_count` tells the window
how many there are (and fails early, with a plain sentence, on a password-protected or damaged file);
:func:`default_pages` picks the first few (Settings.pdf_pages), so a 500-page PDF never renders 500 pages;
:func:`prepare_pdf_page` renders one page at about the profile's long edge and pixel budget and hands the picture
to the image pipeline's preparation, so that its encoding, size budget and token estimate are those of any other
image. A long page (a till receipt, a web page printed as one page) that may be cut into tiles is drawn larger,
its short side at the long edge, so that its tiles are as sharp as a long screenshot's. The pipeline dispatches page sources here and passes its preparation in: this module never imports the
pipeline (which imports it), so the two do not form an import cycle.

Rendering is PDFium's, through pypdfium2. PDFium is not thread-safe (not even with separate documents), so every
call into it holds one lock; Pillow's work on the rendered picture runs outside it. Blocking: call from a worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import math
import os
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from vision_desktop.core.errors import ImageError, ImageTooLargeError, UnsupportedImageError
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ImageAttachment
from vision_desktop.images.files import open_source_file
from vision_desktop.images.limits import ImageLimits
from vision_desktop.images.sources import display_name, parse_pdf_page_source, pdf_page_source
from vision_desktop.images.tiles import MIN_ASPECT

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "PrepareOpened",
    "default_pages",
    "page_count",
    "parse_pdf_page_source",
    "pdf_page_source",
    "prepare_pdf_page",
    "render_pdf_page",
]

log = logging.getLogger(__name__)


class PrepareOpened(Protocol):
    """The pipeline's preparation of an opened picture: ``(picture, source, name, original_bytes, limits)``, and
    whether it may be cut into tiles; one attachment or its tiles."""

    def __call__(
        self,
        im: Image.Image,
        source: str,
        name: str,
        original_bytes: int,
        limits: ImageLimits,
        /,
        *,
        tiles: bool = False,
    ) -> tuple[ImageAttachment, ...]: ...


_DEFAULT_LIMITS = ImageLimits()
_PDFIUM_LOCK = threading.Lock()
"""Held around every call into PDFium (opening, counting, rendering, closing)."""

_LONG_PAGE_PIXELS = 12_000_000
"""A long page that may be cut into tiles is drawn at most this large: more than eight tiles' budget of any
model, and 48 MB while it is drawn."""
_HEADER_WINDOW = 1024  # PDF readers accept the %PDF- marker anywhere in the first kilobyte
_FIT_STEP = 0.999


# ----------------------------------------------------------------------------------------- entries
def page_count(path: str | os.PathLike[str]) -> int:
    """How many pages the PDF at ``path`` has. Raises :class:`ImageError` (a plain sentence) if it cannot be read.

    Reads the document's page tree only, however long the document: no page is rendered.
    """
    source = os.fspath(path)
    with _opened(source, display_name(source)) as (doc, _size):
        return len(doc)


def default_pages(count: int, wanted: int) -> list[int]:
    """The pages added when a person drops a PDF of ``count`` pages: the first ``wanted`` (1-based)."""
    return list(range(1, max(0, min(count, wanted)) + 1))


def render_pdf_page(
    path: str | os.PathLike[str], page: int, max_edge: int, max_pixels: int
) -> tuple[Image.Image, int]:
    """Render page ``page`` (1-based) of the PDF at ``path`` as large as fits ``max_edge`` and ``max_pixels``.

    Returns the RGB picture (white behind transparent parts, form fields and annotations drawn) and the
    document's page count. Small pages are drawn larger, not blown up afterwards: PDF text and lines are drawn
    sharp at any size.
    """
    source = os.fspath(path)
    name = display_name(source)
    with _opened(source, name) as (doc, _size):
        return _render(doc, source, name, page, max_edge, max_pixels)


def prepare_pdf_page(
    path: str | os.PathLike[str],
    page: int,
    limits: ImageLimits = _DEFAULT_LIMITS,
    *,
    prepare: PrepareOpened,
    tiles: bool = False,
) -> tuple[ImageAttachment, ...]:
    """Prepare page ``page`` (1-based) of the PDF at ``path`` as an image within ``limits``: one attachment, or,
    with ``tiles``, the tiles of a long page whose text would shrink too much as one image.

    The page is rendered at about ``limits.max_edge`` on its long edge and ``limits.max_pixels`` in all (a long
    page that may be tiled: its short side at ``max_edge``), then handed to ``prepare`` (the image pipeline's
    preparation of an opened picture, which the pipeline passes in: this module sits below it) to be encoded,
    fitted to the base64 budget, tiled and estimated like any image. The attachments' ``source`` is
    ``<path>#page=N``; their first action says which page of how many it is. Raises :class:`ImageError` (or a
    subclass) with a plain sentence for a password-protected, damaged or unreadable file and a page that does
    not exist.
    """
    path_text = os.fspath(path)
    source = pdf_page_source(path_text, page) if page >= 1 else path_text
    name = display_name(source)
    with _opened(path_text, display_name(path_text)) as (doc, size):
        picture, count = _render(
            doc,
            path_text,
            display_name(path_text),
            page,
            limits.max_edge,
            limits.max_pixels,
            long_page=tiles,
        )
    with picture:
        try:
            attachments = prepare(picture, source, name, size, limits, tiles=tiles)
        except ImageError:
            raise
        except MemoryError:
            raise ImageTooLargeError(
                tr("errors", '"{name}" is too large to process on this computer (not enough memory).').format(
                    name=name
                ),
                source=source,
                detail=f"MemoryError while preparing a {picture.width}x{picture.height} page",
            ) from None
        except Exception as exc:  # pragma: no cover - the pipeline's own failures are ImageErrors
            log.debug("could not prepare %s", source, exc_info=True)
            raise ImageError(
                tr("errors", '"{name}" could not be prepared.').format(name=name),
                source=source,
                detail=f"{type(exc).__name__}: {exc}",
            ) from None
    note = tr("status", "page {page} of {count} of the PDF").format(page=page, count=count)
    return tuple(dataclasses.replace(a, actions=(note, *a.actions)) for a in attachments)


# ------------------------------------------------------------------------------------------ PDFium
def _pdfium() -> Any:
    import pypdfium2  # type: ignore[import-untyped]  # no type information shipped

    return pypdfium2


@contextlib.contextmanager
def _opened(source: str, name: str) -> Iterator[tuple[Any, int]]:
    """The open document (a ``pypdfium2.PdfDocument``) and the file's size, with PDFium's lock held throughout."""
    fp, size = open_source_file(source, name, pdf=True)
    with fp:
        head = fp.read(_HEADER_WINDOW)
        fp.seek(0)
        if b"%PDF-" not in head:
            raise UnsupportedImageError(
                tr(
                    "errors",
                    '"{name}" is not a PDF document, although its name says so. Open it and save it again as a PDF, '
                    "or export the pages as images.",
                ).format(name=name),
                source=source,
                detail=f"no %PDF- header in the first {_HEADER_WINDOW} bytes",
            )
        pdfium = _pdfium()
        with _PDFIUM_LOCK:
            try:
                doc = pdfium.PdfDocument(fp, autoclose=False)
            except pdfium.PdfiumError as exc:
                raise _load_error(pdfium, exc, name, source) from None
            except MemoryError:
                raise ImageTooLargeError(
                    tr(
                        "errors", '"{name}" is too large to open on this computer (not enough memory).'
                    ).format(name=name),
                    source=source,
                    detail="MemoryError while loading the PDF",
                ) from None
            try:
                try:
                    doc.init_forms()  # so that filled-in form fields are drawn
                except pdfium.PdfiumError:
                    log.debug("forms of %s are not drawn", source, exc_info=True)
                yield doc, size
            finally:
                doc.close()


def _load_error(pdfium: Any, exc: Exception, name: str, source: str) -> ImageError:
    code = getattr(exc, "err_code", None)
    detail = f"{type(exc).__name__}: {exc}"
    if code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
        return UnsupportedImageError(
            tr(
                "errors",
                '"{name}" is protected by a password; open it, print it to a new PDF without a password, '
                "and add that.",
            ).format(name=name),
            source=source,
            detail=detail,
        )
    return UnsupportedImageError(
        tr(
            "errors",
            '"{name}" is damaged or incomplete and could not be read as a PDF. If it opens in a PDF viewer, '
            "print it to a new PDF and add that.",
        ).format(name=name),
        source=source,
        detail=detail,
    )


def _render(
    doc: Any,
    source: str,
    name: str,
    page: int,
    max_edge: int,
    max_pixels: int,
    *,
    long_page: bool = False,
) -> tuple[Image.Image, int]:
    """Render page ``page`` of the open ``doc`` (PDFium's lock held by the caller). With ``long_page``, a page
    longer than :data:`~vision_desktop.images.tiles.MIN_ASPECT` times its width (or the other way round) is
    drawn with its short side at ``max_edge``, within :data:`_LONG_PAGE_PIXELS`: large enough to be cut into
    sharp tiles."""
    pdfium = _pdfium()
    count = len(doc)
    if page < 1:
        raise ImageError(
            tr("errors", 'Pages of "{name}" are counted from 1; there is no page {page}.').format(
                name=name, page=page
            ),
            source=source,
            detail=f"page {page} < 1",
        )
    if page > count:
        if count == 1:
            message = tr("errors", '"{name}" has 1 page, so there is no page {page}.')
        else:
            message = tr("errors", '"{name}" has {count} pages, so there is no page {page}.')
        raise ImageError(
            message.format(name=name, count=f"{count:,}", page=page),
            source=source,
            detail=f"page {page} out of range 1..{count}",
        )
    try:
        pdf_page = doc[page - 1]
        try:
            width, height = (float(v) for v in pdf_page.get_size())
            scale = _scale_within(width, height, max_edge, max_pixels)
            short, long = sorted((width, height))
            if long_page and short > 0 and long / short > MIN_ASPECT:
                scale = _scale_within(width, height, math.floor(max_edge * long / short), _LONG_PAGE_PIXELS)
            bitmap = pdf_page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
            try:
                picture: Image.Image = bitmap.to_pil()
                picture = picture.convert("RGB") if picture.mode != "RGB" else picture.copy()
            finally:
                bitmap.close()
        finally:
            pdf_page.close()
    except MemoryError:
        raise ImageTooLargeError(
            tr(
                "errors", 'Page {page} of "{name}" is too large to draw on this computer (not enough memory).'
            ).format(page=page, name=name),
            source=source,
            detail="MemoryError while rendering",
        ) from None
    except (pdfium.PdfiumError, ValueError, OSError) as exc:
        raise UnsupportedImageError(
            tr(
                "errors",
                'Page {page} of "{name}" is damaged and could not be drawn. If the PDF opens in a PDF viewer, '
                "print it to a new PDF and add that.",
            ).format(page=page, name=name),
            source=source,
            detail=f"{type(exc).__name__}: {exc}",
        ) from None
    return picture, count


def _scale_within(width: float, height: float, max_edge: int, max_pixels: int) -> float:
    """The scale (pixels per PDF point) that draws a ``width`` × ``height`` page as large as fits both limits.

    PDFium rounds the bitmap's sides up, so the scale is nudged down until the rounded size fits too; the
    pipeline then finds the picture within its limits and leaves it unresized.
    """
    if not (width > 0 and height > 0 and math.isfinite(width) and math.isfinite(height)):
        raise ValueError(f"the page claims a size of {width}x{height} points")
    scale = min(max_edge / max(width, height), math.sqrt(max_pixels / (width * height)))
    while scale > 0:
        w, h = math.ceil(width * scale), math.ceil(height * scale)
        if max(w, h) <= max_edge and w * h <= max_pixels:
            break
        scale *= _FIT_STEP
    if math.ceil(width * scale) < 1 or math.ceil(height * scale) < 1:  # pragma: no cover - absurd page shapes
        raise ValueError(
            f"a {width}x{height} point page cannot be drawn within {max_edge} px / {max_pixels} px"
        )
    return scale
