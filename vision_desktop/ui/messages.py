"""The one place where errors become something a person reads.

``error_text(exc)`` gives the plain sentence and the details (both redacted: a relay that echoes the key in its
error message must not put it on screen); ``show_error`` puts them in a non-modal message box for the rare
errors that do not belong in the conversation (settings, keyring). ``show_notice`` is the same box for a
message that is not an exception (a damaged history set aside, with a Restore button); ``startup_error`` is
the box shown instead of the window when the app's folders cannot be created.

``error_action(exc)`` says what a person can do about an error with one click: ``"settings"`` for errors about
the API key (none set, or rejected by the service), so a card or box can offer an "Open Settings" button
(``open_settings_label()``); ``show_error(..., open_settings=callback)`` adds that button to the box.

Every box here is non-modal (``show()``): the window stays usable; never ``exec()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from vision_desktop.api.providers import provider_name
from vision_desktop.core.errors import AuthenticationError, MissingApiKeyError, VisionDesktopError

if TYPE_CHECKING:  # imported where a box is made: its enum types are not needed before the window shows
    from PySide6.QtWidgets import QMessageBox

ErrorAction = Literal["settings"]

log = logging.getLogger(__name__)


def redact(text: str) -> str:
    """:func:`vision_desktop.logs.redact`, imported when first needed (the logs module brings
    ``logging.handlers``, which the window's first paint can do without)."""
    from vision_desktop.logs import redact as redact_text

    return redact_text(text)


def _tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def error_text(exc: BaseException) -> tuple[str, str]:
    """(plain sentence, technical details) for any exception; never a traceback, never a key."""
    if isinstance(exc, MissingApiKeyError):
        return _missing_key_sentence(exc), redact(exc.details_text())
    if isinstance(exc, VisionDesktopError):
        return redact(exc.message), redact(exc.details_text())
    log.error("unexpected error shown to the user", exc_info=exc)
    return (
        _tr("Something unexpected went wrong. Your work is kept; please try again."),
        redact(f"{type(exc).__name__}: {exc}"),
    )


def _missing_key_sentence(exc: MissingApiKeyError) -> str:
    """The window's words for a missing key: the provider's display name, never its id or an environment
    variable (the command line keeps its own sentence, which names ``VISION_DESKTOP_API_KEY``)."""
    if not exc.provider:
        return _tr("No API key is set. Open Settings and paste your key.")
    name = provider_name(exc.provider)
    if exc.keyring_unreadable:
        return _tr(
            "The system keyring could not be read, so there is no API key for {name}. Open Settings and paste "
            "your key (it can be kept for this session)."
        ).format(name=name)
    return _tr("No API key is set for {name}. Open Settings and paste your key.").format(name=name)


def error_action(exc: BaseException) -> ErrorAction | None:
    """``"settings"`` when the way out of ``exc`` is the key field in Settings (no key, or the key was
    rejected); None otherwise. A card or a box shows an "Open Settings" button for ``"settings"``."""
    if isinstance(exc, (MissingApiKeyError, AuthenticationError)):
        return "settings"
    return None


def open_settings_label() -> str:
    """The label of the button that opens Settings from an error about the key."""
    return _tr("Open Settings")


def show_error(
    parent: QWidget | None,
    exc: BaseException,
    title: str = "Vision Desktop",
    *,
    open_settings: Callable[[], None] | None = None,
) -> QMessageBox:
    """A non-modal box for ``exc``; with ``open_settings``, an error about the key gets an "Open Settings"
    button that calls it."""
    sentence, details = error_text(exc)
    action = None
    if open_settings is not None and error_action(exc) == "settings":
        action = (open_settings_label(), open_settings)
    return show_notice(parent, sentence, details, title=title, object_name="errorMessage", action=action)


def show_notice(
    parent: QWidget | None,
    text: str,
    details: str = "",
    *,
    title: str = "Vision Desktop",
    object_name: str = "noticeMessage",
    icon: QMessageBox.Icon | None = None,
    action: tuple[str, Callable[[], None]] | None = None,
) -> QMessageBox:
    """A non-modal message box (a warning unless ``icon`` says otherwise); ``action`` adds a button (label,
    callback) next to OK."""
    from PySide6.QtWidgets import QMessageBox

    if icon is None:
        icon = QMessageBox.Icon.Warning
    box = QMessageBox(icon, title, redact(text), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(object_name)
    if details:
        box.setDetailedText(redact(details))
    if action is not None:
        label, callback = action
        button = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
        button.setObjectName(f"{object_name}Action")
        button.clicked.connect(callback)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()  # not open(): that makes a box window-modal; and never exec()
    return box


def startup_error(exc: BaseException) -> QMessageBox:
    """The box shown instead of the window when it cannot start (its folders cannot be created)."""
    from PySide6.QtWidgets import QMessageBox

    sentence, details = error_text(exc)
    return show_notice(
        None,
        sentence,
        details,
        title=_tr("Vision Desktop cannot start"),
        object_name="startupError",
        icon=QMessageBox.Icon.Critical,
    )
