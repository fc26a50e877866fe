"""First start, Settings and the key: real keyring calls (the in-memory backend), real relay for the test button."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser
from pytestqt.qtbot import QtBot

from tests.helpers.memkeyring import MemoryKeyring
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body
from tests.helpers.urls import UrlCatcher, catching_urls
from vision_desktop.core.errors import AuthenticationError, ConfigError, MissingApiKeyError
from vision_desktop.storage.paths import app_paths
from vision_desktop.storage.settings import Settings, SettingsStore
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.messages import error_action, error_text, show_error

pytestmark = pytest.mark.gui
NEW_KEY = "sk-typed-in-the-dialog-1234567890abcdef"


def test_no_setup_dialog_when_the_environment_has_a_key(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.key_found is not None)
    assert window.key_found and window.setup_dialog is None


def test_no_setup_dialog_when_the_keyring_has_a_key(
    qtbot: QtBot, make_window: Callable[..., MainWindow], memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password("vision-desktop", "anyfast", NEW_KEY)
    window = make_window(key=None)
    qtbot.waitUntil(lambda: window.key_found is not None)
    assert window.key_found and window.setup_dialog is None


def test_first_start_setup_stores_the_key_in_the_keyring_and_nowhere_else(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    memory_keyring: MemoryKeyring,
    relay: ScriptedRelay,
    vd_home: Path,
) -> None:
    window = make_window(key=None)
    qtbot.waitUntil(lambda: window.setup_dialog is not None and window.setup_dialog.isVisible(), timeout=5000)
    dialog = window.setup_dialog
    assert dialog is not None
    form = dialog.form
    form.provider.setCurrentIndex(form.provider.findData("kkiai"))
    assert form.base_url.text() == "https://www.kkiai.com/v1"
    qtbot.keyClicks(form.key, NEW_KEY)
    assert form.key.echoMode() == form.key.EchoMode.Password
    qtbot.mouseClick(form.show_key, Qt.MouseButton.LeftButton)
    assert form.key.echoMode() == form.key.EchoMode.Normal
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "system keyring" in window.statusBar().currentMessage(), timeout=5000)
    assert memory_keyring.get_password("vision-desktop", "kkiai") == NEW_KEY
    assert window.settings.provider == "kkiai"

    # the stored key is what the next request uses (base URL from the environment: the test relay)
    qtbot.keyClicks(window.prompt, "hello")
    window.send()
    qtbot.waitUntil(lambda: not window.controller.busy and bool(window.conversation.turns), timeout=10000)
    assert relay.chat_requests[-1].headers["authorization"] == f"Bearer {NEW_KEY}"
    window.close()
    for path in vd_home.rglob("*"):
        if path.is_file():
            assert NEW_KEY.encode() not in path.read_bytes(), f"the key leaked into {path}"


def test_test_connection_reports_whether_the_model_saw_the_picture(
    qtbot: QtBot, make_window: Callable[..., MainWindow], relay: ScriptedRelay
) -> None:
    window = make_window(key=None)
    qtbot.waitUntil(lambda: window.setup_dialog is not None, timeout=5000)
    form = window.setup_dialog.form  # type: ignore[union-attr]
    form.provider.setCurrentIndex(form.provider.findData("custom"))
    form.base_url.setText(relay.base_url)
    qtbot.keyClicks(form.key, NEW_KEY)

    relay.push(Reply(200, completion("Red.")))
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: form.test_button.isEnabled() and "Testing" not in form.test_result.text(), timeout=10000
    )
    assert "saw the test picture" in form.test_result.text()
    probe = relay.chat_requests[-1]
    assert probe.images() and probe.images()[0].startswith("data:image/png;base64,")
    assert probe.headers["authorization"] == f"Bearer {NEW_KEY}"

    relay.push(Reply(200, completion("I cannot see any image.")))
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: form.test_button.isEnabled() and "Testing" not in form.test_result.text(), timeout=10000
    )
    assert "did not describe the test picture" in form.test_result.text()

    relay.push(Reply(401, error_body("无效的令牌")))
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: form.test_button.isEnabled() and "Testing" not in form.test_result.text(), timeout=10000
    )
    assert "rejected the API key" in form.test_result.text()
    window.setup_dialog.reject()  # type: ignore[union-attr]


def test_base_url_field_says_what_it_will_use(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    window = make_window(key=None)
    qtbot.waitUntil(lambda: window.setup_dialog is not None, timeout=5000)
    form = window.setup_dialog.form  # type: ignore[union-attr]
    form.base_url.setText("https://www.kkiai.com/v1/chat/completions")
    form.base_url.editingFinished.emit()
    assert "https://www.kkiai.com/v1" in form.url_note.text() and form.url_note.isVisibleTo(form)
    assert form.url_note.property("tone") == "info"  # information, not an error: not red
    assert "palette(placeholder-text)" in form.url_note.styleSheet()
    assert not form.url_warning.isVisibleTo(form)
    form.base_url.setText("http://relay.example.com/v1")
    form.base_url.editingFinished.emit()
    assert "not encrypted" in form.url_warning.text() and form.url_warning.isVisibleTo(form)
    assert form.url_warning.property("tone") == "error"
    assert not form.url_note.isVisibleTo(form)
    form.base_url.setText("ftp://relay.example.com")
    form.base_url.editingFinished.emit()
    assert "must start with https://" in form.url_warning.text()
    window.setup_dialog.reject()  # type: ignore[union-attr]


@pytest.fixture
def browser() -> Iterator[UrlCatcher]:
    with catching_urls("https") as catcher:
        yield catcher


def click_link(label: QLabel, qtbot: QtBot) -> None:
    """Click the link of a label holding only a link (the text starts at the left edge)."""
    point = QPoint(label.fontMetrics().averageCharWidth() * 2, label.height() // 2)
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=point)


@pytest.mark.parametrize(
    ("provider", "url"),
    [
        ("anyfast", "https://www.anyfast.ai"),
        ("kkiai", "https://www.kkiai.com"),
        ("openai", "https://platform.openai.com/api-keys"),
        ("anthropic", "https://console.anthropic.com/settings/keys"),
        ("openrouter", "https://openrouter.ai/keys"),
    ],
)
def test_where_do_i_get_a_key_opens_the_providers_page(
    qtbot: QtBot, make_window: Callable[..., MainWindow], browser: UrlCatcher, provider: str, url: str
) -> None:
    window = make_window(key=None)
    qtbot.waitUntil(lambda: window.setup_dialog is not None and window.setup_dialog.isVisible(), timeout=5000)
    form = window.setup_dialog.form  # type: ignore[union-attr]
    form.provider.setCurrentIndex(form.provider.findData(provider))
    assert form.key_link.isVisibleTo(form) and "Where do I get a key?" in form.key_link.text()
    click_link(form.key_link, qtbot)
    assert browser.urls == [url]
    window.setup_dialog.reject()  # type: ignore[union-attr]


def test_the_key_link_is_in_settings_too_and_custom_has_none(
    qtbot: QtBot, make_window: Callable[..., MainWindow], browser: UrlCatcher
) -> None:
    window = make_window()
    window.open_settings()
    form = window.settings_dialog.form  # type: ignore[union-attr]
    form.provider.setCurrentIndex(form.provider.findData("openrouter"))
    click_link(form.key_link, qtbot)
    assert browser.urls == ["https://openrouter.ai/keys"]
    form.provider.setCurrentIndex(form.provider.findData("custom"))
    assert not form.key_link.isVisibleTo(form)
    window.settings_dialog.reject()  # type: ignore[union-attr]


def test_settings_round_trip_keeps_a_custom_base_url(
    qtbot: QtBot, make_window: Callable[..., MainWindow], vd_home: Path
) -> None:
    saved = Settings(provider="custom", base_urls={"custom": "https://relay.example.com/v1"})
    SettingsStore(app_paths({"VISION_DESKTOP_HOME": str(vd_home)}).settings_file).save(saved)
    window = make_window()
    assert window.settings.base_urls == {"custom": "https://relay.example.com/v1"}
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    # the saved address is shown (it was erased while the dialog chose the saved provider)
    assert dialog.form.provider.currentData() == "custom"
    assert dialog.form.base_url.text() == "https://relay.example.com/v1"
    # Save with no change works
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000) as saved_signal:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.error.isVisibleTo(dialog)
    assert saved_signal.args[0].base_urls == {"custom": "https://relay.example.com/v1"}
    assert window.settings.base_urls == {"custom": "https://relay.example.com/v1"}
    window.close()
    again = make_window()
    assert again.settings.provider == "custom"
    assert again.settings.base_urls == {"custom": "https://relay.example.com/v1"}
    again.open_settings()
    assert again.settings_dialog.form.base_url.text() == "https://relay.example.com/v1"  # type: ignore[union-attr]
    again.settings_dialog.reject()  # type: ignore[union-attr]


def test_every_settings_label_with_a_mnemonic_has_a_buddy(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    labels = [label for label in dialog.findChildren(QLabel) if "&" in label.text().replace("&amp;", "")]
    assert len(labels) >= 9
    for label in labels:
        assert label.buddy() is not None, f"{label.text()!r} would show its & literally"
    certificate = next(label for label in labels if "certi" in label.text())
    assert certificate.buddy() is dialog.ca_file
    dialog.reject()


def test_a_missing_key_names_the_provider_and_offers_settings(
    qtbot: QtBot, make_window: Callable[..., MainWindow], memory_keyring: MemoryKeyring
) -> None:
    from vision_desktop.storage.secrets import MemorySecretStore, resolve_api_key

    with pytest.raises(MissingApiKeyError) as info:
        resolve_api_key("anyfast", MemorySecretStore(), env={})
    sentence, _ = error_text(info.value)
    assert sentence == "No API key is set for AnyFast. Open Settings and paste your key."
    assert "anyfast" not in sentence and "VISION_DESKTOP" not in sentence
    assert error_action(info.value) == "settings"
    assert error_action(AuthenticationError(status=401)) == "settings"
    assert error_action(ConfigError("The base URL is empty.")) is None

    window = make_window()
    opened: list[bool] = []
    box = show_error(window, info.value, open_settings=lambda: opened.append(True))
    qtbot.addWidget(box)
    assert "AnyFast" in box.text() and "VISION_DESKTOP" not in box.text()
    button = box.findChild(QPushButton, "errorMessageAction")
    assert button is not None and button.text() == "Open Settings"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [True]


def test_a_keyring_that_cannot_be_read_is_worded_for_people() -> None:
    error = MissingApiKeyError("for the CLI", provider="openrouter", keyring_unreadable=True)
    sentence, _ = error_text(error)
    assert "OpenRouter" in sentence and "openrouter" not in sentence and "Open Settings" in sentence
    assert error_text(MissingApiKeyError())[0] == "No API key is set. Open Settings and paste your key."


def test_sending_without_a_key_says_so_in_the_window_in_plain_words(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(key=None, start=False)
    qtbot.keyClicks(window.prompt, "hello")
    window.send()
    qtbot.waitUntil(lambda: not window.controller.busy and bool(window.conversation.turns), timeout=10000)
    qtbot.waitUntil(lambda: "No API key is set for AnyFast" in _window_text(window), timeout=5000)
    assert "VISION_DESKTOP_API_KEY" not in _window_text(window)
    assert "anyfast" not in _window_text(window)


def _window_text(window: MainWindow) -> str:
    texts = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    texts += [edit.toPlainText() for edit in window.findChildren(QTextBrowser) if edit.isVisibleTo(window)]
    texts.append(window.statusBar().currentMessage())
    return "\n".join(texts)


def test_settings_dialog_saves_profiles_and_defaults(
    qtbot: QtBot, make_window: Callable[..., MainWindow], memory_keyring: MemoryKeyring, vd_home: Path
) -> None:
    memory_keyring.set_password("vision-desktop", "anyfast", NEW_KEY)
    window = make_window()
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    form = dialog.form
    qtbot.waitUntil(lambda: "stored in the system keyring" in form.key_status.text(), timeout=5000)
    assert NEW_KEY not in form.key.text()  # a stored key is never shown back
    dialog.temperature.setValue(0.7)
    dialog.max_tokens.setValue(4000)
    dialog.timeout.setValue(45)
    dialog.model.setCurrentText("claude-opus-4-20250514")
    form.provider.setCurrentIndex(form.provider.findData("custom"))
    form.base_url.setText("https://relay.example.com/v1/")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.settings.temperature == 0.7 and window.temperature_spin.value() == 0.7
    assert window.max_tokens_spin.value() == 4000 and window.settings.timeout == 45.0
    assert window.model_combo.currentText() == "claude-opus-4-20250514"
    assert window.settings.provider == "custom" and window.provider_combo.currentData() == "custom"
    assert window.settings.base_urls["custom"] == "https://relay.example.com/v1/"
    window.close()
    again = make_window()
    assert again.settings.timeout == 45.0 and again.temperature_spin.value() == 0.7
    assert again.settings.base_urls == {"custom": "https://relay.example.com/v1/"}


def test_remove_key_in_settings(
    qtbot: QtBot, make_window: Callable[..., MainWindow], memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password("vision-desktop", "anyfast", NEW_KEY)
    window = make_window()
    window.open_settings()
    form = window.settings_dialog.form  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: form.remove_key.isEnabled(), timeout=5000)
    qtbot.mouseClick(form.remove_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: memory_keyring.get_password("vision-desktop", "anyfast") is None, timeout=5000)
    qtbot.waitUntil(lambda: "No key stored" in form.key_status.text(), timeout=5000)
    window.settings_dialog.reject()  # type: ignore[union-attr]


def test_no_keyring_keeps_the_key_for_the_session_and_says_so(
    qtbot: QtBot, make_window: Callable[..., MainWindow], vd_home: Path
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    window = make_window(key=None)
    qtbot.waitUntil(lambda: window.setup_dialog is not None, timeout=5000)
    dialog = window.setup_dialog
    qtbot.keyClicks(dialog.form.key, NEW_KEY)  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "session only" in window.statusBar().currentMessage(), timeout=5000)
    window.close()
    for path in vd_home.rglob("*"):
        if path.is_file():
            assert NEW_KEY.encode() not in path.read_bytes(), f"the key fell back to plaintext in {path}"


def test_appearance_and_text_size_from_settings_apply_at_once_and_persist(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    from vision_desktop.ui.theme import ThemeManager

    window = make_window()
    before = window.view.font().pointSizeF()
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
    dialog.text_scale.setValue(150)
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    theme = ThemeManager.for_app()
    assert theme.appearance == "dark" and theme.theme.dark and theme.text_scale == 150
    qtbot.waitUntil(lambda: window.view.font().pointSizeF() > before)
    window.close()
    again = make_window()
    assert (again.settings.appearance, again.settings.text_scale) == ("dark", 150)
    ThemeManager.for_app().apply("system", 100)  # leave the application as the other tests expect it
