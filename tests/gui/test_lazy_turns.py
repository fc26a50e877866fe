"""A long stored conversation in the window: its older turns appear as the reader scrolls up, a few at a time,
without moving what is being read, and once at the top every turn is there, in order, shown when in view and
its text selectable. (How fast each step is: benchmarks/bench_history_window.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_history_window import click_conversation, listed
from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths
from vision_desktop.ui.history_presenter import BATCH, SHOW_FIRST
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.widgets.conversation_view import ConversationView
from vision_desktop.ui.widgets.turn_widget import TurnWidget

pytestmark = pytest.mark.gui

TURNS = 120


def question(i: int) -> str:
    return f"Question {i}: what does line {i} of the receipt say?"


def answer(i: int) -> str:
    return f"Answer {i}: the line says **{i} items**.\n\n- first point of {i}\n- second point of {i}\n"


@pytest.fixture
def long_conversation(vd_home: Path) -> int:
    with HistoryStore.open(app_paths().ensure()) as store:
        cid = store.create_conversation("A long one")
        for i in range(TURNS):
            turn = store.start_turn(cid, Message("user", question(i)), ChatOptions())
            store.finish_turn(turn, ChatResult("x", "m", answer(i), "stop", Usage(9, 9, 18)), "complete")
    return cid


def question_text(turn: TurnWidget) -> str:
    label = turn.question.findChild(QWidget, "questionText")
    assert label is not None
    return str(label.text())  # type: ignore[attr-defined]


def in_viewport(view: ConversationView, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(view.viewport(), QPoint(0, 0)), widget.size())


def opened(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> MainWindow:
    window = make_window()
    qtbot.waitUntil(listed(window, 1), timeout=10000)
    click_conversation(qtbot, window, 0)
    qtbot.waitUntil(lambda: len(window.view.turns) >= SHOW_FIRST, timeout=10000)
    return window


def test_scrolling_to_the_top_shows_every_turn_in_order_whole_and_selectable(
    qtbot: QtBot, make_window: Callable[..., MainWindow], long_conversation: int
) -> None:
    window = opened(qtbot, make_window)
    view = window.view
    bar = view.verticalScrollBar()
    assert question_text(view.turns[-1]) == question(TURNS - 1)  # the newest turns first, the last at the end
    while len(view.turns) < TURNS:  # the reader goes to the top (Ctrl+Home) again and again
        count = len(view.turns)
        bar.triggerAction(bar.SliderAction.SliderToMinimum)
        qtbot.waitUntil(lambda count=count: len(view.turns) > count, timeout=10000)  # type: ignore[misc]
    assert [question_text(t) for t in view.turns] == [question(i) for i in range(TURNS)]
    assert view.turns[-1].copy_button.isVisible()  # the latest answer stays at hand (Copy latest answer)
    assert all(
        f"Answer {i}: the line says {i} items" in t.answer_plain_text for i, t in enumerate(view.turns)
    )
    # every turn is shown with its text selectable when the reader scrolls to it, top to bottom, with no blank
    # stretch where a turn should be: what is under the mouse, point by point down the view
    bar.triggerAction(bar.SliderAction.SliderToMinimum)
    seen: list[int] = []  # the turns met, in the order met
    while True:
        QApplication.processEvents()
        misses, here = 0, []
        for y in range(0, view.viewport().height(), 10):
            turn = turn_at(view, QPoint(view.viewport().width() // 2, y))
            misses = 0 if turn is not None else misses + 1
            assert misses < 3, f"a blank stretch at {y} px, scrolled to {bar.value()} of {bar.maximum()}"
            if turn is not None:
                here.append(view.turns.index(turn))
        assert here == sorted(here)  # one under the other, none over another
        seen += [i for i in dict.fromkeys(here) if i not in seen]
        if bar.value() == bar.maximum():
            break
        bar.setValue(bar.value() + view.viewport().height() // 2)
    assert seen == list(range(TURNS))
    for index, turn in enumerate(view.turns):
        body = turn.body.view
        assert body.toPlainText().startswith(f"Answer {index}:")
        assert body.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
        label = turn.question.findChild(QLabel, "questionText")
        assert (
            label is not None and label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
        )


def turn_at(view: ConversationView, point: QPoint) -> TurnWidget | None:
    """The turn shown at ``point`` of the view (``None`` between turns)."""
    widget = view.viewport().childAt(point)
    while widget is not None and not isinstance(widget, TurnWidget):
        widget = widget.parentWidget()
    return widget


def test_older_turns_appearing_above_do_not_move_what_the_reader_sees(
    qtbot: QtBot, make_window: Callable[..., MainWindow], long_conversation: int
) -> None:
    window = opened(qtbot, make_window)
    view = window.view
    bar = view.verticalScrollBar()
    # (opening shows the newest turns and, before they are laid out, a first batch above them)
    qtbot.waitUntil(lambda: len(view.turns) == SHOW_FIRST + BATCH and bar.maximum() > 0, timeout=10000)
    for _ in range(4):
        count = len(view.turns)
        bar.triggerAction(bar.SliderAction.SliderToMinimum)  # older turns start to come, a few at a time
        reading = view.turns[0]
        top = in_viewport(view, reading).top()
        qtbot.waitUntil(lambda count=count: len(view.turns) >= count + BATCH, timeout=10000)  # type: ignore[misc]
        qtbot.waitUntil(lambda reading=reading, top=top: in_viewport(view, reading).top() == top)  # type: ignore[misc]
        assert reading.isVisible() and not view.following
        assert bar.value() > 0  # the new turns are above, out of sight until the reader scrolls up to them
        assert turn_at(view, in_viewport(view, reading).center()) is reading


def test_the_idle_warm_up_leaves_the_conversation_empty(window: MainWindow, qtbot: QtBot) -> None:
    """The first turn is made ready while the window is idle: nothing of it shows, the empty conversation's
    invitation stays, and the first real question still gets its turn."""
    view = window.view
    assert view._warm_timer.isActive()  # started with the window
    view._warm_timer.stop()
    view._on_warm_timer_timeout()  # what the timer does, now
    qtbot.waitUntil(
        lambda: not view._content.findChildren(TurnWidget), timeout=2000
    )  # built, then thrown away
    assert view.turns == []
    assert view.placeholder.isVisible()
    turn = view.add_turn("First question", [], [])
    assert view.turns == [turn] and not view.placeholder.isVisible()


def all_turns(qtbot: QtBot, window: MainWindow) -> ConversationView:
    view = window.view
    bar = view.verticalScrollBar()
    while len(view.turns) < TURNS:
        count = len(view.turns)
        bar.triggerAction(bar.SliderAction.SliderToMinimum)
        qtbot.waitUntil(lambda count=count: len(view.turns) > count, timeout=10000)  # type: ignore[misc]
    bar.triggerAction(bar.SliderAction.SliderToMaximum)  # the reader is back at the latest answer
    QApplication.processEvents()
    return view


def test_a_screen_reader_gets_every_turn_not_only_those_near_the_view(
    qtbot: QtBot, make_window: Callable[..., MainWindow], long_conversation: int
) -> None:
    window = opened(qtbot, make_window)
    view = all_turns(qtbot, window)
    hidden = [t for t in view.turns if t.isHidden()]
    assert hidden  # (far from the view, turns are parked while no assistive technology is attached)
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)  # as when a screen reader starts
    try:
        view.verticalScrollBar().setValue(
            view.verticalScrollBar().value() - 5
        )  # anything that moves the view
        QApplication.processEvents()
        assert [t for t in view.turns if t.isHidden()] == []
        tree = QAccessible.queryAccessibleInterface(view._content)
        assert (
            tree is not None and tree.childCount() >= TURNS
        )  # every turn is in what the screen reader reads
        for index, turn in enumerate(view.turns):  # each where it belongs, one under the other
            assert turn.geometry().top() == turn.placed[0], index
        assert [question_text(t) for t in view.turns] == [question(i) for i in range(TURNS)]
    finally:
        QAccessible.setActive(was_active)


def test_tab_walks_the_turns_in_order_without_skipping_one(
    qtbot: QtBot, make_window: Callable[..., MainWindow], long_conversation: int
) -> None:
    window = opened(qtbot, make_window)
    view = all_turns(qtbot, window)
    bar = view.verticalScrollBar()
    bar.triggerAction(bar.SliderAction.SliderToMinimum)
    QApplication.processEvents()
    first = view.turns[0].copy_button
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    assert walk(qtbot, view, Qt.Key.Key_Tab) == list(range(TURNS))  # every turn, in order, none skipped
    focus = QApplication.focusWidget()
    assert focus is not None and not view.isAncestorOf(
        focus
    )  # past the last turn: on to the rest of the window
    last = view._content.tab_stops(view.turns[-1])[-1]
    last.setFocus()
    qtbot.waitUntil(last.hasFocus)
    assert walk(qtbot, view, Qt.Key.Key_Backtab) == list(reversed(range(TURNS)))  # and back, with Shift+Tab
    assert QApplication.focusWidget() is view  # then the conversation itself...
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert (
        QApplication.focusWidget() is window.sidebar.list
    )  # ...then what comes before it, not the turns again


def test_shift_tab_from_the_question_box_comes_back_to_the_latest_answer(
    qtbot: QtBot, make_window: Callable[..., MainWindow], long_conversation: int
) -> None:
    window = opened(qtbot, make_window)
    view = all_turns(qtbot, window)  # at the end: the latest answer in view
    bar = view.verticalScrollBar()
    at = bar.value()
    window.prompt.setFocus()
    qtbot.waitUntil(window.prompt.hasFocus)
    qtbot.keyClick(window.prompt, Qt.Key.Key_Backtab)
    focus = QApplication.focusWidget()
    assert focus is not None and view.turns[-1].isAncestorOf(focus)  # the last thing read, just above the box
    assert in_viewport(view, focus).intersects(view.viewport().rect())
    assert abs(bar.value() - at) < view.viewport().height()


def walk(qtbot: QtBot, view: ConversationView, key: Qt.Key) -> list[int]:
    """The turns the focus goes through as ``key`` is pressed, until it leaves them."""
    visited: list[int] = []
    for _ in range(TURNS * 8):
        focus = QApplication.focusWidget()
        owner = focus
        while owner is not None and not isinstance(owner, TurnWidget):
            owner = owner.parentWidget()
        if owner is None or focus is None:
            break  # out of the turns
        assert focus.isVisible()  # never a turn parked out of sight
        index = view.turns.index(owner)
        if not visited or visited[-1] != index:
            visited.append(index)
        qtbot.keyClick(focus, key)
    return visited


def test_tab_on_the_conversation_goes_on_from_what_is_in_view(
    qtbot: QtBot, make_window: Callable[..., MainWindow], long_conversation: int
) -> None:
    window = opened(qtbot, make_window)
    view = all_turns(qtbot, window)  # at the end: the latest answer in view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    bar = view.verticalScrollBar()
    at = bar.value()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not None and view.isAncestorOf(focus)
    assert in_viewport(view, focus).intersects(view.viewport().rect())  # something the reader sees
    assert abs(bar.value() - at) < view.viewport().height()  # the view did not jump to the first turn


def test_tab_after_clicking_into_a_question_goes_on_in_the_same_turn(
    qtbot: QtBot, make_window: Callable[..., MainWindow], long_conversation: int
) -> None:
    window = opened(qtbot, make_window)
    view = window.view
    turn = view.turns[-2]
    label = turn.question.findChild(QLabel, "questionText")
    assert label is not None
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)  # selecting some of the question's text
    label.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(label.hasFocus)
    qtbot.keyClick(label, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not None and turn.isAncestorOf(focus)  # on to the answer below it, not the next turn
    assert in_viewport(view, focus).top() > in_viewport(view, label).top()
