"""The cost ledger: migration 4 keeps an old history whole, each answer's cost is kept with it, totals per
conversation, day and month add up what was recorded, and the CSV export opens in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import SCHEMA_VERSION, HistoryError, HistoryStore
from vision_desktop.storage.history.schema import LEDGER_ROWS, migrate
from vision_desktop.storage.paths import app_paths

OPTIONS = ChatOptions(model="claude-sonnet-4-20250514")


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open(app_paths()) as s:
        yield s


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> float:
    """A local time as a timestamp (days and months are the computer's local time)."""
    return dt.datetime(year, month, day, hour, minute).timestamp()


def answer(
    store: HistoryStore,
    cid: int,
    started: float,
    prompt: int,
    completion: int,
    cost: float | None = None,
    currency: str | None = "USD",
    *,
    reported: bool = True,
    model: str = "claude-sonnet-4-20250514",
) -> int:
    tid = store.start_turn(
        cid, Message("user", "How much is it?"), OPTIONS.replace(model=model), started=started
    )
    usage = Usage(prompt, completion, prompt + completion, reported)
    store.finish_turn(
        tid, ChatResult("r", model, "It is 12 €.", "stop", usage), "complete", cost=cost, currency=currency
    )
    return tid


def make_v3_database(path: Path) -> None:
    """A history as schema version 3 wrote it: one conversation with an answer and a replaced try."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, target=3) == 0
        now = time.time()
        conn.execute(
            "INSERT INTO conversations (id, title, created, updated) VALUES (1, '旧的发票', ?, ?)", (now, now)
        )
        for position, superseded in ((0, 1), (1, 0)):
            conn.execute(
                "INSERT INTO turns (conversation_id, position, question, answer, model, prompt_tokens, "
                "completion_tokens, total_tokens, usage_reported, started, finished, status, superseded) "
                "VALUES (1, ?, '发票上写了什么?', '总计 12 元。', 'm', 1200, 30, 1230, 1, ?, ?, 'complete', ?)",
                (position, now, now, superseded),
            )
    finally:
        conn.close()


def test_migration_4_keeps_the_data_and_costs_are_unknown_for_old_answers(vd_home: Path) -> None:
    make_v3_database(vd_home / "data" / "history.sqlite3")
    with HistoryStore.open(app_paths()) as store:
        assert store.migrated_from == 3 and SCHEMA_VERSION == 4
        (backup,) = store.list_backups()
        assert backup.path.name.endswith("-v3.sqlite3")
        stored = store.load_conversation(1)
        assert stored.title == "旧的发票"
        (turn,) = stored.turns  # the replaced try stays out, as before
        assert (turn.answer, turn.usage.prompt_tokens, turn.status) == ("总计 12 元。", 1200, "complete")
        assert (turn.cost, turn.currency, turn.estimated_prompt_tokens) == (None, None, None)
        # both tries were paid for: the ledger counts them, with their cost unknown
        totals = store.usage_totals()
        assert (totals.requests, totals.prompt_tokens, totals.completion_tokens) == (2, 2400, 60)
        assert (totals.costs, totals.unpriced) == ((), 2)
        assert store.search("发票") != []  # the search index survived


def test_totals_read_the_ledger_index_not_the_turns(store: HistoryStore) -> None:
    conn = store._db  # the plan SQLite picks for the totals' WHERE
    plan = conn.execute(
        f"EXPLAIN QUERY PLAN SELECT SUM(cost) FROM turns WHERE {LEDGER_ROWS} AND started >= 0"
    ).fetchall()
    assert any("COVERING INDEX turns_ledger" in row[-1] for row in plan), plan


def test_a_finished_turn_keeps_its_cost_currency_and_estimate(store: HistoryStore) -> None:
    cid = store.create_conversation()
    tid = store.start_turn(cid, Message("user", "Read the receipt"), OPTIONS, estimated_prompt_tokens=1590)
    assert store.load_conversation(cid).turns[0].estimated_prompt_tokens == 1590  # kept while it is pending
    usage = Usage(1600, 40, 1640)
    store.finish_turn(
        tid, ChatResult("r", "m", "12 €", "stop", usage), "complete", cost=0.0054, currency="USD"
    )
    (turn,) = store.load_conversation(cid).turns
    assert (turn.cost, turn.currency, turn.estimated_prompt_tokens) == (0.0054, "USD", 1590)


def test_a_failed_turn_is_not_in_the_ledger(store: HistoryStore) -> None:
    cid = store.create_conversation()
    tid = store.start_turn(cid, Message("user", "Read the receipt"), OPTIONS)
    store.finish_turn(tid, None, "failed", "The service is busy.", estimated_prompt_tokens=800)
    assert store.load_conversation(cid).turns[0].estimated_prompt_tokens == 800
    assert store.usage_totals().requests == 0
    assert store.ledger_rows() == []


def test_totals_per_day_month_and_conversation_equal_the_recorded_usage(store: HistoryStore) -> None:
    receipts = store.create_conversation("Receipts")
    menus = store.create_conversation("Menus")
    answer(store, receipts, at(2026, 11, 30, 23, 30), 1000, 100, 0.0045)
    answer(store, receipts, at(2026, 12, 1, 0, 15), 2000, 200, 0.009)
    answer(store, menus, at(2026, 12, 1, 18, 0), 500, 50, None, None)  # no price: unknown cost
    answer(store, menus, at(2026, 12, 3, 9, 0), 300, 30, 0.5, "CNY")  # another currency, never added to USD
    answer(store, menus, at(2026, 12, 3, 9, 5), 10, 0, None, None, reported=False)  # no usage reported

    days = {d.key: d for d in store.usage_by_day()}
    assert sorted(days) == ["2026-11-30", "2026-12-01", "2026-12-03"]
    first = days["2026-12-01"]
    assert (first.requests, first.prompt_tokens, first.completion_tokens) == (2, 2500, 250)
    assert first.costs == (("USD", pytest.approx(0.009)),) and first.unpriced == 1
    third = days["2026-12-03"]
    assert third.costs == (("CNY", 0.5),) and third.unpriced == 1 and third.requests == 2

    months = store.usage_by_month()
    assert [m.key for m in months] == ["2026-12", "2026-11"]  # newest first
    assert months[0].cost("usd") == pytest.approx(0.009) and months[0].cost("CNY") == 0.5
    assert months[1].cost("USD") == pytest.approx(0.0045)

    rows = store.ledger_rows()
    everything = store.usage_totals()
    assert everything.requests == len(rows) == 5
    assert everything.prompt_tokens == sum(r.prompt_tokens for r in rows) == 3810
    assert everything.completion_tokens == sum(r.completion_tokens for r in rows) == 380
    assert everything.cost("USD") == pytest.approx(sum(r.cost or 0 for r in rows if r.currency == "USD"))
    assert sum(d.requests for d in days.values()) == sum(m.requests for m in months) == 5

    by_conversation = store.usage_by_conversation()
    assert [(c.label, c.requests) for c in by_conversation] == [("Menus", 3), ("Receipts", 2)]
    assert [c.label for c in store.usage_by_conversation(limit=1)] == ["Menus"]
    assert store.conversation_usage(receipts).cost("USD") == pytest.approx(0.0135)

    now = dt.datetime(2026, 12, 3, 10, 0)
    assert store.spent_this_month("USD", now) == pytest.approx(0.009)
    assert store.spent_this_month("cny", now) == 0.5
    assert store.spent_this_month("EUR", now) == 0.0
    assert store.spent_this_month("$", now) == pytest.approx(0.009)  # Settings takes $ and US$ as USD


def test_dollar_signs_and_codes_add_up_as_one_currency(store: HistoryStore) -> None:
    cid = store.create_conversation("Receipts")
    answer(store, cid, at(2026, 12, 1), 100, 10, 1.0, "USD")  # a list price
    answer(store, cid, at(2026, 12, 2), 100, 10, 2.0, "$")  # the person's own price, with "$" as the currency
    answer(store, cid, at(2026, 12, 2), 100, 10, 3.0, "¥")
    totals = store.usage_totals()
    assert totals.costs == (("USD", 3.0), ("¥", 3.0))
    assert totals.cost("$") == totals.cost("usd") == 3.0
    assert store.spent_this_month("US$", dt.datetime(2026, 12, 5)) == 3.0


def test_the_report_has_every_day_of_the_last_30_and_today_and_this_month(store: HistoryStore) -> None:
    cid = store.create_conversation("Receipts")
    answer(store, cid, at(2026, 10, 20), 100, 10, 0.25)  # outside the 30 days, in the months and all time
    answer(store, cid, at(2026, 11, 20), 200, 20, 0.5)
    answer(store, cid, at(2026, 12, 3, 8), 400, 40, 1.0)
    report = store.usage_report(days=30, now=dt.datetime(2026, 12, 3, 10, 0))
    assert len(report.days) == 30
    assert (report.days[0].key, report.days[-1].key) == ("2026-11-04", "2026-12-03")
    assert [d.cost("USD") for d in report.days if d.requests] == [0.5, 1.0]
    assert report.today.cost("USD") == 1.0 and report.today.key == "2026-12-03"
    assert report.this_month.requests == 1 and report.this_month.key == "2026-12"
    assert (report.all_time.requests, report.all_time.cost("USD")) == (3, 1.75)
    assert [m.key for m in report.months] == ["2026-12", "2026-11", "2026-10"]
    assert report.currencies == ("USD",)
    assert [(c.label, c.requests, c.cost("USD")) for c in report.conversations] == [("Receipts", 3, 1.75)]


def test_the_csv_has_a_bom_one_row_per_answer_and_chinese_titles_intact(
    store: HistoryStore, tmp_path: Path
) -> None:
    invoices = store.create_conversation("发票：十二月的餐费")
    tricky = store.create_conversation('=HYPERLINK("http://evil.example","click")')
    answer(store, invoices, at(2026, 12, 1, 9, 30), 1600, 40, 0.0054)
    answer(store, tricky, at(2026, 12, 2, 10, 0), 10, 5, None, None)
    path = tmp_path / "usage.csv"
    assert store.export_usage_csv(path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "Date",
        "Conversation",
        "Model",
        "Prompt tokens",
        "Completion tokens",
        "Cost",
        "Currency",
    ]
    assert rows[1] == [
        "2026-12-01 09:30:00",
        "发票：十二月的餐费",
        "claude-sonnet-4-20250514",
        "1600",
        "40",
        "0.0054",
        "USD",
    ]
    # a title that a spreadsheet would run as a formula is shown as text; an unknown cost is left empty
    assert rows[2][1].startswith("'=HYPERLINK") and rows[2][5:] == ["", ""]
    assert len(rows) == 3


def test_an_export_to_a_folder_that_cannot_be_written_says_so(store: HistoryStore, tmp_path: Path) -> None:
    with pytest.raises(HistoryError) as raised:
        store.export_usage_csv(tmp_path / "no such folder" / "usage.csv")
    assert "usage.csv could not be written" in raised.value.message
    assert list(tmp_path.iterdir()) == []
