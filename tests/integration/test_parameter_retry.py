"""A relay that refuses a parameter (HTTP 400 naming it): the question goes once more without it, the person is
told in one line, and the lesson is kept in the settings so the next question is right at once. Against the
real scripted relay (and the hostile one for a relay that refuses everything)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.hostile_relay import HostileRelay
from tests.helpers.relay import Reply, ScriptedRelay, error_body
from vision_desktop.api.cancel import CancelToken
from vision_desktop.api.parameters import ParameterChange
from vision_desktop.chat.connection import Connection, remember_parameters, resolve_connection
from vision_desktop.chat.sending import MAX_PARAMETER_RETRIES, SendOutcome, send_question
from vision_desktop.core.errors import BadRequestError, UnsupportedParameterError
from vision_desktop.core.models import ChatOptions
from vision_desktop.storage.secrets import MemorySecretStore
from vision_desktop.storage.settings import Settings, SettingsStore

KEY = "sk-parameter-test-key-0123456789"
MODEL = "relay-reasoner"
"""A model the profile table does not know: it is sent ``max_tokens`` and a temperature until a relay objects."""

MAX_TOKENS_REFUSED = {
    "error": {
        "message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead.",
        "type": "invalid_request_error",
        "param": "max_tokens",
        "code": "unsupported_parameter",
    }
}
TEMPERATURE_REFUSED = {
    "error": {
        "message": "Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) "
        "value is supported.",
        "type": "invalid_request_error",
        "param": "temperature",
        "code": "unsupported_value",
    }
}


def connect(
    relay: ScriptedRelay, settings: Settings, learned: list[ParameterChange] | None = None
) -> Connection:
    connection = resolve_connection(
        settings, MemorySecretStore(), base_url=relay.base_url, api_key=KEY, env={}
    )
    return replace(connection, on_learned=learned.append) if learned is not None else connection


def ask(
    connection: Connection,
    text: str = "What is on the receipt?",
    model: str = MODEL,
    statuses: list[str] | None = None,
) -> SendOutcome:
    return send_question(
        connection,
        history=(),
        text=text,
        prepare_images=lambda limits: (),
        options=ChatOptions(model=model, temperature=0.5, max_tokens=64),
        system=None,
        cancel=CancelToken(),
        on_status=statuses.append if statuses is not None else None,
    )


def test_max_tokens_refused_is_sent_again_as_max_completion_tokens_and_remembered(
    relay: ScriptedRelay, vd_home: Path
) -> None:
    relay.reply(400, MAX_TOKENS_REFUSED)
    settings = Settings(model=MODEL)
    heard: list[ParameterChange] = []
    statuses: list[str] = []

    outcome = ask(connect(relay, settings, heard), statuses=statuses)

    assert outcome.result.content == "I see 0 image(s). You asked: What is on the receipt?"
    first, second = relay.chat_requests  # exactly two requests
    assert first.json["max_tokens"] == 64 and "max_completion_tokens" not in first.json
    assert second.json["max_completion_tokens"] == 64 and "max_tokens" not in second.json
    assert second.json["temperature"] == 0.5  # only what was refused changes
    change = ParameterChange(MODEL, "max_tokens", "max_completion_tokens")
    assert outcome.learned == (change,) and heard == [change]
    assert outcome.notes == (change.note(),)
    assert "max_completion_tokens" in outcome.notes[0]
    assert statuses == [
        "Waiting for the answer…",
        "Sending again without what the model refused…",
    ]

    # kept in the settings file, and the next question goes right away with the learned name
    store = SettingsStore(vd_home / "settings.json")
    store.save(remember_parameters(settings, outcome.learned))
    reloaded = store.load()
    assert reloaded.learned_params == {MODEL: {"max_tokens": "max_completion_tokens"}}
    again = ask(connect(relay, reloaded), "And the total?")
    assert again.result.content.endswith("And the total?") and again.notes == () and again.learned == ()
    assert len(relay.chat_requests) == 3
    assert relay.chat_requests[2].json["max_completion_tokens"] == 64
    assert "max_tokens" not in relay.chat_requests[2].json


def test_a_refused_temperature_is_left_out_and_the_person_told(relay: ScriptedRelay) -> None:
    relay.reply(400, TEMPERATURE_REFUSED)
    outcome = ask(connect(relay, Settings()))
    assert outcome.result.content.startswith("I see 0 image(s)")
    first, second = relay.chat_requests
    assert first.json["temperature"] == 0.5 and "temperature" not in second.json
    assert second.json["max_tokens"] == 64
    assert outcome.notes == ("This model does not accept a temperature; sent without it.",)
    assert outcome.learned == (ParameterChange(MODEL, "temperature", ""),)


def test_a_relay_passing_only_a_chinese_message_is_understood(relay: ScriptedRelay) -> None:
    relay.reply(400, error_body("该模型不支持参数 temperature，请去掉后重试"))
    outcome = ask(connect(relay, Settings()))
    assert len(relay.chat_requests) == 2 and "temperature" not in relay.chat_requests[1].json
    assert outcome.learned == (ParameterChange(MODEL, "temperature", ""),)


def test_a_relay_refusing_max_tokens_then_temperature_gets_both_fixed(relay: ScriptedRelay) -> None:
    relay.push(Reply(400, MAX_TOKENS_REFUSED), Reply(400, TEMPERATURE_REFUSED))
    outcome = ask(connect(relay, Settings()))
    assert outcome.result.content.startswith("I see 0 image(s)")
    bodies = [r.json for r in relay.chat_requests]
    assert len(bodies) == 3
    assert "max_completion_tokens" in bodies[2] and "max_tokens" not in bodies[2]
    assert "temperature" not in bodies[2]
    assert [c.parameter for c in outcome.learned] == ["max_tokens", "temperature"]
    assert len(outcome.notes) == 2


def test_a_known_reasoning_model_is_right_the_first_time(relay: ScriptedRelay) -> None:
    outcome = ask(connect(relay, Settings()), model="o3")
    (only,) = relay.chat_requests
    assert only.json["max_completion_tokens"] == 64 and "max_tokens" not in only.json
    assert "temperature" not in only.json and outcome.notes == ()


def test_a_400_that_names_no_parameter_is_not_retried(relay: ScriptedRelay) -> None:
    relay.reply(
        400, error_body("Invalid request: the conversation is malformed", type_="invalid_request_error")
    )
    heard: list[ParameterChange] = []
    with pytest.raises(BadRequestError) as caught:
        ask(connect(relay, Settings(), heard))
    assert not isinstance(caught.value, UnsupportedParameterError)
    assert len(relay.chat_requests) == 1 and heard == []


def test_a_refused_parameter_that_was_not_sent_is_not_retried(relay: ScriptedRelay) -> None:
    relay.reply(400, error_body("Unsupported parameter: 'top_p' is not supported with this model."))
    with pytest.raises(UnsupportedParameterError) as caught:
        ask(connect(relay, Settings()))
    assert caught.value.parameter == "top_p" and "top_p" in caught.value.message
    assert len(relay.chat_requests) == 1


def test_a_relay_that_refuses_everything_is_not_asked_forever(hostile_relay: HostileRelay) -> None:
    """Each request is refused naming the first optional parameter it has: every parameter goes once, then the
    refusal of a parameter that is no longer sent ends it."""

    def refuse(payload: dict[str, Any]) -> Reply:
        name = next((k for k in payload if k not in ("model", "messages")), "max_tokens")
        return Reply(400, error_body(f"Unsupported parameter: '{name}'"))

    model = hostile_relay.behave("refuses-parameters", refuse)
    heard: list[ParameterChange] = []
    with pytest.raises(UnsupportedParameterError):
        ask(connect(hostile_relay, Settings(), heard), model=model)
    # the first try and one more per parameter (max_tokens renamed, then left out with the temperature)
    assert len(hostile_relay.chat_requests) == 1 + MAX_PARAMETER_RETRIES
    assert [(c.parameter, c.replacement) for c in heard] == [
        ("max_tokens", "max_completion_tokens"),
        ("max_completion_tokens", ""),
        ("temperature", ""),
    ]
    assert list(hostile_relay.chat_requests[-1].json) == ["model", "messages"]
