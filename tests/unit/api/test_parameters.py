"""The parameters a model is sent (its profile, what relays taught), the 400s that name one it refuses, and the
tile captions in the user message."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.contract.test_openai_schema import assert_valid
from tests.helpers.factories import tiny_attachment
from vision_desktop.api.parameters import ParameterBook, ParameterChange, ParameterRules
from vision_desktop.api.payloads import build_chat_body, error_from_payload, unsupported_parameter
from vision_desktop.core.errors import (
    BadRequestError,
    ModelUnavailableError,
    UnsupportedParameterError,
)
from vision_desktop.core.models import ChatOptions, ChatRequest, Message, Tile

OPENAI_MAX_TOKENS = {
    "error": {
        "message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead.",
        "type": "invalid_request_error",
        "param": "max_tokens",
        "code": "unsupported_parameter",
    }
}
OPENAI_TEMPERATURE = {
    "error": {
        "message": "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) "
        "value is supported.",
        "type": "invalid_request_error",
        "param": "temperature",
        "code": "unsupported_value",
    }
}


def body_for(model: str, book: ParameterBook | None = None, **options: Any) -> dict[str, Any]:
    opts = ChatOptions(model=model, temperature=0.7, max_tokens=500).replace(**options)
    request = ChatRequest((Message("user", "What is this?"),), opts)
    return build_chat_body(request, rules=(book or ParameterBook()).rules_for(model))


# ------------------------------------------------------------------------------------------ what is sent
def test_o3_gets_max_completion_tokens_and_no_temperature() -> None:
    body = body_for("o3")
    assert body["max_completion_tokens"] == 500
    assert "max_tokens" not in body and "temperature" not in body
    assert_valid("CreateChatCompletionRequest", body)


def test_gpt5_through_a_relay_prefix_is_treated_like_gpt5() -> None:
    body = body_for("openai/gpt-5-mini")
    assert body["max_completion_tokens"] == 500 and "temperature" not in body


def test_claude_and_unknown_models_keep_max_tokens_and_temperature() -> None:
    for model in ("claude-sonnet-4-20250514", "some-relay-model", "gpt-4o"):
        body = body_for(model)
        assert (body["max_tokens"], body["temperature"]) == (500, 0.7), model
        assert "max_completion_tokens" not in body


def test_the_key_order_stays_the_same_when_a_name_changes() -> None:
    assert list(body_for("o3", top_p=0.5)) == ["model", "messages", "max_completion_tokens", "top_p"]


def test_learned_params_are_applied_for_that_model_only() -> None:
    book = ParameterBook.from_settings(
        {}, {"Relay-Reasoner": {"max_tokens": "max_completion_tokens", "temperature": ""}}
    )
    body = body_for("relay-reasoner", book)  # the id as typed, or in other case
    assert body["max_completion_tokens"] == 500 and "temperature" not in body and "max_tokens" not in body
    assert body_for("claude-sonnet-4-20250514", book)["max_tokens"] == 500


def test_a_learned_param_wins_over_the_profile() -> None:
    # an old relay in front of o3 wants max_tokens after all ("Use 'max_tokens' instead")
    book = ParameterBook.from_settings({}, {"o3": {"max_completion_tokens": "max_tokens"}})
    body = body_for("o3", book)
    assert body["max_tokens"] == 500 and "max_completion_tokens" not in body


def test_the_persons_profile_choice_decides_for_a_model_the_table_does_not_know() -> None:
    book = ParameterBook.from_settings({"my-alias": "openai-patches"}, {})
    body = body_for("my-alias", book)
    assert "max_completion_tokens" in body and "temperature" not in body


def test_a_hand_edited_settings_file_cannot_take_out_the_model_or_the_messages() -> None:
    book = ParameterBook.from_settings(
        {}, {"m": {"messages": "", "model": "", "temperature": "anything", "max_tokens": "stream"}}
    )
    body = body_for("m", book)
    assert body["model"] == "m" and body["messages"] and body["temperature"] == 0.7
    assert body["max_tokens"] == 500 and "stream" not in body


def test_renames_that_go_round_in_a_circle_end() -> None:
    rules = ParameterRules((("max_tokens", "max_completion_tokens"), ("max_completion_tokens", "max_tokens")))
    assert rules.sent_as("max_tokens") == "max_tokens"
    assert rules.sent_as("max_completion_tokens") == "max_completion_tokens"


def test_a_book_learns_without_forgetting() -> None:
    book = ParameterBook().learn(ParameterChange("o3-pro", "temperature"))
    book = book.learn(ParameterChange("o3-pro", "top_p"))
    book = book.learn(ParameterChange("x", "max_tokens", "max_completion_tokens"))
    assert book.as_settings() == {
        "o3-pro": {"temperature": "", "top_p": ""},
        "x": {"max_tokens": "max_completion_tokens"},
    }


def test_the_notes_are_one_plain_line() -> None:
    assert (
        ParameterChange("o3", "temperature").note()
        == "This model does not accept a temperature; sent without it."
    )
    renamed = ParameterChange("o3", "max_tokens", "max_completion_tokens").note()
    assert "max_completion_tokens" in renamed and "\n" not in renamed


# ------------------------------------------------------------------------------------------ tile captions
def test_each_tile_is_introduced_by_its_caption_in_reading_order() -> None:
    tiles = [
        replace(tiny_attachment(source=f"page.png#{i}"), tile=Tile(i, 3, "top to bottom")) for i in (1, 2, 3)
    ]
    photo = tiny_attachment(source="photo.jpg")
    body = build_chat_body(ChatRequest((Message("user", "Summarise the page.", (*tiles, photo)),)))
    parts = body["messages"][-1]["content"]
    assert [p["type"] for p in parts] == ["text", "image_url"] * 3 + ["image_url", "text"]
    captions = [p["text"] for p in parts if p["type"] == "text"]
    assert captions == [
        "image 1 of 3, top to bottom",
        "image 2 of 3, top to bottom",
        "image 3 of 3, top to bottom",
        "Summarise the page.",
    ]
    urls = [p["image_url"]["url"] for p in parts if p["type"] == "image_url"]
    assert urls == [t.data_url for t in tiles] + [photo.data_url]
    assert_valid("CreateChatCompletionRequest", body)


def test_a_wide_picture_says_left_to_right() -> None:
    tile = replace(tiny_attachment(), tile=Tile(2, 2, "left to right"))
    parts = build_chat_body(ChatRequest((Message("user", "", (tile,)),)))["messages"][-1]["content"]
    assert parts[0] == {"type": "text", "text": "image 2 of 2, left to right"}


# ------------------------------------------------------------------------------------------ refused parameters
def test_openais_unsupported_parameter_names_the_rename() -> None:
    error = error_from_payload(400, OPENAI_MAX_TOKENS, {})
    assert isinstance(error, UnsupportedParameterError)
    assert (error.parameter, error.replacement) == ("max_tokens", "max_completion_tokens")
    assert error.details()["parameter"] == "max_tokens" and error.status == 400


def test_openais_unsupported_value_for_temperature_means_leave_it_out() -> None:
    error = error_from_payload(400, OPENAI_TEMPERATURE, {})
    assert isinstance(error, UnsupportedParameterError)
    assert (error.parameter, error.replacement) == ("temperature", "")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (OPENAI_MAX_TOKENS["error"]["message"], ("max_tokens", "max_completion_tokens")),
        ("Unsupported parameter: 'max_tokens'", ("max_tokens", "max_completion_tokens")),
        (
            "Unsupported parameter: 'max_completion_tokens'. Use 'max_tokens' instead.",
            ("max_completion_tokens", "max_tokens"),
        ),
        ("'temperature' is not supported with this model.", ("temperature", "")),
        ("This model does not support temperature", ("temperature", "")),
        (
            "Unrecognized request argument supplied: max_completion_tokens",
            ("max_completion_tokens", "max_tokens"),
        ),
        ("`top_p` is not supported for this model", ("top_p", "")),
        ("该模型不支持参数 temperature", ("temperature", "")),
        ("不支持的参数：max_tokens，请使用 max_completion_tokens", ("max_tokens", "max_completion_tokens")),
        ("参数 “top_p” 不被支持", ("top_p", "")),
        ("Unsupported parameter: 'user'", ("user", "")),
    ],
)
def test_a_relays_message_alone_names_the_parameter(message: str, expected: tuple[str, str]) -> None:
    assert unsupported_parameter(message) == expected
    error = error_from_payload(400, {"error": {"message": message, "type": "new_api_error"}}, {})
    assert isinstance(error, UnsupportedParameterError)
    assert (error.parameter, error.replacement) == expected
    assert error.relay_message == message


@pytest.mark.parametrize(
    "message",
    [
        "Invalid value for 'temperature': must be at most 2.",
        "max_tokens: 100000 > 16384, the most this model supports for completion tokens.",
        "Unsupported value: 'max_tokens' must be at most 8192.",
        "This feature is not supported for this user tier.",
        "Unsupported parameter: 'messages'",
        "This model does not support image input.",
        "`temperature` and `top_p` cannot both be specified for this model. Please use only one.",
        "",
    ],
)
def test_a_400_that_names_no_refused_parameter_is_a_plain_bad_request(message: str) -> None:
    assert unsupported_parameter(message) is None
    error = error_from_payload(400, {"error": {"message": message}}, {})
    assert type(error) is BadRequestError


def test_only_a_400_is_read_for_refused_parameters() -> None:
    assert not isinstance(error_from_payload(500, OPENAI_MAX_TOKENS, {}), UnsupportedParameterError)
    assert isinstance(
        error_from_payload(400, {"error": {"message": "model not found: o9"}}, {}), ModelUnavailableError
    )
