"""chat/flight.py: the plan a person sees before sending — sizes, tokens, cost, and what blocks the request."""

from __future__ import annotations

import json

import pytest

from tests.helpers.factories import tiny_attachment
from vision_desktop.api.payloads import build_chat_body
from vision_desktop.chat.flight import (
    MESSAGE_OVERHEAD,
    REQUEST_OVERHEAD,
    FlightPlan,
    budget_problem,
    estimate_accuracy,
    estimate_text_tokens,
    plan_flight,
    plan_with_settings,
)
from vision_desktop.core.models import ChatOptions, ChatRequest, ImageAttachment, Message
from vision_desktop.core.profiles import Price, profile_by_key, profile_for
from vision_desktop.storage.settings import Settings

CLAUDE = profile_for("claude-sonnet-4-20250514")
SONNET_PRICE = Price(3.0, 15.0)


def sized(width: int, height: int, *, base64_chars: int = 1000, name: str = "photo.jpg") -> ImageAttachment:
    """A prepared image of this size whose data URL has ``base64_chars`` characters of base64 (no real pixels)."""
    return ImageAttachment(
        source=f"/home/ann/{name}",
        data_url="data:image/jpeg;base64," + "QUJD" * (base64_chars // 4),
        mime_type="image/jpeg",
        width=width,
        height=height,
        bytes=base64_chars * 3 // 4,
        original_width=width,
        original_height=height,
        original_bytes=base64_chars,
        estimated_tokens=CLAUDE.image_tokens(width, height),
    )


def plan(images: list[ImageAttachment], text: str = "What is this?", **kw: object) -> FlightPlan:
    args: dict[str, object] = {"profile": CLAUDE, "price": SONNET_PRICE, "model": "claude-sonnet-4-20250514"}
    args.update(kw)
    return plan_flight(images=images, text=text, **args)  # type: ignore[arg-type]


def test_upload_size_is_the_body_the_client_sends_to_the_byte() -> None:
    history = (
        Message("user", "第一张图片里有什么？", (tiny_attachment("blue", (40, 30)),)),
        Message("assistant", "Une chaîne de montagnes — «les Alpes»."),
    )
    images = [tiny_attachment("red", (64, 48)), tiny_attachment("green", (300, 200))]
    options = ChatOptions(model="claude-sonnet-4-20250514", temperature=0.2, max_tokens=512)
    got = plan(
        images,
        'And here? "quoted"\nnew line',
        history=history,
        system="Be brief.",
        options=options,
        stream=True,
    )
    request = ChatRequest(
        (*history, Message("user", 'And here? "quoted"\nnew line', tuple(images))), options, "Be brief."
    )
    sent = json.dumps(build_chat_body(request, stream=True), ensure_ascii=False).encode("utf-8")
    assert got.upload_bytes == len(sent)
    assert (got.images, got.earlier_images) == (2, 1)
    assert got.pixels == 64 * 48 + 300 * 200


def test_text_tokens_follow_the_documented_rule() -> None:
    assert estimate_text_tokens("") == 0
    assert estimate_text_tokens("What is the total?") == 5  # 18 characters / 4, rounded up
    assert estimate_text_tokens("这张收据上的总额是多少") == 11  # one per CJK character
    assert estimate_text_tokens("領収書の合計は？") == 8  # kana and full-width punctuation too
    assert estimate_text_tokens("Сколько стоит") == 7  # 12 Cyrillic letters / 2, plus a space


def test_prompt_tokens_are_text_images_and_overheads() -> None:
    photo = sized(1092, 1092)
    got = plan([photo], "What is the total?", system="Be brief.")
    texts = estimate_text_tokens("What is the total?") + estimate_text_tokens("Be brief.")
    assert got.text_tokens == texts + 2 * MESSAGE_OVERHEAD + REQUEST_OVERHEAD
    assert got.image_tokens == 39 * 39  # ⌈1092/28⌉²
    assert got.estimated_prompt_tokens == got.text_tokens + got.image_tokens
    assert got.estimated_cost == pytest.approx(got.estimated_prompt_tokens * 3.0 / 1_000_000)


def test_images_are_counted_by_the_profile_of_the_model_they_go_to() -> None:
    photo = sized(1536, 768)
    tiles = profile_by_key("openai-tiles")
    assert tiles is not None
    assert plan([photo], profile=tiles).image_tokens == 85 + 170 * 6  # 3 × 2 tiles of 512 px
    assert plan([photo]).image_tokens == 55 * 28


def test_nothing_blocks_an_ordinary_question() -> None:
    got = plan([sized(1200, 800) for _ in range(3)])
    assert not got.blocks and got.problems == ()
    assert got.summary() == "3 images · 2.9 MP · 3 KB upload · ≈ 3,800 tokens · ≈ $0.011"


def test_101_images_block_with_what_to_do() -> None:
    got = plan([sized(400, 300) for _ in range(101)])
    assert got.blocks
    (problem,) = got.blocking
    assert problem.kind == "too_many_images"
    assert (
        "101 images" in problem.text and "at most 100" in problem.text and "Remove 1 image," in problem.text
    )


def test_earlier_images_count_towards_the_limit() -> None:
    history = (
        Message("user", "first", tuple(sized(400, 300) for _ in range(70))),
        Message("assistant", "ok"),
    )
    got = plan([sized(400, 300) for _ in range(31)], history=history)
    (problem,) = got.blocking
    assert "101 images" in problem.text and "Start a new conversation" in problem.text
    assert any(p.kind == "earlier_images" and not p.blocks for p in got.problems)


def test_a_request_over_the_body_limit_blocks() -> None:
    got = plan([sized(1568, 1568, base64_chars=5_000_000) for _ in range(7)])  # 35 MB of base64
    (problem,) = got.blocking
    assert problem.kind == "request_too_large"
    assert (
        "33.4 MB" in problem.text
        and "at most 32.0 MB" in problem.text
        and "several questions" in problem.text
    )


def test_over_20_images_each_must_fit_2000_px() -> None:
    big = sized(2400, 1600, name="panorama.jpg")
    assert not plan([big, *(sized(400, 300) for _ in range(19))]).blocks  # 20 images: the normal limit
    got = plan([big, *(sized(400, 300) for _ in range(20))])
    (problem,) = got.blocking
    assert problem.kind == "many_images_too_large"
    assert (
        "more than 20 images" in problem.text
        and "2,000 × 2,000" in problem.text
        and "1 image does not" in problem.text
    )


def test_an_image_over_the_base64_limit_blocks_and_is_named() -> None:
    got = plan([sized(8000, 6000, base64_chars=6_000_000, name="scan.png")])
    (problem,) = got.blocking
    assert problem.kind == "image_too_large" and "scan.png" in problem.text


def test_unknown_price_gives_no_cost_and_a_note() -> None:
    got = plan([sized(800, 600)], price=None, model="my-own-model")
    assert got.estimated_cost is None and not got.blocks
    assert [p.kind for p in got.notes] == ["unknown_price"]
    assert "my-own-model" in got.notes[0].text
    assert "$" not in got.summary()


def test_small_images_get_a_note() -> None:
    got = plan([sized(120, 90, name="icon.png")])
    assert [p.kind for p in got.notes] == ["small_image"] and "icon.png" in got.notes[0].text


def test_budget_warns_before_a_send_would_pass_it_without_blocking() -> None:
    photo = sized(1568, 1045)
    got = plan([photo], spent_this_month=9.999, monthly_budget=10.0)
    (warning,) = got.warnings
    assert warning.kind == "over_budget" and not got.blocks
    assert "$10.00" in warning.text and "$9.999" not in warning.text
    assert plan([photo], spent_this_month=1.0, monthly_budget=10.0).warnings == ()
    assert plan([photo], spent_this_month=None, monthly_budget=10.0).warnings == ()  # spending unknown
    assert plan([photo], spent_this_month=50.0, monthly_budget=0.0).warnings == ()  # no budget
    passed = budget_problem(None, 12.0, 10.0, "CNY")
    assert passed is not None and "12.00 CNY" in passed.text and "already reached" in passed.text


def test_plan_with_settings_takes_price_currency_and_budget_from_settings() -> None:
    settings = Settings(
        model="my-relay-vision", prices={"my-relay-vision": (20.0, 60.0)}, currency="CNY", monthly_budget=5.0
    )
    got = plan_with_settings(settings, images=[sized(1000, 1000)], text="Describe", spent_this_month=4.99)
    assert got.currency == "CNY" and got.model == "my-relay-vision"
    assert got.estimated_cost == pytest.approx(got.estimated_prompt_tokens * 20.0 / 1_000_000)
    assert got.summary().endswith("CNY") and [p.kind for p in got.warnings] == ["over_budget"]


def test_an_empty_question_is_empty() -> None:
    assert plan([], "  ").empty
    assert not plan([], "Hello").empty


@pytest.mark.parametrize(
    ("estimated", "reported", "line"),
    [
        (1600, 1652, "Estimate 1,600 tokens, reported 1,652 (+3 %)"),
        (1600, 1500, "Estimate 1,600 tokens, reported 1,500 (-6 %)"),
        (1600, 1600, "Estimate 1,600 tokens, reported 1,600 (+0 %)"),
        (1600, None, "Estimate 1,600 tokens; the relay reported no usage"),
    ],
)
def test_estimate_accuracy_is_one_line(estimated: int, reported: int | None, line: str) -> None:
    assert estimate_accuracy(estimated, reported) == line


def test_upload_size_follows_the_parameters_the_model_takes() -> None:
    from vision_desktop.api.parameters import ParameterBook

    settings = Settings(model="gpt-5-mini", learned_params={"gpt-5-mini": {"top_p": ""}})
    options = ChatOptions(model="gpt-5-mini", temperature=0.3, max_tokens=512, top_p=0.9)
    images = [tiny_attachment("red", (64, 48))]
    got = plan_with_settings(settings, images=images, text="Describe", options=options)
    request = ChatRequest((Message("user", "Describe", tuple(images)),), options)
    rules = ParameterBook.from_settings({}, settings.learned_params).rules_for("gpt-5-mini")
    body = build_chat_body(request, rules=rules)
    assert "max_completion_tokens" in body and "temperature" not in body and "top_p" not in body
    assert got.upload_bytes == len(json.dumps(body, ensure_ascii=False).encode("utf-8"))
