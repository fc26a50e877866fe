"""The keyboard paths the menus do not give: jump to the question, the conversation, the history search, copy the
latest answer, move between the window's parts with F6, and Help ▸ Keyboard shortcuts.

:func:`add_keyboard_actions` is the one hook the main window calls after it built its menus. Every path is a
``QAction`` on the window (so it works while the menu bar is hidden, and the Keyboard shortcuts dialog lists it):

==================  ===============================================================================
Ctrl+L              put the cursor in the question box
Ctrl+F              search the conversations (the history sidebar)
Ctrl+Shift+C        copy the latest answer as text
F6 / Shift+F6       next / previous part of the window: question, conversation, history, parameters
F1                  Help ▸ Keyboard shortcuts
==================  ===============================================================================

Signals of :class:`KeyboardActions`: none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget


def window_action(
    text: str, slot: Callable[[], object], keys: Sequence[QKeySequence | str], name: str, parent: QObject
) -> QAction:
    """An action named ``name`` whose shortcuts (``keys`` without empty or repeated ones: a platform's standard
    key may equal another) work anywhere in its window, calling ``slot``."""
    action = QAction(text, parent)
    action.setObjectName(name)
    seen: list[QKeySequence] = []
    for key in keys:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in seen:
            seen.append(sequence)
    action.setShortcuts(seen)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    return action


class KeyboardActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("keyboardActions")
        self._window = window
        self.focus_question_action = self._action(
            self.tr("Go to the &question box"), self.focus_question, ["Ctrl+L"], "focusQuestionAction"
        )
        self.find_action = self._action(
            self.tr("&Search conversations"),
            self.focus_search,
            [QKeySequence(QKeySequence.StandardKey.Find)],
            "findConversationAction",
        )
        self.copy_answer_action = self._action(
            self.tr("&Copy the latest answer"),
            self.copy_latest_answer,
            ["Ctrl+Shift+C"],
            "copyLatestAnswerAction",
        )
        self.next_part_action = self._action(
            self.tr("Next part of the window"), lambda: self.move_between_parts(+1), ["F6"], "nextPartAction"
        )
        self.previous_part_action = self._action(
            self.tr("Previous part of the window"),
            lambda: self.move_between_parts(-1),
            ["Shift+F6"],
            "previousPartAction",
        )
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"),
            self.show_shortcuts,
            [QKeySequence(QKeySequence.StandardKey.HelpContents), "F1"],
            "keyboardShortcutsAction",
        )
        help_menu = self._help_menu()
        if help_menu is not None:
            actions = help_menu.actions()
            if actions:
                help_menu.insertAction(actions[0], self.shortcuts_action)
            else:
                help_menu.addAction(self.shortcuts_action)
        paste = QKeySequence(QKeySequence.StandardKey.Paste)
        edit_menu = self._menu_with(lambda a: a.shortcut() == paste)
        if edit_menu is not None:
            edit_menu.addSeparator()
            edit_menu.addAction(self.copy_answer_action)
            edit_menu.addAction(self.find_action)

    def _action(
        self, text: str, slot: Callable[[], object], keys: list[QKeySequence | str], name: str
    ) -> QAction:
        action = window_action(text, slot, keys, name, self._window)
        self._window.addAction(action)
        return action

    def _menu_with(self, test: Callable[[QAction], bool]) -> QMenu | None:
        for top in self._window.menuBar().actions():
            menu = top.menu()
            if isinstance(menu, QMenu) and any(test(a) for a in menu.actions()):
                return menu
        return None

    def _help_menu(self) -> QMenu | None:
        """The menu holding About (found by its role, so it works in every language)."""
        return self._menu_with(lambda a: a.menuRole() == QAction.MenuRole.AboutRole)

    # -- acting ----------------------------------------------------------------------------------------------
    def _widget(self, name: str) -> QWidget | None:
        widget = self._window.findChild(QWidget, name)
        return widget if widget is not None and widget.isVisible() and widget.isEnabled() else None

    def focus_question(self) -> None:
        prompt = self._widget("promptEdit")
        if prompt is not None:
            prompt.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        search = self._widget("historySearch")
        if search is None:
            return
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        select_all = getattr(search, "selectAll", None)
        if callable(select_all):
            select_all()

    def copy_latest_answer(self) -> bool:
        """Copy the latest answer shown (as text); ``False`` when there is none yet."""
        view = getattr(self._window, "view", None)
        for turn in reversed(getattr(view, "turns", [])):
            button = getattr(turn, "copy_button", None)
            if button is not None and not button.isHidden() and button.isEnabled():
                button.click()
                return True
        status = self._window.statusBar()
        status.showMessage(self.tr("There is no answer to copy yet."), 4000)
        return False

    def parts(self) -> list[QWidget]:
        """The window's parts in F6 order, those on screen: question, conversation, history, parameters."""
        view = getattr(self._window, "view", None)
        candidates: list[QWidget | None] = [
            self._widget("promptEdit"),
            self._latest_answer_target()
            or (view if isinstance(view, QWidget) and view.isVisible() else None),
            self._widget("conversationList"),
            self._widget("modelCombo"),
        ]
        return [w for w in candidates if w is not None]

    def _latest_answer_target(self) -> QWidget | None:
        """The latest answer's Copy button (a screen reader then reads that turn), else nothing."""
        view = getattr(self._window, "view", None)
        for turn in reversed(getattr(view, "turns", [])):
            button = getattr(turn, "copy_button", None)
            if isinstance(button, QWidget) and button.isVisible() and button.isEnabled():
                return button
        return None

    def move_between_parts(self, direction: int) -> None:
        parts = self.parts()
        if not parts:
            return
        focus = QApplication.focusWidget()
        current = next(
            (
                i
                for i, part in enumerate(parts)
                if focus is not None and (focus is part or part.isAncestorOf(focus))
            ),
            None,
        )
        if current is None:
            view = getattr(self._window, "view", None)
            if isinstance(view, QWidget) and focus is not None and view.isAncestorOf(focus):
                current = 1 if len(parts) > 1 else 0
        index = 0 if current is None else (current + direction) % len(parts)
        reason = Qt.FocusReason.TabFocusReason if direction > 0 else Qt.FocusReason.BacktabFocusReason
        target = parts[index]
        target.setFocus(reason)
        view = getattr(self._window, "view", None)
        ensure = getattr(view, "ensureWidgetVisible", None)
        if isinstance(view, QWidget) and callable(ensure) and view.isAncestorOf(target):
            ensure(target)  # the latest answer scrolled into sight

    def show_shortcuts(self) -> None:
        from vision_desktop.ui.dialogs.shortcuts_dialog import show_shortcuts

        show_shortcuts(self._window)


def add_keyboard_actions(window: QMainWindow) -> KeyboardActions:
    """Add the keyboard paths to ``window`` (once: a second call returns the first one's actions)."""
    existing = window.findChild(KeyboardActions, "keyboardActions")
    if existing is not None:
        return existing
    return KeyboardActions(window)


__all__ = ["KeyboardActions", "add_keyboard_actions"]
