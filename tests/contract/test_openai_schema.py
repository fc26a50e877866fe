"""Every request body the app builds must be valid against OpenAI's ``CreateChatCompletionRequest``.

Relays silently drop or mis-route malformed bodies, so this contract test catches mistakes no relay reports.
What we *receive* is checked leniently elsewhere (relays leave out fields the spec calls required).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.helpers.factories import tiny_attachment
from tests.helpers.relay import completion
from vision_desktop.api.payloads import build_chat_body
from vision_desktop.core.models import ChatOptions, ChatRequest, Conversation, Message, Turn

SCHEMAS = Path(__file__).with_name("openai_chat_schemas.json")


def _nullable_to_2020(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable: true`` → JSON Schema's ``null`` type (or ``"stop": null`` is wrongly rejected)."""
    if isinstance(node, list):
        return [_nullable_to_2020(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _nullable_to_2020(v) for k, v in node.items()}
    if node.pop("nullable", False):
        if isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        else:
            return {"anyOf": [node, {"type": "null"}]}
    return node


@cache
def validator(name: str) -> Draft202012Validator:
    doc = json.loads(SCHEMAS.read_text())
    components = _nullable_to_2020(copy.deepcopy(doc["components"]))
    schema = {"$ref": f"#/components/schemas/{name}", "components": components}
    return Draft202012Validator(schema)


def assert_valid(name: str, instance: Any) -> None:
    problems = sorted(validator(name).iter_errors(instance), key=lambda e: e.path)
    assert not problems, "\n".join(f"{list(p.path)}: {p.message[:300]}" for p in problems[:5])


def bodies() -> list[tuple[str, dict[str, Any]]]:
    img = tiny_attachment()
    convo = Conversation(system="Be brief.")
    from vision_desktop.api.payloads import parse_chat_response

    convo.turns.append(Turn(Message("user", "first", (img,)), parse_chat_response(completion("answer"))))
    return [
        ("text only", build_chat_body(ChatRequest((Message("user", "hi"),)))),
        ("two images", build_chat_body(ChatRequest((Message("user", "what?", (img, img)),)))),
        ("image without text", build_chat_body(ChatRequest((Message("user", "", (img,)),)))),
        (
            "follow-up with system",
            build_chat_body(convo.build_request(Message("user", "and?"), ChatOptions())),
        ),
        (
            "all options",
            build_chat_body(
                ChatRequest(
                    (Message("user", "x", (img,)),),
                    ChatOptions(
                        temperature=2.0,
                        max_tokens=1,
                        top_p=0.5,
                        n=1,
                        stop=("a", "b", "c", "d"),
                        seed=1,
                        presence_penalty=-2,
                        frequency_penalty=2,
                        response_format={"type": "json_object"},
                        user="u",
                    ),
                )
            ),
        ),
        (
            "no temperature",
            build_chat_body(ChatRequest((Message("user", "x"),), ChatOptions(temperature=None))),
        ),
        ("stream", build_chat_body(ChatRequest((Message("user", "x", (img,)),)), stream=True)),
    ]


@pytest.mark.parametrize(("label", "body"), bodies(), ids=[b[0] for b in bodies()])
def test_request_bodies_are_schema_valid(label: str, body: dict[str, Any]) -> None:
    assert_valid("CreateChatCompletionRequest", body)


def test_the_contract_test_can_fail() -> None:
    """A body with the common relay-breaking mistakes is rejected: the image as a bare string, type "image"."""
    bad = {
        "model": "m",
        "messages": [{"role": "user", "content": [{"type": "image", "image_url": "data:..."}]}],
    }
    assert list(validator("CreateChatCompletionRequest").iter_errors(bad))


def test_our_scripted_relay_answers_like_the_spec_says() -> None:
    body = completion("hello")
    body["choices"][0]["logprobs"] = None
    body["choices"][0]["message"]["refusal"] = None
    assert_valid("CreateChatCompletionResponse", body)
