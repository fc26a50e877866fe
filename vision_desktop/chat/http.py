"""The HTTP clients of a connection: every request the app makes gets its client here.

Chat requests, ``/models``, Test connection and the download of images given as ``https://`` addresses all go
through :func:`vision_desktop.api.http.http_client` with the same :class:`~vision_desktop.api.http.HttpSettings`:
the manual (or the system) proxy, the extra certificate file over the OS trust store, and the timeouts. This module
turns a :class:`~vision_desktop.chat.connection.Connection` (or the saved settings) into those settings.

httpx is imported when the first client is made, not when this module is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from vision_desktop.api.client import ChatClient
    from vision_desktop.api.http import HttpSettings
    from vision_desktop.chat.connection import Connection
    from vision_desktop.storage.settings import Settings

__all__ = ["DOWNLOAD_TIMEOUT", "chat_client", "download_client", "http_settings", "settings_http"]

DOWNLOAD_TIMEOUT = 30.0
"""Seconds between bytes of an image download in the window (the CLI waits as long as ``--timeout`` says)."""


def http_settings(connection: Connection, *, read_timeout: float | None = None) -> HttpSettings:
    """How ``connection``'s requests reach the network (``read_timeout`` defaults to the connection's)."""
    from vision_desktop.api.http import HttpSettings

    return HttpSettings(
        proxy=connection.proxy,
        extra_ca_file=connection.extra_ca_file,
        read_timeout=connection.read_timeout if read_timeout is None else read_timeout,
    )


def settings_http(
    settings: Settings | None = None, *, read_timeout: float = DOWNLOAD_TIMEOUT
) -> HttpSettings:
    """The same from the settings (default: the saved ones, read from disk: call it off the GUI thread), for work
    that has no connection, such as preparing a dropped image address before anything is sent."""
    from vision_desktop.api.http import HttpSettings

    if settings is None:
        from vision_desktop.storage.paths import app_paths
        from vision_desktop.storage.settings import SettingsStore

        settings = SettingsStore(app_paths().settings_file).load()
    return HttpSettings(proxy=settings.proxy, extra_ca_file=settings.extra_ca_file, read_timeout=read_timeout)


def chat_client(connection: Connection) -> ChatClient:
    """A chat client for ``connection`` (the caller closes it: ``with chat_client(c) as client: ...``)."""
    from vision_desktop.api.client import ChatClient

    return ChatClient(connection.base_url, connection.api_key, http=http_settings(connection))


def download_client(settings: HttpSettings) -> httpx.Client:
    """A client for image downloads (see :func:`vision_desktop.images.download.download_image`); the caller
    closes it."""
    from vision_desktop.api.http import http_client

    return http_client(settings)
