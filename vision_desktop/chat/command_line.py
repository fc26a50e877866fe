"""What the command lines (``vision-desktop ask`` and ``vision-desktop batch``) share, without Qt.

* :func:`speak_the_language`: the settings' language (or the environment's) for every sentence from here on,
  before the parser is built and before any work.
* :func:`command_context`: the app's folders made, logging set up, the settings read, the OS keyring.
* :func:`spent_this_month`: this month's recorded cost, for the monthly budget warning.
* :func:`remember_learned`: what relays taught about parameters, kept in the settings file for next time.
* :func:`add_connection_options`: the options both commands take to choose the relay, the model and its
  parameters (``--provider`` … ``--debug``), declared once so that their help reads the same.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vision_desktop.core.i18n import tr

if TYPE_CHECKING:
    from vision_desktop.api.parameters import ParameterChange
    from vision_desktop.storage.paths import AppPaths
    from vision_desktop.storage.secrets import SecretStore
    from vision_desktop.storage.settings import Settings

__all__ = [
    "add_connection_options",
    "command_context",
    "remember_learned",
    "speak_the_language",
    "spent_this_month",
]

log = logging.getLogger(__name__)


class _QuietUntilSetUp(logging.NullHandler):
    """Keeps Python's last-resort handler from printing the first records; marked as ours, so
    :func:`vision_desktop.logs.setup_logging` replaces it (importing ``logs`` would slow ``--version``)."""

    _vision_desktop_handler = True


def speak_the_language() -> str:
    """Set the language of every sentence from here on (the help, argparse's errors, the error sentences raised
    by the work): the settings' ``language``, where ``"system"`` follows ``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` (so ``LANG=zh_CN.UTF-8 vision-desktop ask …`` answers in Chinese); the
    environment's when the settings cannot be read. Runs before the parser is built and before any work, since
    sentences are made when they are built or raised. Returns the language picked."""
    from vision_desktop.core.i18n import set_language

    root = logging.getLogger()
    if not root.handlers:  # what loading the settings logs goes nowhere yet (never to stderr unredacted)
        root.addHandler(_QuietUntilSetUp())
    language = "system"
    try:
        from vision_desktop.storage.paths import app_paths
        from vision_desktop.storage.settings import SettingsStore

        language = SettingsStore(app_paths().settings_file).load().language
    except Exception as exc:  # settings that cannot be read stop nothing: the environment's language
        log.warning("settings not read for the language, following the environment: %s", exc)
    return set_language(language)


def command_context(debug: bool = False) -> tuple[AppPaths, Settings, SecretStore]:
    """The app's folders (made), logging to the log file (and stderr with ``debug``), the settings, the keyring."""
    from vision_desktop.logs import setup_logging
    from vision_desktop.storage.paths import app_paths
    from vision_desktop.storage.secrets import KeyringSecretStore
    from vision_desktop.storage.settings import SettingsStore

    paths = app_paths().ensure()
    setup_logging(paths.log_file, debug=debug, stderr=debug)
    settings = SettingsStore(paths.settings_file).load()
    return paths, settings, KeyringSecretStore()


def spent_this_month(paths: AppPaths, settings: Settings) -> float | None:
    """This month's recorded cost in the settings' currency when a monthly budget is set (else, or when the
    history cannot be read, ``None``: no budget warning)."""
    if settings.monthly_budget <= 0:
        return None
    import sqlite3

    from vision_desktop.core.errors import VisionDesktopError
    from vision_desktop.storage.history import HistoryStore

    try:
        store = HistoryStore.open(paths)
        try:
            return store.spent_this_month(settings.currency)
        finally:
            store.close()
    except (VisionDesktopError, sqlite3.Error, OSError) as exc:
        log.warning("this month's cost is unknown, so the budget is not checked: %s", exc)
        return None


def remember_learned(settings_file: Path, learned: Iterable[ParameterChange], err: TextIO) -> None:
    """Keep what relays taught about parameters (reloading first, so changes made meanwhile are not lost); a
    note on ``err`` when the settings cannot be written."""
    from vision_desktop.chat.connection import remember_parameters
    from vision_desktop.core.errors import VisionDesktopError
    from vision_desktop.storage.settings import SettingsStore

    store = SettingsStore(settings_file)
    try:
        store.save(remember_parameters(store.load(), learned))
    except (VisionDesktopError, OSError) as exc:
        err.write(
            tr("cli", "Note: could not remember this for next time ({name}).").format(
                name=exc.__class__.__name__
            )
            + "\n"
        )


def add_connection_options(parser: argparse.ArgumentParser, *, timeout_help: str) -> None:
    """``--provider``, ``--base-url``, ``-m/--model``, ``--temperature``, ``--max-tokens``, ``--system``,
    ``--timeout`` (``timeout_help``: what it waits for, already translated) and ``--debug``."""
    from vision_desktop.api.providers import PROVIDERS

    parser.add_argument(
        "--provider", choices=sorted(PROVIDERS), help=tr("cli", "provider preset (default: from settings)")
    )
    parser.add_argument(
        "--base-url", help=tr("cli", "OpenAI-compatible base URL, e.g. https://www.anyfast.ai/v1")
    )
    parser.add_argument("-m", "--model", help=tr("cli", "model name (default: from settings)"))
    parser.add_argument("--temperature", type=float, metavar="T", help=tr("cli", "0 to 2"))
    parser.add_argument("--max-tokens", type=int, metavar="N", help=tr("cli", "longest answer, in tokens"))
    parser.add_argument(
        "--system", metavar="TEXT", help=tr("cli", "instructions for the model (a system message)")
    )
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help=timeout_help)
    parser.add_argument("--debug", action="store_true", help=tr("cli", "log to stderr and show tracebacks"))
