"""Help ▸ Keyboard shortcuts: every key the window answers to, read from its actions so the list cannot drift.

:func:`shortcut_rows` walks the window's menus (File, Edit, View, Help and their submenus) and the actions put on
the window itself (Send, Cancel, F6 …) and takes each action's shortcuts as they are now; :func:`other_keys` adds
the keys that belong to a kind of control rather than to an action (Tab, Enter in the conversation list, the image
viewer's arrows). :class:`ShortcutsDialog` shows them grouped, sized to its content and never larger than the
screen; it is not modal, so it can stay open beside the window. :func:`show_shortcuts` opens it or brings it
forward.

Signals: none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
)

from vision_desktop.ui.dialogs.fitting import FittedDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("ShortcutsDialog", text)


@dataclass(frozen=True)
class ShortcutRow:
    """One line of the list: where it belongs (a menu's title), what it does, and its keys (native text)."""

    group: str
    action: str
    keys: tuple[str, ...]


def plain(text: str) -> str:
    """A menu text without its mnemonic ampersand and trailing ellipsis ("&Settings…" → "Settings")."""
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    text = re.sub(r"\s*\(&?\w\)$", "", text)  # "设置(&S)" style mnemonics
    return text.rstrip("…").rstrip(".").strip()


def key_texts(action: QAction) -> tuple[str, ...]:
    """The action's shortcuts as the platform writes them ("Ctrl+N"; "⌘N" on macOS)."""
    out: list[str] = []
    for sequence in action.shortcuts():
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _menu_rows(menu: QMenu, group: str, seen: set[int], rows: list[ShortcutRow]) -> None:
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            _menu_rows(sub, group, seen, rows)
            continue
        if action.isSeparator() or id(action) in seen:
            continue
        seen.add(id(action))
        keys = key_texts(action)
        if keys:
            rows.append(ShortcutRow(group, plain(action.text()), keys))


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Every action of ``window`` with a shortcut: those of its menus first (grouped by menu, in menu order),
    then those only on the window (Send, Cancel …)."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            _menu_rows(menu, plain(top.text()), seen, rows)
    window_group = _tr("In the window")
    for action in window.actions():
        if id(action) in seen or action.menu() is not None:
            continue
        seen.add(id(action))
        keys = key_texts(action)
        if keys:
            rows.append(ShortcutRow(window_group, plain(action.text()), keys))
    return rows


def _native(*keys: str | QKeySequence.StandardKey | Qt.Key) -> tuple[str, ...]:
    out = []
    for key in keys:
        sequence = QKeySequence(key)
        out.append(sequence.toString(QKeySequence.SequenceFormat.NativeText))
    return tuple(out)


def other_keys() -> list[ShortcutRow]:
    """Keys of a kind of control, not of an action: moving between controls, the conversation list, the image
    viewer, dialogs."""
    controls = _tr("Controls")
    history = _tr("Conversation list")
    viewer = _tr("Image viewer")
    return [
        ShortcutRow(controls, _tr("Next or previous control"), _native("Tab", "Shift+Tab")),
        ShortcutRow(controls, _tr("Press the focused button, tick the focused box"), _native("Space")),
        ShortcutRow(controls, _tr("Open the focused image large"), _native("Return")),
        ShortcutRow(controls, _tr("Close a dialog without saving"), _native("Esc")),
        ShortcutRow(history, _tr("Choose a conversation"), _native("Up", "Down")),
        ShortcutRow(history, _tr("Open the chosen conversation"), _native("Return")),
        ShortcutRow(history, _tr("Delete the chosen conversation"), _native("Del")),
        ShortcutRow(history, _tr("Rename or export it (its menu)"), _native(Qt.Key.Key_Menu, "Shift+F10")),
        ShortcutRow(viewer, _tr("Previous or next image"), _native("Left", "Right")),
        ShortcutRow(viewer, _tr("Zoom in, zoom out, fit to the window"), _native("+", "-", "0")),
        ShortcutRow(viewer, _tr("Close the viewer"), _native("Esc")),
    ]


class ShortcutsList(QTreeWidget):
    """The shortcuts, one group under another; asks for the room its rows need."""

    def sizeHint(self) -> QSize:
        header = self.header()
        width = sum(
            max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.columnCount())
        )
        height = header.sizeHint().height() if not header.isHidden() else 0
        line = self.fontMetrics().height() + 6
        iterator = QTreeWidgetItemIterator(self)
        while (item := iterator.value()) is not None:
            height += max(self.indexRowSizeHint(self.indexFromItem(item)), line)
            iterator += 1
        frame = 2 * self.frameWidth()
        return QSize(width + frame + self.indentation() + 24, height + frame + 4)


class ShortcutsDialog(FittedDialog):
    preferred_width = 520

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setModal(False)
        self._window = window
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Every action of the window can be reached with these keys."), self)
        intro.setObjectName("shortcutsIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = ShortcutsList(self)
        self.list.setObjectName("shortcutsList")
        self.list.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.list.setColumnCount(2)
        self.list.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.list.setRootIsDecorated(False)
        self.list.setItemsExpandable(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setStretchLastSection(True)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.refresh()
        self.fit_to_content()

    def rows(self) -> list[ShortcutRow]:
        return [*shortcut_rows(self._window), *other_keys()]

    def refresh(self) -> None:
        """Read the window's shortcuts again (a language or a menu may have changed)."""
        self.list.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        bold = QFont(self.list.font())
        bold.setBold(True)
        separator = self.tr(" or ")
        for row in self.rows():
            parent = groups.get(row.group)
            if parent is None:
                parent = QTreeWidgetItem(self.list, [row.group])
                parent.setFirstColumnSpanned(True)
                parent.setFont(0, bold)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[row.group] = parent
            keys = separator.join(row.keys)
            item = QTreeWidgetItem(parent, [row.action, keys])
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{row.action}: {keys}")
            item.setData(1, Qt.ItemDataRole.AccessibleTextRole, keys)
        self.list.expandAll()
        self.list.updateGeometry()

    def keys_for(self, action: str) -> tuple[str, ...]:
        """The keys listed for ``action`` (its text, without mnemonics), for tests and automation."""
        return next((r.keys for r in self.rows() if r.action == action), ())


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    """Open the Keyboard shortcuts dialog beside ``window``, or bring the open one forward (up to date)."""
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    if dialog is None:
        dialog = ShortcutsDialog(window)
        dialog.show()
        return dialog
    dialog.refresh()
    dialog.fit_to_content(grow_only=True)
    dialog.show()
    if dialog.isVisible():
        dialog.raise_()
        dialog.activateWindow()
    return dialog


__all__ = [
    "ShortcutRow",
    "ShortcutsDialog",
    "key_texts",
    "other_keys",
    "plain",
    "shortcut_rows",
    "show_shortcuts",
]
