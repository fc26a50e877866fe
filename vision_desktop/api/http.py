"""The one place an ``httpx.Client`` is made: chat requests, ``/models``, Test connection and image downloads.

* TLS is verified against the operating system's trust store (truststore), so office networks that inspect TLS
  with their own certificate authority work like the browser does; an extra CA file (PEM) can be added.
* A manual proxy is used for every request when set; otherwise the system's (``HTTPS_PROXY`` …, ``trust_env``).
* Timeouts: connect 10 s, then ``read_timeout`` between bytes (the chat client adds its own deadline on top, see
  :mod:`vision_desktop.api.deadline`).
* No keep-alive (every request gets a fresh connection, which a cancel can shut down), and no automatic
  redirects (the chat API never redirects; image downloads follow them by hand, checking each hop).

``transport`` replaces the network (``httpx.MockTransport`` in tests); ``verify`` overrides the SSL context.
Callers above ``api`` get their clients from :mod:`vision_desktop.chat.http`, which turns a connection's settings
into :class:`HttpSettings`.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from vision_desktop.core.errors import ConfigError
from vision_desktop.core.i18n import tr

__all__ = [
    "CONNECT_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "HttpSettings",
    "http_client",
    "make_ssl_context",
    "proxy_for",
    "without_credentials",
]

CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 120.0


@dataclass(frozen=True)
class HttpSettings:
    """How requests reach the network: the proxy, the extra certificate, the timeouts (plain data)."""

    proxy: str = ""
    """A manual proxy (``http://host:3128``); empty: the system's proxy, if any."""
    extra_ca_file: str = ""
    """A PEM file of certificate authorities trusted besides the system's."""
    read_timeout: float = DEFAULT_READ_TIMEOUT
    connect_timeout: float = CONNECT_TIMEOUT

    def __repr__(self) -> str:  # a proxy password never reaches a log
        return (
            f"HttpSettings(proxy={without_credentials(self.proxy)!r}, extra_ca_file={self.extra_ca_file!r}, "
            f"read_timeout={self.read_timeout:g}, connect_timeout={self.connect_timeout:g})"
        )


def make_ssl_context(extra_ca_file: str | None = None) -> ssl.SSLContext:
    """An SSL context over the OS trust store, plus an optional extra CA file (PEM)."""
    import truststore

    ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if extra_ca_file:
        try:
            ctx.load_verify_locations(cafile=extra_ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                tr(
                    "errors",
                    "The extra certificate file “{path}” could not be read. Choose a PEM certificate file.",
                ).format(path=extra_ca_file),
                detail=str(exc),
            ) from None
    return ctx


def http_client(
    settings: HttpSettings,
    *,
    transport: httpx.BaseTransport | None = None,
    verify: ssl.SSLContext | bool | None = None,
) -> httpx.Client:
    """A new client for ``settings`` (the caller closes it). Raises :class:`ConfigError` for an unreadable extra
    certificate file."""
    if verify is None and transport is None:
        verify = make_ssl_context(settings.extra_ca_file or None)
    return httpx.Client(
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        verify=verify if verify is not None else True,
        transport=transport,
        proxy=settings.proxy or None,
        trust_env=True,
        limits=httpx.Limits(max_keepalive_connections=0),
        follow_redirects=False,
    )


def proxy_for(url: str, manual: str | None = None) -> str | None:
    """The proxy a request to ``url`` goes through: the manual one, else the system's (``HTTPS_PROXY`` …)."""
    if manual:
        return manual
    import urllib.request

    proxies = urllib.request.getproxies()
    if not proxies or urllib.request.proxy_bypass(urlsplit(url).hostname or url):
        return None
    scheme = urlsplit(url).scheme or "https"
    return proxies.get(scheme) or proxies.get("all")


def without_credentials(proxy: str) -> str:
    """``http://user:secret@host:3128`` → ``http://host:3128``: a proxy password never reaches a message."""
    parts = urlsplit(proxy)
    if not (parts.username or parts.password):
        return proxy
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"
