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
                f'"{name}" cannot be downloaded: only https:// addresses are allowed.',
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
                            f'The server sent "{name}" elsewhere without saying where.',
                            source=url,
                            detail=f"HTTP {response.status_code} without Location",
                        )
                    current = str(response.url.join(location))
                    continue
                return _read_body(response, url, name, max_bytes)
        except httpx.InvalidURL as exc:
            raise ImageError(f'"{name}" is not a valid web address.', source=url, detail=str(exc)) from None
        except httpx.HTTPError as exc:
            raise _translate(exc, url, name) from None
    raise ImageError(
        f'"{name}" could not be downloaded: the server redirected too many times.',
        source=url,
        detail=f"more than {_MAX_REDIRECTS} redirects, last {current!r}",
    )


def _read_body(response: httpx.Response, url: str, name: str, max_bytes: int) -> bytes:
    status = response.status_code
    if not 200 <= status < 300:
        reason = response.reason_phrase or "error"
        hint = " Check the address." if status in (404, 410) else ""
        raise ImageError(
            f'"{name}" could not be downloaded: the server answered {status} ({reason}).{hint}',
            source=url,
            detail=f"GET {response.url} -> HTTP {status} {reason}",
        )
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if not (content_type.startswith("image/") or content_type in _GENERIC_TYPES):
        kind = "a web page" if "html" in content_type else f"{content_type} content"
        raise UnsupportedImageError(
            f'The address of "{name}" leads to {kind}, not an image. Copy the image\'s own address instead.',
            source=url,
            detail=f"Content-Type: {content_type}",
        )
    too_large = ImageTooLargeError(
        f'"{name}" is larger than {_megabytes(max_bytes)}, the most the app downloads. '
        "Save a smaller copy and attach the file instead.",
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
        return TimeoutError(f'{host} took too long to send "{name}". Try again later.', detail=detail)
    if isinstance(exc, httpx.ProxyError):
        return ProxyError(detail=detail)
    if isinstance(exc, httpx.ConnectError) and _is_tls_failure(exc):
        return TlsError(
            f'The secure connection to {host} could not be verified, so "{name}" was not downloaded.',
            detail=detail,
        )
    if isinstance(exc, httpx.ConnectError):
        return ConnectError(
            f'Could not connect to {host} to download "{name}". Check the address and your internet connection.',
            detail=detail,
        )
    if isinstance(exc, httpx.TransportError):
        return ConnectError(
            f'The connection to {host} broke off while downloading "{name}". Try again.', detail=detail
        )
    if isinstance(exc, httpx.DecodingError):
        return UnsupportedImageError(
            f'"{name}" arrived garbled (the server\'s compression was invalid).', source=url, detail=detail
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
