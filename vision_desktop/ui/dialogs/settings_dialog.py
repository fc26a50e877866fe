"""Settings: provider profiles (base URL, key), default model, temperature, max tokens, timeout, network.

Signals: ``settings_saved(Settings)``. Ranges come from :mod:`vision_desktop.storage.settings`, the same ones the
validation uses. The groups sit in a scroll area: the dialog opens at the size of its content, grows when
feedback appears, and never outgrows the screen (at 150 % or 200 % on a small laptop the groups scroll).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.storage.secrets import SecretStore
from vision_desktop.storage.settings import APPEARANCES, RETENTION_DAYS, TEXT_SCALE, TIMEOUT, Settings
from vision_desktop.ui.dialogs.connection_form import ConnectionForm
from vision_desktop.ui.dialogs.fitting import FittedDialog, ScrollingBody, set_tone
from vision_desktop.ui.dialogs.ranges import configure_max_tokens, configure_temperature
from vision_desktop.workers.tasks import TaskRunner


class SettingsDialog(FittedDialog):
    settings_saved = Signal(object)
    preferred_width = 600

    def __init__(
        self,
        settings: Settings,
        store: SecretStore,
        tasks: TaskRunner,
        models: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        layout = QVBoxLayout(self)
        content = QWidget(self)
        content.setObjectName("settingsContent")
        groups = QVBoxLayout(content)
        groups.setContentsMargins(0, 0, 0, 0)

        connection = QGroupBox(self.tr("Provider profiles"), content)
        c_layout = QVBoxLayout(connection)
        self.form = ConnectionForm(settings, store, tasks, connection)
        c_layout.addWidget(self.form)
        groups.addWidget(connection)

        defaults = QGroupBox(self.tr("Defaults"), content)
        d_form = QFormLayout(defaults)
        self.model = QComboBox(defaults)
        self.model.setObjectName("settingsModelCombo")
        self.model.setEditable(True)
        self.model.addItems(models or list(settings.recent_models) or [settings.model])
        self.model.setCurrentText(settings.model)
        self.model.setAccessibleName(self.tr("Default model"))
        d_form.addRow(self.tr("&Model:"), self.model)
        self.temperature = QDoubleSpinBox(defaults)
        self.temperature.setObjectName("settingsTemperatureSpin")
        configure_temperature(self.temperature)
        self.temperature.setValue(settings.temperature)
        self.temperature.setAccessibleName(self.tr("Temperature"))
        d_form.addRow(self.tr("&Temperature:"), self.temperature)
        self.max_tokens = QSpinBox(defaults)
        self.max_tokens.setObjectName("settingsMaxTokensSpin")
        configure_max_tokens(self.max_tokens)
        self.max_tokens.setValue(settings.max_tokens)
        self.max_tokens.setAccessibleName(self.tr("Maximum answer length in tokens"))
        d_form.addRow(self.tr("Max t&okens:"), self.max_tokens)
        self.timeout = QSpinBox(defaults)
        self.timeout.setObjectName("timeoutSpin")
        self.timeout.setRange(int(TIMEOUT.minimum), int(TIMEOUT.maximum))
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setValue(int(settings.timeout))
        self.timeout.setAccessibleName(self.tr("Request timeout in seconds"))
        d_form.addRow(self.tr("Request t&imeout:"), self.timeout)
        groups.addWidget(defaults)

        network = QGroupBox(self.tr("Office network"), content)
        n_form = QFormLayout(network)
        self.proxy = QLineEdit(settings.proxy, network)
        self.proxy.setObjectName("proxyEdit")
        self.proxy.setPlaceholderText(self.tr("Use the system setting"))
        self.proxy.setAccessibleName(self.tr("Proxy"))
        n_form.addRow(self.tr("Pro&xy:"), self.proxy)
        ca_box = QWidget(network)
        ca_row = QHBoxLayout(ca_box)
        ca_row.setContentsMargins(0, 0, 0, 0)
        self.ca_file = QLineEdit(settings.extra_ca_file, network)
        self.ca_file.setObjectName("caFileEdit")
        self.ca_file.setPlaceholderText(self.tr("None (the system's certificates are always used)"))
        self.ca_file.setAccessibleName(self.tr("Extra certificate file"))
        ca_row.addWidget(self.ca_file, 1)
        browse = QPushButton(self.tr("Choose…"), network)
        browse.setObjectName("caFileBrowseButton")
        browse.setAccessibleName(self.tr("Choose a certificate file"))
        browse.clicked.connect(self._on_browse_clicked)
        ca_row.addWidget(browse)
        # A layout as the field gets no buddy, so the & was shown literally ("Extra &certificate:"): the row's
        # field is a widget now, and the label's buddy the path field.
        n_form.addRow(self.tr("Extra certi&ficate:"), ca_box)
        ca_label = n_form.labelForField(ca_box)
        if isinstance(ca_label, QLabel):
            ca_label.setBuddy(self.ca_file)
        groups.addWidget(network)

        history = QGroupBox(self.tr("History"), content)
        h_form = QFormLayout(history)
        self.retention = QSpinBox(history)
        self.retention.setObjectName("retentionSpin")
        self.retention.setRange(RETENTION_DAYS.minimum, RETENTION_DAYS.maximum)
        self.retention.setSpecialValueText(self.tr("Keep all conversations"))
        self.retention.setSuffix(self.tr(" days"))
        self.retention.setValue(settings.history_retention_days)
        self.retention.setAccessibleName(self.tr("Delete conversations older than this many days"))
        h_form.addRow(self.tr("&Delete conversations older than:"), self.retention)
        groups.addWidget(history)

        window = QGroupBox(self.tr("Window"), content)
        w_form = QFormLayout(window)
        self.appearance = QComboBox(window)
        self.appearance.setObjectName("appearanceCombo")
        names = {
            "system": self.tr("Follow the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for value in APPEARANCES:
            self.appearance.addItem(names.get(value, value), value)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(settings.appearance)))
        self.appearance.setAccessibleName(self.tr("Appearance"))
        w_form.addRow(self.tr("App&earance:"), self.appearance)
        self.text_scale = QSpinBox(window)
        self.text_scale.setObjectName("textScaleSpin")
        self.text_scale.setRange(TEXT_SCALE.minimum, TEXT_SCALE.maximum)
        self.text_scale.setSingleStep(TEXT_SCALE.step)
        self.text_scale.setSuffix(self.tr(" %"))
        self.text_scale.setValue(settings.text_scale)
        self.text_scale.setAccessibleName(self.tr("Text size in percent of the system's"))
        self.text_scale.setToolTip(self.tr("Also Ctrl+plus, Ctrl+minus and Ctrl+0 in the window"))
        w_form.addRow(self.tr("Text si&ze:"), self.text_scale)
        groups.addWidget(window)
        groups.addStretch(1)
        self.body = ScrollingBody(content, self)
        layout.addWidget(self.body, 1)

        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("settingsSaveButton")
        layout.addWidget(buttons)
        self.fit_to_content()

    def _on_browse_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a certificate file"))
        dialog.setNameFilter(self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        dialog.fileSelected.connect(self.ca_file.setText)
        dialog.open()

    def collect(self) -> Settings:
        self.form.effective_base_url()  # raises a plain ConfigError for a broken URL
        settings = replace(
            self._settings,
            provider=self.form.provider_id(),
            base_urls=self.form.base_urls(),
            stream_off=self.form.stream_off(),
            temperature=self.temperature.value(),
            max_tokens=self.max_tokens.value(),
            timeout=float(self.timeout.value()),
            proxy=self.proxy.text().strip(),
            extra_ca_file=self.ca_file.text().strip(),
            history_retention_days=self.retention.value(),
            appearance=str(self.appearance.currentData()),
            text_scale=self.text_scale.value(),
        ).with_recent_model(self.model.currentText().strip() or self._settings.model)
        return settings.validated()

    def _on_save(self) -> None:
        try:
            settings = self.collect()
        except VisionDesktopError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.form.save_key()
        self.settings_saved.emit(settings)
        self.accept()
