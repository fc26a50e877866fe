"""The pictures of a question, large: a window of its own (not modal) opened from a thumbnail in the conversation.

It fits the picture to the window, zooms with Ctrl+wheel, ``+``, ``-`` and its buttons (``0`` fits again), goes
to the next and previous picture of the question with the arrow keys and its buttons, and closes with Esc. It
opens sized to the screen's available area.

A picture comes from a :class:`ViewerImage`: its ``source`` (the prepared image as a ``data:`` URL for a question
just sent, or the stored file for one from the history) is decoded on a worker thread; until then, and when it
cannot be read, the thumbnail is shown.

Signals of :class:`ImageViewer`: ``image_shown(int)`` (the picture at that index is on screen, decoded or not).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QKeyEvent, QKeySequence, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.workers.tasks import TaskRunner

MAX_PIXELS = 120_000_000
"""A picture with more pixels than this is not decoded (the thumbnail stays)."""
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.05, 16.0)


@dataclass(frozen=True)
class ViewerImage:
    """A picture to show: its name, where the full picture is (``data:`` URL or file; ``None``: only the
    thumbnail) and its thumbnail."""

    name: str
    source: str | Path | None = None
    thumbnail: QImage | None = None


def load_image(source: str | Path) -> QImage:
    """Decode a picture (off the GUI thread): a ``data:`` URL (base64) or a file, turned upright by its EXIF."""
    if isinstance(source, str) and source.startswith("data:"):
        head, _, payload = source.partition(",")
        if ";base64" not in head:
            raise ValueError("not a base64 data URL")
        try:
            data = base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("the picture's data is damaged") from exc
        image = QImage.fromData(QByteArray(data))
    else:
        reader = QImageReader(str(source))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and size.width() * size.height() > MAX_PIXELS:
            raise ValueError("the picture is too large to show")
        image = reader.read()
    if image.isNull():
        raise ValueError("the picture cannot be read")
    return image


class _Canvas(QScrollArea):
    """The picture in a scroll area; Ctrl+wheel zooms (the viewer is told through ``zoom_requested``)."""

    zoom_requested = Signal(int)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps:
                self.zoom_requested.emit(1 if steps > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)


class ImageViewer(QWidget):
    """A window showing one picture of a list at a time (see the module docstring)."""

    image_shown = Signal(int)

    def __init__(self, images: list[ViewerImage], index: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("imageViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.images = list(images)
        self.index = max(0, min(index, len(self.images) - 1))
        self.zoom = 1.0
        """1.0: fitted to the window; above zooms in, below zooms out."""
        self._decoded: dict[int, QImage] = {}
        self._failed: dict[int, str] = {}
        self._loading: set[int] = set()
        self._runner = TaskRunner(self, max_threads=1, name="imageViewer")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.canvas = _Canvas(self)
        self.canvas.setObjectName("imageViewerCanvas")
        self.canvas.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas.zoom_requested.connect(self._on_canvas_zoom_requested)
        self.picture = QLabel(self.canvas)
        self.picture.setObjectName("imageViewerPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.canvas.setWidget(self.picture)
        self.canvas.viewport().installEventFilter(self)
        layout.addWidget(self.canvas, 1)

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        self.previous_button = self._button(
            "imageViewerPrevious", self.tr("◀ Previous"), self.tr("Previous picture")
        )
        self.next_button = self._button("imageViewerNext", self.tr("Next ▶"), self.tr("Next picture"))
        self.caption = QLabel(self)
        self.caption.setObjectName("imageViewerCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_out_button = self._button("imageViewerZoomOut", self.tr("−"), self.tr("Zoom out"))
        self.fit_button = self._button("imageViewerFit", self.tr("Fit"), self.tr("Fit to the window"))
        self.zoom_in_button = self._button("imageViewerZoomIn", self.tr("+"), self.tr("Zoom in"))
        for widget in (self.previous_button, self.next_button):
            bar.addWidget(widget)
        bar.addWidget(self.caption, 1)
        for widget in (self.zoom_out_button, self.fit_button, self.zoom_in_button):
            bar.addWidget(widget)
        layout.addLayout(bar)
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._size_to_screen()
        self.show_image(self.index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows and Page Up/Down: previous and next; + and −: zoom; 0: fit; Esc: close."""
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down):
            self.show_next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up):
            self.show_previous()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) or event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus or event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _button(self, name: str, text: str, accessible: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _size_to_screen(self) -> None:
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        size = QSize(int(area.width() * 0.8), int(area.height() * 0.85))
        self.resize(size)
        frame = self.frameGeometry()
        frame.moveCenter(area.center())
        self.move(frame.topLeft())

    # -- which picture ---------------------------------------------------------------------------------------
    def show_image(self, index: int) -> None:
        if not self.images:
            return
        self.index = max(0, min(index, len(self.images) - 1))
        self.zoom = 1.0
        image = self.images[self.index]
        self.setWindowTitle(
            self.tr("{name} ({number} of {count})").format(
                name=image.name, number=self.index + 1, count=len(self.images)
            )
        )
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.images) - 1)
        self.previous_button.setVisible(len(self.images) > 1)
        self.next_button.setVisible(len(self.images) > 1)
        if image.source is not None and self.index not in self._decoded and self.index not in self._failed:
            self._load(self.index)
        self._render()
        self.image_shown.emit(self.index)

    def show_next(self) -> None:
        if self.index < len(self.images) - 1:
            self.show_image(self.index + 1)

    def show_previous(self) -> None:
        if self.index > 0:
            self.show_image(self.index - 1)

    def _load(self, index: int) -> None:
        if index in self._loading:
            return
        source = self.images[index].source
        assert source is not None
        self._loading.add(index)
        self._runner.run(
            lambda: load_image(source),
            lambda image: self._on_loaded(index, image),
            lambda exc: self._on_load_failed(index, exc),
        )

    def _on_loaded(self, index: int, image: QImage) -> None:
        self._loading.discard(index)
        self._decoded[index] = image
        if index == self.index:
            self._render()

    def _on_load_failed(self, index: int, exc: BaseException) -> None:
        self._loading.discard(index)
        self._failed[index] = str(exc)
        if index == self.index:
            self._render()

    @property
    def current_image(self) -> QImage | None:
        """The picture on screen: decoded, or the thumbnail until then (``None``: nothing to show)."""
        decoded = self._decoded.get(self.index)
        if decoded is not None:
            return decoded
        return self.images[self.index].thumbnail if self.images else None

    @property
    def loaded(self) -> bool:
        """Whether the picture on screen is the full one (or the only one there is)."""
        image = self.images[self.index]
        return self.index in self._decoded or image.source is None or self.index in self._failed

    # -- zoom ------------------------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.zoom / ZOOM_STEP)

    def fit(self) -> None:
        self._set_zoom(1.0)

    def _on_canvas_zoom_requested(self, direction: int) -> None:
        self.zoom_in() if direction > 0 else self.zoom_out()

    def _set_zoom(self, zoom: float) -> None:
        low, high = ZOOM_RANGE
        zoom = max(low, min(zoom, high))
        if zoom != self.zoom:
            self.zoom = zoom
            self._render()

    def fitted_scale(self) -> float:
        """The scale at which the picture fits the window."""
        image = self.current_image
        if image is None or image.isNull():
            return 1.0
        room = self.canvas.maximumViewportSize()  # (without the scroll bars of a zoomed picture)
        ratio = image.devicePixelRatio()
        width, height = image.width() / ratio, image.height() / ratio
        fit = min(room.width() / max(width, 1), room.height() / max(height, 1))
        # a small picture is not blown up, unless only its thumbnail is there to show
        return fit if self.images[self.index].source is None else min(1.0, fit)

    @property
    def scale(self) -> float:
        """The picture's scale on screen (1: one image pixel per device-independent pixel)."""
        return self.fitted_scale() * self.zoom

    def _render(self) -> None:
        image = self.current_image
        caption = self.images[self.index].name if self.images else ""
        if self.index in self._failed:
            caption = self.tr("{name}: {reason}").format(name=caption, reason=self._failed[self.index])
        elif not self.loaded:
            caption = self.tr("{name} (loading…)").format(name=caption)
        self.caption.setText(caption)
        self.caption.setToolTip(caption)
        if image is None or image.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.tr("No picture to show"))
            self.picture.resize(self.canvas.viewport().size())
            return
        self.picture.setText("")
        scale = self.scale
        ratio = self.devicePixelRatioF()
        size = QSize(max(1, round(image.width() * scale)), max(1, round(image.height() * scale)))
        pixmap = QPixmap.fromImage(
            image.scaled(
                size * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)
        self.picture.resize(size.expandedTo(self.canvas.viewport().size()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canvas.viewport() and event.type() == QEvent.Type.Resize and self.zoom == 1.0:
            self._render()  # fitted: it follows the window's size
        return False
