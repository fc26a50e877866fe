"""The conversation: a scrolling column of :class:`~vision_desktop.ui.widgets.turn_widget.TurnWidget`, which
follows a streaming answer unless the reader scrolled up (then "Jump to latest"), and keeps what the reader looks
at in place while older turns appear above it.

The turns are placed by :class:`TurnColumn`, not by a ``QVBoxLayout``: a box layout of hundreds of turns asks
every turn for its height at two widths (its own and its minimum) on each change, so adding one turn above a
500-turn conversation cost 50-100 ms. The column asks each turn only at its one width, where the turn's layout
has the answer cached, and adding a turn costs the same at turn 10 as at turn 500.

Signals of :class:`ConversationView`, each with the :class:`TurnWidget` acted on (``object``) unless said:

* ``restore_requested``: a failed or stopped turn's "Put the question back in the box"
* ``retry_requested``: Retry on a failed or stopped turn
* ``regenerate_requested``: Regenerate on an answer
* ``edit_requested``: Edit on a question (to change it and send it again)
* ``settings_requested()``: "Open Settings" on an error about the API key
* ``near_top()``: the reader scrolled (almost) to the top
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QFocusEvent,
    QImage,
    QMoveEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QToolButton,
    QWidget,
)

from vision_desktop.ui.timers import single_shot_timer

# the turn widget is made with the first turn: importing it (and its dialogs) is not paid before the first paint
if TYPE_CHECKING:
    from vision_desktop.ui.widgets.turn_widget import TurnWidget


def _top(turn: TurnWidget) -> tuple[int, int]:
    """Where ``turn`` is in the column, and its height (as placed: a parked turn is not moved until shown)."""
    top, width, height = turn.placed
    return (top, height) if width >= 0 else (turn.y(), turn.height())


class TurnColumn(QWidget):
    """The conversation's content: its turns one under another at the column's width (or, with none, the
    placeholder in the middle), placed by hand.

    A turn's height is asked only when it is new or changed (its ``needs_placing``) or the width changed, at
    the one width the turns have; a change anywhere costs a pass over known heights and moves only what
    moved.

    Turns far from what the reader sees are hidden ("parked"): moving a hidden turn costs nothing, so older
    turns appearing above a long conversation do not cost a move of every turn below them. A turn is shown
    again, whole and selectable, well before it scrolls into view. The latest turn (the answer in flight, the
    one Copy latest answer takes), the turn holding the focus (a selection being copied, a button) and the turns
    just before and after it (where Tab and Shift+Tab go next) are never parked. While a screen reader (or any
    assistive technology) is attached, nothing is parked: it reads the whole conversation, not only the part
    near the view."""

    MARGIN = 16
    SPACING = 14
    SHOWN_AROUND = 2.0
    """Turns within this many view heights above or below the view are shown..."""
    PARKED_BEYOND = 4.0
    """...and turns further than this are hidden (in between they stay as they are)."""

    def __init__(self, placeholder: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationContent")
        self.turns: list[TurnWidget] = []
        self.placeholder = placeholder
        placeholder.setParent(self)
        self._height = 0
        self._min_width = 0
        self._placed_width = -1
        self._pending = False
        self._unshown: list[TurnWidget] = []
        self.backtab_from_turns = False
        """Set while Shift+Tab leaves the first turn for the conversation itself (which then stays focused)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):  # Tab into a turn: its neighbours are shown for the next Tab
            app.focusChanged.connect(self._on_app_focus_changed)

    def adopt(self, turn: TurnWidget) -> None:
        """``turn`` (in :attr:`turns` now) is shown once it has its place: never at a wrong width or over
        another turn."""
        self._unshown.append(turn)
        self.schedule()

    def turn_changed(self, turn: TurnWidget) -> None:
        """``turn`` on screen was laid out again: placed now if its height changed (a pass over the column)."""
        _top, width, height = turn.placed
        if width != max(self.width() - 2 * self.MARGIN, 0):
            self.schedule()  # not placed yet at this width: the next pass does it
            return
        new = turn.heightForWidth(width) if turn.hasHeightForWidth() else -1
        if new < 0:
            new = turn.sizeHint().height()
        turn.needs_placing = new != height
        if turn.needs_placing:
            self.place()

    def schedule(self) -> None:
        """Place the turns again once control is back in the event loop (several changes, one pass)."""
        if not self._pending:
            self._pending = True
            QCoreApplication.postEvent(self, QEvent(QEvent.Type.LayoutRequest))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a turn changed size (or was added, removed)
            self._pending = False
            self.place()
            return True
        return super().event(event)

    def place(self) -> None:
        """Give every turn its height at the column's width, top to bottom; tell the scroll area if the
        column's height changed."""
        margin, width = self.MARGIN, max(self.width() - 2 * self.MARGIN, 0)
        self._placed_width = self.width()
        if not self.turns:
            label = self.placeholder
            height = label.heightForWidth(width) if label.hasHeightForWidth() else -1
            height = max(height, label.sizeHint().height())
            top = max(margin, (self.height() - height) // 2)
            label.setGeometry(QRect(margin, top, width, height))
            total, minimum = height + 2 * margin, 0
        else:
            unshown, self._unshown = self._unshown, []
            for turn in unshown:
                turn.ensurePolished()  # its style's fonts and margins count in its height
            y, minimum = margin, 0
            for turn in self.turns:
                if turn.needs_placing or turn.placed[1] != width:  # new, changed, or the column's width did
                    turn.needs_placing = False
                    height = turn.heightForWidth(width) if turn.hasHeightForWidth() else -1
                    if height < 0:
                        height = turn.sizeHint().height()
                    turn.min_width = turn.minimumWidth()
                else:
                    height = turn.placed[2]
                minimum = max(minimum, turn.min_width)
                place = (y, width, height)
                if turn.placed != place:
                    turn.placed = place
                    if not turn.parked:  # (a parked turn gets its place when it is shown again)
                        turn.setGeometry(margin, y, width, height)
                y += height + self.SPACING
            total = y - self.SPACING + margin
            near = self._band(self.SHOWN_AROUND)
            for turn in unshown:
                if turn not in self.turns:
                    continue
                top, _, height = turn.placed
                turn.parked = (
                    near is not None
                    and not QAccessible.isActive()
                    and turn is not self.turns[-1]
                    and not (near[0] <= top + height and top <= near[1])
                )
                if not turn.parked:
                    turn.show()
        if total != self._height or minimum != self._min_width:
            self._height, self._min_width = total, minimum
            self.updateGeometry()
        self.park()

    def _band(self, screens: float) -> tuple[int, int] | None:
        """The part of the column within ``screens`` view heights of what the reader sees (``None`` while the
        column is not on screen: then nothing is parked)."""
        viewport = self.parentWidget()
        if viewport is None or not self.isVisible():
            return None
        top, height = -self.y(), viewport.height()
        return int(top - screens * height), int(top + height + screens * height)

    def park(self) -> None:
        """Show the turns near what the reader sees; hide those far from it."""
        if not self.turns:
            return
        near, far = self._band(self.SHOWN_AROUND), self._band(self.PARKED_BEYOND)
        if near is None or far is None:
            return
        keep = self._kept_shown()
        everything = QAccessible.isActive()  # a screen reader reads every turn
        for turn in self.turns:
            top, width, height = turn.placed
            if width < 0:  # not placed yet
                continue
            if turn.parked:
                if everything or (near[0] <= top + height and top <= near[1]) or turn in keep:
                    turn.parked = False
                    turn.setGeometry(self.MARGIN, top, width, height)
                    turn.show()
            elif not everything and (top + height < far[0] or top > far[1]) and turn not in keep:
                turn.parked = True
                turn.hide()

    def _kept_shown(self) -> tuple[TurnWidget, ...]:
        """The turns never parked: the latest, and the one holding the focus with the turns before and after it
        (so that Tab and Shift+Tab find them, however tall the focused turn is)."""
        focus = QApplication.focusWidget()
        holder = self._turn_holding(focus)
        if holder is None:  # (the focus is elsewhere)
            return (self.turns[-1],)
        index = self.turns.index(holder)
        return (self.turns[-1], *self.turns[max(index - 1, 0) : index + 2])

    # -- Tab and Shift+Tab: the turns in reading order ----------------------------------------------------
    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab go through the turns in the order they are read: a turn's buttons and texts top to
        bottom, then the next turn. Qt's own order is the order widgets were made in, and older turns are made
        after newer ones (when the reader scrolls up), a code block's Copy button when its answer arrives."""
        focus = QApplication.focusWidget()
        turn = self._turn_holding(focus)
        if turn is None or focus is None:
            return super().focusNextPrevChild(forward)
        stops = self.tab_stops(turn)
        if focus in stops:
            index = stops.index(focus)
            after, before = stops[index + 1 :], stops[:index]
        else:  # focus on something Tab does not stop at (text clicked into): go on from where it is
            here = _where(focus, turn)
            after = [stop for stop in stops if _where(stop, turn) > here]
            before = [stop for stop in stops if _where(stop, turn) < here]
        if forward and after:
            return self.focus_stop(after[0], forward)
        if not forward and before:
            return self.focus_stop(before[-1], forward)
        position = self.turns.index(turn)
        for other in self.turns[position + 1 :] if forward else self.turns[:position][::-1]:
            others = self.tab_stops(other)
            if others:
                return self.focus_stop(others[0] if forward else others[-1], forward)
        return self._leave(forward)

    def tab_stops(self, turn: TurnWidget) -> list[QWidget]:
        """What Tab stops at in ``turn``, top to bottom and left to right."""
        stops = [
            widget
            for widget in turn.findChildren(QWidget)
            if widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
            and widget.isEnabled()
            and widget.isVisibleTo(turn)
            and widget.focusProxy() is None
        ]
        return sorted(stops, key=lambda widget: _where(widget, turn))

    def first_stop_from(self, top: int) -> QWidget | None:
        """The first tab stop at or below ``top`` (in the column), for Tab from the conversation itself: reading
        goes on from what is in view, not from the first turn."""
        for turn in self.turns:
            turn_top, _, height = turn.placed
            if turn_top + height < top:
                continue
            for stop in self.tab_stops(turn):
                if turn_top + stop.mapTo(turn, QPoint(0, 0)).y() >= top:
                    return stop
        return None

    def last_stop_to(self, bottom: int) -> QWidget | None:
        """The last tab stop that ends at or above ``bottom`` (in the column), for Shift+Tab into the
        conversation from below it."""
        for turn in reversed(self.turns):
            turn_top, _, _height = turn.placed
            if turn_top > bottom:
                continue
            for stop in reversed(self.tab_stops(turn)):
                if turn_top + stop.mapTo(turn, QPoint(0, 0)).y() + stop.height() <= bottom:
                    return stop
        return None

    def _turn_holding(self, widget: QWidget | None) -> TurnWidget | None:
        while widget is not None and widget.parentWidget() is not self:
            widget = widget.parentWidget()
        return widget if widget is not None and widget in self.turns else None

    def focus_stop(self, stop: QWidget, forward: bool) -> bool:
        """Give ``stop`` the focus as Tab (or Shift+Tab) does, its turn shown first if it was parked, and scroll it
        into view."""
        turn = self._turn_holding(stop)
        if turn is not None and turn.parked:  # far from the view (its neighbours never are): shown first
            top, width, height = turn.placed
            turn.parked = False
            turn.setGeometry(self.MARGIN, top, width, height)
            turn.show()
        stop.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        area = self._area()
        if area is not None:
            area.ensureWidgetVisible(stop)
        return True

    def _area(self) -> QScrollArea | None:
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        return area if isinstance(area, QScrollArea) else None

    def _leave(self, forward: bool) -> bool:
        """Past the last turn (or before the first): on to what follows the conversation in the window's order
        (back to the conversation itself)."""
        area = self._area()
        if area is None:
            return super().focusNextPrevChild(forward)
        if not forward:
            self.backtab_from_turns = True
            area.setFocus(Qt.FocusReason.BacktabFocusReason)
            self.backtab_from_turns = False
            return True
        return _focus_beyond(area, forward=True)

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            self.park()

    def moveEvent(self, event: QMoveEvent) -> None:  # the reader scrolled
        super().moveEvent(event)
        self.park()

    def sizeHint(self) -> QSize:
        return QSize(self._min_width + 2 * self.MARGIN, self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._min_width + 2 * self.MARGIN, self._height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.width() != self._placed_width or not self.turns:
            self.place()
        else:
            self.park()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.schedule()


def _focus_beyond(area: QWidget, *, forward: bool) -> bool:
    """Focus the next (or previous) widget in the window's tab order that is not inside ``area``."""
    widget: QWidget | None = area.nextInFocusChain() if forward else area.previousInFocusChain()
    while widget is not None and widget is not area:
        if not area.isAncestorOf(widget) and _takes_tab(widget):
            widget.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
            return True
        widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
    return False


def _takes_tab(widget: QWidget) -> bool:
    """Whether Tab can stop at ``widget`` where it is now (shown, enabled, taking focus by Tab)."""
    return (
        bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)
        and widget.isEnabled()
        and widget.isVisible()
    )


def _where(widget: QWidget, turn: QWidget) -> tuple[int, int]:
    """Where ``widget`` is in ``turn``: top, then left (the order it is read in)."""
    point = widget.mapTo(turn, QPoint(0, 0))
    return point.y(), point.x()


WARM_UP_MS = 900
"""When the first turn is made ready while the window is idle: after start-up's own work and the image tray's
warm-up (700 ms), well before a person sends a first question."""


class ConversationView(QScrollArea):
    restore_requested = Signal(object)
    retry_requested = Signal(object)
    regenerate_requested = Signal(object)
    edit_requested = Signal(object)
    settings_requested = Signal()
    near_top = Signal()
    """The reader scrolled (almost) to the top: time to show older turns, if there are any."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationView")
        self.setAccessibleName(self.tr("Conversation"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.placeholder = QLabel(
            self.tr(
                "<h3>Ask about your images</h3>"
                "<p>Drop images onto the window, paste a screenshot with <b>Ctrl+V</b>, or use <b>Add images…</b>.<br>"
                "Then type a question and press <b>Ctrl+Enter</b>.</p>"
            )
        )
        self.placeholder.setObjectName("emptyConversation")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self._content = TurnColumn(self.placeholder)
        self.setWidget(self._content)
        self.turns: list[TurnWidget] = self._content.turns
        self._follow = True
        """The view keeps the end of the conversation in view (the reader has not scrolled up)."""
        self._anchor: tuple[TurnWidget, int] | None = None
        """While not following: the turn at the top of the view and how far into it the view starts, kept in
        place as turns above or below it grow, shrink or appear."""
        self._adjusting = False
        self.jump_button = QToolButton(self)
        self.jump_button.setObjectName("jumpToLatestButton")
        self.jump_button.setText(self.tr("Jump to latest ↓"))
        self.jump_button.setAccessibleName(self.tr("Jump to the latest answer"))
        self.jump_button.setToolTip(self.tr("Scroll to the end of the conversation and keep following it"))
        self.jump_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.jump_button.clicked.connect(self.scroll_to_end)
        self.jump_button.hide()
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._on_scrollbar_range_changed)
        bar.valueChanged.connect(self._on_scrollbar_value_changed)
        # The first turn of a window costs ~15–20 ms more than the next ones (importing the turn's module, its
        # widgets' classes and style rules worked out once): pay it while the window is idle after start-up, in
        # two short steps, not when the first question is sent (where it adds to the send's stall).
        self._warm_timer = single_shot_timer(self, WARM_UP_MS, self._on_warm_timer_timeout)
        self._warm_timer.start()

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab on the conversation itself goes on to the first button or text in view (see
        :meth:`TurnColumn.focusNextPrevChild` for Tab from there on); Shift+Tab on it goes back to what comes
        before the conversation in the window (the history), not into the turns again."""
        if QApplication.focusWidget() is not self:
            return super().focusNextPrevChild(forward)
        if forward:
            stop = self._content.first_stop_from(self.verticalScrollBar().value())
            if stop is not None:
                return self._content.focus_stop(stop, forward)
            return super().focusNextPrevChild(forward)
        return _focus_beyond(self, forward=False)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Shift+Tab from below the conversation (the question box) comes to the last button or text in view, as
        Tab from above comes to the first; Shift+Tab from the first turn stops on the conversation itself."""
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.BacktabFocusReason:
            return
        if self._content.backtab_from_turns:
            self._content.backtab_from_turns = False
            return
        bar = self.verticalScrollBar()
        stop = self._content.last_stop_to(bar.value() + self.viewport().height())
        if stop is not None:
            self._content.focus_stop(stop, False)

    def _on_warm_timer_timeout(self) -> None:
        if self.turns:
            return
        from vision_desktop.ui.widgets import turn_widget  # noqa: F401  # the import is the first step

        QTimer.singleShot(0, self, self._build_warm_turn)

    def _build_warm_turn(self) -> None:
        """A turn with a picture, polished and thrown away (never shown)."""
        if self.turns:
            return
        from vision_desktop.ui.widgets.turn_widget import TurnWidget

        picture = QImage(8, 8, QImage.Format.Format_RGB32)
        picture.fill(Qt.GlobalColor.gray)
        turn = TurnWidget("warm-up", [picture], ["warm-up.png"], self._content)
        turn.hide()
        turn.ensurePolished()
        turn.deleteLater()

    def add_turn(
        self,
        text: str,
        thumbnails: Sequence[QImage],
        image_names: Sequence[str],
        *,
        at_top: bool = False,
        sources: Sequence[str | Path | None] | None = None,
    ) -> TurnWidget:
        """Add a turn at the bottom (or, for older turns of a conversation being opened, at the top).

        ``sources``: where each full picture of the question is (its prepared ``data:`` URL, or its stored
        file), shown when its thumbnail is clicked."""
        turn = self._make_turn(text, thumbnails, image_names, sources)
        if at_top:  # what the reader looks at stays in place (see _anchor)
            self.turns.insert(0, turn)
        else:
            self.turns.append(turn)
            self._follow = True
            self._anchor = None
        self._placed(turn)
        return turn

    def _placed(self, turn: TurnWidget) -> None:
        """``turn`` joined the column: the column places it, then shows it."""
        self.placeholder.hide()
        self._content.adopt(turn)

    def _make_turn(
        self,
        text: str,
        thumbnails: Sequence[QImage],
        image_names: Sequence[str],
        sources: Sequence[str | Path | None] | None = None,
    ) -> TurnWidget:
        from vision_desktop.ui.widgets.turn_widget import TurnWidget

        turn = TurnWidget(text, thumbnails, image_names, self._content, sources=sources)
        turn.restore_clicked.connect(lambda: self.restore_requested.emit(turn))
        turn.retry_clicked.connect(lambda: self.retry_requested.emit(turn))
        turn.regenerate_clicked.connect(lambda: self.regenerate_requested.emit(turn))
        turn.edit_clicked.connect(lambda: self.edit_requested.emit(turn))
        turn.settings_clicked.connect(self.settings_requested)
        turn.layout_changed.connect(lambda: self._content.turn_changed(turn))
        return turn

    def replace_turn(
        self,
        old: TurnWidget,
        text: str,
        thumbnails: Sequence[QImage],
        image_names: Sequence[str],
        *,
        sources: Sequence[str | Path | None] | None = None,
    ) -> TurnWidget:
        """A new turn in ``old``'s place (a retry, a new answer): ``old`` goes."""
        if old not in self.turns:
            return self.add_turn(text, thumbnails, image_names, sources=sources)
        turn = self._make_turn(text, thumbnails, image_names, sources)
        self.turns[self.turns.index(old)] = turn
        self._drop(old)
        self._placed(turn)
        if turn is self.turns[-1]:
            self._follow = True
        return turn

    def remove_turn(self, turn: TurnWidget) -> None:
        """Take ``turn`` off the conversation (its question went back to be edited)."""
        if turn not in self.turns:
            return
        self.turns.remove(turn)
        self._drop(turn)
        self._emptied()

    @staticmethod
    def _drop(turn: TurnWidget) -> None:
        turn.hide()
        turn.setParent(None)
        turn.deleteLater()

    def clear(self) -> None:
        for turn in self.turns:
            turn.setParent(None)
            turn.deleteLater()
        self.turns.clear()
        self._emptied()
        self._follow = True
        self._anchor = None
        self._update_jump_button()

    def _emptied(self) -> None:
        if not self.turns:
            self.placeholder.show()
        self._content.schedule()

    # -- scrolling: follow the end unless the reader scrolled up -------------------------------------------
    @property
    def following(self) -> bool:
        """Whether the view keeps the end of the conversation in view as it grows."""
        return self._follow

    def scroll_to_end(self) -> None:
        """Show the end of the conversation and follow it again (the Jump to latest button)."""
        self._follow = True
        self._anchor = None
        self._scroll_to(self.verticalScrollBar().maximum())
        self._update_jump_button()

    def _scroll_to(self, value: int) -> None:
        self._adjusting = True
        try:
            self.verticalScrollBar().setValue(value)
        finally:
            self._adjusting = False

    def _turn_at(self, y: int) -> TurnWidget | None:
        """The turn at height ``y`` of the content (or the nearest one below it)."""
        turns = self.turns
        low, high = 0, len(turns)
        while low < high:
            middle = (low + high) // 2
            turn = turns[middle]
            top, height = _top(turn)
            if top + height <= y:
                low = middle + 1
            else:
                high = middle
        return turns[low] if low < len(turns) else (turns[-1] if turns else None)

    def _on_scrollbar_range_changed(self, _min: int, maximum: int) -> None:
        # the content grew or shrank (an answer streams, is rendered, older turns appear) or the view resized
        if self._follow:
            self._scroll_to(maximum)
        elif self._anchor is not None:
            turn, offset = self._anchor
            if turn in self.turns:
                self._scroll_to(_top(turn)[0] + offset)
        self._update_jump_button()

    def _on_scrollbar_value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        if (
            not self._adjusting
        ):  # the reader scrolled (wheel, keys, the scroll bar): follow only at the bottom
            self._follow = value >= bar.maximum() - 8
            turn = None if self._follow else self._turn_at(value)
            self._anchor = (turn, value - _top(turn)[0]) if turn is not None else None
        self._update_jump_button()
        if value < 200 and bar.maximum() > 0:
            self.near_top.emit()

    def _update_jump_button(self) -> None:
        bar = self.verticalScrollBar()
        show = bool(self.turns) and not self._follow and bar.maximum() - bar.value() > 8
        if show:
            self._place_jump_button()
            self.jump_button.raise_()
        self.jump_button.setVisible(show)

    def _place_jump_button(self) -> None:
        button, viewport = self.jump_button, self.viewport()
        size = button.sizeHint()
        button.resize(size)
        origin = viewport.geometry()
        button.move(
            origin.x() + (origin.width() - size.width()) // 2,
            origin.y() + origin.height() - size.height() - 12,
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._content.park()  # the view is taller or shorter: so is the part kept shown
        if self.jump_button.isVisible():
            self._place_jump_button()
