"""Fetch an image from an ``https://`` address, within a byte budget, with errors people can act on."""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit

import httpx

from vision_desktop.core.errors import (
    ConnectError,
    ImageError,
    ImageTooLargeError,
    NetworkError,
    ProxyError,
    TimeoutError,
    TlsError,
    UnsupportedImageError,
    VisionDesktopError,
)
from vision_desktop.core.i18n import tr
from vision_desktop.images.sources import display_name, is_image_url

__all__ = ["download_image"]

_MAX_REDIRECTS = 5
_ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8,*/*;q=0.5"
# Servers that do not know better send images as generic binary data; the decoder decides.
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/binary"})


def download_image(url: str, client: httpx.Client, max_bytes: int) -> bytes:
    """Download the image at ``url`` (``https://``, or ``http://`` on loopback) and return its bytes.

    The body is streamed and the download stops as soon as it passes ``max_bytes``
    (:class:`ImageTooLargeError`). Redirects are followed by hand (at most five) so that each hop is checked
    the same way. HTTP errors and non-image content raise :class:`ImageError`; transport failures raise the
    :class:`NetworkError` subclasses (:class:`ConnectError`, :class:`TimeoutError`, :class:`TlsError`,
    :class:`ProxyError`).
    """
    name = display_name(url)
    current = url
    for _hop in range(_MAX_REDIRECTS + 1):
        if not is_image_url(current):
            raise ImageError(
                tr("errors", '"{name}" cannot be downloaded: only https:// addresses are allowed.').format(
                    name=name
                ),
                source=url,
                detail=f"refused URL {current!r}",
            )
        try:
            with client.stream(
                "GET", current, headers={"Accept": _ACCEPT}, follow_redirects=False
            ) as response:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise ImageError(
                            tr("errors", 'The server sent "{name}" elsewhere without saying where.').format(
                                name=name
                            ),
                            source=url,
                            detail=f"HTTP {response.status_code} without Location",
                        )
                    current = str(response.url.join(location))
                    continue
                return _read_body(response, url, name, max_bytes)
        except httpx.InvalidURL as exc:
            raise ImageError(
                tr("errors", '"{name}" is not a valid web address.').format(name=name),
                source=url,
                detail=str(exc),
            ) from None
        except httpx.HTTPError as exc:
            raise _translate(exc, url, name) from None
    raise ImageError(
        tr("errors", '"{name}" could not be downloaded: the server redirected too many times.').format(
            name=name
        ),
        source=url,
        detail=f"more than {_MAX_REDIRECTS} redirects, last {current!r}",
    )


def _read_body(response: httpx.Response, url: str, name: str, max_bytes: int) -> bytes:
    status = response.status_code
    if not 200 <= status < 300:
        reason = response.reason_phrase or "error"
        if status in (404, 410):
            message = tr(
                "errors",
                '"{name}" could not be downloaded: the server answered {status} ({reason}). Check the address.',
            )
        else:
            message = tr(
                "errors", '"{name}" could not be downloaded: the server answered {status} ({reason}).'
            )
        raise ImageError(
            message.format(name=name, status=status, reason=reason),
            source=url,
            detail=f"GET {response.url} -> HTTP {status} {reason}",
        )
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if not (content_type.startswith("image/") or content_type in _GENERIC_TYPES):
        if "html" in content_type:
            message = tr(
                "errors",
                'The address of "{name}" leads to a web page, not an image. Copy the image\'s own address instead.',
            )
        else:
            message = tr(
                "errors",
                'The address of "{name}" leads to {content_type} content, not an image. '
                "Copy the image's own address instead.",
            )
        raise UnsupportedImageError(
            message.format(name=name, content_type=content_type),
            source=url,
            detail=f"Content-Type: {content_type}",
        )
    too_large = ImageTooLargeError(
        tr(
            "errors",
            '"{name}" is larger than {size}, the most the app downloads. '
            "Save a smaller copy and attach the file instead.",
        ).format(name=name, size=_megabytes(max_bytes)),
        source=url,
        detail=f"more than max_bytes={max_bytes}",
    )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and "content-encoding" not in response.headers and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


def _translate(exc: httpx.HTTPError, url: str, name: str) -> VisionDesktopError:
    host = urlsplit(url).hostname or url
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        return TimeoutError(
            tr("errors", '{host} took too long to send "{name}". Try again later.').format(
                host=host, name=name
            ),
            detail=detail,
        )
    if isinstance(exc, httpx.ProxyError):
        return ProxyError(detail=detail)
    if isinstance(exc, httpx.ConnectError) and _is_tls_failure(exc):
        return TlsError(
            tr(
                "errors",
                'The secure connection to {host} could not be verified, so "{name}" was not downloaded.',
            ).format(host=host, name=name),
            detail=detail,
        )
    if isinstance(exc, httpx.ConnectError):
        return ConnectError(
            tr(
                "errors",
                'Could not connect to {host} to download "{name}". Check the address and your internet connection.',
            ).format(host=host, name=name),
            detail=detail,
        )
    if isinstance(exc, httpx.TransportError):
        return ConnectError(
            tr("errors", 'The connection to {host} broke off while downloading "{name}". Try again.').format(
                host=host, name=name
            ),
            detail=detail,
        )
    if isinstance(exc, httpx.DecodingError):
        return UnsupportedImageError(
            tr("errors", '"{name}" arrived garbled (the server\'s compression was invalid).').format(
                name=name
            ),
            source=url,
            detail=detail,
        )
    return NetworkError(detail=detail)


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, ssl.SSLError) or "SSL" in str(seen) or "CERTIFICATE" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:,.0f} KB"
