"""The batch window's table: one row per image (or PDF page), filled in as answers arrive.

:class:`BatchTableModel` is a :class:`QAbstractTableModel` over plain rows (the engine's
:class:`~vision_desktop.batch.state.BatchRow`, or anything with the same attributes): a thumbnail, the source's
name, the status, the answer (or one column per field), tokens, cost and time. Updating a row repaints that row
only, so a batch of a thousand rows stays quick. A cell of the answer or of a field can be fixed by hand: the
model keeps the person's text (it wins over the model's answer in :meth:`BatchTableModel.rows_for_export`) and
reports it with ``cell_edited``.

Thumbnails are asked for lazily: the first time a row is painted, ``thumbnail_wanted(int, str)`` (the row's
index and source) is emitted; :class:`ThumbnailLoader` makes them on a low-priority worker thread, most recently
wanted first, and hands them back with :meth:`BatchTableModel.set_thumbnail`.

Signals of :class:`BatchTableModel`: ``thumbnail_wanted(int, str)``, ``cell_edited(int, str, str)`` (row index,
field name or ``"answer"``, the new text). Of :class:`ThumbnailLoader`: none (it calls the model back).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QFont, QImage

from vision_desktop.batch.fields import Value
from vision_desktop.chat.flight import format_cost
from vision_desktop.images.sources import display_name, parse_pdf_page_source
from vision_desktop.workers.tasks import TaskRunner

__all__ = ["ANSWER", "BatchTableModel", "ThumbnailLoader", "make_thumbnail", "typed_value", "value_text"]

ANSWER = "answer"
"""The name of the answer's column when a batch has no fields (and of its hand-fixed cells)."""
THUMBNAIL_EDGE = 64
"""Thumbnails are made this large (the view shows them smaller; sharp at 150 % scale)."""
_TOOLTIP_CHARS = 1500

_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("BatchTableModel", text)


def value_text(value: object) -> str:
    """A field's value as a cell shows it (and an export writes it): yes/no for booleans, numbers without a
    trailing ``.0``, nothing for a missing value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _tr("yes") if value else _tr("no")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def typed_value(text: str, kind: str) -> Value:
    """A cell's text fixed by hand as the field's type keeps it (``"1,234.50"`` → 1234.5 for a number, ``"yes"`` →
    True); the text itself when it does not read as that type (the person's words win)."""
    from vision_desktop.batch.fields import normalise

    try:
        return normalise(text, kind)
    except ValueError:
        return text


def _one_line(text: str) -> str:
    return " ".join(text.split())


class BatchTableModel(QAbstractTableModel):
    """Rows of a batch for a :class:`QTableView` (see the module docstring)."""

    thumbnail_wanted = Signal(int, str)
    cell_edited = Signal(int, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._position: dict[int, int] = {}
        """A row's index (the engine's) → its position in the table."""
        self._fields: tuple[str, ...] = ()
        self._kinds: dict[str, str] = {}
        self._edits: dict[tuple[int, str], str] = {}
        self._thumbnails: dict[int, QImage] = {}
        self._asked: set[int] = set()
        self.currency = "USD"

    # -- contents -------------------------------------------------------------------------------------------
    def set_rows(
        self, rows: Sequence[Any], fields: Sequence[str] = (), kinds: dict[str, str] | None = None
    ) -> None:
        """Show ``rows`` (a new batch, or a batch reopened) with a column per name in ``fields`` (none: one
        answer column; ``kinds``: each field's type, for the cells fixed by hand). Thumbnails already made for
        the same sources are kept."""
        self.beginResetModel()
        self._kinds = dict(kinds or {})
        old_sources = {row.index: row.source for row in self._rows}
        self._rows = list(rows)
        self._position = {row.index: i for i, row in enumerate(self._rows)}
        self._fields = tuple(fields)
        self._edits = {}
        self._thumbnails = {
            i: image
            for i, image in self._thumbnails.items()
            if i in self._position and old_sources.get(i) == self._rows[self._position[i]].source
        }
        self._asked = set(self._thumbnails)
        self.endResetModel()

    def update_row(self, row: Any) -> None:
        """``row`` changed (an answer arrived, it failed, it is waiting again): repaint that row only."""
        position = self._position.get(row.index)
        if position is None:
            position = len(self._rows)
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.append(row)
            self._position[row.index] = position
            self.endInsertRows()
            return
        self._rows[position] = row
        if getattr(row, "status", "") != "done":
            for key in [k for k in self._edits if k[0] == row.index]:
                del self._edits[key]
        self._row_changed(position)

    def set_thumbnail(self, index: int, image: QImage) -> None:
        position = self._position.get(index)
        if position is None:
            return
        self._thumbnails[index] = image
        cell = self.index(position, 0)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DecorationRole])

    def _row_changed(self, position: int) -> None:
        self.dataChanged.emit(self.index(position, 0), self.index(position, self.columnCount() - 1))

    @property
    def fields(self) -> tuple[str, ...]:
        return self._fields

    def row_at(self, position: int) -> Any:
        return self._rows[position]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def position_of(self, index: int) -> int | None:
        return self._position.get(index)

    def thumbnail(self, index: int) -> QImage | None:
        return self._thumbnails.get(index)

    def edited(self, index: int, name: str) -> str | None:
        """The text the person typed into a cell, if any."""
        return self._edits.get((index, name))

    def count(self, status: str) -> int:
        return sum(1 for row in self._rows if row.status == status)

    def rows_for_export(self) -> list[Any]:
        """The rows with the person's fixes in place of the model's values (as the engine's row type)."""
        if not self._edits:
            return list(self._rows)
        out = []
        for row in self._rows:
            fixes = {name: text for (index, name), text in self._edits.items() if index == row.index}
            if fixes:
                values = dict(getattr(row, "values", None) or {})
                answer = fixes.pop(ANSWER, None)
                values.update({k: typed_value(v, self._kinds.get(k, "text")) for k, v in fixes.items()})
                changes: dict[str, Any] = {"values": values, "edited": True}
                if answer is not None:
                    changes["answer"] = answer
                row = dataclasses.replace(row, **changes)
            out.append(row)
        return out

    # -- columns --------------------------------------------------------------------------------------------
    def column_keys(self) -> list[str]:
        middle = list(self._fields) if self._fields else [ANSWER]
        return ["thumbnail", "source", "status", *(f"field:{m}" for m in middle), "tokens", "cost", "time"]

    def column_of(self, key: str) -> int:
        return self.column_keys().index(key)

    def _value_name(self, column: int) -> str | None:
        key = self.column_keys()[column]
        return key.removeprefix("field:") if key.startswith("field:") else None

    # -- Qt overrides ---------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6 + max(1, len(self._fields))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        key = self.column_keys()[section]
        titles = {
            "thumbnail": "" if role == Qt.ItemDataRole.DisplayRole else _tr("Picture"),
            "source": _tr("File"),
            "status": _tr("Status"),
            "field:" + ANSWER: _tr("Answer"),
            "tokens": _tr("Tokens"),
            "cost": _tr("Cost"),
            "time": _tr("Time"),
        }
        if key in titles and not (key == "field:" + ANSWER and self._fields):
            return titles[key]
        return key.removeprefix("field:")

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (
            index.isValid()
            and self._value_name(index.column()) is not None
            and self._rows[index.row()].status == "done"
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = self.column_keys()[index.column()]
        if key == "thumbnail":
            if role == Qt.ItemDataRole.DecorationRole:
                image = self._thumbnails.get(row.index)
                if image is None and row.index not in self._asked:
                    self._asked.add(row.index)
                    self.thumbnail_wanted.emit(row.index, row.source)
                return image
            if role == Qt.ItemDataRole.ToolTipRole:
                return display_name(row.source)
            return None
        if key.startswith("field:"):
            return self._value_data(row, key.removeprefix("field:"), role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if key == "source":
                return display_name(row.source) if role == Qt.ItemDataRole.DisplayRole else row.source
            if key == "status":
                return self._status_text(row) if role == Qt.ItemDataRole.DisplayRole else (row.error or None)
            if role == Qt.ItemDataRole.ToolTipRole:
                return None
            if key == "tokens":
                if not row.prompt_tokens and not row.completion_tokens:
                    return ""
                return f"{(row.prompt_tokens or 0) + (row.completion_tokens or 0):,}"
            if key == "cost":
                return "" if row.cost is None else format_cost(row.cost, self.currency)
            if key == "time":
                return "" if not row.seconds else _tr("{seconds} s").format(seconds=f"{row.seconds:.1f}")
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("tokens", "cost", "time"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and key == "status":
            return self._status_text(row)
        return None

    def _status_text(self, row: Any) -> str:
        names = {"pending": _tr("Waiting"), "done": _tr("Done"), "failed": _tr("Failed")}
        return names.get(row.status, str(row.status))

    def _value_data(self, row: Any, name: str, role: int) -> Any:
        fixed = self._edits.get((row.index, name))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            if fixed is not None:
                text = fixed
            elif name == ANSWER and not self._fields:
                text = row.answer or ""
            else:
                text = value_text((row.values or {}).get(name))
            if role == Qt.ItemDataRole.DisplayRole:
                return _one_line(text)
            if role == Qt.ItemDataRole.ToolTipRole:
                if fixed is not None:
                    return _tr("Fixed by hand: {text}").format(text=text[:_TOOLTIP_CHARS])
                if not text and row.status == "failed":
                    return row.error or None
                return text[:_TOOLTIP_CHARS] or None
            return text
        if role == Qt.ItemDataRole.FontRole and fixed is not None:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        name = self._value_name(index.column())
        if name is None:
            return False
        row = self._rows[index.row()]
        text = str(value)
        if self._value_data(row, name, Qt.ItemDataRole.EditRole) == text:
            return False
        self._edits[(row.index, name)] = text
        self.dataChanged.emit(index, index)
        self.cell_edited.emit(row.index, name, text)
        return True


# ---------------------------------------------------------------------------------------------- thumbnails
def make_thumbnail(source: str, edge: int = THUMBNAIL_EDGE) -> QImage:
    """A small picture of ``source`` (an image file, or a PDF page ``<path>#page=N``). Blocking: call it off
    the GUI thread. Raises what reading the file raises."""
    from vision_desktop.images.thumbnails import thumbnail

    page = parse_pdf_page_source(source)
    if page is not None:
        from vision_desktop.images.pdf import render_pdf_page

        picture, _count = render_pdf_page(page[0], page[1], edge * 2, edge * edge * 4)
        picture.thumbnail((edge, edge))
        rgba = picture.convert("RGBA")
    else:
        with open(os.fspath(source), "rb") as file:
            rgba = thumbnail(file.read(), (edge, edge))
    data = rgba.tobytes()
    image = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels: ``data`` goes away


class ThumbnailLoader(QObject):
    """Makes the thumbnails a :class:`BatchTableModel` asks for, a few at a time on a low-priority thread, the
    most recently asked first (the rows on screen), and gives them back to the model."""

    IN_FLIGHT = 2

    def __init__(self, model: BatchTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._runner = TaskRunner(
            self, max_threads=self.IN_FLIGHT, name="batchThumbnails", priority=QThread.Priority.LowPriority
        )
        self._wanted: dict[int, str] = {}
        self._in_flight = 0
        model.thumbnail_wanted.connect(self._on_model_thumbnail_wanted)
        model.modelReset.connect(self._wanted.clear)

    def _on_model_thumbnail_wanted(self, index: int, source: str) -> None:
        self._wanted.pop(index, None)
        self._wanted[index] = source  # the newest last: taken first
        self._next()

    def _next(self) -> None:
        while self._wanted and self._in_flight < self.IN_FLIGHT:
            index, source = self._wanted.popitem()
            self._in_flight += 1

            def done(image: QImage, index: int = index) -> None:
                self._in_flight -= 1
                self._model.set_thumbnail(index, image)
                self._next()

            def failed(_exc: BaseException) -> None:
                self._in_flight -= 1  # no thumbnail: the row shows its name and status all the same
                self._next()

            def work(source: str = source) -> QImage:
                return make_thumbnail(source)

            self._runner.run(work, done, failed)

    @property
    def busy(self) -> bool:
        return self._in_flight > 0 or bool(self._wanted)

    def shutdown(self, msecs: int = 3000) -> None:
        self._wanted.clear()
        self._runner.wait(msecs)
