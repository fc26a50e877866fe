"""A :class:`ConversationSession` without a window (a batch run, a side-by-side comparison): its own controller,
its own history (or none), the scripted relay; every step waited for by its signal."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.factories import tiny_attachment
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body, stream_reply
from vision_desktop.chat.connection import resolve_connection
from vision_desktop.core.errors import CancelledError
from vision_desktop.core.models import ChatOptions, ChatResult, Message, Turn, Usage
from vision_desktop.core.profiles import Price
from vision_desktop.storage.history import HistoryStore, StoredConversation
from vision_desktop.storage.history.store import DB_FILENAME
from vision_desktop.storage.paths import AppPaths, app_paths
from vision_desktop.storage.secrets import MemorySecretStore
from vision_desktop.storage.settings import Settings
from vision_desktop.workers.chat_controller import ChatController
from vision_desktop.workers.conversation_session import (
    ConversationReset,
    ConversationSession,
    Question,
    SizeWarning,
    TurnFailed,
    TurnFinished,
    TurnRecorded,
    TurnRemoved,
    TurnReplaced,
    TurnStarted,
    TurnText,
)
from vision_desktop.workers.history_controller import HistoryController
from vision_desktop.workers.jobs import ImageInput

KEY = "sk-session-test-key-0123456789abcdef"


@pytest.fixture
def paths(vd_home: Path) -> AppPaths:
    return app_paths({"VISION_DESKTOP_HOME": str(vd_home)}).ensure()


@pytest.fixture
def make_session(paths: AppPaths) -> Iterator[Callable[..., ConversationSession]]:
    made: list[tuple[ConversationSession, HistoryController | None]] = []

    def make(*, history: bool = True, system: str | None = None) -> ConversationSession:
        controller = ChatController()
        store = HistoryController(paths) if history else None
        session = ConversationSession(controller, store, system=system)
        made.append((session, store))
        return session

    yield make
    for session, store in made:
        session.shutdown()
        if store is not None:
            store.close()


def question(relay: ScriptedRelay, text: str, *, stream: bool = False, **kw: Any) -> Question:
    settings = Settings()
    return Question(
        text=text,
        images=kw.pop("images", ()),
        options=ChatOptions(model=kw.pop("model", "test-model"), max_tokens=64),
        connect=lambda: resolve_connection(
            settings, MemorySecretStore(), base_url=relay.base_url, api_key=KEY, env={}
        ),
        provider=settings.provider,
        stream=stream,
    )


def stored(paths: AppPaths, conversation_id: int) -> StoredConversation:
    with HistoryStore.open(paths) as store:
        return store.load_conversation(conversation_id)


def logged(paths: AppPaths, conversation_id: int) -> list[tuple[str, str, int]]:
    """Every turn the history recorded, superseded ones too: (question, status, superseded)."""
    with contextlib.closing(sqlite3.connect(paths.data_dir / DB_FILENAME)) as conn:
        return conn.execute(
            "SELECT question, status, superseded FROM turns WHERE conversation_id = ? ORDER BY position",
            (conversation_id,),
        ).fetchall()


def recorded_end(recorded: TurnRecorded) -> bool:
    return recorded.ended


def test_a_session_without_a_window_asks_and_records(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay, paths: AppPaths
) -> None:
    session = make_session(system="Be brief.")
    relay.push(Reply(200, completion("A red square.")))
    with qtbot.waitSignal(session.turn_started) as started, qtbot.waitSignal(session.busy_changed) as busy:
        turn_id = session.send(question(relay, "What is it?"))
    assert isinstance(started.args[0], TurnStarted) and started.args[0].turn_id == turn_id
    assert busy.args == [True] and session.busy
    with (
        qtbot.waitSignal(session.turn_recorded, check_params_cb=recorded_end, timeout=10000) as ended,
        qtbot.waitSignal(session.turn_finished, timeout=10000) as finished,
    ):
        pass  # the relay answers on its own thread
    done: TurnFinished = finished.args[0]
    assert done.turn_id == turn_id and done.result.content == "A red square." and done.model == "test-model"
    assert not session.busy and session.conversation.turns[-1].result == done.result
    sent = relay.chat_requests[0].json
    assert sent["messages"][0] == {"role": "system", "content": "Be brief."}
    assert sent["messages"][-1]["content"] in ("What is it?", [{"type": "text", "text": "What is it?"}])

    recorded: TurnRecorded = ended.args[0]
    assert session.conversation_id == recorded.conversation_id
    conversation = stored(paths, recorded.conversation_id)
    assert conversation.system_prompt == "Be brief."
    [turn] = conversation.turns
    assert (turn.question.text, turn.status, turn.answer) == ("What is it?", "complete", "A red square.")
    assert session.usage().total_tokens == 1242


def test_streamed_text_is_coalesced_then_the_answer_replaces_it(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay
) -> None:
    session = make_session(history=False)
    pieces: list[TurnText] = []
    session.text_received.connect(pieces.append)
    relay.push(stream_reply("one two three four five six seven eight", chunk_delay=0.02))
    with qtbot.waitSignal(session.turn_finished, timeout=10000) as finished:
        session.send(question(relay, "Count", stream=True))
    assert pieces and all(isinstance(p, TurnText) for p in pieces)
    assert pieces[0].text.strip() == "one"  # the first words show at once
    assert "".join(p.text for p in pieces) in "one two three four five six seven eight"
    assert finished.args[0].result.content == "one two three four five six seven eight"


def test_cancel_keeps_the_partial_answer_and_records_the_turn_stopped(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay, paths: AppPaths
) -> None:
    session = make_session()
    relay.push(stream_reply("one two three four five six seven eight nine ten", chunk_delay=0.3))
    with qtbot.waitSignal(session.text_received, timeout=5000):
        session.send(question(relay, "Count slowly", stream=True))
    with (
        qtbot.waitSignal(session.turn_recorded, check_params_cb=recorded_end, timeout=5000) as ended,
        qtbot.waitSignal(session.turn_failed) as failed,
    ):
        session.cancel()
    stop: TurnFailed = failed.args[0]
    assert stop.stopped and isinstance(stop.error, CancelledError) and stop.partial.startswith("one")
    assert not session.busy and not session.controller.busy
    assert session.conversation.turns[-1].status == "stopped"
    [turn] = stored(paths, ended.args[0].conversation_id).turns
    assert turn.status == "stopped" and turn.answer.startswith("one") and "ten" not in turn.answer


def test_a_failure_is_a_typed_payload_and_is_not_sent_again(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay
) -> None:
    session = make_session(history=False)
    relay.push(Reply(401, error_body("invalid token")))
    with qtbot.waitSignal(session.turn_failed, timeout=10000) as failed:
        session.send(question(relay, "First"))
    failure: TurnFailed = failed.args[0]
    assert not failure.stopped and "API key" in failure.error.message
    assert session.conversation.turns[-1].status == "failed"
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        session.send(question(relay, "Second"))
    texts = [m["content"] for m in relay.chat_requests[-1].json["messages"]]
    assert "First" not in str(texts)


def test_a_follow_up_to_a_stored_conversation_loads_its_turns_through_the_history(
    qtbot: QtBot,
    make_session: Callable[..., ConversationSession],
    relay: ScriptedRelay,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with HistoryStore.open(paths) as store:
        cid = store.create_conversation(system_prompt="Answer in French.")
        image = tiny_attachment(source="receipt.png")
        turn = store.start_turn(cid, Message("user", "What is it?", (image,)), ChatOptions(model="m"))
        store.finish_turn(turn, ChatResult("x", "m", "Un reçu.", "stop", Usage(10, 2, 12)), "complete")
    session = make_session()
    monkeypatch.setattr(  # the request thread must not reach into the store
        HistoryController, "store_for_worker", lambda self: pytest.fail("store read off the history thread")
    )
    with qtbot.waitSignal(session.conversation_reset) as reset:
        session.open_stored(stored(paths, cid))
    assert reset.args[0] == ConversationReset(cid, reset.args[0].title)
    assert session.usage().total_tokens == 12
    with (
        qtbot.waitSignal(session.turn_recorded, check_params_cb=recorded_end, timeout=10000),
        qtbot.waitSignal(session.turn_finished, timeout=10000),
    ):
        session.send(question(relay, "And the total?"))
    messages = relay.chat_requests[0].json["messages"]
    assert messages[0] == {"role": "system", "content": "Answer in French."}
    assert messages[2] == {"role": "assistant", "content": "Un reçu."}
    assert any(p.get("type") == "image_url" for p in messages[1]["content"])
    assert session.conversation_id == cid
    assert [t.question.text for t in stored(paths, cid).turns] == ["What is it?", "And the total?"]


def test_two_sessions_side_by_side_each_with_its_own_controller(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay, paths: AppPaths
) -> None:
    left, right = make_session(), make_session()
    with qtbot.waitSignals([left.turn_finished, right.turn_finished], timeout=10000):
        left.send(question(relay, "Left?", model="model-a"))
        right.send(question(relay, "Right?", model="model-b"))
    assert [t.question.text for t in left.conversation.turns] == ["Left?"]
    assert [t.question.text for t in right.conversation.turns] == ["Right?"]
    assert sorted(r.json["model"] for r in relay.chat_requests) == ["model-a", "model-b"]
    qtbot.waitUntil(lambda: None not in (left.conversation_id, right.conversation_id), timeout=5000)
    assert left.conversation_id != right.conversation_id


def test_a_conversation_near_the_upload_limits_is_warned_about(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay
) -> None:
    session = make_session(history=False)
    answer = ChatResult("x", "m", "ok", "stop", Usage(1, 1, 2))
    for i in range(9):
        images = tuple(tiny_attachment(source=f"p{i}-{j}.png") for j in range(10))
        session.conversation.turns.append(Turn(Message("user", f"batch {i}", images), answer))
    warnings: list[SizeWarning] = []
    session.size_warned.connect(warnings.append)
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        session.send(
            question(relay, "One more", images=(ImageInput(1, "x.png", prepared=tiny_attachment()),))
        )
    assert warnings and "near the upload limit" in warnings[0].text and "91 of 100 images" in warnings[0].text


def test_a_new_conversation_stops_the_turn_in_flight(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay
) -> None:
    session = make_session(history=False)
    relay.push(stream_reply("slow " * 20, chunk_delay=0.5))
    session.send(question(relay, "Slow?", stream=True))
    seen: list[object] = []
    session.turn_failed.connect(seen.append)
    session.conversation_reset.connect(seen.append)
    with qtbot.waitSignals([session.turn_failed, session.conversation_reset], order="strict"):
        session.new_conversation("New instructions")
    assert isinstance(seen[0], TurnFailed) and seen[0].stopped and seen[1] == ConversationReset(None)
    assert session.conversation.turns == [] and session.system == "New instructions" and not session.busy


# -- acting on the last turn: retry, regenerate, edit and resend ------------------------------------------------
def fail_three_times(relay: ScriptedRelay) -> None:
    """A 500 is retried twice by the request itself: three make the try fail."""
    relay.push(*(Reply(500, error_body("upstream exploded")) for _ in range(3)))


def photo() -> tuple[ImageInput, ...]:
    return (ImageInput(1, "receipt.png", prepared=tiny_attachment(source="receipt.png")),)


def test_a_failed_try_retried_is_replaced_not_stacked_and_both_tries_are_in_the_history(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay, paths: AppPaths
) -> None:
    session = make_session()
    fail_three_times(relay)
    with (
        qtbot.waitSignal(session.turn_recorded, check_params_cb=recorded_end, timeout=10000),
        qtbot.waitSignal(session.turn_failed, timeout=10000) as failed,
    ):
        first = session.send(question(relay, "What is the total?", images=photo()))
    assert not failed.args[0].stopped
    assert session.last_turn_id() == first and session.can_retry(first) and not session.can_regenerate()

    events: list[object] = []
    session.turn_replaced.connect(events.append)
    session.turn_started.connect(events.append)
    relay.push(Reply(200, completion("12.50")))
    with (
        qtbot.waitSignal(session.turn_recorded, check_params_cb=recorded_end, timeout=10000) as ended,
        qtbot.waitSignal(session.turn_finished, timeout=10000) as finished,
    ):
        second = session.retry(first)
    assert second != first and finished.args[0].turn_id == second
    replaced, started = events
    assert replaced == TurnReplaced(first, second, "retry")  # said before the new turn starts
    assert (
        isinstance(started, TurnStarted)
        and started.turn_id == second
        and started.text == "What is the total?"
    )
    # the same question, with its image, and nothing of the failed try
    sent = relay.chat_requests[-1]
    assert [m["role"] for m in sent.json["messages"]] == ["user"] and len(sent.images()) == 1
    # the conversation holds the question once, answered
    [turn] = session.conversation.turns
    assert (turn.question.text, turn.status, turn.result and turn.result.content) == (
        "What is the total?",
        "complete",
        "12.50",
    )
    assert session.question_of(first) is None and session.last_turn_id() == second
    # the history is a log: the failed try stays recorded as failed, marked superseded; the retry is a turn of
    # its own, and the conversation as reopened (and sent with a follow-up) holds only the retry
    cid = ended.args[0].conversation_id
    assert logged(paths, cid) == [("What is the total?", "failed", 1), ("What is the total?", "complete", 0)]
    assert [(t.question.text, t.status) for t in stored(paths, cid).turns] == [
        ("What is the total?", "complete")
    ]


def test_a_stopped_turn_can_be_retried(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay
) -> None:
    session = make_session(history=False)
    relay.push(stream_reply("one two three four five six", chunk_delay=0.3))
    with qtbot.waitSignal(session.text_received, timeout=5000):
        first = session.send(question(relay, "Count slowly", stream=True))
    with qtbot.waitSignal(session.turn_failed):
        session.cancel()
    assert session.can_retry(first)
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        session.retry(first)
    [turn] = session.conversation.turns
    assert turn.status == "complete" and turn.question.text == "Count slowly"


def test_regenerate_asks_again_with_the_same_earlier_turns_and_keeps_the_old_answer_in_the_history(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay, paths: AppPaths
) -> None:
    session = make_session()
    relay.push(Reply(200, completion("A receipt.")), Reply(200, completion("12.50")))
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        session.send(question(relay, "What is it?", images=photo()))
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        second = session.send(question(relay, "The total?"))
    assert session.can_regenerate() and not session.can_retry(second)
    replaced: list[TurnReplaced] = []
    session.turn_replaced.connect(replaced.append)
    recorded: list[TurnRecorded] = []
    session.turn_recorded.connect(recorded.append)
    relay.push(Reply(200, completion("The total is 12.50 EUR.")))
    with qtbot.waitSignal(session.turn_finished, timeout=10000) as finished:
        third = session.regenerate()
    # (the second turn's end may still be on its way to the history: wait for the third's)
    qtbot.waitUntil(lambda: any(r.turn_id == third and r.ended for r in recorded), timeout=10000)
    assert replaced == [TurnReplaced(second, third, "regenerate")]
    assert finished.args[0].result.content == "The total is 12.50 EUR."
    # asked exactly as the first time: the earlier turn, then the question; not the old answer
    assert relay.chat_requests[-1].json["messages"] == relay.chat_requests[1].json["messages"]
    assert [(t.question.text, t.result and t.result.content) for t in session.conversation.turns] == [
        ("What is it?", "A receipt."),
        ("The total?", "The total is 12.50 EUR."),
    ]
    # the tokens of the answer set aside were used all the same
    assert session.usage().total_tokens == 3 * 1242
    cid = recorded[-1].conversation_id
    assert logged(paths, cid) == [
        ("What is it?", "complete", 0),
        ("The total?", "complete", 1),
        ("The total?", "complete", 0),
    ]
    reopened = stored(paths, cid)
    assert [(t.question.text, t.answer) for t in reopened.turns] == [
        ("What is it?", "A receipt."),
        ("The total?", "The total is 12.50 EUR."),
    ]
    # a follow-up to the reopened conversation sends the answer that replaced the old one, not both
    with HistoryStore.open(paths) as store:
        sent = [m.text for m in store.to_conversation(reopened).history_messages()]
    assert sent == ["What is it?", "A receipt.", "The total?", "The total is 12.50 EUR."]


def test_take_last_question_removes_the_turn_so_sending_again_replaces_it(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay
) -> None:
    session = make_session(history=False)
    relay.push(Reply(200, completion("A receipt.")), Reply(200, completion("Twelve.")))
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        session.send(question(relay, "What is it?"))
    asked = question(relay, "The total?", images=photo())
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        second = session.send(asked)
    with qtbot.waitSignal(session.turn_removed) as removed:
        taken = session.take_last_question()
    assert removed.args[0] == TurnRemoved(second)
    assert taken is asked and taken.text == "The total?" and taken.images == asked.images
    assert [t.question.text for t in session.conversation.turns] == ["What is it?"]
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        session.send(question(relay, "The total, in euros?"))
    texts = json.dumps(relay.chat_requests[-1].json["messages"])
    assert "Twelve." not in texts and "The total?" not in texts and "A receipt." in texts
    assert [t.question.text for t in session.conversation.turns] == ["What is it?", "The total, in euros?"]


def test_only_the_last_ended_turn_is_acted_on(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay
) -> None:
    session = make_session(history=False)
    assert session.take_last_question() is None and not session.can_regenerate()
    fail_three_times(relay)
    with qtbot.waitSignal(session.turn_failed, timeout=10000):
        failed = session.send(question(relay, "First"))
    with qtbot.waitSignal(session.turn_finished, timeout=10000):
        answered = session.send(question(relay, "Second"))
    assert not session.can_retry(failed)  # a later turn was asked since
    with pytest.raises(ValueError):
        session.retry(failed)
    with pytest.raises(ValueError):
        session.retry(answered)  # it has an answer: regenerate it
    relay.push(Reply(200, completion("slow"), delay=5))
    session.send(question(relay, "Third"))
    assert session.last_turn_id() is None and not session.can_regenerate()  # one is in flight
    with pytest.raises(ValueError):
        session.regenerate()
    session.cancel()
    session.new_conversation()
    assert session.last_turn_id() is None and session.question_of(answered) is None


def test_an_answer_sent_from_a_session_has_its_cost_and_estimate_in_the_history(
    qtbot: QtBot, make_session: Callable[..., ConversationSession], relay: ScriptedRelay, paths: AppPaths
) -> None:
    session = make_session()
    relay.push(Reply(200, completion("A red square.")))
    priced = replace(question(relay, "What is it?"), price=Price(3.0, 15.0), estimated_prompt_tokens=1200)
    with qtbot.waitSignal(session.turn_recorded, check_params_cb=recorded_end, timeout=10000) as ended:
        session.send(priced)
    [turn] = stored(paths, ended.args[0].conversation_id).turns
    usage = session.usage()
    assert usage.reported and usage.prompt_tokens > 0
    expected = (usage.prompt_tokens * 3.0 + usage.completion_tokens * 15.0) / 1_000_000
    assert turn.cost == pytest.approx(expected) and turn.currency == "USD"
    assert turn.estimated_prompt_tokens == 1200
