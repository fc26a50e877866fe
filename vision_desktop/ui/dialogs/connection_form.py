"""Provider, base URL and API key, with Test connection: shared by the first-run setup and Settings.

Signals: ``key_saved(str, object)`` (provider, StoredWhere) after a key was stored.

Keyring calls and the connection test run off the GUI thread (``TaskRunner``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.api.providers import PRESETS, get_provider, is_loopback_url, normalize_base_url
from vision_desktop.core.errors import ConfigError, VisionDesktopError
from vision_desktop.logs import register_secret
from vision_desktop.storage.secrets import SecretStore, StoredWhere
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.messages import error_text
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:
    from vision_desktop.chat.probe import ProbeResult


class ConnectionForm(QWidget):
    key_saved = Signal(str, object)

    def __init__(
        self, settings: Settings, store: SecretStore, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._store = store
        self._tasks = tasks
        self._base_urls = dict(settings.base_urls)
        self._current = settings.provider
        self._has_key: dict[str, bool] = {}
        self._stream_off = set(settings.stream_off)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.provider = QComboBox(self)
        self.provider.setObjectName("setupProviderCombo")
        for preset in PRESETS:
            self.provider.addItem(preset.name, preset.id)
        self.provider.setAccessibleName(self.tr("Provider"))
        form.addRow(self.tr("&Provider:"), self.provider)

        self.base_url = QLineEdit(self)
        self.base_url.setObjectName("baseUrlEdit")
        self.base_url.setAccessibleName(self.tr("Base URL"))
        self.base_url.setToolTip(
            self.tr("The address your provider gives for its OpenAI-compatible API, usually ending in /v1")
        )
        self.base_url.editingFinished.connect(self._on_base_url_edited)
        form.addRow(self.tr("&Base URL:"), self.base_url)
        self.url_note = QLabel(self)
        self.url_note.setObjectName("baseUrlNote")
        self.url_note.setWordWrap(True)
        self.url_note.setMinimumWidth(360)
        self.url_note.hide()
        form.addRow("", self.url_note)

        key_box = QWidget(self)
        key_layout = QVBoxLayout(key_box)
        key_layout.setContentsMargins(0, 0, 0, 0)
        key_row = QHBoxLayout()
        self.key = QLineEdit(key_box)
        self.key.setObjectName("apiKeyEdit")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(self.tr("API key"))
        self.key.setPlaceholderText(self.tr("Paste your API key"))
        key_row.addWidget(self.key, 1)
        self.show_key = QToolButton(key_box)
        self.show_key.setObjectName("showKeyButton")
        self.show_key.setText(self.tr("Show"))
        self.show_key.setCheckable(True)
        self.show_key.setToolTip(self.tr("Show or hide the key you typed"))
        self.show_key.setAccessibleName(self.tr("Show the key"))
        self.show_key.toggled.connect(self._on_show_key_toggled)
        key_row.addWidget(self.show_key)
        self.remove_key = QPushButton(self.tr("Remove"), key_box)
        self.remove_key.setObjectName("removeKeyButton")
        self.remove_key.setAccessibleName(self.tr("Remove the stored key"))
        self.remove_key.setToolTip(self.tr("Delete this provider's key from the system keyring"))
        self.remove_key.clicked.connect(self._on_remove_key_clicked)
        key_row.addWidget(self.remove_key)
        key_layout.addLayout(key_row)
        self.key_status = QLabel(key_box)
        self.key_status.setObjectName("keyStatus")
        self.key_status.setWordWrap(True)
        self.key_status.setMinimumWidth(360)
        key_layout.addWidget(self.key_status)
        form.addRow(self.tr("API &key:"), key_box)
        form.labelForField(key_box).setBuddy(self.key)  # type: ignore[union-attr]

        self.stream_check = QCheckBox(self.tr("Show answers as they arrive (streaming)"), self)
        self.stream_check.setObjectName("streamCheck")
        self.stream_check.setToolTip(
            self.tr(
                "Turn this off for a relay that garbles streamed answers; the answer then appears when complete."
            )
        )
        self.stream_check.toggled.connect(self._on_stream_check_toggled)
        form.addRow("", self.stream_check)

        test_box = QWidget(self)
        test_row = QHBoxLayout(test_box)
        test_row.setContentsMargins(0, 0, 0, 0)
        self.test_button = QPushButton(self.tr("Test connection"), test_box)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.setToolTip(
            self.tr("Sends a tiny built-in picture and checks that the model can see it")
        )
        self.test_button.clicked.connect(self._on_test_clicked)
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        self.test_result = QLabel(test_box)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.setMinimumWidth(260)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", test_box)

        self.provider.currentIndexChanged.connect(self._on_provider_changed)
        self.provider.setCurrentIndex(max(0, self.provider.findData(settings.provider)))
        self._show_provider(settings.provider)

    # -- values --------------------------------------------------------------------------------------
    def provider_id(self) -> str:
        return str(self.provider.currentData())

    def base_urls(self) -> dict[str, str]:
        self._remember_base_url()
        return {k: v for k, v in self._base_urls.items() if v}

    def stream_off(self) -> tuple[str, ...]:
        return tuple(sorted(self._stream_off))

    def _on_stream_check_toggled(self, on: bool) -> None:
        if on:
            self._stream_off.discard(self.provider_id())
        else:
            self._stream_off.add(self.provider_id())

    def has_stored_key(self) -> bool:
        """Whether the keyring is known to hold a key for the chosen provider (checked in the background)."""
        return self._has_key.get(self.provider_id(), False)

    def typed_key(self) -> str:
        return self.key.text().strip()

    def effective_base_url(self) -> str:
        text = self.base_url.text().strip() or get_provider(self.provider_id()).base_url
        return normalize_base_url(text).url

    def save_key(self) -> None:
        """Store a typed key in the keyring (in the background)."""
        key = self.typed_key()
        if not key:
            return
        provider = self.provider_id()
        register_secret(key)
        store = self._store

        def done(where: StoredWhere) -> None:
            self._has_key[provider] = True
            self.key_saved.emit(provider, where)
            if provider == self.provider_id():
                self.key.clear()
                self._show_key_status(provider)

        self._tasks.run(lambda: store.set(provider, key), done, self._on_task_error)

    # -- behaviour -----------------------------------------------------------------------------------
    def _remember_base_url(self) -> None:
        text = self.base_url.text().strip()
        preset = get_provider(self._current).base_url
        if text and text != preset:
            self._base_urls[self._current] = text
        else:
            self._base_urls.pop(self._current, None)

    def _on_provider_changed(self, _index: int) -> None:
        self._remember_base_url()
        self._current = self.provider_id()
        self._show_provider(self._current)

    def _show_provider(self, provider: str) -> None:
        preset = get_provider(provider)
        self.base_url.setText(self._base_urls.get(provider) or preset.base_url)
        self.base_url.setPlaceholderText(preset.base_url or "https://relay.example.com/v1")
        self.url_note.hide()
        self.test_result.clear()
        self.stream_check.blockSignals(True)
        self.stream_check.setChecked(provider not in self._stream_off)
        self.stream_check.blockSignals(False)
        self._show_key_status(provider)

    def _show_key_status(self, provider: str) -> None:
        self.key_status.setText(self.tr("Checking the system keyring…"))
        self.remove_key.setEnabled(False)
        store = self._store

        def done(result: tuple[bool, str]) -> None:
            if provider != self.provider_id():
                return
            has_key, where = result
            self._has_key[provider] = has_key
            self.remove_key.setEnabled(has_key)
            if not has_key:
                self.key_status.setText(self.tr("No key stored for this provider yet."))
            elif where == StoredWhere.SESSION.value:
                self.key_status.setText(
                    self.tr(
                        "A key is kept for this session only: no system keyring is available to store it."
                    )
                )
            else:
                self.key_status.setText(
                    self.tr("A key is stored in the system keyring. Type a new one to replace it.")
                )

        def check() -> tuple[bool, str]:
            has = bool(store.get(provider))
            return has, (store.where(provider).value if has else "")

        self._tasks.run(check, done, self._on_task_error)

    def _on_base_url_edited(self) -> None:
        text = self.base_url.text().strip()
        if not text:
            self.url_note.hide()
            return
        try:
            normalized = normalize_base_url(text)
        except ConfigError as exc:
            self.url_note.setText(exc.message)
            self.url_note.show()
            return
        notes = []
        if normalized.changes:
            notes.append(
                self.tr("Will use {url} ({changes}).").format(
                    url=normalized.url, changes=", ".join(normalized.changes)
                )
            )
        if normalized.url.startswith("http://") and not is_loopback_url(normalized.url):
            notes.append(
                self.tr(
                    "Warning: this address is not encrypted (http://); your key would travel in the clear."
                )
            )
        self.url_note.setText(" ".join(notes))
        self.url_note.setVisible(bool(notes))

    def _on_show_key_toggled(self, on: bool) -> None:
        self.key.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.show_key.setText(self.tr("Hide") if on else self.tr("Show"))
        self.show_key.setAccessibleName(self.tr("Hide the key") if on else self.tr("Show the key"))

    def _on_remove_key_clicked(self) -> None:
        provider = self.provider_id()
        store = self._store

        def done(_: Any) -> None:
            self._has_key[provider] = False
            self._show_key_status(provider)

        self._tasks.run(lambda: store.delete(provider), done, self._on_task_error)

    def _on_task_error(self, exc: BaseException) -> None:
        sentence, _ = error_text(exc)
        self.key_status.setText(sentence)

    def _on_test_clicked(self) -> None:
        try:
            url = self.effective_base_url()
        except VisionDesktopError as exc:
            self.test_result.setText(exc.message)
            return
        provider = self.provider_id()
        typed = self.typed_key()
        store = self._store
        settings = self._settings
        model = settings.model if provider == settings.provider else get_provider(provider).default_model
        if typed:
            register_secret(typed)

        def work() -> ProbeResult:
            from vision_desktop.chat.http import settings_http
            from vision_desktop.chat.probe import run_probe

            key = typed or store.get(provider) or ""
            if not key:
                raise VisionDesktopError("Enter the API key first, then test the connection.")
            register_secret(key)
            return run_probe(url, key, model, settings_http(settings, read_timeout=settings.timeout))

        def done(result: ProbeResult) -> None:
            saw, answer, route = result.saw_it, result.answer, result.route
            self.test_button.setEnabled(True)
            short = answer if len(answer) < 60 else answer[:57] + "…"
            if saw:
                self.test_result.setText(
                    self.tr("✔ Connected. The model saw the test picture (it answered “{answer}”).").format(
                        answer=short
                    )
                )
                self.test_result.setProperty("ok", True)
            else:
                self.test_result.setText(
                    self.tr(
                        "Connected ({route}), but the model did not describe the test picture (it answered "
                        "“{answer}”). This model or relay may not pass images through."
                    ).format(route=route, answer=short)
                )
                self.test_result.setProperty("ok", False)

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            sentence, _ = error_text(exc)
            self.test_result.setText("✘ " + sentence)
            self.test_result.setProperty("ok", False)

        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Testing…"))
        self._tasks.run(work, done, failed)
