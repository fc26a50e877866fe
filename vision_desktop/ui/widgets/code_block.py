"""A fenced code block of an answer: monospace, on its own background, with a Copy button of its own.

Long lines do not wrap and do not widen the conversation: the block scrolls sideways inside itself (a
horizontal scroll bar appears under it when a line is wider than the block). Its height fits its lines; the
wheel scrolls the conversation, Shift+wheel (or a sideways wheel) scrolls the block.

The code is shown as plain text (never Markdown or HTML), with bidi controls and invisible characters shown as
``<U+XXXX>`` like the rest of an answer; Copy takes the code exactly as the model wrote it.

Signals of :class:`CodeBlock`: ``copied(str)`` (the code was put on the clipboard).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPalette, QTextOption, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.ui.theme import code_background, quote_bar
from vision_desktop.ui.widgets.bidi import neutralise


def _tr(text: str) -> str:
    return QCoreApplication.translate("CodeBlock", text)


class CodeView(QPlainTextEdit):
    """The code itself: read-only, no wrapping, as tall as its lines, scrolling sideways only."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = 1
        self.setObjectName("codeView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setWordWrapMode(QTextOption.WrapMode.NoWrap)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._set_code_font()
        self.document().setDocumentMargin(6)
        self.setPlainText(neutralise(code))
        self._lines = max(1, self.blockCount())
        self.horizontalScrollBar().rangeChanged.connect(lambda _lo, _hi: self._fit())
        self._fit()

    def _set_code_font(self) -> None:
        """The system's fixed-width family, at the size of the text around it: only the family is set, so the
        size stays inherited and follows the text size the person chooses (Ctrl+plus, Settings)."""
        font = QFont()
        font.setFamilies(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).families())
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setFixedPitch(True)
        self.setFont(font)

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        margin = int(self.document().documentMargin())
        height = self._lines * metrics.lineSpacing() + 2 * margin + 2
        bar = self.horizontalScrollBar()
        if bar.maximum() > 0:
            height += bar.sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.height())

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        sideways = abs(delta.x()) > abs(delta.y()) or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if sideways and self.horizontalScrollBar().maximum() > 0:
            step = delta.x() if abs(delta.x()) > abs(delta.y()) else delta.y()
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - step)
            event.accept()
            return
        event.ignore()  # up and down: the conversation scrolls


class CodeBlock(QFrame):
    """A code block: a small header (the language, if given, and Copy) over the :class:`CodeView`."""

    copied = Signal(str)

    def __init__(self, code: str, language: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeBlock")
        self.setAccessibleName(_tr("Code block"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(True)
        self.code = code
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        header = QHBoxLayout()
        header.setContentsMargins(8, 2, 2, 0)
        self.language = QLabel(self)
        self.language.setObjectName("codeLanguage")
        self.language.setTextFormat(Qt.TextFormat.PlainText)
        self.language.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        shown = neutralise(language.strip())
        self.language.setText(shown[:40])
        self.language.setToolTip(shown)
        header.addWidget(self.language, 1)
        self.copy_button = QToolButton(self)
        self.copy_button.setObjectName("copyCodeButton")
        self.copy_button.setText(_tr("Copy"))
        self.copy_button.setAccessibleName(_tr("Copy code"))
        self.copy_button.setToolTip(_tr("Copy this code to the clipboard"))
        self.copy_button.setAutoRaise(True)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        header.addWidget(self.copy_button)
        layout.addLayout(header)
        self.view = CodeView(code, self)
        self.view.setAccessibleName(_tr("Code"))
        layout.addWidget(self.view)
        self._apply_palette()

    def _apply_palette(self) -> None:
        palette = self.palette()
        background, border = code_background(palette), quote_bar(palette)
        palette.setColor(QPalette.ColorRole.Window, background)
        palette.setColor(QPalette.ColorRole.Base, background)
        palette.setColor(QPalette.ColorRole.WindowText, border)  # the frame's line
        self._applying = True
        self.setPalette(palette)
        self._applying = False
        self.setFrameShape(QFrame.Shape.Box)
        self.view.setPalette(palette)
        self.view.viewport().setBackgroundRole(QPalette.ColorRole.Base)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # the theme changed (light, dark): the colours are derived again from the window's palette
        if event.type() == QEvent.Type.ApplicationPaletteChange and not getattr(self, "_applying", False):
            self.setPalette(QPalette())
            self._apply_palette()

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.code)
        self.copy_button.setText(_tr("Copied"))
        QTimer.singleShot(1500, self.copy_button, lambda: self.copy_button.setText(_tr("Copy")))
        self.copied.emit(self.code)

    def sizeHint(self) -> QSize:
        return QSize(200, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())
