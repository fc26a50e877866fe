"""The main window: parameters on top, the conversation in the middle, the composer (images, question) below.

Signals: none of its own; it talks to the :class:`ChatController` (``submit``/``cancel`` and its signals), the
:class:`ImagePreparer` (through the tray) and a :class:`TaskRunner` for small jobs (keyring, models, disk).
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.api.providers import PRESETS, get_provider, is_loopback_url
from vision_desktop.core.errors import CancelledError, MissingApiKeyError, VisionDesktopError
from vision_desktop.core.models import ChatOptions, Conversation, Message, Turn, Usage
from vision_desktop.services import resolve_base_url, resolve_connection
from vision_desktop.storage.paths import AppPaths
from vision_desktop.storage.secrets import SecretStore, StoredWhere, resolve_api_key
from vision_desktop.storage.settings import Settings, SettingsStore
from vision_desktop.ui.dialogs.ranges import configure_max_tokens, configure_temperature
from vision_desktop.ui.messages import error_text
from vision_desktop.ui.timers import single_shot_timer
from vision_desktop.ui.widgets.conversation_view import ConversationView, TurnWidget
from vision_desktop.ui.widgets.image_tray import ImageTray, TrayImage, mime_has_images
from vision_desktop.ui.widgets.prompt_edit import PromptEdit
from vision_desktop.workers.chat_controller import ChatController
from vision_desktop.workers.image_preparer import ImagePreparer
from vision_desktop.workers.jobs import RequestFailure, RequestJob, RequestOutcome
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:  # the dialogs are imported when first opened, to keep start-up short
    from vision_desktop.ui.dialogs.settings_dialog import SettingsDialog
    from vision_desktop.ui.dialogs.setup_dialog import SetupDialog
    from vision_desktop.ui.history_presenter import HistoryPresenter
    from vision_desktop.ui.widgets.history_sidebar import HistorySidebar
    from vision_desktop.workers.history_controller import HistoryController

log = logging.getLogger(__name__)
IMAGE_FILTER = (
    "Images (*.png *.jpg *.jpeg *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif);;All files (*)"
)
SAVE_DELAY_MS = 400
STREAM_FLUSH_MS = 33


def _warm_up() -> None:
    """Load the image pipeline (Pillow's plugins, the HEIF opener) while the user reads the window, not when the
    first picture arrives: loading holds the interpreter lock for ~0.1 s, which would freeze the window just as
    images are dropped."""
    from vision_desktop.images import prepare_image_bytes
    from vision_desktop.resource_files import resource_path

    prepare_image_bytes(resource_path("probe.png").read_bytes(), "warm-up")


@dataclass
class Draft:
    """A question that was sent, kept so it can go back into the composer if the request fails."""

    text: str
    images: list[TrayImage]
    turn: TurnWidget
    started: float
    streamed: list[str] = field(default_factory=list)
    """Answer text received so far (streaming); kept if the request is stopped or fails."""
    unshown: list[str] = field(default_factory=list)
    """Received text not yet on screen (the view is updated at most ~30 times a second)."""


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: Settings,
        *,
        settings_store: SettingsStore,
        secrets: SecretStore,
        paths: AppPaths,
        controller: ChatController,
        preparer: ImagePreparer,
        tasks: TaskRunner,
        disk: TaskRunner,
        history: HistoryController | None = None,
        env: Mapping[str, str] = os.environ,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Vision Desktop"))
        self.settings = settings
        self._settings_store = settings_store
        self._secrets = secrets
        self._paths = paths
        self._env = dict(env)
        self.controller = controller
        self.tasks = tasks
        self._disk = disk
        self.conversation = Conversation(system=settings.system_prompt or None)
        self._draft: Draft | None = None
        self._restorable: dict[TurnWidget, Draft] = {}
        """Failed or stopped questions not put back automatically, by their turn."""
        self._base_usage = Usage(reported=False)
        """Token usage of the earlier turns of a conversation opened from the history."""
        self._models: dict[str, list[str]] = {}
        self.setup_dialog: SetupDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._closing = False

        self._save_timer = single_shot_timer(self, SAVE_DELAY_MS, self._save_settings_now)
        self._flush_timer = single_shot_timer(self, STREAM_FLUSH_MS, self._flush_stream)
        self._confirmed_insecure: set[str] = set()
        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.setInterval(100)
        self._elapsed_timer.timeout.connect(self._on_elapsed_timer_timeout)

        self._build_parameters()
        self.view = ConversationView(self)
        self.view.restore_requested.connect(self._on_view_restore_requested)
        self.tray = ImageTray(preparer, self)
        self.tray.add_requested.connect(self.choose_images)
        self.tray.images_changed.connect(self._update_send_enabled)
        composer = self._build_composer()

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("mainSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(composer)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        self.splitter = splitter

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.setSpacing(8)
        # A lasting notice (not a status message that fades): shown while questions and answers cannot be saved.
        self.save_notice = QLabel(central)
        self.save_notice.setObjectName("saveProblemNotice")
        self.save_notice.setWordWrap(True)
        self.save_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.save_notice.setAccessibleName(self.tr("The history is not being saved"))
        self.save_notice.setStyleSheet(
            "QLabel#saveProblemNotice { background: #fff4ce; color: #4a3700; border: 1px solid #d9b84a;"
            " border-radius: 4px; padding: 6px 8px; }"
        )
        self.save_notice.hide()
        layout.addWidget(self.save_notice)
        self.history_presenter: HistoryPresenter | None = None
        self.sidebar: HistorySidebar | None = None
        if history is not None:
            from vision_desktop.ui.history_presenter import HistoryPresenter
            from vision_desktop.ui.widgets.history_sidebar import HistorySidebar

            self.sidebar = HistorySidebar(self)
            outer = QSplitter(Qt.Orientation.Horizontal, self)
            outer.setObjectName("sidebarSplitter")
            outer.setChildrenCollapsible(False)
            outer.addWidget(self.sidebar)
            outer.addWidget(splitter)
            outer.setStretchFactor(0, 0)
            outer.setStretchFactor(1, 1)
            outer.setSizes([230, 770])
            layout.addWidget(outer, 1)
            self.history_presenter = HistoryPresenter(self, history, self.sidebar)
        else:
            layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.usage_label = QLabel(self)
        self.usage_label.setObjectName("usageLabel")
        self.usage_label.setAccessibleName(self.tr("Conversation token usage"))
        self.statusBar().addPermanentWidget(self.usage_label)
        self._update_usage()
        self._build_menus()
        self._set_tab_order()
        self.setAcceptDrops(True)

        controller.busy_changed.connect(self._on_controller_busy_changed)
        controller.status_changed.connect(self._on_controller_status_changed)
        controller.response_received.connect(self._on_controller_response_received)
        controller.request_failed.connect(self._on_controller_request_failed)
        controller.request_cancelled.connect(self._on_controller_request_cancelled)
        controller.text_received.connect(self._on_controller_text_received)

        self.resize(1000, 760)
        self._restore_geometry()
        self._update_send_enabled()

    # ------------------------------------------------------------------------------------- building
    def _build_parameters(self) -> None:
        # A tool bar, not a row of widgets: on a narrow window (or with longer translated labels) what does not
        # fit moves into the bar's overflow menu instead of forcing the window wider.
        bar = QToolBar(self.tr("Parameters"), self)
        bar.setObjectName("parameterBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setEnabled(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.provider_combo = QComboBox(bar)
        self.provider_combo.setObjectName("providerCombo")
        self.provider_combo.setAccessibleName(self.tr("Provider"))
        for preset in PRESETS:
            self.provider_combo.addItem(preset.name, preset.id)
        self.provider_combo.setCurrentIndex(max(0, self.provider_combo.findData(self.settings.provider)))
        self.provider_combo.setMinimumContentsLength(9)
        self.provider_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.provider_combo.currentIndexChanged.connect(self._on_provider_combo_changed)

        self.model_combo = QComboBox(bar)
        self.model_combo.setObjectName("modelCombo")
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.setToolTip(self.tr("Pick a model or type its name"))
        self.model_combo.setMinimumContentsLength(24)
        self.model_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._fill_models()
        self.model_combo.currentTextChanged.connect(self._on_model_combo_text_changed)

        self.temperature_spin = QDoubleSpinBox(bar)
        self.temperature_spin.setObjectName("temperatureSpin")
        configure_temperature(self.temperature_spin)
        self.temperature_spin.setValue(self.settings.temperature)
        self.temperature_spin.setAccessibleName(self.tr("Temperature"))
        self.temperature_spin.setToolTip(self.tr("Lower is more focused, higher is more varied (0 to 2)"))
        self.temperature_spin.valueChanged.connect(self._on_parameter_changed)

        self.max_tokens_spin = QSpinBox(bar)
        self.max_tokens_spin.setObjectName("maxTokensSpin")
        configure_max_tokens(self.max_tokens_spin)
        self.max_tokens_spin.setValue(self.settings.max_tokens)
        self.max_tokens_spin.setAccessibleName(self.tr("Maximum answer length in tokens"))
        self.max_tokens_spin.setToolTip(self.tr("The longest answer the model may write, in tokens"))
        self.max_tokens_spin.valueChanged.connect(self._on_parameter_changed)

        def labelled(text: str, widget: QWidget, stretch: bool = False) -> None:
            group = QWidget(bar)
            row = QHBoxLayout(group)
            row.setContentsMargins(4, 2, 8, 2)
            row.setSpacing(4)
            label = QLabel(text, group)
            label.setBuddy(widget)
            row.addWidget(label)
            widget.setParent(group)
            row.addWidget(widget, 1 if stretch else 0)
            horizontal = QSizePolicy.Policy.Expanding if stretch else QSizePolicy.Policy.Fixed
            group.setSizePolicy(horizontal, QSizePolicy.Policy.Preferred)
            bar.addWidget(group)

        labelled(self.tr("&Provider:"), self.provider_combo)
        labelled(self.tr("&Model:"), self.model_combo, stretch=True)
        labelled(self.tr("&Temperature:"), self.temperature_spin)
        labelled(self.tr("Max t&okens:"), self.max_tokens_spin)

        self.new_button = QPushButton(self.tr("New conversation"), bar)
        self.new_button.setObjectName("newConversationButton")
        self.new_button.setAccessibleName(self.tr("New conversation"))
        self.new_button.setToolTip(self.tr("Start afresh (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_conversation)
        bar.addWidget(self.new_button)
        self.settings_button = QPushButton(self.tr("Settings…"), bar)
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.setAccessibleName(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("Providers, keys and defaults (Ctrl+,)"))
        self.settings_button.clicked.connect(self.open_settings)
        bar.addWidget(self.settings_button)
        self.parameters = bar

    def _build_composer(self) -> QWidget:
        composer = QWidget(self)
        composer.setObjectName("composer")
        layout = QVBoxLayout(composer)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.tray)

        self.prompt = PromptEdit(composer)
        self.prompt.setMinimumHeight(70)
        self.prompt.send_requested.connect(self.send)
        self.prompt.images_pasted.connect(lambda mime: self.tray.add_mime(mime, pasted=True))
        self.prompt.textChanged.connect(self._update_send_enabled)
        layout.addWidget(self.prompt, 1)

        self.instructions_button = QToolButton(composer)
        self.instructions_button.setObjectName("instructionsButton")
        self.instructions_button.setText(self.tr("Instructions"))
        self.instructions_button.setCheckable(True)
        self.instructions_button.setArrowType(Qt.ArrowType.RightArrow)
        self.instructions_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.instructions_button.setAutoRaise(True)
        self.instructions_button.setAccessibleName(self.tr("Show instructions for the model"))
        self.instructions_button.setToolTip(
            self.tr("Optional instructions sent with every question (a system prompt)")
        )
        self.instructions_button.toggled.connect(self._on_instructions_toggled)
        self.instructions = QPlainTextEdit(composer)
        self.instructions.setObjectName("instructionsEdit")
        self.instructions.setTabChangesFocus(True)
        self.instructions.setPlaceholderText(self.tr("For example: Answer in German. Be brief."))
        self.instructions.setAccessibleName(self.tr("Instructions for the model"))
        self.instructions.setPlainText(self.settings.system_prompt)
        self.instructions.setMaximumHeight(70)
        self.instructions.setVisible(False)
        self.instructions.textChanged.connect(self._on_instructions_changed)
        if self.settings.system_prompt:
            self.instructions_button.setText(self.tr("Instructions (set)"))

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.instructions_button)
        row.addStretch(1)
        self.elapsed_label = QLabel(composer)
        self.elapsed_label.setObjectName("elapsedLabel")
        self.elapsed_label.setAccessibleName(self.tr("Time since sending"))
        row.addWidget(self.elapsed_label)
        self.cancel_button = QPushButton(self.tr("Cancel"), composer)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel the request"))
        self.cancel_button.setToolTip(self.tr("Stop waiting for this answer (Esc)"))
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        self.send_button = QPushButton(self.tr("Send"), composer)
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(self.tr("Send the question"))
        self.send_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        self.send_button.setDefault(True)
        self.send_button.setMinimumWidth(110)
        self.cancel_button.setMinimumWidth(110)
        self.send_button.clicked.connect(self.send)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        layout.addWidget(self.instructions)
        return composer

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = QAction(self.tr("&New conversation"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_conversation)
        file_menu.addAction(self.new_action)
        add_action = QAction(self.tr("&Add images…"), self)
        add_action.setShortcut(QKeySequence.StandardKey.Open)
        add_action.triggered.connect(self.choose_images)
        file_menu.addAction(add_action)
        if self.history_presenter is not None:
            presenter = self.history_presenter
            file_menu.addSeparator()
            export_menu = file_menu.addMenu(self.tr("&Export conversation"))
            for label, fmt in (
                (self.tr("As &Markdown…"), "md"),
                (self.tr("As a &web page (HTML)…"), "html"),
                (self.tr("As &JSON…"), "json"),
            ):
                action = QAction(label, self)
                action.triggered.connect(lambda _=False, f=fmt: self._export_current(f))
                export_menu.addAction(action)
            export_all = QAction(self.tr("Export &all conversations…"), self)
            export_all.triggered.connect(presenter.export_all)
            file_menu.addAction(export_all)
            restore = QAction(self.tr("&Restore history from backup…"), self)
            restore.triggered.connect(presenter.restore_backup)
            file_menu.addAction(restore)
            delete_all = QAction(self.tr("&Delete all history…"), self)
            delete_all.triggered.connect(self._confirm_delete_all)
            file_menu.addAction(delete_all)
        file_menu.addSeparator()
        settings_action = QAction(self.tr("&Settings…"), self)
        settings_action.setShortcut(QKeySequence(self.tr("Ctrl+,")))
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(settings_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.paste_action = QAction(self.tr("&Paste image"), self)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.paste_action.triggered.connect(self.paste)
        edit_menu.addAction(self.paste_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Vision Desktop"), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

        send_action = QAction(self.tr("Send"), self)
        send_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        send_action.triggered.connect(self.send)
        self.addAction(send_action)
        cancel_action = QAction(self.tr("Cancel"), self)
        cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        cancel_action.triggered.connect(self.controller.cancel)
        self.addAction(cancel_action)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.prompt,
            self.send_button,
            self.cancel_button,
            self.tray.add_button,
            self.instructions_button,
            self.instructions,
            self.provider_combo,
            self.model_combo,
            self.temperature_spin,
            self.max_tokens_spin,
            self.new_button,
            self.settings_button,
            self.view,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------------------------- startup
    def start_after_first_paint(self) -> None:
        """Run :meth:`start` once the window has been painted, so its background work (which imports the HTTP
        stack and reads the keyring) never delays the first frame."""
        self._start_pending = True

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and getattr(self, "_start_pending", False):
            self._start_pending = False
            QTimer.singleShot(0, self.start)
        return super().event(event)

    def start(self) -> None:
        """After the window is shown: check for a key (off the GUI thread), fetch the model list."""
        self.prompt.setFocus()
        if self.history_presenter is not None:
            self.history_presenter.start()
        store, env, provider = self._secrets, self._env, self.settings.provider

        def check() -> bool:
            try:
                resolve_api_key(provider, store, env=env)
            except MissingApiKeyError:
                return False
            return True

        self.tasks.run(check, self._on_key_checked, lambda exc: self._on_key_checked(False))
        self.refresh_models()
        self.tasks.run(_warm_up)

    def _on_key_checked(self, has_key: bool) -> None:
        if not has_key and not self._closing:
            self.open_setup()

    def open_setup(self) -> None:
        from vision_desktop.ui.dialogs.setup_dialog import SetupDialog

        dialog = SetupDialog(self.settings, self._secrets, self.tasks, self)
        dialog.setup_finished.connect(self._on_setup_finished)
        dialog.form.key_saved.connect(self._on_key_saved)
        self.setup_dialog = dialog
        dialog.open()

    def _on_setup_finished(self, settings: Settings) -> None:
        self.apply_settings(settings)
        self.prompt.setFocus()

    def _on_key_saved(self, provider: str, where: StoredWhere) -> None:
        name = get_provider(provider).name
        if where == StoredWhere.SESSION:
            self.statusBar().showMessage(
                self.tr(
                    "No system keyring is available: the {name} key is kept for this session only."
                ).format(name=name)
            )
        else:
            self.statusBar().showMessage(
                self.tr("The {name} key is stored in the system keyring.").format(name=name), 6000
            )
        self.refresh_models()

    # ------------------------------------------------------------------------------------- settings
    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        for widget in (self.provider_combo, self.temperature_spin, self.max_tokens_spin, self.model_combo):
            widget.blockSignals(True)
        self.provider_combo.setCurrentIndex(max(0, self.provider_combo.findData(settings.provider)))
        self.temperature_spin.setValue(settings.temperature)
        self.max_tokens_spin.setValue(settings.max_tokens)
        self._fill_models()
        for widget in (self.provider_combo, self.temperature_spin, self.max_tokens_spin, self.model_combo):
            widget.blockSignals(False)
        self.schedule_save()
        self.refresh_models()

    def schedule_save(self) -> None:
        self._save_timer.start()

    def _save_settings_now(self) -> None:
        settings, store = self.settings, self._settings_store
        self._disk.run(lambda: store.save(settings), None, self._on_save_failed)

    def _on_save_failed(self, exc: BaseException) -> None:
        sentence, _ = error_text(exc)
        self.statusBar().showMessage(
            self.tr("Settings could not be saved: {reason}").format(reason=sentence), 8000
        )

    def _on_parameter_changed(self) -> None:
        self.settings = replace(
            self.settings,
            temperature=round(self.temperature_spin.value(), 2),
            max_tokens=self.max_tokens_spin.value(),
        )
        self.schedule_save()

    def _on_model_combo_text_changed(self, text: str) -> None:
        if text.strip():
            self.settings = replace(self.settings, model=text.strip())
            self.schedule_save()

    def _on_provider_combo_changed(self, _index: int) -> None:
        provider = str(self.provider_combo.currentData())
        self.settings = replace(self.settings, provider=provider)
        self.schedule_save()
        self._fill_models()
        self.refresh_models()

    def _on_instructions_toggled(self, on: bool) -> None:
        self.instructions.setVisible(on)
        self.instructions_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if on:
            self.instructions.setFocus()

    def _on_instructions_changed(self) -> None:
        text = self.instructions.toPlainText()
        self.settings = replace(self.settings, system_prompt=text)
        self.conversation.system = text.strip() or None
        self.instructions_button.setText(
            self.tr("Instructions (set)") if text.strip() else self.tr("Instructions")
        )
        self.schedule_save()

    def open_settings(self) -> None:
        from vision_desktop.ui.dialogs.settings_dialog import SettingsDialog

        models = self._models.get(self.settings.provider, [])
        dialog = SettingsDialog(self.settings, self._secrets, self.tasks, models, self)
        dialog.settings_saved.connect(self.apply_settings)
        dialog.form.key_saved.connect(self._on_key_saved)
        self.settings_dialog = dialog
        dialog.open()

    def _export_current(self, fmt: str) -> None:
        presenter = self.history_presenter
        if presenter is None or presenter.conversation_id is None:
            self.statusBar().showMessage(
                self.tr("Ask a question first: there is nothing to export yet."), 5000
            )
            return
        presenter.export(presenter.conversation_id, fmt)

    def _confirm_delete_all(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete all history"),
            self.tr("Delete every saved conversation and its images? This cannot be undone."),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("deleteAllMessage")
        delete = box.addButton(self.tr("Delete all"), QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(
            lambda button: (
                self.history_presenter.delete_all() if button is delete and self.history_presenter else None
            )
        )
        box.open()

    def show_about(self) -> None:
        from vision_desktop.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self._paths, self).open()

    # ------------------------------------------------------------------------------------- models
    def _fill_models(self) -> None:
        current = self.settings.model
        names = list(
            dict.fromkeys(
                [current, *self.settings.recent_models, *self._models.get(self.settings.provider, [])]
            )
        )
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItems([n for n in names if n])
        self.model_combo.setCurrentText(current)
        self.model_combo.blockSignals(False)

    def refresh_models(self) -> None:
        """Fill the model list from ``/models`` (short timeout, cached per provider; failure is quiet)."""
        provider = self.settings.provider
        if provider in self._models:
            return
        settings, store, env = self.settings, self._secrets, self._env

        def fetch() -> list[str]:
            connection = resolve_connection(settings, store, env=env)
            with connection.client() as client:
                return client.list_models(timeout=5.0)

        def done(models: list[str]) -> None:
            self._models[provider] = models
            if provider == self.settings.provider:
                self._fill_models()

        def failed(exc: BaseException) -> None:
            log.info("model list not available for %s: %s", provider, getattr(exc, "message", exc))

        self.tasks.run(fetch, done, failed)

    # ------------------------------------------------------------------------------------- images
    def choose_images(self) -> None:
        dialog = QFileDialog(self, self.tr("Add images"))
        dialog.setObjectName("addImagesDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr(IMAGE_FILTER))
        dialog.filesSelected.connect(self.tray.add_paths)
        dialog.open()

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime_has_images(mime):
            self.tray.add_mime(mime, pasted=True)
            return
        focus = self.focusWidget()
        if isinstance(focus, QPlainTextEdit):
            focus.paste()
        else:
            self.prompt.setFocus()
            self.prompt.paste()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if mime_has_images(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.tray.add_mime(event.mimeData()):
            event.acceptProposedAction()

    # ------------------------------------------------------------------------------------- sending
    def _update_send_enabled(self) -> None:
        has_draft = bool(self.prompt.toPlainText().strip()) or bool(self.tray.inputs())
        self.send_button.setEnabled(has_draft and not self.controller.busy)

    def send(self) -> None:
        if self.controller.busy:
            self.statusBar().showMessage(self.tr("Wait for the answer, or press Cancel."), 4000)
            return
        text = self.prompt.toPlainText().strip()
        if not text and not self.tray.inputs():
            self.statusBar().showMessage(self.tr("Type a question or add an image first."), 4000)
            return
        if not self._insecure_url_confirmed():
            return
        thumbs = self.tray.thumbnails()
        items = [i for i in self.tray.take_all() if i.error is None]
        inputs = tuple(i.input for i in items)
        turn = self.view.add_turn(text, [thumbs.get(i.key) for i in items], [i.input.label for i in items])  # type: ignore[misc]
        draft = self._draft = Draft(text, items, turn, time.monotonic())
        self.prompt.clear()
        self.statusBar().clearMessage()

        settings, store, env = self.settings, self._secrets, self._env
        options = ChatOptions(
            model=settings.model, temperature=settings.temperature, max_tokens=settings.max_tokens
        )
        job = RequestJob(
            connect=lambda: resolve_connection(settings, store, env=env),
            history=self.conversation.history_messages(),
            text=text,
            images=inputs,
            options=options,
            system=self.conversation.system,
            stream=settings.streams(),
            history_loader=self.history_presenter.history_loader() if self.history_presenter else None,
        )
        self.controller.submit(job)
        prepared = tuple(i.input.prepared for i in items if i.input.prepared is not None)
        if self.history_presenter is not None:
            warning = self.history_presenter.size_warning(
                (*self.conversation.history_messages(), Message("user", text, prepared))
            )
            if warning:
                turn.notice.setText(warning)
                turn.notice.show()
                self.statusBar().showMessage(warning, 10000)
            self.history_presenter.question_sent(
                draft, Message("user", text, prepared), options, settings.provider, self.conversation.system
            )

    def _insecure_url_confirmed(self) -> bool:
        """An ``http://`` base URL to another computer would carry the key unencrypted: ask once per address."""
        try:
            url, _ = resolve_base_url(self.settings, env=self._env)
        except VisionDesktopError:
            return True  # the request itself will report the broken URL
        if not url.startswith("http://") or is_loopback_url(url) or url in self._confirmed_insecure:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Unencrypted connection"),
            self.tr(
                "The base URL {url} is not encrypted (http://). Your API key and your images would travel over "
                "the network in the clear. Send anyway?"
            ).format(url=url),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("insecureUrlMessage")
        send_anyway = box.addButton(self.tr("Send anyway"), QMessageBox.ButtonRole.AcceptRole)

        def answered(button: object) -> None:
            if button is send_anyway:
                self._confirmed_insecure.add(url)
                self.send()

        box.buttonClicked.connect(answered)
        self.insecure_box = box
        box.open()
        return False

    def _on_controller_busy_changed(self, busy: bool) -> None:
        self.send_button.setVisible(not busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self._elapsed_timer.start()
            self._on_elapsed_timer_timeout()
            if self.send_button.hasFocus():
                self.cancel_button.setFocus()
        else:
            self._elapsed_timer.stop()
            self.elapsed_label.clear()
        self._update_send_enabled()

    def _on_elapsed_timer_timeout(self) -> None:
        if self._draft is None:
            return
        seconds = time.monotonic() - self._draft.started
        self.elapsed_label.setText(self.tr("{seconds} s").format(seconds=f"{seconds:.1f}"))

    def _on_controller_status_changed(self, text: str) -> None:
        if self._draft is not None:
            self._draft.turn.set_pending(self.tr(text))

    def _on_controller_text_received(self, text: str) -> None:
        draft = self._draft
        if draft is None:
            return
        draft.streamed.append(text)
        draft.unshown.append(text)
        if len(draft.streamed) == 1:
            self._flush_stream()  # the first words show at once
        elif not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush_stream(self) -> None:
        draft = self._draft
        if draft is None or not draft.unshown:
            return
        text = "".join(draft.unshown)
        draft.unshown.clear()
        draft.turn.append_text(text)
        if self.history_presenter is not None:
            self.history_presenter.text_arrived(draft)

    def _on_controller_response_received(self, outcome: RequestOutcome) -> None:
        self._flush_timer.stop()
        draft, self._draft = self._draft, None
        self.conversation.turns.append(Turn(outcome.question, outcome.result))
        if draft is not None:
            draft.turn.set_result(outcome.result, outcome.notes)
            if self.history_presenter is not None:
                self.history_presenter.turn_finished(draft, outcome.result, "complete")
        for note in outcome.notes:
            self.statusBar().showMessage(note, 10000)
        self._update_usage()
        model = outcome.result.model or self.settings.model
        if self.settings.model and self.settings.model not in self.settings.recent_models[:1]:
            self.settings = self.settings.with_recent_model(self.settings.model)
            self.schedule_save()
        if not outcome.notes:
            self.statusBar().showMessage(self.tr("Answer from {model}.").format(model=model), 4000)

    def _on_controller_request_failed(self, failure: RequestFailure) -> None:
        self._flush_timer.stop()
        draft, self._draft = self._draft, None
        if draft is None:
            return
        if isinstance(failure.error, CancelledError):
            self._stopped(draft)
            return
        partial = failure.error.partial or "".join(draft.streamed)
        self.conversation.turns.append(
            Turn(Message("user", draft.text), None, "failed", failure.error.message)
        )
        restored = self._restore_if_empty(draft)
        sentence, details = error_text(failure.error)
        if restored:
            sentence += " " + self.tr("Your question is back in the box below.")
        draft.turn.set_error(sentence, details, can_restore=not restored, partial=partial)
        if self.history_presenter is not None:
            self.history_presenter.turn_finished(draft, None, "failed", failure.error.message)
        self._keep_for_restore(draft, restored)

    def _on_controller_request_cancelled(self, _request_id: int) -> None:
        draft, self._draft = self._draft, None
        if draft is not None:
            self._stopped(draft)

    def _stopped(self, draft: Draft) -> None:
        self._flush_timer.stop()
        self.conversation.turns.append(Turn(Message("user", draft.text), None, "stopped"))
        restored = self._restore_if_empty(draft)
        draft.turn.set_stopped(can_restore=not restored, partial="".join(draft.streamed))
        if self.history_presenter is not None:
            self.history_presenter.turn_finished(draft, None, "stopped")
        self._keep_for_restore(draft, restored)

    def _restore_if_empty(self, draft: Draft) -> bool:
        """Put the draft back into the composer, unless the user already started a new one."""
        if self.prompt.toPlainText().strip() or not self.tray.is_empty():
            return False
        self.prompt.setPlainText(draft.text)
        self.tray.restore(draft.images)
        self.prompt.setFocus()
        return True

    def _keep_for_restore(self, draft: Draft, restored: bool) -> None:
        if not restored:
            self._restorable[draft.turn] = draft

    def _on_view_restore_requested(self, turn: TurnWidget) -> None:
        draft = self._restorable.pop(turn, None)
        if draft is None:
            return
        current = self.prompt.toPlainText().strip()
        self.prompt.setPlainText(f"{draft.text}\n\n{current}".strip() if current else draft.text)
        self.tray.restore(draft.images)
        draft.turn.hide_restore()
        self.prompt.setFocus()

    def show_save_problem(self, text: str, details: str = "") -> None:
        """Show (until :meth:`clear_save_problem`) that questions and answers are not being saved."""
        if self.save_notice.text() != text:
            log.warning("history not saved: %s", details or text)
        self.save_notice.setText(text)
        self.save_notice.setToolTip(details)
        self.save_notice.show()

    def clear_save_problem(self) -> None:
        if self.save_notice.isVisible() or self.save_notice.text():
            log.info("history saving works again")
        self.save_notice.hide()
        self.save_notice.clear()
        self.save_notice.setToolTip("")

    def set_conversation_usage(self, usage: Usage) -> None:
        """The usage of the earlier turns of a conversation opened from the history."""
        self._base_usage = usage
        self._update_usage()

    def _update_usage(self) -> None:
        usage = self.conversation.usage() + self._base_usage
        if not usage.total_tokens and not any(t.result is not None for t in self.conversation.turns):
            self.usage_label.setText(self.tr("No tokens used yet"))
            return
        self.usage_label.setText(
            self.tr("Conversation: {total} tokens ({prompt} prompt · {completion} completion)").format(
                total=f"{usage.total_tokens:,}",
                prompt=f"{usage.prompt_tokens:,}",
                completion=f"{usage.completion_tokens:,}",
            )
        )

    def reset_conversation(self, conversation: Conversation) -> None:
        """Show an empty view for ``conversation`` (a new one, or one about to be filled from the history)."""
        if self.controller.busy:
            self.controller.cancel()
        self._draft = None
        self._restorable = {}
        self._base_usage = Usage(reported=False)
        self.conversation = conversation
        self.view.clear()
        self._update_usage()
        self.setWindowTitle(self.tr("Vision Desktop"))

    def new_conversation(self) -> None:
        self.reset_conversation(Conversation(system=self.settings.system_prompt.strip() or None))
        if self.history_presenter is not None:
            self.history_presenter.new_conversation()
        self.prompt.setFocus()

    # ------------------------------------------------------------------------------------- window
    def _window_state_store(self) -> QSettings:
        return QSettings(str(self._paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        state = self._window_state_store()
        geometry = state.value(f"geometry/{qVersion()}")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        splitter = state.value(f"splitter/{qVersion()}")
        if splitter is not None:
            self.splitter.restoreState(splitter)  # type: ignore[arg-type]

    def _save_geometry(self) -> None:
        state = self._window_state_store()
        state.setValue(f"geometry/{qVersion()}", self.saveGeometry())
        state.setValue(f"splitter/{qVersion()}", self.splitter.saveState())
        state.sync()

    def shutdown(self) -> None:
        """Stop background work and write what is pending (on quit)."""
        if self._closing:
            return
        self._closing = True
        self.controller.shutdown()
        if self.history_presenter is not None:
            self.history_presenter.save_draft()
            self.history_presenter.history.close()
        self._save_timer.stop()
        self._save_geometry()
        try:
            self._settings_store.save(self.settings)
        except Exception as exc:
            log.warning("settings not saved on quit: %s", exc)
        for runner in (self.tasks, self._disk):
            runner.wait(3000)
        self.tray._preparer.wait(3000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
