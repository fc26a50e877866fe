"""The pieces of a turn: the usage line, an answer's plain text for Copy, writing a saved answer, the clickable
thumbnail and the view that streamed text is appended to."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
    QTextOption,
    QTextTable,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QSizePolicy,
    QTextEdit,
    QWidget,
)

from vision_desktop.core.models import Usage
from vision_desktop.ui.widgets.answer_text import SHOWN_CHARS, SafeLabel, shown_part

THUMB = QSize(96, 96)


def usage_text(usage: Usage, elapsed: float | None = None) -> str:
    if usage.reported:
        text = QGuiApplication.translate(
            "ConversationView", "{prompt} prompt · {completion} completion · {total} total tokens"
        ).format(
            prompt=f"{usage.prompt_tokens:,}",
            completion=f"{usage.completion_tokens:,}",
            total=f"{usage.total_tokens:,}",
        )
    else:
        text = QGuiApplication.translate("ConversationView", "token usage not reported by the service")
    if elapsed is not None:
        text += " · " + QGuiApplication.translate("ConversationView", "{seconds} s").format(
            seconds=f"{elapsed:.1f}"
        )
    return text


def selectable(label: SafeLabel) -> SafeLabel:
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    return label


_BULLETS = {
    QTextListFormat.Style.ListDisc: "•",
    QTextListFormat.Style.ListCircle: "◦",
    QTextListFormat.Style.ListSquare: "▪",
}


def plain_text(document: QTextDocument) -> str:
    """``document`` as plain text to paste anywhere: no Markdown syntax, list items keep their bullet or number
    and table rows are tab-separated (``toPlainText`` drops both)."""
    lines: list[str] = []
    row: list[str] = []
    table: QTextTable | None = None
    block = document.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        current = cursor.currentTable()
        if current is not None:
            if current is not table or current.cellAt(cursor).column() == 0:
                if row:
                    lines.append("\t".join(row))
                row, table = [], current
            row.append(block.text())
        else:
            if row:
                lines.append("\t".join(row))
                row, table = [], None
            text = block.text()
            items = block.textList()
            if items is not None:
                fmt = items.format()
                marker = _BULLETS.get(fmt.style()) or items.itemText(block)
                text = f"{'  ' * max(fmt.indent() - 1, 0)}{marker} {text}"
            lines.append(text)
        block = block.next()
    if row:
        lines.append("\t".join(row))
    return "\n".join(lines).replace("\u2028", "\n").replace("\xa0", " ").strip("\n")


def write_answer(path: str, text: str) -> str:
    """Write ``text`` to ``path`` (UTF-8, line ends as they are) through a temporary file: off the GUI thread."""
    target = Path(path)
    part = target.with_name(f".{target.name}.part")
    try:
        with open(part, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    return str(target)


class ThumbnailLabel(SafeLabel):
    """A picture of the question: a click (or Enter, Space) opens it large.

    Signals: ``activated(int)`` (its index in the question)."""

    activated = Signal(int)

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()  # the press is ours: the release opens the picture
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.index)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.index)
            event.accept()
            return
        super().keyPressEvent(event)


class StreamingText(QTextEdit):
    """Read-only text that grows with its content: streamed answers are appended here, then rendered as
    Markdown once at the end (appending costs only the new text; re-rendering every chunk would be quadratic).

    It holds only what :func:`shown_part` allows: a 50 MB stream or a 1 MB line does not grow it (or stall the
    window); once full, it takes no more."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("streamingText")
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(0)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.setWordWrapMode(
            QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
        )  # a long token never widens it
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 4)
        self.shown_chars = 0
        self.full = False
        self._line = 0  # characters on the last line

    def append(self, text: str) -> bool:  # type: ignore[override]
        """Add ``text`` at the end, up to the cap; returns whether all of it is shown."""
        piece = "" if self.full else shown_part(text, SHOWN_CHARS - self.shown_chars, self._line)
        if piece:
            cursor = self.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(piece)
            self.shown_chars += len(piece)
            newline = piece.rfind("\n")
            self._line = self._line + len(piece) if newline < 0 else len(piece) - newline - 1
        self.full = self.full or len(piece) < len(text)
        return not self.full

    def clear(self) -> None:
        super().clear()
        self.shown_chars = 0
        self.full = False
        self._line = 0

    def _fit(self, size: QSizeF) -> None:
        self.setFixedHeight(int(size.height()) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.height())

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # it has no scrolling of its own: the conversation scrolls
