"""chat/ in Simplified Chinese: the flight check's warnings and line, the estimate's accuracy, the connection
test (against the scripted relay, with a wrong key and a good one), the retry and refused-parameter notes; and the
same calls in English exactly as before."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body
from tests.unit.chat.test_flight import sized as flight_sized
from vision_desktop.api.cancel import CancelToken
from vision_desktop.api.http import HttpSettings
from vision_desktop.api.parameters import ParameterChange
from vision_desktop.chat.connection import resolve_connection
from vision_desktop.chat.flight import budget_problem, estimate_accuracy, plan_flight
from vision_desktop.chat.probe import run_probe
from vision_desktop.chat.sending import RetryNotice, send_question
from vision_desktop.core.errors import AuthenticationError, ConfigError, RateLimitError
from vision_desktop.core.models import ChatOptions, ImageAttachment
from vision_desktop.core.profiles import Price, profile_for
from vision_desktop.storage.secrets import MemorySecretStore
from vision_desktop.storage.settings import Settings

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORDS = re.compile(r"\b(?:the|and|images?|tokens?|remove|reported|budget|proxy)\b", re.IGNORECASE)
CLAUDE = profile_for("claude-sonnet-4-20250514")
KEY = "sk-chinese-chat-test-0123456789"


def sized(width: int, height: int, *, name: str = "收据.jpg") -> ImageAttachment:
    return flight_sized(width, height, name=name)


def too_many_plan() -> list[str]:
    """Texts of a plan with one image too many, one small picture and a model of unknown price."""
    images = [sized(800, 600, name=f"p{i}.jpg") for i in range(CLAUDE.max_images)] + [sized(120, 90)]
    plan = plan_flight(images=images, text="这是什么？", profile=CLAUDE, price=None, model="mystery-model")
    return [p.text for p in plan.problems]


def assert_chinese(text: str) -> None:
    assert CHINESE.search(text), text
    assert not ENGLISH_WORDS.search(text), text


# ------------------------------------------------------------------------------------------ flight check
@pytest.mark.usefixtures("chinese")
def test_the_flight_check_warns_in_chinese_with_its_numbers() -> None:
    too_many, small, unknown = too_many_plan()
    count = CLAUDE.max_images + 1
    assert too_many == (
        f"这个问题有 {count} 张图片，但一次最多只能发送 {CLAUDE.max_images} 张。请移除 1 张图片，或分成几个问题来问。"
    )
    assert small == "收据.jpg 尺寸较小（120 × 90 像素），模型可能看不清楚。"
    assert unknown == "不知道 mystery-model 的价格，因此没有估算费用。您可以在设置中填写价格。"
    budget = budget_problem(0.5, 9.8, 10.0, "USD")
    assert budget is not None
    assert budget.text == (
        "这个问题约需 $0.50；本月已花费 $9.80，发送后将超出您的每月预算 $10.00。您仍然可以发送，也可以在设置中调高预算。"
    )
    for text in (too_many, small, unknown, budget.text):
        assert_chinese(text)


@pytest.mark.usefixtures("chinese")
def test_the_plan_line_for_the_command_line_is_chinese() -> None:
    plan = plan_flight(
        images=[sized(1000, 1000), sized(500, 500)],
        text="",
        profile=CLAUDE,
        price=Price(3.0, 15.0),
        model="m",
    )
    line = plan.summary()
    assert line.startswith("2 张图片 · 1.2 百万像素 · 上传 ")
    assert re.search(r"≈ [\d,]+ 个 Token · ≈ \$0\.\d+$", line), line


@pytest.mark.usefixtures("chinese")
def test_estimate_accuracy_in_chinese() -> None:
    assert estimate_accuracy(1600, 1652) == "预计 1,600 个 Token，实际报告 1,652 个（+3 %）"
    assert estimate_accuracy(1600, None) == "预计 1,600 个 Token；中转服务没有报告用量"
    assert estimate_accuracy(0, 12) == "预计 0 个 Token，实际报告 12 个"


def test_english_stays_exactly_as_before() -> None:
    too_many, small, unknown = too_many_plan()
    count = CLAUDE.max_images + 1
    assert too_many == (
        f"This question has {count} images, but at most {CLAUDE.max_images} can be sent at once. Remove 1 image, "
        "or ask about them in several questions."
    )
    assert small == "收据.jpg is small (120 × 90 pixels); the model may not read it well."
    assert unknown == (
        "The price of mystery-model is not known, so the cost is not estimated. You can enter it in Settings."
    )
    assert estimate_accuracy(1600, 1652) == "Estimate 1,600 tokens, reported 1,652 (+3 %)"
    assert estimate_accuracy(1600, None) == "Estimate 1,600 tokens; the relay reported no usage"
    notice = RetryNotice(2, 3, 4.2, RateLimitError())
    assert notice.text() == "Too many requests, retrying in 4 s (2 of 3)"


# ------------------------------------------------------------------------------------------ connection test
@pytest.mark.usefixtures("chinese")
def test_the_connection_test_with_a_wrong_key_says_so_in_chinese(relay: ScriptedRelay) -> None:
    relay.push(Reply(status=401, body=error_body("invalid token")))
    with pytest.raises(AuthenticationError) as caught:
        run_probe(relay.base_url, "sk-wrong-key-0123456789", "claude-x", HttpSettings())
    assert "API 密钥" in caught.value.message
    assert_chinese(caught.value.message)
    assert "invalid token" in caught.value.details_text()  # the relay's own words stay in the details


@pytest.mark.usefixtures("chinese")
def test_the_connection_test_with_a_good_key_tells_the_route_in_chinese(relay: ScriptedRelay) -> None:
    relay.push(Reply(body=completion("红色")))
    result = run_probe(relay.base_url, KEY, "claude-x", HttpSettings())
    assert (result.saw_it, result.answer) == (True, "红色")
    assert result.route == "未使用代理，未加密（http://）"


def test_the_connection_test_route_in_english(relay: ScriptedRelay) -> None:
    relay.push(Reply(body=completion("Red")))
    assert run_probe(relay.base_url, KEY, "claude-x", HttpSettings()).route == (
        "without a proxy, unencrypted (http://)"
    )


@pytest.mark.usefixtures("chinese")
def test_a_custom_provider_without_an_address_is_told_in_chinese() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_connection(Settings(provider="custom"), MemorySecretStore(), api_key=KEY, env={})
    assert caught.value.message == "“自定义”服务商需要填写接口地址。请在设置中输入服务商提供的地址。"


# ------------------------------------------------------------------------------------------ sending
REFUSED = {
    "error": {
        "message": "Unsupported value: 'temperature' does not support 0.5 with this model.",
        "type": "invalid_request_error",
        "param": "temperature",
        "code": "unsupported_value",
    }
}


@pytest.mark.usefixtures("chinese")
def test_the_refused_parameter_note_and_the_statuses_are_chinese(relay: ScriptedRelay) -> None:
    relay.reply(400, REFUSED)
    heard: list[ParameterChange] = []
    statuses: list[str] = []
    connection = resolve_connection(
        Settings(model="relay-reasoner"), MemorySecretStore(), base_url=relay.base_url, api_key=KEY, env={}
    )
    outcome = send_question(
        replace(connection, on_learned=heard.append),
        history=(),
        text="收据上写了什么？",
        prepare_images=lambda limits: (),
        options=ChatOptions(model="relay-reasoner", temperature=0.5, max_tokens=64),
        system=None,
        cancel=CancelToken(),
        on_status=statuses.append,
    )
    assert len(relay.chat_requests) == 2 and "temperature" not in relay.chat_requests[1].json
    assert statuses == ["正在等待回答…", "正在去掉模型不接受的参数后重新发送…"]
    (note,) = outcome.notes
    assert note == heard[0].note()
    assert_chinese(note)


@pytest.mark.usefixtures("chinese")
def test_a_retry_notice_is_chinese() -> None:
    notice = RetryNotice(2, 3, 4.2, RateLimitError())
    assert notice.text() == "请求过多，4 秒后重试（第 2 次，共 3 次）"
