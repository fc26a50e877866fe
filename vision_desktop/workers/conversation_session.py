"""One conversation: its stored turns (when opened from the history), its new turns, the turn in flight, the
stream of its answer and its recording in the history. The window renders what it says; a batch run or a
side-by-side comparison makes a session of its own, with its own :class:`ChatController`, and no window.

A question goes :meth:`ConversationSession.send` → (earlier turns of a stored conversation loaded through the
:class:`HistoryController`) → :meth:`ChatController.submit` → the request thread → back as signals. The history
is written through the :class:`HistoryController` (on its thread, in order) with the steps of
:mod:`vision_desktop.chat.recording`: the question before the answer, the streamed text at most every half
second, how the turn ended.

The signals are listed in :class:`ConversationSession`'s docstring.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QObject, QTimer, Signal

from vision_desktop.api.parameters import ParameterChange
from vision_desktop.chat.connection import Connection
from vision_desktop.chat.recording import ConversationRecord, TurnRecord
from vision_desktop.core.errors import CancelledError, VisionDesktopError
from vision_desktop.core.models import (
    Conversation,
    Message,
    Turn,
    Usage,
)
from vision_desktop.workers.chat_controller import ChatController
from vision_desktop.workers.jobs import RequestFailure, RequestJob, RequestOutcome

if TYPE_CHECKING:
    from vision_desktop.storage.history import HistoryStore, StoredConversation
    from vision_desktop.workers.history_controller import HistoryController

from vision_desktop.workers.session_events import (
    ConversationReset,
    ParameterLearned,
    Question,
    SaveFailed,
    SizeWarning,
    TurnFailed,
    TurnFinished,
    TurnProgress,
    TurnRecorded,
    TurnRemoved,
    TurnReplaced,
    TurnSaved,
    TurnStarted,
    TurnText,
)

log = logging.getLogger(__name__)

STREAM_FLUSH_MS = 33
"""Streamed text reaches the view at most this often (~30 times a second)."""
PARTIAL_SAVE_S = 0.5
"""Streamed text is saved at most this often: a killed app loses at most that much of an answer."""


@dataclass(eq=False)
class _Asked:
    """A question of this session and, once it ended, its turn in ``conversation.turns``."""

    question: Question
    turn: Turn | None = None
    record: TurnRecord | None = None
    """How it is recorded in the history (marked superseded when a later try replaces it)."""


@dataclass(eq=False)
class _Flight:
    """The turn in flight (GUI thread only; its ``record`` is written on the history thread, in order)."""

    id: int
    question: Question
    record: TurnRecord | None
    generation: int
    started: float
    request_id: int | None = None
    """``None`` while the earlier turns of a stored conversation are being read."""
    streamed: list[str] = field(default_factory=list)
    unshown: list[str] = field(default_factory=list)
    last_save: float = 0.0
    saved_pieces: int = 0
    """How many pieces of ``streamed`` were handed to the history (only newer ones are joined and sent)."""
    saved_chars: int = 0
    """Their length in characters."""


class ConversationSession(QObject):
    """One conversation and its turn in flight; talks to a :class:`ChatController` (and, optionally, a
    :class:`HistoryController`), never to a widget.

    Signals, each with one payload (the frozen dataclasses below):

    * ``turn_started(TurnStarted)``: a question was accepted; its turn id is in every later payload
    * ``status_changed(TurnProgress)``: progress in plain (English, translatable) words
    * ``text_received(TurnText)``: new answer text, at most ~30 times a second (the first words at once)
    * ``size_warned(SizeWarning)``: the conversation nears (or passes) the upstream request limits
    * ``turn_finished(TurnFinished)``: the answer arrived
    * ``parameter_learned(ParameterLearned)``: a relay refused a parameter of the model (the question went again
      without it); keep it in the settings. Comes before the turn's ``turn_finished`` (or ``turn_failed``).
    * ``turn_failed(TurnFailed)``: the request failed, or was stopped (``TurnFailed.stopped``)
    * ``turn_replaced(TurnReplaced)``: the last turn is asked again (:meth:`retry`, :meth:`regenerate`); sent just
      before the new turn's ``turn_started``
    * ``turn_removed(TurnRemoved)``: a turn left the conversation (:meth:`remove_turn`,
      :meth:`take_last_question`)
    * ``busy_changed(bool)``: a turn is (no longer) in flight
    * ``conversation_reset(ConversationReset)``: the session holds another conversation (new, or stored)
    * ``turn_recorded(TurnRecorded)``: the history has the question, or how the turn ended
    * ``saved(TurnSaved)``: a write to the history succeeded (a notice about saving problems can go)
    * ``save_failed(SaveFailed)``: a write to the history failed (the answer is still shown)
    """

    turn_started = Signal(TurnStarted)
    status_changed = Signal(TurnProgress)
    text_received = Signal(TurnText)
    size_warned = Signal(SizeWarning)
    turn_finished = Signal(TurnFinished)
    turn_failed = Signal(TurnFailed)
    turn_replaced = Signal(TurnReplaced)
    turn_removed = Signal(TurnRemoved)
    busy_changed = Signal(bool)
    conversation_reset = Signal(ConversationReset)
    turn_recorded = Signal(TurnRecorded)
    saved = Signal(TurnSaved)
    save_failed = Signal(SaveFailed)
    parameter_learned = Signal(ParameterLearned)
    _parameter_taught = Signal(int, object)
    """From the request thread: (turn id, :class:`ParameterChange`), queued to this session's thread."""

    def __init__(
        self,
        controller: ChatController,
        history: HistoryController | None = None,
        *,
        system: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.history = history
        self.conversation = Conversation(system=system or None)
        """The turns asked in this session (with the stored ones, if any, before them)."""
        self.stored: StoredConversation | None = None
        """The conversation as it was opened from the history."""
        self.conversation_id: int | None = None
        """The conversation in the history; set once its first question is recorded."""
        self._earlier: tuple[Message, ...] | None = None
        """The stored turns as they are sent again (images read), once a follow-up needed them."""
        self._record = ConversationRecord(system=self.conversation.system)
        self._generation = 0
        self._ids = itertools.count(1)
        self._flight: _Flight | None = None
        self._asked: dict[int, _Asked] = {}
        """The questions of this session by turn id, to ask one again (stored turns are not here)."""
        self._set_aside = Usage(reported=False)
        """Tokens of answers taken out of the conversation (regenerated, edited): they were used all the same."""
        self._lessons: list[ParameterChange] = []
        """Parameters relays refused, per model, while this session lives (whatever the conversation): the
        next question is built with them even before the settings it is sent with have them."""
        self._parameter_taught.connect(self._on_request_parameter_taught)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(STREAM_FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush_stream)
        controller.status_changed.connect(self._on_controller_status_changed)
        controller.text_received.connect(self._on_controller_text_received)
        controller.response_received.connect(self._on_controller_response_received)
        controller.request_failed.connect(self._on_controller_request_failed)
        controller.request_cancelled.connect(self._on_controller_request_cancelled)

    # -- state -----------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._flight is not None

    @property
    def system(self) -> str | None:
        return self.conversation.system

    def set_system(self, text: str) -> None:
        """The instructions sent with the next questions (blank: none)."""
        self.conversation.system = text.strip() or None

    def usage(self) -> Usage:
        """Tokens used by the whole conversation, stored turns included."""
        base = self.stored.usage() if self.stored is not None else Usage(reported=False)
        return self.conversation.usage() + base + self._set_aside

    def has_answers(self) -> bool:
        """Whether a question of this session got an answer."""
        return any(t.result is not None for t in self.conversation.turns)

    # -- which conversation ------------------------------------------------------------------------------
    def new_conversation(self, system: str | None = None) -> None:
        """Stop what runs and start afresh."""
        self._reset(Conversation(system=system or None), None)
        self.conversation_reset.emit(ConversationReset(None))

    def open_stored(self, stored: StoredConversation) -> None:
        """Continue ``stored`` (needs the history: its images are read from there for a follow-up)."""
        if self.history is None:
            raise RuntimeError("a stored conversation needs the history")
        self._reset(Conversation(system=stored.system_prompt), stored)
        self.conversation_id = stored.id
        self._record = ConversationRecord(id=stored.id, system=stored.system_prompt)
        self.conversation_reset.emit(ConversationReset(stored.id, stored.title))

    def forget_stored(self) -> None:
        """The history was replaced under this conversation: the next question starts a new one in it."""
        self.stored = None
        self._earlier = None
        self.conversation_id = None
        self._record = ConversationRecord(system=self.conversation.system)

    def _reset(self, conversation: Conversation, stored: StoredConversation | None) -> None:
        self.cancel()
        self._generation += 1
        self.conversation = conversation
        self.stored = stored
        self._earlier = None
        self.conversation_id = None
        self._record = ConversationRecord(system=conversation.system)
        self._asked = {}
        self._set_aside = Usage(reported=False)

    # -- sending ---------------------------------------------------------------------------------------
    def send(self, question: Question) -> int:
        """Send ``question`` as the next turn; returns the turn's id (in every signal about it)."""
        if self._flight is not None:
            raise RuntimeError("a question is already in flight")
        return self._start(question)

    def _start(self, question: Question, replaces: TurnReplaced | None = None) -> int:
        record = None
        if self.history is not None:
            if self._record.id is None:
                self._record.system = self.conversation.system
            record = TurnRecord(
                self._record,
                question.message,
                question.options,
                question.provider,
                price=question.price,
                estimated_prompt_tokens=question.estimated_prompt_tokens,
            )
        flight = _Flight(next(self._ids), question, record, self._generation, time.monotonic())
        self._flight = flight
        self._asked[flight.id] = _Asked(question, record=record)
        if replaces is not None:
            self.turn_replaced.emit(replace(replaces, new_turn_id=flight.id))
        self.turn_started.emit(TurnStarted(flight.id, question.text, question.images, flight.started))
        self.busy_changed.emit(True)
        self._record_start(flight)  # first: a question is in the history before its request goes out
        if self.stored is not None and self._earlier is None:
            stored = self.stored
            self._history_call(
                lambda store: store.to_conversation(stored).history_messages(),
                lambda earlier: self._on_history_earlier_loaded(flight, earlier),
                lambda exc: self._on_history_earlier_failed(flight, exc),
            )
        else:
            self._submit(flight)
        self._check_size(flight)
        return flight.id

    def _submit(self, flight: _Flight) -> None:
        question = flight.question
        job = RequestJob(
            connect=self._connect_for(flight),
            history=(*(self._earlier or ()), *self.conversation.history_messages()),
            text=question.text,
            images=question.images,
            options=question.options,
            system=self.conversation.system,
            stream=question.stream,
        )
        flight.request_id = self.controller.submit(job)

    def _connect_for(self, flight: _Flight) -> Callable[[], object]:
        """The question's ``connect``, with this session's lessons added and each new lesson reported back
        (``_parameter_taught`` is emitted on the request thread and delivered here, before the outcome)."""
        connect, lessons, turn_id = flight.question.connect, tuple(self._lessons), flight.id
        taught = self._parameter_taught

        def connect_here() -> object:
            connection = connect()
            if not isinstance(connection, Connection):
                return connection
            earlier = connection.on_learned

            def learned(change: ParameterChange) -> None:
                if earlier is not None:
                    earlier(change)
                taught.emit(turn_id, change)

            return replace(connection.with_learned(lessons), on_learned=learned)

        return connect_here

    def _on_request_parameter_taught(self, turn_id: int, change: ParameterChange) -> None:
        self._lessons = [
            c for c in self._lessons if (c.model, c.parameter) != (change.model, change.parameter)
        ]
        self._lessons.append(change)
        self.parameter_learned.emit(ParameterLearned(turn_id, change))

    def _on_history_earlier_loaded(self, flight: _Flight, earlier: tuple[Message, ...]) -> None:
        if flight is not self._flight:
            return  # stopped while the earlier turns were read
        self._earlier = earlier
        self._submit(flight)

    def _on_history_earlier_failed(self, flight: _Flight, exc: BaseException) -> None:
        if flight is not self._flight:
            return
        error = (
            exc
            if isinstance(exc, VisionDesktopError)
            else VisionDesktopError(
                "The earlier turns of this conversation could not be read from the history.",
                detail=f"{type(exc).__name__}: {exc}",
            )
        )
        self._fail(flight, error)

    def _check_size(self, flight: _Flight) -> None:
        """Warn when the follow-up nears the upstream limits of 100 images and 32 MB per request."""
        messages = (
            *self.conversation.history_messages(),
            flight.question.message,
        )
        stored = self.stored
        if stored is None:
            from vision_desktop.storage.history import request_size_check

            self._warn_size(flight, request_size_check(messages).warning)
        else:  # the stored turns' sizes, without reading their images
            self._history_call(
                lambda store: store.conversation_size(stored, messages).warning,
                lambda warning: self._warn_size(flight, warning),
            )

    def _warn_size(self, flight: _Flight, warning: str | None) -> None:
        if warning:
            self.size_warned.emit(SizeWarning(flight.id, warning))

    def cancel(self) -> None:
        """Stop the turn in flight; its answer so far is kept (``turn_failed`` with ``stopped``)."""
        flight = self._flight
        if flight is None:
            return
        if flight.request_id is not None and self.controller.busy:
            self.controller.cancel()  # request_cancelled: stopped below
        if self._flight is flight:
            self._fail(flight, CancelledError())

    def shutdown(self) -> None:
        """On quit: stop the request thread. A turn in flight stays pending in the history (it is marked
        interrupted when the history is next opened)."""
        self._flush_timer.stop()
        self._flight = None
        self.controller.shutdown()

    # -- acting on the last turn -------------------------------------------------------------------------
    # The history is a log of what happened: a failed try that is retried stays recorded as failed, an answer
    # regenerated and a question taken back to be edited stay recorded as they were, marked superseded; the new
    # try is a turn of its own. The conversation (what is shown, reopened and sent with a follow-up) holds only
    # the turn that replaced them.
    def last_turn_id(self) -> int | None:
        """The last turn of this session, once it ended (``None`` while one is in flight, when there is none, or
        when the conversation's last turn is a stored one)."""
        if self._flight is not None or not self.conversation.turns:
            return None
        last = self.conversation.turns[-1]
        for turn_id, asked in reversed(self._asked.items()):
            if asked.turn is last:
                return turn_id
        return None

    def question_of(self, turn_id: int) -> Question | None:
        """The question turn ``turn_id`` of this session asked (``None`` for another conversation's turn)."""
        asked = self._asked.get(turn_id)
        return asked.question if asked is not None else None

    def can_retry(self, turn_id: int) -> bool:
        """``turn_id`` is the last turn and it failed or was stopped."""
        asked = self._asked.get(turn_id)
        return (
            turn_id == self.last_turn_id()
            and asked is not None
            and asked.turn is not None
            and asked.turn.result is None
        )

    def can_regenerate(self) -> bool:
        """The last turn got an answer that can be asked for again."""
        turn_id = self.last_turn_id()
        turn = self._asked[turn_id].turn if turn_id is not None else None
        return turn is not None and turn.result is not None

    def retry(self, turn_id: int) -> int:
        """Ask the failed or stopped last turn ``turn_id`` again (its text and images, with the same earlier turns);
        the new try takes its place (``turn_replaced``, then ``turn_started``). Returns the new turn's id."""
        if not self.can_retry(turn_id):
            raise ValueError(f"turn {turn_id} is not a failed or stopped last turn")
        return self._ask_again(turn_id, "retry")

    def regenerate(self) -> int:
        """Ask the last answered question again, with the same earlier turns; the new answer takes the old one's
        place in the conversation (the old one stays in the history). Returns the new turn's id."""
        turn_id = self.last_turn_id()
        if turn_id is None or not self.can_regenerate():
            raise ValueError("the last turn has no answer to regenerate")
        return self._ask_again(turn_id, "regenerate")

    def _ask_again(self, turn_id: int, reason: Literal["retry", "regenerate"]) -> int:
        question = self._take(turn_id)
        return self._start(question, TurnReplaced(turn_id, 0, reason))

    def remove_turn(self, turn_id: int) -> Question:
        """Take the ended turn ``turn_id`` out of the conversation (it is no longer shown or sent with a
        follow-up; the history keeps it); returns its question. ``turn_removed`` says so."""
        asked = self._asked.get(turn_id)
        if asked is None or asked.turn is None:
            raise ValueError(f"turn {turn_id} is not an ended turn of this session")
        question = self._take(turn_id)
        self.turn_removed.emit(TurnRemoved(turn_id))
        return question

    def take_last_question(self) -> Question | None:
        """Edit and resend: take the last turn (and its answer) out of the conversation and return its question,
        to be put back where it is written; ``None`` when there is no ended turn of this session to take."""
        turn_id = self.last_turn_id()
        return self.remove_turn(turn_id) if turn_id is not None else None

    def _take(self, turn_id: int) -> Question:
        asked = self._asked.pop(turn_id)
        record = asked.record
        if record is not None and self.history is not None:
            # written after the turn's own steps (the history thread keeps the order)
            self.history.call(record.supersede)
        turns = self.conversation.turns
        index = next((i for i, t in enumerate(turns) if t is asked.turn), None)
        if index is not None:
            removed = turns.pop(index)
            if removed.result is not None:
                self._set_aside = self._set_aside + removed.result.usage
        return asked.question

    # -- from the controller -----------------------------------------------------------------------------
    def _current(self, request_id: int | None = None) -> _Flight | None:
        flight = self._flight
        if flight is None or flight.request_id is None:
            return None
        if request_id is not None and request_id != flight.request_id:
            return None
        return flight

    def _on_controller_status_changed(self, text: str) -> None:
        flight = self._current()
        if flight is not None:
            self.status_changed.emit(TurnProgress(flight.id, text))

    def _on_controller_text_received(self, text: str) -> None:
        flight = self._current()
        if flight is None:
            return
        flight.streamed.append(text)
        flight.unshown.append(text)
        if len(flight.streamed) == 1:
            self._flush_stream()  # the first words show at once
        elif not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush_stream(self) -> None:
        flight = self._flight
        if flight is None or not flight.unshown:
            return
        text = "".join(flight.unshown)
        flight.unshown.clear()
        self.text_received.emit(TurnText(flight.id, text))
        self._record_text(flight)

    def _on_controller_response_received(self, outcome: RequestOutcome) -> None:
        flight = self._current(outcome.request_id)
        if flight is None:
            return
        self._end(flight)
        self._add_turn(flight, Turn(outcome.question, outcome.result))
        self._record_end(flight, lambda turn, store: turn.finish(store, outcome.result))
        self.turn_finished.emit(
            TurnFinished(
                flight.id, outcome.question, outcome.result, outcome.notes, flight.question.options.model
            )
        )
        self.busy_changed.emit(False)

    def _on_controller_request_failed(self, failure: RequestFailure) -> None:
        flight = self._current(failure.request_id)
        if flight is not None:
            self._fail(flight, failure.error)

    def _on_controller_request_cancelled(self, request_id: int) -> None:
        flight = self._current(request_id)
        if flight is not None:
            self._fail(flight, CancelledError())

    def _fail(self, flight: _Flight, error: VisionDesktopError) -> None:
        self._end(flight)
        streamed = "".join(flight.streamed)
        text = flight.question.text
        if isinstance(error, CancelledError):
            partial = streamed
            self._add_turn(flight, Turn(Message("user", text), None, "stopped"))
            self._record_end(flight, lambda turn, store: turn.stop(store, partial))
        else:
            partial = error.partial or streamed
            self._add_turn(flight, Turn(Message("user", text), None, "failed", error.message))
            self._record_end(flight, lambda turn, store: turn.fail(store, error, partial))
        self.turn_failed.emit(TurnFailed(flight.id, error, partial))
        self.busy_changed.emit(False)

    def _end(self, flight: _Flight) -> None:
        self._flush_timer.stop()
        self._flight = None
        flight.unshown.clear()

    def _add_turn(self, flight: _Flight, turn: Turn) -> None:
        self.conversation.turns.append(turn)
        asked = self._asked.get(flight.id)
        if asked is not None:
            asked.turn = turn

    # -- recording -----------------------------------------------------------------------------------------
    def _history_call(
        self,
        fn: Callable[[HistoryStore], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        assert self.history is not None
        self.history.call(fn, on_done, on_error)

    def _write(
        self, flight: _Flight, fn: Callable[[HistoryStore], Any], on_done: Callable[[Any], None] | None = None
    ) -> None:
        """A write of what the person asked or received: its failure is reported (``save_failed``)."""

        def done(result: Any) -> None:
            self.saved.emit(TurnSaved(flight.id))
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            self.save_failed.emit(SaveFailed(flight.id, exc))

        self._history_call(fn, done, failed)

    def _record_start(self, flight: _Flight) -> None:
        record = flight.record
        if record is not None:
            self._write(flight, record.start, lambda cid: self._on_history_recorded(flight, cid, ended=False))

    def _record_text(self, flight: _Flight, *, force: bool = False) -> None:
        """Save what has streamed in so far, at most every half second."""
        record = flight.record
        if record is None:
            return
        now = time.monotonic()
        if not force and now - flight.last_save < PARTIAL_SAVE_S:
            return
        flight.last_save = now
        piece = "".join(flight.streamed[flight.saved_pieces :])
        offset = flight.saved_chars
        flight.saved_pieces = len(flight.streamed)
        flight.saved_chars += len(piece)
        if piece:
            self._write(flight, lambda store: record.save_more(store, piece, offset))

    def _record_end(self, flight: _Flight, step: Callable[[TurnRecord, HistoryStore], int]) -> None:
        record = flight.record
        if record is not None:
            self._write(
                flight,
                lambda store: step(record, store),
                lambda cid: self._on_history_recorded(flight, cid, ended=True),
            )

    def _on_history_recorded(self, flight: _Flight, conversation_id: int, *, ended: bool) -> None:
        adopted = self.conversation_id is None and flight.generation == self._generation
        if adopted:
            self.conversation_id = conversation_id
        self.turn_recorded.emit(TurnRecorded(flight.id, conversation_id, ended, adopted))


__all__ = [
    "ConversationReset",
    "ConversationSession",
    "ParameterLearned",
    "Question",
    "SaveFailed",
    "SizeWarning",
    "TurnFailed",
    "TurnFinished",
    "TurnProgress",
    "TurnRecorded",
    "TurnRemoved",
    "TurnReplaced",
    "TurnSaved",
    "TurnStarted",
    "TurnText",
]
