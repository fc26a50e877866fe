"""Each answer's cost is recorded with it: from the price the settings give for the model and the usage the
relay reported; unknown (NULL) without a price or without reported usage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vision_desktop.chat.recording import ConversationRecord, TurnRecord, answer_cost, recording_turn
from vision_desktop.core.errors import RateLimitError
from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths
from vision_desktop.storage.settings import Settings

OPTIONS = ChatOptions(model="claude-sonnet-4-20250514")
QUESTION = Message("user", "What is the total on this receipt?")


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open(app_paths()) as opened:
        yield opened


def result(prompt: int = 1600, completion: int = 40, *, reported: bool = True) -> ChatResult:
    return ChatResult(
        "r", "claude-sonnet-4-20250514", "12.50 €", "stop", Usage(prompt, completion, 0, reported)
    )


def test_a_finished_turn_with_a_known_price_records_its_cost(store: HistoryStore) -> None:
    price = Settings().price_for("claude-sonnet-4-20250514")  # the list price: $3 in, $15 out per million
    assert price is not None
    turn = TurnRecord(ConversationRecord(), QUESTION, OPTIONS, price=price, estimated_prompt_tokens=1590)
    cid = turn.finish(store, result())
    (stored,) = store.load_conversation(cid).turns
    assert stored.cost == pytest.approx((1600 * 3 + 40 * 15) / 1_000_000) and stored.currency == "USD"
    assert stored.estimated_prompt_tokens == 1590
    assert store.spent_this_month("USD") == pytest.approx(0.0054)


def test_the_persons_own_price_and_currency_win(store: HistoryStore) -> None:
    settings = Settings(currency="CNY", prices={"claude-sonnet-4-20250514": (20.0, 100.0)})
    turn = TurnRecord(ConversationRecord(), QUESTION, OPTIONS, price=settings.price_for(OPTIONS.model))
    cid = turn.finish(store, result(1_000_000, 0))
    (stored,) = store.load_conversation(cid).turns
    assert (stored.cost, stored.currency) == (20.0, "CNY")


def test_an_unknown_price_or_unreported_usage_records_no_cost(store: HistoryStore) -> None:
    unknown = Settings(currency="CNY").price_for("some-local-model")
    assert unknown is None
    no_price = TurnRecord(ConversationRecord(), QUESTION, OPTIONS, price=unknown)
    priced = Settings().price_for(OPTIONS.model)
    unreported = TurnRecord(ConversationRecord(), QUESTION, OPTIONS, price=priced)
    for turn, answered in ((no_price, result()), (unreported, result(reported=False))):
        cid = turn.finish(store, answered)
        (stored,) = store.load_conversation(cid).turns
        assert (stored.status, stored.cost, stored.currency) == ("complete", None, None)
    totals = store.usage_totals()
    assert (totals.requests, totals.unpriced, totals.costs) == (2, 2, ())
    assert answer_cost(result(), None) == (None, None)


def test_a_failed_turn_keeps_the_estimate_but_costs_nothing_known(store: HistoryStore) -> None:
    turn = TurnRecord(
        ConversationRecord(),
        QUESTION,
        OPTIONS,
        price=Settings().price_for(OPTIONS.model),
        estimated_prompt_tokens=900,
    )
    cid = turn.fail(store, RateLimitError())
    (stored,) = store.load_conversation(cid).turns
    assert (stored.status, stored.cost, stored.estimated_prompt_tokens) == ("failed", None, 900)


def test_the_cli_recording_passes_the_price_through() -> None:
    price = Settings().price_for(OPTIONS.model)
    with recording_turn(app_paths(), QUESTION, OPTIONS, price=price, estimated_prompt_tokens=1500) as rec:
        rec.finish(result())
    with HistoryStore.open(app_paths()) as store:
        (row,) = store.ledger_rows()
        assert (row.cost, row.currency) == (pytest.approx(0.0054), "USD")
        assert store.load_conversation(row.conversation_id).turns[0].estimated_prompt_tokens == 1500
