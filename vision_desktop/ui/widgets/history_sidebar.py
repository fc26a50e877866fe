"""The list of conversations, newest first, in date groups, with a search box that finds words in questions and
answers.

The date groups (Today, Yesterday, Previous 7 days, Previous 30 days, then one per month) are headers drawn by
:class:`HistoryItemDelegate` above the first conversation of each group: they are not items, so they cannot be
selected, the arrow keys skip them, and ``list.count()`` is the number of conversations. Search results show
their snippet as plain text (:func:`plain_snippet` takes the Markdown syntax out) with the matched words drawn
bold on a highlight colour; the snippet is an answer's text, so it is never interpreted as markup: it is laid
out as plain text with character formats.

Signals: ``conversation_selected(int)``, ``rename_requested(int, str)``, ``delete_requested(int)``,
``export_requested(int, str)`` (the format: "md", "html" or "json"), ``search_changed(str)`` (debounced).
"""

from __future__ import annotations

import datetime as _dt
import re
import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.ui.theme import style_tokens
from vision_desktop.ui.timers import single_shot_timer

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
"""The date group's name on the first conversation of each group (drawn as a header above it), else None."""
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 3
HIGHLIGHTS_ROLE = Qt.ItemDataRole.UserRole + 4
"""(start, end) offsets of the matched words in the subtitle (a search result's snippet)."""
SNIPPET_CHARS = 90
"""The most characters of a search snippet kept (the match near its start)."""
PADDING = 6


def _tr(text: str) -> str:
    return QCoreApplication.translate("HistorySidebar", text)


def when(timestamp: float, now: float | None = None) -> str:
    """A short, local description of a time in the window's language and locale: "14:05" (today), "Yesterday",
    "Mon" (this week), "13 Nov 2026"; in Chinese "14:05", "昨天", "周一", "2026年11月13日"."""
    now = now if now is not None else time.time()
    t, n = time.localtime(timestamp), time.localtime(now)
    locale = QLocale()
    if t.tm_year == n.tm_year and t.tm_yday == n.tm_yday:
        return locale.toString(QTime(t.tm_hour, t.tm_min), "HH:mm")
    if now - timestamp < 2 * 86400 and (n.tm_yday - t.tm_yday) % 366 == 1:
        return _tr("Yesterday")
    if now - timestamp < 6 * 86400:
        return locale.dayName(t.tm_wday + 1, QLocale.FormatType.ShortFormat)  # Qt counts Monday as 1
    # the date's pattern is translated ("yyyy年M月d日"); QLocale fills in the month's name in that language
    return locale.toString(QDate(t.tm_year, t.tm_mon, t.tm_mday), _tr("d MMM yyyy"))


def date_group(timestamp: float, now: float | None = None) -> str:
    """The sidebar group of a conversation last updated at ``timestamp`` (local dates): "Today", "Yesterday",
    "Previous 7 days", "Previous 30 days", else its month ("November 2026")."""
    today = _dt.date.fromtimestamp(now if now is not None else time.time())
    day = _dt.date.fromtimestamp(timestamp)
    days = (today - day).days
    if days <= 0:
        return _tr("Today")
    if days == 1:
        return _tr("Yesterday")
    if days <= 7:
        return _tr("Previous 7 days")
    if days <= 30:
        return _tr("Previous 30 days")
    # a translated pattern, as in when(): "November 2026", "2026年11月"
    return QLocale().toString(QDate(day.year, day.month, 1), _tr("MMMM yyyy"))


# --------------------------------------------------------------------------------------------- snippets
_MARKDOWN = re.compile(
    r"!\[|\]\([^)\s]*\)?|\]\[[^\]\s]*\]"  # images' "![", links' "](url)" and "][ref]" (the text stays)
    r"|(?<![\w\\])\[(?=[^\]]*\]\()"  # a link's "[" when its "](" follows
    r"|`+|\*\*+|__+|~~+"  # code, bold, strike-through
    r"|(?:^|(?<=\s))#{1,6}(?=\s)"  # heading marks
    r"|(?:^|(?<=\s))>+(?=\s)"  # quote marks
    r"|(?:^|(?<=\s))[*+](?=\s)"  # list bullets
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # *emphasis*
    r"|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])"  # _emphasis_
    r"|\|(?:\s*:?-{3,}:?\s*\|)*|:?-{3,}:?"  # table pipes and rules
    r"|<(?:https?://|mailto:)[^>\s]*>?"  # <autolinks> keep nothing but the address below
)


def plain_snippet(
    text: str, highlights: Sequence[tuple[int, int]] = ()
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` without Markdown syntax (``**``, ``#``, backticks, ``[text](url)`` → text, ``![alt](url)`` →
    alt, table pipes), whitespace collapsed, and ``highlights`` moved to where their characters went; cut to
    about :data:`SNIPPET_CHARS` with the first match near the start."""
    keep = [True] * len(text)
    for match in _MARKDOWN.finditer(text):
        syntax = match.group()
        start = match.start()
        if syntax.startswith("<"):  # an autolink: keep the address, drop the brackets
            keep[start] = False
            if syntax.endswith(">"):
                keep[match.end() - 1] = False
            continue
        for i in range(start, match.end()):
            keep[i] = False
    out: list[str] = []
    where: list[int] = []  # where each kept character of text went (-1: dropped)
    for char, kept in zip(text, keep, strict=True):
        if kept and char.isspace():
            if not out or out[-1] == " ":
                where.append(-1)
                continue
            char = " "
        if kept:
            where.append(len(out))
            out.append(char)
        else:
            where.append(-1)
    plain = "".join(out)
    spans: list[tuple[int, int]] = []
    for start, end in highlights:
        kept_positions = [where[i] for i in range(max(start, 0), min(end, len(text))) if where[i] >= 0]
        if kept_positions:
            span = (kept_positions[0], kept_positions[-1] + 1)
            if spans and span[0] <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(span[1], spans[-1][1]))
            else:
                spans.append(span)
    # the first match near the start, the whole cut to SNIPPET_CHARS
    lead = plain.rstrip()
    cut = 0
    if spans and spans[0][0] > 30:
        cut = spans[0][0] - 24
        space = lead.find(" ", cut, spans[0][0])
        cut = space + 1 if space >= 0 else cut
    shown = lead[cut : cut + SNIPPET_CHARS].strip()
    offset = cut + (len(lead[cut : cut + SNIPPET_CHARS]) - len(lead[cut : cut + SNIPPET_CHARS].lstrip()))
    prefix = "…" if cut and not shown.startswith("…") else ""
    suffix = "…" if cut + SNIPPET_CHARS < len(lead) and not shown.endswith("…") else ""
    moved = tuple(
        (max(s - offset, 0) + len(prefix), min(e - offset, len(shown)) + len(prefix))
        for s, e in spans
        if e - offset > 0 and s - offset < len(shown)
    )
    return prefix + shown + suffix, moved


# --------------------------------------------------------------------------------------------- the list
class HistoryItemDelegate(QStyledItemDelegate):
    """Draws a conversation as its title and a second line (time, or a search snippet with the matches marked),
    and the date group's header above the first conversation of a group."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark = QColor(style_tokens(QApplication.palette())["mark"])
        """The background of matched words (the sidebar keeps it in step with its palette)."""

    @staticmethod
    def header_font(font: QFont) -> QFont:
        header = QFont(font)
        header.setBold(True)
        return header

    def header_height(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> int:
        if not index.data(GROUP_ROLE):
            return 0
        metrics = QFontMetrics(self.header_font(option.font))
        return metrics.height() + (2 * PADDING if index.row() else PADDING + 2)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        height = 2 * metrics.height() + 2 * PADDING + 2
        return QSize(option.rect.width() or 200, height + self.header_height(option, index))

    def item_rect(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QRect:
        """The conversation's part of its row (below the header, if any)."""
        return option.rect.adjusted(0, self.header_height(option, index), 0, 0)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # QStyle's eleven enum types are built on first use: not before the window shows
        from PySide6.QtWidgets import QStyle

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        palette = opt.palette
        painter.save()
        group = index.data(GROUP_ROLE)
        if group:
            header = QRect(option.rect)
            header.setHeight(self.header_height(option, index))
            painter.setFont(self.header_font(opt.font))
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                header.adjusted(PADDING, 0, -PADDING, -2),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                QFontMetrics(painter.font()).elidedText(
                    str(group), Qt.TextElideMode.ElideRight, header.width() - 2 * PADDING
                ),
            )
        rect = self.item_rect(option, index)
        opt.rect = rect
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        sub_color = text_color if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        metrics = QFontMetrics(opt.font)
        inner = rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        painter.setFont(opt.font)
        painter.setPen(text_color)
        title = metrics.elidedText(
            str(index.data(TITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, inner.width()
        )
        painter.drawText(inner.left(), inner.top() + metrics.ascent(), title)
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        highlights = index.data(HIGHLIGHTS_ROLE) or ()
        top = inner.top() + metrics.height() + 2
        painter.setPen(sub_color)
        if not highlights:
            line = metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(inner.left(), top + metrics.ascent(), line)
        else:
            self._draw_marked(painter, subtitle, highlights, opt.font, inner, top, selected, text_color)
        painter.restore()

    def _draw_marked(
        self,
        painter: QPainter,
        text: str,
        highlights: Sequence[tuple[int, int]],
        font: QFont,
        inner: QRect,
        top: int,
        selected: bool,
        text_color: QColor,
    ) -> None:
        """One line of plain text with the matched words bold (and on the mark colour unless selected)."""
        layout = QTextLayout(text, font)
        formats = []
        for start, end in highlights:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            if selected:
                fmt.setFontUnderline(True)
            else:
                fmt.setBackground(self.mark)
                fmt.setForeground(text_color)
            item = QTextLayout.FormatRange()
            item.start, item.length, item.format = start, end - start, fmt
            formats.append(item)
        layout.setFormats(formats)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(inner.width())
        line.setPosition(QPointF(0, 0))
        layout.endLayout()
        painter.save()
        painter.setClipRect(QRect(inner.left(), top, inner.width(), QFontMetrics(font).height() + 2))
        layout.draw(painter, QPointF(inner.left(), top))
        painter.restore()

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        rect = self.item_rect(option, index)
        editor.setGeometry(rect.adjusted(2, 2, -2, -(rect.height() // 2)))


class ConversationList(QListWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)

    def _on_header(self, pos: QPoint) -> bool:
        index = self.indexAt(pos)
        delegate = self.itemDelegate()
        if not index.isValid() or not isinstance(delegate, HistoryItemDelegate):
            return False
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        return pos.y() < delegate.item_rect(option, index).top()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._on_header(event.position().toPoint()):
            event.accept()  # a date group's header: nothing to select
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._on_header(event.position().toPoint()):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


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
        self.delegate = HistoryItemDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setWordWrap(
            False
        )  # two lines an item, title and date; the delegate elides what does not fit
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
        self._follow_palette(repaint=False)  # (nothing is painted yet)

    def _follow_palette(self, *, repaint: bool = True) -> None:
        """Matched words are marked in the theme's colour for this palette (light or dark)."""
        self.delegate.mark = QColor(style_tokens(self.palette())["mark"])
        if repaint:
            # viewport() is left alone before the first paint: PySide6 builds some forty enum types the
            # first time it wraps the returned widget
            self.list.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()

    # -- content ------------------------------------------------------------------------------------
    def _fill(
        self, rows: Sequence[tuple[int, str, str, str, str | None, tuple[tuple[int, int], ...]]]
    ) -> None:
        self._filling = True
        self.list.clear()
        for cid, title, subtitle, tip, group, highlights in rows:
            item = QListWidgetItem(f"{title}\n{subtitle}")
            tip = f"{title}\n{tip}" if tip != title else tip
            item.setData(ID_ROLE, cid)
            item.setData(TITLE_ROLE, title)
            item.setData(SUBTITLE_ROLE, subtitle)
            item.setData(GROUP_ROLE, group)
            item.setData(HIGHLIGHTS_ROLE, highlights)
            spoken = f"{title}, {subtitle}"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{group}: {spoken}" if group else spoken)
            item.setToolTip(tip)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
            if cid == self.current_id:
                item.setSelected(True)
        self._filling = False
        self.empty.setVisible(not rows)

    def set_conversations(self, summaries: Sequence[Any], now: float | None = None) -> None:
        """The conversations (newest first), under their date groups."""
        if self.search.text().strip():
            return  # showing search results; the list comes back when the search is cleared
        now = now if now is not None else time.time()
        rows = []
        previous: str | None = None
        for s in summaries:
            group = date_group(s.updated, now)
            rows.append(
                (
                    s.id,
                    s.title or self.tr("Untitled"),
                    when(s.updated, now),
                    self.tr("{n} question(s)").format(n=s.turn_count),
                    group if group != previous else None,
                    (),
                )
            )
            previous = group
        self._fill(rows)
        self.empty.setText(self.tr("Your conversations will appear here."))

    def set_search_results(self, query: str, hits: Sequence[Any]) -> None:
        """Search hits: the title and a plain-text snippet with the matched words marked."""
        if query != self.search.text().strip():
            return  # an older search
        rows = []
        for hit in hits:
            snippet, highlights = plain_snippet(hit.snippet, getattr(hit, "highlights", ()))
            title = hit.title or self.tr("Untitled")
            rows.append((hit.conversation_id, title, snippet, snippet, None, highlights))
        self._fill(rows)
        if not hits:
            self.empty.setText(self.tr("Nothing found for “{query}”.").format(query=query))
            self.empty.show()

    def groups(self) -> list[tuple[str, list[int]]]:
        """The date groups shown, in order, with their conversations' ids."""
        out: list[tuple[str, list[int]]] = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            group = item.data(GROUP_ROLE)
            if group or not out:
                out.append((str(group or ""), []))
            out[-1][1].append(int(item.data(ID_ROLE)))
        return out

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
        if title and title != item.data(TITLE_ROLE):
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
            item.setText(str(item.data(TITLE_ROLE)))
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
