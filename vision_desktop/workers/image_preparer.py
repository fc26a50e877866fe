"""Prepares the draft's images off the GUI thread, each with a thumbnail for the tray and the conversation.

Images are prepared for the model they go to: a :class:`DraftInput` carries the model's
:class:`~vision_desktop.core.profiles.ModelProfile` and whether a tall or wide picture may be split into tiles, and
keeps all the tiles it was cut into. :func:`prepare_attachments` (blocking, for worker threads) gives an item's
attachments (one, or its tiles), preparing it again when the limits or the profile differ from those it was
prepared for.

Signals: ``image_prepared(PreparedImage)`` and ``image_failed(ImageFailure)``, keyed by the tray's image key and
the generation the tray gave :meth:`ImagePreparer.prepare` (so the tray can drop a result of an older preparation,
e.g. for the model before the last change). Results for images removed meanwhile are simply ignored by the
receiver. Only plain data and ``QImage`` cross threads; the thumbnail is already scaled small on the worker.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, QThread, Signal
from PySide6.QtGui import QImage

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.models import ImageAttachment
from vision_desktop.core.profiles import ModelProfile
from vision_desktop.workers.jobs import ImageInput
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:
    import httpx

    from vision_desktop.api.http import HttpSettings
    from vision_desktop.images import ImageLimits

log = logging.getLogger(__name__)
THUMB_SIZE = QSize(192, 192)  # twice the 96 px shown, for high-DPI screens


@dataclass(frozen=True)
class DraftInput(ImageInput):
    """A draft image that knows the model it is prepared for.

    ``prepared`` is the one attachment of a picture sent whole; ``tiles`` holds the attachments of a picture cut
    into tiles (``prepared`` is then ``None``: no one of them is the picture). See :func:`attachments_of`. ``profile`` ``None`` means the conservative default (:data:`~vision_desktop.core.profiles.DEFAULT_PROFILE`).
    """

    profile: ModelProfile | None = None
    split: bool = True
    """Whether a tall or wide picture may be cut into tiles (the person can say no per image)."""
    tiles: tuple[ImageAttachment, ...] = ()


@dataclass(frozen=True)
class PreparedImage:
    """What :attr:`ImagePreparer.image_prepared` carries."""

    key: int
    generation: int
    attachments: tuple[ImageAttachment, ...]
    """One attachment, or the tiles of a picture cut into tiles (in reading order)."""
    thumbnail: QImage
    """At most :data:`THUMB_SIZE`, of the whole picture."""


@dataclass(frozen=True)
class ImageFailure:
    """What :attr:`ImagePreparer.image_failed` carries."""

    key: int
    generation: int
    error: VisionDesktopError


def attachments_of(item: ImageInput) -> tuple[ImageAttachment, ...]:
    """The attachments an item is ready to send: its tiles, its one prepared image, or nothing yet."""
    tiles = getattr(item, "tiles", ())
    if tiles:
        return tuple(tiles)
    return (item.prepared,) if item.prepared is not None else ()


def prepare_attachments(
    item: ImageInput,
    *,
    client: httpx.Client | None = None,
    http: HttpSettings | None = None,
    limits: ImageLimits | None = None,
) -> tuple[ImageAttachment, ...]:
    """The attachments of one draft image (blocking: call on a worker thread): its tiles, or one image.

    An item already prepared is returned as it is unless ``limits`` asks for other limits (a retry with smaller
    images); otherwise it is prepared for its profile (a :class:`DraftInput`'s, else the default), cut into tiles
    when its picture needs them and the item allows it. An image given as an address is downloaded with
    ``client``, else with a client made for ``http`` (default: the saved settings' proxy and extra certificate).
    """
    from vision_desktop.images import (  # Pillow: off the start-up path
        prepare_image_bytes_tiles,
        prepare_source_tiles,
        resolve_limits,
    )

    profile: ModelProfile | None = getattr(item, "profile", None)
    split: bool = getattr(item, "split", True)
    ready = attachments_of(item)
    if ready and (limits is None or resolve_limits(limits, profile) == resolve_limits(None, profile)):
        return ready
    if item.qimage is not None:
        return prepare_image_bytes_tiles(
            qimage_png(item.qimage), item.label, limits=limits, profile=profile, tiles=split
        )
    if item.data is not None:
        return prepare_image_bytes_tiles(item.data, item.label, limits=limits, profile=profile, tiles=split)
    source = item.path or item.url
    if not source:
        raise VisionDesktopError("This image has no data.")
    if item.url and client is None:
        from vision_desktop.chat.http import download_client, settings_http

        with download_client(http or settings_http()) as own:
            return prepare_source_tiles(source, client=own, limits=limits, profile=profile, tiles=split)
    return prepare_source_tiles(source, client=client, limits=limits, profile=profile, tiles=split)


def prepare_input(
    item: ImageInput,
    *,
    client: httpx.Client | None = None,
    http: HttpSettings | None = None,
    limits: ImageLimits | None = None,
) -> ImageAttachment:
    """Prepare one draft image as one picture, never cut into tiles (blocking: call on a worker thread).

    Like :func:`prepare_attachments` otherwise: an item already prepared at these limits is returned as it is.
    """
    from dataclasses import replace

    if isinstance(item, DraftInput) and item.split:
        item = replace(item, split=False, prepared=None if item.tiles else item.prepared, tiles=())
    return prepare_attachments(item, client=client, http=http, limits=limits)[0]


def qimage_png(image: object, *, compressed: bool = False) -> bytes:
    """PNG bytes of a QImage: stored uncompressed for speed (the pipeline re-encodes it anyway), or
    ``compressed`` for what is kept on disk."""
    assert isinstance(image, QImage)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    quality = (
        -1 if compressed else 100
    )  # (Qt's PNG "quality" is the inverse of zlib's level; -1: the default)
    image.save(buffer, "PNG", quality)  # type: ignore[call-overload]  # the stubs say bytes; PySide6 refuses bytes
    return bytes(data.data())


def draft_images_of(
    items: Sequence[ImageInput], cache: dict[object, bytes | None] | None = None
) -> list[tuple[str, str | bytes]]:
    """What the saved draft keeps of each ready image (blocking: call on a worker thread), as ``(label, data URL
    or bytes)``: the prepared image of a picture sent whole; the whole picture of one cut into tiles (the file,
    pasted bytes or pasted QImage it came from), so that it comes back whole and is cut again for the model of
    the day. When that source is gone (the file was moved, the picture came from an address), its tiles are
    kept, each as an image: nothing the person added is lost.

    ``cache`` (kept by the caller between saves, used from one thread) holds the sources read or encoded for
    earlier saves: the draft is saved at each pause in typing, and a pasted screenshot is encoded once, not at
    every save. Entries of images no longer in ``items`` are dropped."""
    kept: list[tuple[str, str | bytes]] = []
    used: dict[object, bytes | None] = {}
    for item in items:
        if item.prepared is not None:
            kept.append((item.label, item.prepared.data_url))
            continue
        tiles = getattr(item, "tiles", ())
        if not tiles:
            continue  # not prepared yet: nothing to keep
        source = (item.key, id(item.qimage), item.path, len(item.data or b""))
        whole = cache[source] if cache is not None and source in cache else _source_bytes(item)
        used[source] = whole
        if whole is not None:
            kept.append((item.label, whole))
        else:
            kept.extend((f"{item.label} {n}/{len(tiles)}", tile.data_url) for n, tile in enumerate(tiles, 1))
    if cache is not None:
        cache.clear()
        cache.update(used)
    return kept


def _source_bytes(item: ImageInput) -> bytes | None:
    try:
        if isinstance(item.qimage, QImage):
            return qimage_png(item.qimage, compressed=True)  # kept on disk: worth the time to compress
        if item.data is not None:
            return item.data
        if item.path and "#page=" not in item.path:
            return Path(item.path).expanduser().read_bytes()
    except OSError as exc:
        log.info("the draft keeps the tiles of %s: its file cannot be read (%s)", item.label, exc)
    return None


def thumbnail_for(attachment: ImageAttachment, size: QSize = THUMB_SIZE) -> QImage:
    """A small QImage of the prepared image (made on the worker thread).

    Pillow decodes and scales (:func:`vision_desktop.images.thumbnails.thumbnail`, the history's thumbnailer too;
    it releases the GIL while it works); Qt only wraps the small result. Decoding with QImage here would hold the
    GIL for the whole decode and stall the GUI thread.
    """
    _, _, b64 = attachment.data_url.partition(",")
    return _thumbnail_of_bytes(base64.b64decode(b64), size)


def _thumbnail_of_bytes(data: bytes, size: QSize) -> QImage:
    from vision_desktop.images.thumbnails import thumbnail  # Pillow: off the start-up path

    rgba = thumbnail(data, (size.width(), size.height()))
    pixels = rgba.tobytes()
    image = QImage(pixels, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels: ``pixels`` goes away with this function


def _thumbnail_of_pdf_page(path: str, page: int, size: QSize) -> QImage:
    from vision_desktop.images.pdf import render_pdf_page  # pypdfium2: only for PDF pages

    picture, _count = render_pdf_page(
        Path(path).expanduser(), page, max(size.width(), size.height()), size.width() * size.height()
    )
    with picture:
        rgba = picture.convert("RGBA")
    image = QImage(rgba.tobytes(), rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels


def thumbnail_of(
    item: ImageInput, attachments: tuple[ImageAttachment, ...], size: QSize = THUMB_SIZE
) -> QImage:
    """The thumbnail of the whole picture (on the worker thread): of the one attachment, or, for a picture cut
    into tiles, of its source (a file, pasted bytes or a pasted QImage; an image from an address shows its first
    tile; a long PDF page is drawn again, small)."""
    if len(attachments) > 1:
        try:
            if isinstance(item.qimage, QImage):
                return item.qimage.scaled(
                    size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            if item.data is not None:
                return _thumbnail_of_bytes(item.data, size)
            if item.path:
                from vision_desktop.images.sources import parse_pdf_page_source

                page = parse_pdf_page_source(item.path)
                if page is not None:  # a long PDF page: drawn small, whole
                    return _thumbnail_of_pdf_page(*page, size)
                return _thumbnail_of_bytes(Path(item.path).expanduser().read_bytes(), size)
        except Exception as exc:  # the tiles are ready: a thumbnail of the first one will do
            log.debug("no thumbnail of the whole of %s: %s", item.label, exc)
    return thumbnail_for(attachments[0], size)


class ImagePreparer(QObject):
    """Signals: ``image_prepared(PreparedImage)``, ``image_failed(ImageFailure)``."""

    image_prepared = Signal(object)
    image_failed = Signal(object)

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

    def prepare(self, item: ImageInput, generation: int = 0) -> None:
        """Prepare ``item`` (for a :class:`DraftInput`'s profile and tiling choice) and make its thumbnail;
        ``generation`` comes back with the result."""

        def work() -> PreparedImage:
            attachments = prepare_attachments(
                item, http=self._http() if self._http is not None and item.url else None
            )
            return PreparedImage(item.key, generation, attachments, thumbnail_of(item, attachments))

        def done(result: PreparedImage) -> None:
            self.image_prepared.emit(result)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, VisionDesktopError):
                log.error("preparing %s failed unexpectedly", item.label, exc_info=exc)
                exc = VisionDesktopError(
                    f"“{item.label}” could not be prepared because of an unexpected problem.",
                    detail=repr(exc),
                )
            self.image_failed.emit(ImageFailure(item.key, generation, exc))

        self._runner.run(work, done, failed)

    def wait(self, msecs: int = 10000) -> bool:
        return self._runner.wait(msecs)
