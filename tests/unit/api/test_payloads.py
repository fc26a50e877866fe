"""Building and parsing, and the error map on the relay bodies of FACTS.md."""

from __future__ import annotations

import pytest

from tests.helpers.factories import tiny_attachment
from tests.helpers.relay import CLOUDFLARE_522, DASHBOARD, NGINX_413, NGINX_502
from vision_desktop.api.payloads import (
    build_chat_body,
    error_from_response,
    html_title,
    parse_chat_response,
    parse_models,
    parse_retry_after,
)
from vision_desktop.core import errors
from vision_desktop.core.models import ChatOptions, ChatRequest, Conversation, Message, Turn


def test_user_message_puts_images_before_text_as_image_url_objects() -> None:
    img = tiny_attachment()
    body = build_chat_body(ChatRequest((Message("user", "What is this?", (img, img)),), ChatOptions()))
    parts = body["messages"][0]["content"]
    assert [p["type"] for p in parts] == ["image_url", "image_url", "text"]
    assert parts[0]["image_url"] == {"url": img.data_url, "detail": "auto"}
    assert parts[2] == {"type": "text", "text": "What is this?"}


def test_only_set_parameters_are_sent() -> None:
    body = build_chat_body(
        ChatRequest((Message("user", "hi"),), ChatOptions(temperature=0.2, max_tokens=512))
    )
    assert body == {
        "model": "claude-sonnet-4-20250514",
        "messages": [{"role": "user", "content": "hi"}],
        "max_tokens": 512,
        "temperature": 0.2,
    }
    full = build_chat_body(
        ChatRequest(
            (Message("user", "hi"),),
            ChatOptions(
                top_p=0.9,
                stop=("END",),
                seed=7,
                presence_penalty=0.1,
                frequency_penalty=0.2,
                response_format={"type": "json_object"},
                user="u1",
                n=1,
            ),
        )
    )
    assert full["stop"] == ["END"] and full["seed"] == 7 and full["n"] == 1 and full["user"] == "u1"
    assert full["response_format"] == {"type": "json_object"}


def test_system_prompt_and_earlier_turns_come_first() -> None:
    convo = Conversation(system="Answer in French.")
    first = parse_chat_response({"choices": [{"message": {"content": "Un chat."}}]})
    convo.turns.append(Turn(Message("user", "What is it?", (tiny_attachment(),)), first))
    convo.turns.append(Turn(Message("user", "broken", (tiny_attachment("blue"),)), None, "failed", "boom"))
    body = build_chat_body(convo.build_request(Message("user", "What colour?"), ChatOptions()))
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert body["messages"][2]["content"] == "Un chat."
    # the failed turn's image is not resent
    assert "broken" not in str(body)


def test_stream_flag_asks_for_usage() -> None:
    body = build_chat_body(ChatRequest((Message("user", "x"),)), stream=True)
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def test_parse_full_response() -> None:
    result = parse_chat_response(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": "claude-sonnet-4-20250514",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "The total is 12.50"},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 300, "completion_tokens": 50, "total_tokens": 350},
        },
        elapsed=1.5,
    )
    assert result.content == "The total is 12.50"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.total_tokens) == (
        300,
        50,
        350,
    )
    assert result.finish_reason == "stop" and result.elapsed == 1.5


@pytest.mark.parametrize(
    "message",
    [
        {"role": "assistant", "content": None},
        {"role": "assistant", "content": ""},
        {"role": "assistant"},
    ],
)
def test_null_or_missing_content_is_empty_text(message: dict[str, object]) -> None:
    result = parse_chat_response({"choices": [{"message": message}]})
    assert result.content == "" and result.finish_reason is None


def test_missing_usage_is_marked_unreported() -> None:
    result = parse_chat_response({"choices": [{"message": {"content": "x"}}]})
    assert not result.usage.reported and result.usage.total_tokens == 0
    zero = parse_chat_response({"choices": [{"message": {"content": "x"}}], "usage": {"prompt_tokens": 0}})
    assert not zero.usage.reported


def test_content_as_list_of_parts_and_missing_total() -> None:
    result = parse_chat_response(
        {
            "choices": [
                {"message": {"content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}}
            ],
            "usage": {"prompt_tokens": 3, "completion_tokens": 4},
        }
    )
    assert result.content == "ab" and result.usage.total_tokens == 7


@pytest.mark.parametrize("data", [{"choices": []}, {"id": "x"}, [], "text"])
def test_no_choices_is_an_invalid_response(data: object) -> None:
    with pytest.raises(errors.InvalidResponseError):
        parse_chat_response(data)


def test_models_list() -> None:
    assert parse_models({"data": [{"id": "b"}, {"id": "a"}, {"id": "a"}, {"x": 1}]}) == ["a", "b"]
    assert parse_models({"oops": True}) == []


H = {"content-type": "application/json"}


def err(message: str, **kw: object) -> str:
    import json

    return json.dumps({"error": {"message": message, "type": "new_api_error", **kw}}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (401, err("无效的令牌"), errors.AuthenticationError),
        (401, err("该令牌额度已用尽 (request id: 2024)"), errors.QuotaError),
        (403, err("用户额度不足, 剩余额度: ＄0.001"), errors.QuotaError),
        (403, err("user quota is not enough"), errors.QuotaError),
        (429, err("You exceeded your current quota", code="insufficient_quota"), errors.QuotaError),
        (429, err("Rate limit reached for requests"), errors.RateLimitError),
        (503, err("当前分组 default 下对于模型 claude-x 无可用渠道"), errors.ModelUnavailableError),
        (404, err("The model `gpt-9` does not exist", code="model_not_found"), errors.ModelUnavailableError),
        (404, err("Invalid URL (POST /v1/chat/completion)"), errors.NotFoundError),
        (413, err("request too large"), errors.RequestTooLargeError),
        (
            400,
            err("messages.0.content.0.image.source.base64: image exceeds 5 MB maximum"),
            errors.RequestTooLargeError,
        ),
        (
            400,
            err(
                "At least one of the image dimensions exceed max allowed size for many-image requests: 2000 pixels"
            ),
            errors.RequestTooLargeError,
        ),
        (400, err("temperature: must be <= 2"), errors.BadRequestError),
        (500, err("upstream error: do request failed"), errors.ServerError),
        (502, "", errors.ServerError),
        (504, "upstream timed out", errors.ServerError),
    ],
)
def test_relay_error_bodies_map_to_the_right_category(status: int, body: str, expected: type) -> None:
    error = error_from_response(status, H, body)
    assert type(error) is expected
    assert error.status == status
    # the relay's own words are kept for Details, our sentence is plain
    if body.startswith("{"):
        assert error.relay_message and error.relay_message in error.details_text()
    assert str(error).endswith(".")


def test_quota_is_never_presented_as_a_bad_key() -> None:
    error = error_from_response(429, H, err("You exceeded your current quota", code="insufficient_quota"))
    assert "key" not in str(error).split(".")[0].lower() or "quota" in str(error).lower()
    assert "re-entering" in str(error).lower()


def test_retry_after_is_kept() -> None:
    error = error_from_response(
        429, {"content-type": "application/json", "retry-after": "7"}, err("slow down")
    )
    assert isinstance(error, errors.RateLimitError) and error.retry_after == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None


@pytest.mark.parametrize(
    ("status", "page", "expected", "title"),
    [
        (522, CLOUDFLARE_522, errors.ServerError, "www.anyfast.ai | 522: Connection timed out"),
        (502, NGINX_502, errors.ServerError, "502 Bad Gateway"),
        (413, NGINX_413, errors.RequestTooLargeError, "413 Request Entity Too Large"),
        (200, DASHBOARD, errors.NotFoundError, "New API"),
        (404, DASHBOARD, errors.NotFoundError, "New API"),
    ],
)
def test_html_pages_from_fronts(status: int, page: str, expected: type, title: str) -> None:
    error = error_from_response(status, {"content-type": "text/html"}, page)
    assert type(error) is expected
    assert error.relay_message == title
    assert "<" not in str(error)


def test_html_without_content_type_is_still_recognised() -> None:
    error = error_from_response(200, {}, "\n  " + DASHBOARD)
    assert isinstance(error, errors.NotFoundError)
    assert "base URL" in str(error)


def test_200_with_garbage_is_invalid_response() -> None:
    error = error_from_response(200, {"content-type": "application/json"}, "{not json")
    assert isinstance(error, errors.InvalidResponseError)


def test_error_object_with_status_200() -> None:
    with pytest.raises(errors.QuotaError):
        parse_chat_response({"error": {"message": "该令牌额度已用尽"}})


def test_html_title_falls_back_to_h1() -> None:
    assert html_title("<html><body><h1>Bad &amp; Gateway</h1></body></html>") == "Bad & Gateway"


def test_a_length_limit_value_too_large_is_not_a_request_too_large() -> None:
    """ "max_tokens is too large" asks for a smaller limit; shrinking the images would not help."""
    error = error_from_response(
        400, H, err("max_tokens is too large: 300000. This model supports at most 64000 completion tokens.")
    )
    assert not isinstance(error, errors.RequestTooLargeError)
