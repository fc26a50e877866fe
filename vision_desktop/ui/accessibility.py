"""Screen readers: a name (and, where it helps, a description) on every control, in the person's language, and
spoken announcements when an answer ends or a request fails.

- :func:`name_controls` gives the interactive widgets under a window the names and descriptions of
  :func:`accessible_texts` (keyed by their stable ``objectName``). A name the widget's owner set stays (it is often
  more precise: "Remove image receipt.jpg"); a widget Qt cannot name from its own text (an icon-only button, a
  field without a buddy label) falls back to its placeholder, its buddy label or its tool tip.
- :func:`announce` asks the screen reader to speak a sentence: ``QAccessibleAnnouncementEvent`` (Qt 6.8+), else a
  name change on a hidden live label. The last sentence is also kept on that label (``accessibleAnnouncement``).
- :class:`AccessibilityHelper` does both for a main window: it names the window now, names dialogs and new turns
  as they appear, and announces "Answer finished" when an answer ends (once, never word by word), a stopped answer,
  and the plain sentence of an error.

Signals: none.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from vision_desktop.workers.conversation_session import (
        ConversationReset,
        ConversationSession,
        TurnFailed,
        TurnFinished,
        TurnStarted,
    )

log = logging.getLogger(__name__)

CONTEXT = "Accessibility"
ANNOUNCEMENT_NAME = "accessibleAnnouncement"
"""The objectName of the hidden label that holds the last announcement."""

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
    QTabBar,
)
"""The widgets a person operates: each needs a name a screen reader can say."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


def accessible_texts() -> dict[str, tuple[str, str]]:
    """``objectName`` → (name, description) in the person's language; an empty string: nothing to add."""
    return {
        # the composer
        "promptEdit": (_tr("Question"), _tr("Type your question; press Ctrl+Enter to send it.")),
        "sendButton": (_tr("Send the question"), _tr("Sends the question and its images (Ctrl+Enter).")),
        "cancelButton": (_tr("Cancel the request"), _tr("Stops waiting for the answer (Esc).")),
        "addImagesButton": (
            _tr("Add images"),
            _tr(
                "Opens a file chooser. You can also paste a picture with Ctrl+V or drop files on the window."
            ),
        ),
        "imageTray": (_tr("Images to send"), ""),
        "removeImageButton": (_tr("Remove this image"), _tr("Takes the image out of the question.")),
        "tileButton": (
            _tr("How this picture is sent"),
            _tr("Choose whether a tall picture is cut into tiles."),
        ),
        "instructionsButton": (
            _tr("Show instructions for the model"),
            _tr("Optional instructions sent with every question."),
        ),
        "instructionsEdit": (
            _tr("Instructions for the model"),
            _tr("For example: Answer in German. Be brief."),
        ),
        # the parameter bar
        "providerCombo": (_tr("Provider"), _tr("The service that answers your questions.")),
        "modelCombo": (_tr("Model"), _tr("The model that answers; it must be able to see images.")),
        "temperatureSpin": (
            _tr("Temperature"),
            _tr("Lower is more focused, higher is more varied (0 to 2)."),
        ),
        "maxTokensSpin": (
            _tr("Maximum answer length in tokens"),
            _tr("Longer answers are cut at this length."),
        ),
        "settingsButton": (_tr("Settings"), _tr("Opens the settings (Ctrl+comma).")),
        "newConversationButton": (_tr("New conversation"), _tr("Starts afresh (Ctrl+N).")),
        # the history
        "historySearch": (_tr("Search conversations"), _tr("Finds words in past questions and answers.")),
        "conversationList": (
            _tr("Conversations"),
            _tr("Press Enter to open a conversation, Delete to delete it, the menu key for more."),
        ),
        "undoDeleteButton": (_tr("Undo delete"), ""),
        # the conversation
        "conversationView": (_tr("Conversation"), ""),
        "jumpToLatestButton": (_tr("Jump to the latest answer"), ""),
        "copyAnswerButton": (
            _tr("Copy answer"),
            _tr("Copies the answer as text; its menu also offers it as Markdown."),
        ),
        "regenerateButton": (
            _tr("Regenerate the answer"),
            _tr("Asks the same question again for a new answer."),
        ),
        "editQuestionButton": (
            _tr("Edit the question"),
            _tr("Puts the question back in the box; sending it again replaces this turn."),
        ),
        "retryButton": (_tr("Retry the question"), _tr("Sends the same question and images again.")),
        "restoreDraftButton": (_tr("Put the question back in the box"), ""),
        "openSettingsButton": (_tr("Open Settings to enter the API key"), ""),
        "detailsButton": (_tr("Technical details"), _tr("Shows what the service answered, for support.")),
        "saveAnswerButton": (_tr("Save the whole answer"), _tr("Saves the answer as a Markdown file.")),
        "copyCodeButton": (_tr("Copy code"), ""),
        "turnThumbnail": ("", _tr("Press Enter to see it large.")),
        # the setup and settings dialogs
        "setupProviderCombo": (_tr("Provider"), ""),
        "baseUrlEdit": (
            _tr("Base URL"),
            _tr("The address of the service; leave it as it is for a known provider."),
        ),
        "apiKeyEdit": (_tr("API key"), _tr("Kept in the system keyring, never in a file.")),
        "showKeyButton": (_tr("Show the key"), ""),
        "removeKeyButton": (_tr("Remove the stored key"), ""),
        "streamCheck": (_tr("Show answers as they arrive"), ""),
        "testConnectionButton": (
            _tr("Test connection"),
            _tr("Sends a tiny built-in picture and checks that the model can see it."),
        ),
        "setupSaveButton": (_tr("Save"), ""),
        "settingsSaveButton": (_tr("Save"), ""),
        "settingsModelCombo": (_tr("Default model"), ""),
        "settingsTemperatureSpin": (_tr("Temperature"), ""),
        "settingsMaxTokensSpin": (_tr("Maximum answer length in tokens"), ""),
        "timeoutSpin": (_tr("Request timeout in seconds"), ""),
        "proxyEdit": (_tr("Proxy"), ""),
        "caFileEdit": (_tr("Extra certificate file"), ""),
        "caFileBrowseButton": (_tr("Choose a certificate file"), ""),
        "retentionSpin": (_tr("Delete conversations older than this many days"), ""),
        "appearanceCombo": (_tr("Appearance"), ""),
        "textScaleSpin": (_tr("Text size in percent of the system's"), ""),
        "currencyCombo": (_tr("Currency of the prices and the budget"), ""),
        "monthlyBudgetSpin": (_tr("Monthly budget"), ""),
        "imageProfileCombo": (_tr("Image profile of the model"), ""),
        "tileImagesCheck": (_tr("Cut tall pictures into tiles"), ""),
        "pdfPagesSpin": (_tr("Pages of a dropped PDF added by default"), ""),
        # other windows
        "usageExportButton": (_tr("Export CSV"), _tr("Saves every answer's date, model, tokens and cost.")),
        "usageRefreshButton": (_tr("Refresh"), ""),
        "pdfFirstCount": (_tr("Number of pages from the start"), ""),
        "pdfPageRanges": (_tr("Pages to add"), _tr("For example: 1-3, 7")),
        "pdfAddPages": (_tr("Add pages"), ""),
        "shortcutsList": (_tr("Keyboard shortcuts"), ""),
    }


def is_interactive(widget: QWidget) -> bool:
    """A control a person operates (a button, a field, a list …), not a label, a container or a scroll bar. The
    text field inside a spin box is left out: a screen reader meets the spin box only."""
    if not isinstance(widget, INTERACTIVE) or isinstance(widget, (QLabel, QScrollBar)):
        return False
    return not isinstance(widget.parentWidget(), QAbstractSpinBox)


def qt_name(widget: QWidget) -> str:
    """The name a screen reader gets for ``widget`` now (Qt's: the accessible name, else its text or buddy)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None or not iface.isValid():
        return widget.accessibleName()
    return iface.text(QAccessible.Text.Name).strip()


def _buddy_text(widget: QWidget) -> str:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.text():
            return label.text()
    return ""


def fallback_name(widget: QWidget) -> str:
    """A name from what the person sees around ``widget``: its placeholder, its buddy label, its tool tip."""
    candidates: list[str] = []
    owner = widget.parentWidget()
    if isinstance(owner, QComboBox) and owner.lineEdit() is widget:  # an editable combo box's text field
        candidates.append(owner.accessibleName() or _buddy_text(owner))
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        candidates.append(widget.placeholderText())
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else None
    if edit is not None:
        candidates.append(edit.placeholderText())
    candidates.append(_buddy_text(widget))
    candidates.append(widget.toolTip())
    candidates.append(widget.windowTitle() if widget.isWindow() else "")
    for text in candidates:
        clean = _plain(text)
        if clean:
            return clean
    return ""


def _plain(text: str) -> str:
    """Text fit to be spoken: no markup, no mnemonic ampersand, no trailing colon or ellipsis, one line."""
    text = re.sub(r"<[^>]+>", "", text or "")
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    text = " ".join(text.split())
    return text.rstrip(":：…").strip()


def name_widget(widget: QWidget, texts: dict[str, tuple[str, str]] | None = None) -> None:
    """Name (and describe) one widget, keeping what its owner set."""
    texts = accessible_texts() if texts is None else texts
    name, description = texts.get(widget.objectName(), ("", ""))
    if not widget.accessibleName():
        if name:
            widget.setAccessibleName(name)
        elif is_interactive(widget) and not qt_name(widget):
            found = fallback_name(widget)
            if found:
                widget.setAccessibleName(found)
    if description and not widget.accessibleDescription():
        widget.setAccessibleDescription(description)


def name_controls(root: QWidget) -> None:
    """Give ``root`` and every widget under it the accessible name and description of :func:`accessible_texts`
    (by objectName), or a name from its placeholder, buddy label or tool tip when Qt finds none. Names and
    descriptions that are already set stay. Call it again for widgets made later (it is cheap and idempotent)."""
    texts = accessible_texts()
    name_widget(root, texts)
    for widget in root.findChildren(QWidget):
        if widget.objectName() in texts or is_interactive(widget):
            name_widget(widget, texts)


# ------------------------------------------------------------------------------------------------ announcing
def _live_label(widget: QWidget) -> QLabel:
    window = widget.window()
    label = window.findChild(QLabel, ANNOUNCEMENT_NAME)
    if label is None:
        label = QLabel(window)
        label.setObjectName(ANNOUNCEMENT_NAME)
        label.hide()
    return label


def last_announcement(widget: QWidget) -> str:
    """The last sentence announced in ``widget``'s window ("" when none)."""
    label = widget.window().findChild(QLabel, ANNOUNCEMENT_NAME)
    return label.text() if label is not None else ""


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Ask the screen reader to say ``text`` (about ``widget``); ``assertive`` interrupts what it is saying (for
    errors). Without a screen reader it costs next to nothing."""
    label = _live_label(widget)
    label.setText(text)
    label.setAccessibleName(text)
    if not QAccessible.isActive():
        return
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent
    except ImportError:  # Qt before 6.8: a name change on the live label, and an alert for errors
        QAccessible.updateAccessibility(QAccessibleEvent(label, QAccessible.Event.NameChanged))
        if assertive:
            QAccessible.updateAccessibility(QAccessibleEvent(label, QAccessible.Event.Alert))
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


class AccessibilityHelper(QObject):
    """Names ``window``'s controls now and as dialogs and turns appear, and announces the session's ends.

    ``window`` is the main window (it needs ``view``, a :class:`ConversationView`, for the turns); ``session``
    its :class:`ConversationSession`. The announcements made are kept in :attr:`announced` (newest last)."""

    def __init__(self, window: QWidget, session: ConversationSession | None = None) -> None:
        super().__init__(window)
        self.setObjectName("accessibilityHelper")
        self._window = window
        self.announced: list[str] = []
        self._pending: set[QWidget] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)
        name_controls(window)
        window.installEventFilter(self)
        if session is not None:
            session.turn_started.connect(self._on_session_turn_started)
            session.turn_finished.connect(self._on_session_turn_finished)
            session.turn_failed.connect(self._on_session_turn_failed)
            session.conversation_reset.connect(self._on_session_conversation_reset)

    def say(self, text: str, *, assertive: bool = False) -> None:
        self.announced.append(text)
        del self.announced[:-20]
        announce(self._window, text, assertive=assertive)

    # -- naming what appears later -------------------------------------------------------------------------
    def name_later(self, widget: QWidget | None) -> None:
        """Name ``widget`` (and what is under it) once control is back in the event loop: it is being built."""
        if widget is not None:
            self._pending.add(widget)
            self._timer.start()

    _dialogs_pending = False

    def _on_timer_timeout(self) -> None:
        if self._dialogs_pending:
            self._dialogs_pending = False
            for child in self._window.children():
                if isinstance(child, QWidget) and child.isWindow():
                    self._pending.add(child)
        pending, self._pending = self._pending, set()
        for widget in pending:
            try:
                name_controls(widget)
            except RuntimeError:  # deleted meanwhile
                continue

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.ChildAdded:
            # a dialog or a message box opening over the window: it is still being built (its Python side may
            # not exist yet), so it is looked up once control is back in the event loop, not kept from here
            self._dialogs_pending = True
            self._timer.start()
        return False

    def _latest_turn(self) -> QWidget | None:
        view = getattr(self._window, "view", None)
        turns = getattr(view, "turns", None)
        return turns[-1] if turns else None

    # -- the session ---------------------------------------------------------------------------------------
    def _on_session_turn_started(self, _started: TurnStarted) -> None:
        self.name_later(self._latest_turn())

    def _on_session_turn_finished(self, _finished: TurnFinished) -> None:
        self.name_later(self._latest_turn())
        self.say(_tr("Answer finished"))

    def _on_session_turn_failed(self, failed: TurnFailed) -> None:
        self.name_later(self._latest_turn())
        if failed.stopped:
            self.say(_tr("Answer stopped"))
            return
        from vision_desktop.ui.messages import error_text

        sentence, _details = error_text(failed.error)
        self.say(_tr("Error: {message}").format(message=sentence), assertive=True)

    def _on_session_conversation_reset(self, _reset: ConversationReset) -> None:
        self.name_later(getattr(self._window, "view", None))


def install_accessibility(window: QWidget, session: ConversationSession | None = None) -> AccessibilityHelper:
    """Name ``window``'s controls and announce ``session``'s answers and errors (once: a second call returns the
    first helper)."""
    existing = window.findChild(AccessibilityHelper, "accessibilityHelper")
    if existing is not None:
        return existing
    return AccessibilityHelper(window, session)


__all__ = [
    "ANNOUNCEMENT_NAME",
    "INTERACTIVE",
    "AccessibilityHelper",
    "accessible_texts",
    "announce",
    "fallback_name",
    "install_accessibility",
    "is_interactive",
    "last_announcement",
    "name_controls",
    "name_widget",
    "qt_name",
]
