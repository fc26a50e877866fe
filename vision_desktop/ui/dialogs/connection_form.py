"""Provider, base URL and API key, with Test connection: shared by the first-run setup and Settings.

Signals: ``key_saved(str, object)`` (provider, StoredWhere) after a key was stored.

Keyring calls and the connection test run off the GUI thread (``TaskRunner``). Feedback labels wrap their
text and report height-for-width, so the dialog around the form grows when a note or a Test result appears;
notes are neutral, warnings and failures red (:func:`~vision_desktop.ui.dialogs.fitting.set_tone`). A "Where
do I get a key?" link opens the provider's key page in the browser (``QDesktopServices.openUrl``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from vision_desktop.api.providers import (
    PRESETS,
    get_provider,
    is_loopback_url,
    normalize_base_url,
    provider_name,
)
from vision_desktop.core.errors import ConfigError, VisionDesktopError
from vision_desktop.logs import register_secret
from vision_desktop.storage.secrets import SecretStore, StoredWhere
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.fitting import Tone, set_tone
from vision_desktop.ui.messages import error_text
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:
    from vision_desktop.chat.probe import ProbeResult


def _feedback_label(parent: QWidget, object_name: str) -> QLabel:
    """A word-wrapped label that takes the height its text needs at the width it is given."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    return label


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

        # A grid, not a QFormLayout: QFormLayout gives a word-wrapped field its size-hint height whatever its
        # width (three lines for one), which left gaps under the notes; a grid asks for the height at the width.
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        self._grid = grid

        self.provider = QComboBox(self)
        self.provider.setObjectName("setupProviderCombo")
        for preset in PRESETS:
            self.provider.addItem(provider_name(preset.id), preset.id)  # "Custom" in the person's language
        self.provider.setAccessibleName(self.tr("Provider"))
        self._add_row(self.tr("&Provider:"), self.provider)

        self.base_url = QLineEdit(self)
        self.base_url.setObjectName("baseUrlEdit")
        self.base_url.setAccessibleName(self.tr("Base URL"))
        self.base_url.setToolTip(
            self.tr("The address your provider gives for its OpenAI-compatible API, usually ending in /v1")
        )
        self.base_url.editingFinished.connect(self._on_base_url_edited)
        self._add_row(self.tr("&Base URL:"), self.base_url)
        self.url_note = _feedback_label(self, "baseUrlNote")
        set_tone(self.url_note, "info")
        self.url_note.hide()
        self._add_row(None, self.url_note)
        self.url_warning = _feedback_label(self, "baseUrlWarning")
        set_tone(self.url_warning, "error")
        self.url_warning.hide()
        self._add_row(None, self.url_warning)

        key_row = QHBoxLayout()
        self.key = QLineEdit(self)
        self.key.setObjectName("apiKeyEdit")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(self.tr("API key"))
        self.key.setPlaceholderText(self.tr("Paste your API key"))
        self.key.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        key_row.addWidget(self.key, 1)
        self.show_key = QToolButton(self)
        self.show_key.setObjectName("showKeyButton")
        self.show_key.setText(self.tr("Show"))
        self.show_key.setCheckable(True)
        self.show_key.setToolTip(self.tr("Show or hide the key you typed"))
        self.show_key.setAccessibleName(self.tr("Show the key"))
        self.show_key.toggled.connect(self._on_show_key_toggled)
        key_row.addWidget(self.show_key)
        self.remove_key = QPushButton(self.tr("Remove"), self)
        self.remove_key.setObjectName("removeKeyButton")
        self.remove_key.setAccessibleName(self.tr("Remove the stored key"))
        self.remove_key.setToolTip(self.tr("Delete this provider's key from the system keyring"))
        self.remove_key.clicked.connect(self._on_remove_key_clicked)
        key_row.addWidget(self.remove_key)
        self._add_row(self.tr("API &key:"), key_row, buddy=self.key)
        self.key_link = QLabel(self)
        self.key_link.setObjectName("keyLink")
        self.key_link.setTextFormat(Qt.TextFormat.RichText)
        self.key_link.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.key_link.setOpenExternalLinks(False)  # opened through QDesktopServices (tests intercept it)
        self.key_link.linkActivated.connect(self._on_key_link_activated)
        self._add_row(None, self.key_link)
        self.key_status = _feedback_label(self, "keyStatus")
        set_tone(self.key_status, "info")
        self._add_row(None, self.key_status)

        self.stream_check = QCheckBox(self.tr("Show answers as they &arrive (streaming)"), self)
        self.stream_check.setObjectName("streamCheck")
        self.stream_check.setToolTip(
            self.tr(
                "Turn this off for a relay that garbles streamed answers; the answer then appears when complete."
            )
        )
        self.stream_check.toggled.connect(self._on_stream_check_toggled)
        self._add_row(None, self.stream_check)

        self.test_button = QPushButton(self.tr("Test co&nnection"), self)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.setToolTip(
            self.tr("Sends a tiny built-in picture and checks that the model can see it")
        )
        self.test_button.clicked.connect(self._on_test_clicked)
        self._add_row(None, self.test_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.test_result = _feedback_label(self, "testResult")
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.hide()
        self._add_row(None, self.test_result)

        # Choose the saved provider before listening to changes: the change handler stores the field's text as
        # the base URL of the provider shown before, and the field is still empty here (it erased a saved
        # custom base URL, so Settings showed an empty field and Save said "The base URL is empty").
        self.provider.setCurrentIndex(max(0, self.provider.findData(settings.provider)))
        self._current = self.provider_id()
        self.provider.currentIndexChanged.connect(self._on_provider_changed)
        self._show_provider(self._current)

    def _add_row(
        self,
        label: str | None,
        field: QWidget | QLayout,
        *,
        buddy: QWidget | None = None,
        alignment: Qt.AlignmentFlag | None = None,
    ) -> None:
        """A row of the grid: a label (its & a working mnemonic: the buddy is the field) and a field."""
        row = self._grid.rowCount()
        if label is not None:
            text = QLabel(label, self)
            target = buddy if buddy is not None else field if isinstance(field, QWidget) else None
            if target is not None:
                text.setBuddy(target)
            self._grid.addWidget(text, row, 0)
        if isinstance(field, QLayout):
            self._grid.addLayout(field, row, 1)
        elif alignment is not None:
            self._grid.addWidget(field, row, 1, alignment)
        else:
            self._grid.addWidget(field, row, 1)

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
        self.url_warning.hide()
        self._show_test_result("", "info")
        if preset.key_url:
            self.key_link.setText(
                '<a href="{url}">{text}</a>'.format(
                    url=preset.key_url, text=self.tr("Where do I get a key?").replace("&", "&amp;")
                )
            )
            self.key_link.setToolTip(
                self.tr("Opens {name}'s website in your browser: {url}").format(
                    name=provider_name(preset.id), url=preset.key_url
                )
            )
            self.key_link.setAccessibleName(
                self.tr("Where do I get a key for {name}?").format(name=provider_name(preset.id))
            )
            self.key_link.show()
        else:
            self.key_link.clear()
            self.key_link.hide()
        self.stream_check.blockSignals(True)
        self.stream_check.setChecked(provider not in self._stream_off)
        self.stream_check.blockSignals(False)
        self._show_key_status(provider)

    def _show_key_status(self, provider: str) -> None:
        self.key_status.setText(self.tr("Checking the system keyring…"))
        set_tone(self.key_status, "info")
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
        note, warning = "", ""
        text = self.base_url.text().strip()
        if text:
            try:
                normalized = normalize_base_url(text)
            except ConfigError as exc:
                warning = exc.message
            else:
                if normalized.changes:
                    note = self.tr("Will use {url} ({changes}).").format(
                        url=normalized.url, changes=", ".join(normalized.changes)
                    )
                if normalized.url.startswith("http://") and not is_loopback_url(normalized.url):
                    warning = self.tr(
                        "Warning: this address is not encrypted (http://); your key would travel in the clear."
                    )
        self.url_note.setText(note)
        self.url_note.setVisible(bool(note))
        self.url_warning.setText(warning)
        self.url_warning.setVisible(bool(warning))
        if note or warning:
            self._reveal(self.url_warning if warning else self.url_note)

    def _show_test_result(self, text: str, tone: Tone) -> None:
        self.test_result.setText(text)
        self.test_result.setProperty("ok", {"ok": True, "error": False}.get(tone))
        set_tone(self.test_result, tone)
        self.test_result.setVisible(bool(text))
        if text:
            self._reveal(self.test_result)

    def _reveal(self, widget: QWidget) -> None:
        """Scroll the dialog's form (when the screen is too small for all of it) so ``widget`` is in view,
        once the layout has made room for it."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            area = parent
            QTimer.singleShot(
                0, area, lambda: area.ensureWidgetVisible(widget) if widget.isVisible() else None
            )

    def _on_key_link_activated(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

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
        set_tone(self.key_status, "error")

    def _on_test_clicked(self) -> None:
        try:
            url = self.effective_base_url()
        except VisionDesktopError as exc:
            self._show_test_result("✘ " + exc.message, "error")
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
                raise VisionDesktopError("Paste the API key first, then test the connection.")
            register_secret(key)
            return run_probe(url, key, model, settings_http(settings, read_timeout=settings.timeout))

        def done(result: ProbeResult) -> None:
            saw, answer, route = result.saw_it, result.answer, result.route
            self.test_button.setEnabled(True)
            short = answer if len(answer) < 60 else answer[:57] + "…"
            if saw:
                self._show_test_result(
                    self.tr("✔ Connected. The model saw the test picture (it answered “{answer}”).").format(
                        answer=short
                    ),
                    "ok",
                )
            else:
                # ``route`` may hold brackets of its own ("unencrypted (http://)"): it gets a sentence, not
                # another pair of brackets.
                self._show_test_result(
                    self.tr(
                        "Connected, but the model did not describe the test picture (it answered “{answer}”). "
                        "This model or relay may not pass images through. Connection: {route}."
                    ).format(route=route, answer=short),
                    "error",
                )

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            sentence, _ = error_text(exc)
            self._show_test_result("✘ " + sentence, "error")

        self.test_button.setEnabled(False)
        self._show_test_result(self.tr("Testing…"), "info")
        self._tasks.run(work, done, failed)
