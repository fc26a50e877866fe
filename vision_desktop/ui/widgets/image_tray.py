"""The draft's images: drop, paste, pick; thumbnails with name, final size and estimated tokens.

The tray is a strip of cards above the question and takes no room at all while it is empty (the composer's
"Add images…" button, a drop anywhere on the window and Ctrl+V fill it).

Signals: ``images_changed()`` (the list or a state changed), ``height_changed()`` (shown, hidden, or a scroll bar
came or went under the chips).
Each image is prepared off the GUI thread by an :class:`ImagePreparer`; a broken file shows its message in
place of the thumbnail and the other images stay.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QMargins, QMimeData, QSize, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.models import ImageAttachment
from vision_desktop.workers.image_preparer import ImagePreparer
from vision_desktop.workers.jobs import ImageInput

THUMB = 44  # a chip: the thumbnail on the left, name and size (or the problem) on its right
CARD_WIDTH = 200
CARD_HEIGHT = 56
# On a short window the chips are compact: a small thumbnail and the name (size and tokens, or the problem, in the
# tool tip; a problem also in the chip's red border).
COMPACT_THUMB = 20
COMPACT_HEIGHT = 28
CARDS_PER_TICK = 2


@dataclass(frozen=True)
class TrayImage:
    input: ImageInput
    thumbnail: QImage | None = None
    error: VisionDesktopError | None = None

    @property
    def ready(self) -> bool:
        return self.input.prepared is not None

    @property
    def key(self) -> int:
        return self.input.key


def inputs_from_mime(
    mime: QMimeData, keys: itertools.count[int], *, pasted: bool = False
) -> list[ImageInput]:
    """What a drop or a paste carries: files, image URLs from a browser, or raw image data."""
    items: list[ImageInput] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                path = url.toLocalFile()
                if Path(path).is_dir():
                    continue
                items.append(ImageInput(next(keys), Path(path).name, path=path))
            elif url.scheme() in ("http", "https"):
                text = url.toString()
                name = Path(urlsplit(text).path).name or url.host()
                items.append(ImageInput(next(keys), name, url=text))
        if items:
            return items
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QPixmap):
            image = image.toImage()
        if isinstance(image, QImage) and not image.isNull():
            label = "Pasted image" if pasted else "Dropped image"
            return [ImageInput(next(keys), label, qimage=QImage(image))]
    for fmt in ("image/png", "image/jpeg", "image/webp", "image/gif"):
        if mime.hasFormat(fmt):
            label = "Pasted image" if pasted else "Dropped image"
            return [ImageInput(next(keys), label, data=bytes(mime.data(fmt).data()))]
    return []


def mime_has_images(mime: QMimeData) -> bool:
    if mime.hasImage() or any(
        mime.hasFormat(f) for f in ("image/png", "image/jpeg", "image/webp", "image/gif")
    ):
        return True
    return mime.hasUrls() and any(u.isLocalFile() or u.scheme() in ("http", "https") for u in mime.urls())


class ImageCard(QFrame):
    remove_clicked = Signal(int)

    def __init__(self, item: TrayImage, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.key = item.key
        self._compact = compact
        self.setObjectName("imageCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedSize(CARD_WIDTH, COMPACT_HEIGHT if compact else CARD_HEIGHT)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 2, 4)
        layout.setSpacing(6)
        self.picture = QLabel(self)
        self.picture.setObjectName("imageThumbnail")
        thumb = COMPACT_THUMB if compact else THUMB
        self.picture.setFixedSize(QSize(thumb, thumb))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignVCenter)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(0)
        layout.addLayout(texts, 1)
        remove = QToolButton(self)
        remove.setObjectName("removeImageButton")
        remove.setText("×")
        remove.setAutoRaise(True)
        remove.setToolTip(self.tr("Remove this image"))
        remove.setAccessibleName(self.tr("Remove image {name}").format(name=item.input.label))
        remove.clicked.connect(lambda: self.remove_clicked.emit(self.key))
        self.name = QLabel(self)
        self.name.setObjectName("imageName")
        self.info = QLabel(self)
        self.info.setObjectName("imageInfo")
        self.info.setWordWrap(True)  # a problem takes two lines (the rest is in its tool tip)
        self.info.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for label in (self.name, self.info):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        texts.addWidget(self.name)
        texts.addWidget(self.info, 1)
        self.info.setVisible(not compact)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignVCenter if compact else Qt.AlignmentFlag.AlignTop)
        self.update_item(item)

    def _text_width(self) -> int:
        return CARD_WIDTH - THUMB - 48  # margins, spacing and the remove button

    def update_item(self, item: TrayImage) -> None:
        metrics = self.name.fontMetrics()
        self.name.setText(
            metrics.elidedText(item.input.label, Qt.TextElideMode.ElideMiddle, self._text_width())
        )
        where = item.input.path or item.input.url or item.input.label
        if item.error is not None:
            self.setProperty("state", "error")
            self.picture.setText("⚠")
            self.info.setText(item.error.message)
            self.info.setToolTip(item.error.message)
            self.setAccessibleName(
                self.tr("{name}: {problem}").format(name=item.input.label, problem=item.error.message)
            )
        elif item.input.prepared is None:
            self.setProperty("state", "preparing")
            self.picture.setText("…")
            self.info.setText(self.tr("Preparing…"))
            self.setAccessibleName(self.tr("{name}, preparing").format(name=item.input.label))
        else:
            self.setProperty("state", "ready")
            att: ImageAttachment = item.input.prepared
            if item.thumbnail is not None and not item.thumbnail.isNull():
                pixmap = QPixmap.fromImage(item.thumbnail)
                ratio = self.devicePixelRatioF()
                target = self.picture.size() * ratio
                pixmap = pixmap.scaled(
                    target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
                pixmap.setDevicePixelRatio(ratio)
                self.picture.setPixmap(pixmap)
            text = self.tr("{w}×{h} · ≈{tokens} tokens").format(
                w=att.width, h=att.height, tokens=f"{att.estimated_tokens:,}"
            )
            self.info.setText(text)
            tip = [text, *att.actions]
            self.info.setToolTip("\n".join(tip))
            self.setAccessibleName(self.tr("{name}, {info}").format(name=item.input.label, info=text))
        # a compact chip shows no size nor problem: its name's tool tip tells them
        self.name.setToolTip(f"{where}\n{self.info.text()}" if self._compact else where)
        self.style().unpolish(self)
        self.style().polish(self)


class ImageTray(QFrame):
    images_changed = Signal()
    height_changed = Signal()

    def __init__(self, preparer: ImagePreparer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageTray")
        self.setAccessibleName(self.tr("Images to send"))
        self.setAcceptDrops(True)
        self._preparer = preparer
        self._keys = itertools.count(1)
        self._items: dict[int, TrayImage] = {}
        self._cards: dict[int, ImageCard] = {}
        self._card_queue: list[int] = []
        self._compact = False
        preparer.image_prepared.connect(self._on_preparer_image_prepared)
        preparer.image_failed.connect(self._on_preparer_image_failed)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(3, 3, 3, 3)
        outer.setSpacing(0)
        self.strip_scroll = QScrollArea(self)
        self.strip_scroll.setObjectName("imageTrayScroll")
        self.strip_scroll.setWidgetResizable(True)
        self.strip_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.strip_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        strip = QWidget()
        self.strip_layout = QHBoxLayout(strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.strip_layout.setSpacing(6)
        self.strip_layout.addStretch(1)
        self.strip_scroll.setWidget(strip)
        self.strip_scroll.setFixedHeight(CARD_HEIGHT)
        self.strip_scroll.horizontalScrollBar().rangeChanged.connect(self._on_strip_range_changed)
        outer.addWidget(self.strip_scroll, 1)
        self._update_visibility()

    def set_compact(self, compact: bool) -> None:
        """Small chips (on a short window) or the full ones."""
        if compact == self._compact:
            return
        self._compact = compact
        for key, card in list(self._cards.items()):
            new = ImageCard(self._items[key], self, compact=compact)
            new.remove_clicked.connect(self.remove)
            self.strip_layout.replaceWidget(card, new)
            card.setParent(None)
            card.deleteLater()
            self._cards[key] = new
        self._fit_strip_height()

    def is_compact(self) -> bool:
        return self._compact

    def height_for(self, *, compact: bool) -> int:
        """The tray's height with compact or full chips (and the scroll bar, if there are more than fit)."""
        layout = self.layout()
        inner = layout.contentsMargins() if layout is not None else QMargins()
        frame = self.contentsMargins()
        scroll = self.strip_scroll.horizontalScrollBar()
        bar = scroll.sizeHint().height() if scroll.maximum() > 0 else 0
        chips = COMPACT_HEIGHT if compact else CARD_HEIGHT
        return chips + bar + inner.top() + inner.bottom() + frame.top() + frame.bottom()

    def _on_strip_range_changed(self, _minimum: int, _maximum: int) -> None:
        self._fit_strip_height()

    def _fit_strip_height(self) -> None:
        # more chips than fit: room for the scroll bar below them, so it never covers their text
        scroll = self.strip_scroll.horizontalScrollBar()
        bar = scroll.sizeHint().height() if scroll.maximum() > 0 else 0
        height = (COMPACT_HEIGHT if self._compact else CARD_HEIGHT) + bar
        if height != self.strip_scroll.height() or height != self.strip_scroll.minimumHeight():
            self.strip_scroll.setFixedHeight(height)
            self.height_changed.emit()

    # -- model ---------------------------------------------------------------------------------------
    def items(self) -> list[TrayImage]:
        return list(self._items.values())

    def inputs(self) -> tuple[ImageInput, ...]:
        """The images to send (broken ones are left out)."""
        return tuple(item.input for item in self._items.values() if item.error is None)

    def has_errors(self) -> bool:
        return any(item.error is not None for item in self._items.values())

    def is_empty(self) -> bool:
        return not self._items

    def thumbnails(self) -> dict[int, QImage]:
        return {k: v.thumbnail for k, v in self._items.items() if v.thumbnail is not None}

    def add_inputs(self, inputs: list[ImageInput]) -> None:
        for item in inputs:
            self._items[item.key] = TrayImage(item)
            if item.prepared is None:
                self._preparer.prepare(item)
        self._add_cards([item.key for item in inputs])

    def restore(self, items: list[TrayImage]) -> None:
        """Put images back (after a failed or stopped request), keeping their prepared form."""
        keys = []
        for old in items:
            key = next(self._keys)
            self._items[key] = replace(old, input=replace(old.input, key=key))
            keys.append(key)
        self._add_cards(keys)

    def _add_cards(self, keys: list[int]) -> None:
        """Show cards for new images, a couple per turn of the event loop: dropping a dozen photos must not
        freeze the window while their cards are built."""
        self._card_queue.extend(keys)
        self._build_cards()
        self._update_visibility()
        if keys:
            self.images_changed.emit()

    def _build_cards(self) -> None:
        batch, self._card_queue = self._card_queue[:CARDS_PER_TICK], self._card_queue[CARDS_PER_TICK:]
        for key in batch:
            item = self._items.get(key)
            if item is None:  # removed before its card was built
                continue
            card = ImageCard(item, self, compact=self._compact)
            card.remove_clicked.connect(self.remove)
            self._cards[key] = card
            self.strip_layout.insertWidget(self.strip_layout.count() - 1, card)
        if self._card_queue:
            QTimer.singleShot(0, self._build_cards)
        elif batch and batch[-1] in self._cards:
            self.strip_scroll.ensureWidgetVisible(self._cards[batch[-1]])

    def add_paths(self, paths: Sequence[str], labels: Sequence[str] | None = None) -> None:
        """Add image files; each is labelled with its file name unless ``labels`` names them."""
        names = list(labels) if labels is not None else [Path(p).name for p in paths]
        self.add_inputs(
            [ImageInput(next(self._keys), name, path=p) for p, name in zip(paths, names, strict=True)]
        )

    def add_mime(self, mime: QMimeData, *, pasted: bool = False) -> bool:
        inputs = inputs_from_mime(mime, self._keys, pasted=pasted)
        self.add_inputs(inputs)
        return bool(inputs)

    def add_image(self, image: QImage, label: str = "Pasted image") -> None:
        self.add_inputs([ImageInput(next(self._keys), label, qimage=QImage(image))])

    @Slot(int)
    def remove(self, key: int) -> None:
        self._items.pop(key, None)
        card = self._cards.pop(key, None)
        if card is not None:
            card.setParent(None)
            card.deleteLater()
        self._update_visibility()
        self.images_changed.emit()

    def take_all(self) -> list[TrayImage]:
        """Empty the tray and return what was in it (the draft moves into the conversation)."""
        items = self.items()
        self._card_queue.clear()
        for key in list(self._items):
            self._items.pop(key)
            card = self._cards.pop(key, None)
            if card is not None:
                card.setParent(None)
                card.deleteLater()
        self._update_visibility()
        if items:
            self.images_changed.emit()
        return items

    def _update_visibility(self) -> None:
        if self.isHidden() == bool(self._items):
            self.setVisible(bool(self._items))
            self.height_changed.emit()

    # -- preparer results --------------------------------------------------------------------------
    @Slot(int, object, QImage)
    def _on_preparer_image_prepared(self, key: int, attachment: ImageAttachment, thumbnail: QImage) -> None:
        item = self._items.get(key)
        if item is None:
            return
        self._items[key] = TrayImage(replace(item.input, prepared=attachment), thumbnail)
        if key in self._cards:
            self._cards[key].update_item(self._items[key])
        self.images_changed.emit()

    @Slot(int, object)
    def _on_preparer_image_failed(self, key: int, error: VisionDesktopError) -> None:
        item = self._items.get(key)
        if item is None:
            return
        self._items[key] = TrayImage(item.input, None, error)
        if key in self._cards:
            self._cards[key].update_item(self._items[key])
        self.images_changed.emit()

    # -- drag and drop -------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if mime_has_images(event.mimeData()):
            event.acceptProposedAction()
            self.setProperty("dropping", True)
            self.style().polish(self)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if mime_has_images(event.mimeData()):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.setProperty("dropping", False)
        self.style().polish(self)

    def dropEvent(self, event: QDropEvent) -> None:
        self.setProperty("dropping", False)
        self.style().polish(self)
        if self.add_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()


def file_url(path: str) -> QUrl:
    return QUrl.fromLocalFile(path)
