"""Full-text search (FTS5): words as you type, CJK, any input safe, bin and pending turns, snippets."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open(app_paths()) as s:
        yield s


def converse(store: HistoryStore, question: str, answer: str | None) -> int:
    cid = store.create_conversation()
    tid = store.start_turn(cid, Message("user", question), ChatOptions())
    if answer is not None:
        store.finish_turn(tid, ChatResult("r", "m", answer, "stop", Usage(1, 1, 2)), "complete")
    return cid


def ids(store: HistoryStore, query: str) -> list[int]:
    return [h.conversation_id for h in store.search(query)]


def test_sqlite_has_fts5_with_the_trigram_tokenizer(store: HistoryStore) -> None:
    assert sqlite3.sqlite_version_info >= (3, 34, 0)
    assert store._uses_trigram()


def test_finds_words_in_questions_and_answers_as_you_type(store: HistoryStore) -> None:
    receipt = converse(store, "What is the total on this receipt?", "The total is 12.50 EUR.")
    dog = converse(store, "What breed is this dog?", "It looks like a Border Collie.")
    for partial in ("rec", "rece", "receip", "receipt", "RECEIPT", "12.50", "eur"):
        assert ids(store, partial) == [receipt], partial
    assert ids(store, "collie") == [dog]
    assert ids(store, "Border coll") == [dog]  # every word must match
    assert ids(store, "border receipt") == []
    assert set(ids(store, "what")) == {receipt, dog}


def test_newest_first_one_hit_per_conversation(store: HistoryStore) -> None:
    first = converse(store, "invoice from March", "the invoice total")
    second = converse(store, "another invoice", "invoice invoice")
    tid = store.start_turn(first, Message("user", "one more invoice question"), ChatOptions())
    store.finish_turn(tid, None, "failed", "x")
    assert ids(store, "invoice") == [first, second]  # first was updated last


def test_chinese_and_japanese_text_is_findable(store: HistoryStore) -> None:
    zh = converse(store, "这张收据的总金额是多少？", "总金额是十二元五角。")
    ja = converse(store, "この写真には何が写っていますか", "猫がソファで寝ています。")
    assert ids(store, "收据") == [zh]  # two characters: below the trigram size, found with LIKE
    assert ids(store, "总金额") == [zh]
    assert ids(store, "十二元") == [zh]
    assert ids(store, "ソファ") == [ja]
    assert ids(store, "猫") == [ja]
    hit = store.search("收据")[0]
    assert any(hit.snippet[a:b] == "收据" for a, b in hit.highlights)


def test_short_words_filter_longer_ones(store: HistoryStore) -> None:
    a = converse(store, "Is the sign in English? ok", "Yes, it says OK.")
    b = converse(store, "Is the sign in French?", "No, it is German.")
    assert ids(store, "sign ok") == [a]
    assert set(ids(store, "sign")) == {a, b}
    assert ids(store, "ok") == [a]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'receipt"',
        '"receipt',
        "(",
        ")",
        "*",
        "AND",
        "OR NOT",
        "NEAR(",
        "a:b",
        "-",
        "^",
        "'",
        "%",
        "_",
        "\\",
        "{}",
        "!!!",
        "receipt*",
        "col:receipt",
        "''",
        "   ",
        "",
        "\x00",
    ],
)
def test_any_input_is_safe(store: HistoryStore, query: str) -> None:
    converse(store, "What is on this receipt?", "A total, 50% off, with a_b and \\ and {} and !!!")
    store.search(query)  # never raises


def test_punctuation_is_literal(store: HistoryStore) -> None:
    cid = converse(store, "Show the C++ code", "Here: a_b and 50% and !!!")
    assert ids(store, "c++") == [cid]
    assert ids(store, "50%") == [cid]
    assert ids(store, "a_b") == [cid]
    assert ids(store, "!!!") == [cid]
    assert ids(store, "5_%") == []  # LIKE wildcards are escaped
    assert ids(store, '"receipt"') == []


def test_deleted_conversations_are_not_found_until_undone(store: HistoryStore) -> None:
    cid = converse(store, "a question about giraffes", "giraffes are tall")
    token = store.delete(cid)
    assert ids(store, "giraffe") == []
    assert ids(store, "gi") == []
    store.undo_delete(token)
    assert ids(store, "giraffe") == [cid]


def test_a_pending_answer_is_indexed_when_it_ends(store: HistoryStore) -> None:
    cid = store.create_conversation()
    tid = store.start_turn(cid, Message("user", "describe"), ChatOptions())
    store.append_partial(tid, "a flamingo standing ")
    assert ids(store, "describe") == [cid]
    assert ids(store, "flamingo") == []  # streaming costs no index work
    store.append_partial(tid, "on one leg")
    store.finish_turn(tid, None, "stopped")
    assert ids(store, "flamingo leg") == [cid]
    conn = sqlite3.connect(store.db_path)
    try:
        assert (
            conn.execute("INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)") is not None
        )
    finally:
        conn.close()


def test_index_stays_consistent_through_updates_and_deletes(store: HistoryStore) -> None:
    a = converse(store, "pelican question", "pelican answer")
    converse(store, "heron question", "heron answer")
    store.delete(a)
    store.purge_deleted()
    assert ids(store, "pelican") == []
    assert len(ids(store, "heron")) == 1
    conn = sqlite3.connect(store.db_path)
    try:
        conn.execute("INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def test_snippets_are_plain_text_with_highlight_offsets(store: HistoryStore) -> None:
    long_answer = ("Some preamble text. " * 20) + "The receipt shows a total of 12.50." + (" More text." * 20)
    converse(store, "Question", long_answer)
    (hit,) = store.search("receipt")
    assert "\x02" not in hit.snippet and "\x03" not in hit.snippet
    assert [hit.snippet[a:b].lower() for a, b in hit.highlights] == ["receipt"]
    assert "[receipt]" in hit.marked()
    assert len(hit.snippet) < 200


def test_limit(store: HistoryStore) -> None:
    for i in range(30):
        converse(store, f"zebra {i}", "stripes")
    assert len(store.search("zebra", limit=7)) == 7
    assert len(store.search("ze", limit=7)) == 7
    assert store.search("zebra", limit=0) == []


def test_daily_maintenance_backs_up_and_optimizes_the_index_once_a_day(store: HistoryStore) -> None:
    for i in range(20):
        converse(store, f"otter number {i}", "otters hold hands")
    before = ids(store, "otter")
    backup = store.maintenance()
    assert backup is not None and backup.name.startswith("daily-")
    assert store.maintenance() is None  # today's is done
    assert ids(store, "otter") == before and len(before) == 20
    conn = sqlite3.connect(store.db_path)
    try:
        conn.execute("INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()
    converse(store, "otter after optimize", "still indexed")
    assert len(ids(store, "otter")) == 21
