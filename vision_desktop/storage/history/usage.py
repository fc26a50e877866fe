"""The cost ledger: what the answers used and cost, added up per conversation, day and month, and its CSV export.

Every answer is one row of the ledger: a turn that completed (or ended early with text), or any other try whose
usage the relay reported (:data:`~.schema.LEDGER_ROWS`). Replaced tries (Retry, Regenerate) and conversations
in the bin count too: they were paid for. A conversation deleted for good takes its rows with it.

Days and months are the computer's local time, taken from when the question was sent. Costs in different
currencies are never added together: a :class:`UsageTotals` holds one sum per currency (one, unless the person
changed the currency), and counts the answers whose cost is unknown (``unpriced``: no price was known, or the
relay did not report usage) so a total never pretends to be complete.

Qt-free; the queries read the ``turns_ledger`` index only (no answer text), so a year of history adds up in
milliseconds. :class:`HistoryStore` exposes them; call them on the history thread.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vision_desktop.core.i18n import N_, tr
from vision_desktop.storage.history.database import Database
from vision_desktop.storage.history.schema import LEDGER_ROWS

__all__ = [
    "CSV_HEADER",
    "REPORT_CONVERSATIONS",
    "LedgerRow",
    "UsageLedger",
    "UsageReport",
    "UsageTotals",
    "csv_header",
    "currency_key",
    "day_start",
    "month_start",
    "write_csv",
]

CSV_HEADER = (
    N_("export", "Date"),
    N_("export", "Conversation"),
    N_("export", "Model"),
    N_("export", "Prompt tokens"),
    N_("export", "Completion tokens"),
    N_("export", "Cost"),
    N_("export", "Currency"),
)
"""The CSV's first row, in English (the window passes its translated words; :func:`csv_header` translates these)."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts like this as a formula: such text cells get a leading ``'``."""
REPORT_CONVERSATIONS = 100
"""How many conversations (the most recent) a :class:`UsageReport` lists."""
_DAY = "strftime('%Y-%m-%d', started, 'unixepoch', 'localtime')"
_MONTH = "strftime('%Y-%m', started, 'unixepoch', 'localtime')"


@dataclass(frozen=True)
class UsageTotals:
    """The answers of one period (or conversation) added up."""

    key: str = ""
    """``"2026-12-03"`` for a day, ``"2026-12"`` for a month, the conversation's id as text, ``""`` otherwise."""
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    costs: tuple[tuple[str, float], ...] = ()
    """The summed cost per currency, the largest first (one entry, unless the currency was changed)."""
    unpriced: int = 0
    """Answers whose cost is unknown (no price for the model, or no usage reported)."""
    label: str = ""
    """A conversation's title (empty for periods)."""

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def cost(self, currency: str) -> float:
        """The summed cost in ``currency`` (as :func:`currency_key` groups it: ``usd``, ``$`` and ``USD`` are
        one); 0 when none."""
        wanted = currency_key(currency)
        return sum(amount for code, amount in self.costs if currency_key(code) == wanted)

    @property
    def main_currency(self) -> str | None:
        """The currency most of the cost is in, or ``None`` when no cost is known."""
        return self.costs[0][0] if self.costs else None


@dataclass(frozen=True)
class UsageReport:
    """What the Usage window shows, read in one go: today, this month, all time, the last days and the months."""

    today: UsageTotals
    this_month: UsageTotals
    all_time: UsageTotals
    days: tuple[UsageTotals, ...]
    """The last ``days`` days, oldest first, every day present (empty days are zero)."""
    months: tuple[UsageTotals, ...]
    """Every month with answers, newest first."""
    conversations: tuple[UsageTotals, ...] = ()
    """The conversations asked in most recently (at most :data:`REPORT_CONVERSATIONS`), ``label`` the title."""
    made: float = 0.0
    """When it was read (``time.time()``)."""
    currencies: tuple[str, ...] = field(default=())
    """Every currency a cost is recorded in, the most used first."""


@dataclass(frozen=True)
class LedgerRow:
    """One answer, as the CSV export writes it."""

    started: float
    conversation_id: int
    title: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    currency: str | None


_DOLLARS = ("USD", "$", "US$")
"""What ``Settings.price_for`` takes as US dollars (list prices are recorded as ``USD``)."""


def currency_key(currency: str) -> str:
    """The currency as totals group it: a code in capitals, ``$`` and ``US$`` as ``USD`` (the settings treat
    them alike); other symbols as typed."""
    code = currency.strip()
    upper = code.upper()
    if upper in _DOLLARS:
        return "USD"
    return upper if code.isascii() else code


def day_start(day: _dt.date) -> float:
    """The timestamp of local midnight at the start of ``day``."""
    return _dt.datetime.combine(day, _dt.time()).timestamp()


def month_start(day: _dt.date) -> float:
    """The timestamp of local midnight at the start of ``day``'s month."""
    return day_start(day.replace(day=1))


class _Sum:
    """Adds up the rows of one key as they come from the grouped query (one row per currency)."""

    def __init__(self) -> None:
        self.requests = self.prompt = self.completion = self.unpriced = 0
        self.costs: dict[str, float] = {}

    def add(self, row: Sequence[Any]) -> None:
        currency, requests, prompt, completion, cost, unpriced = row
        self.requests += int(requests or 0)
        self.prompt += int(prompt or 0)
        self.completion += int(completion or 0)
        self.unpriced += int(unpriced or 0)
        if cost is not None and currency:
            code = currency_key(str(currency))
            self.costs[code] = self.costs.get(code, 0.0) + float(cost)

    def totals(self, key: str, label: str = "") -> UsageTotals:
        costs = tuple(sorted(self.costs.items(), key=lambda item: (-item[1], item[0])))
        return UsageTotals(key, self.requests, self.prompt, self.completion, costs, self.unpriced, label)


def _added(parts: Iterable[UsageTotals]) -> UsageTotals:
    """Totals added together (the costs per currency)."""
    total = _Sum()
    for part in parts:
        total.requests += part.requests
        total.prompt += part.prompt_tokens
        total.completion += part.completion_tokens
        total.unpriced += part.unpriced
        for code, amount in part.costs:
            total.costs[code] = total.costs.get(code, 0.0) + amount
    return total.totals("")


_SUMS = (
    "currency, COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost), "
    "SUM(CASE WHEN cost IS NULL THEN 1 ELSE 0 END)"
)


class UsageLedger:
    """The ledger's queries, through the store's database (each takes its lock for one or two statements)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def _grouped(
        self, key: str, since: float | None, until: float | None, extra: str = ""
    ) -> dict[str, _Sum]:
        where, params = self._period(since, until)
        sql = f"SELECT {key} AS k, {_SUMS} FROM turns WHERE {LEDGER_ROWS}{where} GROUP BY k, currency"
        with self._database.lock:
            rows = self._database.connection.execute(sql + extra, params).fetchall()
        sums: dict[str, _Sum] = {}
        for row in rows:
            sums.setdefault(str(row[0]), _Sum()).add(row[1:])
        return sums

    @staticmethod
    def _period(since: float | None, until: float | None) -> tuple[str, list[float]]:
        where, params = "", []
        if since is not None:
            where += " AND started >= ?"
            params.append(since)
        if until is not None:
            where += " AND started < ?"
            params.append(until)
        return where, params

    # -- totals ----------------------------------------------------------------------------------------
    def totals(self, since: float | None = None, until: float | None = None) -> UsageTotals:
        """Everything from ``since`` up to ``until`` (timestamps; ``None``: no limit)."""
        found = self._grouped("''", since, until)
        return found[""].totals("") if found else UsageTotals()

    def by_day(self, since: float | None = None, until: float | None = None) -> list[UsageTotals]:
        """One total per local day with answers, oldest first."""
        return [s.totals(k) for k, s in sorted(self._grouped(_DAY, since, until).items())]

    def by_month(self, since: float | None = None, until: float | None = None) -> list[UsageTotals]:
        """One total per local month with answers, newest first."""
        found = self._grouped(_MONTH, since, until)
        return [found[k].totals(k) for k in sorted(found, reverse=True)]

    def by_conversation(self, limit: int | None = None) -> list[UsageTotals]:
        """One total per conversation (``label`` its title), the most recently asked first; the first ``limit``
        only, when given."""
        sql = (
            f"SELECT conversation_id, {_SUMS}, MAX(started) FROM turns INDEXED BY turns_ledger WHERE {LEDGER_ROWS} "
            "GROUP BY conversation_id, currency"
        )
        with self._database.lock:
            conn = self._database.connection
            rows = conn.execute(sql).fetchall()
            titles = dict(conn.execute("SELECT id, title FROM conversations").fetchall())
        sums: dict[int, _Sum] = {}
        latest: dict[int, float] = {}
        for row in rows:
            cid = int(row[0])
            sums.setdefault(cid, _Sum()).add(row[1:7])
            latest[cid] = max(latest.get(cid, 0.0), float(row[7]))
        order = sorted(sums, key=lambda cid: (-latest[cid], -cid))[:limit]
        return [
            sums[cid].totals(str(cid), titles.get(cid) or tr("status", "New conversation")) for cid in order
        ]

    def conversation(self, conversation_id: int) -> UsageTotals:
        """The totals of one conversation (its replaced tries included)."""
        sql = f"SELECT '', {_SUMS} FROM turns WHERE {LEDGER_ROWS} AND conversation_id = ? GROUP BY currency"
        with self._database.lock:
            rows = self._database.connection.execute(sql, (conversation_id,)).fetchall()
        total = _Sum()
        for row in rows:
            total.add(row[1:])
        return total.totals(str(conversation_id))

    def spent_this_month(self, currency: str, now: _dt.datetime | None = None) -> float:
        """What the answers of this local month cost in ``currency`` (answers of unknown cost count 0)."""
        start = month_start((now or _dt.datetime.now()).date())
        sql = f"SELECT currency, SUM(cost) FROM turns WHERE {LEDGER_ROWS} AND started >= ? GROUP BY currency"
        with self._database.lock:
            rows = self._database.connection.execute(sql, (start,)).fetchall()
        wanted = currency_key(currency)
        return float(sum(total or 0.0 for code, total in rows if code and currency_key(code) == wanted))

    def report(self, days: int = 30, now: _dt.datetime | None = None) -> UsageReport:
        """Today, this month, all time, the last ``days`` days (every one, oldest first), every month and the
        most recent conversations."""
        moment = now or _dt.datetime.now()
        today = moment.date()
        first = today - _dt.timedelta(days=max(1, days) - 1)
        by_day = {t.key: t for t in self.by_day(day_start(first))}
        series = tuple(
            by_day.get(str(day), UsageTotals(str(day)))
            for day in (first + _dt.timedelta(days=i) for i in range((today - first).days + 1))
        )
        months = tuple(self.by_month())
        month = today.strftime("%Y-%m")
        this_month = next((m for m in months if m.key == month), UsageTotals(month))
        all_time = _added(months)  # every answer is in a month: one scan fewer than self.totals()
        return UsageReport(
            today=by_day.get(str(today), UsageTotals(str(today))),
            this_month=this_month,
            all_time=all_time,
            days=series,
            months=months,
            conversations=tuple(self.by_conversation(REPORT_CONVERSATIONS)),
            made=moment.timestamp(),
            currencies=tuple(code for code, _ in all_time.costs),
        )

    # -- the rows and the CSV --------------------------------------------------------------------------
    def rows(self, since: float | None = None, until: float | None = None) -> list[LedgerRow]:
        """Every answer from ``since`` up to ``until``, oldest first."""
        where, params = self._period(since, until)
        sql = (
            "SELECT t.started, t.conversation_id, c.title, t.model, t.prompt_tokens, t.completion_tokens, t.cost, "
            "t.currency FROM (SELECT id, started, conversation_id, model, prompt_tokens, completion_tokens, cost, "
            f"currency FROM turns WHERE {LEDGER_ROWS}{where}) t JOIN conversations c ON c.id = t.conversation_id "
            "ORDER BY t.started, t.id"
        )
        with self._database.lock:
            found = self._database.connection.execute(sql, params).fetchall()
        untitled = tr("status", "New conversation")
        return [
            LedgerRow(r[0], r[1], r[2] or untitled, r[3] or "", r[4] or 0, r[5] or 0, r[6], r[7])
            for r in found
        ]

    def export_csv(self, path: Path, header: Sequence[str] | None = None) -> int:
        """Write every answer to ``path`` as CSV (UTF-8 with a BOM, so spreadsheets read any script); returns
        how many rows. The file is replaced whole or not at all. ``header``: the first row (default:
        :func:`csv_header`)."""
        rows = self.rows()  # read under the lock; the file is written after it
        write_csv(Path(path), csv_header() if header is None else header, (_csv_cells(row) for row in rows))
        return len(rows)


def csv_header() -> tuple[str, ...]:
    """:data:`CSV_HEADER` in the current language."""
    return tuple(tr("export", word) for word in CSV_HEADER)


def _csv_text(text: str) -> str:
    """Text as a spreadsheet shows it, never run as a formula (``=HYPERLINK(…)`` in a title)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_cost(cost: float | None) -> str:
    if cost is None:
        return ""
    return f"{cost:.8f}".rstrip("0").rstrip(".") or "0"


def _csv_cells(row: LedgerRow) -> list[str]:
    started = _dt.datetime.fromtimestamp(row.started)
    return [
        started.strftime("%Y-%m-%d %H:%M:%S"),
        _csv_text(row.title),
        _csv_text(row.model),
        str(row.prompt_tokens),
        str(row.completion_tokens),
        _csv_cost(row.cost),
        (row.currency or "") if row.cost is not None else "",
    ]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a CSV file atomically (a temporary file beside it, then renamed), UTF-8 with a BOM."""
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
            out.flush()
            os.fsync(out.fileno())
        if os.name == "posix":
            os.chmod(tmp_name, 0o644)  # mkstemp makes it private; an export is an ordinary document
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
