"""chat/recording.py against a real HistoryStore in the test's private home."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.factories import tiny_attachment
from vision_desktop.chat.recording import (
    ConversationRecord,
    Recording,
    TurnRecord,
    recording_turn,
    turn_ending,
)
from vision_desktop.core.errors import CancelledError, RateLimitError, TimeoutError
from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths

OPTIONS = ChatOptions(model="claude-x", temperature=0.2, max_tokens=64)
QUESTION = Message("user", "What is on the receipt?", (tiny_attachment("red", (20, 10), "receipt.png"),))


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open(app_paths()) as opened:
        yield opened


def result(text: str = "A total of 12 €.", *, incomplete: bool = False) -> ChatResult:
    return ChatResult("r1", "claude-x", text, "stop", Usage(5, 3, 8), elapsed=0.5, incomplete=incomplete)


class BrokenStore:
    """Delegates to a real store, but its writes fail (as a full disk would) until ``broken`` is cleared."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store
        self.broken = True

    def __getattr__(self, name: str) -> object:
        if self.broken and name in ("create_conversation", "start_turn", "append_partial", "finish_turn"):
            raise sqlite3.OperationalError("database or disk is full")
        return getattr(self.store, name)


def test_the_question_is_written_pending_before_any_answer(store: HistoryStore) -> None:
    conversation = ConversationRecord(system="Be brief.")
    turn = TurnRecord(conversation, QUESTION, OPTIONS, "anyfast")
    cid = turn.start(store)
    assert cid == conversation.id and turn.started and turn.start(store) == cid  # idempotent
    stored = store.load_conversation(cid)
    (pending,) = stored.turns
    assert (pending.status, pending.question.text, stored.system_prompt) == (
        "pending",
        "What is on the receipt?",
        "Be brief.",
    )
    assert [image.name for image in pending.images] == ["receipt.png"]


def test_streamed_text_is_saved_in_pieces_and_replaced_by_the_result(store: HistoryStore) -> None:
    turn = TurnRecord(ConversationRecord(), QUESTION, OPTIONS)
    cid = turn.start(store)
    turn.save_text(store, "A total")
    turn.save_text(store, "A total")  # nothing new: nothing written
    turn.save_text(store, "A total of")
    assert store.load_conversation(cid).turns[0].answer == "A total of"
    turn.finish(store, result())
    (done,) = store.load_conversation(cid).turns
    assert (done.status, done.answer, done.usage.total_tokens) == ("complete", "A total of 12 €.", 8)
    turn.fail(store, RateLimitError())  # the turn has ended: nothing changes
    assert store.load_conversation(cid).turns[0].status == "complete"


def test_streamed_pieces_are_saved_without_the_whole_answer_again(store: HistoryStore) -> None:
    turn = TurnRecord(ConversationRecord(), QUESTION, OPTIONS)
    turn.save_more(store, "too early ", 0)  # before the question is written: waits for the end
    cid = turn.start(store)
    assert store.load_conversation(cid).turns[0].answer == ""
    turn.save_more(store, "Line one. ", 0)
    turn.save_more(store, "Line two. ", 10)
    turn.save_more(store, "Line two. ", 10)  # handed over twice: written once
    turn.save_more(store, "Line four.", 30)  # a gap (a piece got lost): not glued on
    assert store.load_conversation(cid).turns[0].answer == "Line one. Line two. "
    turn.stop(store, "Line one. Line two. Line three.")
    (stopped,) = store.load_conversation(cid).turns
    assert (stopped.status, stopped.answer) == ("stopped", "Line one. Line two. Line three.")


def test_turns_share_one_conversation_created_by_the_first(store: HistoryStore) -> None:
    conversation = ConversationRecord()
    first = TurnRecord(conversation, Message("user", "one"), OPTIONS)
    second = TurnRecord(conversation, Message("user", "two"), OPTIONS)
    assert first.start(store) == second.start(store)
    first.finish(store, result("1"))
    second.finish(store, result("2", incomplete=True))
    stored = store.load_conversation(conversation.id or 0)
    assert [(t.question.text, t.status) for t in stored.turns] == [("one", "complete"), ("two", "incomplete")]


def test_how_a_turn_ends() -> None:
    assert turn_ending(KeyboardInterrupt()) == ("stopped", None)
    assert turn_ending(CancelledError()) == ("stopped", None)
    assert turn_ending(RateLimitError()) == ("failed", RateLimitError.default_message)
    assert turn_ending(ValueError("x")) == ("failed", "ValueError")


def test_failed_and_stopped_turns_keep_the_text_that_arrived(store: HistoryStore) -> None:
    conversation = ConversationRecord()
    failed = TurnRecord(conversation, Message("user", "slow?"), OPTIONS)
    failed.start(store)
    error = TimeoutError()
    error.partial = "Half an ans"
    failed.fail(store, error)
    stopped = TurnRecord(conversation, Message("user", "stop?"), OPTIONS)
    stopped.start(store)
    stopped.stop(store, "Beg")
    turns = store.load_conversation(conversation.id or 0).turns
    assert [(t.status, t.answer, t.error) for t in turns] == [
        ("failed", "Half an ans", TimeoutError.default_message),
        ("stopped", "Beg", None),
    ]


def test_a_question_that_could_not_be_written_is_written_whole_when_the_turn_ends(
    store: HistoryStore,
) -> None:
    broken = BrokenStore(store)
    turn = TurnRecord(ConversationRecord(), QUESTION, OPTIONS)
    with pytest.raises(sqlite3.OperationalError):
        turn.start(broken)  # type: ignore[arg-type]
    assert not turn.started and turn.conversation.id is None
    turn.save_text(broken, "Some")  # type: ignore[arg-type]  # waits for the question
    broken.broken = False
    cid = turn.stop(broken, "Some text")  # type: ignore[arg-type]
    (saved,) = store.load_conversation(cid).turns
    assert (saved.question.text, saved.status, saved.answer) == (
        "What is on the receipt?",
        "stopped",
        "Some text",
    )


def test_recording_reports_a_failure_to_save_once_and_never_raises(store: HistoryStore) -> None:
    broken = BrokenStore(store)
    problems: list[BaseException] = []
    recording = Recording(
        broken, TurnRecord(ConversationRecord(), QUESTION, OPTIONS), on_problem=problems.append
    )  # type: ignore[arg-type]
    recording.start()
    recording.save_text("x")
    recording.finish(result())
    assert len(problems) == 1 and isinstance(problems[0], sqlite3.OperationalError)
    assert recording.problem is problems[0] and recording.conversation_id is None and recording.finished


def test_recording_turn_writes_the_question_first_and_marks_the_end() -> None:
    with recording_turn(
        app_paths(), Message("user", "plain"), OPTIONS, provider="custom", start=False
    ) as rec:
        assert not rec.turn.started
        rec.start(QUESTION)  # the prepared question, before the request
        cid = rec.conversation_id
        assert cid is not None
        with HistoryStore.open(app_paths()) as other:
            assert other.load_conversation(cid).turns[0].status == "pending"
    # ended without a word: incomplete
    with HistoryStore.open(app_paths()) as store:
        (turn,) = store.load_conversation(cid).turns
    assert (turn.question.text, turn.status, len(turn.images)) == ("What is on the receipt?", "incomplete", 1)


def test_recording_turn_records_a_failure_before_the_question_was_prepared() -> None:
    with (
        pytest.raises(RateLimitError),
        recording_turn(app_paths(), Message("user", "never sent"), OPTIONS, start=False) as rec,
    ):
        raise RateLimitError()
    with HistoryStore.open(app_paths()) as store:
        (turn,) = store.load_conversation(rec.conversation_id or 0).turns
    assert (turn.question.text, turn.status) == ("never sent", "failed")


def test_recording_turn_disabled_writes_nothing() -> None:
    with recording_turn(app_paths(), QUESTION, OPTIONS, enabled=False) as rec:
        rec.finish(result())
    assert rec.conversation_id is None
    with HistoryStore.open(app_paths()) as store:
        assert store.list_conversations() == []


def test_recording_turn_with_a_history_that_cannot_be_opened(vd_home: Path) -> None:
    data = app_paths().data_dir
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("a file where the data folder should be")
    problems: list[BaseException] = []
    with recording_turn(app_paths(), QUESTION, OPTIONS, on_problem=problems.append) as rec:
        rec.finish(result())
    assert rec.conversation_id is None and len(problems) == 1
