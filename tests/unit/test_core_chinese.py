"""The error tree, the finish-reason notes and the profile names in a Chinese window; English unchanged."""

from __future__ import annotations

from tests.helpers.chinese import CJK, ENGLISH_RUN
from vision_desktop.core import errors, i18n
from vision_desktop.core.models import finish_reason_note
from vision_desktop.core.profiles import DEFAULT_PROFILE, PROFILES


def every_error() -> list[errors.VisionDesktopError]:
    """One of each class of the tree, made as the code makes them when nothing more specific is said."""
    made: list[errors.VisionDesktopError] = []
    for name in errors.__all__:
        cls = getattr(errors, name)
        if not (isinstance(cls, type) and issubclass(cls, errors.VisionDesktopError)):
            continue
        if cls is errors.UnsupportedParameterError:
            made.append(cls(parameter="temperature"))
        elif cls is errors.HistorySaveError:
            made.append(cls(reason="full"))
        elif cls is errors.ConversationNotFoundError:
            made.append(cls(42))
        else:
            made.append(cls())
    return made


def test_every_error_of_the_tree_is_a_chinese_sentence(chinese: None) -> None:
    made = every_error()
    assert len(made) == len(errors.__all__) - 1  # all but SaveReason
    for error in made:
        assert str(error) == error.message, type(error).__name__
        assert CJK.search(error.message) and not ENGLISH_RUN.search(error.message), error.message
        assert error.message.endswith("。"), error.message


def test_the_sentences_keep_their_values(chinese: None) -> None:
    assert errors.ConversationNotFoundError(42).message == "没有 ID 为 42 的对话。"
    refused = errors.UnsupportedParameterError(parameter="top_p", detail="HTTP 400")
    assert refused.message.startswith("服务表示此模型不接受“top_p”设置") and refused.detail == "HTTP 400"
    assert errors.AuthenticationError(relay_message="无效的令牌").details()["relay_message"] == "无效的令牌"


def test_a_message_given_by_the_caller_is_kept(chinese: None) -> None:
    assert errors.ConfigError("已经翻译好的句子。").message == "已经翻译好的句子。"


def test_english_is_unchanged() -> None:
    for error in every_error():
        if not isinstance(error, (errors.UnsupportedParameterError, errors.ConversationNotFoundError)):
            assert error.message == type(error).default_message
    assert str(errors.AuthenticationError()) == (
        "The service rejected the API key. Check that the key is copied in full and still valid, then enter it "
        "again in Settings."
    )
    assert str(errors.CancelledError()) == "Stopped."
    assert str(errors.ConversationNotFoundError(42)) == "There is no conversation with ID 42."
    assert str(errors.UnsupportedParameterError(parameter="top_p")) == (
        "The service says this model does not accept the “top_p” setting, and leaving it out did not help. Try "
        "another model, or ask the provider; the details below say what it objected to."
    )


def test_finish_reason_notes_are_chinese(chinese: None) -> None:
    assert (
        finish_reason_note("length") == "回答因达到 Token 上限而被截断；调高“最大 Token 数”可获得更多内容。"
    )
    assert finish_reason_note("MAX_TOKENS") == finish_reason_note("length")
    assert finish_reason_note("content_filter") == "服务商的内容过滤器中止了回答。"
    assert finish_reason_note("tool_calls") == "模型请求运行工具；本应用不运行工具。"
    assert finish_reason_note("stop") is None and finish_reason_note(None) is None
    i18n.set_language("en")
    assert finish_reason_note("content_filter") == "The provider's filter stopped the answer."


def test_profile_names_with_words_have_chinese_names(chinese: None) -> None:
    shown = {profile.key: i18n.tr("status", profile.label) for profile in (DEFAULT_PROFILE, *PROFILES)}
    assert shown["claude"] == "Claude (1568 px)"  # a name and a number: nothing to translate
    assert shown["claude-large"] == "Claude Opus 4.7 及更新版本（2576 px）"
    assert shown["openai-patches"] == "GPT-5 系列（32 px 图块）"
    assert all(not ENGLISH_RUN.search(label.replace("GPT-4o mini", "")) for label in shown.values()), shown
