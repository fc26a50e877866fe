"""A session whose relay refuses a parameter: the answer arrives after one more request, the person is told in the
turn's notes, ``parameter_learned`` says what to keep in the settings, and the next question goes right at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.relay import ScriptedRelay, error_body
from vision_desktop.api.parameters import ParameterChange
from vision_desktop.chat.connection import remember_parameters, resolve_connection
from vision_desktop.core.models import ChatOptions
from vision_desktop.storage.secrets import MemorySecretStore
from vision_desktop.storage.settings import Settings
from vision_desktop.workers.chat_controller import ChatController
from vision_desktop.workers.conversation_session import (
    ConversationSession,
    ParameterLearned,
    Question,
    TurnFailed,
    TurnFinished,
)

KEY = "sk-session-parameter-key-0123456789"
MODEL = "relay-reasoner"
MAX_TOKENS_REFUSED = {
    "error": {
        "message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead.",
        "type": "invalid_request_error",
        "param": "max_tokens",
        "code": "unsupported_parameter",
    }
}


@pytest.fixture
def session() -> Iterator[ConversationSession]:
    made = ConversationSession(ChatController())
    yield made
    made.shutdown()


def question(relay: ScriptedRelay, text: str, settings: Callable[[], Settings] = Settings) -> Question:
    return Question(
        text=text,
        images=(),
        options=ChatOptions(model=MODEL, temperature=0.5, max_tokens=64),
        connect=lambda: resolve_connection(
            settings(), MemorySecretStore(), base_url=relay.base_url, api_key=KEY, env={}
        ),
    )


def test_a_refused_parameter_is_learned_said_and_not_refused_again(
    qtbot: QtBot, session: ConversationSession, relay: ScriptedRelay
) -> None:
    relay.reply(400, MAX_TOKENS_REFUSED)
    order: list[str] = []
    session.parameter_learned.connect(lambda learned: order.append("learned"))
    session.turn_finished.connect(lambda finished: order.append("finished"))
    with (
        qtbot.waitSignal(session.parameter_learned, timeout=10000) as learned,
        qtbot.waitSignal(session.turn_finished, timeout=10000) as finished,
    ):
        turn_id = session.send(question(relay, "What is on the receipt?"))

    change = ParameterChange(MODEL, "max_tokens", "max_completion_tokens")
    lesson: ParameterLearned = learned.args[0]
    assert lesson == ParameterLearned(turn_id, change) and lesson.note == change.note()
    done: TurnFinished = finished.args[0]
    assert done.result.content == "I see 0 image(s). You asked: What is on the receipt?"
    assert done.notes == (change.note(),)  # shown under the answer, in one line
    assert order == ["learned", "finished"]
    first, second = relay.chat_requests
    assert "max_tokens" in first.json and second.json["max_completion_tokens"] == 64

    # the settings it is sent with do not have it yet (the window saves it): the session remembers meanwhile
    with qtbot.waitSignal(session.turn_finished, timeout=10000) as finished:
        session.send(question(relay, "And the total?"))
    assert finished.args[0].notes == ()
    assert len(relay.chat_requests) == 3
    assert relay.chat_requests[2].json["max_completion_tokens"] == 64


def test_the_lesson_kept_in_the_settings_reaches_a_new_session(
    qtbot: QtBot, session: ConversationSession, relay: ScriptedRelay
) -> None:
    """What the window does with ``parameter_learned``: keep it in its settings (and save them)."""
    kept = [Settings()]
    session.parameter_learned.connect(
        lambda learned: kept.append(remember_parameters(kept[-1], [learned.change]))
    )
    relay.reply(400, MAX_TOKENS_REFUSED)
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        session.send(question(relay, "First", lambda: kept[-1]))
    assert kept[-1].learned_params == {MODEL: {"max_tokens": "max_completion_tokens"}}

    other = ConversationSession(ChatController())
    try:
        with qtbot.waitSignal(other.turn_finished, timeout=10000):
            other.send(question(relay, "Second", lambda: kept[-1]))
    finally:
        other.shutdown()
    assert len(relay.chat_requests) == 3 and "max_tokens" not in relay.chat_requests[2].json


def test_a_400_naming_no_parameter_fails_the_turn_after_one_request(
    qtbot: QtBot, session: ConversationSession, relay: ScriptedRelay
) -> None:
    relay.reply(400, error_body("Invalid request", type_="invalid_request_error"))
    learned: list[ParameterLearned] = []
    session.parameter_learned.connect(learned.append)
    with qtbot.waitSignal(session.turn_failed, timeout=10000) as failed:
        session.send(question(relay, "What?"))
    assert isinstance(failed.args[0], TurnFailed) and failed.args[0].error.status == 400
    assert len(relay.chat_requests) == 1 and learned == []
