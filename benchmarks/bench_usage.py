"""The cost ledger at scale: a year of answers added up for the Usage window, and exported as CSV.

    python benchmarks/bench_usage.py [--answers 50000] [--answer-chars 3000] [--runs 5]

Builds a history of ``--answers`` answers (20 per conversation, spread over the last year, each answer
``--answer-chars`` long so the turns' rows are as big as real ones), then times:

1. ``usage_report()``: what the Usage window reads (today, this month, all time, 30 days, months, the 100 most
   recent conversations). Target: ≤ 300 ms (it runs on the history thread; the window waits for it).
2. ``spent_this_month()``: the budget check before a send. Target: ≤ 10 ms.
3. ``export_usage_csv()``: the whole ledger to a file.

The totals read the ``turns_ledger`` index only; the answers' text is never read. Everything happens in a
temporary ``VISION_DESKTOP_HOME``; nothing is kept.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vision_desktop.storage.history import HistoryStore  # noqa: E402
from vision_desktop.storage.paths import app_paths  # noqa: E402


def build(store: HistoryStore, answers: int, chars: int) -> None:
    """Rows written straight into the tables (the store's own writes are timed by bench_history.py)."""
    rng = random.Random(7)
    now = time.time()
    text = "The total on the receipt is 12.50 EUR. " * (chars // 39 + 1)
    with store._database.transaction() as conn:  # one transaction: building is not what is measured
        for first in range(0, answers, 20):
            cid = conn.execute(
                "INSERT INTO conversations (title, created, updated) VALUES (?, ?, ?)",
                (f"发票 {first // 20}: receipts of the month", now, now),
            ).lastrowid
            for position in range(min(20, answers - first)):
                started = now - rng.random() * 365 * 86400
                prompt, completion = rng.randint(500, 6000), rng.randint(20, 900)
                priced = rng.random() > 0.1
                conn.execute(
                    "INSERT INTO turns (conversation_id, position, question, answer, model, prompt_tokens, "
                    "completion_tokens, total_tokens, usage_reported, started, finished, status, cost, currency) "
                    "VALUES (?, ?, 'What is the total?', ?, 'claude-sonnet-4-20250514', ?, ?, ?, 1, ?, ?, "
                    "'complete', ?, ?)",
                    (
                        cid,
                        position,
                        text[:chars],
                        prompt,
                        completion,
                        prompt + completion,
                        started,
                        started + 3,
                        (prompt * 3 + completion * 15) / 1e6 if priced else None,
                        "USD" if priced else None,
                    ),
                )


def timed(fn: Callable[[], object], runs: int) -> float:
    """The median of ``runs`` runs, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=50_000)
    parser.add_argument("--answer-chars", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="vd-bench-usage-"))
    os.environ["VISION_DESKTOP_HOME"] = str(home)
    try:
        with HistoryStore.open(app_paths()) as store:
            start = time.perf_counter()
            build(store, args.answers, args.answer_chars)
            size = store.db_path.stat().st_size / 1e6
            print(f"{args.answers:,} answers ({size:.0f} MB) built in {time.perf_counter() - start:.1f} s")
            report = store.usage_report()
            assert report.all_time.requests == args.answers
            print(f"1. usage_report():        median {timed(store.usage_report, args.runs):7.1f} ms (≤ 300)")
            spent = timed(lambda: store.spent_this_month("USD"), args.runs)
            print(f"2. spent_this_month():    median {spent:7.1f} ms (≤ 10)")
            target = home / "usage.csv"
            export = timed(lambda: store.export_usage_csv(target), max(1, args.runs // 2))
            print(f"3. export_usage_csv():    median {export:7.1f} ms, {target.stat().st_size / 1e6:.1f} MB")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
