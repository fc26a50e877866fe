"""The draft's images: drop, paste, pick; thumbnails with name, final size and estimated tokens.

The tray is a strip of cards above the question and takes no room at all while it is empty (the composer's
"Add images…" button, a drop anywhere on the window and Ctrl+V fill it).

Signals: ``images_changed()`` (the list or a state changed), ``height_changed()`` (shown, hidden, or a scroll bar
came or went under the chips).
Each image is prepared off the GUI thread by an :class:`ImagePreparer`, for the model the question goes to
(:meth:`ImageTray.set_profile`: when the model changes, the images already in the tray are prepared again for it
and show "Preparing…" meanwhile; a question sent before they are ready waits for them, as for any image still
being prepared). A tall or wide picture may be cut into tiles: its chip shows a "4 tiles" button whose menu (and
the chip's context menu) offers "Don't split into tiles", and "Split into tiles" back. A broken file shows its
message in place of the thumbnail and the other images stay.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QMargins, QMimeData, QSize, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.models import ImageAttachment
from vision_desktop.core.profiles import DEFAULT_PROFILE, ModelProfile
from vision_desktop.images.sources import is_pdf
from vision_desktop.ui.timers import single_shot_timer
from vision_desktop.workers.image_preparer import (
    DraftInput,
    ImageFailure,
    ImagePreparer,
    PreparedImage,
    attachments_of,
)
from vision_desktop.workers.jobs import ImageInput

THUMB = 44  # a chip: the thumbnail on the left, name and size (or the problem) on its right
CARD_WIDTH = 200
CARD_HEIGHT = 56
# On a short window the chips are compact: a small thumbnail and the name (size and tokens, or the problem, in the
# tool tip; a problem also in the chip's red border).
COMPACT_THUMB = 20
COMPACT_HEIGHT = 28
CARDS_PER_TICK = 2
WARM_UP_MS = 700  # after start-up's own work, well before a person drops the first image


@dataclass(frozen=True)
class TrayImage:
    input: ImageInput
    thumbnail: QImage | None = None
    error: VisionDesktopError | None = None

    @property
    def ready(self) -> bool:
        return bool(attachments_of(self.input))

    @property
    def key(self) -> int:
        return self.input.key

    @property
    def tiles(self) -> int:
        """How many tiles the picture was cut into (0: not cut, or not prepared yet)."""
        count = len(attachments_of(self.input))
        return count if count > 1 else 0

    @property
    def split(self) -> bool:
        """Whether the picture may be cut into tiles (the person can say no per image)."""
        return getattr(self.input, "split", True)


def _same(a: ModelProfile | None, b: ModelProfile | None) -> bool:
    """Whether images prepared for ``a`` suit ``b`` (``None`` is the default profile)."""
    return (a or DEFAULT_PROFILE) == (b or DEFAULT_PROFILE)


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
    """One chip. Signals: ``remove_clicked(int)`` and ``split_chosen(int, bool)`` (the key, and whether the
    picture may be cut into tiles)."""

    remove_clicked = Signal(int)
    split_chosen = Signal(int, bool)

    def __init__(self, item: TrayImage, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.key = item.key
        self._compact = compact
        self._tiles_shown = False
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
        # the "4 tiles" badge: beside the size on a full chip, beside the name on a compact one
        self.tile_button = QToolButton(self)
        self.tile_button.setObjectName("tileButton")
        self.tile_button.setAutoRaise(True)
        self.tile_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.tile_button.clicked.connect(self._on_tile_button_clicked)
        self.tile_button.hide()
        name_row = QHBoxLayout()
        name_row.setContentsMargins(0, 0, 0, 0)
        name_row.setSpacing(2)
        name_row.addWidget(self.name, 1)
        info_row = QHBoxLayout()
        info_row.setContentsMargins(0, 0, 0, 0)
        info_row.setSpacing(2)
        (name_row if compact else info_row).addWidget(self.tile_button, 0, Qt.AlignmentFlag.AlignTop)
        info_row.addWidget(self.info, 1)
        texts.addLayout(name_row)
        texts.addLayout(info_row, 1)
        self.info.setVisible(not compact)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignVCenter if compact else Qt.AlignmentFlag.AlignTop)
        self.update_item(item)

    def _text_width(self) -> int:
        badge = self.tile_button.sizeHint().width() + 2 if self._compact and self._tiles_shown else 0
        return CARD_WIDTH - THUMB - 48 - badge  # margins, spacing, the remove button (and a compact badge)

    def _on_tile_button_clicked(self) -> None:
        menu = self.split_menu()
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.tile_button.mapToGlobal(self.tile_button.rect().bottomLeft()))

    def split_menu(self) -> QMenu | None:
        """The menu of tiling choices for this picture, or ``None`` when there is nothing to choose (the picture
        is not cut into tiles and the person did not refuse it)."""
        item = self._item
        if item.error is not None or (item.split and not item.tiles):
            return None
        menu = QMenu(self)
        menu.setObjectName("tileMenu")
        if item.split:
            action = menu.addAction(self.tr("Don't split into tiles"))
            action.setObjectName("dontSplitAction")
            action.setToolTip(self.tr("Send this picture whole, made smaller to fit"))
            action.triggered.connect(lambda: self.split_chosen.emit(self.key, False))
        else:
            action = menu.addAction(self.tr("Split into tiles"))
            action.setObjectName("splitAction")
            action.setToolTip(
                self.tr("Cut this tall or wide picture into tiles so that its text stays readable")
            )
            action.triggered.connect(lambda: self.split_chosen.emit(self.key, True))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.split_menu()
        if menu is None:
            event.ignore()
            return
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def _update_tile_button(self, item: TrayImage) -> None:
        if item.error is not None or (item.split and not item.tiles):
            self._tiles_shown = False
            self.tile_button.hide()
            return
        self._tiles_shown = True
        if item.tiles:
            self.tile_button.setText(self.tr("{count} tiles").format(count=item.tiles))
            self.tile_button.setToolTip(
                self.tr(
                    "This tall or wide picture is sent as {count} tiles so that its text stays readable. "
                    "Click to send it whole instead."
                ).format(count=item.tiles)
            )
            self.tile_button.setAccessibleName(
                self.tr("{name} is split into {count} tiles").format(name=item.input.label, count=item.tiles)
            )
        else:
            self.tile_button.setText(self.tr("Not split"))
            self.tile_button.setToolTip(self.tr("Sent whole, not split into tiles. Click to split it."))
            self.tile_button.setAccessibleName(
                self.tr("{name} is not split into tiles").format(name=item.input.label)
            )
        self.tile_button.show()

    def update_item(self, item: TrayImage) -> None:
        self._item = item
        self._update_tile_button(item)
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
        elif not item.ready:
            self.setProperty("state", "preparing")
            if not self._show_thumbnail(item):  # prepared again for another model: the picture stays
                self.picture.setText("…")
            self.info.setText(self.tr("Preparing…"))
            self.info.setToolTip("")
            self.setAccessibleName(self.tr("{name}, preparing").format(name=item.input.label))
        else:
            self.setProperty("state", "ready")
            parts = attachments_of(item.input)
            att: ImageAttachment = parts[0]
            self._show_thumbnail(item)
            tokens = f"{sum(a.estimated_tokens for a in parts):,}"
            if len(parts) > 1:  # the badge beside it says how many tiles
                text = self.tr("≈{tokens} tokens").format(tokens=tokens)
            else:
                text = self.tr("{w}×{h} · ≈{tokens} tokens").format(w=att.width, h=att.height, tokens=tokens)
            self.info.setText(text)
            tip = [text, *att.actions]
            if len(parts) > 1:
                tip.insert(
                    1, self.tr("{count} tiles of {w}×{h}").format(count=len(parts), w=att.width, h=att.height)
                )
            self.info.setToolTip("\n".join(tip))
            self.setAccessibleName(self.tr("{name}, {info}").format(name=item.input.label, info=text))
        # a compact chip shows no size nor problem: its name's tool tip tells them
        self.name.setToolTip(f"{where}\n{self.info.text()}" if self._compact else where)
        # a restyle costs: only on a change of state
        if self.property("shownState") != self.property("state"):
            self.setProperty("shownState", self.property("state"))
            self.style().unpolish(self)
            self.style().polish(self)

    def _show_thumbnail(self, item: TrayImage) -> bool:
        """Show the item's thumbnail (once per thumbnail); whether there is one."""
        if item.thumbnail is None or item.thumbnail.isNull():
            return False
        if item.thumbnail is not getattr(self, "_shown_thumbnail", None):
            self._shown_thumbnail = item.thumbnail
            ratio = self.devicePixelRatioF()
            target = self.picture.size() * ratio
            # the worker made it small (192 px): scaling it to the chip here costs little
            small = item.thumbnail.scaled(
                target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            pixmap = QPixmap.fromImage(small)
            pixmap.setDevicePixelRatio(ratio)
            self.picture.setPixmap(pixmap)
        return True


class ImageTray(QFrame):
    images_changed = Signal()
    height_changed = Signal()
    pdf_added = Signal(str)
    """A PDF file was dropped, pasted or chosen: the window asks which pages become images."""

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
        self._profile: ModelProfile | None = None
        self._tiles = True  # the default for pictures the person did not choose for
        self._chosen_split: set[int] = set()  # keys of images whose tiling the person chose
        self._generation: dict[int, int] = {}  # the latest preparation asked for each key
        preparer.image_prepared.connect(self._on_preparer_image_prepared)
        preparer.image_failed.connect(self._on_preparer_image_failed)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(3, 3, 3, 3)
        outer.setSpacing(0)
        self.strip_scroll = QScrollArea(self)
        self.strip_scroll.setObjectName("imageTrayScroll")
        self.strip_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own: its chips are
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
        # The first chip's style costs ~10 ms (its style sheet rules and fonts are worked out once): pay it while
        # the window is idle after start-up, not on the first drop, where it adds to preparing the cards.
        self._warm_timer = single_shot_timer(self, WARM_UP_MS, self._on_warm_timer_timeout)
        self._warm_timer.start()

    def _on_warm_timer_timeout(self) -> None:
        if self._cards:
            return
        card = ImageCard(TrayImage(ImageInput(0, "")), self)  # never shown: its polish is what warms up
        card.deleteLater()

    def set_compact(self, compact: bool) -> None:
        """Small chips (on a short window) or the full ones."""
        if compact == self._compact:
            return
        self._compact = compact
        for key, card in list(self._cards.items()):
            new = self._new_card(self._items[key])
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

    # -- the model the images go to ---------------------------------------------------------------
    def set_profile(self, profile: ModelProfile, *, tiles: bool | None = None) -> None:
        """Prepare the images for ``profile`` (the model's, from ``Settings.profile()``), and by default cut tall
        or wide pictures into tiles or not (``tiles``, from ``Settings.tile_images``; ``None`` keeps the current
        default). Images already in the tray that were prepared otherwise are prepared again, off the GUI thread,
        and show "Preparing…" meanwhile; a choice made for one image stays."""
        changed_tiles = tiles is not None and tiles != self._tiles
        if _same(profile, self._profile) and not changed_tiles:
            return
        self._profile = profile
        if tiles is not None:
            self._tiles = tiles
        again = [
            key
            for key, item in self._items.items()
            if not _same(getattr(item.input, "profile", None), profile)
            or (key not in self._chosen_split and item.split != self._tiles)
        ]
        for key in again:
            self._prepare_again(key)
        if again:
            self.images_changed.emit()

    def profile(self) -> ModelProfile | None:
        """The profile images are prepared for (``None``: the default, until :meth:`set_profile`)."""
        return self._profile

    @Slot(int, bool)
    def set_split(self, key: int, split: bool) -> None:
        """Let the image of ``key`` be cut into tiles, or send it whole; it is prepared again."""
        item = self._items.get(key)
        if item is None:
            return
        self._chosen_split.add(key)
        if item.split != split:
            self._prepare_again(key, split=split)
            self.images_changed.emit()

    def _draft(self, item: ImageInput, *, split: bool | None = None) -> DraftInput:
        """``item`` as a draft image for the current profile (``split``: the tiling choice, default the tray's)."""
        fields = {name: getattr(item, name) for name in ImageInput.__dataclass_fields__}
        keep = getattr(item, "split", self._tiles) if item.key in self._chosen_split else self._tiles
        return DraftInput(**fields, profile=self._profile, split=keep if split is None else split)

    def _prepare_again(self, key: int, *, split: bool | None = None) -> None:
        item = self._items[key]
        fresh = replace(self._draft(item.input, split=split), prepared=None, tiles=())
        self._items[key] = TrayImage(fresh, item.thumbnail)  # the picture stays while it is prepared again
        if key in self._cards:
            self._cards[key].update_item(self._items[key])
        self._prepare(fresh)

    def _prepare(self, item: DraftInput) -> None:
        generation = self._generation.get(item.key, 0) + 1
        self._generation[item.key] = generation
        self._preparer.prepare(item, generation)

    # -- the images ----------------------------------------------------------------------------------
    def add_inputs(self, inputs: list[ImageInput]) -> None:
        drafts = []
        for item in inputs:
            if item.path and is_pdf(item.path) and "#page=" not in item.path:
                self.pdf_added.emit(item.path)  # its pages are chosen first
                continue
            if isinstance(item, DraftInput) and _same(item.profile, self._profile):
                draft = item
            else:
                draft = self._draft(item)  # prepared already: for the default profile
                if not _same(self._profile, None):
                    draft = replace(draft, prepared=None, tiles=())
            drafts.append(draft)
            self._items[draft.key] = TrayImage(draft)
            if not attachments_of(draft):
                self._prepare(draft)
        self._add_cards([item.key for item in drafts])

    def restore(self, items: list[TrayImage]) -> None:
        """Put images back (after a failed or stopped request), keeping their prepared form (prepared again
        if the model changed meanwhile)."""
        keys = []
        for old in items:
            key = next(self._keys)
            split = getattr(old.input, "split", self._tiles)
            if split != self._tiles:
                self._chosen_split.add(key)
            self._items[key] = replace(old, input=replace(old.input, key=key))
            keys.append(key)
            if not _same(getattr(old.input, "profile", None), self._profile) and old.error is None:
                self._prepare_again(key, split=split)
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
            card = self._new_card(item)
            self._cards[key] = card
            self.strip_layout.insertWidget(self.strip_layout.count() - 1, card)
        if self._card_queue:
            QTimer.singleShot(0, self._build_cards)
        elif batch and batch[-1] in self._cards:
            self.strip_scroll.ensureWidgetVisible(self._cards[batch[-1]])

    def _new_card(self, item: TrayImage) -> ImageCard:
        card = ImageCard(item, self, compact=self._compact)
        card.remove_clicked.connect(self.remove)
        card.split_chosen.connect(self.set_split)
        return card

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
        self._generation.pop(key, None)
        self._chosen_split.discard(key)
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
        self._generation.clear()
        self._chosen_split.clear()
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
    def _current(self, key: int, generation: int) -> TrayImage | None:
        """The item a result is for, unless it was removed or asked again since (another model, another choice)."""
        if self._generation.get(key) != generation:
            return None
        return self._items.get(key)

    @Slot(object)
    def _on_preparer_image_prepared(self, result: PreparedImage) -> None:
        key = result.key
        item = self._current(key, result.generation)
        if item is None:
            return
        parts = result.attachments
        prepared = replace(item.input, prepared=parts[0])
        if isinstance(prepared, DraftInput) and len(parts) > 1:
            # no one ``prepared`` image: what reads it alone (the saved draft, the viewer) must not take the
            # first tile for the picture
            prepared = replace(prepared, prepared=None, tiles=parts)
        self._items[key] = TrayImage(prepared, result.thumbnail)
        if key in self._cards:
            self._cards[key].update_item(self._items[key])
        self.images_changed.emit()

    @Slot(object)
    def _on_preparer_image_failed(self, failure: ImageFailure) -> None:
        key, error = failure.key, failure.error
        item = self._current(key, failure.generation)
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
