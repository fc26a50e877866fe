"""In a Chinese window the relay's failures read as Chinese sentences; in English they read exactly as before.

The scripted relay on 127.0.0.1 answers with the statuses and bodies relays really send (FACTS.md: a 401 with
无效的令牌, a 403 with 用户额度不足, a 429 with Retry-After, a Cloudflare 522 page, a relay's dashboard); the
relay's own message stays in the technical details, untranslated.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.helpers.chinese import chinese_sentence
from tests.helpers.relay import (
    CLOUDFLARE_522,
    DASHBOARD,
    NGINX_413,
    Reply,
    ScriptedRelay,
    completion,
    error_body,
    self_signed_certificate,
    sse,
)
from vision_desktop.api.client import ChatClient
from vision_desktop.api.parameters import ParameterChange
from vision_desktop.api.providers import get_provider, normalize_base_url, provider_name
from vision_desktop.core import errors, i18n
from vision_desktop.core.models import ChatRequest, Message

KEY = "sk-chinese-test-key-0a1b2c3d"


def ask(
    relay: ScriptedRelay, *, read_timeout: float = 10.0, stream: bool = False
) -> errors.VisionDesktopError:
    client = ChatClient(relay.base_url, KEY, read_timeout=read_timeout)
    with client, pytest.raises(errors.VisionDesktopError) as info:
        client.chat(ChatRequest((Message("user", "这张图里是什么？"),)), stream=stream)
    assert KEY not in str(info.value) + info.value.details_text()
    return info.value


# (reply, error class, words the Chinese sentence has, the English sentence as it always was)
CASES = {
    "401": (
        Reply(401, error_body("无效的令牌")),
        errors.AuthenticationError,
        ("API 密钥", "设置"),
        "The service rejected the API key. Check that the key is copied in full and still valid, then enter it "
        "again in Settings.",
    ),
    "quota": (
        Reply(403, error_body("用户额度不足")),
        errors.QuotaError,
        ("额度", "充值"),
        "The key's quota or the account's balance is used up. Top up the account or use another key; "
        "re-entering the same key will not help.",
    ),
    "429": (
        Reply(429, error_body("rate limit exceeded"), headers={"Retry-After": "3"}),
        errors.RateLimitError,
        ("繁忙", "稍候"),
        "The service is busy or you sent too many requests. Wait a moment and try again.",
    ),
    "500": (
        Reply(500, error_body("upstream error: do request failed")),
        errors.ServerError,
        ("故障", "一分钟"),
        "The service is having trouble right now. Try again in a minute.",
    ),
    "cloudflare-522": (
        Reply(522, CLOUDFLARE_522),
        errors.ServerError,
        ("故障", "网络"),
        "The service (or the network in front of it) is having trouble right now. Try again in a minute.",
    ),
    "dashboard-page": (
        Reply(200, DASHBOARD),
        errors.NotFoundError,
        ("网页", "接口地址", "/v1"),
        "The address answered with a web page, not a chat service. Check the base URL in Settings (it usually "
        "ends in /v1).",
    ),
    "nginx-413": (
        Reply(413, NGINX_413),
        errors.RequestTooLargeError,
        ("图片", "重试"),
        "The request is larger than the service accepts. Remove some images or use smaller ones, then try again.",
    ),
    "no-choices": (
        Reply(200, {"id": "x", "choices": []}),
        errors.InvalidResponseError,
        ("回答文字", "模型"),
        "The service answered but sent no reply text. Try again; if it keeps happening, try another model.",
    ),
    "unknown-status": (
        Reply(418, error_body("teapot")),
        errors.ApiError,
        ("HTTP 418",),
        "The service answered with an unexpected error (HTTP 418).",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_relay_errors_are_chinese_sentences(relay: ScriptedRelay, chinese: None, case: str) -> None:
    reply, expected, words, _ = CASES[case]
    relay.push(reply)
    error = ask(relay)
    assert type(error) is expected
    message = chinese_sentence(str(error))
    assert error.message == message
    for word in words:
        assert word in message


@pytest.mark.parametrize("case", CASES)
def test_relay_errors_in_english_are_unchanged(relay: ScriptedRelay, case: str) -> None:
    reply, expected, _, english = CASES[case]
    relay.push(reply)
    error = ask(relay)
    assert type(error) is expected
    assert str(error) == error.message == english


def test_the_relays_own_message_stays_in_the_details(relay: ScriptedRelay, chinese: None) -> None:
    relay.push(Reply(401, error_body("无效的令牌")), Reply(522, CLOUDFLARE_522))
    error = ask(relay)
    assert isinstance(error, errors.ApiError)
    assert error.relay_message == "无效的令牌" and "无效的令牌" not in error.message
    assert error.details() == {
        "error": "AuthenticationError",
        "status": 401,
        "relay_message": "无效的令牌",
        "type": "new_api_error",
    }
    page = ask(relay)
    assert page.detail == "HTML page from Cloudflare: www.anyfast.ai | 522: Connection timed out"


def test_a_429_keeps_its_retry_after_in_chinese(relay: ScriptedRelay, chinese: None) -> None:
    relay.push(Reply(429, error_body("请求过于频繁"), headers={"Retry-After": "3"}))
    error = ask(relay)
    assert isinstance(error, errors.RateLimitError) and error.retry_after == 3.0
    chinese_sentence(error.message)
    assert error.details()["retry_after"] == 3.0 and error.details()["relay_message"] == "请求过于频繁"


def test_a_model_that_refuses_a_parameter_is_named_in_chinese(relay: ScriptedRelay, chinese: None) -> None:
    body = {
        "error": {
            "message": "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
            "'max_completion_tokens' instead.",
            "type": "invalid_request_error",
            "param": "max_tokens",
            "code": "unsupported_parameter",
        }
    }
    relay.push(Reply(400, body))
    error = ask(relay)
    assert isinstance(error, errors.UnsupportedParameterError)
    assert "“max_tokens”" in chinese_sentence(error.message)
    assert "Unsupported" in (error.relay_message or "")


# ------------------------------------------------------------------------------------------ deadlines
def test_no_answer_in_time_is_chinese_with_its_seconds(relay: ScriptedRelay, chinese: None) -> None:
    relay.push(Reply(200, completion("太迟了"), delay=3))
    error = ask(relay, read_timeout=0.5)
    assert isinstance(error, errors.TimeoutError)
    assert "0.5 秒" in chinese_sentence(error.message) and "没有响应" in error.message


def test_no_answer_in_time_in_english_is_unchanged(relay: ScriptedRelay) -> None:
    relay.push(Reply(200, completion("late"), delay=3))
    error = ask(relay, read_timeout=0.5)
    assert isinstance(error, errors.TimeoutError)
    assert (
        error.message
        == "The service did not answer within 0.5 seconds. Try again, or raise the timeout in Settings."
    )


def _stalling_stream() -> Iterator[bytes]:
    base = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m"}
    yield sse({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": "前半段"}}]})
    while True:  # keep-alives: the connection looks alive, but no new text comes
        yield b": ping\n\n"


def test_a_stalled_stream_keeps_its_text_and_says_so_in_chinese(relay: ScriptedRelay, chinese: None) -> None:
    relay.push(
        Reply(200, headers={"Content-Type": "text/event-stream"}, chunks=_stalling_stream(), chunk_delay=0.05)
    )
    error = ask(relay, read_timeout=0.5, stream=True)
    assert isinstance(error, errors.TimeoutError) and error.partial == "前半段"
    message = chinese_sentence(error.message)
    assert "0.5 秒" in message and "已收到的内容会保留" in message
    assert error.detail is not None and error.detail.startswith("deadline passed (stalled): timeout 0.5 s")


def test_a_stalled_stream_in_english_is_unchanged(relay: ScriptedRelay) -> None:
    relay.push(
        Reply(200, headers={"Content-Type": "text/event-stream"}, chunks=_stalling_stream(), chunk_delay=0.05)
    )
    error = ask(relay, read_timeout=0.5, stream=True)
    assert error.message == (
        "The service stopped sending the answer: no new text for 0.5 seconds. What arrived is kept; try again "
        "for the rest."
    )


# ------------------------------------------------------------------------------------------- network
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_refused_connection_names_the_host_in_chinese(chinese: None) -> None:
    with (
        ChatClient(f"http://127.0.0.1:{_free_port()}/v1", KEY) as client,
        pytest.raises(errors.ConnectError) as info,
    ):
        client.chat(ChatRequest((Message("user", "x"),)))
    assert chinese_sentence(info.value.message).startswith("127.0.0.1 拒绝了连接")


def test_an_unknown_host_is_named_in_chinese(chinese: None) -> None:
    # .invalid never resolves (RFC 2606); the resolver answers locally, nothing leaves the machine
    with ChatClient("https://relay.invalid/v1", KEY) as client, pytest.raises(errors.ConnectError) as info:
        client.chat(ChatRequest((Message("user", "x"),)))
    assert "找不到服务器“relay.invalid”" in chinese_sentence(info.value.message)


def test_a_missing_proxy_is_named_without_its_password_in_chinese(
    relay: ScriptedRelay, chinese: None
) -> None:
    port = _free_port()
    proxy = f"http://user:secret@127.0.0.1:{port}"
    with ChatClient(relay.base_url, KEY, proxy=proxy) as client, pytest.raises(errors.ProxyError) as info:
        client.chat(ChatRequest((Message("user", "x"),)))
    message = chinese_sentence(info.value.message)
    assert f"代理服务器 http://127.0.0.1:{port}" in message and "secret" not in message


def test_an_untrusted_certificate_is_chinese(tmp_path_factory: pytest.TempPathFactory, chinese: None) -> None:
    relay = ScriptedRelay(tls=self_signed_certificate(tmp_path_factory.mktemp("tls"))).start()
    try:
        with ChatClient(relay.base_url, KEY) as client, pytest.raises(errors.TlsError) as info:
            client.chat(ChatRequest((Message("user", "x"),)))
    finally:
        relay.stop()
    assert "不信任 127.0.0.1 的证书" in chinese_sentence(info.value.message)


def test_an_unreadable_certificate_file_is_named_in_chinese(
    tmp_path_factory: pytest.TempPathFactory, chinese: None
) -> None:
    missing = tmp_path_factory.mktemp("ca") / "office.pem"
    with pytest.raises(errors.ConfigError) as info:
        ChatClient("https://relay.example/v1", KEY, extra_ca_file=str(missing))
    assert f"无法读取额外证书文件“{missing}”" in chinese_sentence(info.value.message)


# ---------------------------------------------------------------------- providers, base URLs, parameters
def test_base_url_changes_and_mistakes_are_chinese(chinese: None) -> None:
    fixed = normalize_base_url("www.anyfast.ai/v1/chat/completions/")
    assert fixed.url == "https://www.anyfast.ai/v1"
    assert fixed.changes == (
        "添加了 https://",
        "去掉了末尾的斜杠",
        "去掉了 /chat/completions（应用会自动添加）",
    )
    said = {}
    for typed in ("", "ftp://files.example/v1", "https://"):
        with pytest.raises(errors.ConfigError) as info:
            normalize_base_url(typed)
        said[typed] = chinese_sentence(info.value.message)
    assert said[""].startswith("接口地址为空。") and "https://www.anyfast.ai/v1" in said[""]
    assert said["ftp://files.example/v1"] == "接口地址必须以 https:// 开头（当前以 ftp:// 开头）。"
    assert said["https://"].startswith("“https://”不是网址。")


def test_base_url_changes_in_english_are_unchanged() -> None:
    assert normalize_base_url("www.anyfast.ai/v1/chat/completions/").changes == (
        "added https://",
        "removed the trailing slash",
        "removed /chat/completions (the app adds it)",
    )


def test_provider_names_that_are_words_are_chinese(chinese: None) -> None:
    assert provider_name("custom") == "自定义"
    assert provider_name("anthropic") == "Anthropic（兼容 OpenAI）"
    assert provider_name("anyfast") == "AnyFast" and provider_name("my-relay") == "my-relay"
    with pytest.raises(errors.ConfigError) as info:
        get_provider("nope")
    assert info.value.message.startswith("未知的服务商“nope”") and "AnyFast" in info.value.message
    assert "自定义" in info.value.message
    i18n.set_language("en")
    assert provider_name("custom") == "Custom" and get_provider("custom").name == "Custom"


def test_parameter_notes_are_chinese(chinese: None) -> None:
    assert ParameterChange("o3", "temperature").note() == "此模型不接受温度设置；已去掉该设置后发送。"
    renamed = ParameterChange("o3", "max_tokens", "max_completion_tokens").note()
    assert renamed == "此模型的回答长度上限参数是“max_completion_tokens”，而不是“max_tokens”；已按此发送。"
    assert ParameterChange("m", "seed").note() == "此模型不接受“seed”设置；已去掉该设置后发送。"
    i18n.set_language("en")
    assert (
        ParameterChange("o3", "temperature").note()
        == "This model does not accept a temperature; sent without it."
    )
    assert (
        ParameterChange("m", "seed").note()
        == "This model does not accept the “seed” setting; sent without it."
    )
