"""The question box: multi-line; Ctrl+Enter (Cmd+Enter on macOS) sends; pasting an image adds it to the tray.

It is compact: two lines tall when empty, it grows with its text (wrapped lines count) up to
:attr:`PromptEdit.max_lines` lines, or a third of the window's height on a small window, and scrolls beyond that, so
the conversation keeps the room.

Signals: ``send_requested()``, ``images_pasted(QMimeData)``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

from vision_desktop.ui.widgets.image_tray import mime_has_images

# Above this many characters the box is simply as tall as it may be: counting wrapped lines of a huge paste on
# every keystroke would cost more than it helps.
_COUNTED_CHARS = 20_000


class PromptEdit(QPlainTextEdit):
    send_requested = Signal()
    images_pasted = Signal(QMimeData)

    min_lines = 2
    max_lines = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptEdit")
        self.setTabChangesFocus(True)
        self.setPlaceholderText(self.tr("Ask about your images…  (Ctrl+Enter to send)"))
        self.setAccessibleName(self.tr("Question"))
        self.setAccessibleDescription(self.tr("Type your question; press Ctrl+Enter to send it."))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._height_limit = 1 << 20
        self._fitting = False
        self._refit = False
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._fit_height()

    # -- height ----------------------------------------------------------------------------------------
    def set_height_limit(self, pixels: int) -> None:
        """The tallest the box may grow (the window gives a share of its height); never below two lines."""
        self._height_limit = max(pixels, self._height_for(self.min_lines))
        self._fit_height()

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        frame = margins.top() + margins.bottom()
        document = self.document()
        padding = 2 * document.documentMargin()
        line = self.fontMetrics().lineSpacing()
        # QPlainTextEdit shows a scroll bar unless a pixel is left below the last line
        return math.ceil(lines * line + padding + frame) + 2

    def _wrapped_lines(self) -> int:
        document = self.document()
        if document.characterCount() > _COUNTED_CHARS:
            return self.max_lines
        lines = 0
        block = document.begin()
        while block.isValid() and lines < self.max_lines:
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        return lines

    def _fit_height(self) -> None:
        if self._fitting:  # resizing re-wraps the text, which calls back here: finish this one first
            self._refit = True
            return
        self._fitting = True
        try:
            for _ in range(3):
                self._refit = False
                lines = min(max(self._wrapped_lines(), self.min_lines), self.max_lines)
                height = min(self._height_for(lines), self._height_limit)
                if height != self.minimumHeight() or height != self.maximumHeight():
                    self.setFixedHeight(height)
                if not self._refit:
                    break
        finally:
            self._fitting = False

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._height_for(self.min_lines))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), self._height_for(self.min_lines))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_height()  # a new width wraps the text into more or fewer lines

    # -- keys and pastes -------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            # Qt maps Cmd to ControlModifier on macOS, so this is Cmd+Enter there
            event.accept()
            self.send_requested.emit()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return mime_has_images(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        # Images (and image files) go to the tray; text is pasted as text.
        if (
            source.hasImage()
            or (source.hasUrls() and not source.hasText())
            or (source.hasUrls() and all(u.isLocalFile() for u in source.urls()))
        ):
            copy = QMimeData()
            for fmt in source.formats():
                copy.setData(fmt, source.data(fmt))
            if source.hasImage():
                copy.setImageData(source.imageData())
            if source.hasUrls():
                copy.setUrls(source.urls())
            self.images_pasted.emit(copy)
            return
        super().insertFromMimeData(source)
