"""Dialogs sized to their content, growing when feedback appears, and never larger than the screen.

:class:`ScrollingBody` holds a dialog's form in a scroll area that asks for the room its content needs (so the
dialog opens showing everything) and shows a scroll bar only when the screen is too small for that (Settings at
200 % on a 768-pixel laptop). :class:`FittedDialog` sizes itself with :meth:`FittedDialog.fit_to_content` when
it opens and grows (never past the screen's available area) whenever its content asks for more room: a "Will
use …" note, a Test result, an error sentence.

:func:`set_tone` colours a feedback label from the palette: ``"info"`` in the muted text colour, ``"error"`` in
red, ``"ok"`` in green, readable on light and dark themes alike.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from vision_desktop.ui.theme import style_tokens

Tone = Literal["info", "error", "ok"]

FRAME_ALLOWANCE = QSize(16, 48)
"""The title bar and borders a window manager adds around a dialog, used until the real frame is known."""


def set_tone(label: QLabel, tone: Tone) -> None:
    """Colour ``label`` for ``tone``: informational notes neutral, errors red, success green.

    The colour goes into the label's own style sheet, which wins over the application's (whose ``#baseUrlNote``
    rule paints every note red): the palette's muted text colour for ``"info"``, a red or green readable on
    the window's background for the others. :class:`FittedDialog` applies the tones again when the palette
    changes (light to dark).
    """
    label.setProperty("tone", tone)
    if tone == "info":
        label.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        return
    colour = style_tokens(label.palette())["error" if tone == "error" else "success"]
    label.setStyleSheet(f"QLabel {{ color: {colour}; }}")


def available_area(widget: QWidget) -> QRect:
    """The part of ``widget``'s screen that windows may use (without task bars and docks)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_extra(window: QWidget) -> QSize:
    """How much the window manager's frame adds to ``window``'s size (an allowance before it is shown)."""
    if window.isVisible():
        extra = window.frameGeometry().size() - window.geometry().size()
        if extra.width() > 0 or extra.height() > 0:
            return extra
    return FRAME_ALLOWANCE


class ScrollingBody(QScrollArea):
    """A frameless scroll area whose size hint is its content's, so a layout gives it all the room it needs.

    It reports height-for-width (word-wrapped labels inside get taller as the dialog gets narrower) and asks its
    window to lay out again when the content's size changes (a label shown, a longer sentence).
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogBody")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # The content's height is its height for the viewport's width; its minimum size hint is larger (a
        # form's minimum counts word-wrapped labels at their narrowest) and would leave gaps between the rows.
        content_policy = content.sizePolicy()
        content_policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
        content.setSizePolicy(content_policy)
        self.setWidget(content)
        content.installEventFilter(self)

    def _content(self) -> QWidget:
        content = self.widget()
        assert content is not None, "a ScrollingBody always holds its content"
        return content

    def _extra(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def sizeHint(self) -> QSize:
        content = self._content()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        height = self.heightForWidth(hint.width() + self._extra().width())
        return (
            QSize(hint.width(), hint.height() if height < 0 else height - self._extra().height())
            + self._extra()
        )

    def minimumSizeHint(self) -> QSize:
        # Small, so the dialog can always be made to fit the screen: the content scrolls instead.
        content = self._content()
        line = self.fontMetrics().height()
        width = min(content.minimumSizeHint().width(), 24 * line)
        return QSize(width, 4 * line) + self._extra()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        content = self._content()
        inner = max(0, width - self._extra().width())
        inner = max(inner, content.minimumSizeHint().width())
        height = content.heightForWidth(inner) if content.hasHeightForWidth() else -1
        if height < 0:
            height = content.sizeHint().height()
        return height + self._extra().height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._content() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the dialog's layout asks again, and the dialog grows (FittedDialog.event)
        return super().eventFilter(watched, event)


class FittedDialog(QDialog):
    """A dialog that opens at its content's size, grows when its content grows, and stays on the screen.

    Subclasses build their layout, then call :meth:`fit_to_content`; ``preferred_width`` is the width they look
    best at (the content's own width hint is used when larger), in device-independent pixels.
    """

    preferred_width = 560

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitted_once = False
        self._fitting = False

    # -- sizing ---------------------------------------------------------------------------------------------
    def largest_size(self) -> QSize:
        """The largest size (without the frame) that keeps the whole window inside the available area."""
        area = available_area(self).size()
        extra = frame_extra(self)
        return QSize(max(1, area.width() - extra.width()), max(1, area.height() - extra.height()))

    def content_size(self, width: int | None = None) -> QSize:
        """The size that shows all of the content at ``width`` (default: the preferred width)."""
        layout = self.layout()
        assert layout is not None, "content_size needs the dialog's layout"
        layout.activate()
        hint = layout.totalSizeHint()
        if width is None:
            width = max(hint.width(), self.preferred_width)
        width = max(width, layout.totalMinimumSize().width())
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        return QSize(width, hint.height() if height < 0 else height)

    def fit_to_content(self, *, grow_only: bool = False) -> None:
        """Resize to show all content (growing only, with ``grow_only``), capped to the available area."""
        if self._fitting or self.layout() is None:
            return
        self._fitting = True
        try:
            largest = self.largest_size()
            width = min(self.width() if grow_only else self.content_size().width(), largest.width())
            needed = self.content_size(width)
            wider = min(largest.width(), self.preferred_width * 5 // 4)
            if needed.height() > largest.height() and width < wider:
                # too tall for the screen: a little wider, so word-wrapped text takes fewer lines
                width = wider
                needed = self.content_size(width)
            height = min(needed.height(), largest.height())
            if grow_only:
                height = max(height, min(self.height(), largest.height()))
            self.setMaximumSize(QSize(16777215, 16777215))
            self.setMinimumSize(
                min(self.minimumSizeHint().width(), largest.width()),
                min(self.minimumSizeHint().height(), largest.height()),
            )
            if QSize(width, height) != self.size():
                self.resize(width, height)
            if self.isVisible():
                self.keep_on_screen()
        finally:
            self._fitting = False

    def keep_on_screen(self) -> None:
        """Move the window so that its frame lies inside the available area (if it can)."""
        area = available_area(self)
        frame = self.frameGeometry()
        x = min(max(frame.x(), area.left()), max(area.left(), area.right() + 1 - frame.width()))
        y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() + 1 - frame.height()))
        if QPoint(x, y) != frame.topLeft():
            self.move(x, y)

    # -- Qt overrides ---------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted_once:
            self._fitted_once = True
            self.fit_to_content()
        self.keep_on_screen()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self.fit_to_content(grow_only=True)
        return handled

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for label in self.findChildren(QLabel):
                tone = label.property("tone")
                if tone in ("error", "ok"):
                    set_tone(label, tone)
