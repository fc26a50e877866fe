"""Stands in for the system's URL opener in window tests: what ``QDesktopServices.openUrl`` would have opened."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices


class UrlCatcher(QObject):
    """Notes every URL handed to it by ``QDesktopServices`` (``urls``, in order)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@contextlib.contextmanager
def catching_urls(*schemes: str) -> Iterator[UrlCatcher]:
    """While inside, URLs of ``schemes`` go to the returned catcher instead of the browser or any program."""
    catcher = UrlCatcher()
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    try:
        yield catcher
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)
