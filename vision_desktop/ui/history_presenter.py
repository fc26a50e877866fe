"""Connects the window to the conversation history: the sidebar, recording turns, the draft, exports, backups.

Every store call goes through the :class:`HistoryController` (its own disk thread). The window calls the
``question_sent`` / ``text_arrived`` / ``turn_*`` hooks; everything else is driven by the sidebar and menus.

Nothing is lost in silence: a question, answer or draft that cannot be saved (read-only folder, full disk, a
lock held too long) puts a lasting notice in the window (``MainWindow.show_save_problem``) that goes away when a
later write succeeds; a turn whose question could not be written is written whole when it ends, if saving works
again by then. A damaged history that the store set aside is told once, in a non-modal message offering to
restore the latest backup.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog, QPushButton

from vision_desktop.core.models import ChatOptions, ChatResult, Conversation, Message
from vision_desktop.ui.messages import error_text, show_notice
from vision_desktop.ui.timers import single_shot_timer
from vision_desktop.ui.widgets.history_sidebar import HistorySidebar
from vision_desktop.workers.history_controller import HistoryController
from vision_desktop.workers.jobs import ImageInput

if TYPE_CHECKING:
    from vision_desktop.storage.history import HistoryStore, StoredConversation
    from vision_desktop.ui.main_window import Draft, MainWindow

log = logging.getLogger(__name__)
DRAFT_SAVE_MS = 500
PARTIAL_SAVE_S = 0.5
SHOW_FIRST = 12
"""When opening a long conversation, the newest turns are shown at once and older ones follow in batches."""
BATCH = 8
"""Older turns added each time the reader scrolls near the top (each costs a few milliseconds to build)."""


class HistoryPresenter(QObject):
    def __init__(self, window: MainWindow, history: HistoryController, sidebar: HistorySidebar) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.sidebar = sidebar
        self.conversation_id: int | None = None
        self._turn_ids: dict[int, dict[str, int]] = {}
        self._saved_chars: dict[int, int] = {}
        self._last_partial: dict[int, float] = {}
        self._stored_prefix: StoredConversation | None = None
        self._new_conversation: dict[str, int] = {}
        """Filled (on the history thread) with the id of the conversation the first question created."""
        self._starts: dict[int, Callable[[HistoryStore], int]] = {}
        """How to record each pending turn's question, kept to try again when it ends if it failed at first."""
        self._undo_button: QPushButton | None = None
        self._restoring = False
        self._draft_timer = single_shot_timer(self, DRAFT_SAVE_MS, self.save_draft)
        history.conversations_listed.connect(sidebar.set_conversations)
        history.failed.connect(self._on_history_failed)
        history.failed.connect(self._on_save_failed)
        history.damaged.connect(self._on_history_damaged)
        self.damaged_message: Any = None
        """The message about a damaged history set aside (kept so it is not garbage-collected)."""
        sidebar.conversation_selected.connect(self.open_conversation)
        sidebar.rename_requested.connect(self.rename)
        sidebar.delete_requested.connect(self.delete)
        sidebar.export_requested.connect(self.export)
        sidebar.search_changed.connect(self.search)
        window.view.near_top.connect(self._show_more)
        self._older: list[Any] = []
        window.prompt.textChanged.connect(self._on_draft_changed)
        window.tray.images_changed.connect(self._on_draft_changed)

    # -- start -------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.history.open()
        self.history.refresh_list()
        self.history.call(lambda store: store.load_draft(), self._on_draft_loaded)
        QTimer.singleShot(3000, self, self.maintenance)

    def maintenance(self) -> None:
        days = self.window.settings.history_retention_days

        def work(store: HistoryStore) -> None:
            if days:
                store.delete_older_than(days)
            store.maintenance()

        self.history.call(work, lambda _: self.history.refresh_list())

    def _on_history_failed(self, exc: BaseException) -> None:
        sentence, _ = error_text(exc)
        self.window.statusBar().showMessage(sentence, 10000)

    # -- saving problems, a damaged history ----------------------------------------------------------------
    def _write(self, fn: Callable[[HistoryStore], Any], on_done: Callable[[Any], None] | None = None) -> None:
        """A store call that saves something the person wrote or received: its failure is shown until a later
        write succeeds."""

        def done(result: Any) -> None:
            self.window.clear_save_problem()
            if on_done is not None:
                on_done(result)

        self.history.call(fn, done, self._on_save_failed)

    def _on_save_failed(self, exc: BaseException) -> None:
        from vision_desktop.storage.history import HistoryError, HistorySaveError

        if not isinstance(exc, HistoryError):
            log.error("history write failed", exc_info=exc)
        tr = self.window.tr
        reasons = {
            "read-only": tr("the history folder cannot be written to (it is read-only)."),
            "full": tr("the disk is full."),
            "write-error": tr("the disk refused to write (it may be full or failing)."),
            "locked": tr("another program is holding the history locked."),
            "unavailable": tr("the history file cannot be opened or written."),
        }
        if isinstance(exc, HistorySaveError):
            reason = reasons[exc.reason]
        else:
            sentence, _ = error_text(exc)
            reason = sentence[:1].lower() + sentence[1:]
        _, details = error_text(exc)
        text = tr("Your conversations are not being saved: {reason}").format(reason=reason)
        text += " " + tr("Answers are still shown. This notice goes away once saving works again.")
        self.window.show_save_problem(text, details)

    def _on_history_damaged(self, damaged: Any) -> None:
        window = self.window
        text = window.tr(
            "The conversation history was damaged, so it was set aside and a new one was started. "
            "The damaged file is kept as {path}."
        ).format(path=damaged.path)
        action: tuple[str, Callable[[], None]] | None = None
        backup = damaged.latest_backup
        if backup is not None:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(backup.created))
            text += " " + window.tr(
                "You can restore the latest backup, from {when} (what was saved after it is not in it)."
            ).format(when=when)
            action = (window.tr("Restore the latest backup"), lambda: self._restore(backup.path))
        else:
            text += " " + window.tr("There is no backup to restore.")
        self.damaged_message = show_notice(
            window,
            text,
            damaged.reason,
            title=window.tr("History set aside"),
            object_name="historyDamagedMessage",
            action=action,
        )
        self.new_conversation_if_gone()
        self.history.refresh_list()

    def new_conversation_if_gone(self) -> None:
        """After the history was replaced under the open conversation, new questions start a new one."""
        self.conversation_id = None
        self._new_conversation = {}
        self._stored_prefix = None

    # -- the draft ---------------------------------------------------------------------------------------
    def _on_draft_changed(self) -> None:
        if not self._restoring:
            self._draft_timer.start()

    def save_draft(self) -> None:
        prompt = self.window.prompt.toPlainText()
        images: list[tuple[str, str]] = [
            (item.input.label, item.input.prepared.data_url)
            for item in self.window.tray.items()
            if item.input.prepared is not None
        ]
        cid = self.conversation_id
        self._write(lambda store: store.save_draft(prompt, images, conversation_id=cid))

    def _on_draft_loaded(self, draft: Any) -> None:
        if draft is None:
            return
        if draft.conversation_id is not None:
            self.open_conversation(draft.conversation_id)
        if draft.prompt.strip() or draft.images:
            self._restoring = True
            if not self.window.prompt.toPlainText().strip():
                self.window.prompt.setPlainText(draft.prompt)
            self.window.tray.add_inputs(
                [
                    ImageInput(next(self.window.tray._keys), image.name, path=str(image.path))
                    for image in draft.images
                ]
            )
            self._restoring = False
            self.window.statusBar().showMessage(self.window.tr("Your unsent question was restored."), 6000)

    # -- recording turns ------------------------------------------------------------------------------------
    def question_sent(
        self, draft: Draft, question: Message, options: ChatOptions, provider: str, system: str | None
    ) -> None:
        ids: dict[str, int] = {}
        self._turn_ids[id(draft)] = ids
        cid = self.conversation_id
        new = self._new_conversation  # shared by the questions of a conversation not yet created in the store

        def start(store: HistoryStore) -> int:
            conversation = cid if cid is not None else new.get("id")
            if conversation is None:
                conversation = new["id"] = store.create_conversation(system_prompt=system)
            ids["conversation"] = conversation
            ids["turn"] = store.start_turn(conversation, question, options, provider)
            return conversation

        self._starts[id(draft)] = start

        def work(store: HistoryStore) -> int:
            conversation = start(store)
            store.save_draft("", [], conversation_id=conversation)
            return conversation

        self._write(work, lambda conversation: self._recorded(draft, conversation))

    def _recorded(self, draft: Draft, conversation: int) -> None:
        if self.conversation_id is None and self.window.view.turns and draft.turn in self.window.view.turns:
            self.conversation_id = conversation
            self.sidebar.select(conversation)
        self.history.refresh_list()

    def text_arrived(self, draft: Draft, *, force: bool = False) -> None:
        """Save what has streamed in so far, at most every half second (a kill loses at most that)."""
        key = id(draft)
        ids = self._turn_ids.get(key)
        if ids is None:
            return
        now = time.monotonic()
        if not force and now - self._last_partial.get(key, 0.0) < PARTIAL_SAVE_S:
            return
        self._last_partial[key] = now
        text = "".join(draft.streamed)
        start = self._saved_chars.get(key, 0)
        if len(text) <= start:
            return
        self._saved_chars[key] = len(text)
        piece = text[start:]

        def work(store: HistoryStore) -> None:
            if "turn" in ids:  # else the question could not be saved: the whole turn is tried when it ends
                store.append_partial(ids["turn"], piece)

        self._write(work)

    def turn_finished(
        self, draft: Draft, result: ChatResult | None, status: str, error: str | None = None
    ) -> None:
        key = id(draft)
        ids = self._turn_ids.pop(key, None)
        start = self._starts.pop(key, None)
        if ids is None:
            return
        if result is None:
            self.text_arrived(draft, force=True)
        self._saved_chars.pop(key, None)
        self._last_partial.pop(key, None)
        partial = "".join(draft.streamed)
        from vision_desktop.logs import redact

        error = redact(error) if error else error

        def work(store: HistoryStore) -> int | None:
            if "turn" not in ids:
                if start is None:
                    return None
                start(store)  # the question could not be saved when it was sent: save the whole turn now
                if result is None and partial:
                    store.append_partial(ids["turn"], partial)
            store.finish_turn(ids["turn"], result, status, error)  # type: ignore[arg-type]
            return ids["conversation"]

        def done(conversation: int | None) -> None:
            if conversation is not None:
                self._recorded(draft, conversation)

        self._write(work, done)

    def history_loader(self) -> Callable[[], tuple[Message, ...]] | None:
        """For a follow-up in a conversation opened from the history: its earlier turns, images included, read
        on the request thread (the store is thread-safe)."""
        stored = self._stored_prefix
        if stored is None:
            return None
        history = self.history

        def load() -> tuple[Message, ...]:
            store = history.store_for_worker()
            if store is None:
                return ()
            return store.to_conversation(stored).history_messages()

        return load

    def size_warning(self, messages: tuple[Message, ...]) -> str | None:
        """A plain warning when the follow-up (earlier turns, ``messages``) nears the upstream limits of 100
        images and 32 MB per request. Pure arithmetic on what is in memory: no disk, safe on the GUI thread."""
        from vision_desktop.storage.history import request_size_check

        store = self.history.store_for_worker()
        stored = self._stored_prefix
        if stored is None or store is None:
            return request_size_check(messages).warning
        return store.conversation_size(stored, messages).warning

    # -- opening, renaming, deleting ------------------------------------------------------------------------
    def new_conversation(self) -> None:
        self._older = []
        self.conversation_id = None
        self._new_conversation = {}
        self._stored_prefix = None
        self.sidebar.select(None)
        self.save_draft()

    def open_conversation(self, conversation_id: int) -> None:
        if self.window.controller.busy:
            self.window.controller.cancel()

        def work(store: HistoryStore) -> tuple[Any, dict[str, QImage]]:
            stored = store.load_conversation(conversation_id)
            thumbs: dict[str, QImage] = {}
            for turn in stored.turns[-SHOW_FIRST:]:
                for image in turn.images:
                    if image.thumb_path is not None and image.sha256 not in thumbs:
                        thumbs[image.sha256] = QImage(str(image.thumb_path))
            return stored, thumbs

        def done(result: tuple[Any, dict[str, QImage]]) -> None:
            self._show(*result)

        self.history.call(work, done, lambda exc: self._on_history_failed(exc))

    def _show(self, stored: StoredConversation, thumbs: dict[str, QImage]) -> None:
        window = self.window
        self._older = []
        window.reset_conversation(Conversation(system=stored.system_prompt))
        self.conversation_id = stored.id
        self._new_conversation = {}
        self._stored_prefix = stored
        self.sidebar.select(stored.id)
        turns = list(stored.turns)
        for turn in turns[-SHOW_FIRST:]:
            self._show_turn(turn, thumbs)
        self._older = list(reversed(turns[:-SHOW_FIRST]))  # newest first
        if self._older and window.view.verticalScrollBar().maximum() == 0:
            QTimer.singleShot(0, self._show_more)  # the first turns do not fill the view
        window.set_conversation_usage(stored.usage())
        window.setWindowTitle(window.tr("{title} — Vision Desktop").format(title=stored.title))

    def _show_turn(self, turn: Any, thumbs: dict[str, QImage], *, at_top: bool = False) -> None:
        images = turn.images
        widget = self.window.view.add_turn(
            turn.question.text,
            [thumbs.get(i.sha256, QImage()) for i in images],
            [i.name for i in images],
            at_top=at_top,
        )
        if turn.status == "complete" and turn.result is not None:
            widget.set_result(turn.result)
        elif turn.status == "stopped":
            widget.set_stopped(can_restore=False, partial=turn.answer)
        elif turn.status == "failed":
            widget.set_error(
                turn.error or self.window.tr("This question failed."),
                "",
                can_restore=False,
                partial=turn.answer,
            )
        else:  # pending in a process that died, or cut short
            widget.set_error(
                self.window.tr("This answer was interrupted (the app closed while it arrived)."),
                "",
                can_restore=False,
                partial=turn.answer,
            )

    def _show_more(self) -> None:
        """Older turns of the open conversation, a few at a time, as the reader scrolls up to them."""
        if not self._older:
            return
        batch, self._older = self._older[:BATCH], self._older[BATCH:]
        for turn in batch:
            self._show_turn(turn, {}, at_top=True)

    def rename(self, conversation_id: int, title: str) -> None:
        self.history.call(
            lambda store: store.rename(conversation_id, title), lambda _: self.history.refresh_list()
        )

    def delete(self, conversation_id: int) -> None:
        if conversation_id == self.conversation_id:
            self.window.new_conversation()

        def done(token: Any) -> None:
            self.history.refresh_list()
            self._offer_undo(token)

        self.history.call(lambda store: store.delete(conversation_id), done)

    def _offer_undo(self, token: Any) -> None:
        bar = self.window.statusBar()
        if self._undo_button is not None:
            bar.removeWidget(self._undo_button)
            self._undo_button.deleteLater()
        button = QPushButton(self.window.tr("Undo"), bar)
        button.setObjectName("undoDeleteButton")
        button.setAccessibleName(self.window.tr("Undo delete"))
        self._undo_button = button

        def undo() -> None:
            self.history.call(lambda store: store.undo_delete(token), lambda _: self.history.refresh_list())
            remove()

        def remove() -> None:
            if self._undo_button is button:
                bar.removeWidget(button)
                button.deleteLater()
                self._undo_button = None
                bar.clearMessage()

        button.clicked.connect(undo)
        bar.addWidget(button)
        bar.showMessage(self.window.tr("Conversation deleted."), 10000)
        QTimer.singleShot(10000, button, remove)

    def search(self, query: str) -> None:
        if not query:
            self.history.refresh_list()
            return
        self.history.call(
            lambda store: store.search(query), lambda hits: self.sidebar.set_search_results(query, hits)
        )

    # -- exports and backups -----------------------------------------------------------------------------------
    def export(self, conversation_id: int, fmt: str) -> None:
        window = self.window
        if fmt == "md":
            dialog = QFileDialog(window, window.tr("Export as Markdown: choose a folder"))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
        else:
            dialog = QFileDialog(window, window.tr("Export conversation"))
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
        dialog = QFileDialog(self.window, self.window.tr("Export all conversations"))
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
        self.window.statusBar().showMessage(self.window.tr("Exported to {path}").format(path=path), 8000)

    def restore_backup(self) -> None:
        def listed(backups: list[Any]) -> None:
            if not backups:
                self.window.statusBar().showMessage(self.window.tr("There is no backup yet."), 6000)
                return
            labels = [
                f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(b.created))} ({b.kind}, {b.size // 1024:,} KB)"
                for b in backups
            ]
            dialog = QInputDialog(self.window)
            dialog.setObjectName("restoreBackupDialog")
            dialog.setWindowTitle(self.window.tr("Restore from backup"))
            dialog.setLabelText(
                self.window.tr(
                    "Replace the history with this backup? (The current history is backed up first.)"
                )
            )
            dialog.setComboBoxItems(labels)
            dialog.textValueSelected.connect(lambda label: self._restore(backups[labels.index(label)].path))
            dialog.open()

        self.history.call(lambda store: store.list_backups(), listed, self._on_history_failed)

    def _restore(self, path: Path) -> None:
        def done(_: Any) -> None:
            self.window.new_conversation()
            self.history.refresh_list()
            self.window.statusBar().showMessage(
                self.window.tr("The history was restored from the backup."), 8000
            )

        self.history.call(lambda store: store.restore_backup(path), done, self._on_history_failed)

    def delete_all(self) -> None:
        def done(count: int) -> None:
            self.window.new_conversation()
            self.history.refresh_list()
            self.window.statusBar().showMessage(self.window.tr("All history was deleted."), 8000)

        self.history.call(lambda store: store.delete_all(), done, self._on_history_failed)


__all__ = ["HistoryPresenter"]
