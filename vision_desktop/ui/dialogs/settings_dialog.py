"""Settings: provider profiles (base URL, key), default model, temperature, max tokens, timeout, network, costs
(the default model's prices, the currency, a monthly budget), images (the model's image profile, tiles, PDF
pages), history and the window.

The Costs and Images groups are about the model in the Model field: choosing another model there shows its
prices (the person's own, else the list price) and its profile; what was typed for each model is kept until
Save. A price is saved for a model only when the person typed it (or had saved one before), so the list prices
keep applying to the others.

Signals: ``settings_saved(Settings)`` (a complete :class:`Settings`). Ranges come from :mod:`vision_desktop.storage.settings`, the same ones the
validation uses. The groups sit in a scroll area: the dialog opens at the size of its content, grows when
feedback appears, and never outgrows the screen (at 150 % or 200 % on a small laptop the groups scroll).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
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
from vision_desktop.core.profiles import PROFILES, default_price_for, profile_for
from vision_desktop.storage.secrets import SecretStore
from vision_desktop.storage.settings import (
    APPEARANCES,
    BUDGET,
    PDF_PAGES,
    PRICE,
    RETENTION_DAYS,
    TEXT_SCALE,
    TIMEOUT,
    Settings,
)
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
        self._shown_model = self._model_name()
        """The model whose prices and profile the Costs and Images groups show."""
        self._build_costs(content, groups)
        self._build_images(content, groups)

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
        self.language = QComboBox(window)
        self.language.setObjectName("languageCombo")
        for value, name in (
            ("system", self.tr("Follow the system")),
            ("en", "English"),
            ("zh_CN", "简体中文"),
        ):
            self.language.addItem(name, value)  # each language named in itself
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setAccessibleName(self.tr("Display language"))
        self.language.setToolTip(self.tr("Used from the next start of Vision Desktop"))
        w_form.addRow(self.tr("Di&splay language:"), self.language)
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
        self._show_model(self._shown_model)
        self.model.currentTextChanged.connect(self._on_model_text_changed)
        self.fit_to_content()

    # -- costs and images ---------------------------------------------------------------------------------
    def _build_costs(self, content: QWidget, groups: QVBoxLayout) -> None:
        settings = self._settings
        self._prices = dict(settings.prices)
        """Model → (input, output) per million: the saved prices, and those typed in this dialog."""
        costs = QGroupBox(self.tr("Costs"), content)
        costs.setObjectName("costsGroup")
        form = QFormLayout(costs)
        self.price_note = QLabel(costs)
        self.price_note.setObjectName("priceNote")
        self.price_note.setWordWrap(True)
        set_tone(self.price_note, "info")
        form.addRow(self.price_note)
        self.input_price = self._price_spin(
            costs, "inputPriceSpin", self.tr("Price of a million prompt tokens")
        )
        form.addRow(self.tr("Input p&rice:"), self.input_price)
        self.output_price = self._price_spin(
            costs, "outputPriceSpin", self.tr("Price of a million answer tokens")
        )
        form.addRow(self.tr("O&utput price:"), self.output_price)
        self.currency = QComboBox(costs)
        self.currency.setObjectName("currencyCombo")
        self.currency.setEditable(True)
        self.currency.addItems(["USD", "CNY", "EUR", "GBP", "JPY"])
        self.currency.setCurrentText(settings.currency)
        line = self.currency.lineEdit()
        if line is not None:
            line.setMaxLength(8)
        self.currency.setAccessibleName(self.tr("Currency of the prices and the budget"))
        self.currency.setToolTip(self.tr("The currency your service bills in; list prices are in US dollars"))
        self.currency.currentTextChanged.connect(self._on_currency_text_changed)
        form.addRow(self.tr("Currenc&y:"), self.currency)
        self.budget = QDoubleSpinBox(costs)
        self.budget.setObjectName("monthlyBudgetSpin")
        self.budget.setRange(BUDGET.minimum, BUDGET.maximum)
        self.budget.setDecimals(BUDGET.decimals)
        self.budget.setSingleStep(1.0)
        self.budget.setGroupSeparatorShown(True)
        self.budget.setSpecialValueText(self.tr("No budget"))
        self.budget.setValue(settings.monthly_budget)
        self.budget.setAccessibleName(self.tr("Monthly budget"))
        self.budget.setToolTip(
            self.tr("You are warned before a question would take this month's costs past it")
        )
        form.addRow(self.tr("Mont&hly budget:"), self.budget)
        self._show_currency(settings.currency)
        groups.addWidget(costs)

    def _price_spin(self, parent: QWidget, name: str, accessible: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(parent)
        spin.setObjectName(name)
        spin.setRange(PRICE.minimum, PRICE.maximum)
        spin.setDecimals(PRICE.decimals)
        spin.setSingleStep(0.1)
        spin.setAccessibleName(accessible)
        spin.valueChanged.connect(self._on_price_value_changed)
        return spin

    def _build_images(self, content: QWidget, groups: QVBoxLayout) -> None:
        settings = self._settings
        self._profiles = dict(settings.model_profiles)
        """Model → profile key: the saved choices, and those made in this dialog."""
        images = QGroupBox(self.tr("Images"), content)
        images.setObjectName("imagesGroup")
        form = QFormLayout(images)
        self.profile = QComboBox(images)
        self.profile.setObjectName("imageProfileCombo")
        self.profile.addItem("", "")  # "Automatic (…)": its text names the table's pick for the model
        for profile in PROFILES:
            self.profile.addItem(profile.shown_label(), profile.key)
        self.profile.setAccessibleName(self.tr("Image profile of the model"))
        self.profile.setToolTip(
            self.tr(
                "How large the images sent to this model are made; choose one for a model the app does not know"
            )
        )
        self.profile.currentIndexChanged.connect(self._on_profile_index_changed)
        form.addRow(self.tr("Image profi&le:"), self.profile)
        self.tiles = QCheckBox(self.tr("Split tall or &wide images into tiles"), images)
        self.tiles.setObjectName("tileImagesCheck")
        self.tiles.setChecked(settings.tile_images)
        self.tiles.setToolTip(
            self.tr(
                "A long screenshot is sent as several pieces so its text stays readable (each image can opt out)"
            )
        )
        form.addRow(self.tiles)
        self.pdf_pages = QSpinBox(images)
        self.pdf_pages.setObjectName("pdfPagesSpin")
        self.pdf_pages.setRange(PDF_PAGES.minimum, PDF_PAGES.maximum)
        self.pdf_pages.setValue(settings.pdf_pages)
        self.pdf_pages.setAccessibleName(self.tr("Pages of a dropped PDF added by default"))
        form.addRow(self.tr("PDF pa&ges added by default:"), self.pdf_pages)
        groups.addWidget(images)

    def _model_name(self) -> str:
        return self.model.currentText().strip() or self._settings.model

    def _on_model_text_changed(self, _text: str) -> None:
        model = self._model_name()
        if model != self._shown_model:
            self._shown_model = model
            self._show_model(model)

    def _show_model(self, model: str) -> None:
        """Show ``model``'s prices (typed or saved, else the list price) and image profile."""
        own = self._prices.get(model)
        listed = default_price_for(model)
        values = (
            own
            if own is not None
            else ((listed.input_per_million, listed.output_per_million) if listed is not None else (0.0, 0.0))
        )
        for spin, value in zip((self.input_price, self.output_price), values, strict=True):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self._show_price_note()
        automatic = profile_for(model)
        self.profile.blockSignals(True)
        self.profile.setItemText(0, self.tr("Automatic: {profile}").format(profile=automatic.shown_label()))
        self.profile.setCurrentIndex(max(0, self.profile.findData(self._profiles.get(model, ""))))
        self.profile.blockSignals(False)

    def _show_price_note(self) -> None:
        model = self._shown_model
        currency = self.currency.currentText().strip() or self._settings.currency
        in_dollars = currency.upper() in ("USD", "$", "US$")
        if model in self._prices:
            note = self.tr("Prices for {model}, per million tokens, in {currency}: yours.")
        elif default_price_for(model) is None:
            note = self.tr(
                "Prices for {model}, per million tokens, in {currency}: none is known. Enter what your service "
                "charges to see what each answer costs."
            )
        elif in_dollars:
            note = self.tr(
                "Prices for {model}, per million tokens, in {currency}: the list price. Relays often charge "
                "differently: enter what yours charges."
            )
        else:
            note = self.tr(
                "Prices for {model}, per million tokens: the list price in US dollars is shown. Enter what "
                "your service charges in {currency} to see what each answer costs."
            )
        self.price_note.setText(note.format(model=model, currency=currency))

    def _on_price_value_changed(self, _value: float) -> None:
        self._prices[self._shown_model] = (self.input_price.value(), self.output_price.value())
        self._show_price_note()

    def _on_currency_text_changed(self, text: str) -> None:
        self._show_currency(text.strip() or self._settings.currency)

    def _show_currency(self, currency: str) -> None:
        self.budget.setSuffix(" " + currency)
        self._show_price_note()

    def _on_profile_index_changed(self, _index: int) -> None:
        key = str(self.profile.currentData() or "")
        if key:
            self._profiles[self._shown_model] = key
        else:
            self._profiles.pop(self._shown_model, None)

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
            language=str(self.language.currentData()),
            prices=dict(self._prices),
            currency=self.currency.currentText().strip(),
            monthly_budget=self.budget.value(),
            model_profiles=dict(self._profiles),
            tile_images=self.tiles.isChecked(),
            pdf_pages=self.pdf_pages.value(),
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
