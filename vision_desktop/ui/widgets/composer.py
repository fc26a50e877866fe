"""The composer below the conversation: the image tray, the question, instructions, Send/Cancel, elapsed time.

Compact, so the conversation keeps the room: the tray of image cards sits above the question and takes no height
while it is empty; the question is two lines tall and grows with its text up to a limit (then it scrolls); one row
below it holds Add images…, Instructions, the time since sending and Send (Cancel while a request runs).

It holds the draft (the question being written and its images) and knows nothing of requests: the window tells it
when a request runs (:meth:`Composer.set_busy`) and takes the draft when it sends (:meth:`Composer.take_draft`).

Signals:

* ``send_requested()``: Send, or Ctrl+Enter in the question
* ``cancel_requested()``: Cancel
* ``draft_changed()``: the question's text or its images changed
* ``instructions_changed(str)``: the instructions for the model (a system prompt), as typed
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vision_desktop.ui.widgets.image_tray import ImageTray, TrayImage, mime_has_images
from vision_desktop.ui.widgets.prompt_edit import PromptEdit
from vision_desktop.workers.image_preparer import ImagePreparer
from vision_desktop.workers.jobs import ImageInput

IMAGE_FILTER = (
    "Images and PDFs (*.png *.jpg *.jpeg *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif *.pdf);;"
    "PDF documents (*.pdf);;All files (*)"
)


@dataclass(frozen=True)
class ComposerDraft:
    """What the composer held when the question was sent: its text and its usable (not broken) images."""

    text: str
    images: tuple[TrayImage, ...]


class Composer(QWidget):
    send_requested = Signal()
    cancel_requested = Signal()
    draft_changed = Signal()
    instructions_changed = Signal(str)

    def __init__(
        self, preparer: ImagePreparer, instructions: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self._busy = False
        self._started = 0.0
        self._budget = 1 << 20
        self._extras: list[QWidget] = []
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._on_fit_timer_timeout)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.tray = ImageTray(preparer, self)
        self.tray.images_changed.connect(self._on_draft_changed)
        self.tray.height_changed.connect(self._fit_prompt)
        layout.addWidget(self.tray)

        self.prompt = PromptEdit(self)
        self.prompt.send_requested.connect(self.send_requested)
        self.prompt.images_pasted.connect(self._on_prompt_images_pasted)
        self.prompt.textChanged.connect(self._on_draft_changed)
        layout.addWidget(self.prompt)

        self.add_button = QPushButton(self.tr("Add images…"), self)
        self.add_button.setObjectName("addImagesButton")
        self.add_button.setAccessibleName(self.tr("Add images"))
        self.add_button.setToolTip(
            self.tr("Choose image files (you can also drop them onto the window or paste with Ctrl+V)")
        )
        self.add_button.clicked.connect(self.choose_images)

        self.instructions_button = QToolButton(self)
        self.instructions_button.setObjectName("instructionsButton")
        self.instructions_button.setCheckable(True)
        self.instructions_button.setArrowType(Qt.ArrowType.RightArrow)
        self.instructions_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.instructions_button.setAutoRaise(True)
        self.instructions_button.setAccessibleName(self.tr("Show instructions for the model"))
        self.instructions_button.setToolTip(
            self.tr("Optional instructions sent with every question (a system prompt)")
        )
        self.instructions_button.toggled.connect(self._on_instructions_button_toggled)
        self.instructions = QPlainTextEdit(self)
        self.instructions.setObjectName("instructionsEdit")
        self.instructions.setTabChangesFocus(True)
        self.instructions.setPlaceholderText(self.tr("For example: Answer in German. Be brief."))
        self.instructions.setAccessibleName(self.tr("Instructions for the model"))
        self.instructions.setPlainText(instructions)
        self.instructions.setMaximumHeight(70)
        self.instructions.setVisible(False)
        self._show_instructions_state(instructions)
        self.instructions.textChanged.connect(self._on_instructions_text_changed)

        row = QHBoxLayout()
        self._row = row
        row.setSpacing(6)
        row.addWidget(self.add_button)
        row.addWidget(self.instructions_button)
        row.addStretch(1)
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("elapsedLabel")
        self.elapsed_label.setAccessibleName(self.tr("Time since sending"))
        row.addWidget(self.elapsed_label)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel the request"))
        self.cancel_button.setToolTip(self.tr("Stop waiting for this answer (Esc)"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(self.tr("Send the question"))
        self.send_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        self.send_button.setDefault(True)
        for button in (self.send_button, self.cancel_button):
            button.setMinimumWidth(max(96, button.sizeHint().width()))
        self.send_button.clicked.connect(self.send_requested)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        layout.addWidget(self.instructions)

        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.setInterval(100)
        self._elapsed_timer.timeout.connect(self._on_elapsed_timer_timeout)
        self._update_send_enabled()

    def add_below_tray(self, widget: QWidget) -> None:
        """Show ``widget`` (the flight check's line) right under the images."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.tray) + 1, widget)
        self._extras.append(widget)
        widget.installEventFilter(self)  # shown, hidden or grown: the question's room changes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._extras and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.Hide,
            QEvent.Type.LayoutRequest,
            QEvent.Type.Resize,
        ):
            self._fit_prompt()
        return super().eventFilter(watched, event)

    def tab_chain(self) -> list[QWidget]:
        """The composer's widgets in keyboard order."""
        return [
            self.prompt,
            self.send_button,
            self.cancel_button,
            self.add_button,
            self.instructions_button,
            self.instructions,
        ]

    # -- height --------------------------------------------------------------------------------------
    def set_height_budget(self, pixels: int) -> None:
        """The tallest the composer should be (the window keeps the conversation at least as tall): the
        question grows with its text only into what the tray, the buttons and the instructions leave."""
        self._budget = pixels
        self._fit_prompt()

    def _fit_prompt(self) -> None:
        """Refit the question once control is back in the event loop (never in the middle of a layout pass)."""
        self._fit_timer.start()

    def _on_fit_timer_timeout(self) -> None:
        # from fixed figures, not from the layouts' size hints (which lag one layout pass behind)
        layout = self.layout()
        spacing = layout.spacing() if layout is not None else 0
        fixed = self._row.sizeHint().height()
        for extra in self._extras:
            if not extra.isHidden():
                fixed += spacing + max(extra.sizeHint().height(), extra.height())
        if not self.instructions.isHidden():
            fixed += spacing + min(self.instructions.maximumHeight(), self.instructions.sizeHint().height())
        if not self.tray.isHidden():
            # full chips unless they would leave the question less than its two lines
            least = (
                fixed
                + 2 * spacing
                + self.tray.height_for(compact=False)
                + self.prompt.minimumSizeHint().height()
            )
            self.tray.set_compact(least > self._budget)
            fixed += spacing + self.tray.height_for(compact=self.tray.is_compact())
        self.prompt.set_height_limit(self._budget - fixed - spacing)

    # -- the draft -------------------------------------------------------------------------------------
    def text(self) -> str:
        """The question as typed, without surrounding blanks."""
        return self.prompt.toPlainText().strip()

    def has_draft(self) -> bool:
        return bool(self.text()) or bool(self.tray.inputs())

    def is_empty(self) -> bool:
        """Nothing typed and no image (not even a broken one): a failed question may come back."""
        return not self.text() and self.tray.is_empty()

    def take_draft(self) -> ComposerDraft:
        """Empty the composer and return what it held (broken images are dropped)."""
        text = self.text()
        images = tuple(i for i in self.tray.take_all() if i.error is None)
        self.prompt.clear()
        return ComposerDraft(text, images)

    def restore_draft(self, draft: ComposerDraft) -> None:
        """Put a question back (after it failed or was stopped), before whatever is typed now."""
        current = self.text()
        self.prompt.setPlainText(f"{draft.text}\n\n{current}".strip() if current else draft.text)
        self.tray.restore(list(draft.images))
        self.prompt.setFocus()

    def ready_images(self) -> list[ImageInput]:
        """The images ready to send (prepared whole or cut into tiles), to save the draft
        (:func:`~vision_desktop.workers.image_preparer.draft_images_of` turns them into what is stored)."""
        return [item.input for item in self.tray.items() if item.ready]

    def restore_saved_draft(self, text: str, images: Sequence[tuple[str, str]]) -> None:
        """The draft saved when the app last closed: ``text`` (unless something is typed already) and images,
        as (label, path)."""
        if not self.text():
            self.prompt.setPlainText(text)
        self.tray.add_paths([path for _, path in images], labels=[label for label, _ in images])

    # -- images ----------------------------------------------------------------------------------------
    def choose_images(self) -> None:
        from PySide6.QtWidgets import (
            QFileDialog,
        )  # (its enum types are built when first used, not at start-up)

        dialog = QFileDialog(self, self.tr("Add images"))
        dialog.setObjectName("addImagesDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr(IMAGE_FILTER))
        dialog.filesSelected.connect(self.tray.add_paths)
        dialog.open()

    def add_mime(self, mime: QMimeData) -> bool:
        """Add the images a drop carries; ``False`` when it carries none."""
        return self.tray.add_mime(mime)

    def paste(self, focus: QWidget | None) -> None:
        """Paste: images go to the tray; text goes to the focused text box, else to the question."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime_has_images(mime):
            self.tray.add_mime(mime, pasted=True)
        elif isinstance(focus, QPlainTextEdit):
            focus.paste()
        else:
            self.prompt.setFocus()
            self.prompt.paste()

    def _on_prompt_images_pasted(self, mime: QMimeData) -> None:
        self.tray.add_mime(mime, pasted=True)

    # -- the request -----------------------------------------------------------------------------------
    def set_busy(self, busy: bool, started: float | None = None) -> None:
        """Show Cancel and the time since ``started`` (``time.monotonic()``) while a request runs."""
        self._busy = busy
        self.send_button.setVisible(not busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self._started = started if started is not None else time.monotonic()
            self._elapsed_timer.start()
            self._on_elapsed_timer_timeout()
            if self.send_button.hasFocus():
                self.cancel_button.setFocus()
        else:
            self._elapsed_timer.stop()
            self.elapsed_label.clear()
        self._update_send_enabled()

    def _on_elapsed_timer_timeout(self) -> None:
        seconds = time.monotonic() - self._started
        self.elapsed_label.setText(self.tr("{seconds} s").format(seconds=f"{seconds:.1f}"))

    def _on_draft_changed(self) -> None:
        self._update_send_enabled()
        self.draft_changed.emit()

    def _update_send_enabled(self) -> None:
        self.send_button.setEnabled(self.has_draft() and not self._busy)

    # -- instructions ----------------------------------------------------------------------------------
    def _on_instructions_button_toggled(self, on: bool) -> None:
        self.instructions.setVisible(on)
        self._fit_prompt()
        self.instructions_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if on:
            self.instructions.setFocus()

    def _on_instructions_text_changed(self) -> None:
        text = self.instructions.toPlainText()
        self._show_instructions_state(text)
        self.instructions_changed.emit(text)

    def _show_instructions_state(self, text: str) -> None:
        self.instructions_button.setText(
            self.tr("Instructions (set)") if text.strip() else self.tr("Instructions")
        )


__all__ = ["IMAGE_FILTER", "Composer", "ComposerDraft"]
