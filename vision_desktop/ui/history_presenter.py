"""Connects the history to the window's parts: the sidebar, the conversation view, the composer's draft,
exports, backups; and tells what the session's recording went through.

Every store call goes through the :class:`HistoryController` (its own disk thread). The session records the turns
(``ConversationSession``); this presenter opens stored conversations into it, keeps the sidebar in step with what
the session recorded, saves the composer's draft and runs the history menus.

Nothing is lost in silence: a question, answer or draft that cannot be saved (read-only folder, full disk, a
lock held too long) puts a lasting notice in the window (:class:`SaveNotice`) that goes away when a later write
succeeds; a turn whose question could not be written is written whole when it ends, if saving works again by
then. A damaged history that the store set aside is told once, in a non-modal message offering to restore the
latest backup.

Signals: ``new_conversation_requested()`` (the open conversation was deleted, or the history replaced).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStatusBar,
    QWidget,
)

from vision_desktop.ui.messages import error_text, show_notice
from vision_desktop.ui.timers import single_shot_timer
from vision_desktop.ui.widgets.composer import Composer
from vision_desktop.ui.widgets.conversation_view import ConversationView
from vision_desktop.ui.widgets.history_sidebar import HistorySidebar
from vision_desktop.ui.widgets.save_notice import SaveNotice
from vision_desktop.workers.conversation_session import (
    ConversationReset,
    ConversationSession,
    SaveFailed,
    TurnRecorded,
    TurnSaved,
)
from vision_desktop.workers.history_controller import HistoryController
from vision_desktop.workers.image_preparer import draft_images_of

if TYPE_CHECKING:
    from vision_desktop.storage.history import (
        BackupInfo,
        DamagedHistory,
        DeleteToken,
        HistoryStore,
        StoredConversation,
        StoredTurn,
    )
    from vision_desktop.storage.history import Draft as SavedDraft

log = logging.getLogger(__name__)
DRAFT_SAVE_MS = 500
SHOW_FIRST = 12
"""When opening a long conversation, the newest turns are shown at once and older ones follow in batches."""
BATCH = 8
"""Older turns added each time the reader scrolls near the top."""
SLICE_MS = 8
"""They are built one or two at a time, in slices of about this long, each in a pass of its own of the event loop
(a turn costs about 5 ms to build, a few more to show): the window keeps answering the wheel, keys and paints in
between. With 12 ms slices the longest step of the benchmark was 36-40 ms, with 8 ms 28-33 ms."""


class HistoryPresenter(QObject):
    new_conversation_requested = Signal()

    def __init__(
        self,
        history: HistoryController,
        session: ConversationSession,
        *,
        sidebar: HistorySidebar,
        view: ConversationView,
        composer: Composer,
        status_bar: QStatusBar,
        save_notice: SaveNotice,
        retention_days: Callable[[], int],
        parent: QWidget,
    ) -> None:
        """``parent`` owns the dialogs and messages; ``retention_days`` reads the setting when it is needed."""
        super().__init__(parent)
        self.history = history
        self.session = session
        self.sidebar = sidebar
        self._view = view
        self._composer = composer
        self._status_bar = status_bar
        self._save_notice = save_notice
        self._retention_days = retention_days
        self._parent = parent
        self._undo_button: QPushButton | None = None
        self._undo_strip: QWidget | None = None
        self._restoring = False
        self._draft_sources: dict[object, bytes | None] = {}  # read on the history thread only (save_draft)
        self._older: list[StoredTurn] = []
        """The open conversation's turns not shown yet, oldest first (the next one shown is the last)."""
        self._wanted = 0
        """How many of them to show before the reader scrolls up again."""
        self._slicer = QTimer(self)
        self._slicer.setSingleShot(True)
        self._slicer.setInterval(0)
        self._slicer.timeout.connect(self._build_slice)
        self._draft_timer = single_shot_timer(self, DRAFT_SAVE_MS, self.save_draft)
        self.damaged_message: Any = None
        """The message about a damaged history set aside (kept so it is not garbage-collected)."""
        history.conversations_listed.connect(sidebar.set_conversations)
        history.failed.connect(self._on_history_failed)
        history.failed.connect(self._on_save_failed)
        history.damaged.connect(self._on_history_damaged)
        session.conversation_reset.connect(self._on_session_conversation_reset)
        session.turn_recorded.connect(self._on_session_turn_recorded)
        session.saved.connect(self._on_session_saved)
        session.save_failed.connect(self._on_session_save_failed)
        sidebar.conversation_selected.connect(self.open_conversation)
        sidebar.rename_requested.connect(self.rename)
        sidebar.delete_requested.connect(self.delete)
        sidebar.export_requested.connect(self.export)
        sidebar.search_changed.connect(self.search)
        view.near_top.connect(self._show_more)
        composer.draft_changed.connect(self._on_composer_draft_changed)

    @property
    def conversation_id(self) -> int | None:
        """The open conversation in the history (``None`` until its first question is recorded)."""
        return self.session.conversation_id

    # -- start and stop ----------------------------------------------------------------------------------
    def start(self) -> None:
        self.history.open()
        self.history.refresh_list()
        self.history.call(lambda store: store.load_draft(), self._on_draft_loaded)
        QTimer.singleShot(3000, self, self.maintenance)

    def close(self) -> None:
        """On quit: save the draft, then close the history (after every write before it)."""
        self._draft_timer.stop()
        self.save_draft()
        self.history.close()

    def maintenance(self) -> None:
        days = self._retention_days()

        def work(store: HistoryStore) -> None:
            if days:
                store.delete_older_than(days)
            store.maintenance()

        self.history.call(work, lambda _: self.history.refresh_list())

    def _show_status(self, text: str, msecs: int) -> None:
        self._status_bar.showMessage(text, msecs)

    def _on_history_failed(self, exc: BaseException) -> None:
        sentence, _ = error_text(exc)
        self._show_status(sentence, 10000)

    # -- saving problems, a damaged history ----------------------------------------------------------------
    def _write(self, fn: Callable[[HistoryStore], Any], on_done: Callable[[Any], None] | None = None) -> None:
        """A store call that saves something the person wrote: its failure is shown until a later write
        succeeds."""

        def done(result: Any) -> None:
            self._save_notice.clear_problem()
            if on_done is not None:
                on_done(result)

        self.history.call(fn, done, self._on_save_failed)

    def _on_session_saved(self, _saved: TurnSaved) -> None:
        self._save_notice.clear_problem()

    def _on_session_save_failed(self, failure: SaveFailed) -> None:
        self._on_save_failed(failure.error)

    def _on_save_failed(self, exc: BaseException) -> None:
        from vision_desktop.storage.history import HistoryError, HistorySaveError

        if not isinstance(exc, HistoryError):
            log.error("history write failed", exc_info=exc)
        reasons = {
            "read-only": self.tr("the history folder cannot be written to (it is read-only)."),
            "full": self.tr("the disk is full."),
            "write-error": self.tr("the disk refused to write (it may be full or failing)."),
            "locked": self.tr("another program is holding the history locked."),
            "unavailable": self.tr("the history file cannot be opened or written."),
        }
        if isinstance(exc, HistorySaveError):
            reason = reasons[exc.reason]
        else:
            sentence, _ = error_text(exc)
            reason = sentence[:1].lower() + sentence[1:]
        _, details = error_text(exc)
        text = self.tr("Your conversations are not being saved: {reason}").format(reason=reason)
        text += " " + self.tr("Answers are still shown. This notice goes away once saving works again.")
        self._save_notice.show_problem(text, details)

    def _on_history_damaged(self, damaged: DamagedHistory) -> None:
        text = self.tr(
            "The conversation history was damaged, so it was set aside and a new one was started. "
            "The damaged file is kept as {path}."
        ).format(path=damaged.path)
        action: tuple[str, Callable[[], None]] | None = None
        backup = damaged.latest_backup
        if backup is not None:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(backup.created))
            text += " " + self.tr(
                "You can restore the latest backup, from {when} (what was saved after it is not in it)."
            ).format(when=when)
            path = backup.path
            action = (self.tr("Restore the latest backup"), lambda: self._restore(path))
        else:
            text += " " + self.tr("There is no backup to restore.")
        self.damaged_message = show_notice(
            self._parent,
            text,
            damaged.reason,
            title=self.tr("History set aside"),
            object_name="historyDamagedMessage",
            action=action,
        )
        self.session.forget_stored()  # the open conversation is not in the new history
        self.history.refresh_list()

    # -- the draft ---------------------------------------------------------------------------------------
    def _on_composer_draft_changed(self) -> None:
        if not self._restoring:
            self._draft_timer.start()

    def save_draft(self) -> None:
        prompt = self._composer.prompt.toPlainText()
        ready = self._composer.ready_images()
        cid = self.session.conversation_id
        cache = self._draft_sources
        # on the history thread: a picture cut into tiles is kept whole, read from its file or encoded there
        self._write(
            lambda store: store.save_draft(prompt, draft_images_of(ready, cache), conversation_id=cid)
        )

    def _on_draft_loaded(self, draft: SavedDraft | None) -> None:
        if draft is None:
            return
        if draft.conversation_id is not None:
            self.open_conversation(draft.conversation_id)
        if draft.prompt.strip() or draft.images:
            self._restoring = True
            self._composer.restore_saved_draft(draft.prompt, [(i.name, str(i.path)) for i in draft.images])
            self._restoring = False
            self._show_status(self.tr("Your unsent question was restored."), 6000)

    # -- what the session recorded -------------------------------------------------------------------------
    def _on_session_turn_recorded(self, recorded: TurnRecorded) -> None:
        if recorded.adopted:
            self.sidebar.select(recorded.conversation_id)
        if not recorded.ended:
            self.save_draft()  # the question left the composer: the draft now belongs to this conversation
        self.history.refresh_list()

    def _on_session_conversation_reset(self, reset: ConversationReset) -> None:
        self._older = []
        self._wanted = 0
        self._slicer.stop()
        if reset.conversation_id is None:
            self.sidebar.select(None)
            self.save_draft()

    # -- opening, renaming, deleting ------------------------------------------------------------------------

    def open_conversation(self, conversation_id: int) -> None:
        self.session.cancel()

        def work(store: HistoryStore) -> tuple[StoredConversation, dict[str, QImage]]:
            stored = store.load_conversation(conversation_id)
            thumbs: dict[str, QImage] = {}
            for turn in stored.turns[-SHOW_FIRST:]:
                for image in turn.images:
                    if image.thumb_path is not None and image.sha256 not in thumbs:
                        thumbs[image.sha256] = QImage(str(image.thumb_path))
            return stored, thumbs

        def done(result: tuple[StoredConversation, dict[str, QImage]]) -> None:
            self._show(*result)

        self.history.call(work, done, self._on_history_failed)

    def _show(self, stored: StoredConversation, thumbs: dict[str, QImage]) -> None:
        self.session.open_stored(stored)  # the window clears the view and shows the title and usage
        self.sidebar.select(stored.id)
        turns = list(stored.turns)
        for turn in turns[-SHOW_FIRST:]:
            self._show_turn(turn, thumbs)
        self._older = turns[:-SHOW_FIRST]
        if self._older and self._view.verticalScrollBar().maximum() == 0:
            QTimer.singleShot(0, self._show_more)  # the first turns do not fill the view

    def _show_turn(self, turn: StoredTurn, thumbs: dict[str, QImage], *, at_top: bool = False) -> None:
        images = turn.images
        widget = self._view.add_turn(
            turn.question.text,
            [thumbs.get(i.sha256, QImage()) for i in images],
            [i.name for i in images],
            at_top=at_top,
            sources=[i.path for i in images],
        )
        if turn.status == "complete" and turn.result is not None:
            widget.set_result(turn.result)
        elif turn.status == "stopped":
            widget.set_stopped(can_restore=False, partial=turn.answer)
        elif turn.status == "failed":
            widget.set_error(
                turn.error or self.tr("This question failed."),
                "",
                can_restore=False,
                partial=turn.answer,
            )
        else:  # pending in a process that died, or a stream that ended early
            widget.set_error(
                self.tr(
                    "This answer was interrupted (the connection or the app stopped); what arrived is kept."
                ),
                "",
                can_restore=False,
                partial=turn.answer,
            )

    def _show_more(self) -> None:
        """Older turns of the open conversation, a batch at a time, as the reader scrolls up to them."""
        if not self._older:
            return
        self._wanted = max(self._wanted, BATCH)
        if not self._slicer.isActive():
            self._slicer.start()

    def _build_slice(self) -> None:
        """Show older turns (the newest of them first) for about :data:`SLICE_MS`, then let the window breathe
        and come back for the rest of the batch."""
        start = time.perf_counter()
        deadline, cost = start + SLICE_MS / 1000, 0.0
        while self._older and self._wanted > 0:
            if cost and time.perf_counter() + cost > deadline:
                break  # the next turn would not fit in this slice (a turn costs about what the last one did)
            began = time.perf_counter()
            self._show_turn(self._older.pop(), {}, at_top=True)
            self._wanted -= 1
            cost = time.perf_counter() - began
        if self._older and self._wanted > 0:
            self._slicer.start()
        else:
            self._wanted = 0

    def rename(self, conversation_id: int, title: str) -> None:
        self.history.call(
            lambda store: store.rename(conversation_id, title), lambda _: self.history.refresh_list()
        )

    def delete(self, conversation_id: int) -> None:
        if conversation_id == self.conversation_id:
            self.new_conversation_requested.emit()

        def done(token: DeleteToken) -> None:
            self.history.refresh_list()
            self._offer_undo(token)

        self.history.call(lambda store: store.delete(conversation_id), done)

    def _offer_undo(self, token: DeleteToken) -> None:
        """Shows "Conversation deleted." with an Undo button for ten seconds, as one strip on the status bar's
        right: a permanent widget, so a status message never covers it and it never covers one."""
        bar = self._status_bar
        if self._undo_strip is not None:
            bar.removeWidget(self._undo_strip)
            self._undo_strip.deleteLater()
        strip = QWidget(bar)
        strip.setObjectName("undoDeleteStrip")
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        message = QLabel(self.tr("Conversation deleted."), strip)
        message.setObjectName("undoDeleteMessage")
        button = QPushButton(self.tr("Undo"), strip)
        button.setObjectName("undoDeleteButton")
        button.setAccessibleName(self.tr("Undo delete"))
        button.setAccessibleDescription(message.text())
        row.addWidget(message)
        row.addWidget(button)
        self._undo_strip = strip
        self._undo_button = button

        def undo() -> None:
            self.history.call(lambda store: store.undo_delete(token), lambda _: self.history.refresh_list())
            remove()

        def remove() -> None:
            if self._undo_strip is strip:
                bar.removeWidget(strip)
                strip.deleteLater()
                self._undo_strip = None
                self._undo_button = None

        button.clicked.connect(undo)
        bar.insertPermanentWidget(0, strip)
        strip.show()
        QTimer.singleShot(10000, strip, remove)

    def search(self, query: str) -> None:
        if not query:
            self.history.refresh_list()
            return
        self.history.call(
            lambda store: store.search(query), lambda hits: self.sidebar.set_search_results(query, hits)
        )

    # -- exports and backups -----------------------------------------------------------------------------------
    def export_current(self, fmt: str) -> None:
        """Export the open conversation (``fmt``: "md", "html" or "json")."""
        if self.conversation_id is None:
            self._show_status(self.tr("Ask a question first: there is nothing to export yet."), 5000)
            return
        self.export(self.conversation_id, fmt)

    def export(self, conversation_id: int, fmt: str) -> None:
        if fmt == "md":
            dialog = QFileDialog(self._parent, self.tr("Export as Markdown: choose a folder"))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
        else:
            dialog = QFileDialog(self._parent, self.tr("Export conversation"))
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix(fmt)
            dialog.setNameFilter("HTML (*.html)" if fmt == "html" else "JSON (*.json)")
        dialog.setObjectName("exportDialog")
        dialog.fileSelected.connect(lambda path: self.export_to(conversation_id, fmt, Path(path)))
        dialog.open()

    def export_to(self, conversation_id: int, fmt: str, path: Path) -> None:
        def work(store: HistoryStore) -> Path:
            from vision_desktop.storage import export

            stored = store.load_conversation(conversation_id)
            if fmt == "md":
                return export.export_markdown(stored, path)
            if fmt == "html":
                return export.export_html(stored, path)
            return export.export_json(stored, path)

        self.history.call(work, self._exported, self._on_history_failed)

    def export_all(self) -> None:
        dialog = QFileDialog(self._parent, self.tr("Export all conversations"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("zip")
        dialog.setNameFilter("Zip (*.zip)")
        dialog.fileSelected.connect(self.export_all_to)
        dialog.open()

    def export_all_to(self, path: str) -> None:
        def work(store: HistoryStore) -> Path:
            from vision_desktop.storage import export

            return export.export_all_zip(store, Path(path))

        self.history.call(work, self._exported, self._on_history_failed)

    def _exported(self, path: Path) -> None:
        self._show_status(self.tr("Exported to {path}").format(path=path), 8000)

    def restore_backup(self) -> None:
        def listed(backups: list[BackupInfo]) -> None:
            if not backups:
                self._show_status(self.tr("There is no backup yet."), 6000)
                return
            labels = [
                f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(b.created))} ({b.kind}, {b.size // 1024:,} KB)"
                for b in backups
            ]
            dialog = QInputDialog(self._parent)
            dialog.setObjectName("restoreBackupDialog")
            dialog.setWindowTitle(self.tr("Restore from backup"))
            dialog.setLabelText(
                self.tr("Replace the history with this backup? (The current history is backed up first.)")
            )
            dialog.setComboBoxItems(labels)
            dialog.textValueSelected.connect(lambda label: self._restore(backups[labels.index(label)].path))
            dialog.open()

        self.history.call(lambda store: store.list_backups(), listed, self._on_history_failed)

    def _restore(self, path: Path) -> None:
        def done(_: Any) -> None:
            self.new_conversation_requested.emit()
            self.history.refresh_list()
            self._show_status(self.tr("The history was restored from the backup."), 8000)

        self.history.call(lambda store: store.restore_backup(path), done, self._on_history_failed)

    def confirm_delete_all(self) -> None:
        """Ask (non-modal) before deleting every conversation."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete all history"),
            self.tr("Delete every saved conversation and its images? This cannot be undone."),
            QMessageBox.StandardButton.Cancel,
            self._parent,
        )
        box.setObjectName("deleteAllMessage")
        delete = box.addButton(self.tr("Delete all"), QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(lambda button: self.delete_all() if button is delete else None)
        box.open()

    def delete_all(self) -> None:
        def done(count: int) -> None:
            self.new_conversation_requested.emit()
            self.history.refresh_list()
            self._show_status(self.tr("All history was deleted."), 8000)

        self.history.call(lambda store: store.delete_all(), done, self._on_history_failed)


__all__ = ["HistoryPresenter"]
