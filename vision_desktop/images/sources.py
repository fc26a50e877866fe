"""What the user gave: telling web addresses from file paths, and naming either in a sentence."""

from __future__ import annotations

import ipaddress
from urllib.parse import unquote, urlsplit

__all__ = ["display_name", "is_image_url"]


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
    """A short name for messages: a file's name, an URL's last path segment (or its host), or the label itself."""
    text = source.strip()
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
