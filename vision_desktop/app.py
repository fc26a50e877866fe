"""Composition root: picks the CLI or the window, sets up logging, wires concrete classes together.

``vision-desktop`` with no arguments opens the window; with a command (``ask``, ``key``) or ``--version`` /
``--help`` it runs the command-line interface, which never imports Qt. ``--smoke-test`` builds the window
offscreen and exits (used by the packaging build to check a frozen app).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from vision_desktop import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication, QMessageBox

    from vision_desktop.storage.paths import AppPaths
    from vision_desktop.storage.secrets import SecretStore
    from vision_desktop.ui.main_window import MainWindow
    from vision_desktop.workers.conversation_session import ConversationSession

log = logging.getLogger(__name__)


CLI_WORDS = ("ask", "key", "history", "batch", "--version", "-h", "--help")


def _wants_cli(argv: Sequence[str]) -> bool:
    return bool(argv) and argv[0] in CLI_WORDS


class _EarlyLog(logging.Handler):
    """Holds the log records of the first moments, until the window is painted and the log file is opened
    (:func:`vision_desktop.logs.setup_logging` needs ``logging.handlers``, whose import would delay the first
    paint by some 20 ms). The records then go to the file, through its redaction, in their order."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self.opened = False
        # setup_logging replaces the handlers marked as ours, this one included; a crash report made meanwhile
        # (_report_crash) is logged, not printed
        self._vision_desktop_handler = True

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @classmethod
    def install(cls) -> _EarlyLog:
        handler = cls()
        root = logging.getLogger()
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)  # as setup_logging will
        return handler

    def open_log_file(self, log_file: Path) -> None:
        """Open the log file (once) and write what was held."""
        if self.opened:
            return
        self.opened = True
        from vision_desktop.logs import setup_logging

        setup_logging(log_file)  # removes this handler
        logging.getLogger().removeHandler(self)
        root = logging.getLogger()
        for record in self.records:
            root.handle(record)
        self.records.clear()


def create_window(*, env: Mapping[str, str] | None = None, secrets: SecretStore | None = None) -> MainWindow:
    """The fully wired main window, inside an existing QApplication.

    Honours ``VISION_DESKTOP_HOME``, ``VISION_DESKTOP_BASE_URL`` and ``VISION_DESKTOP_API_KEY`` like the CLI.
    The window is not shown; call ``show()`` and then ``start()`` (key check, model list). The session, its
    request thread and the log file are made right after the window's first paint (see ``MainWindow``).
    """
    from PySide6.QtWidgets import QApplication

    from vision_desktop.storage.paths import app_paths

    env = dict(os.environ if env is None else env)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create_window() needs a QApplication")
    paths = app_paths(env).ensure()
    early_log = _EarlyLog.install()  # the log file is opened once the window is painted
    try:
        window = _build_window(app, env, paths, secrets)
    except BaseException:
        early_log.open_log_file(paths.log_file)
        raise
    window.after_first_paint(lambda: early_log.open_log_file(paths.log_file))
    return window


def _build_window(
    app: QApplication, env: dict[str, str], paths: AppPaths, secrets: SecretStore | None
) -> MainWindow:
    from PySide6.QtGui import QIcon

    from vision_desktop.resource_files import resource_path
    from vision_desktop.storage.secrets import KeyringSecretStore, SessionFallbackSecretStore
    from vision_desktop.storage.settings import SettingsStore
    from vision_desktop.ui.main_window import MainWindow
    from vision_desktop.ui.theme import ThemeManager
    from vision_desktop.workers.history_controller import HistoryController
    from vision_desktop.workers.image_preparer import ImagePreparer
    from vision_desktop.workers.tasks import TaskRunner

    settings_store = SettingsStore(paths.settings_file)
    settings = settings_store.load()
    from vision_desktop.core import i18n as core_i18n
    from vision_desktop.ui.i18n import install_translators

    install_translators(app, settings.language)  # before the theme remembers the application font
    core_i18n.set_language(settings.language)
    theme = ThemeManager.for_app(app)
    theme.apply_settings(settings)  # before the widgets exist: they are polished once, in the right colours
    store = secrets if secrets is not None else SessionFallbackSecretStore(KeyringSecretStore())

    preparer = ImagePreparer()
    tasks = TaskRunner(max_threads=2, name="tasks")
    disk = TaskRunner(max_threads=1, name="disk")
    history = HistoryController(paths)

    def make_session() -> ConversationSession:
        """The conversation and its request thread; the window makes them once it is painted (the first
        frame shows no turn), or sooner if something asks for them."""
        from vision_desktop.workers.chat_controller import ChatController
        from vision_desktop.workers.conversation_session import ConversationSession

        controller = ChatController(window)
        return ConversationSession(controller, history, system=settings.system_prompt, parent=window)

    window = MainWindow(
        settings,
        settings_store=settings_store,
        secrets=store,
        paths=paths,
        make_session=make_session,
        preparer=preparer,
        tasks=tasks,
        disk=disk,
        history=history,
        env=env,
    )
    for child in (preparer, tasks, disk, history):
        child.setParent(window)
    theme.style(window)  # resources/styles/app.qss in the theme's colours, again after every change
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = resource_path("icons", f"vision-desktop-{size}.png")
        if png.exists():
            icon.addFile(str(png))
    if not icon.isNull():
        window.setWindowIcon(icon)
    return window


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
    """A bug in a slot must not kill the app silently: log it (redacted) and tell the user plainly.

    With no log handler of ours yet (a crash before logging is set up), the redacted traceback goes to stderr:
    Python's own hook (and logging's last-resort handler) would print it unredacted.
    """
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)  # type: ignore[arg-type]
    _report_crash(exc, "unhandled exception")
    try:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        window = app.activeWindow() if isinstance(app, QApplication) else None
        if window is not None and hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                QCoreApplication.translate(
                    "app", "Something unexpected went wrong; your work is kept. Details are in the log."
                ),
                8000,
            )
    except Exception:
        pass


def _thread_excepthook(args: object) -> None:
    """An exception that escapes a Python thread: the same redacted report as :func:`_excepthook`."""
    exc = getattr(args, "exc_value", None)
    if isinstance(exc, BaseException) and not isinstance(exc, SystemExit):
        _report_crash(exc, "unhandled exception in a thread")


def _report_crash(exc: BaseException, what: str) -> None:
    """Into our (redacting) log; or, before it is set up, to stderr through the same redaction."""
    import contextlib

    from vision_desktop.logs import format_exception

    ours = [h for h in logging.getLogger().handlers if getattr(h, "_vision_desktop_handler", False)]
    if any(not isinstance(h, logging.NullHandler) for h in ours):
        log.error(what, exc_info=exc)
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(format_exception(exc))


def open_main_window(*, env: Mapping[str, str] | None = None) -> MainWindow | QMessageBox:
    """The wired, shown main window, or, when the app's folders cannot be created, a non-modal message box
    that says so in one plain sentence (the caller quits when it is closed)."""
    from vision_desktop.storage.paths import HomeFolderError
    from vision_desktop.ui.messages import startup_error

    try:
        window = create_window(env=env)
    except HomeFolderError as exc:
        from PySide6.QtWidgets import QApplication

        from vision_desktop.logs import setup_logging
        from vision_desktop.ui.i18n import install_translators

        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_translators(app, "system")

        setup_logging(None, stderr=True)  # no log folder: say it on stderr, through the redaction
        log.error("cannot start: %s (%s)", exc.message, exc.detail)
        return startup_error(exc)
    window.start_after_first_paint()
    window.show()
    return window


_QT_NOISE = ("propagateSizeHints",)


def _qt_message_handler(mode: object, context: object, message: str) -> None:
    """Qt's own warnings go to our (redacted) log, not to the terminal; known harmless noise is dropped."""
    if any(noise in message for noise in _QT_NOISE):
        return
    from PySide6.QtCore import QtMsgType

    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)  # type: ignore[call-overload]
    logging.getLogger("qt").log(level, "%s", message)


def run_gui(argv: Sequence[str]) -> int:
    smoke = "--smoke-test" in argv
    if smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_qt_message_handler)
    app = QApplication([sys.argv[0], *[a for a in argv if a != "--smoke-test"]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    sys.excepthook = _excepthook
    import threading

    threading.excepthook = _thread_excepthook
    from PySide6.QtWidgets import QMessageBox

    window = open_main_window()
    import gc

    gc.freeze()  # what start-up made lives as long as the app: later collections need not scan it
    if isinstance(window, QMessageBox):  # the folders cannot be created: the box says why, then we quit
        window.finished.connect(lambda _result: app.exit(1))
        if smoke:
            QTimer.singleShot(300, window.close)
        code = app.exec()
        return code or 1
    if smoke:
        QTimer.singleShot(300, window.close)
        QTimer.singleShot(10_000, lambda: app.exit(3))
        code = app.exec()
        if code == 0:
            print("smoke test ok")
        return code
    return app.exec()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_cli(args):
        from vision_desktop import cli

        return cli.main(args)
    return run_gui(args)
