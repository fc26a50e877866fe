"""The batch window: one question over a folder of images (or PDF pages), the answers filling a table.

The person picks or drops a folder or files, types one question, optionally lists fields to extract (a line
``vendor:text, total:number`` or the small editor below it: name, type, description), picks the model,
temperature, maximum answer length and how many requests go out at once, reads the flight check (estimated
tokens and cost of the whole batch, with the monthly budget warning) and presses Start. The table
(:class:`~vision_desktop.ui.dialogs.batch_table.BatchTableModel`) fills in as answers arrive; the progress bar
says the count, the time spent and left, and the cost so far. Pause/Resume, Stop and "Run again for failed
rows" go to the :class:`~vision_desktop.workers.batch_controller.BatchController`. A double-click opens the
picture large beside the full answer; a done row's answer or field cells can be fixed by hand (kept in the
batch's saved state and in the export). Export writes CSV, XLSX or JSON Lines on a disk thread.

Non-modal and top-level: the main window stays usable. Nothing blocks the GUI thread: reading the folder and the
pictures' sizes, the thumbnails, the run, the state file and the export all happen on worker threads. Each
batch's state is kept in ``batches_dir`` (an SQLite file per batch) as it goes.

Signals: ``batch_finished(object)`` (the run's ``BatchSummary``), ``exported(str)`` (the file written),
``export_failed(str)`` (the plain sentence shown).
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QModelIndex, QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.batch.spec import DEFAULT_CONCURRENCY, MAX_CONCURRENCY, BatchSpec, Field, parse_fields
from vision_desktop.batch.state import BatchRow
from vision_desktop.chat.flight import (
    MESSAGE_OVERHEAD,
    REQUEST_OVERHEAD,
    budget_problem,
    display_tokens,
    estimate_text_tokens,
    format_cost,
)
from vision_desktop.core.errors import ConfigError
from vision_desktop.core.models import ChatOptions
from vision_desktop.images.sources import display_name, parse_pdf_page_source
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.batch_table import (
    ANSWER,
    BatchTableModel,
    ThumbnailLoader,
    make_thumbnail,
    typed_value,
    value_text,
)
from vision_desktop.ui.dialogs.fitting import ScrollingBody, available_area, frame_extra, set_tone
from vision_desktop.ui.dialogs.ranges import configure_max_tokens, configure_temperature
from vision_desktop.ui.messages import error_text
from vision_desktop.workers.batch_controller import BatchController, BatchJob
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:
    from vision_desktop.batch.spec import FieldType
    from vision_desktop.chat.connection import Connection
    from vision_desktop.core.profiles import ModelProfile
    from vision_desktop.workers.history_controller import HistoryController

__all__ = ["BatchWindow", "FieldsEditor", "fields_line"]

log = logging.getLogger(__name__)

PDF_PAGE_SIZE = (1240, 1754)
"""The size assumed for a PDF page in the flight check (A4 at 150 dpi): pages are not rendered to estimate."""
FIELD_TYPE_NAMES = (("text", "Text"), ("number", "Number"), ("date", "Date"), ("yesno", "Yes/no"))
PREFERRED_SIZE = QSize(1000, 720)


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("BatchWindow", text)


def fields_line(fields: Sequence[Field]) -> str:
    """Fields as the one-line form the window and the CLI read (``vendor:text, total:number:the sum``)."""
    parts = []
    for f in fields:
        part = f"{f.name}:{f.type}"
        if f.description:
            part += f":{f.description}"
        parts.append(part)
    return ", ".join(parts)


def _pictures(count: int) -> str:
    return _tr("1 picture") if count == 1 else _tr("{count} pictures").format(count=f"{count:,}")


def _pages(count: int) -> str:
    return _tr("1 PDF page") if count == 1 else _tr("{count} PDF pages").format(count=f"{count:,}")


def _duration(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "–"
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class _Sources:
    """What reading the chosen paths found (off the GUI thread): one source per picture or page, and sizes."""

    sources: tuple[str, ...]
    sizes: tuple[tuple[int, int] | None, ...]


def _read_sources(paths: Sequence[str], pdf_pages: int) -> _Sources:
    """Blocking: expand folders and PDFs, and read each picture's size from its header."""
    from vision_desktop.batch.spec import expand_sources

    sources = expand_sources(paths, pdf_pages=pdf_pages)
    return _Sources(tuple(sources), _sizes(sources))


def _sizes(sources: Sequence[str]) -> tuple[tuple[int, int] | None, ...]:
    """Blocking: each picture's size from its header (a PDF page's assumed, see :data:`PDF_PAGE_SIZE`)."""
    from PIL import Image

    sizes: list[tuple[int, int] | None] = []
    for source in sources:
        if parse_pdf_page_source(source) is not None:
            sizes.append(PDF_PAGE_SIZE)
            continue
        try:
            with Image.open(source) as im:
                sizes.append(im.size)
        except Exception:  # not a picture Pillow reads (the batch row will say so)
            sizes.append(None)
    return tuple(sizes)


# ------------------------------------------------------------------------------------------ fields editor
class FieldsEditor(QWidget):
    """A small table of fields to extract: name, type (text, number, date, yes/no) and a description.

    Signals: ``fields_changed()``."""

    fields_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchFieldsEditor")
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("batchFieldsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Type"), self.tr("Description")])
        self.table.setAccessibleName(self.tr("Fields to extract"))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(self.fontMetrics().height() * 8)
        self.table.itemChanged.connect(self._on_table_item_changed)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add field"), self)
        self.add_button.setObjectName("batchAddField")
        self.remove_button = QPushButton(self.tr("Remove field"), self)
        self.remove_button.setObjectName("batchRemoveField")
        self.add_button.clicked.connect(lambda: self.add_field())
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def add_field(self, name: str = "", kind: str = "text", description: str = "") -> None:
        """A new row (an empty one gets the cursor, to type its name)."""
        row = self._insert_row(name, kind, description)
        if name:
            self.fields_changed.emit()
            return
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def _insert_row(self, name: str, kind: str, description: str) -> int:
        was_filling, self._filling = self._filling, True
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(name))
            combo = QComboBox(self.table)
            for key, label in FIELD_TYPE_NAMES:
                combo.addItem(self.tr(label), key)
            combo.setCurrentIndex(max(0, combo.findData(kind)))
            combo.currentIndexChanged.connect(self.fields_changed)
            self.table.setCellWidget(row, 1, combo)
            self.table.setItem(row, 2, QTableWidgetItem(description))
        finally:
            self._filling = was_filling
        return row

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.fields_changed.emit()

    def set_fields(self, fields: Sequence[Field]) -> None:
        """Show ``fields`` (without ``fields_changed``: the caller knows)."""
        self._filling = True
        try:
            self.table.setRowCount(0)
            for f in fields:
                self._insert_row(f.name, f.type, f.description)
        finally:
            self._filling = False

    def fields(self) -> tuple[Field, ...]:
        """The fields listed (rows without a name are left out). Raises ``ConfigError`` for a repeated name."""
        out: list[Field] = []
        seen: set[str] = set()
        for row in range(self.table.rowCount()):
            name_item, about_item = self.table.item(row, 0), self.table.item(row, 2)
            name = name_item.text().strip() if name_item is not None else ""
            if not name:
                continue
            if name.lower() in seen:
                raise ConfigError(f'The field "{name}" is listed twice.')
            seen.add(name.lower())
            combo = self.table.cellWidget(row, 1)
            kind = str(combo.currentData()) if isinstance(combo, QComboBox) else "text"
            about = about_item.text().strip() if about_item is not None else ""
            out.append(Field(name, cast("FieldType", kind), about))
        return tuple(out)

    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self.fields_changed.emit()


# ------------------------------------------------------------------------------------------ row viewer
class BatchRowWindow(QWidget):
    """One row large: the picture (fitted to its pane, drawn from the file on a worker thread) beside the full
    answer, its fields and any error."""

    LARGE_EDGE = 2048
    """The picture is drawn at most this large (a PDF page is rendered at this size)."""

    def __init__(
        self,
        title: str,
        source: str,
        text: str,
        thumbnail: QImage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("batchRowWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.image: QImage | None = thumbnail
        self.picture_loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.picture = QLabel(splitter)
        self.picture.setObjectName("batchRowPicture")
        self.picture.setAccessibleName(title)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(200, 200)
        splitter.addWidget(self.picture)
        self.answer = QPlainTextEdit(splitter)
        self.answer.setObjectName("batchRowAnswer")
        self.answer.setReadOnly(True)
        self.answer.setAccessibleName(self.tr("Answer"))
        self.answer.setPlainText(text)
        splitter.addWidget(self.answer)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter)
        area = available_area(self)
        extra = frame_extra(self)
        self.resize(min(1100, area.width() - extra.width()), min(760, area.height() - extra.height()))
        self._runner = TaskRunner(self, max_threads=1, name="batchRowPicture")
        self._show_image()
        edge = self.LARGE_EDGE
        self._runner.run(lambda: make_thumbnail(source, edge), self._on_loaded, self._on_load_failed)

    def _on_loaded(self, image: QImage) -> None:
        self.image = image
        self.picture_loaded = True
        self._show_image()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.picture_loaded = True
        if self.image is None:
            self.picture.setText(error_text(exc)[0])
            self.picture.setWordWrap(True)

    def _show_image(self) -> None:
        if self.image is None or self.image.isNull():
            return
        size = self.picture.size()
        pixmap = QPixmap.fromImage(self.image)
        if pixmap.width() > size.width() or pixmap.height() > size.height():
            pixmap = pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self.picture.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_image()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._runner.wait()
        super().closeEvent(event)


# ------------------------------------------------------------------------------------------ the window
class BatchWindow(QWidget):
    """The batch window (see the module docstring).

    ``connect`` resolves the connection (it reads the keyring, so it is called on the batch thread), as the main
    window's questions do: ``lambda: resolve_connection(settings, store, env=env)``. ``batches_dir`` is where each
    batch's state is kept (``AppPaths.data_dir / "batches"``). ``history`` (optional) gives this month's spending
    for the budget warning of the flight check.
    """

    batch_finished = Signal(object)
    exported = Signal(str)
    export_failed = Signal(str)

    def __init__(
        self,
        settings: Settings,
        *,
        connect: Callable[[], Connection],
        batches_dir: Path,
        history: HistoryController | None = None,
        controller: BatchController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("batchWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWindowTitle(self.tr("New batch — Vision Desktop"))
        self.setAcceptDrops(True)
        self.settings = settings
        self._connect = connect
        self._batches_dir = Path(batches_dir)
        self._history = history
        self._paths: list[str] = []
        self._sources = _Sources((), ())
        self._reading = 0
        """The id of the read of the chosen paths in progress (0: none); a newer read wins."""
        self._read_ids = 0
        self._spent: float | None = None
        self._fields: tuple[Field, ...] = ()
        self._fields_error = ""
        self._state_path: Path | None = None
        self._resume_path: Path | None = None
        """A stopped or reopened batch that Start continues (rows already answered are not sent again)."""
        self._loading = False
        self._image_tokens: tuple[object, int] = (None, 0)
        self._started_at: float | None = None
        self._progress: Any = None
        self._closing = False
        self._windows: list[QWidget] = []
        self._file_dialog: QFileDialog | None = None

        self.controller = controller if controller is not None else BatchController(self)
        if controller is not None:
            controller.setParent(self)
        self.tasks = TaskRunner(self, max_threads=1, name="batchWindow")
        self.model = BatchTableModel(self)
        self.model.currency = settings.currency
        self.thumbnails = ThumbnailLoader(self.model, self)

        layout = QVBoxLayout(self)
        # the setup scrolls on a small screen (200 % on a 768-pixel laptop) rather than push the table away
        self.setup_body = ScrollingBody(self._build_setup(), self)
        self.setup_body.setObjectName("batchSetupBody")
        layout.addWidget(self.setup_body, 0)
        layout.addLayout(self._build_start_row())
        layout.addWidget(self._build_table(), 1)
        layout.addLayout(self._build_progress())

        c = self.controller
        c.rows_loaded.connect(self._on_controller_rows_loaded)
        c.row_changed.connect(self._on_controller_row_changed)
        c.progress_changed.connect(self._on_controller_progress_changed)
        c.status_changed.connect(self._on_controller_status_changed)
        c.running_changed.connect(self._on_controller_running_changed)
        c.finished.connect(self._on_controller_finished)
        c.failed.connect(self._on_controller_failed)
        self.model.cell_edited.connect(self._on_model_cell_edited)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._show_progress)
        self._update_buttons()
        self._update_flight()
        self._read_spending()

    # -- building -------------------------------------------------------------------------------------------
    def _build_setup(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("batchSetup")
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        pictures = QHBoxLayout()
        pictures.addStretch(1)
        self.sources_label = QLabel(
            self.tr("No pictures yet: add a folder or files, or drop them here."), box
        )
        self.sources_label.setObjectName("batchSourcesLabel")
        self.sources_label.setWordWrap(True)
        self.add_folder_button = QPushButton(self.tr("Add folder…"), box)
        self.add_folder_button.setObjectName("batchAddFolder")
        self.add_files_button = QPushButton(self.tr("Add files…"), box)
        self.add_files_button.setObjectName("batchAddFiles")
        self.clear_button = QPushButton(self.tr("Clear"), box)
        self.clear_button.setObjectName("batchClearSources")
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.add_files_button.clicked.connect(self.choose_files)
        self.clear_button.clicked.connect(self.clear_sources)
        pictures.addWidget(self.add_folder_button)
        pictures.addWidget(self.add_files_button)
        pictures.addWidget(self.clear_button)
        form.addRow(self.tr("Pictures:"), self.sources_label)
        form.addRow(pictures)

        self.question = QPlainTextEdit(box)
        self.question.setObjectName("batchQuestion")
        self.question.setAccessibleName(self.tr("Question"))
        self.question.setPlaceholderText(
            self.tr("The question asked about every picture, e.g. What is the total?")
        )
        self.question.setTabChangesFocus(True)
        spacing = self.fontMetrics().lineSpacing()
        self.question.setMinimumHeight(spacing * 2 + 12)
        self.question.setMaximumHeight(spacing * 3 + 12)
        self.question.textChanged.connect(self._update_flight)
        self.question.textChanged.connect(self._setup_changed)
        form.addRow(self.tr("Question:"), self.question)

        fields_box = QVBoxLayout()
        self.fields_edit = QLineEdit(box)
        self.fields_edit.setObjectName("batchFieldsLine")
        self.fields_edit.setAccessibleName(self.tr("Fields to extract"))
        self.fields_edit.setPlaceholderText(
            self.tr("Optional: one column per field, e.g. vendor:text, total:number")
        )
        self.fields_edit.textEdited.connect(self._on_fields_line_edited)
        self.fields_editor_button = QPushButton(self.tr("Edit fields…"), box)
        self.fields_editor_button.setObjectName("batchEditFields")
        self.fields_editor_button.setCheckable(True)
        line = QHBoxLayout()
        line.addWidget(self.fields_edit, 1)
        line.addWidget(self.fields_editor_button)
        fields_box.addLayout(line)
        self.fields_editor = FieldsEditor(box)
        self.fields_editor.setVisible(False)
        self.fields_editor.fields_changed.connect(self._on_fields_editor_changed)
        self.fields_editor_button.toggled.connect(self.fields_editor.setVisible)
        fields_box.addWidget(self.fields_editor)
        form.addRow(self.tr("Fields:"), fields_box)

        params = QHBoxLayout()
        self.model_box = QComboBox(box)
        self.model_box.setObjectName("batchModel")
        self.model_box.setEditable(True)
        self.model_box.setAccessibleName(self.tr("Model"))
        self.model_box.setMinimumContentsLength(12)
        self.model_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        models = [self.settings.model, *(m for m in self.settings.recent_models if m != self.settings.model)]
        self.model_box.addItems([m for m in models if m])
        self.model_box.setCurrentText(self.settings.model)
        self.model_box.currentTextChanged.connect(self._update_flight)
        self.temperature = QDoubleSpinBox(box)
        self.temperature.setObjectName("batchTemperature")
        configure_temperature(self.temperature)
        self.temperature.setValue(self.settings.temperature)
        self.temperature.setAccessibleName(self.tr("Temperature"))
        self.max_tokens = QSpinBox(box)
        self.max_tokens.setObjectName("batchMaxTokens")
        configure_max_tokens(self.max_tokens)
        self.max_tokens.setValue(self.settings.max_tokens)
        self.max_tokens.setAccessibleName(self.tr("Maximum answer length in tokens"))
        self.concurrency = QSpinBox(box)
        self.concurrency.setObjectName("batchConcurrency")
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.setValue(DEFAULT_CONCURRENCY)
        self.concurrency.setAccessibleName(self.tr("Requests at once"))
        self.concurrency.setToolTip(self.tr("How many pictures are asked about at the same time."))
        for text, widget in (
            (self.tr("Model:"), self.model_box),
            (self.tr("Temperature:"), self.temperature),
            (self.tr("Max tokens:"), self.max_tokens),
            (self.tr("At once:"), self.concurrency),
        ):
            label = QLabel(text, box)
            label.setBuddy(widget)
            params.addWidget(label)
            params.addWidget(widget, 1 if widget is self.model_box else 0)
        form.addRow(params)

        self.setup_box = box
        return box

    def _build_start_row(self) -> QHBoxLayout:
        """The flight check and Start: outside the scrolling setup, so Start is always in sight."""
        box = self
        start_row = QHBoxLayout()
        self.flight_label = QLabel(box)
        self.flight_label.setObjectName("batchFlightLine")
        self.flight_label.setWordWrap(True)
        self.flight_label.setTextFormat(Qt.TextFormat.PlainText)
        self.start_button = QPushButton(self.tr("Start"), box)
        self.start_button.setObjectName("batchStart")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        start_row.addWidget(self.flight_label, 1)
        start_row.addWidget(self.start_button)
        return start_row

    def _build_table(self) -> QWidget:
        self.table = QTableView(self)
        self.table.setObjectName("batchTable")
        self.table.setAccessibleName(self.tr("Answers"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        line = self.fontMetrics().height()
        edge = max(32, line * 2)
        self.table.setIconSize(QSize(edge, edge))
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(edge + 6)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.model.modelReset.connect(self._size_columns)
        self._size_columns()
        return self.table

    def _build_progress(self) -> QVBoxLayout:
        column = QVBoxLayout()
        bar_row = QHBoxLayout()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("batchProgress")
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("%v / %m")
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("batchProgressLabel")
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        bar_row.addWidget(self.progress_bar, 1)
        bar_row.addWidget(self.progress_label, 2)
        column.addLayout(bar_row)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("batchStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.setObjectName("batchPause")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("batchStop")
        self.stop_button.clicked.connect(self.stop)
        self.rerun_button = QPushButton(self.tr("Run again for failed rows"), self)
        self.rerun_button.setObjectName("batchRerunFailed")
        self.rerun_button.clicked.connect(self.rerun_failed)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("batchExport")
        self.export_button.setToolTip(self.tr("Save the table as CSV, Excel (XLSX) or JSON Lines."))
        self.export_button.clicked.connect(self.choose_export)
        for button in (self.pause_button, self.stop_button, self.rerun_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        column.addLayout(buttons)
        return column

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        keys = self.model.column_keys()
        chars = self.fontMetrics().averageCharWidth()
        for column, key in enumerate(keys):
            if key == "thumbnail":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, self.table.iconSize().width() + 12)
            elif key == "source":
                header.resizeSection(column, chars * 24)
            elif key == "status":
                header.resizeSection(column, chars * 12)
            elif key.startswith("field:"):
                if self.model.fields:
                    header.resizeSection(column, chars * 16)
                else:
                    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.resizeSection(column, chars * 10)

    # -- sources --------------------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a folder of pictures"))
        dialog.setObjectName("batchFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.add_paths([path]))
        self._open_dialog(dialog)

    def choose_files(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose pictures or PDFs"))
        dialog.setObjectName("batchFilesDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        from vision_desktop.images.sources import IMAGE_SUFFIXES, PDF_SUFFIXES

        patterns = " ".join(f"*{s}" for s in (*IMAGE_SUFFIXES, *PDF_SUFFIXES))
        dialog.setNameFilters([self.tr("Pictures and PDFs ({patterns})").format(patterns=patterns)])
        dialog.filesSelected.connect(self.add_paths)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QFileDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._file_dialog = dialog
        dialog.open()

    def add_paths(self, paths: Sequence[str | os.PathLike[str]]) -> None:
        """Add folders and files (images, PDFs) to the batch; they are read on a worker thread."""
        if self.controller.running:
            self._say(self.tr("Wait for the batch to finish, or stop it, before adding pictures."), "error")
            return
        added = [os.fspath(p) for p in paths if os.fspath(p) not in self._paths]
        if not added:
            return
        previous = list(self._paths)
        self._paths.extend(added)
        self._resume_path = None
        self._read_paths(previous)

    def clear_sources(self) -> None:
        if self.controller.running:
            return
        self._paths = []
        self._sources = _Sources((), ())
        self._read_ids += 1
        self._reading = 0
        self._state_path = self._resume_path = None
        self.model.set_rows([], self._column_fields(), self._kinds())
        self._show_sources()
        self._update_flight()
        self._update_buttons()

    def _read_paths(self, previous: list[str]) -> None:
        """Read the chosen paths on the worker thread; if that fails, the pictures stay as they were
        (``previous``) and the reason is said."""
        self._read_ids += 1
        read_id = self._reading = self._read_ids
        paths, pages = list(self._paths), self.settings.pdf_pages
        self.sources_label.setText(self.tr("Reading the pictures…"))
        self._update_buttons()

        def done(found: _Sources) -> None:
            if read_id != self._reading or self._closing:
                return
            self._reading = 0
            self._sources = found
            self._state_path = None
            self._show_pending(found.sources)
            self._show_sources()
            self._update_flight()
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            if read_id != self._reading or self._closing:
                return
            self._reading = 0
            self._paths = previous
            self._show_sources()
            self._say(error_text(exc)[0], "error")
            self._update_buttons()

        self.tasks.run(lambda: _read_sources(paths, pages), done, failed)

    def _show_pending(self, sources: Sequence[str]) -> None:
        """The table before the batch starts: one waiting row per picture or page."""
        self.model.set_rows(
            [BatchRow(i, s) for i, s in enumerate(sources)], self._column_fields(), self._kinds()
        )

    def _show_sources(self) -> None:
        sources = self._sources.sources
        if not sources:
            self.sources_label.setText(self.tr("No pictures yet: add a folder or files, or drop them here."))
            return
        pages = sum(1 for s in sources if parse_pdf_page_source(s) is not None)
        images = len(sources) - pages
        if pages and images:
            text = self.tr("{pictures} and {pages}").format(pictures=_pictures(images), pages=_pages(pages))
        elif pages:
            text = _pages(pages)
        else:
            text = _pictures(images)
        names = ", ".join(display_name(p) for p in self._paths[:3]) + (", …" if len(self._paths) > 3 else "")
        self.sources_label.setText(self.tr("{count} from {names}").format(count=text, names=names))

    @property
    def sources(self) -> tuple[str, ...]:
        """The pictures and PDF pages of the batch, in the order they are sent."""
        return self._sources.sources

    @property
    def reading(self) -> bool:
        """Whether the chosen folders and files are still being read."""
        return self._reading != 0

    # -- fields ---------------------------------------------------------------------------------------------
    def _on_fields_line_edited(self, text: str) -> None:
        try:
            self._fields = parse_fields(text)
            self._fields_error = ""
            self.fields_editor.set_fields(self._fields)
        except ConfigError as exc:
            self._fields_error = exc.message
        self._fields_changed()

    def _on_fields_editor_changed(self) -> None:
        try:
            self._fields = self.fields_editor.fields()
            self._fields_error = ""
        except ConfigError as exc:
            self._fields_error = exc.message
        else:
            self.fields_edit.setText(fields_line(self._fields))
        self._fields_changed()

    def set_fields(self, fields: Sequence[Field] | str) -> None:
        """Fields to extract (a list, or the one-line form ``vendor:text, total:number``)."""
        if isinstance(fields, str):
            self.fields_edit.setText(fields)
            self._on_fields_line_edited(fields)
        else:
            self._fields, self._fields_error = tuple(fields), ""
            self.fields_edit.setText(fields_line(self._fields))
            self.fields_editor.set_fields(self._fields)
            self._fields_changed()

    @property
    def fields(self) -> tuple[Field, ...]:
        return self._fields

    def _column_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self._fields)

    def _kinds(self) -> dict[str, str]:
        return {f.name: f.type for f in self._fields}

    def _fields_changed(self) -> None:
        self._setup_changed()
        if not self.controller.running and self._resume_path is None and not self._loading:
            rows = self.model.rows()
            self.model.set_rows(rows, self._column_fields(), self._kinds())
        self._update_flight()

    # -- flight check ---------------------------------------------------------------------------------------
    def _read_spending(self) -> None:
        if self._history is None or self.settings.monthly_budget <= 0:
            return

        def done(spent: float) -> None:
            if not self._closing:
                self._spent = spent
                self._update_flight()

        self._history.spent_this_month(self.settings.currency, done, lambda _exc: None)

    def estimate(self) -> tuple[int, float | None]:
        """The estimated prompt tokens of the whole batch, and their cost (``None``: no price known)."""
        from vision_desktop.batch.fields import question_text
        from vision_desktop.images import ImageLimits

        model = self.model_box.currentText().strip() or self.settings.model
        profile: ModelProfile = self.settings.profile(model)
        limits = ImageLimits.for_profile(profile, 1)
        system = self.settings.system_prompt
        text = question_text(self.question.toPlainText(), self._fields)
        per_request = (
            estimate_text_tokens(text)
            + estimate_text_tokens(system)
            + MESSAGE_OVERHEAD * (2 if system else 1)
            + REQUEST_OVERHEAD
        )
        # continuing a batch sends only the rows not answered yet; a new one sends them all
        done = frozenset(self._answered())
        key = (profile.key, self._sources, done)
        if self._image_tokens[0] != key:  # worked out once per model and set of pictures, not per keystroke
            images = sum(
                profile.image_tokens(*limits.fit(*size))
                for index, size in enumerate(self._sources.sizes)
                if size is not None and index not in done
            )
            self._image_tokens = (key, images)
        requests = len(self._sources.sizes) - len(done)
        tokens = self._image_tokens[1] + per_request * requests
        price = self.settings.price_for(model)
        return tokens, (price.cost(tokens, 0) if price is not None else None)

    def _answered(self) -> set[int]:
        if self._resume_path is None:
            return set()
        return {row.index for row in self.model.rows() if row.status == "done"}

    def _update_flight(self) -> None:
        if self._fields_error:
            self._say(self._fields_error, "error", flight=True)
            return
        count = len(self._sources.sources) - len(self._answered())
        if not len(self._sources.sources):
            self._say(self.tr("Add pictures, type a question, then press Start."), "info", flight=True)
            return
        tokens, cost = self.estimate()
        currency = self.settings.currency
        tokens_text = f"{display_tokens(tokens):,}"
        if cost is None:
            text = self.tr("About {tokens} tokens to send for {count} (no price is known for this model).")
        else:
            text = self.tr(
                "About {tokens} tokens to send for {count}, about {cost} (the answers cost extra)."
            )
        text = text.format(
            tokens=tokens_text,
            count=_pictures(count),
            cost=format_cost(cost, currency) if cost is not None else "",
        )
        problem = budget_problem(cost, self._spent, self.settings.monthly_budget, currency)
        if problem is not None:
            self._say(f"{text} {problem.text}", "error", flight=True)
        else:
            self._say(text, "info", flight=True)

    def _say(self, text: str, tone: str, *, flight: bool = False) -> None:
        label = self.flight_label if flight or not self.controller.running else self.status_label
        label.setText(text)
        set_tone(label, "error" if tone == "error" else "ok" if tone == "ok" else "info")

    # -- running --------------------------------------------------------------------------------------------
    def options(self) -> ChatOptions:
        return ChatOptions(
            model=self.model_box.currentText().strip() or self.settings.model,
            temperature=self.temperature.value(),
            max_tokens=self.max_tokens.value(),
        )

    def start(self) -> None:
        """Start the batch as set up (or say plainly what is missing)."""
        if self.controller.running:
            return
        if self.reading:
            self._say(self.tr("The pictures are still being read; press Start again in a moment."), "error")
            return
        if not self._sources.sources:
            self._say(self.tr("Add a folder or some pictures first."), "error")
            return
        if self._fields_error:
            self._say(self._fields_error, "error")
            return
        options = self.options()
        try:
            spec = BatchSpec(
                sources=self._sources.sources,
                prompt=self.question.toPlainText().strip(),
                fields=self._fields,
                options=options,
                system=self.settings.system_prompt or None,
                concurrency=self.concurrency.value(),
                tiles=self.settings.tile_images,
            )
        except ConfigError as exc:
            self._say(exc.message, "error")
            return
        resume = self._resume_path
        if resume is not None:
            self._state_path = resume
        else:
            stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            self._state_path = self._batches_dir / f"batch-{stamp}.sqlite"
            self._show_pending(spec.sources)
        self._resume_path = None
        self._started_at = time.monotonic()
        self._progress = None
        self.model.currency = self.settings.currency
        self.status_label.clear()
        self.controller.start(
            BatchJob(
                spec=spec,
                state_path=self._state_path,
                connect=self._connect,
                profile=self.settings.profile(options.model),
                price=self.settings.price_for(options.model),
                resume=resume is not None,
            )
        )
        self._show_progress()

    def open_batch(self, path: str | os.PathLike[str]) -> None:
        """Reopen a batch kept in ``path`` (its SQLite state): its question, fields, model and rows as saved.
        Start then continues it: only the rows not answered yet are sent. Read on a worker thread."""
        if self.controller.running:
            return
        target = Path(path)
        self._read_ids += 1
        read_id = self._reading = self._read_ids
        self._update_buttons()

        def work() -> tuple[BatchSpec, list[Any], _Sources]:
            from vision_desktop.batch.state import BatchState

            with BatchState.open(target) as state:
                spec, rows = state.spec(), state.rows()
            return spec, rows, _Sources(spec.sources, _sizes(spec.sources))

        def done(result: tuple[BatchSpec, list[Any], _Sources]) -> None:
            if read_id != self._reading or self._closing:
                return
            self._reading = 0
            spec, rows, found = result
            self._loading = True
            try:
                self._paths = [target.name]
                self._sources = found
                self.question.setPlainText(spec.prompt)
                self.set_fields(spec.fields)
                self.model_box.setCurrentText(spec.options.model)
                if spec.options.temperature is not None:
                    self.temperature.setValue(spec.options.temperature)
                if spec.options.max_tokens is not None:
                    self.max_tokens.setValue(spec.options.max_tokens)
                self.concurrency.setValue(spec.concurrency)
                self.model.set_rows(rows, self._column_fields(), self._kinds())
            finally:
                self._loading = False
            self._state_path = target
            self._resume_path = target if any(r.status == "pending" for r in rows) else None
            self.sources_label.setText(
                self.tr("{count} from the batch {name}").format(count=_pictures(len(rows)), name=target.name)
            )
            self.setWindowTitle(self.tr("{name} — Batch — Vision Desktop").format(name=target.stem))
            self._started_at = None
            self._show_progress()
            self._update_flight()
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            if read_id != self._reading or self._closing:
                return
            self._reading = 0
            self._say(error_text(exc)[0], "error")
            self._update_buttons()

        self.tasks.run(work, done, failed)

    def _setup_changed(self) -> None:
        """The question, fields or pictures changed: Start begins a new batch rather than continuing one."""
        if not self._loading and self._resume_path is not None and not self.controller.running:
            self._resume_path = None
            self._update_buttons()
            self._update_flight()

    def toggle_pause(self) -> None:
        if self.controller.paused:
            self.controller.resume()
            self.status_label.setText(self.tr("Going on."))
        else:
            self.controller.pause()
            self.status_label.setText(
                self.tr("Paused: the answers on their way are still saved; no new picture is sent.")
            )
        self._update_buttons()

    def stop(self) -> None:
        if self.controller.running:
            self.controller.stop()
            self.status_label.setText(self.tr("Stopping…"))

    def rerun_failed(self) -> None:
        if self.controller.running or not self.model.count("failed"):
            return
        self._started_at = time.monotonic()
        self.status_label.clear()
        self.controller.rerun_failed()

    @property
    def state_path(self) -> Path | None:
        """The SQLite file the running (or last) batch is kept in."""
        return self._state_path

    # -- from the controller --------------------------------------------------------------------------------
    def _on_controller_rows_loaded(self, rows: list[Any]) -> None:
        self.model.set_rows(rows, self._column_fields(), self._kinds())
        self._show_progress()

    def _on_controller_row_changed(self, row: Any) -> None:
        self.model.update_row(row)
        if self._progress is None:
            self._show_progress()

    def _on_controller_progress_changed(self, progress: Any) -> None:
        self._progress = progress
        self._show_progress()

    def _on_controller_status_changed(self, text: str) -> None:
        self.status_label.setText(text)  # translated where it was made
        set_tone(self.status_label, "info")

    def _on_controller_running_changed(self, running: bool) -> None:
        if running:
            self._clock.start()
        else:
            self._clock.stop()
        self._update_buttons()

    def _on_controller_finished(self, summary: Any) -> None:
        self._show_progress()
        if self.model.count("pending"):
            self._resume_path = self._state_path  # Start continues where it stopped
        self._update_flight()
        fatal = getattr(summary, "fatal", None)
        failed = self.model.count("failed")
        pending = self.model.count("pending")
        if fatal is not None:
            self.status_label.setText(error_text(fatal)[0])
            set_tone(self.status_label, "error")
        elif getattr(summary, "stopped", False) or pending:
            self.status_label.setText(
                self.tr("Stopped. The answers so far are kept; {left} picture(s) were not sent.").format(
                    left=pending
                )
            )
            set_tone(self.status_label, "info")
        elif failed:
            self.status_label.setText(
                self.tr(
                    "Finished; {count} failed. Point at a failed row to see why, or run them again."
                ).format(count=_pictures(failed))
            )
            set_tone(self.status_label, "error")
        else:
            self.status_label.setText(self.tr("Finished: every picture has its answer."))
            set_tone(self.status_label, "ok")
        self._update_buttons()
        self.batch_finished.emit(summary)

    def _on_controller_failed(self, text: str) -> None:
        if self.model.count("pending") and self._state_path is not None and self._state_path.exists():
            self._resume_path = self._state_path
        error = self.controller.last_error
        self.status_label.setText(error_text(error)[0] if error is not None else text)
        set_tone(self.status_label, "error")
        self._update_buttons()

    def _show_progress(self) -> None:
        rows = self.model.rowCount()
        progress = self._progress
        done = self.model.count("done")
        failed = self.model.count("failed")
        total = rows
        cost: float | None = None
        left: float | None = None
        if progress is not None:
            total = getattr(progress, "total", rows) or rows
            cost = getattr(progress, "cost", None)
            left = getattr(progress, "estimated_left", None)
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done + failed)
        if not total:
            self.progress_label.clear()
            return
        parts = [self.tr("{done} of {total} done").format(done=f"{done:,}", total=f"{total:,}")]
        if failed:
            parts.append(self.tr("{count} failed").format(count=f"{failed:,}"))
        if self._started_at is not None:
            parts.append(
                self.tr("{time} elapsed").format(time=_duration(time.monotonic() - self._started_at))
            )
            if self.controller.running and left is not None and done + failed < total:
                parts.append(self.tr("about {time} left").format(time=_duration(left)))
        if cost is None:
            known = [r.cost for r in self.model.rows() if getattr(r, "cost", None) is not None]
            cost = sum(known) if known else None
        if cost is not None:
            currency = getattr(progress, "currency", None) or self.settings.currency
            parts.append(self.tr("{cost} so far").format(cost=format_cost(cost, currency)))
        self.progress_label.setText(" · ".join(parts))

    def _update_buttons(self) -> None:
        running = self.controller.running
        self.setup_box.setEnabled(not running)
        self.flight_label.setEnabled(not running)
        self.start_button.setEnabled(not running and not self.reading)
        self.start_button.setText(self.tr("Continue") if self._resume_path is not None else self.tr("Start"))
        self.start_button.setToolTip(
            self.tr("Send the pictures not answered yet; the answers saved are kept.")
            if self._resume_path is not None
            else ""
        )
        self.pause_button.setEnabled(running)
        self.pause_button.setText(self.tr("Resume") if self.controller.paused else self.tr("Pause"))
        self.stop_button.setEnabled(running)
        self.rerun_button.setEnabled(
            not running and self._state_path is not None and self.model.count("failed") > 0
        )
        self.export_button.setEnabled(self.model.rowCount() > 0)

    # -- a row large, a cell by hand ------------------------------------------------------------------------
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        # a cell is edited with F2 or a click on the selected cell; a double-click opens the row
        self.open_row(index.row())

    def open_row(self, position: int) -> BatchRowWindow:
        """Show row ``position`` large: its picture and its full answer (fields and any error too)."""
        row = self.model.row_at(position)
        lines = []
        fixed_answer = self.model.edited(row.index, ANSWER)
        answer = fixed_answer if fixed_answer is not None else row.answer
        for name in self.model.fields:
            fixed = self.model.edited(row.index, name)
            value = fixed if fixed is not None else value_text((row.values or {}).get(name))
            lines.append(f"{name}: {value}")
        if lines:
            lines.append("")
        if answer:
            lines.append(answer)
        if row.error:
            lines.append("")
            lines.append(self.tr("Problem: {error}").format(error=row.error))
        window = BatchRowWindow(
            display_name(row.source), row.source, "\n".join(lines), self.model.thumbnail(row.index)
        )
        self._windows = [w for w in self._windows if _alive(w)]
        self._windows.append(window)
        window.show()
        return window

    def _on_model_cell_edited(self, index: int, name: str, text: str) -> None:
        def failed(exc: BaseException) -> None:
            if not self._closing:
                self.status_label.setText(
                    self.tr(
                        "Your change is shown and exported, but could not be saved with the batch: {why}"
                    ).format(why=error_text(exc)[0])
                )
                set_tone(self.status_label, "error")

        value = text if name == ANSWER else typed_value(text, self._kinds().get(name, "text"))
        self.controller.set_value(index, name, value, None, failed)

    # -- export ---------------------------------------------------------------------------------------------
    def choose_export(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, self.tr("Export the batch"), folder)
        dialog.setObjectName("batchExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        filters = {
            self.tr("CSV for spreadsheets (*.csv)"): ".csv",
            self.tr("Excel workbook (*.xlsx)"): ".xlsx",
            self.tr("JSON Lines (*.jsonl)"): ".jsonl",
        }
        dialog.setNameFilters(list(filters))
        dialog.selectFile("batch.csv")

        def chosen(path: str) -> None:
            suffix = filters.get(dialog.selectedNameFilter(), ".csv")
            if not path.lower().endswith((".csv", ".xlsx", ".jsonl")):
                path += suffix
            self.export_to(path)

        dialog.fileSelected.connect(chosen)
        self._open_dialog(dialog)

    def export_to(self, path: str | os.PathLike[str]) -> None:
        """Write the table (with the cells fixed by hand) to ``path``: CSV, XLSX or JSON Lines by its ending.
        Written on a worker thread; ``exported`` or ``export_failed`` says how it went."""
        from vision_desktop.batch.export import export

        target = Path(path)
        rows = self.model.rows_for_export()
        fields = self._fields if self.model.fields else ()
        self.status_label.setText(self.tr("Saving {name}…").format(name=target.name))
        set_tone(self.status_label, "info")

        def done(_result: object) -> None:
            if self._closing:
                return
            self.status_label.setText(self.tr("Saved {path}.").format(path=str(target)))
            set_tone(self.status_label, "ok")
            self.exported.emit(str(target))

        def failed(exc: BaseException) -> None:
            if self._closing:
                return
            if isinstance(exc, OSError):
                text = self.tr("{name} could not be saved: {why}").format(
                    name=target.name, why=exc.strerror or str(exc)
                )
            else:
                text = error_text(exc)[0]
            self.status_label.setText(text)
            set_tone(self.status_label, "error")
            self.export_failed.emit(text)

        self.tasks.run(lambda: export(target, rows, fields), done, failed)

    # -- Qt overrides ---------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not getattr(self, "_sized", False):
            self._sized = True
            self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Open at the content's size (at least :data:`PREFERRED_SIZE`), never larger than the screen."""
        area = available_area(self)
        extra = frame_extra(self)
        largest = QSize(max(1, area.width() - extra.width()), max(1, area.height() - extra.height()))
        wanted = self.sizeHint().expandedTo(PREFERRED_SIZE).boundedTo(largest)
        self.setMinimumSize(self.minimumSizeHint().boundedTo(largest))
        self.resize(wanted)
        frame = self.frameGeometry()
        x = min(max(frame.x(), area.left()), max(area.left(), area.right() + 1 - frame.width()))
        y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() + 1 - frame.height()))
        self.move(x, y)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()) and not self.controller.running:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and not self.controller.running:
            self.add_paths(paths)
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self._clock.stop()
        for window in self._windows:
            if _alive(window):
                window.close()
        self.controller.shutdown()
        self.thumbnails.shutdown()
        self.tasks.wait()
        super().closeEvent(event)


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True
