"""The question box: multi-line; Ctrl+Enter (Cmd+Enter on macOS) sends; pasting an image adds it to the tray.

Signals: ``send_requested()``, ``images_pasted(QMimeData)``.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from vision_desktop.ui.widgets.image_tray import mime_has_images


class PromptEdit(QPlainTextEdit):
    send_requested = Signal()
    images_pasted = Signal(QMimeData)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptEdit")
        self.setTabChangesFocus(True)
        self.setPlaceholderText(self.tr("Ask about your images…  (Ctrl+Enter to send)"))
        self.setAccessibleName(self.tr("Question"))
        self.setAccessibleDescription(self.tr("Type your question; press Ctrl+Enter to send it."))

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
