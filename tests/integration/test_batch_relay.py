"""A batch against the scripted relay: 429s (Retry-After: 0) and 5xx on the way, every row exactly once; fields read
from fenced, chatty and broken answers with one repair request; stop and run again without sending a saved row twice."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.relay import NGINX_502, Reply, ScriptedRelay, completion, error_body
from vision_desktop.batch.export import export
from vision_desktop.batch.runner import BatchProgress, BatchRunner
from vision_desktop.batch.spec import BatchSpec, expand_sources, parse_fields
from vision_desktop.batch.state import BatchRow, BatchState
from vision_desktop.chat.connection import Connection
from vision_desktop.chat.sending import RetryPolicy
from vision_desktop.core.models import ChatOptions
from vision_desktop.core.profiles import profile_for
from vision_desktop.storage.secrets import KeySource

FAST = RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0, jitter=0.0)
MODEL = "claude-sonnet-4-20250514"


def connection(relay: ScriptedRelay) -> Connection:
    return Connection(
        provider="custom",
        base_url=relay.base_url,
        base_url_changes=(),
        api_key="sk-batch-test-0123456789",
        key_source=KeySource.EXPLICIT,
        read_timeout=30,
    )


def photos(folder: Path, count: int) -> list[str]:
    """``count`` tiny images, each a different colour (so the relay can tell which one it got)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        Image.new("RGB", (24 + i, 16), (i * 7 % 256, 255 - i * 5 % 256, i * 13 % 256)).save(
            folder / f"{i:03d}.png"
        )
    return expand_sources([folder])


def runner(relay: ScriptedRelay, state: BatchState, spec: BatchSpec, **kw: object) -> BatchRunner:
    return BatchRunner(
        spec, connection(relay), state, profile=profile_for(spec.options.model), policy=FAST, **kw
    )  # type: ignore[arg-type]


def sent_sources(relay: ScriptedRelay) -> list[str]:
    """The image of each chat request, as the data URL the relay received."""
    return [url for r in relay.chat_requests for url in r.images()]


def test_every_row_exactly_once_through_429s_and_5xx(relay: ScriptedRelay, tmp_path: Path) -> None:
    sources = photos(tmp_path / "in", 12)
    too_many = Reply(status=429, body=error_body("Too many requests"), headers={"Retry-After": "0"})
    # at most two failures other than 429 in all: no row can use up its three tries whatever the order
    relay.push(too_many, Reply(status=502, body=NGINX_502), Reply(body=completion("fine")), too_many)
    relay.push(Reply(body=completion("fine")), too_many, Reply(status=503, body=error_body("busy")), too_many)
    spec = BatchSpec(
        tuple(sources), "What is in this picture?", options=ChatOptions(model=MODEL), concurrency=4
    )
    progress: list[BatchProgress] = []
    with BatchState.create(tmp_path / "out.csv.batch.sqlite", spec) as state:
        summary = runner(relay, state, spec, on_progress=progress.append).run()
        rows = state.rows()

    assert (summary.done, summary.failed, summary.pending) == (12, 0, 0)
    assert [r.source for r in rows] == sources
    assert all(r.status == "done" and r.answer for r in rows)
    assert len(relay.chat_requests) == 12 + 6  # each 429 and 5xx retried
    assert progress[-1].finished == 12 and progress[-1].total == 12
    # every image reached the relay answered once: the retried ones twice, none more
    images = sent_sources(relay)
    assert len(set(images)) == 12

    out = tmp_path / "out.csv"
    export(out, rows, ())
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "source,answer,status,error,prompt_tokens,completion_tokens"
    assert len(lines) == 13 and sorted(lines[1:]) == lines[1:]


def test_a_429_slows_the_whole_batch_down(relay: ScriptedRelay, tmp_path: Path) -> None:
    sources = photos(tmp_path / "in", 6)
    relay.push(Reply(status=429, body=error_body("slow down"), headers={"Retry-After": "0"}))
    spec = BatchSpec(tuple(sources), "Describe", options=ChatOptions(model=MODEL), concurrency=8)
    statuses: list[str] = []
    allowed: list[int] = []
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        summary = runner(
            relay, state, spec, on_status=statuses.append, on_progress=lambda p: allowed.append(p.allowed)
        ).run()
    assert summary.ok
    assert max(allowed) <= 8
    assert statuses and statuses[0].startswith("Too many requests: waiting 0 s, then sending 4 at a time")


FIELDS = parse_fields("vendor:text,total:number,date:date")


def test_fields_from_fenced_chatty_and_broken_answers_with_one_repair(
    relay: ScriptedRelay, tmp_path: Path
) -> None:
    sources = photos(tmp_path / "in", 3)
    replies = {
        # row answers, in the order the single worker sends them
        0: ['Here you go:\n```json\n{"vendor": "Aldi", "total": "€1.234,56", "date": "5.3.2024"}\n```'],
        1: ['Sure. {"vendor": "Lidl", "total": "$12.00", "date": "March 5, 2024"} Let me know!'],
        2: [
            '{"vendor": "Rewe", "total": "lots", "date": "2024-13-01"',
            '{"vendor": "Rewe", "total": 7, "date": null}',
        ],
    }
    for i in range(3):
        for text in replies[i]:
            relay.push(Reply(body=completion(text)))
    spec = BatchSpec(
        tuple(sources), "Read the receipt.", fields=FIELDS, options=ChatOptions(model=MODEL), concurrency=1
    )
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        summary = runner(relay, state, spec).run()
        rows = state.rows()
    assert summary.ok
    assert [r.values for r in rows] == [
        {"vendor": "Aldi", "total": 1234.56, "date": "2024-03-05"},
        {"vendor": "Lidl", "total": 12.0, "date": "2024-03-05"},
        {"vendor": "Rewe", "total": 7, "date": None},
    ]
    assert len(relay.chat_requests) == 4  # one repair request, for the broken answer
    repair = relay.chat_requests[3].json
    assert relay.chat_requests[3].images() == []  # the image is not sent again
    assert "could not be read" in repair["messages"][-1]["content"]
    assert repair["messages"][-2] == {"role": "assistant", "content": replies[2][0]}
    # Claude's compatibility layer ignores response_format: it is not sent
    assert "response_format" not in relay.chat_requests[0].json
    (text,) = [
        p["text"] for p in relay.chat_requests[0].json["messages"][-1]["content"] if p["type"] == "text"
    ]
    assert text.startswith("Read the receipt.") and '"total": "number"' in text


def test_an_answer_still_broken_after_the_repair_leaves_empty_cells_with_the_reason(
    relay: ScriptedRelay, tmp_path: Path
) -> None:
    sources = photos(tmp_path / "in", 1)
    relay.push(
        Reply(body=completion("I cannot read this receipt.")), Reply(body=completion("Sorry, still no."))
    )
    spec = BatchSpec(
        tuple(sources), "Read it", fields=FIELDS, options=ChatOptions(model="gpt-4o"), concurrency=1
    )
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        runner(relay, state, spec).run()
        (row,) = state.rows()
    assert row.status == "done" and row.values == {"vendor": None, "total": None, "date": None}
    assert row.error == "the answer holds no JSON object"
    assert len(relay.chat_requests) == 2
    assert relay.chat_requests[0].json["response_format"] == {"type": "json_object"}  # gpt-4o honours it


def test_a_wrong_key_stops_the_batch_and_leaves_the_rows_pending(
    relay: ScriptedRelay, tmp_path: Path
) -> None:
    sources = photos(tmp_path / "in", 5)
    relay.push(*[Reply(status=401, body=error_body("无效的令牌")) for _ in range(5)])
    spec = BatchSpec(tuple(sources), "Describe", options=ChatOptions(model=MODEL), concurrency=1)
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        summary = runner(relay, state, spec).run()
    assert summary.fatal is not None and summary.pending == 5 and summary.done == 0
    assert len(relay.chat_requests) == 1


def test_stop_then_run_again_sends_no_saved_row_twice(relay: ScriptedRelay, tmp_path: Path) -> None:
    sources = photos(tmp_path / "in", 8)
    spec = BatchSpec(tuple(sources), "Describe", options=ChatOptions(model=MODEL), concurrency=1)
    state = BatchState.create(tmp_path / "s.sqlite", spec)
    saved: list[BatchRow] = []
    first = runner(relay, state, spec, on_row=saved.append)
    first._on_row = lambda row: (saved.append(row), len(saved) == 3 and first.stop())  # type: ignore[func-returns-value]
    summary = first.run()
    assert summary.stopped and (summary.done, summary.pending) == (3, 5)
    assert len(relay.chat_requests) == 3
    sent_first = sent_sources(relay)

    second = runner(relay, state, spec).run()
    rows = state.rows()
    state.close()
    assert second.ok and second.sent == 5
    assert [r.source for r in rows] == sources and all(r.status == "done" for r in rows)
    sent_again = sent_sources(relay)[3:]
    assert len(sent_again) == 5 and not set(sent_again) & set(sent_first)


def test_stop_cancels_a_request_in_flight_and_keeps_its_row_pending(
    relay: ScriptedRelay, tmp_path: Path
) -> None:
    sources = photos(tmp_path / "in", 1)
    relay.push(Reply(body=completion("too late"), delay=60))
    spec = BatchSpec(tuple(sources), "Describe", options=ChatOptions(model=MODEL), concurrency=1)
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        run = runner(relay, state, spec)
        stopper = threading.Thread(target=lambda: (relay.wait_for_requests(1, timeout=30), run.stop()))
        stopper.start()
        summary = run.run()
        stopper.join()
        assert summary.stopped and summary.pending == 1
        assert state.rows()[0].status == "pending"


@pytest.mark.parametrize("concurrency", [1, 3])
def test_prepared_images_held_at_once_stay_bounded(
    relay: ScriptedRelay, tmp_path: Path, concurrency: int
) -> None:
    sources = photos(tmp_path / "in", 10)
    spec = BatchSpec(tuple(sources), "Describe", options=ChatOptions(model=MODEL), concurrency=concurrency)
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        run = runner(relay, state, spec, preparers=4)
        assert run.run().ok
    assert 1 <= run.peak_prepared <= concurrency + 2


def test_pause_holds_new_requests_until_resume(relay: ScriptedRelay, tmp_path: Path) -> None:
    sources = photos(tmp_path / "in", 4)
    spec = BatchSpec(tuple(sources), "Describe", options=ChatOptions(model=MODEL), concurrency=1)
    first_saved = threading.Event()
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        run = runner(relay, state, spec)

        def on_row(row: BatchRow) -> None:
            if not first_saved.is_set():
                run.pause()
                first_saved.set()

        run._on_row = on_row
        result: list[object] = []
        worker = threading.Thread(target=lambda: result.append(run.run()))
        worker.start()
        first_saved.wait(30)
        progress = run.progress()
        assert progress.paused and progress.in_flight == 0 and progress.finished == 1
        assert len(relay.chat_requests) == 1
        run.resume()
        worker.join(60)
        assert state.counts() == {"pending": 0, "done": 4, "failed": 0}
    assert len(relay.chat_requests) == 4


def test_a_file_that_is_not_a_picture_fails_its_row_only(relay: ScriptedRelay, tmp_path: Path) -> None:
    sources = photos(tmp_path / "in", 2)
    broken = tmp_path / "in" / "zz-broken.jpg"
    broken.write_text("not a picture")
    spec = BatchSpec((*sources, str(broken)), "Describe", options=ChatOptions(model=MODEL), concurrency=2)
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        summary = runner(relay, state, spec).run()
        rows = state.rows()
    assert (summary.done, summary.failed) == (2, 1)
    assert rows[2].status == "failed" and "zz-broken.jpg" in rows[2].error
    assert len(relay.chat_requests) == 2


def test_a_stop_before_the_run_starts_holds_and_a_later_run_goes_ahead(
    relay: ScriptedRelay, tmp_path: Path
) -> None:
    sources = photos(tmp_path / "in", 3)
    spec = BatchSpec(tuple(sources), "Describe", options=ChatOptions(model=MODEL), concurrency=2)
    with BatchState.create(tmp_path / "s.sqlite", spec) as state:
        run = runner(relay, state, spec)
        run.stop()  # Stop pressed while the key was being read
        first = run.run()
        assert first.stopped and first.pending == 3 and relay.chat_requests == []
        assert run.rerun_failed().ok
    assert len(relay.chat_requests) == 3


def test_a_failing_listener_stops_nothing_and_a_failing_disk_stops_the_batch(
    relay: ScriptedRelay, tmp_path: Path
) -> None:
    import sqlite3

    sources = photos(tmp_path / "in", 4)
    spec = BatchSpec(tuple(sources), "Describe", options=ChatOptions(model=MODEL), concurrency=2)

    def broken(_: object) -> None:
        raise RuntimeError("a bug in the window")

    with BatchState.create(tmp_path / "a.sqlite", spec) as state:
        assert runner(relay, state, spec, on_row=broken, on_progress=broken).run().ok

    class FullDisk(BatchState):
        def save(self, row: BatchRow) -> None:
            raise sqlite3.OperationalError("database or disk is full")

    created = BatchState.create(tmp_path / "b.sqlite", spec)
    created.close()
    with FullDisk.open(tmp_path / "b.sqlite") as full:
        summary = runner(relay, full, spec).run()
    assert summary.fatal is not None and "could not be saved (is the disk full?)" in summary.fatal.message
    assert summary.pending == 4
