"""The main window: the conversation takes the room; below it the compact composer and the parameter bar
(provider, model, temperature, max tokens, Settings), which wraps instead of hiding anything; the history on the
left, under New conversation. The window is sized to the screen's available area (also when a saved geometry
came from a bigger screen) and its minimum size fits a 1366×768 laptop at 200 % scale.

It lays its parts out, forwards what the person does to its :class:`ConversationSession`, and keeps the window's
geometry. Three presenters do the rest: :class:`SessionPresenter` shows the session's turns,
:class:`SettingsPresenter` keeps the settings (and the key check, the dialogs, the model list),
:class:`HistoryPresenter` connects the history.

Signals: none of its own. Everything it uses is built in ``app.create_window`` and passed in: the session (with
its :class:`ChatController`) or the function that makes it, the :class:`ImagePreparer` (for the tray), the
history, and two :class:`TaskRunner`\\ s for small jobs (keyring, models) and the settings file.

Start-up: the first frame shows the whole window (a new session has no turns; the history is listed by
:meth:`MainWindow.start`), so what it does not show waits until just after the first paint
(:meth:`MainWindow.after_first_paint`): making the session (given as ``make_session``) with its request thread,
the session and history presenters, opening the log file. Asking for :attr:`MainWindow.session` or
:attr:`MainWindow.history_presenter` earlier makes them then.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSettings, QSize, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.models import ChatOptions, Conversation
from vision_desktop.core.profiles import DEFAULT_PROFILE
from vision_desktop.storage.paths import AppPaths
from vision_desktop.storage.secrets import SecretStore
from vision_desktop.storage.settings import Settings, SettingsStore
from vision_desktop.ui.messages import error_text
from vision_desktop.ui.settings_presenter import SettingsPresenter
from vision_desktop.ui.widgets.composer import Composer
from vision_desktop.ui.widgets.conversation_view import ConversationView
from vision_desktop.ui.widgets.image_tray import mime_has_images
from vision_desktop.ui.widgets.parameter_bar import ParameterBar
from vision_desktop.ui.widgets.save_notice import SaveNotice
from vision_desktop.workers.image_preparer import ImagePreparer
from vision_desktop.workers.tasks import TaskRunner

# the dialogs, the presenters and what only sending needs are imported when first used (after the first paint)
if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from vision_desktop.ui.dialogs.batch_window import BatchWindow
    from vision_desktop.ui.dialogs.settings_dialog import SettingsDialog
    from vision_desktop.ui.dialogs.setup_dialog import SetupDialog
    from vision_desktop.ui.dialogs.usage_window import UsageWindow
    from vision_desktop.ui.history_presenter import HistoryPresenter
    from vision_desktop.ui.session_presenter import SessionPresenter
    from vision_desktop.ui.widgets.flight_line import FlightLine
    from vision_desktop.ui.widgets.history_sidebar import HistorySidebar
    from vision_desktop.workers.chat_controller import ChatController
    from vision_desktop.workers.conversation_session import (
        ConversationReset,
        ConversationSession,
        TurnFinished,
    )
    from vision_desktop.workers.history_controller import HistoryController

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1100, 760)
# Below 911×512 (a 1366×768 screen at 150 %) and 683×384 (at 200 %), with room for a window frame.
MINIMUM_SIZE = QSize(600, 360)
# Before the window is first shown its frame is unknown: leave this much for a title bar and borders.
FRAME_ALLOWANCE = QSize(8, 32)
SIDEBAR_WIDTH = 230


def _warm_up() -> None:
    """Load the image pipeline (Pillow's plugins, the HEIF opener) and, in Chinese, the translations of the
    Qt-free layers (~7 ms to read) while the user reads the window, not when the first picture arrives or the
    first error is made: loading holds the interpreter lock for ~0.1 s, which would freeze the window just as
    images are dropped."""
    from vision_desktop.core import i18n
    from vision_desktop.images import prepare_image_bytes
    from vision_desktop.resource_files import resource_path

    prepare_image_bytes(resource_path("probe.png").read_bytes(), "warm-up")
    i18n.catalog(i18n.current_language())  # the sentences made below the window: read here, not on first use


class _Column(QWidget):
    """The conversation, the composer and the parameter bar, one above the other.

    Signals: ``height_changed()``."""

    height_changed = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().height() != event.size().height():
            self.height_changed.emit()


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: Settings,
        *,
        settings_store: SettingsStore,
        secrets: SecretStore,
        paths: AppPaths,
        session: ConversationSession | None = None,
        make_session: Callable[[], ConversationSession] | None = None,
        preparer: ImagePreparer,
        tasks: TaskRunner,
        disk: TaskRunner,
        history: HistoryController | None = None,
        env: Mapping[str, str] = os.environ,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Vision Desktop"))
        if (session is None) == (make_session is None):
            raise TypeError("MainWindow needs a session or a way to make one")
        self._session = session
        self._make_session = make_session
        self._wired = False
        self._history = history
        self._history_presenter: HistoryPresenter | None = None
        self._turns: SessionPresenter | None = None
        self.tasks = tasks
        self._secrets = secrets
        self._paths = paths
        self._env = dict(env)
        self._disk = disk
        self._preparer = preparer
        self._confirmed_insecure: set[str] = set()
        self.insecure_box: QMessageBox | None = None
        self._closing = False

        self.parameters = ParameterBar(settings, self)
        self.new_button = QPushButton(self.tr("New conversation"), self)
        self.new_button.setObjectName("newConversationButton")
        self.new_button.setAccessibleName(self.tr("New conversation"))
        self.new_button.setToolTip(self.tr("Start afresh (Ctrl+N)"))
        self.view = ConversationView(self)
        self.composer = Composer(preparer, settings.system_prompt, self)
        # the widgets tests, automation and the tab order reach by name
        self.provider_combo = self.parameters.provider_combo
        self.model_combo = self.parameters.model_combo
        self.temperature_spin = self.parameters.temperature_spin
        self.max_tokens_spin = self.parameters.max_tokens_spin
        self.settings_button = self.parameters.settings_button
        self.tray = self.composer.tray
        self.prompt = self.composer.prompt
        self.instructions_button = self.composer.instructions_button
        self.instructions = self.composer.instructions
        self.elapsed_label = self.composer.elapsed_label
        self.send_button = self.composer.send_button
        self.cancel_button = self.composer.cancel_button

        column = _Column(self)
        column.setObjectName("conversationColumn")
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(6)
        column_layout.addWidget(self.view, 1)
        column_layout.addWidget(self.composer)
        column_layout.addWidget(self.parameters)
        self._column = column
        self._column_spacing = column_layout.spacing()
        self._budget_timer = QTimer(self)
        self._budget_timer.setSingleShot(True)
        self._budget_timer.setInterval(0)
        self._budget_timer.timeout.connect(self._on_budget_timer_timeout)
        self.parameters.height_changed.connect(self._budget_timer.start)
        column.height_changed.connect(self._budget_timer.start)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 2)
        layout.setSpacing(6)
        self.save_notice = SaveNotice(central)
        layout.addWidget(self.save_notice)
        self.sidebar: HistorySidebar | None = None
        self.sidebar_splitter: QSplitter | None = None
        if history is not None:
            layout.addWidget(self._build_sidebar(column), 1)
        else:
            self.parameters.add_widget(self.new_button)
            layout.addWidget(column, 1)
        self.setCentralWidget(central)

        self.usage_label = QLabel(self)
        self.usage_label.setObjectName("usageLabel")
        self.usage_label.setAccessibleName(self.tr("Conversation token usage"))
        self.usage_label.setText(self.tr("No tokens used yet"))  # (the session presenter's words for it)
        self.statusBar().addPermanentWidget(self.usage_label)
        self._settings = SettingsPresenter(
            settings,
            store=settings_store,
            secrets=secrets,
            env=self._env,
            tasks=tasks,
            disk=disk,
            parameters=self.parameters,
            composer=self.composer,
            session=None,  # attached in _wire
            status_bar=self.statusBar(),
            parent=self,
        )
        self.flight_line: FlightLine | None = None  # made with the session, after the first paint
        self._spent_this_month: float | None = None
        self._estimate: int | None = None
        self._flight_timer = QTimer(self)
        self._flight_timer.setSingleShot(True)
        self._flight_timer.setInterval(150)  # typing: one plan a pause, not one a keystroke
        self._flight_timer.timeout.connect(self._update_flight_check)
        self.composer.draft_changed.connect(self._flight_timer.start)
        self._settings.settings_changed.connect(self._on_settings_changed)
        self.tray.pdf_added.connect(self._on_tray_pdf_added)
        self._usage_window: UsageWindow | None = None
        self._batches: list[BatchWindow] = []
        self._build_menus()
        chain = [*self.composer.tab_chain(), *self.parameters.tab_chain(), self.new_button]
        if self.sidebar is not None:
            chain += [self.sidebar.search, self.sidebar.list]
        for first, second in itertools.pairwise([*chain, self.view]):
            QWidget.setTabOrder(first, second)
        self.setAcceptDrops(True)
        from vision_desktop.ui.keyboard import add_keyboard_actions  # Ctrl+L, Ctrl+F, Ctrl+Shift+C, F6, F1

        self.keyboard = add_keyboard_actions(self)
        self.after_first_paint(self._install_accessibility)
        if settings.profile() != DEFAULT_PROFILE or not settings.tile_images:
            self.tray.set_profile(settings.profile(), tiles=settings.tile_images)

        self.new_button.clicked.connect(self.new_conversation)
        self.composer.send_requested.connect(self.send)
        self.view.settings_requested.connect(self.open_settings)
        if session is not None:
            self._wire()
        else:
            self.after_first_paint(self._wire)

        self._shown_once = False
        self.resize(DEFAULT_SIZE)
        self._fit_to_screen(centre=True)
        self._restore_geometry()

    @property
    def session(self) -> ConversationSession:
        """The conversation shown (made after the first paint, or now if it is asked for before)."""
        self._wire()
        assert self._session is not None
        return self._session

    @property
    def history_presenter(self) -> HistoryPresenter | None:
        self._wire()
        return self._history_presenter

    @property
    def controller(self) -> ChatController:
        return self.session.controller

    @property
    def conversation(self) -> Conversation:
        """The turns asked since the conversation was started or opened."""
        return self.session.conversation

    @property
    def settings(self) -> Settings:
        return self._settings.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings.settings = settings

    @property
    def key_found(self) -> bool | None:
        """Whether the start-up check found an API key (``None`` until it has run)."""
        return self._settings.key_found

    @property
    def setup_dialog(self) -> SetupDialog | None:
        return self._settings.setup_dialog

    @property
    def settings_dialog(self) -> SettingsDialog | None:
        return self._settings.settings_dialog

    def open_setup(self) -> None:
        self._settings.open_setup()

    def open_settings(self) -> None:
        self._settings.open_settings()

    # ------------------------------------------------------------------------------------- building
    def _build_sidebar(self, column: QWidget) -> QSplitter:
        from vision_desktop.ui.widgets.history_sidebar import HistorySidebar

        self.sidebar = HistorySidebar(self)
        left = QWidget(self)
        left.setObjectName("historyColumn")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.new_button)
        left_layout.addWidget(self.sidebar, 1)
        outer = QSplitter(Qt.Orientation.Horizontal, self)
        outer.setObjectName("sidebarSplitter")
        outer.setChildrenCollapsible(False)
        outer.addWidget(left)
        outer.addWidget(column)
        outer.setStretchFactor(0, 0)
        outer.setStretchFactor(1, 1)
        self.sidebar_splitter = outer
        return outer

    def _wire(self) -> None:
        """Make the session (unless it was given) and the presenters that connect it, the history and the
        settings to the widgets: right after the first paint, which they do not change (a new session has no
        turns, the history is listed by :meth:`start`), or earlier when something asks for them."""
        if self._wired:
            return
        self._wired = True
        from vision_desktop.ui.session_presenter import SessionPresenter

        if self._session is None:
            assert self._make_session is not None
            self._session = self._make_session()
        session = self._session
        if self._history is not None and self.sidebar is not None:
            from vision_desktop.ui.history_presenter import HistoryPresenter

            self._history_presenter = HistoryPresenter(
                self._history,
                session,
                sidebar=self.sidebar,
                view=self.view,
                composer=self.composer,
                status_bar=self.statusBar(),
                save_notice=self.save_notice,
                retention_days=lambda: self.settings.history_retention_days,
                parent=self,
            )
            self._history_presenter.new_conversation_requested.connect(self.new_conversation)
        self._turns = SessionPresenter(
            session,
            view=self.view,
            composer=self.composer,
            status_bar=self.statusBar(),
            usage_label=self.usage_label,
            parent=self,
        )
        self._settings.attach_session(session)
        self.composer.cancel_requested.connect(session.cancel)
        session.turn_finished.connect(self._on_session_turn_finished)
        session.turn_recorded.connect(self._on_session_turn_recorded)
        from vision_desktop.ui.widgets.flight_line import FlightLine

        self.flight_line = FlightLine(self)
        self.composer.add_below_tray(self.flight_line)
        self._load_spent_this_month()
        self._flight_timer.start()
        session.conversation_reset.connect(self._on_session_conversation_reset)

    def _action(
        self, text: str, slot: Callable[..., object], shortcut: QKeySequence | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = self._action(
            self.tr("&New conversation"), self.new_conversation, QKeySequence(QKeySequence.StandardKey.New)
        )
        file_menu.addAction(self.new_action)
        file_menu.addAction(
            self._action(
                self.tr("&Add images…"),
                self.composer.choose_images,
                QKeySequence(QKeySequence.StandardKey.Open),
            )
        )
        file_menu.addAction(self._action(self.tr("New &batch…"), lambda: self.open_batch()))
        if self._history is not None:
            # the presenter is made after the first paint: the actions look it up when used
            def presenter() -> HistoryPresenter:
                assert self.history_presenter is not None
                return self.history_presenter

            file_menu.addSeparator()
            export_menu = file_menu.addMenu(self.tr("&Export conversation"))
            for label, fmt in (
                (self.tr("As &Markdown…"), "md"),
                (self.tr("As a &web page (HTML)…"), "html"),
                (self.tr("As &JSON…"), "json"),
            ):
                export_menu.addAction(
                    self._action(label, lambda _=False, f=fmt: presenter().export_current(f))
                )
            file_menu.addAction(
                self._action(self.tr("Export &all conversations…"), lambda: presenter().export_all())
            )
            file_menu.addAction(
                self._action(self.tr("&Restore history from backup…"), lambda: presenter().restore_backup())
            )
            file_menu.addAction(
                self._action(self.tr("&Delete all history…"), lambda: presenter().confirm_delete_all())
            )
        file_menu.addSeparator()
        settings_action = self._action(
            self.tr("&Settings…"), self.open_settings, QKeySequence(self.tr("Ctrl+,"))
        )
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(settings_action)
        file_menu.addSeparator()
        quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.paste_action = self._action(
            self.tr("&Paste image"), self.paste, QKeySequence(QKeySequence.StandardKey.Paste)
        )
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        edit_menu.addAction(self.paste_action)
        from vision_desktop.ui.view_menu import add_view_menu  # View: text size and appearance (theme.py)

        self.view_menu = add_view_menu(self.menuBar(), self._settings)
        if self._history is not None:
            self.usage_action = self._action(self.tr("&Usage and costs…"), self.open_usage)
            self.view_menu.menu.addSeparator()
            self.view_menu.menu.addAction(self.usage_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = self._action(self.tr("&About Vision Desktop"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

        send_action = self._action(self.tr("Send"), self.send)
        send_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.addAction(send_action)
        self.addAction(
            self._action(self.tr("Cancel"), lambda: self.session.cancel(), QKeySequence(Qt.Key.Key_Escape))
        )

    # ------------------------------------------------------------------------------------- startup
    _start_pending = False
    _painted = False
    _after_paint: list[Callable[[], object]] | None = None
    _after_paint_ran = False

    def after_first_paint(self, job: Callable[[], object]) -> None:
        """Run ``job`` once the window has been painted (in the next turn of the event loop), or earlier when
        :meth:`start` or :meth:`shutdown` come first: work nobody sees in the first frame (opening the log
        file) must not delay it. Once that moment has passed, ``job`` runs at once."""
        if self._after_paint_ran:
            job()
            return
        if self._after_paint is None:
            self._after_paint = []
        self._after_paint.append(job)

    def _run_after_first_paint(self) -> None:
        self._after_paint_ran = True
        jobs, self._after_paint = self._after_paint or [], None
        failure: BaseException | None = None
        for job in jobs:  # each runs even if one before it failed (the log file still opens)
            try:
                job()
            except Exception as exc:
                failure = failure or exc
        if failure is not None:
            raise failure

    def start_after_first_paint(self) -> None:
        """Run :meth:`start` once the window has been painted, so its background work (which imports the HTTP
        stack and reads the keyring) never delays the first frame."""
        self._start_pending = True

    def event(self, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            QTimer.singleShot(0, self._on_first_paint_done)
        return super().event(event)

    def _on_first_paint_done(self) -> None:
        if self._closing:
            return
        self._run_after_first_paint()
        if self._start_pending:
            self._start_pending = False
            self.start()

    def start(self) -> None:
        """After the window is shown: check for a key (off the GUI thread), fetch the model list."""
        self._run_after_first_paint()
        self.prompt.setFocus()
        if self.history_presenter is not None:
            self.history_presenter.start()
        self._settings.start()
        self.tasks.run(_warm_up)

    def show_about(self) -> None:
        from vision_desktop.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self._paths, self).open()

    # ------------------------------------------------------------------------------------- images
    def paste(self) -> None:
        self.composer.paste(self.focusWidget())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if mime_has_images(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        folders = [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and os.path.isdir(u.toLocalFile())]
        if folders:  # a folder is a pile of work: offered as a batch
            self.open_batch(folders)
            event.acceptProposedAction()
            return
        if self.composer.add_mime(mime):
            event.acceptProposedAction()

    def _on_tray_pdf_added(self, path: str) -> None:
        """A PDF: its pages are counted off the GUI thread, then added (the first few at once, or the pages a
        person picks when there are more)."""
        from vision_desktop.images.pdf import page_count

        self.tasks.run(
            lambda: page_count(path),
            lambda count: self._add_pdf_pages(path, int(count)),
            lambda exc: self.statusBar().showMessage(error_text(exc)[0], 10000),
        )

    def _add_pdf_pages(self, path: str, count: int) -> None:
        from vision_desktop.images.sources import display_name, pdf_page_source

        def add(pages: list[int]) -> None:
            sources = [pdf_page_source(path, page) for page in pages]
            self.tray.add_paths(sources, [display_name(source) for source in sources])

        wanted = self.settings.pdf_pages
        if count <= wanted:
            add(list(range(1, count + 1)))
            return
        from vision_desktop.ui.dialogs.pdf_pages import PdfPagesDialog

        room = max(1, self.settings.profile().max_images - len(self.tray.items()))
        dialog = PdfPagesDialog(self, display_name(path), count, wanted, max_pages=room)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pages_chosen.connect(add)
        dialog.open()

    # ------------------------------------------------------------------------------------- batch, usage
    def open_batch(self, paths: Sequence[str] = ()) -> None:
        """File → New batch… and a folder dropped on the window: a batch window of its own; nothing is sent
        before its Start."""
        from vision_desktop.chat.connection import resolve_connection
        from vision_desktop.ui.dialogs.batch_window import BatchWindow

        settings, store, env = self.settings, self._secrets, self._env
        window = BatchWindow(
            settings,
            connect=lambda: resolve_connection(settings, store, env=env),
            batches_dir=self._paths.data_dir / "batches",
            history=self._history,
        )
        # a window of its own (no parent: it deletes itself when closed); the main window closes it on quit
        self._batches = [w for w in self._batches if _alive(w)] + [window]
        window.show()
        if paths:
            window.add_paths(list(paths))

    def open_usage(self) -> None:
        """View → Usage and costs…: totals per day, month and conversation, with a CSV export."""
        if self._history is None:
            return
        if self._usage_window is None:
            from vision_desktop.ui.dialogs.usage_window import UsageWindow

            self._usage_window = UsageWindow(self._history, self.settings, self)
            self.session.turn_recorded.connect(self._usage_window.refresh_if_visible)
        self._usage_window.present()

    # ------------------------------------------------------------------------------------- flight check
    def _on_settings_changed(self, settings: Settings) -> None:
        self.tray.set_profile(settings.profile(), tiles=settings.tile_images)
        if self._usage_window is not None:
            self._usage_window.set_settings(settings)
        self._flight_timer.start()

    def _update_flight_check(self) -> None:
        """The plan of the draft as it would go now: one line under the images, and a warning that blocks
        sending when a limit would be broken."""
        from vision_desktop.chat.flight import plan_with_settings
        from vision_desktop.workers.image_preparer import attachments_of

        if self.flight_line is None:
            return
        text = self.prompt.toPlainText()
        items = self.tray.items()
        if not text.strip() and not items:
            self.flight_line.show_plan(None)
            return
        images = [a for item in items for a in attachments_of(item.input)]
        settings = self.settings
        history = self._session.conversation.history_messages() if self._session is not None else ()
        plan = plan_with_settings(
            settings,
            images=images,
            text=text,
            history=history,
            system=settings.system_prompt.strip() or None,
            stream=settings.streams(),
            spent_this_month=self._spent_this_month,
        )
        self.flight_line.show_plan(plan)
        self._fold_flight_line()

    def _fold_flight_line(self) -> None:
        """On a very short window the line folds away, unless it blocks sending: the conversation keeps at least
        the composer's height (the line's height is counted as if it were shown, so it does not flicker)."""
        line = self.flight_line
        if line is None or line.plan() is None:
            return
        extra = 0 if line.isVisible() else line.sizeHint().height() + self._column_spacing
        tight = self.view.height() - extra < self.composer.height() + extra
        line.setVisible(line.blocks_sending() or not tight)

    def _load_spent_this_month(self) -> None:
        if self._history is None or self.settings.monthly_budget <= 0:
            return

        def loaded(spent: object) -> None:
            self._spent_this_month = float(spent) if isinstance(spent, (int, float)) else None
            self._flight_timer.start()

        self._history.spent_this_month(self.settings.currency, loaded, lambda exc: None)

    def _on_session_turn_recorded(self, recorded: object) -> None:
        if getattr(recorded, "ended", False):
            self._load_spent_this_month()

    def _on_session_turn_finished(self, finished: TurnFinished) -> None:
        """How close the flight check's estimate came to what the relay reported."""
        from vision_desktop.chat.flight import estimate_accuracy

        usage = finished.result.usage
        if self._estimate is not None and usage.reported and usage.prompt_tokens > 0:
            self.statusBar().showMessage(estimate_accuracy(self._estimate, usage.prompt_tokens), 10000)
        self._estimate = None

    def _install_accessibility(self) -> None:
        from vision_desktop.ui.accessibility import install_accessibility

        self.accessibility = install_accessibility(self, self.session)

    # ------------------------------------------------------------------------------------- sending
    def send(self) -> None:
        if self.session.busy:
            self.statusBar().showMessage(self.tr("Wait for the answer, or press Cancel."), 4000)
            return
        if not self.composer.has_draft():
            self.statusBar().showMessage(self.tr("Type a question or add an image first."), 4000)
            return
        self._update_flight_check()
        assert self.flight_line is not None  # (self.session made it)
        if self.flight_line.blocks_sending():
            self.statusBar().showMessage(
                self.tr("This question cannot be sent as it is: see the warning."), 6000
            )
            return
        if not self._insecure_url_confirmed():
            return
        from vision_desktop.chat.connection import resolve_connection
        from vision_desktop.workers.conversation_session import Question

        plan = self.flight_line.plan()
        self._estimate = plan.estimated_prompt_tokens if plan is not None else None
        draft = self.composer.take_draft()
        assert self._turns is not None  # (self.session made it)
        self._turns.sending(draft)
        self.statusBar().clearMessage()
        settings, store, env = self.settings, self._secrets, self._env
        self.session.send(
            Question(
                text=draft.text,
                images=tuple(i.input for i in draft.images),
                options=ChatOptions(
                    model=settings.model, temperature=settings.temperature, max_tokens=settings.max_tokens
                ),
                connect=lambda: resolve_connection(settings, store, env=env),
                provider=settings.provider,
                stream=settings.streams(),
                price=settings.price_for(settings.model),
                estimated_prompt_tokens=self._estimate,
            )
        )

    def _insecure_url_confirmed(self) -> bool:
        """An ``http://`` base URL to another computer would carry the key unencrypted: ask once per address."""
        from PySide6.QtWidgets import QMessageBox

        from vision_desktop.api.providers import is_loopback_url
        from vision_desktop.chat.connection import resolve_base_url

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

    def _on_session_conversation_reset(self, reset: ConversationReset) -> None:
        if reset.title:
            self.setWindowTitle(self.tr("{title} — Vision Desktop").format(title=reset.title))
        else:
            self.setWindowTitle(self.tr("Vision Desktop"))

    def new_conversation(self) -> None:
        self.session.new_conversation(self.settings.system_prompt.strip() or None)
        self.prompt.setFocus()

    # ------------------------------------------------------------------------------------- window
    def _window_state_store(self) -> QSettings:
        return QSettings(str(self._paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        state = self._window_state_store()
        geometry = state.value(f"geometry/{qVersion()}")
        if geometry is not None and self.restoreGeometry(geometry):
            self._fit_to_screen(centre=False)  # it may come from a bigger screen, or a larger scale
        self._size_sidebar()
        sidebar = state.value(f"sidebar/{qVersion()}")
        if sidebar is not None and self.sidebar_splitter is not None:
            self.sidebar_splitter.restoreState(sidebar)

    def _save_geometry(self) -> None:
        state = self._window_state_store()
        state.setValue(f"geometry/{qVersion()}", self.saveGeometry())
        if self.sidebar_splitter is not None:
            state.setValue(f"sidebar/{qVersion()}", self.sidebar_splitter.saveState())
        state.sync()

    def _available_area(self) -> QRect:
        """The available geometry (without task bars and docks) of the screen the window is on."""
        screen = QGuiApplication.screenAt(self.frameGeometry().center()) or self.screen()
        if screen is None:
            screen = QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)

    def _fit_to_screen(self, *, centre: bool) -> None:
        """Keep the window (frame included) inside the screen's available area: shrink it if it is larger,
        move it if it sticks out; ``centre`` places it in the middle of the area."""
        if self.isMaximized() or self.isFullScreen():
            return
        area = self._available_area()
        frame = self.frameGeometry().size() - self.geometry().size()
        if not self._shown_once:
            frame = frame.expandedTo(FRAME_ALLOWANCE)
        room = area.size() - frame
        self.setMinimumSize(MINIMUM_SIZE.boundedTo(room))
        self.resize(self.size().boundedTo(room))
        outer = self.frameGeometry()
        outer.setSize(self.size() + frame)
        if centre:
            outer.moveCenter(area.center())
        outer.moveLeft(max(area.left(), min(outer.left(), area.right() - outer.width() + 1)))
        outer.moveTop(max(area.top(), min(outer.top(), area.bottom() - outer.height() + 1)))
        if outer.topLeft() != self.frameGeometry().topLeft():
            self.move(outer.topLeft())

    def _size_sidebar(self) -> None:
        """The history takes a fixed width on a roomy window, less on a narrow one."""
        if self.sidebar_splitter is None:
            return
        width = SIDEBAR_WIDTH if self.width() >= 1000 else max(170, self.width() // 4)
        self.sidebar_splitter.setSizes([width, max(1, self.width() - width)])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            # now the frame is known (on X11 a moment later): check again that the window fits
            self._shown_once = True
            self._fit_to_screen(centre=False)
            QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        self._fit_to_screen(centre=False)

    def _on_budget_timer_timeout(self) -> None:
        # the conversation keeps at least the composer's height
        spacing = 2 * self._column_spacing
        # (rounded down, and a pixel less: the conversation never ends up a pixel shorter than the composer)
        self.composer.set_height_budget((self._column.height() - self.parameters.height() - spacing) // 2 - 1)
        self._fold_flight_line()

    def shutdown(self) -> None:
        """Stop background work and write what is pending (on quit)."""
        if self._closing:
            return
        self._closing = True
        for batch in self._batches:  # its thread stops before the window goes
            if _alive(batch):
                batch.close()
        self._batches = []
        self._run_after_first_paint()
        self.session.shutdown()
        if self.history_presenter is not None:
            self.history_presenter.close()
        self._save_geometry()
        self._settings.save_now()
        for runner in (self.tasks, self._disk):
            runner.wait(3000)
        self._preparer.wait(3000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def _alive(widget: QWidget) -> bool:
    """Whether the C++ side of ``widget`` still exists (a window closed with WA_DeleteOnClose may be gone)."""
    from shiboken6 import isValid

    return bool(isValid(widget))
