"""What the user gave: telling web addresses from file paths, PDFs from images, and naming any of them in a sentence.

One page of a PDF is named by the source string ``<path>#page=N`` (:func:`pdf_page_source`, read back by
:func:`parse_pdf_page_source`); :func:`display_name` shows it as ``report.pdf, page 3``. Nothing here touches the
disk or imports Pillow or the PDF renderer: the window calls these on its own thread.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote, urlsplit

from vision_desktop.core.i18n import tr

__all__ = [
    "IMAGE_SUFFIXES",
    "PDF_SUFFIXES",
    "display_name",
    "is_image_path",
    "is_image_url",
    "is_pdf",
    "parse_pdf_page_source",
    "pdf_page_source",
]

IMAGE_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".jpe", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif",
)  # fmt: skip
"""File name endings the pipeline reads as images (it identifies files by their content; this is for filters)."""
PDF_SUFFIXES = (".pdf",)
"""File name endings of PDF documents, whose pages are added as images (``images.pdf``)."""

_PDF_PAGE = re.compile(r"^(?P<path>.+\.pdf)#page=(?P<page>[0-9]{1,9})$", re.IGNORECASE | re.DOTALL)


def _plain(text: str) -> str:
    """``text`` without surrounding blanks and the quotes a pasted path may carry."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def is_pdf(path: str) -> bool:
    """True if ``path`` names a PDF document (``report.pdf``, ``file:///…/Report.PDF``), by its name alone.

    A page source (``report.pdf#page=3``) is not a PDF document but one page of it: see
    :func:`parse_pdf_page_source`. Web addresses are not PDFs to render here (the app downloads images only).
    """
    text = _plain(path)
    if not text or is_image_url(text) or parse_pdf_page_source(text) is not None:
        return False
    if text.lower().startswith("file://"):
        text = unquote(urlsplit(text).path)
    return text.lower().rstrip().endswith(PDF_SUFFIXES)


def is_image_path(path: str) -> bool:
    """True if ``path``'s name ends like an image file the pipeline reads (:data:`IMAGE_SUFFIXES`)."""
    return _plain(path).lower().endswith(IMAGE_SUFFIXES)


def pdf_page_source(path: str, page: int) -> str:
    """The source string of page ``page`` (1-based) of the PDF at ``path``: ``<path>#page=N``."""
    if page < 1:
        raise ValueError(f"PDF pages are counted from 1, not {page!r}")
    return f"{path}#page={page}"


def parse_pdf_page_source(source: str) -> tuple[str, int] | None:
    """``(path, page)`` for a source made by :func:`pdf_page_source`, else None (an image, an URL, a PDF itself)."""
    match = _PDF_PAGE.match(source.strip())
    if match is None or ("://" in match["path"] and not match["path"].lower().startswith("file://")):
        return None
    page = int(match["page"])
    return (match["path"], page) if page >= 1 else None


def is_image_url(text: str) -> bool:
    """True if ``text`` is an address the app downloads images from.

    That is an ``https://`` URL with a host, or an ``http://`` one on this computer (loopback, for tests and local
    tools). Plain ``http://`` elsewhere is refused: the image would travel unencrypted.
    """
    candidate = text.strip()
    if not candidate or any(ch.isspace() for ch in candidate):
        return False
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        return False
    if not host:
        return False
    scheme = parts.scheme.lower()
    return scheme == "https" or (scheme == "http" and is_loopback_host(host))


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def display_name(source: str) -> str:
    """A short name for messages: a file's name, an URL's last path segment (or its host), or the label itself.

    A PDF page is named with its page: ``report.pdf, page 3``.
    """
    text = source.strip()
    page = parse_pdf_page_source(text)
    if page is not None:
        return tr("status", "{name}, page {page}").format(name=display_name(page[0]), page=page[1])
    if "://" in text:
        try:
            parts = urlsplit(text)
        except ValueError:
            return text
        segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
        return segment or parts.hostname or text
    for sep in ("/", "\\"):
        text = text.rstrip(sep)
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text or source
