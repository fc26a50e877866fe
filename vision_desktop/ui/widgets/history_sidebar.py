"""The list of conversations, newest first, with a search box that finds words in questions and answers.

Signals: ``conversation_selected(int)``, ``rename_requested(int, str)``, ``delete_requested(int)``,
``export_requested(int, str)`` (the format: "md", "html" or "json"), ``search_changed(str)`` (debounced).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu, QVBoxLayout, QWidget

from vision_desktop.ui.timers import single_shot_timer

ID_ROLE = Qt.ItemDataRole.UserRole


def when(timestamp: float, now: float | None = None) -> str:
    """A short, local description of a time: "14:05", "Yesterday", "Mon", "12 Mar 2026"."""
    now = now if now is not None else time.time()
    t, n = time.localtime(timestamp), time.localtime(now)
    if t.tm_year == n.tm_year and t.tm_yday == n.tm_yday:
        return time.strftime("%H:%M", t)
    if now - timestamp < 2 * 86400 and (n.tm_yday - t.tm_yday) % 366 == 1:
        return QCoreApplication.translate("HistorySidebar", "Yesterday")
    if now - timestamp < 6 * 86400:
        return time.strftime("%a", t)
    return time.strftime("%d %b %Y", t)


class ConversationList(QListWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class HistorySidebar(QWidget):
    conversation_selected = Signal(int)
    rename_requested = Signal(int, str)
    delete_requested = Signal(int)
    export_requested = Signal(int, str)
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historySidebar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.search = QLineEdit(self)
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText(self.tr("Search conversations"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search conversations"))
        layout.addWidget(self.search)
        self.list = ConversationList(self)
        self.list.setObjectName("conversationList")
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setWordWrap(False)  # two lines an item, title and date; the view elides what does not fit
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.list.delete_pressed.connect(self._on_list_delete_pressed)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(self.tr("Your conversations will appear here."), self)
        self.empty.setObjectName("historyEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        self._search_timer = single_shot_timer(
            self, 150, lambda: self.search_changed.emit(self.search.text().strip())
        )
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self._filling = False
        self.current_id: int | None = None
        self.setMinimumWidth(160)

    # -- content ------------------------------------------------------------------------------------
    def _fill(self, rows: Sequence[tuple[int, str, str, str]]) -> None:
        self._filling = True
        self.list.clear()
        for cid, title, subtitle, tip in rows:
            item = QListWidgetItem(f"{title}\n{subtitle}")
            tip = f"{title}\n{tip}" if tip != title else tip
            item.setData(ID_ROLE, cid)
            item.setData(Qt.ItemDataRole.UserRole + 1, title)
            item.setToolTip(tip)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
            if cid == self.current_id:
                item.setSelected(True)
        self._filling = False
        self.empty.setVisible(not rows)

    def set_conversations(self, summaries: Sequence[Any]) -> None:
        if self.search.text().strip():
            return  # showing search results; the list comes back when the search is cleared
        self._fill(
            [
                (
                    s.id,
                    s.title or self.tr("Untitled"),
                    when(s.updated),
                    self.tr("{n} question(s)").format(n=s.turn_count),
                )
                for s in summaries
            ]
        )

    def set_search_results(self, query: str, hits: Sequence[Any]) -> None:
        if query != self.search.text().strip():
            return  # an older search
        rows = []
        for hit in hits:
            snippet = " ".join(hit.snippet.split())
            rows.append((hit.conversation_id, hit.title or self.tr("Untitled"), snippet[:80], snippet))
        self._fill(rows)
        if not hits:
            self.empty.setText(self.tr("Nothing found for “{query}”.").format(query=query))
            self.empty.show()

    def select(self, conversation_id: int | None) -> None:
        self.current_id = conversation_id
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setSelected(item.data(ID_ROLE) == conversation_id)

    def ids(self) -> list[int]:
        return [int(self.list.item(r).data(ID_ROLE)) for r in range(self.list.count())]

    # -- interaction ------------------------------------------------------------------------------------
    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        cid = int(item.data(ID_ROLE))
        if cid != self.current_id:
            self.current_id = cid
            self.conversation_selected.emit(cid)

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        title = item.text().split("\n", 1)[0].strip()
        if title and title != item.data(Qt.ItemDataRole.UserRole + 1):
            self.rename_requested.emit(int(item.data(ID_ROLE)), title)

    def _selected_id(self) -> int | None:
        items = self.list.selectedItems() or ([self.list.currentItem()] if self.list.currentItem() else [])
        return int(items[0].data(ID_ROLE)) if items else None

    def _on_list_delete_pressed(self) -> None:
        cid = self._selected_id()
        if cid is not None:
            self.delete_requested.emit(cid)

    def rename_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._filling = True
            item.setText(str(item.data(Qt.ItemDataRole.UserRole + 1)))
            self._filling = False
            self.list.editItem(item)

    def _on_list_context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        cid = int(item.data(ID_ROLE))
        menu = QMenu(self)
        rename = QAction(self.tr("Rename…"), menu)
        rename.triggered.connect(self.rename_current)
        menu.addAction(rename)
        export = menu.addMenu(self.tr("Export as"))
        for label, fmt in (
            (self.tr("Markdown…"), "md"),
            (self.tr("Web page (HTML)…"), "html"),
            ("JSON…", "json"),
        ):
            action = QAction(label, export)
            action.triggered.connect(lambda _=False, f=fmt: self.export_requested.emit(cid, f))
            export.addAction(action)
        menu.addSeparator()
        delete = QAction(self.tr("Delete"), menu)
        delete.triggered.connect(lambda: self.delete_requested.emit(cid))
        menu.addAction(delete)
        menu.popup(self.list.viewport().mapToGlobal(pos))
