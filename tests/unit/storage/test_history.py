"""The history store: round trips, turns that stream and end, titles, delete and undo, drafts, images, threads."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.factories import tiny_attachment
from tests.helpers.images import decode_data_url
from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import (
    MAX_REQUEST_BYTES,
    SCHEMA_VERSION,
    ConversationNotFoundError,
    HistoryError,
    HistoryStore,
    TurnNotFoundError,
    request_size_check,
    title_from_question,
)
from vision_desktop.storage.paths import app_paths

OPTIONS = ChatOptions(model="claude-sonnet-4-20250514", temperature=0.2, max_tokens=512, stop=("END",))


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open(app_paths()) as s:
        yield s


def result(text: str, *, prompt: int = 10, completion: int = 5, elapsed: float = 1.5) -> ChatResult:
    return ChatResult(
        "chatcmpl-1",
        "claude-sonnet-4-20250514",
        text,
        "stop",
        Usage(prompt, completion, prompt + completion),
        elapsed,
    )


def ask(store: HistoryStore, cid: int, text: str, answer: str | None = "An answer.", **kw: object) -> int:
    tid = store.start_turn(cid, Message("user", text, tuple(kw.get("images", ()))), OPTIONS, "anyfast")  # type: ignore[arg-type]
    if answer is not None:
        store.finish_turn(tid, result(answer), "complete")
    return tid


def test_open_creates_the_files_in_the_data_folder(vd_home: Path) -> None:
    with HistoryStore.open(app_paths()) as store:
        assert store.db_path == vd_home / "data" / "history.sqlite3"
        assert store.images_dir == vd_home / "data" / "images"
        conn = sqlite3.connect(store.db_path)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        finally:
            conn.close()
    assert not (vd_home / "data" / "backups").exists()  # a new database needs no backup before migrating


def test_a_turn_round_trips_with_its_image_options_and_usage(store: HistoryStore) -> None:
    image = tiny_attachment("red", (40, 30), source="/home/me/receipt.png")
    cid = store.create_conversation(system_prompt="Answer briefly.")
    tid = store.start_turn(cid, Message("user", "What is the total?", (image,)), OPTIONS, "anyfast")
    store.finish_turn(tid, result("**12.50 EUR**", prompt=1600, completion=9, elapsed=2.25), "complete")

    loaded = store.load_conversation(cid)
    assert loaded.title == "What is the total?"
    assert loaded.system_prompt == "Answer briefly."
    (turn,) = loaded.turns
    assert turn.id == tid and turn.position == 0
    assert turn.status == "complete" and turn.error is None
    assert turn.question.text == "What is the total?"
    assert turn.question.images == ()  # by reference unless asked
    assert turn.answer == "**12.50 EUR**"
    assert turn.result is not None and turn.result.content == "**12.50 EUR**"
    assert turn.result.usage == Usage(1600, 9, 1609, True)
    assert turn.result.elapsed == 2.25 and turn.elapsed == 2.25
    assert turn.result.finish_reason == "stop" and turn.result.id == "chatcmpl-1"
    assert turn.provider == "anyfast"
    assert turn.options == OPTIONS
    (ref,) = turn.images
    assert (ref.name, ref.mime, ref.width, ref.height, ref.bytes) == (
        "/home/me/receipt.png",
        "image/png",
        40,
        30,
        image.bytes,
    )
    assert ref.path.read_bytes() == decode_data_url(image.data_url)[1]
    assert ref.path.name == f"{ref.sha256}.png" and ref.path.parent.name == ref.sha256[:2]
    assert ref.thumb_path is not None and ref.thumb_path.name == f"{ref.sha256}.thumb.jpg"

    full = store.load_conversation(cid, with_images=True)
    assert full.turns[0].question.images[0].data_url == image.data_url
    rebuilt = store.image_attachment(ref)
    assert rebuilt.data_url == image.data_url and rebuilt.source == image.source
    assert store.image_attachment(ref.sha256).data_url == image.data_url


def test_the_same_image_is_stored_once(store: HistoryStore) -> None:
    image = tiny_attachment("blue", (20, 20))
    cid = store.create_conversation()
    ask(store, cid, "one", images=[image])
    ask(store, cid, "two", images=[image, image])
    files = [p for p in store.images_dir.rglob("*") if p.is_file()]
    assert len(files) == 2  # the image and its thumbnail
    turns = store.load_conversation(cid).turns
    assert [len(t.images) for t in turns] == [1, 2]
    assert len({i.sha256 for t in turns for i in t.images}) == 1


def test_thumbnails_are_at_most_256_px(store: HistoryStore) -> None:
    big = tiny_attachment("green", (1200, 300))
    cid = store.create_conversation()
    ask(store, cid, "wide", images=[big])
    ref = store.load_conversation(cid).turns[0].images[0]
    assert ref.thumb_path is not None
    with Image.open(ref.thumb_path) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 256 and thumb.size[1] == 64


def test_a_streamed_answer_is_kept_as_it_grows_and_replaced_when_it_ends(store: HistoryStore) -> None:
    cid = store.create_conversation()
    tid = ask(store, cid, "Describe the photo", answer=None)
    for chunk in ("A cat ", "on a ", "sofa."):
        store.append_partial(tid, chunk)
    turn = store.load_conversation(cid).turns[0]
    assert turn.status == "pending" and turn.answer == "A cat on a sofa."
    assert turn.result is not None and turn.result.content == "A cat on a sofa."
    store.finish_turn(tid, result("A cat on a sofa, asleep."), "complete")
    store.append_partial(tid, " late chunk")  # ignored once the turn has ended
    assert store.load_conversation(cid).turns[0].answer == "A cat on a sofa, asleep."


def test_a_stopped_turn_keeps_its_partial_answer_and_a_failed_one_its_error(store: HistoryStore) -> None:
    cid = store.create_conversation()
    stopped = ask(store, cid, "first", answer=None)
    store.append_partial(stopped, "Half an ans")
    store.finish_turn(stopped, None, "stopped")
    failed = ask(store, cid, "second", answer=None)
    store.finish_turn(failed, None, "failed", "The service is busy.")
    a, b = store.load_conversation(cid).turns
    assert (a.status, a.answer, a.error) == ("stopped", "Half an ans", None)
    assert a.finished is not None and a.elapsed is not None and a.elapsed >= 0
    assert (b.status, b.answer, b.error, b.result) == ("failed", "", "The service is busy.", None)
    with pytest.raises(ValueError):
        store.finish_turn(failed, None, "pending")  # type: ignore[arg-type]
    with pytest.raises(TurnNotFoundError):
        store.finish_turn(9999, None, "failed")


def test_positions_follow_the_order_of_questions(store: HistoryStore) -> None:
    cid = store.create_conversation()
    for i in range(5):
        ask(store, cid, f"question {i}")
    turns = store.load_conversation(cid).turns
    assert [t.position for t in turns] == [0, 1, 2, 3, 4]
    assert [t.question.text for t in turns] == [f"question {i}" for i in range(5)]


def test_titles_come_from_the_first_question_cut_at_a_word() -> None:
    long = "Please read the handwritten note on this receipt and tell me what the total amount was in euros"
    title = title_from_question(long)
    assert title.endswith("…") and len(title) <= 61
    assert long.startswith(title[:-1]) and title[-2] != " "
    assert title_from_question("  Two\n lines  ") == "Two lines"
    assert title_from_question("", [tiny_attachment(source="/tmp/cat.png")]) == "cat.png"
    assert title_from_question("") == "New conversation"


def test_title_is_set_once_and_can_be_renamed(store: HistoryStore) -> None:
    cid = store.create_conversation()
    ask(store, cid, "What breed is this dog?")
    ask(store, cid, "And how old?")
    assert store.load_conversation(cid).title == "What breed is this dog?"
    store.rename(cid, "  My   dog ")
    assert store.list_conversations()[0].title == "My dog"
    named = store.create_conversation(title="Kept")
    ask(store, named, "Another question")
    assert store.load_conversation(named).title == "Kept"
    with pytest.raises(ConversationNotFoundError):
        store.rename(999, "x")
    with pytest.raises(ValueError):
        store.rename(cid, "  ")


def test_list_is_newest_first_with_turn_counts_and_pages(store: HistoryStore) -> None:
    ids = []
    for i in range(5):
        cid = store.create_conversation()
        for _ in range(i):
            ask(store, cid, f"q{i}")
        ids.append(cid)
    ask(store, ids[1], "bump")  # updated last: first in the list
    listed = store.list_conversations()
    assert [c.id for c in listed] == [ids[1], ids[4], ids[3], ids[2], ids[0]]
    assert [c.turn_count for c in listed] == [2, 4, 3, 2, 0]
    assert [c.id for c in store.list_conversations(limit=2, offset=2)] == [ids[3], ids[2]]
    assert store.count_conversations() == 5


def test_delete_is_undoable_then_purged(store: HistoryStore) -> None:
    keep = store.create_conversation()
    gone = store.create_conversation()
    ask(store, gone, "delete me", images=[tiny_attachment("purple")])
    token = store.delete(gone)
    assert token.conversation_id == gone
    assert [c.id for c in store.list_conversations()] == [keep]
    assert {c.id for c in store.list_conversations(include_deleted=True)} == {keep, gone}
    assert store.load_conversation(gone).deleted_at == token.deleted_at
    store.undo_delete(token)
    assert {c.id for c in store.list_conversations()} == {keep, gone}
    store.delete(gone)
    assert store.purge_deleted(older_than=3600) == 0  # only those in the bin for an hour
    assert store.purge_deleted() == 1
    with pytest.raises(ConversationNotFoundError):
        store.load_conversation(gone)
    with pytest.raises(ConversationNotFoundError):
        store.delete(gone)
    # the turn rows went with it (ON DELETE CASCADE); the unreferenced image goes on cleanup
    assert store.cleanup_images(min_age=0) == 2
    assert not [p for p in store.images_dir.rglob("*") if p.is_file()]


def test_retention_deletes_old_conversations(store: HistoryStore) -> None:
    old = store.create_conversation()
    ask(store, old, "old question")
    new = store.create_conversation()
    ask(store, new, "new question")
    conn = sqlite3.connect(store.db_path)
    try:
        conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (time.time() - 40 * 86400, old))
        conn.commit()
    finally:
        conn.close()
    assert store.delete_older_than(30) == 1
    assert [c.id for c in store.list_conversations(include_deleted=True)] == [new]
    assert store.search("old question") == []
    with pytest.raises(ValueError):
        store.delete_older_than(0)


def test_delete_all_removes_conversations_images_and_backups_but_keeps_the_draft(store: HistoryStore) -> None:
    cid = store.create_conversation()
    ask(store, cid, "a secret question about receipts", images=[tiny_attachment("red")])
    store.daily_backup()
    store.save_draft("unsent", [("draft.png", tiny_attachment("yellow").data_url)])
    assert store.delete_all() == 1
    assert store.list_conversations(include_deleted=True) == []
    assert store.search("receipts") == []
    assert store.list_backups() == []
    draft = store.load_draft()
    assert draft is not None and draft.prompt == "unsent" and draft.images[0].path.exists()
    files = {p.name.split(".")[0] for p in store.images_dir.rglob("*") if p.is_file()}
    assert files == {draft.images[0].sha256}
    assert b"secret question" not in store.db_path.read_bytes()


def test_drafts_round_trip_with_images_from_data_urls_and_bytes(store: HistoryStore, tmp_path: Path) -> None:
    assert store.load_draft() is None
    raw = tmp_path / "photo.png"
    Image.new("RGB", (50, 40), "orange").save(raw)
    cid = store.create_conversation()
    draft = store.save_draft(
        "What is in",
        [("pasted.png", tiny_attachment("red").data_url), ("photo.png", raw.read_bytes())],
        conversation_id=cid,
    )
    loaded = store.load_draft()
    assert loaded is not None
    assert loaded.prompt == "What is in" and loaded.conversation_id == cid
    assert [i.name for i in loaded.images] == ["pasted.png", "photo.png"]
    assert [i.mime for i in loaded.images] == ["image/png", "image/png"]
    assert loaded.images[1].path.read_bytes() == raw.read_bytes()
    assert all(i.thumb_path is not None and i.thumb_path.exists() for i in loaded.images)
    # typing on: pass the stored images back, no re-hashing
    store.save_draft("What is in these pictures?", draft.images, conversation_id=cid)
    again = store.load_draft()
    assert (
        again is not None and again.prompt == "What is in these pictures?" and again.images == loaded.images
    )
    store.save_draft("other slot", slot="side")
    assert store.load_draft("side") is not None and store.load_draft("main") is not None
    store.clear_draft()
    assert store.load_draft() is None
    # the draft's images are safe from cleanup while it exists
    store.save_draft("keep", [("p.png", raw.read_bytes())])
    assert store.cleanup_images(min_age=0) == 2  # the pasted image (and thumbnail) only
    assert store.load_draft() is not None and store.load_draft().images[0].path.exists()  # type: ignore[union-attr]


def test_to_conversation_resends_complete_turns_with_their_images_only(store: HistoryStore) -> None:
    good, bad = tiny_attachment("red", source="good.png"), tiny_attachment("black", source="bad.png")
    cid = store.create_conversation(system_prompt="Be brief.")
    ask(store, cid, "first", images=[good])
    failed = ask(store, cid, "second", answer=None, images=[bad])
    store.finish_turn(failed, None, "failed", "413")
    pending = ask(store, cid, "third", answer=None)
    store.append_partial(pending, "partial")
    conversation = store.to_conversation(store.load_conversation(cid))
    assert conversation.system == "Be brief."
    assert [t.status for t in conversation.turns] == ["complete", "failed", "incomplete"]
    history = conversation.history_messages()
    assert [m.text for m in history] == ["first", "An answer."]
    assert history[0].images[0].data_url == good.data_url
    assert conversation.turns[1].question.images == ()  # a failed turn's images are not loaded
    request = conversation.build_request(Message("user", "follow-up"), OPTIONS)
    assert [m.text for m in request.messages] == ["first", "An answer.", "follow-up"]


def test_request_size_warns_near_the_limits(store: HistoryStore) -> None:
    small = tiny_attachment()
    count, total, warning = request_size_check([Message("user", "hi", (small,) * 3)])
    assert count == 3 and total >= 3 * len(small.data_url) and warning is None
    assert "near the upload limit" in (
        request_size_check([Message("user", "x", (small,) * 80)]).warning or ""
    )
    assert "too large" in (request_size_check([Message("user", "x", (small,) * 101)]).warning or "")
    fat = Message("user", "x" * int(MAX_REQUEST_BYTES * 0.85))
    assert "near the upload limit" in (request_size_check([fat]).warning or "")
    assert store.request_size_check([fat]) == request_size_check([fat])
    cid = store.create_conversation()
    for _ in range(4):
        ask(store, cid, "q", images=[small] * 21)
    size = store.conversation_size(store.load_conversation(cid), Message("user", "next", (small,)))
    assert size.image_count == 85 and size.warning is not None and "85 of 100 images" in size.warning


def test_unknown_conversation(store: HistoryStore) -> None:
    with pytest.raises(ConversationNotFoundError, match="no conversation with ID 42"):
        store.load_conversation(42)
    with pytest.raises(ConversationNotFoundError):
        store.start_turn(42, Message("user", "q"), OPTIONS)


def test_a_dead_process_pending_turn_is_marked_incomplete_on_open_but_a_live_one_is_not(
    vd_home: Path,
) -> None:
    paths = app_paths()
    with HistoryStore.open(paths) as live:
        cid = live.create_conversation()
        live_turn = ask(live, cid, "still streaming", answer=None)
        live.append_partial(live_turn, "so far")
        # a turn left pending by a process that is gone: its owner's lock file no longer exists
        dead_turn = ask(live, cid, "was streaming when killed", answer=None)
        live.append_partial(dead_turn, "half")
        conn = sqlite3.connect(live.db_path)
        try:
            conn.execute("UPDATE turns SET owner = 'gone-1234' WHERE id = ?", (dead_turn,))
            conn.commit()
        finally:
            conn.close()
        with HistoryStore.open(paths) as other:
            assert other.recovered_turns == 1
            turns = {t.id: t for t in other.load_conversation(cid).turns}
        assert turns[live_turn].status == "pending"
        assert (turns[dead_turn].status, turns[dead_turn].answer) == ("incomplete", "half")
        assert turns[dead_turn].error and "stopped before the answer was complete" in turns[dead_turn].error
        assert turns[dead_turn].finished is not None
        live.finish_turn(live_turn, result("done"), "complete")
    with HistoryStore.open(paths) as again:
        assert again.recovered_turns == 0


def test_a_store_closed_with_a_pending_turn_leaves_it_for_recovery(vd_home: Path) -> None:
    with HistoryStore.open(app_paths()) as first:
        cid = first.create_conversation()
        tid = ask(first, cid, "q", answer=None)
    with HistoryStore.open(app_paths()) as second:
        assert second.recovered_turns == 1
        assert second.load_conversation(cid).turns[0].status == "incomplete"
        assert tid == second.load_conversation(cid).turns[0].id
    assert not list((vd_home / "data" / "locks").iterdir())


def test_a_newer_schema_is_refused(vd_home: Path) -> None:
    with HistoryStore.open(app_paths()) as store:
        path = store.db_path
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
    finally:
        conn.close()
    with pytest.raises(HistoryError, match="newer version"):
        HistoryStore.open(app_paths())


def test_a_closed_store_says_so(vd_home: Path) -> None:
    store = HistoryStore.open(app_paths())
    store.close()
    store.close()  # twice is fine
    with pytest.raises(HistoryError, match="closed"):
        store.list_conversations()


def test_calls_from_many_threads_are_serialised(store: HistoryStore) -> None:
    errors: list[BaseException] = []
    cids = [store.create_conversation() for _ in range(4)]

    def worker(cid: int) -> None:
        try:
            for i in range(25):
                tid = store.start_turn(cid, Message("user", f"thread question {i}"), OPTIONS)
                store.append_partial(tid, "part ")
                store.finish_turn(tid, result(f"answer {i}"), "complete")
                store.list_conversations(limit=5)
                store.search("thread")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(cid,)) for cid in cids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [c.turn_count for c in store.list_conversations()] == [25] * 4


def test_images_that_are_not_data_urls_are_skipped_not_fatal(store: HistoryStore) -> None:
    image = tiny_attachment()
    remote = type(image)(**{**image.__dict__, "data_url": "https://example.com/cat.png"})
    cid = store.create_conversation()
    ask(store, cid, "remote", images=[remote])
    assert store.load_conversation(cid).turns[0].images == ()
