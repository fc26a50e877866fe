"""The window against the hostile relay: what a person sees when the relay stalls, trickles or sends absurd numbers.

The timeout comes from the settings like in real use; the settings dialog allows 5 s at least, so the tests put
2 s into the window's settings directly to stay fast (the deadline works the same way).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import type_and_send
from tests.helpers.hostile_relay import HostileRelay
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def relay(hostile_relay: HostileRelay) -> HostileRelay:
    """The window fixtures of tests/gui/conftest.py talk to the hostile relay in this module."""
    return hostile_relay


def ask(qtbot: QtBot, window: MainWindow, model: str, question: str, *, timeout: float = 2.0) -> None:
    window.model_combo.setCurrentText(model)
    window.settings = replace(window.settings, timeout=timeout)
    type_and_send(qtbot, window, question)
    qtbot.waitUntil(lambda: bool(window.view.turns) and window.controller.busy, timeout=5000)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=15000)


def shown_text(window: MainWindow) -> str:
    """Every label of the window a person can read."""
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in window.findChildren(QLabel) if label.isVisible())


@pytest.mark.parametrize(
    ("behaviour", "sentence"),
    [
        ("endless-keepalive", "kept the connection open but sent no answer text for 2 seconds"),
        ("trickle", "sent its answer too slowly: it was not complete after 2 seconds"),
    ],
)
def test_a_stalled_relay_ends_in_an_error_card_and_the_question_is_kept(
    qtbot: QtBot, window: MainWindow, behaviour: str, sentence: str
) -> None:
    ask(qtbot, window, "hostile/" + behaviour, "What is on the receipt?")
    turn = window.view.turns[0]
    assert turn.answer.property("state") == "error"
    assert sentence in turn.body.text() and "raise the timeout in Settings" in turn.body.text()
    assert window.prompt.toPlainText() == "What is on the receipt?"
    assert window.conversation.turns[-1].status == "failed"
    QApplication.processEvents()
    assert window.isVisible()


def test_text_before_a_stall_stays_on_screen(qtbot: QtBot, window: MainWindow) -> None:
    ask(qtbot, window, "hostile/keepalive-after-text", "Describe it")
    turn = window.view.turns[0]
    assert turn.answer.property("state") == "error"
    assert "The first words arrived, then nothing." in turn.body.text()
    assert "no new text for 2 seconds" in turn.notice.text()
    assert window.prompt.toPlainText() == "Describe it"


@pytest.mark.parametrize("behaviour", ["negative-usage", "giant-usage", "nan-usage", "string-usage"])
def test_absurd_usage_shows_the_answer_and_no_absurd_number(
    qtbot: QtBot, window: MainWindow, behaviour: str
) -> None:
    ask(qtbot, window, "hostile/" + behaviour, "Describe it")
    turn = window.view.turns[0]
    assert turn.answer.property("state") != "error"
    assert "The answer survives" in turn.body.text()
    assert "not reported" in turn.footer.text()
    numbers = shown_text(window).replace(turn.body.text(), "")  # the answer's own words aside
    assert not re.search(r"\d[\d,]{12,}|-\d|nan|inf", numbers, re.IGNORECASE), numbers


def test_deep_json_is_a_plain_sentence(qtbot: QtBot, window: MainWindow) -> None:
    ask(qtbot, window, "hostile/deep-json", "Describe it")
    turn = window.view.turns[0]
    assert turn.answer.property("state") == "error"
    assert "could not read" in turn.body.text() and "RecursionError" not in shown_text(window)
