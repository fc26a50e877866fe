"""First start without a key: choose the provider, paste the key, test, done.

Signals: ``setup_finished(Settings)``. The dialog is non-modal (``open()``), so nothing blocks.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.storage.secrets import SecretStore
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.connection_form import ConnectionForm
from vision_desktop.workers.tasks import TaskRunner


class SetupDialog(QDialog):
    setup_finished = Signal(object)

    def __init__(
        self, settings: Settings, store: SecretStore, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("Welcome to Vision Desktop"))
        self._settings = settings
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "<b>Connect to your AI provider.</b><br>Choose the provider you have an account with and paste the "
                "API key from its website. The key is kept in your system's keyring, never in a file."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = ConnectionForm(settings, store, tasks, self)
        layout.addWidget(self.form)
        self.error = QLabel(self)
        self.error.setObjectName("setupError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save and start"))
        self.save_button.setObjectName("setupSaveButton")
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _on_save(self) -> None:
        try:
            self.form.effective_base_url()
        except VisionDesktopError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        if not self.form.typed_key() and not self.form.has_stored_key():
            self.error.setText(self.tr("Paste your API key first. You find it on your provider's website."))
            self.error.show()
            return
        self.form.save_key()
        settings = replace(self._settings, provider=self.form.provider_id(), base_urls=self.form.base_urls())
        self.setup_finished.emit(settings)
        self.accept()
