"""Answers that attack the window: files and pipes as images, dangerous links, bidi tricks, huge answers.

A model's answer is untrusted input. The window is driven against the hostile relay (the model picks the
attack); rendering details are checked on a :class:`TurnWidget` built directly. No timed assertions here: the
stall and memory targets are measured by ``benchmarks/bench_huge_answers.py``.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.gui.conftest import KEY
from tests.gui.test_main_window import answered, type_and_send
from tests.helpers.hostile_relay import PREFIX, HostileRelay, say
from tests.helpers.urls import catching_urls
from vision_desktop.app import create_window
from vision_desktop.core.models import ChatResult, Usage
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.widgets.answer_text import (
    LINE_CHARS,
    SHOWN_CHARS,
    AnswerView,
    SafeDocument,
    Shown,
    fits_markdown,
    neutralise,
    shown_part,
)
from vision_desktop.ui.widgets.conversation_view import ConversationView
from vision_desktop.ui.widgets.turn_widget import TurnWidget
from vision_desktop.workers.threads import running_threads

pytestmark = pytest.mark.gui


# -- helpers ----------------------------------------------------------------------------------------
@pytest.fixture
def hostile_window(
    qtbot: QtBot, hostile_relay: HostileRelay, vd_home: Path
) -> Iterator[Callable[[str], MainWindow]]:
    """A real window talking to the hostile relay; call it with the behaviour (model) to use."""
    windows: list[MainWindow] = []

    def make(model: str) -> MainWindow:
        env = {
            "VISION_DESKTOP_HOME": str(vd_home),
            "VISION_DESKTOP_BASE_URL": hostile_relay.base_url,
            "VISION_DESKTOP_API_KEY": KEY,
        }
        window = create_window(env=env)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        window.model_combo.setCurrentText(model if model.startswith(PREFIX) else PREFIX + model)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    # the history may still be writing a 50 MB answer after close() stopped waiting for it
    qtbot.waitUntil(lambda: not running_threads(), timeout=60000)


def ask(qtbot: QtBot, window: MainWindow, question: str = "Tell me") -> TurnWidget:
    type_and_send(qtbot, window, question)
    qtbot.waitUntil(answered(window, 1), timeout=30000)
    return window.view.turns[0]


class PipeWatch:
    """A FIFO, and a thread that notices (and ends) any attempt to open it for reading.

    Opening a FIFO for writing without blocking fails (ENXIO) while nobody reads it; if it succeeds, someone is
    blocked opening it to read: we note it and close our end, so the reader sees end-of-file and the test fails
    instead of hanging."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.opened = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                continue
            self.opened = True
            os.close(fd)

    def stop(self) -> bool:
        self._stop.set()
        self._thread.join(5)
        return self.opened


@pytest.fixture
def pipe(tmp_path: Path) -> Iterator[PipeWatch]:
    watch = PipeWatch(tmp_path / "pipe")
    yield watch
    watch.stop()


def rss() -> int:
    """This process's resident memory now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def document(turn: TurnWidget) -> QTextDocument:
    return turn.body.view.document()


def fragments(doc: QTextDocument) -> Iterator[tuple[str, object]]:
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            yield fragment.text(), fragment.charFormat()
            it += 1
        block = block.next()


def anchors(doc: QTextDocument) -> list[tuple[str, str]]:
    return [(text, fmt.anchorHref()) for text, fmt in fragments(doc) if fmt.isAnchor()]  # type: ignore[attr-defined]


def images(doc: QTextDocument) -> list[str]:
    return [text for text, fmt in fragments(doc) if fmt.isImageFormat()]  # type: ignore[attr-defined]


SCHEMES = ("http", "https", "mailto", "file", "javascript", "data", "smb", "vscode", "ftp")


@pytest.fixture
def opened() -> Iterator[list[str]]:
    with catching_urls(*SCHEMES) as catcher:
        yield catcher.urls


def point_of(view: AnswerView, text: str) -> QPoint:
    """The middle of ``text``'s first character in the view (viewport coordinates)."""
    at = view.document().toPlainText().index(text)
    cursor = QTextCursor(view.document())
    cursor.setPosition(at + 1)
    return view.cursorRect(cursor).center()


def click(qtbot: QtBot, view: AnswerView, text: str) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, text))


def result(text: str, finish_reason: str | None = "stop") -> ChatResult:
    return ChatResult("id", "model", text, finish_reason, Usage(10, 5, 15))


@pytest.fixture
def turn(qtbot: QtBot) -> TurnWidget:
    widget = TurnWidget("Question?", [], [])
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    return widget


# -- resources: nothing is ever loaded -----------------------------------------------------------------
def test_images_pointing_at_a_pipe_dev_zero_and_files_are_never_opened(
    qtbot: QtBot, hostile_window: Callable[[str], MainWindow], hostile_relay: HostileRelay, pipe: PipeWatch
) -> None:
    model = hostile_relay.behave(
        "pipe-image",
        say(
            f"Look: ![the pipe](file://{pipe.path}) ![zero](file:///dev/zero) ![as a path]({pipe.path}) "
            f"![hostname](file:///etc/hostname) ![**bold** alt](/dev/zero)\n\n"
            f"![by reference][r]\n\n[r]: file://{pipe.path}\n"
        ),
    )
    window = hostile_window(model)
    before = rss()
    turn = ask(qtbot, window)
    turn.grab()  # painted, where Qt would load images
    assert not pipe.stop(), "the answer's image made the window open the FIFO"
    assert rss() - before < 200 * 1024 * 1024, "memory grew as if /dev/zero was read"
    shown = document(turn).toPlainText()
    for alt in ("the pipe", "zero", "as a path", "hostname", "bold alt", "by reference"):
        assert f"[image: {alt}]" in shown
    assert not images(document(turn))
    assert turn.body.shown is Shown.MARKDOWN


def test_the_document_itself_loads_nothing(qtbot: QtBot, pipe: PipeWatch) -> None:
    """Second lock: even an image that reached the document is not read (FIFO, /dev/zero, a real file)."""
    doc = SafeDocument()
    for url in (QUrl.fromLocalFile(str(pipe.path)), QUrl("file:///dev/zero"), QUrl("file:///etc/hostname")):
        image = doc.resource(QTextDocument.ResourceType.ImageResource.value, url)
        assert image.width() == 1 and image.height() == 1
    doc.setHtml(
        f"<img src='{pipe.path}'><img src='file:///dev/zero'><link rel=stylesheet href='{pipe.path}'>"
    )
    doc.setTextWidth(400)
    assert doc.size().height() < 100
    assert not pipe.stop()


def test_remote_images_are_not_fetched_and_raw_html_is_only_text(
    qtbot: QtBot, hostile_window: Callable[[str], MainWindow], hostile_relay: HostileRelay
) -> None:
    pixel = hostile_relay.base_url.replace("/v1", "/pixel.png")
    model = hostile_relay.behave(
        "local-pixel",
        say(f"Tracking: ![t]({pixel}) <img src='{pixel}?raw'> <link rel=stylesheet href='{pixel}?css'>"),
    )
    window = hostile_window(model)
    turn = ask(qtbot, window)
    turn.grab()  # painted, where Qt would load images
    assert not [r for r in hostile_relay.requests if "pixel" in r.path]
    shown = document(turn).toPlainText()
    assert "[image: t]" in shown and f"<img src='{pixel}?raw'>" in shown  # raw HTML is text, not an image
    # the relay's own remote-image case: nothing fetched, shown as text
    window.model_combo.setCurrentText(PREFIX + "remote-image")
    type_and_send(qtbot, window, "again")
    qtbot.waitUntil(answered(window, 2), timeout=10000)
    shown = document(window.view.turns[1]).toPlainText()
    assert "[image: t]" in shown and "<img src='https://example.com/a.png'>" in shown


# -- links ------------------------------------------------------------------------------------------
def test_only_http_https_and_mailto_links_open_and_only_after_a_click(
    qtbot: QtBot, hostile_window: Callable[[str], MainWindow], opened: list[str]
) -> None:
    window = hostile_window("bad-links")
    turn = ask(qtbot, window)
    view, doc = turn.body.view, document(turn)
    assert anchors(doc) == [("ok", "https://example.com/page"), ("mail", "mailto:someone@example.com")]
    assert '<a href="file:///usr/bin/xterm">run</a>' in doc.toPlainText()  # raw HTML: shown, not a link
    assert not opened
    for text in ("click", "run</a>", "x ", "ok", "mail"):
        click(qtbot, view, text)
    assert opened == ["https://example.com/page", "mailto:someone@example.com"]


def test_every_other_scheme_is_text_with_its_target_named(
    turn: TurnWidget, qtbot: QtBot, opened: list[str]
) -> None:
    links = {
        "f": "file:///etc/passwd",
        "j": "javascript:alert(1)",
        "d": "data:text/html,<script>alert(1)</script>",
        "s": "smb://server/share",
        "v": "vscode://open?x",
        "r": "relative/page.html",
        "h": "https:no-host",
    }
    text = " ".join(f"[{name}{name}{name}]({target})" for name, target in links.items())
    text += " <file:///etc/shadow> [ref][bad]\n\n[bad]: javascript:void(0)\n"
    turn.set_result(result(text))
    doc = document(turn)
    assert anchors(doc) == []
    tips = [fmt.toolTip() for _text, fmt in fragments(doc)]  # type: ignore[attr-defined]
    assert any("javascript:alert(1)" in tip and tip.startswith("Not opened") for tip in tips)
    for name in links:
        click(qtbot, turn.body.view, name * 3)
    click(qtbot, turn.body.view, "ref")
    assert opened == []


def test_a_link_shows_its_full_target_on_hover(
    qtbot: QtBot, hostile_window: Callable[[str], MainWindow], hostile_relay: HostileRelay
) -> None:
    target = "https://example.com/a/very/long/path?with=query&and=more#fragment"
    model = hostile_relay.behave("long-link", say(f"See [the page]({target}) for more."))
    window = hostile_window(model)
    turn = ask(qtbot, window)
    tips = [fmt.toolTip() for text, fmt in fragments(document(turn)) if text == "the page"]  # type: ignore[attr-defined]
    assert tips == [target]
    qtbot.mouseMove(turn.body.view.viewport(), point_of(turn.body.view, "the page"))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == target, timeout=3000)


def test_bidi_and_invisible_characters_in_link_text_are_shown(
    qtbot: QtBot, hostile_window: Callable[[str], MainWindow]
) -> None:
    window = hostile_window("bidi-link")
    turn = ask(qtbot, window)
    texts = [text for text, _href in anchors(document(turn))]
    assert texts == ["invoice<U+202E>gnp.exe", "pay<U+200B>pal"]
    assert "\u202e" not in document(turn).toPlainText() and "\u200b" not in document(turn).toPlainText()
    assert turn.answer_markdown.count("\u202e") == 1  # Copy gives what the model sent


def test_neutralise_covers_every_bidi_and_zero_width_character() -> None:
    tricky = [
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x200E,
        0x200F,
        0x200B,
        0x200C,
        0x200D,
        0xFEFF,
        0x2060,
    ]
    for cp in tricky:
        assert neutralise(f"a{chr(cp)}b") == f"a<U+{cp:04X}>b"
    assert neutralise("plain, ünïcode and 漢字") == "plain, ünïcode and 漢字"


# -- huge answers -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [("one-long-line", Shown.CUT), ("huge-table", Shown.CUT), ("nested-lists", Shown.CUT)],
)
def test_huge_answers_from_the_relay_are_cut_with_save_and_copy_takes_all(
    qtbot: QtBot, hostile_window: Callable[[str], MainWindow], behaviour: str, expected: Shown
) -> None:
    window = hostile_window(behaviour)
    turn = ask(qtbot, window)
    full = window.conversation.turns[0].result.content  # type: ignore[union-attr]
    assert len(full) > SHOWN_CHARS
    assert turn.body.shown is expected
    assert len(turn.body.view.document().toPlainText()) <= SHOWN_CHARS
    assert turn.save_button.isVisible() and "too long to show whole" in turn.cut_note.text()
    assert turn.answer_markdown == full
    qtbot.mouseClick(turn.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == full


def test_a_50_mb_stream_stops_growing_the_view_and_is_kept_whole(
    qtbot: QtBot, hostile_window: Callable[[str], MainWindow], hostile_relay: HostileRelay, tmp_path: Path
) -> None:
    text = ("All work and no play makes a dull answer. " * 24 + "\n\n") * 50_000  # ~50 MB
    model = hostile_relay.behave("fifty-mb", say(text))
    window = hostile_window(model)
    type_and_send(qtbot, window, "Write a lot")
    qtbot.waitUntil(
        lambda: bool(window.view.turns) and "still arriving" in window.view.turns[0].notice.text(),
        timeout=30000,
    )
    turn = window.view.turns[0]
    assert turn.stream_view.shown_chars == SHOWN_CHARS
    assert len(turn.stream_view.toPlainText()) <= SHOWN_CHARS
    qtbot.waitUntil(answered(window, 1), timeout=120000)
    assert turn.body.shown is Shown.CUT and turn.save_button.isVisible()
    assert len(turn.answer_markdown) == len(text)
    path = tmp_path / "whole.md"
    with qtbot.waitSignal(turn.answer_saved, timeout=30000):
        turn._on_save_dialog_file_selected(str(path))  # what the dialog calls with the chosen file
    assert path.stat().st_size == len(text) and path.read_text(encoding="utf-8") == text
    assert "was saved to" in turn.cut_note.text()


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        "| a | b |\n|---|---|\n" + "".join(f"| {i} | v |\n" for i in range(5000)),
        "".join(f"- item {i}\n" for i in range(10_000)),
        "".join("  " * i + "- deep\n" for i in range(3000)),
        "- " * 5000 + "deep on one line",
        "> " * 5000 + "quoted deep",
    ],
    ids=[
        "1-mb-line",
        "5000-row-table",
        "10000-items",
        "3000-deep-list",
        "5000-deep-one-line",
        "5000-deep-quote",
    ],
)
def test_shapes_too_costly_to_format_are_shown_as_plain_text(turn: TurnWidget, text: str) -> None:
    assert not fits_markdown(text)
    turn.set_result(result(text))
    assert turn.body.shown in (Shown.PLAIN, Shown.CUT)
    assert turn.cut_note.isVisible()
    assert turn.save_button.isVisible() == (turn.body.shown is Shown.CUT)
    shown = document(turn).toPlainText()
    assert len(shown) <= SHOWN_CHARS and max(map(len, shown.split("\n"))) <= LINE_CHARS
    assert turn.answer_markdown == text


def test_an_ordinary_long_answer_is_still_formatted(turn: TurnWidget) -> None:
    text = "\n\n".join(
        f"## Part {i}\n\nSome **bold** prose, a [link](https://example.com/{i}) and a list:\n\n- a\n- b"
        for i in range(200)
    )
    assert len(text) < 32_000
    turn.set_result(result(text))
    assert turn.body.shown is Shown.MARKDOWN and not turn.save_button.isVisible()
    assert "Part 199" in document(turn).toPlainText() and len(anchors(document(turn))) == 200


def test_partial_answers_of_failed_and_stopped_turns_are_cut_too(qtbot: QtBot) -> None:
    big = ("y" * 99 + "\n") * 3000
    for finish in ("error", "stopped"):
        widget = TurnWidget("Q", [], [])
        qtbot.addWidget(widget)
        for i in range(0, len(big), 50_000):
            widget.append_text(big[i : i + 50_000])
        assert widget.stream_view.shown_chars == SHOWN_CHARS and "still arriving" in widget.notice.text()
        if finish == "error":
            widget.set_error("The connection was cut.", "", can_restore=False, partial=big)
        else:
            widget.set_stopped(can_restore=False, partial=big)
        assert widget.body.shown is Shown.CUT and not widget.save_button.isHidden()
        assert widget.answer_markdown == big


def test_save_asks_with_a_non_modal_dialog_and_reports_a_failure(
    qtbot: QtBot, turn: TurnWidget, tmp_path: Path
) -> None:
    turn.set_result(result("z" * 100_000))
    qtbot.mouseClick(turn.save_button, Qt.MouseButton.LeftButton)
    dialog = turn.save_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    dialog.reject()
    qtbot.waitUntil(lambda: turn.save_dialog is None)
    turn._on_save_dialog_file_selected(str(tmp_path / "missing-folder" / "answer.md"))
    qtbot.waitUntil(lambda: "could not be saved" in turn.cut_note.text(), timeout=10000)
    assert turn.save_button.isEnabled()
    assert not list(tmp_path.rglob("*.part"))


# -- finish reasons ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("behaviour", "in_body", "in_notice"),
    [
        ("content-filter", "The provider's filter stopped the answer.", None),
        ("content-filter-partial", "The beginning of an answer", "The provider's filter stopped the answer."),
        ("tool-calls", "The model asked to run a tool; this app does not run tools.", None),
    ],
)
def test_finish_reasons_are_explained(
    qtbot: QtBot,
    hostile_window: Callable[[str], MainWindow],
    behaviour: str,
    in_body: str,
    in_notice: str | None,
) -> None:
    window = hostile_window(behaviour)
    turn = ask(qtbot, window)
    assert in_body in turn.body.text()
    assert "empty answer" not in turn.body.text()
    if in_notice:
        assert in_notice in turn.notice.text() and turn.notice.isVisible()


def test_function_call_and_an_empty_answer_cut_by_length(turn: TurnWidget) -> None:
    turn.set_result(result("", "function_call"))
    assert turn.body.text() == "The model asked to run a tool; this app does not run tools."
    turn.set_result(result("", "length"))
    assert "token limit" in turn.body.text() and "cut off at the token limit" in turn.footer.text()
    turn.set_result(result("", "stop"))
    assert turn.body.text() == "(The model returned an empty answer.)"


def test_the_shown_part_stops_at_the_size_or_at_a_line_too_long() -> None:
    assert shown_part("short") == "short"
    assert shown_part("a\n" * 20_000) == ("a\n" * 10_000)[:SHOWN_CHARS]
    assert shown_part("x" * 1_000_000) == "x" * LINE_CHARS
    assert shown_part("ok\n" + "x" * 9000 + "\nmore") == "ok\n" + "x" * LINE_CHARS
    assert shown_part("x" * 100, line=LINE_CHARS - 10) == "x" * 10  # the stream's current line counts


def test_a_long_line_streams_into_view_only_up_to_the_line_limit(qtbot: QtBot) -> None:
    widget = TurnWidget("Q", [], [])
    qtbot.addWidget(widget)
    for _ in range(10):
        widget.append_text("z" * 5000)
    widget.append_text("\nnew lines do not start it again")
    assert widget.stream_view.toPlainText() == "z" * LINE_CHARS
    assert "still arriving (50,032 characters so far)" in widget.notice.text()
    assert widget.answer_markdown == "z" * 50_000 + "\nnew lines do not start it again"


def test_the_wheel_over_an_answer_scrolls_the_conversation(qtbot: QtBot) -> None:
    view = ConversationView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    qtbot.waitExposed(view)
    turn = view.add_turn("Q", [], [])
    turn.set_result(
        result("\n\n".join(f"Paragraph {i} with [a link](https://example.com)" for i in range(100)))
    )
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 500)
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    point = QPoint(200, 250)
    assert view.window().childAt(point) is turn.body.view.viewport()
    QTest.wheelEvent(view.window().windowHandle(), QPointF(point), QPoint(0, -120))
    qtbot.waitUntil(lambda: bar.value() > before)
