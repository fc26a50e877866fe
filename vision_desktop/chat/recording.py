"""Recording turns in the history: the question before the request goes out, the answer as it arrives, how the
turn ended. Shared by the window and the CLI; Qt-free and without threads of its own.

Two levels:

* :class:`ConversationRecord` and :class:`TurnRecord` are the steps, each a method that takes the
  :class:`~vision_desktop.storage.history.HistoryStore` and plain data and runs on the caller's thread. A store
  failure is raised (``sqlite3.Error``, ``OSError``, a :class:`~vision_desktop.core.errors.HistoryError`) and leaves
  the record as it was, so the next step can still do the right thing: a question that could not be written when
  it was sent is written whole, with the text that had arrived, when the turn ends. The window's
  ``ConversationSession`` calls them on the history thread through ``HistoryController.call``, which maps those
  failures to a :class:`HistoryError`, deals with a damaged history and shows the notice::

      conversation = ConversationRecord(system="Be brief.")   # ConversationRecord(id=7) for a stored one
      turn = TurnRecord(conversation, question, options, provider="anyfast",
                        price=settings.price_for(options.model))      # the answer's cost is recorded with it
      history.call(turn.start)                                # creates the conversation if needed; pending turn
      history.call(lambda store: turn.save_text(store, text_so_far))   # as text streams in (the caller throttles)
      history.call(lambda store: turn.finish(store, result))  # or turn.fail(store, exc), turn.stop(store, text)

  Calls for one conversation must come from one thread, in order (the history thread runs them so). Several
  turns may share one :class:`ConversationRecord`: the first to start creates the conversation in the store.

* :class:`Recording` and :func:`recording_turn` wrap those steps for a caller that has no history thread (the
  CLI): the store is opened on entry, a damaged history is set aside and reported, a failure to save is logged and
  reported once, and nothing here ever raises into the ask::

      with recording_turn(paths, Message("user", prompt), options, provider=p, start=False) as rec:
          outcome = send_question(..., on_question=rec.start)  # the question with its images, before the request
          rec.finish(outcome.result)

  An exception in the block ends the turn ``failed`` (``stopped`` for Ctrl+C or a cancel) and is re-raised; a
  process killed in the block leaves the turn ``pending``, which the next opening of the history marks
  ``incomplete`` ("The app stopped before the answer was complete.").
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vision_desktop.core.errors import CancelledError, VisionDesktopError
from vision_desktop.core.models import ChatOptions, ChatResult, Message

if TYPE_CHECKING:
    from vision_desktop.core.profiles import Price
    from vision_desktop.storage.history import DamagedHistory, FinalStatus, HistoryStore
    from vision_desktop.storage.paths import AppPaths

__all__ = [
    "ConversationRecord",
    "Recording",
    "TurnRecord",
    "answer_cost",
    "recording_turn",
    "turn_ending",
]

log = logging.getLogger(__name__)

_STORE_FAILURES = (VisionDesktopError, sqlite3.Error, OSError)


def turn_ending(exc: BaseException) -> tuple[FinalStatus, str | None]:
    """How a turn that ended with ``exc`` is recorded: ``("stopped", None)`` for Ctrl+C or a cancel, else
    ``("failed", the error's plain sentence)``."""
    if isinstance(exc, (KeyboardInterrupt, CancelledError)):
        return "stopped", None
    return "failed", exc.message if isinstance(exc, VisionDesktopError) else type(exc).__name__


def answer_cost(result: ChatResult, price: Price | None) -> tuple[float | None, str | None]:
    """What an answer cost, as it is recorded: ``(cost, currency)`` from the usage the relay reported and the
    price per million tokens; ``(None, None)`` (unknown) without a price or without reported usage."""
    if price is None or not result.usage.reported:
        return None, None
    usage = result.usage
    return price.cost(usage.prompt_tokens, usage.completion_tokens), price.currency


@dataclass
class ConversationRecord:
    """The stored conversation new turns go into: ``id`` is ``None`` until the first turn creates it."""

    id: int | None = None
    system: str | None = None
    """The system prompt the conversation is created with (a stored conversation keeps its own)."""

    def ensure(self, store: HistoryStore) -> int:
        """The conversation's id, creating it in ``store`` first if needed."""
        if self.id is None:
            self.id = store.create_conversation(system_prompt=self.system or None)
        return self.id


@dataclass
class TurnRecord:
    """One question and how it ended, recorded step by step (see the module docstring)."""

    conversation: ConversationRecord
    question: Message
    options: ChatOptions
    provider: str | None = None
    price: Price | None = None
    """The model's price when the question was sent (``Settings.price_for``): the answer's cost is worked out
    from it and the reported usage. ``None``: the cost is recorded as unknown."""
    estimated_prompt_tokens: int | None = None
    """The flight check's estimate of the prompt tokens, kept beside the reported count."""
    turn_id: int | None = None
    """Set once the question is written."""
    finished: bool = False
    saved_chars: int = field(default=0, repr=False)
    """How much of the answer text is written (as a partial answer)."""

    @property
    def started(self) -> bool:
        return self.turn_id is not None

    def start(self, store: HistoryStore) -> int:
        """Write the question (status ``pending``, with its images), creating the conversation if needed; returns
        the conversation's id. Does nothing the second time."""
        conversation_id = self.conversation.ensure(store)
        if self.turn_id is None:
            self.turn_id = store.start_turn(
                conversation_id,
                self.question,
                self.options,
                self.provider,
                estimated_prompt_tokens=self.estimated_prompt_tokens,
            )
        return conversation_id

    def save_text(self, store: HistoryStore, text: str) -> None:
        """Save the answer so far (``text`` is all of it; only what is new is written). Before the question is
        written this waits: :meth:`end` writes the text with the question."""
        self.save_more(store, text, 0)

    def save_more(self, store: HistoryStore, piece: str, offset: int) -> None:
        """Save ``piece``, the answer text that starts ``offset`` characters into the answer (what a streaming
        caller has not handed over before: it never joins the whole answer again). A piece that does not join
        what is written (the question was not written yet) waits for :meth:`end`."""
        if self.turn_id is None or self.finished or not offset <= self.saved_chars < offset + len(piece):
            return
        store.append_partial(self.turn_id, piece[self.saved_chars - offset :])
        self.saved_chars = offset + len(piece)

    def end(
        self,
        store: HistoryStore,
        result: ChatResult | None,
        status: FinalStatus,
        error: str | None = None,
        text: str = "",
    ) -> int:
        """Record how the turn ended (writing the question first if that failed before); returns the
        conversation's id. ``text`` is the answer that had arrived when there is no ``result``. A result's cost
        is recorded with it (:func:`answer_cost`). Stored errors are redacted. Does nothing once the turn has
        ended."""
        from vision_desktop.logs import redact

        conversation_id = self.start(store)
        if self.finished:
            return conversation_id
        if result is None and text:
            self.save_text(store, text)
        assert self.turn_id is not None
        cost, currency = answer_cost(result, self.price) if result is not None else (None, None)
        store.finish_turn(
            self.turn_id,
            result,
            status,
            redact(error) if error else error,
            cost=cost,
            currency=currency,
            estimated_prompt_tokens=self.estimated_prompt_tokens,
        )
        self.finished = True
        return conversation_id

    def finish(self, store: HistoryStore, result: ChatResult) -> int:
        """The answer arrived (``incomplete`` when the stream ended early, as ``result.incomplete`` says)."""
        return self.end(store, result, "incomplete" if result.incomplete else "complete")

    def fail(self, store: HistoryStore, exc: BaseException, text: str | None = None) -> int:
        """The request failed (or was stopped, see :func:`turn_ending`); ``text`` defaults to ``exc.partial``."""
        status, error = turn_ending(exc)
        if text is None:
            text = exc.partial if isinstance(exc, VisionDesktopError) else ""
        return self.end(store, None, status, error, text)

    def stop(self, store: HistoryStore, text: str = "") -> int:
        """The person stopped the request; ``text`` is what had arrived."""
        return self.end(store, None, "stopped", None, text)

    def supersede(self, store: HistoryStore) -> None:
        """A later try replaced this turn (Retry, Regenerate, Edit and resend): it stays recorded but leaves the
        conversation as it is reopened and sent with a follow-up. Nothing to do if the question was never
        written."""
        if self.turn_id is not None:
            store.supersede_turn(self.turn_id)


class Recording:
    """One turn recorded for a caller without a history thread; never raises a store failure.

    The first failure to save is logged, kept in :attr:`problem` and passed to ``on_problem``, once. With no
    ``store`` (``--no-history``, or a history that could not be opened) every method does nothing.
    """

    def __init__(
        self,
        store: HistoryStore | None,
        turn: TurnRecord,
        *,
        on_problem: Callable[[BaseException], None] | None = None,
        on_damaged: Callable[[DamagedHistory], None] | None = None,
    ) -> None:
        self._store = store
        self.turn = turn
        self.problem: BaseException | None = None
        """The first failure to save, if any."""
        self._on_problem = on_problem
        self._on_damaged = on_damaged
        self._failed = False

    @property
    def conversation_id(self) -> int | None:
        """The conversation the turn is recorded in; ``None`` when nothing was, or its end was not saved."""
        if self._store is None or self._failed:
            return None
        return self.turn.conversation.id

    @property
    def finished(self) -> bool:
        return self.turn.finished or self._store is None

    def report(self, exc: BaseException) -> None:
        """Log a failure to save; the first one is kept and passed to ``on_problem``."""
        log.warning("could not record the turn in the history: %s", exc)
        if self.problem is None:
            self.problem = exc
            if self._on_problem is not None:
                self._on_problem(exc)

    def _run(self, step: Callable[[HistoryStore], object], *, retry_damaged: bool = False) -> bool:
        store = self._store
        if store is None:
            return False
        try:
            try:
                step(store)
            except _STORE_FAILURES as exc:
                from vision_desktop.storage.history import is_damage

                if not (retry_damaged and is_damage(exc)):
                    raise
                damaged = store.set_aside_damaged(exc)  # found by a query, not at open: same treatment
                if self._on_damaged is not None:
                    self._on_damaged(damaged)
                step(store)
        except _STORE_FAILURES as exc:
            self._failed = True
            self.report(exc)
            return False
        return True

    def start(self, question: Message | None = None) -> None:
        """Write the question now (``question`` replaces the one given at first, e.g. with its prepared
        images); at most once."""
        if question is not None and not self.turn.started:
            self.turn.question = question
        if not self.turn.started:
            self._run(self.turn.start, retry_damaged=True)

    def save_text(self, text: str) -> None:
        self._run(lambda store: self.turn.save_text(store, text))

    def finish(self, result: ChatResult) -> None:
        self._end(lambda store: self.turn.finish(store, result))

    def fail(self, exc: BaseException) -> None:
        self._end(lambda store: self.turn.fail(store, exc))

    def stop(self, text: str = "") -> None:
        self._end(lambda store: self.turn.stop(store, text))

    def end(self, result: ChatResult | None, status: FinalStatus, error: str | None = None) -> None:
        self._end(lambda store: self.turn.end(store, result, status, error))

    def _end(self, step: Callable[[HistoryStore], object]) -> None:
        if self.finished:
            return
        if self._run(step, retry_damaged=not self.turn.started):
            self._failed = False
        else:
            self.turn.finished = True  # said once; the turn is left for the next opening to mark incomplete


@contextlib.contextmanager
def recording_turn(
    paths: AppPaths,
    question: Message,
    options: ChatOptions,
    *,
    provider: str | None = None,
    system: str | None = None,
    price: Price | None = None,
    estimated_prompt_tokens: int | None = None,
    enabled: bool = True,
    start: bool = True,
    on_problem: Callable[[BaseException], None] | None = None,
    on_damaged: Callable[[DamagedHistory], None] | None = None,
) -> Iterator[Recording]:
    """Record one turn of a new conversation around a request (see the module docstring).

    The store is opened on entry (``on_damaged`` hears of a damaged history set aside) and closed on exit. With
    ``start`` the question is written before the block runs; without, the block calls :meth:`Recording.start`
    (with the prepared question) before the request goes out, and a block that ends before that writes
    ``question`` then. An exception in the block ends the turn failed or stopped and is re-raised; a block that
    ends without saying how the turn ended records it ``incomplete``. With ``enabled=False`` nothing is written.
    ``price`` (``Settings.price_for(model)``) gives the answer its cost; ``estimated_prompt_tokens`` is the
    dry run's estimate, kept beside the reported count.
    """
    turn = TurnRecord(
        ConversationRecord(system=system),
        question,
        options,
        provider,
        price=price,
        estimated_prompt_tokens=estimated_prompt_tokens,
    )
    if not enabled:
        yield Recording(None, turn)
        return
    store: HistoryStore | None = None
    recording = Recording(None, turn, on_problem=on_problem, on_damaged=on_damaged)
    try:
        from vision_desktop.storage.history import HistoryStore

        store = HistoryStore.open(paths)
        if store.set_aside is not None and on_damaged is not None:
            on_damaged(store.set_aside)
        recording = Recording(store, turn, on_problem=on_problem, on_damaged=on_damaged)
    except _STORE_FAILURES as exc:
        recording.report(exc)
    try:
        if start:
            recording.start()
        yield recording
    except BaseException as exc:
        recording.fail(exc)
        raise
    finally:
        recording.end(None, "incomplete")
        if store is not None:
            store.close()
