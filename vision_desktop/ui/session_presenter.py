"""Shows a :class:`ConversationSession` in the window: each turn in the :class:`ConversationView` as it starts,
streams, ends or fails; the conversation's token usage; and a failed or stopped question back in the
:class:`Composer` (at once when the composer is empty, else from the turn's Put back button).

It also acts on the last turn for the person: Retry (a failed or stopped try), Regenerate (an answer) and Edit
(the question back in the composer, the turn taken out) go to the session, and the new try takes the old one's
place on screen. A failed question that went back into the composer is a retry too: the next question sent
takes its card's place, so failed tries never stack up. "Open Settings" on an error about the key is the view's
``settings_requested``, which the window connects.

Signals: none. The window tells it which draft is being sent (:meth:`SessionPresenter.sending`) just before it
calls :meth:`ConversationSession.send`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from vision_desktop.ui.messages import error_action, error_text
from vision_desktop.ui.widgets.composer import Composer, ComposerDraft
from vision_desktop.ui.widgets.conversation_view import ConversationView

if TYPE_CHECKING:  # types only: the first paint does not wait for the turn widget or the session's events
    from vision_desktop.ui.widgets.turn_widget import TurnWidget
    from vision_desktop.workers.conversation_session import (
        ConversationReset,
        ConversationSession,
        SizeWarning,
        TurnFailed,
        TurnFinished,
        TurnProgress,
        TurnRemoved,
        TurnReplaced,
        TurnStarted,
        TurnText,
    )


@dataclass(frozen=True)
class _ShownTurn:
    """A turn on screen and the composer's draft it was sent from (to put back, or to ask again)."""

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
        """The session's turns on screen, by its turn id."""
        self._replacing: dict[int, _ShownTurn] = {}
        """A retry or a regenerated answer about to start, by its new turn id: the turn it takes the place of."""
        self._in_box: int | None = None
        """The failed or stopped turn whose question went back into the composer: the next send replaces it."""
        view.restore_requested.connect(self._on_view_restore_requested)
        view.retry_requested.connect(self._on_view_retry_requested)
        view.regenerate_requested.connect(self._on_view_regenerate_requested)
        view.edit_requested.connect(self._on_view_edit_requested)
        session.turn_replaced.connect(self._on_session_turn_replaced)
        session.turn_removed.connect(self._on_session_turn_removed)
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
        """``draft`` (its thumbnails, and what to put back if it fails) is the question about to be sent. A failed
        question that was put back into the composer is being sent again (as it was, or changed): its turn goes,
        the new one takes its place."""
        self._outgoing = draft
        in_box, self._in_box = self._in_box, None
        if in_box is not None and in_box == self._session.last_turn_id():
            self._session.remove_turn(in_box)

    def _on_session_turn_started(self, started: TurnStarted) -> None:
        old = self._replacing.pop(started.turn_id, None)
        if old is not None:
            draft = old.draft
        else:
            draft = self._outgoing if self._outgoing is not None else ComposerDraft(started.text, ())
            self._outgoing = None
        thumbnails = [i.thumbnail for i in draft.images]  # a thumbnail not made yet: none shown
        labels = [i.input.label for i in draft.images]
        # the full pictures, for the viewer a click on a thumbnail opens
        sources = [i.input.prepared.data_url if i.input.prepared else i.input.path for i in draft.images]
        if old is not None:
            widget = self._view.replace_turn(
                old.widget,
                started.text,
                thumbnails,  # type: ignore[arg-type]
                labels,
                sources=sources,
            )
        else:
            widget = self._view.add_turn(started.text, thumbnails, labels, sources=sources)  # type: ignore[arg-type]
        self._shown[started.turn_id] = _ShownTurn(widget, draft)
        self._started = started.started
        self._update_actions()

    def _on_session_turn_replaced(self, replaced: TurnReplaced) -> None:
        old = self._shown.pop(replaced.old_turn_id, None)
        if old is not None:
            self._replacing[replaced.new_turn_id] = old

    def _on_session_turn_removed(self, removed: TurnRemoved) -> None:
        shown = self._shown.pop(removed.turn_id, None)
        if shown is not None:
            self._view.remove_turn(shown.widget)
        if self._in_box == removed.turn_id:
            self._in_box = None
        self._update_actions()
        self.update_usage()

    def _update_actions(self) -> None:
        """Retry, Regenerate and Edit on the last turn of the session once it ended; on no other."""
        last = self._session.last_turn_id()
        answered = self._session.can_regenerate()
        for turn_id, shown in self._shown.items():
            mine = turn_id == last
            shown.widget.set_actions(
                retry=mine and self._session.can_retry(turn_id),
                regenerate=mine and answered,
                edit=mine and answered,
            )

    def _turn_id(self, widget: TurnWidget) -> int | None:
        return next((turn_id for turn_id, shown in self._shown.items() if shown.widget is widget), None)

    def _on_session_busy_changed(self, busy: bool) -> None:
        self._composer.set_busy(busy, self._started)

    def _on_session_status_changed(self, progress: TurnProgress) -> None:
        shown = self._shown.get(progress.turn_id)
        if shown is not None:
            shown.widget.set_pending(progress.text)  # translated where it was made

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
        shown = self._shown.get(finished.turn_id)
        if shown is not None:
            shown.widget.set_result(finished.result, finished.notes)
        self._update_actions()
        for note in finished.notes:
            self._status_bar.showMessage(note, 10000)
        self.update_usage()
        if not finished.notes:
            model = finished.result.model or finished.model
            self._status_bar.showMessage(self.tr("Answer from {model}.").format(model=model), 4000)

    def _on_session_turn_failed(self, failed: TurnFailed) -> None:
        shown = self._shown.get(failed.turn_id)
        if shown is None:
            return
        restored = self._composer.is_empty()
        if restored:  # put the question back, unless the person already started a new one
            self._put_back(shown.draft)
            self._in_box = failed.turn_id
        if failed.stopped:
            shown.widget.set_stopped(can_restore=not restored, partial=failed.partial)
        else:
            sentence, details = error_text(failed.error)
            if restored:
                # two sentences joined as the language joins them (no space after a Chinese full stop)
                sentence = self.tr("{first} {second}").format(
                    first=sentence, second=self.tr("Your question is back in the box below.")
                )
            shown.widget.set_error(sentence, details, can_restore=not restored, partial=failed.partial)
            shown.widget.offer_settings(error_action(failed.error) == "settings")
        self._update_actions()

    def _on_view_restore_requested(self, turn: TurnWidget) -> None:
        turn_id = self._turn_id(turn)
        if turn_id is not None:
            self._put_back(self._shown[turn_id].draft)
            self._in_box = turn_id
            turn.hide_restore()

    def _on_view_retry_requested(self, turn: TurnWidget) -> None:
        turn_id = self._turn_id(turn)
        if turn_id is None or not self._session.can_retry(turn_id):
            return
        draft = self._shown[turn_id].draft
        if self._in_box == turn_id:  # its question is in the box too: take it out, unless it was changed
            self._in_box = None
            if self._composer_holds(draft):
                self._composer.take_draft()
        self._session.retry(turn_id)

    def _on_view_regenerate_requested(self, turn: TurnWidget) -> None:
        turn_id = self._turn_id(turn)
        if turn_id is not None and turn_id == self._session.last_turn_id() and self._session.can_regenerate():
            self._session.regenerate()

    def _on_view_edit_requested(self, turn: TurnWidget) -> None:
        turn_id = self._turn_id(turn)
        if turn_id is None or turn_id != self._session.last_turn_id():
            return
        draft = self._shown[turn_id].draft
        self._session.take_last_question()  # turn_removed: its card goes
        self._put_back(draft)

    def _put_back(self, draft: ComposerDraft) -> None:
        """``draft`` back in the composer, the caret at its end (ready to add to it)."""
        from PySide6.QtGui import QTextCursor

        self._composer.restore_draft(draft)
        self._composer.prompt.moveCursor(QTextCursor.MoveOperation.End)

    def _composer_holds(self, draft: ComposerDraft) -> bool:
        """The composer holds ``draft`` as it was put back (same text, same images)."""
        labels = [i.input.label for i in self._composer.tray.items()]
        return self._composer.text() == draft.text and labels == [i.input.label for i in draft.images]

    def _on_session_conversation_reset(self, reset: ConversationReset) -> None:
        self._shown = {}
        self._replacing = {}
        self._in_box = None
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
