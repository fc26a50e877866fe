"""The Usage window: what the answers cost today, this month and in all, per day for the last 30 days (a bar
chart) and per month (a table), and the ledger as a CSV file for a spreadsheet.

Non-modal: the main window stays usable while it is open; it reads its figures again each time it is shown
(and when :meth:`UsageWindow.refresh` is called, e.g. after an answer). The figures are read and the CSV is
written on the history thread (:meth:`HistoryController.load_usage`, :meth:`HistoryController.export_usage`);
the window only renders what comes back. It opens at its content's size and never outgrows the screen
(:class:`~vision_desktop.ui.dialogs.fitting.FittedDialog`; its body scrolls on a small screen).

Costs in different currencies are never added together: a total lists each one ("US$1.20 + ¥3.00"). Answers
whose cost is unknown (no price for the model, or no usage reported) are counted and said, with where to set
prices. The chart shows the cost per day in the main currency, or the tokens per day when no price is known.

Signals: ``usage_shown(UsageReport)`` (new figures are on screen), ``exported(str)`` (the CSV was written to
that path), ``export_failed(str)`` (the plain sentence shown).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QPointF, QRectF, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QFont, QHelpEvent, QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.storage.history.usage import UsageReport, UsageTotals, currency_key
from vision_desktop.storage.settings import Settings
from vision_desktop.ui.dialogs.fitting import FittedDialog, ScrollingBody, Tone, set_tone
from vision_desktop.ui.messages import error_text
from vision_desktop.ui.theme import mix

if TYPE_CHECKING:
    from vision_desktop.workers.history_controller import HistoryController

__all__ = ["DailyChart", "UsageWindow", "money_text"]


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("UsageWindow", text)


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "RMB": "¥", "JPY": "¥", "INR": "₹", "KRW": "₩"}


def money_text(amount: float, currency: str) -> str:
    """``amount`` in ``currency`` as a person reads it ("$1.25", "¥0.0042", "12.50 CHF"): two decimals, or four
    for amounts under one unit (an answer often costs a fraction of a cent)."""
    decimals = 2 if amount == 0 or abs(amount) >= 1 else 4
    number = f"{amount:,.{decimals}f}"
    code = currency.strip()
    symbol = _SYMBOLS.get(code.upper())
    if symbol is not None:
        return symbol + number
    if len(code) == 3 and code.isalpha():
        return f"{number} {code}"
    return code + number


def costs_text(totals: UsageTotals) -> str:
    """Every currency's sum, joined ("$1.20 + ¥3.00"); empty when no cost is known."""
    return " + ".join(money_text(amount, code) for code, amount in totals.costs)


def compact_number(value: float) -> str:
    """1234567 → "1.2 M", 4500 → "4.5 k", for the chart's scale."""
    for size, suffix in ((1_000_000_000, " G"), (1_000_000, " M"), (1_000, " k")):
        if abs(value) >= size:
            return f"{value / size:.1f}{suffix}"
    return f"{round(value):,}"


class DailyChart(QWidget):
    """Bars of one figure per day (cost in one currency, or tokens), oldest on the left, drawn with QPainter.

    Hovering a bar shows its day and value; the accessible description says the total and the busiest day.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usageChart")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._days: tuple[UsageTotals, ...] = ()
        self._values: list[float] = []
        self._currency: str | None = None

    # -- data -------------------------------------------------------------------------------------------
    def set_days(self, days: tuple[UsageTotals, ...], currency: str | None) -> None:
        """Show ``days``: their cost in ``currency``, or their tokens when ``currency`` is ``None``."""
        self._days = days
        self._currency = currency
        if currency is not None:
            self._values = [day.cost(currency) for day in days]
        else:
            self._values = [float(day.total_tokens) for day in days]
        self.setAccessibleName(self.title())
        self.setAccessibleDescription(self.summary())
        self.update()

    @property
    def values(self) -> list[float]:
        return list(self._values)

    @property
    def shows_cost(self) -> bool:
        return self._currency is not None

    def value_text(self, value: float) -> str:
        if self._currency is not None:
            return money_text(value, self._currency)
        return _tr("{tokens} tokens").format(tokens=compact_number(value))

    def title(self) -> str:
        count = len(self._days)
        if self._currency is not None:
            return _tr("Cost per day, last {days} days").format(days=count)
        return _tr("Tokens per day, last {days} days").format(days=count)

    def summary(self) -> str:
        if not self._values or max(self._values) <= 0:
            return _tr("No answers in these days.")
        peak = max(range(len(self._values)), key=lambda i: self._values[i])
        return _tr("Total {total}. Most on {day}: {value}.").format(
            total=self.value_text(sum(self._values)),
            day=self._day_label(peak, "d MMMM"),
            value=self.value_text(self._values[peak]),
        )

    def _day_label(self, index: int, pattern: str = "d MMM") -> str:
        date = QDate.fromString(self._days[index].key, "yyyy-MM-dd")
        return self.locale().toString(date, pattern) if date.isValid() else self._days[index].key

    # -- geometry ---------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(30 * line, 9 * line)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(16 * line, 6 * line)

    def _plot(self) -> QRectF:
        """The area the bars stand in (the scale on the left, the dates below)."""
        metrics = self.fontMetrics()
        top = self._scale_top()
        left = metrics.horizontalAdvance(self.value_text(top) if top else "0") + metrics.averageCharWidth()
        bottom = metrics.height() + 4
        return QRectF(
            left, metrics.height() / 2, max(1.0, self.width() - left - 2), self.height() - bottom - 8
        )

    def _scale_top(self) -> float:
        return max(self._values, default=0.0)

    def bar_rect(self, index: int) -> QRectF:
        plot = self._plot()
        count = max(1, len(self._values))
        step = plot.width() / count
        top = self._scale_top()
        share = self._values[index] / top if top > 0 else 0.0
        height = max(1.0 if self._values[index] > 0 else 0.0, plot.height() * share)
        return QRectF(plot.left() + index * step + step * 0.15, plot.bottom() - height, step * 0.7, height)

    def bar_at(self, x: float) -> int | None:
        plot = self._plot()
        if not self._values or not plot.left() <= x < plot.right():
            return None
        index = int((x - plot.left()) / (plot.width() / len(self._values)))
        return min(index, len(self._values) - 1)

    # -- Qt overrides ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        bar = palette.color(QPalette.ColorRole.Highlight)
        plot = self._plot()
        metrics = self.fontMetrics()
        painter.setPen(mix(palette.color(QPalette.ColorRole.Window), text, 0.25))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.right(), plot.top()))
        painter.setPen(muted)
        top = self._scale_top()
        painter.drawText(
            QRectF(0, plot.top() - metrics.height() / 2, plot.left() - 4, metrics.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            self.value_text(top) if top > 0 else "",
        )
        painter.drawText(
            QRectF(0, plot.bottom() - metrics.height() / 2, plot.left() - 4, metrics.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            "0",
        )
        painter.setPen(Qt.PenStyle.NoPen)
        last = len(self._values) - 1
        for index, value in enumerate(self._values):
            if value <= 0:
                continue
            painter.setBrush(
                bar if index == last else mix(bar, palette.color(QPalette.ColorRole.Window), 0.3)
            )
            painter.drawRect(self.bar_rect(index))
        if self._days:
            painter.setPen(muted)
            label_top = plot.bottom() + 4
            for index, align in ((0, Qt.AlignmentFlag.AlignLeft), (last, Qt.AlignmentFlag.AlignRight)):
                label = _tr("Today") if index == last else self._day_label(index)
                rect = QRectF(plot.left(), label_top, plot.width(), metrics.height())
                painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignTop), label)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(event.pos().x())
            if index is None:
                QToolTip.hideText()
            else:
                day = self._days[index]
                tip = _tr("{day}: {value} ({answers} answers)").format(
                    day=self._day_label(index, "ddd d MMMM"),
                    value=self.value_text(self._values[index]),
                    answers=day.requests,
                )
                QToolTip.showText(event.globalPos(), tip, self)
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.update()


class _Figure(QFrame):
    """One of the three totals at the top: a heading, the cost in large type, and the answers and tokens."""

    def __init__(self, name: str, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"usage{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.heading = QLabel(heading, self)
        self.heading.setObjectName(f"usage{name}Heading")
        layout.addWidget(self.heading)
        self.amount = QLabel(self)
        self.amount.setObjectName(f"usage{name}Amount")
        self.amount.setWordWrap(True)
        self.amount.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._size_amount()
        layout.addWidget(self.amount)
        self.details = QLabel(self)
        self.details.setObjectName(f"usage{name}Details")
        self.details.setWordWrap(True)
        set_tone(self.details, "info")
        layout.addWidget(self.details)
        layout.addStretch(1)

    def show_totals(self, totals: UsageTotals, budget_note: str = "") -> None:
        if totals.requests == 0:
            self.amount.setText(_tr("Nothing yet"))
            self.details.setText(_tr("No answers."))
        else:
            self.amount.setText(costs_text(totals) or _tr("Cost unknown"))
            lines = [
                _tr("{answers} answers · {tokens} tokens").format(
                    answers=f"{totals.requests:,}", tokens=f"{totals.total_tokens:,}"
                )
            ]
            if totals.unpriced:
                lines.append(_tr("{count} without a known cost").format(count=f"{totals.unpriced:,}"))
            self.details.setText("\n".join(lines))
        if budget_note:
            self.details.setText(self.details.text() + "\n" + budget_note)
        self.setAccessibleName(f"{self.heading.text()}: {self.amount.text()}. {self.details.text()}")

    def _size_amount(self) -> None:
        """The amount in large type: 1.4 times the text around it, again whenever the text size changes."""
        font = QFont(self.font())
        font.setPointSizeF(round(self.font().pointSizeF() * 1.4, 1))
        font.setBold(True)
        self.amount.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Ctrl+plus or minus while the window is open
            self._size_amount()


class UsageWindow(FittedDialog):
    """The cost ledger for people: totals, a chart of the last 30 days, a table per month, "Export CSV…"."""

    usage_shown = Signal(object)
    exported = Signal(str)
    export_failed = Signal(str)
    preferred_width = 640
    days = 30

    def __init__(self, history: HistoryController, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usageWindow")
        self.setWindowTitle(self.tr("Usage and costs"))
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self._history = history
        self._settings = settings
        self._generation = 0
        self.report: UsageReport | None = None
        """The figures on screen (``None`` until the first are read)."""

        layout = QVBoxLayout(self)
        content = QWidget(self)
        content.setObjectName("usageContent")
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)

        figures = QGridLayout()
        self.today = _Figure("Today", self.tr("Today"), content)
        self.month = _Figure("Month", self.tr("This month"), content)
        self.all_time = _Figure("AllTime", self.tr("All time"), content)
        for column, figure in enumerate((self.today, self.month, self.all_time)):
            figures.addWidget(figure, 0, column)
            figures.setColumnStretch(column, 1)
        body.addLayout(figures)

        self.chart_title = QLabel(content)
        self.chart_title.setObjectName("usageChartTitle")
        body.addWidget(self.chart_title)
        self.chart = DailyChart(content)
        body.addWidget(self.chart)

        self.tables = QTabWidget(content)
        self.tables.setObjectName("usageTables")
        self.months = self._table(self.tr("Month"), self.tr("Usage per month"), "usageMonthsTable")
        self.months.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tables.addTab(self.months, self.tr("Per &month"))
        self.conversations = self._table(
            self.tr("Conversation"), self.tr("Usage per conversation"), "usageConversationsTable"
        )
        self.conversations.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tables.addTab(self.conversations, self.tr("Per co&nversation"))
        body.addWidget(self.tables)
        self.body = ScrollingBody(content, self)
        layout.addWidget(self.body, 1)
        self.prices_note = QLabel(self)
        self.prices_note.setObjectName("usagePricesNote")
        self.prices_note.setWordWrap(True)
        set_tone(self.prices_note, "info")
        self.prices_note.hide()
        layout.addWidget(self.prices_note)

        self.status = QLabel(self)
        self.status.setObjectName("usageStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_tone(self.status, "info")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("&Export CSV…"), self)
        self.export_button.setObjectName("usageExportButton")
        self.export_button.setToolTip(
            self.tr("Save every answer's date, model, tokens and cost for a spreadsheet")
        )
        self.export_button.clicked.connect(self._on_export_clicked)
        row.addWidget(self.export_button)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setObjectName("usageRefreshButton")
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.fit_to_content()

    # -- figures ----------------------------------------------------------------------------------------
    def set_settings(self, settings: Settings) -> None:
        """The currency and budget changed (Settings saved): show the figures again with them."""
        self._settings = settings
        if self.report is not None:
            self._show(self.report)

    def present(self) -> None:
        """Show the window (reading the figures again), or bring it to the front if it is open."""
        if self.isVisible():
            self.refresh()
        else:
            self.show()
        self.raise_()
        self.activateWindow()

    def refresh_if_visible(self, *_payload: object) -> None:
        """Read the figures again if the window is open (connect it to ``turn_recorded``)."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the figures again (on the history thread); late answers of an earlier read are dropped."""
        self._generation += 1
        generation = self._generation
        self._set_status(self.tr("Reading the history…"), "info")
        self.refresh_button.setEnabled(False)

        def done(report: UsageReport) -> None:
            if generation == self._generation:
                self.refresh_button.setEnabled(True)
                self._set_status("", "info")
                self._show(report)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.refresh_button.setEnabled(True)
                sentence, _ = error_text(exc)
                self._set_status(
                    self.tr("The figures could not be read: {reason}").format(reason=sentence), "error"
                )

        self._history.load_usage(done, failed, days=self.days)

    def _chart_currency(self, report: UsageReport) -> str | None:
        """The currency the chart shows: the settings' one if the last days have a cost in it, else the one
        most of their cost is in; ``None`` (tokens) when none of them has a known cost."""
        spent: dict[str, float] = {}
        for day in report.days:
            for code, amount in day.costs:
                spent[code] = spent.get(code, 0.0) + amount
        if not spent:
            return None
        for code in spent:
            if code == currency_key(self._settings.currency):
                return code
        return max(spent, key=lambda code: spent[code])

    def _budget_note(self, report: UsageReport) -> str:
        budget = self._settings.monthly_budget
        if budget <= 0:
            return ""
        currency = self._settings.currency
        spent = report.this_month.cost(currency)
        return self.tr("{spent} of the {budget} monthly budget ({share} %)").format(
            spent=money_text(spent, currency),
            budget=money_text(budget, currency),
            share=f"{round(100 * spent / budget):,}",
        )

    def _show(self, report: UsageReport) -> None:
        self.report = report
        self.today.show_totals(report.today)
        self.month.show_totals(report.this_month, self._budget_note(report))
        self.all_time.show_totals(report.all_time)
        self.chart.set_days(report.days, self._chart_currency(report))
        self.chart_title.setText(self.chart.title())
        self._fill_months(report.months)
        self._fill(self.conversations, [(c.label, c) for c in report.conversations])
        unpriced = report.all_time.unpriced
        if unpriced:
            self.prices_note.setText(
                self.tr(
                    "{count} answers have no known cost: there was no price for their model, or the service did "
                    "not report the tokens. Set the prices your service charges in Settings, under Costs; they "
                    "count from the next answer."
                ).format(count=f"{unpriced:,}")
            )
        self.prices_note.setVisible(bool(unpriced))
        self.usage_shown.emit(report)

    def _table(self, first: str, accessible: str, name: str) -> QTableWidget:
        table = QTableWidget(0, 5, self)
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setHorizontalHeaderLabels(
            [first, self.tr("Answers"), self.tr("Prompt tokens"), self.tr("Answer tokens"), self.tr("Cost")]
        )
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _fill_months(self, months: tuple[UsageTotals, ...]) -> None:
        locale = self.locale()
        names = []
        for month in months:
            date = QDate.fromString(month.key, "yyyy-MM")
            names.append(locale.toString(date, "MMMM yyyy") if date.isValid() else month.key)
        self._fill(self.months, [(name, month) for name, month in zip(names, months, strict=True)])

    def _fill(self, table: QTableWidget, rows: list[tuple[str, UsageTotals]]) -> None:
        """One row per total: its name, answers, prompt and answer tokens, and cost (with the unknown ones)."""
        table.setRowCount(len(rows))
        for row, (name, totals) in enumerate(rows):
            cost = costs_text(totals)
            if totals.unpriced:
                unknown = self.tr("({count} unknown)").format(count=totals.unpriced)
                cost = f"{cost} {unknown}" if cost else unknown
            cells = (
                name,
                f"{totals.requests:,}",
                f"{totals.prompt_tokens:,}",
                f"{totals.completion_tokens:,}",
                cost,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setToolTip(text)
                elif column < 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
        shown = min(len(rows), 6)
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(shown))
        if not rows:
            height += table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(height + 2)

    # -- export -----------------------------------------------------------------------------------------
    def _on_export_clicked(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
            Path.home()
        )
        name = f"vision-desktop-usage-{_dt.date.today():%Y-%m-%d}.csv"
        dialog = QFileDialog(self, self.tr("Export usage as CSV"), str(Path(folder) / name))
        dialog.setObjectName("usageExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.setNameFilter(self.tr("CSV files (*.csv)"))
        dialog.fileSelected.connect(self.export_to)
        dialog.open()

    def csv_header(self) -> tuple[str, ...]:
        return (
            self.tr("Date"),
            self.tr("Conversation"),
            self.tr("Model"),
            self.tr("Prompt tokens"),
            self.tr("Completion tokens"),
            self.tr("Cost"),
            self.tr("Currency"),
        )

    def export_to(self, path: str) -> None:
        """Write the ledger to ``path`` (on the history thread); the status line says how it went."""
        if not path:
            return
        self.export_button.setEnabled(False)
        self._set_status(self.tr("Saving the CSV file…"), "info")
        name = Path(path).name

        def done(rows: int) -> None:
            self.export_button.setEnabled(True)
            self._set_status(
                self.tr("Saved {count} answers to {name}.").format(count=f"{rows:,}", name=name),
                "ok",
            )
            self.exported.emit(path)

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            sentence, _ = error_text(exc)
            self._set_status(sentence, "error")
            self.export_failed.emit(sentence)

        self._history.export_usage(Path(path), self.csv_header(), done, failed)

    # -- helpers and Qt overrides -------------------------------------------------------------------------
    def _set_status(self, text: str, tone: Tone) -> None:
        self.status.setText(text)
        set_tone(self.status, tone)
        self.status.setVisible(bool(text))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()
