"""One turn of the conversation: the question with its thumbnails, and the answer (streamed, then rendered),
its error, or its stop, with Copy, Retry, Regenerate, Edit, Details and the usage line.

An answer is untrusted input: it is drawn by :mod:`vision_desktop.ui.widgets.answer_text` (no resource is ever
loaded, only http, https and mailto links open, huge answers are shown plainly and cut, with "Save the whole
answer…"). Every label of a turn is a :class:`SafeLabel`, which never renders rich text itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QImage,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.core.models import ChatResult
from vision_desktop.ui.widgets.answer_text import AnswerView, SafeLabel, Shown
from vision_desktop.ui.widgets.image_viewer import ImageViewer, ViewerImage
from vision_desktop.ui.widgets.turn_parts import (
    THUMB,
    StreamingText,
    ThumbnailLabel,
    plain_text,
    selectable,
    usage_text,
    write_answer,
)
from vision_desktop.workers.tasks import TaskRunner


class TurnWidget(QFrame):
    """One question and its answer (or its error).

    Signals: ``restore_clicked()``, ``retry_clicked()``, ``regenerate_clicked()``, ``edit_clicked()``,
    ``settings_clicked()`` (its buttons); ``answer_saved(str)`` (the whole answer was written to that path);
    ``layout_changed()`` (it was laid out again, on screen: its height may have changed).
    Retry, Regenerate, Edit and Open Settings are hidden until :meth:`set_actions` and :meth:`offer_settings`
    show them."""

    restore_clicked = Signal()
    retry_clicked = Signal()
    regenerate_clicked = Signal()
    edit_clicked = Signal()
    settings_clicked = Signal()
    answer_saved = Signal(str)
    layout_changed = Signal()

    def __init__(
        self,
        text: str,
        thumbnails: Sequence[QImage],
        image_names: Sequence[str],
        parent: QWidget | None = None,
        *,
        sources: Sequence[str | Path | None] | None = None,
    ) -> None:
        """``sources``: where each full picture is (a ``data:`` URL or a file), for the viewer; without them it
        shows the thumbnails."""
        super().__init__(parent)
        self.setObjectName("turn")
        self.needs_placing = True
        """Its height may have changed since the conversation's column placed it (set on each layout request)."""
        self.placed = (0, -1, 0)
        """Where the column put it: ``(y, width, height)``."""
        self.min_width = 0
        self.parked = False
        """Hidden by the column while far from what the reader sees."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        # the question
        self.question = QFrame(self)
        self.question.setObjectName("question")
        q_layout = QVBoxLayout(self.question)
        q_layout.setContentsMargins(12, 8, 12, 10)
        who = SafeLabel(self.question)
        who.setText(self.tr("You"))
        who.setObjectName("speaker")
        q_header = QHBoxLayout()
        q_header.addWidget(who)
        q_header.addStretch(1)
        self.edit_button = QToolButton(self.question)
        self.edit_button.setObjectName("editQuestionButton")
        self.edit_button.setText(self.tr("Edit"))
        self.edit_button.setAccessibleName(self.tr("Edit the question"))
        self.edit_button.setToolTip(
            self.tr("Put this question back in the box to change it; sending it again replaces this turn")
        )
        self.edit_button.clicked.connect(self.edit_clicked)
        self.edit_button.hide()
        q_header.addWidget(self.edit_button)
        q_layout.addLayout(q_header)
        self.thumbnails: list[ThumbnailLabel] = []
        self.viewer: ImageViewer | None = None
        self._images = [
            ViewerImage(
                name,
                sources[i] if sources is not None and i < len(sources) else None,
                image if image is not None and not image.isNull() else None,
            )
            for i, (image, name) in enumerate(zip(thumbnails, image_names, strict=False))
        ]
        if thumbnails:
            row = QHBoxLayout()
            row.setSpacing(6)
            for index, (image, name) in enumerate(zip(thumbnails, image_names, strict=False)):
                thumb = ThumbnailLabel(index, self.question)
                thumb.setObjectName("turnThumbnail")
                ratio = self.devicePixelRatioF()
                if image is not None and not image.isNull():
                    pixmap = QPixmap.fromImage(image).scaled(
                        THUMB * ratio,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                    pixmap.setDevicePixelRatio(ratio)
                    thumb.setPixmap(pixmap)
                thumb.setToolTip(self.tr("{name}: click to see it large").format(name=name))
                thumb.setAccessibleName(self.tr("Image {name}").format(name=name))
                thumb.setAccessibleDescription(self.tr("Press Enter or click to see it large"))
                thumb.activated.connect(self.open_image)
                self.thumbnails.append(thumb)
                row.addWidget(thumb)
            row.addStretch(1)
            q_layout.addLayout(row)
        if text:
            q_text = selectable(SafeLabel(self.question))
            q_text.setObjectName("questionText")
            q_text.setTextFormat(Qt.TextFormat.PlainText)
            q_text.setText(text)
            q_layout.addWidget(q_text)
        layout.addWidget(self.question)

        # the answer
        self.answer = QFrame(self)
        self.answer.setObjectName("answer")
        a_layout = QVBoxLayout(self.answer)
        a_layout.setContentsMargins(12, 8, 12, 10)
        header = QHBoxLayout()
        self.speaker = SafeLabel(self.answer)
        self.speaker.setText(self.tr("Assistant"))
        self.speaker.setObjectName("speaker")
        header.addWidget(self.speaker)
        header.addStretch(1)
        self.regenerate_button = QToolButton(self.answer)
        self.regenerate_button.setObjectName("regenerateButton")
        self.regenerate_button.setText(self.tr("Regenerate"))
        self.regenerate_button.setAccessibleName(self.tr("Regenerate the answer"))
        self.regenerate_button.setToolTip(self.tr("Ask the same question again for a new answer"))
        self.regenerate_button.clicked.connect(self.regenerate_clicked)
        self.regenerate_button.hide()
        header.addWidget(self.regenerate_button)
        self.copy_button = QToolButton(self.answer)
        self.copy_button.setObjectName("copyAnswerButton")
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy answer"))
        self.copy_button.setToolTip(
            self.tr(
                "Copy the answer as text; the arrow also offers it as Markdown (with its formatting marks)"
            )
        )
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        copy_menu = QMenu(self.copy_button)
        copy_menu.setObjectName("copyAnswerMenu")
        self.copy_text_action = QAction(self.tr("Copy text"), copy_menu)
        self.copy_text_action.setObjectName("copyTextAction")
        self.copy_text_action.triggered.connect(self._copy)
        self.copy_markdown_action = QAction(self.tr("Copy as Markdown"), copy_menu)
        self.copy_markdown_action.setObjectName("copyMarkdownAction")
        self.copy_markdown_action.triggered.connect(self._copy_markdown)
        copy_menu.addActions([self.copy_text_action, self.copy_markdown_action])
        self.copy_button.setMenu(copy_menu)
        self.copy_button.clicked.connect(self._copy)
        self.copy_button.hide()
        header.addWidget(self.copy_button)
        a_layout.addLayout(header)

        self.body = selectable(SafeLabel(self.answer))
        self.body.setObjectName("answerText")
        a_layout.addWidget(self.body)
        self._cut_note: SafeLabel | None = None  # made when an answer is too long to show whole
        self._save_button: QPushButton | None = None
        self.save_dialog: QFileDialog | None = None
        self._saver: TaskRunner | None = None
        self._stream_view: StreamingText | None = None  # made when text first streams in (it is costly)
        self._answer_layout = a_layout
        self.notice = selectable(SafeLabel(self.answer))
        self.notice.setObjectName("answerNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        a_layout.addWidget(self.notice)

        self._error_parts: tuple[QToolButton, SafeLabel, QPushButton, QPushButton, QPushButton] | None = None
        """Details, restore, settings and retry: made when a turn first needs one (most never do)."""

        self.footer = SafeLabel(self.answer)
        self.footer.setObjectName("turnUsage")
        a_layout.addWidget(self.footer)
        layout.addWidget(self.answer)
        self._parts: list[str] = []  # the answer (as it streamed in: joined only when asked for)
        self._joined_chars = 0
        self.set_pending(self.tr("Sending…"))

    def event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.LayoutRequest:
            return super().event(event)
        self.needs_placing = True  # something in it changed size: the column asks its height again
        handled = super().event(event)
        if self.isVisible():  # on screen: placed now, not a pass of the event loop later
            self.layout_changed.emit()
        return handled

    # -- parts made when first needed (a stored conversation has hundreds of turns that never need them) ------
    def _make_cut_row(self) -> tuple[SafeLabel, QPushButton]:
        if self._cut_note is None or self._save_button is None:
            self._cut_note = selectable(SafeLabel(self.answer))
            self._cut_note.setObjectName("answerCutNote")
            self._save_button = QPushButton(self.tr("Save the whole answer…"), self.answer)
            self._save_button.setObjectName("saveAnswerButton")
            self._save_button.setToolTip(self.tr("Save the whole answer (as Markdown) to a file"))
            self._save_button.clicked.connect(self._on_save_button_clicked)
            cut_row = QHBoxLayout()
            cut_row.addWidget(self._cut_note, 1)
            cut_row.addWidget(self._save_button, 0, Qt.AlignmentFlag.AlignTop)
            self._cut_note.hide()
            self._save_button.hide()
            self._answer_layout.insertLayout(self._answer_layout.indexOf(self.notice), cut_row)
        return self._cut_note, self._save_button

    @property
    def cut_note(self) -> SafeLabel:
        """Shown under an answer too long to show whole (or shown as plain text)."""
        return self._make_cut_row()[0]

    @property
    def save_button(self) -> QPushButton:
        """ "Save the whole answer…", under an answer too long to show whole."""
        return self._make_cut_row()[1]

    def _make_error_parts(self) -> tuple[QToolButton, SafeLabel, QPushButton, QPushButton, QPushButton]:
        if self._error_parts is not None:
            return self._error_parts
        a_layout = self._answer_layout
        details_button = QToolButton(self.answer)
        details_button.setObjectName("detailsButton")
        details_button.setText(self.tr("Details"))
        details_button.setCheckable(True)
        details_button.setArrowType(Qt.ArrowType.RightArrow)
        details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        details_button.setAutoRaise(True)
        details = selectable(SafeLabel(self.answer))
        details.setObjectName("errorDetails")
        details.setTextFormat(Qt.TextFormat.PlainText)
        restore_button = QPushButton(self.tr("Put the question back in the box"), self.answer)
        restore_button.setObjectName("restoreDraftButton")
        restore_button.clicked.connect(self.restore_clicked)
        settings_button = QPushButton(self.tr("Open Settings"), self.answer)
        settings_button.setObjectName("openSettingsButton")
        settings_button.setAccessibleName(self.tr("Open Settings to enter the API key"))
        settings_button.clicked.connect(self.settings_clicked)
        retry_button = QPushButton(self.tr("Retry"), self.answer)
        retry_button.setObjectName("retryButton")
        retry_button.setAccessibleName(self.tr("Retry the question"))
        retry_button.setToolTip(self.tr("Send the same question and images again, in place of this try"))
        retry_button.clicked.connect(self.retry_clicked)
        row = QHBoxLayout()
        row.addWidget(details_button)
        row.addStretch(1)
        row.addWidget(settings_button)
        row.addWidget(restore_button)
        row.addWidget(retry_button)
        for w in (details_button, details, restore_button, settings_button, retry_button):
            w.hide()
        a_layout.insertLayout(a_layout.indexOf(self.footer), row)
        a_layout.insertWidget(a_layout.indexOf(self.footer), details)
        self._error_parts = (details_button, details, restore_button, settings_button, retry_button)
        details_button.toggled.connect(self._toggle_details)
        return self._error_parts

    @property
    def details_button(self) -> QToolButton:
        return self._make_error_parts()[0]

    @property
    def details(self) -> SafeLabel:
        """An error's technical details, under Details."""
        return self._make_error_parts()[1]

    @property
    def restore_button(self) -> QPushButton:
        return self._make_error_parts()[2]

    @property
    def settings_button(self) -> QPushButton:
        return self._make_error_parts()[3]

    @property
    def retry_button(self) -> QPushButton:
        return self._make_error_parts()[4]

    # -- the question's pictures ---------------------------------------------------------------------------
    def open_image(self, index: int) -> ImageViewer | None:
        """Show the question's picture at ``index`` large, in the viewer (one per turn, raised if open)."""
        if not self._images:
            return None
        if self.viewer is not None:
            self.viewer.show_image(index)
        else:
            self.viewer = ImageViewer(self._images, index, self.window())
            self.viewer.destroyed.connect(self._on_viewer_destroyed)
        self.viewer.show()
        self.viewer.raise_()
        self.viewer.activateWindow()
        return self.viewer

    def _on_viewer_destroyed(self) -> None:
        self.viewer = None

    # -- states -------------------------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        self.answer.setProperty("state", state)
        for widget in (self.answer, self.body, self.speaker):  # children's rules depend on the state too
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def set_pending(self, text: str) -> None:
        if self._streaming():  # text is arriving: progress goes to the notice line
            self.notice.setText(text)
            self.notice.setVisible(not text.startswith("Waiting"))
            return
        self._set_state("pending")
        self._show_plain(text)
        self.footer.hide()

    @property
    def stream_view(self) -> StreamingText:
        if self._stream_view is None:
            self._stream_view = StreamingText(self.answer)
            self._stream_view.hide()
            self._answer_layout.insertWidget(self._answer_layout.indexOf(self.body) + 1, self._stream_view)
        return self._stream_view

    def _streaming(self) -> bool:
        return self._stream_view is not None and self._stream_view.isVisible()

    def _end_stream(self) -> None:
        if self._stream_view is not None:
            self._stream_view.hide()
            self._stream_view.clear()

    def append_text(self, text: str) -> None:
        """Add streamed text at the end (cheap: only the new text is laid out, and only up to a cap)."""
        if not self._streaming():
            self._set_state("streaming")
            self.body.hide()
            self.notice.hide()
            self.stream_view.show()
        self._parts.append(text)
        self._joined_chars += len(text)
        if not self.stream_view.append(text):
            self.notice.setText(
                self.tr("…the rest is still arriving ({count} characters so far).").format(
                    count=f"{self._joined_chars:,}"
                )
            )
            self.notice.show()

    def _show_plain(self, text: str) -> None:
        """Our own words (status, errors) in the answer's place."""
        self._end_stream()
        self.body.show()
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setText(text)
        self._show_cut(Shown.MARKDOWN, 0)

    def _show_markdown(self, text: str) -> None:
        """The model's words: Markdown if it can be laid out quickly, else plain text (cut if long)."""
        self._end_stream()
        self._parts = [text]
        self._joined_chars = len(text)
        self.body.show()
        self.body.setTextFormat(Qt.TextFormat.MarkdownText)
        self.body.setText(text)
        self.copy_button.setVisible(bool(text))
        self._show_cut(self.body.shown, len(text))

    def _show_cut(self, shown: Shown, total: int) -> None:
        if shown is Shown.MARKDOWN and self._cut_note is None:
            return
        if shown is Shown.CUT:
            self.cut_note.setText(
                self.tr(
                    "This answer is too long to show whole: its first {shown} of {total} characters are shown, "
                    "as plain text. Copy and Save take all of it."
                ).format(shown=f"{self.body.view.shown_chars:,}", total=f"{total:,}")
            )
        elif shown is Shown.PLAIN:
            self.cut_note.setText(self.tr("Shown as plain text: this answer is too large to format quickly."))
        self.cut_note.setVisible(shown is not Shown.MARKDOWN)
        self.save_button.setVisible(shown is Shown.CUT)

    def _finish_note(self, finish_reason: str | None) -> str:
        """What a finish reason other than "stop" or "length" means, in a sentence ("" if nothing to say)."""
        if finish_reason == "content_filter":
            return self.tr("The provider's filter stopped the answer.")
        if finish_reason in ("tool_calls", "function_call"):
            return self.tr("The model asked to run a tool; this app does not run tools.")
        return ""

    def set_result(self, result: ChatResult, notes: Sequence[str] = ()) -> None:
        self._set_state("answer")
        reason = self._finish_note(result.finish_reason)
        if result.content and not result.content.isspace():  # (strip() would copy a 50 MB answer)
            self._show_markdown(result.content)
            notes = [reason, *notes] if reason else list(notes)
        else:
            if reason:
                empty = reason
            elif result.finish_reason == "length":
                empty = self.tr("The token limit was reached before the model wrote any answer.")
            else:
                empty = self.tr("(The model returned an empty answer.)")
            self._show_plain(empty)
            self._parts = [result.content]
            self._joined_chars = len(result.content)
        self.body.setAccessibleName(self.tr("Answer"))
        self.copy_button.setVisible(bool(result.content))
        footer = usage_text(result.usage, result.elapsed)
        if result.finish_reason == "length":
            footer += " · " + self.tr("cut off at the token limit")
        if result.incomplete:
            footer += " · " + self.tr("the answer may be incomplete: the stream ended early")
        self.footer.setText(footer)
        self.notice.setText(" ".join(notes))
        self.notice.setVisible(bool(notes))
        self.footer.setAccessibleName(self.tr("Usage: {usage}").format(usage=footer))
        self.footer.show()
        self._settle()

    def set_error(self, sentence: str, details: str, *, can_restore: bool, partial: str = "") -> None:
        self._set_state("error")
        if partial:
            # what arrived before the failure stays on screen, the error under it
            self.speaker.setText(self.tr("Incomplete answer"))
            self._show_markdown(partial)
            self.notice.setText(sentence)
            self.notice.show()
        else:
            self.speaker.setText(self.tr("Not sent"))
            self._show_plain(sentence)
        self.body.setAccessibleName(self.tr("Error: {message}").format(message=sentence))
        if details or can_restore or self._error_parts is not None:
            self.details.setText(details)
            self.details_button.setVisible(bool(details))
            self.restore_button.setVisible(can_restore)
        self.footer.hide()
        self._settle()

    def set_stopped(self, *, can_restore: bool, partial: str = "") -> None:
        self._set_state("stopped")
        self.speaker.setText(self.tr("Stopped"))
        if partial:
            self._show_markdown(partial)
            self.notice.setText(self.tr("You stopped this answer; what had arrived is kept."))
            self.notice.show()
        else:
            self._show_plain(self.tr("You stopped this request."))
        if can_restore or self._error_parts is not None:
            self.restore_button.setVisible(can_restore)
        self.footer.hide()
        self._settle()

    def _settle(self) -> None:
        """On screen: lay the turn out now, so its answer has its height and place at once (not a few passes of
        the event loop later, while the reader may already be pointing at a link in it)."""
        if not self.isVisible():
            return
        for widget in (self.body, self.answer, self):
            layout = widget.layout()
            if layout is not None:
                layout.activate()
        self.needs_placing = True
        self.layout_changed.emit()

    def hide_restore(self) -> None:
        if self._error_parts is not None:
            self.restore_button.hide()

    def set_actions(self, *, retry: bool = False, regenerate: bool = False, edit: bool = False) -> None:
        """Show the actions that apply now (only the conversation's last turn has any)."""
        if retry or self._error_parts is not None:
            self.retry_button.setVisible(retry)
        self.regenerate_button.setVisible(regenerate)
        self.edit_button.setVisible(edit)
        if retry:
            self.retry_button.setDefault(True)

    def offer_settings(self, on: bool = True) -> None:
        """The error is about the API key: "Open Settings" fixes it."""
        if on or self._error_parts is not None:
            self.settings_button.setVisible(on)

    def _toggle_details(self, on: bool) -> None:
        self.details.setVisible(on)
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.answer_plain_text)
        self._copied()

    def _copy_markdown(self) -> None:
        QGuiApplication.clipboard().setText(self.answer_markdown)
        self._copied()

    def _copied(self) -> None:
        self.copy_button.setText(self.tr("Copied"))
        # the button as context: the timer is dropped if the turn is gone by then (New conversation)
        QTimer.singleShot(1500, self.copy_button, lambda: self.copy_button.setText(self.tr("Copy")))

    # -- saving an answer too long to show ----------------------------------------------------------
    def _on_save_button_clicked(self) -> None:
        if self.save_dialog is not None:
            self.save_dialog.raise_()
            return
        dialog = QFileDialog(self, self.tr("Save the whole answer"))
        dialog.setObjectName("saveAnswerDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters([self.tr("Markdown (*.md)"), self.tr("Text (*.txt)"), self.tr("All files (*)")])
        dialog.setDefaultSuffix("md")
        dialog.selectFile(self.tr("answer.md"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._on_save_dialog_file_selected)
        dialog.finished.connect(self._on_save_dialog_finished)
        self.save_dialog = dialog
        dialog.open()  # not modal for the app, never exec()

    def _on_save_dialog_finished(self, _result: int) -> None:
        self.save_dialog = None

    def _on_save_dialog_file_selected(self, path: str) -> None:
        """Write the whole answer to ``path`` on a worker thread; the note under the answer says how it went."""
        if self._saver is None:
            self._saver = TaskRunner(self, max_threads=1, name="answerSaver")
        text = self.answer_markdown
        self.save_button.setEnabled(False)
        self.cut_note.setText(self.tr("Saving the whole answer to {path}…").format(path=path))
        self._saver.run(lambda: write_answer(path, text), self._on_saver_done, self._on_saver_failed)

    def _on_saver_done(self, path: str) -> None:
        self.save_button.setEnabled(True)
        self.cut_note.setText(self.tr("The whole answer was saved to {path}.").format(path=path))
        self.answer_saved.emit(path)

    def _on_saver_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.cut_note.setText(self.tr("The answer could not be saved: {reason}").format(reason=reason))

    @property
    def answer_plain_text(self) -> str:
        """The whole answer without Markdown syntax, as its document shows it; an answer too long to lay out as
        Markdown is shown (and copied) as written."""
        text = self.answer_markdown
        if self.body.shown is Shown.MARKDOWN and self.body.text() == text:
            parts = (
                plain_text(piece.document())
                if isinstance(piece, AnswerView)
                else str(getattr(piece, "code", ""))
                for piece in self.body.pieces
            )
            return "\n\n".join(part for part in parts if part)
        return text

    @property
    def answer_markdown(self) -> str:
        """The whole answer, as the model wrote it (never cut)."""
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""
