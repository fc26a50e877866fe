"""First start without a key: choose the provider, paste the key, test, done.

Signals: ``setup_finished(Settings)``. The dialog is non-modal (``open()``), so nothing blocks. It opens at the
size of its content, grows when a note or the Test result appears, and never outgrows the screen (the form
scrolls instead).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.storage.secrets import SecretStore
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.connection_form import ConnectionForm
from vision_desktop.ui.dialogs.fitting import FittedDialog, ScrollingBody, set_tone
from vision_desktop.workers.tasks import TaskRunner


class SetupDialog(FittedDialog):
    setup_finished = Signal(object)
    preferred_width = 560

    def __init__(
        self, settings: Settings, store: SecretStore, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("Welcome to Vision Desktop"))
        self._settings = settings
        layout = QVBoxLayout(self)
        content = QWidget(self)
        content.setObjectName("setupContent")
        c_layout = QVBoxLayout(content)
        c_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            self.tr(
                "<b>Connect to your AI provider.</b><br>Choose the provider you have an account with and paste the "
                "API key from its website. The key is kept in your system's keyring, never in a file."
            ),
            content,
        )
        intro.setObjectName("setupIntro")
        intro.setWordWrap(True)
        c_layout.addWidget(intro)
        self.form = ConnectionForm(settings, store, tasks, content)
        c_layout.addWidget(self.form)
        c_layout.addStretch(1)
        self.body = ScrollingBody(content, self)
        layout.addWidget(self.body, 1)
        self.error = QLabel(self)
        self.error.setObjectName("setupError")
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Save and start"))
        self.save_button.setObjectName("setupSaveButton")
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fit_to_content()

    def _on_save(self) -> None:
        try:
            self.form.effective_base_url()
        except VisionDesktopError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        if not self.form.typed_key() and not self.form.has_stored_key():
            if self.form.key_link.isVisibleTo(self):
                text = self.tr(
                    "Paste your API key first. “Where do I get a key?” opens the page that gives it."
                )
            else:
                text = self.tr("Paste your API key first. You find it on your provider's website.")
            self.error.setText(text)
            self.error.show()
            return
        self.form.save_key()
        settings = replace(
            self._settings,
            provider=self.form.provider_id(),
            base_urls=self.form.base_urls(),
            stream_off=self.form.stream_off(),
        )
        self.setup_finished.emit(settings)
        self.accept()
