"""Prepares the draft's images off the GUI thread, each with a thumbnail for the tray and the conversation.

Signals: ``image_prepared(int, ImageAttachment, QImage)`` and ``image_failed(int, VisionDesktopError)``, keyed by
the tray's image key. Results for images removed meanwhile are simply ignored by the receiver.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, QThread, Signal
from PySide6.QtGui import QImage

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.models import ImageAttachment
from vision_desktop.workers.jobs import ImageInput
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:
    import httpx

    from vision_desktop.api.http import HttpSettings
    from vision_desktop.images import ImageLimits

log = logging.getLogger(__name__)
THUMB_SIZE = QSize(192, 192)  # twice the 96 px shown, for high-DPI screens


def prepare_input(
    item: ImageInput,
    *,
    client: httpx.Client | None = None,
    http: HttpSettings | None = None,
    limits: ImageLimits | None = None,
) -> ImageAttachment:
    """Prepare one draft image (blocking: call on a worker thread).

    An image given as an address is downloaded with ``client``, else with a client made for ``http`` (default:
    the saved settings' proxy and extra certificate, see :func:`vision_desktop.chat.http.settings_http`).
    """
    from vision_desktop.images import (  # Pillow: off the start-up path
        ImageLimits,
        prepare_image_bytes,
        prepare_source,
    )

    limits = limits or ImageLimits()
    if item.prepared is not None and limits == ImageLimits():
        return item.prepared
    if item.qimage is not None:
        return prepare_image_bytes(qimage_png(item.qimage), item.label, limits)
    if item.data is not None:
        return prepare_image_bytes(item.data, item.label, limits)
    source = item.path or item.url
    if not source:
        raise VisionDesktopError("This image has no data.")
    if item.url and client is None:
        from vision_desktop.chat.http import download_client, settings_http

        with download_client(http or settings_http()) as own:
            return prepare_source(source, client=own, limits=limits)
    return prepare_source(source, client=client, limits=limits)


def qimage_png(image: object) -> bytes:
    """PNG bytes of a QImage, stored uncompressed for speed (the pipeline re-encodes it anyway)."""
    assert isinstance(image, QImage)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", 100)  # type: ignore[call-overload]  # the stubs say bytes; PySide6 refuses bytes
    return bytes(data.data())


def thumbnail_for(attachment: ImageAttachment, size: QSize = THUMB_SIZE) -> QImage:
    """A small QImage of the prepared image (made on the worker thread).

    Pillow decodes and scales (:func:`vision_desktop.images.thumbnails.thumbnail`, the history's thumbnailer too;
    it releases the GIL while it works); Qt only wraps the small result. Decoding with QImage here would hold the
    GIL for the whole decode and stall the GUI thread.
    """
    from vision_desktop.images.thumbnails import thumbnail  # Pillow: off the start-up path

    _, _, b64 = attachment.data_url.partition(",")
    rgba = thumbnail(base64.b64decode(b64), (size.width(), size.height()))
    data = rgba.tobytes()
    image = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels: ``data`` goes away with this function


class ImagePreparer(QObject):
    image_prepared = Signal(int, object, QImage)
    image_failed = Signal(int, object)

    def __init__(
        self, parent: QObject | None = None, *, http: Callable[[], HttpSettings] | None = None
    ) -> None:
        """``http`` gives the proxy and certificate settings for images given as addresses (called on a worker
        thread; default: the saved settings)."""
        super().__init__(parent)
        self._http = http
        # Leave a core to the GUI thread, and let it win when both want the CPU: on a 2-core laptop two
        # full-speed decoders next to the event loop made it stutter.
        threads = max(1, min(4, QThread.idealThreadCount() - 1))
        self._runner = TaskRunner(
            self, max_threads=threads, name="image-preparer", priority=QThread.Priority.LowPriority
        )

    def prepare(self, item: ImageInput) -> None:
        def work() -> tuple[ImageAttachment, QImage]:
            attachment = prepare_input(
                item, http=self._http() if self._http is not None and item.url else None
            )
            return attachment, thumbnail_for(attachment)

        def done(result: tuple[ImageAttachment, QImage]) -> None:
            self.image_prepared.emit(item.key, result[0], result[1])

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, VisionDesktopError):
                log.error("preparing %s failed unexpectedly", item.label, exc_info=exc)
                exc = VisionDesktopError(
                    f"“{item.label}” could not be prepared because of an unexpected problem.",
                    detail=repr(exc),
                )
            self.image_failed.emit(item.key, exc)

        self._runner.run(work, done, failed)

    def wait(self, msecs: int = 10000) -> bool:
        return self._runner.wait(msecs)
