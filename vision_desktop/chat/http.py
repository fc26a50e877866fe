"""The HTTP clients of a connection: every request the app makes gets its client here.

Chat requests, ``/models``, Test connection and the download of images given as ``https://`` addresses all go
through :func:`vision_desktop.api.http.http_client` with the same :class:`~vision_desktop.api.http.HttpSettings`:
the manual (or the system) proxy, the extra certificate file over the OS trust store, and the timeouts. A
:class:`~vision_desktop.chat.connection.Connection` gives them (``connection.http()``, ``connection.client()``);
this module gives them from the saved settings, for work that has no connection yet, and the download client.

httpx is imported when the first client is made, not when this module is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from vision_desktop.api.http import HttpSettings
    from vision_desktop.storage.settings import Settings

__all__ = ["DOWNLOAD_TIMEOUT", "download_client", "settings_http"]

DOWNLOAD_TIMEOUT = 30.0
"""Seconds between bytes of an image download in the window (the CLI waits as long as ``--timeout`` says)."""


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


def download_client(settings: HttpSettings) -> httpx.Client:
    """A client for image downloads (see :func:`vision_desktop.images.download.download_image`); the caller
    closes it."""
    from vision_desktop.api.http import http_client

    return http_client(settings)
