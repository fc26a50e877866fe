"""Reading answers like a person: the end of an answer in view, following a stream unless the reader scrolled up,
code blocks with their own Copy, long unbroken strings that never widen the view, and the question's pictures
opened large."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QFontInfo, QGuiApplication, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_history_window import click_conversation, listed
from tests.gui.test_main_window import answered, type_and_send
from tests.helpers.relay import Reply, ScriptedRelay, error_body, stream_reply
from tests.helpers.urls import catching_urls
from vision_desktop.core.models import ChatResult, Usage
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.theme import code_background, quote_bar
from vision_desktop.ui.widgets.answer_text import Shown, split_fences
from vision_desktop.ui.widgets.code_block import CodeBlock
from vision_desktop.ui.widgets.conversation_view import ConversationView
from vision_desktop.ui.widgets.image_viewer import ImageViewer
from vision_desktop.ui.widgets.turn_widget import TurnWidget

pytestmark = pytest.mark.gui

TOKEN = "sha256:" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" * 5  # 327 characters
LONG = "\n\n".join(f"Paragraph {i}: " + "words that fill the line " * 8 for i in range(40))


# -- helpers ----------------------------------------------------------------------------------------
def result(text: str) -> ChatResult:
    return ChatResult("id", "model", text, "stop", Usage(10, 5, 15))


def in_viewport(view: ConversationView, widget: QWidget) -> QRect:
    """``widget``'s rectangle in the conversation's viewport coordinates."""
    top_left = widget.mapTo(view.viewport(), QPoint(0, 0))
    return QRect(top_left, widget.size())


def end_in_view(view: ConversationView) -> bool:
    """Whether the bottom of the last turn's answer is inside the viewport."""
    if not view.turns:
        return False
    bottom = in_viewport(view, view.turns[-1].answer).bottom()
    return 0 <= bottom <= view.viewport().height()


def wheel(view: ConversationView, notches: int) -> None:
    """Turn the mouse wheel over the conversation (positive: up)."""
    window = view.window().windowHandle()
    point = view.viewport().mapTo(view.window(), view.viewport().rect().center())
    for _ in range(abs(notches)):
        QTest.wheelEvent(window, QPointF(point), QPoint(0, 120 if notches > 0 else -120))


def conversation(qtbot: QtBot, width: int = 700, height: int = 500) -> ConversationView:
    view = ConversationView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def png(width: int, height: int, colour: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(colour)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


@pytest.fixture
def opened() -> Iterator[list[str]]:
    schemes = ("http", "https", "mailto", "file", "javascript", "data")
    with catching_urls(*schemes) as catcher:
        yield catcher.urls


# -- the end of the answer is in view -------------------------------------------------------------------
def test_the_end_of_a_long_streamed_answer_is_in_view(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    relay.push(stream_reply(LONG + "\n\nThe very end.", pieces=120, chunk_delay=0.005))
    type_and_send(qtbot, window, "Explain at length")
    qtbot.waitUntil(lambda: bool(window.view.turns) and window.view.turns[0].stream_view.isVisible())
    bar = window.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=10000)
    assert end_in_view(window.view)  # followed while it streams
    qtbot.waitUntil(answered(window, 1), timeout=20000)
    turn = window.view.turns[0]
    assert turn.body.shown is Shown.MARKDOWN and bar.maximum() > window.view.viewport().height()
    qtbot.waitUntil(lambda: end_in_view(window.view))  # rendered as Markdown, it has another height
    assert bar.value() == bar.maximum() and not window.view.jump_button.isVisible()
    assert in_viewport(window.view, turn.footer).bottom() <= window.view.viewport().height()


def test_the_end_of_an_answer_that_follows_two_errors_is_in_view(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    relay.push(stream_reply(LONG, pieces=40))
    type_and_send(qtbot, window, "First a long one")
    qtbot.waitUntil(answered(window, 1), timeout=20000)
    for attempt in range(2):
        relay.push(Reply(400, error_body(f"bad request {attempt}")))
        type_and_send(qtbot, window, "" if attempt else "Then a short one")
        qtbot.waitUntil(
            lambda: not window.controller.busy and window.view.turns[-1].answer.property("state") == "error",
            timeout=10000,
        )
        qtbot.waitUntil(lambda: end_in_view(window.view))
    relay.push(stream_reply("A short answer at last."))
    type_and_send(qtbot, window, "")
    qtbot.waitUntil(answered(window, 2), timeout=10000)
    assert "short answer at last" in window.view.turns[-1].body.text()
    qtbot.waitUntil(lambda: end_in_view(window.view))
    bar = window.view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()


def test_the_end_is_in_view_after_opening_a_conversation_from_the_history(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    relay.push(stream_reply(LONG, pieces=40), stream_reply(LONG + "\n\nThe last words.", pieces=40))
    type_and_send(qtbot, window, "One")
    qtbot.waitUntil(answered(window, 1), timeout=20000)
    type_and_send(qtbot, window, "Two")
    qtbot.waitUntil(answered(window, 2), timeout=20000)
    window.new_button.click()
    qtbot.waitUntil(lambda: not window.view.turns)
    qtbot.waitUntil(listed(window, 1), timeout=5000)
    click_conversation(qtbot, window, 0)
    qtbot.waitUntil(lambda: len(window.view.turns) == 2, timeout=5000)
    qtbot.waitUntil(lambda: end_in_view(window.view) and window.view.verticalScrollBar().maximum() > 0)
    assert "The last words." in window.view.turns[-1].body.text()


# -- following a stream, unless the reader scrolled up ---------------------------------------------------
def test_scrolled_up_while_streaming_the_view_stays_and_jump_to_latest_brings_the_end(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay
) -> None:
    relay.push(stream_reply(LONG + "\n\nThe very end.", pieces=200, chunk_delay=0.02))
    type_and_send(qtbot, window, "Explain at length")
    view = window.view
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > view.viewport().height(), timeout=10000)
    wheel(view, 3)  # the reader scrolls up to read
    qtbot.waitUntil(lambda: not view.following)
    assert view.jump_button.isVisible()
    assert view.viewport().geometry().contains(view.jump_button.geometry())  # floating over the view
    where, grown = bar.value(), bar.maximum()
    qtbot.waitUntil(lambda: bar.maximum() > grown + 50, timeout=10000)  # more text arrived below
    assert bar.value() == where and not end_in_view(view)  # not followed: what is read stays put
    qtbot.waitUntil(answered(window, 1), timeout=20000)
    assert not end_in_view(view) and view.jump_button.isVisible()
    qtbot.mouseClick(view.jump_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: end_in_view(view))
    assert view.following and not view.jump_button.isVisible()
    assert bar.value() == bar.maximum()


def test_scrolling_back_to_the_bottom_follows_again(qtbot: QtBot) -> None:
    view = conversation(qtbot)
    turn = view.add_turn("Q", [], [])
    turn.set_result(result(LONG))
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 500 and end_in_view(view))
    wheel(view, 2)
    qtbot.waitUntil(lambda: not view.following and view.jump_button.isVisible())
    wheel(view, -4)
    qtbot.waitUntil(lambda: view.following and not view.jump_button.isVisible())
    turn = view.add_turn("Another", [], [])
    turn.set_result(result(LONG))
    qtbot.waitUntil(lambda: end_in_view(view) and view.turns[-1] is turn)


def test_older_turns_appearing_above_keep_the_turn_being_read_in_place(qtbot: QtBot) -> None:
    view = conversation(qtbot)
    for i in range(6):
        view.add_turn(f"Question {i}", [], []).set_result(result(f"Answer {i}\n\n" + LONG[:1500]))
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000)
    bar.triggerAction(bar.SliderAction.SliderToMinimum)  # the reader goes to the top (Ctrl+Home)
    qtbot.waitUntil(lambda: bar.value() == 0)
    reading = view.turns[0]
    top = in_viewport(view, reading).top()
    for i in range(8):
        view.add_turn(f"Older {i}", [], [], at_top=True).set_result(result("Old answer\n\n" + LONG[:800]))
    qtbot.waitUntil(lambda: bar.value() > 1000 and in_viewport(view, reading).top() == top)


# -- code blocks ----------------------------------------------------------------------------------------
CODE = 'def total(items):\n    return sum(i["price"] for i in items)  # the sum of every price on the receipt, no discounts'
ANSWER = (
    f"Here is the code:\n\n```python\n{CODE}\n```\n\n> Check the VAT line.\n\nAnd a [link](https://example.com/a) "
    "after it, [not this](file:///etc/passwd), [mail](mailto:someone@example.com).\n\n~~~\nsecond block\n~~~\n"
)


def test_a_code_block_is_monospace_on_its_own_background_and_its_copy_takes_only_the_code(
    qtbot: QtBot,
) -> None:
    view = conversation(qtbot, width=520)
    turn = view.add_turn("Show me code", [], [])
    turn.set_result(result(ANSWER))
    blocks = turn.body.code_blocks
    assert [type(b) for b in blocks] == [CodeBlock, CodeBlock]
    block = blocks[0]
    assert isinstance(block, CodeBlock)
    qtbot.waitUntil(lambda: block.isVisible() and block.view.height() > 20)
    assert block.language.text() == "python" and block.view.toPlainText() == CODE
    assert QFontInfo(block.view.font()).fixedPitch()
    answer_colour = turn.answer.palette().color(QPalette.ColorRole.Window)
    assert block.view.palette().color(QPalette.ColorRole.Base) != answer_colour
    # the long line scrolls inside the block: the block is no wider than the answer
    assert block.view.horizontalScrollBar().maximum() > 0
    assert in_viewport(view, block).right() <= view.viewport().width()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(block.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == CODE
    assert block.copy_button.text() == "Copied"
    copy = blocks[1]
    assert isinstance(copy, CodeBlock)
    qtbot.mouseClick(copy.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "second block"
    # the text around the blocks is still Markdown, and the whole answer is still copied whole
    assert turn.body.shown is Shown.MARKDOWN and len(turn.body.views) == 2
    qtbot.mouseClick(turn.copy_button, Qt.MouseButton.LeftButton)
    assert CODE in QGuiApplication.clipboard().text()


def test_links_after_a_code_block_still_open_only_http_https_and_mailto(
    qtbot: QtBot, opened: list[str]
) -> None:
    view = conversation(qtbot)
    turn = view.add_turn("Q", [], [])
    turn.set_result(result(ANSWER))
    after = turn.body.views[1]
    qtbot.waitUntil(lambda: after.isVisible() and after.height() > 20)
    text = after.document().toPlainText()
    for word in ("link", "not this", "mail"):
        cursor = after.textCursor()
        cursor.setPosition(text.index(word) + 1)
        qtbot.mouseClick(after.viewport(), Qt.MouseButton.LeftButton, pos=after.cursorRect(cursor).center())
    assert opened == ["https://example.com/a", "mailto:someone@example.com"]


def test_fences_are_split_only_at_the_start_of_a_line() -> None:
    text = "a\n\n```sh\nls\n\n```\nb ```inline``` c\n\n- item\n\n  ```\n  nested\n  ```\n\n````\n```\n````\nend [r]\n\n[r]: https://x.org"
    pieces = split_fences(text)
    assert [(p.code, p.language) for p in pieces] == [
        (False, ""),
        (True, "sh"),
        (False, ""),
        (True, ""),
        (False, ""),
    ]
    assert pieces[1].text == "ls\n" and pieces[3].text == "```"
    assert "nested" in pieces[2].text  # a fence inside a list stays in the text
    assert all(
        "[r]: https://x.org" in p.text for p in pieces if not p.code
    )  # references resolve in each piece
    assert split_fences("```\nnever closed\nstill code")[-1].text == "never closed\nstill code"


def test_quotes_have_a_bar_and_code_inside_a_list_wraps(qtbot: QtBot) -> None:
    view = conversation(qtbot, width=500)
    turn = view.add_turn("Q", [], [])
    turn.set_result(result(f"> quoted words\n\n- item\n\n  ```\n  {TOKEN}\n  ```\n"))
    answer = turn.body.view
    qtbot.waitUntil(lambda: answer.isVisible() and answer.height() > 20)
    image = answer.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    bar = quote_bar(answer.palette())
    marked = {image.pixelColor(int(x * ratio), int(6 * ratio)).name() for x in range(0, 40)}
    assert bar.name() in marked, "no bar left of the quote"
    code = code_background(answer.palette())
    last = answer.document().lastBlock()
    y = int(answer.document().documentLayout().blockBoundingRect(last).center().y() * ratio)
    assert image.pixelColor(image.width() - 3, y).name() == code.name(), "no background behind the code"
    assert answer.document().size().width() <= answer.viewport().width() + 1


# -- long unbroken strings never widen the view ---------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [
        f"The checksum is {TOKEN} as printed.",
        f"Inline: `{TOKEN}`",
        f"| name | value |\n|---|---|\n| hash | {TOKEN} |\n",
        f"> {TOKEN}",
        f"```\n{TOKEN}\n```",
        f"- a list item with {TOKEN}",
        "#" * 40 + TOKEN,
    ],
    ids=["prose", "inline-code", "table", "quote", "code-block", "list", "heading-ish"],
)
def test_a_300_character_token_does_not_widen_the_view(qtbot: QtBot, answer: str) -> None:
    view = conversation(qtbot, width=640, height=480)
    turn = view.add_turn(f"What is {TOKEN}?", [], [])
    turn.set_result(result(answer))
    qtbot.waitUntil(lambda: turn.copy_button.isVisible())
    QApplication.processEvents()
    assert view.horizontalScrollBar().maximum() == 0
    assert view.widget().width() <= view.viewport().width()
    copy = in_viewport(view, turn.copy_button)
    assert view.viewport().rect().contains(QRect(copy.x(), 0, copy.width(), 1)), "Copy is off the right edge"
    for piece in turn.body.views:
        assert piece.document().size().width() <= piece.viewport().width() + 1
        assert in_viewport(view, piece).right() <= view.viewport().width()
    question = turn.question.findChild(QWidget, "questionText")
    assert question is not None and in_viewport(view, question).right() <= view.viewport().width()


def test_a_long_token_streaming_in_does_not_widen_the_view(qtbot: QtBot) -> None:
    view = conversation(qtbot, width=640)
    turn = view.add_turn("Q", [], [])
    turn.append_text("The blob: " + TOKEN * 3)
    qtbot.waitUntil(lambda: turn.stream_view.isVisible())
    QApplication.processEvents()
    assert view.widget().width() <= view.viewport().width()
    assert turn.stream_view.document().size().width() <= turn.stream_view.viewport().width() + 1


# -- pictures, large ------------------------------------------------------------------------------------
@pytest.fixture
def pictured_turn(qtbot: QtBot, tmp_path: Path) -> Callable[[], TurnWidget]:
    def make() -> TurnWidget:
        path = tmp_path / "stored.jpg"
        Image.new("RGB", (1600, 1000), "green").save(path, quality=90)
        data_url = "data:image/png;base64," + base64.b64encode(png(1200, 900, "red")).decode()
        thumbs = [QImage(96, 72, QImage.Format.Format_RGB32), QImage(96, 60, QImage.Format.Format_RGB32)]
        for thumb, colour in zip(thumbs, ("red", "green"), strict=True):
            thumb.fill(colour)
        view = conversation(qtbot)
        turn = view.add_turn("What is in these?", thumbs, ["red.png", "stored.jpg"], sources=[data_url, path])
        turn.set_result(result("Two pictures."))
        return turn

    return make


def test_a_thumbnail_click_opens_the_picture_large_with_next_previous_zoom_and_esc(
    qtbot: QtBot, pictured_turn: Callable[[], TurnWidget]
) -> None:
    turn = pictured_turn()
    assert len(turn.thumbnails) == 2
    qtbot.waitUntil(lambda: turn.thumbnails[0].isVisible())
    qtbot.mouseClick(turn.thumbnails[0], Qt.MouseButton.LeftButton)
    viewer = turn.viewer
    assert isinstance(viewer, ImageViewer)
    qtbot.waitExposed(viewer)
    assert not viewer.isModal() and viewer.isWindow()
    assert viewer.screen().availableGeometry().contains(viewer.frameGeometry())
    qtbot.waitUntil(lambda: viewer.loaded)
    shown = viewer.current_image
    assert shown is not None and (shown.width(), shown.height()) == (1200, 900)  # the full picture
    assert viewer.scale <= 1.0 and viewer.picture.pixmap().width() <= viewer.canvas.viewport().width()
    assert "1 of 2" in viewer.windowTitle()
    # next and previous: arrow keys and buttons
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.index == 1 and "stored.jpg" in viewer.windowTitle()
    qtbot.waitUntil(lambda: viewer.loaded)
    shown = viewer.current_image
    assert shown is not None and (shown.width(), shown.height()) == (1600, 1000)
    assert not viewer.next_button.isEnabled()
    qtbot.mouseClick(viewer.previous_button, Qt.MouseButton.LeftButton)
    assert viewer.index == 0
    qtbot.keyClick(viewer, Qt.Key.Key_Left)  # already the first: it stays
    assert viewer.index == 0
    # zoom: + and the buttons and Ctrl+wheel, 0 fits again
    fitted = viewer.scale
    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    assert viewer.scale > fitted
    qtbot.mouseClick(viewer.zoom_in_button, Qt.MouseButton.LeftButton)
    bigger = viewer.scale
    assert bigger > fitted and viewer.canvas.horizontalScrollBar().maximum() > 0
    canvas = viewer.canvas.viewport()
    QTest.wheelEvent(
        viewer.windowHandle(),
        QPointF(canvas.mapTo(viewer, canvas.rect().center())),
        QPoint(0, -120),
        stateKey=Qt.KeyboardModifier.ControlModifier,
    )
    assert viewer.scale < bigger
    qtbot.mouseClick(viewer.zoom_out_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(viewer, Qt.Key.Key_0)
    assert viewer.scale == pytest.approx(fitted)
    # Esc closes it
    with qtbot.waitSignal(viewer.destroyed, timeout=5000):
        qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert turn.viewer is None


def test_a_thumbnail_opens_from_the_keyboard_and_a_missing_picture_shows_the_thumbnail(
    qtbot: QtBot, tmp_path: Path
) -> None:
    view = conversation(qtbot)
    thumb = QImage(80, 60, QImage.Format.Format_RGB32)
    thumb.fill("blue")
    turn = view.add_turn("Q", [thumb], ["gone.jpg"], sources=[tmp_path / "gone.jpg"])
    turn.thumbnails[0].setFocus()
    qtbot.keyClick(turn.thumbnails[0], Qt.Key.Key_Return)
    viewer = turn.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.loaded)
    shown = viewer.current_image
    assert shown is not None and shown.width() == 80  # the thumbnail, and the caption says why
    assert "cannot be read" in viewer.caption.text()
    viewer.close()


def test_a_thumbnail_in_the_window_opens_the_viewer(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photos: list[Path]
) -> None:
    from tests.gui.test_main_window import wait_ready

    window.tray.add_paths([str(photos[0])])
    wait_ready(qtbot, window, 1)
    type_and_send(qtbot, window, "What is it?")
    qtbot.waitUntil(answered(window, 1), timeout=10000)
    turn = window.view.turns[0]
    assert len(turn.thumbnails) == 1
    qtbot.mouseClick(turn.thumbnails[0], Qt.MouseButton.LeftButton)
    viewer = turn.viewer
    assert viewer is not None
    qtbot.waitExposed(viewer)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer)  # Esc is the window's Cancel otherwise
    qtbot.waitUntil(lambda: viewer.loaded)
    shown = viewer.current_image
    assert shown is not None and not shown.isNull()
    assert (shown.width(), shown.height()) == (
        1314,
        875,
    )  # as sent (1800×1200 within ≈1.15 MP), not the thumbnail
    with qtbot.waitSignal(viewer.destroyed, timeout=5000):
        qtbot.keyClick(viewer, Qt.Key.Key_Escape)
