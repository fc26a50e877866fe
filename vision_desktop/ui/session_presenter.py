"""Shows a :class:`ConversationSession` in the window: each turn in the :class:`ConversationView` as it starts,
streams, ends or fails; the conversation's token usage; and a failed or stopped question back in the
:class:`Composer` (at once when the composer is empty, else from the turn's Put back button).

Signals: none. The window tells it which draft is being sent (:meth:`SessionPresenter.sending`) just before it
calls :meth:`ConversationSession.send`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from vision_desktop.ui.messages import error_text
from vision_desktop.ui.widgets.composer import Composer, ComposerDraft
from vision_desktop.ui.widgets.conversation_view import ConversationView, TurnWidget
from vision_desktop.workers.conversation_session import (
    ConversationReset,
    ConversationSession,
    SizeWarning,
    TurnFailed,
    TurnFinished,
    TurnProgress,
    TurnStarted,
    TurnText,
)


@dataclass(frozen=True)
class _ShownTurn:
    """A turn on screen and the composer's draft it was sent from (to put back if it fails)."""

    widget: TurnWidget
    draft: ComposerDraft


class SessionPresenter(QObject):
    def __init__(
        self,
        session: ConversationSession,
        *,
        view: ConversationView,
        composer: Composer,
        status_bar: QStatusBar,
        usage_label: QLabel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._view = view
        self._composer = composer
        self._status_bar = status_bar
        self._usage_label = usage_label
        self._outgoing: ComposerDraft | None = None
        """The draft being sent, until the session says its turn started."""
        self._started: float | None = None
        self._shown: dict[int, _ShownTurn] = {}
        """Turns in flight, by the session's turn id."""
        self._restorable: dict[TurnWidget, ComposerDraft] = {}
        """Failed or stopped questions not put back automatically, by their turn."""
        view.restore_requested.connect(self._on_view_restore_requested)
        session.turn_started.connect(self._on_session_turn_started)
        session.status_changed.connect(self._on_session_status_changed)
        session.text_received.connect(self._on_session_text_received)
        session.size_warned.connect(self._on_session_size_warned)
        session.turn_finished.connect(self._on_session_turn_finished)
        session.turn_failed.connect(self._on_session_turn_failed)
        session.busy_changed.connect(self._on_session_busy_changed)
        session.conversation_reset.connect(self._on_session_conversation_reset)
        self.update_usage()

    def sending(self, draft: ComposerDraft) -> None:
        """``draft`` (its thumbnails, and what to put back if it fails) is the question about to be sent."""
        self._outgoing = draft

    def _on_session_turn_started(self, started: TurnStarted) -> None:
        draft = self._outgoing if self._outgoing is not None else ComposerDraft(started.text, ())
        self._outgoing = None
        widget = self._view.add_turn(
            started.text,
            [i.thumbnail for i in draft.images],  # type: ignore[misc]  # a thumbnail not made yet: none shown
            [i.input.label for i in draft.images],
        )
        self._shown[started.turn_id] = _ShownTurn(widget, draft)
        self._started = started.started

    def _on_session_busy_changed(self, busy: bool) -> None:
        self._composer.set_busy(busy, self._started)

    def _on_session_status_changed(self, progress: TurnProgress) -> None:
        shown = self._shown.get(progress.turn_id)
        if shown is not None:
            shown.widget.set_pending(self.tr(progress.text))

    def _on_session_text_received(self, text: TurnText) -> None:
        shown = self._shown.get(text.turn_id)
        if shown is not None:
            shown.widget.append_text(text.text)

    def _on_session_size_warned(self, warning: SizeWarning) -> None:
        shown = self._shown.get(warning.turn_id)
        if shown is not None:
            shown.widget.notice.setText(warning.text)
            shown.widget.notice.show()
        self._status_bar.showMessage(warning.text, 10000)

    def _on_session_turn_finished(self, finished: TurnFinished) -> None:
        shown = self._shown.pop(finished.turn_id, None)
        if shown is not None:
            shown.widget.set_result(finished.result, finished.notes)
        for note in finished.notes:
            self._status_bar.showMessage(note, 10000)
        self.update_usage()
        if not finished.notes:
            model = finished.result.model or finished.model
            self._status_bar.showMessage(self.tr("Answer from {model}.").format(model=model), 4000)

    def _on_session_turn_failed(self, failed: TurnFailed) -> None:
        shown = self._shown.pop(failed.turn_id, None)
        if shown is None:
            return
        restored = self._composer.is_empty()
        if restored:  # put the question back, unless the person already started a new one
            self._composer.restore_draft(shown.draft)
        else:
            self._restorable[shown.widget] = shown.draft
        if failed.stopped:
            shown.widget.set_stopped(can_restore=not restored, partial=failed.partial)
            return
        sentence, details = error_text(failed.error)
        if restored:
            sentence += " " + self.tr("Your question is back in the box below.")
        shown.widget.set_error(sentence, details, can_restore=not restored, partial=failed.partial)

    def _on_view_restore_requested(self, turn: TurnWidget) -> None:
        draft = self._restorable.pop(turn, None)
        if draft is not None:
            self._composer.restore_draft(draft)
            turn.hide_restore()

    def _on_session_conversation_reset(self, reset: ConversationReset) -> None:
        self._shown = {}
        self._restorable = {}
        self._view.clear()
        self.update_usage()

    def update_usage(self) -> None:
        usage = self._session.usage()
        if not usage.total_tokens and not self._session.has_answers():
            self._usage_label.setText(self.tr("No tokens used yet"))
            return
        self._usage_label.setText(
            self.tr("Conversation: {total} tokens ({prompt} prompt · {completion} completion)").format(
                total=f"{usage.total_tokens:,}",
                prompt=f"{usage.prompt_tokens:,}",
                completion=f"{usage.completion_tokens:,}",
            )
        )


__all__ = ["SessionPresenter"]
