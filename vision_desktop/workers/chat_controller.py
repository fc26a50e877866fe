"""The request worker (on its own QThread) and the controller the window talks to.

The window calls :meth:`ChatController.submit` and :meth:`ChatController.cancel` and listens to the signals:

* ``busy_changed(bool)``
* ``status_changed(str)``: progress in plain words ("Preparing 3 images…", "Waiting for the answer…")
* ``response_received(RequestOutcome)``
* ``request_failed(RequestFailure)``
* ``request_cancelled(int)``: the request id
* ``text_received(str)``: a piece of a streamed answer

Each request has an id and its own :class:`~vision_desktop.api.cancel.CancelToken`; cancel shuts the request's
socket down and the controller drops any late result of that id.

:meth:`ChatController.submit` hands the job to the request thread once control is back in the event loop, after
the layout and painting that the new question caused: the request thread's first steps (the key, building and
serialising a body of several megabytes of images) hold the interpreter lock in long pieces, and the window,
building the question's turn at that very moment, would wait for it (a visible stall when sending 8 photos).
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from vision_desktop.api.cancel import CancelToken
from vision_desktop.chat.connection import Connection
from vision_desktop.chat.http import DOWNLOAD_TIMEOUT
from vision_desktop.chat.sending import send_question
from vision_desktop.core.errors import CancelledError, VisionDesktopError
from vision_desktop.core.models import ImageAttachment
from vision_desktop.workers.image_preparer import attachments_of, prepare_attachments
from vision_desktop.workers.jobs import ImageInput, RequestFailure, RequestJob, RequestOutcome
from vision_desktop.workers.threads import track_thread

if TYPE_CHECKING:
    from vision_desktop.api.http import HttpSettings
    from vision_desktop.images import ImageLimits

log = logging.getLogger(__name__)


class RequestWorker(QObject):
    """Lives on the request thread. Never call its methods from another thread: use the controller."""

    progress = Signal(int, str)
    delta = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    @Slot(object)
    def run_job(self, job: RequestJob) -> None:
        token = job.cancel if isinstance(job.cancel, CancelToken) else CancelToken()
        prepared: list[ImageAttachment] = []
        download: HttpSettings | None = None

        def prepare(limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
            # an image still being prepared (or prepared again for another model) is prepared here: sending
            # waits for it; a picture cut into tiles gives all its tiles
            pending = [i for i in job.images if not attachments_of(i) or limits is not None]
            if pending:
                self.progress.emit(
                    job.request_id,
                    self.tr("Preparing 1 image…")
                    if len(pending) == 1
                    else self.tr("Preparing {count} images…").format(count=len(pending)),
                )
            each = []
            for item in job.images:
                token.raise_if_cancelled()
                each.append(prepare_attachments(item, http=download, limits=limits))
            out = _within_many_images_edge(job.images, each, limits, token, download)
            prepared[:] = out
            return tuple(out)

        try:
            token.raise_if_cancelled()
            connection = job.connect()
            assert isinstance(connection, Connection)
            download = connection.http(read_timeout=DOWNLOAD_TIMEOUT)
            history = job.history
            outcome = send_question(
                connection,
                history=history,
                text=job.text,
                prepare_images=prepare,
                options=job.options,
                system=job.system,
                cancel=token,
                stream=job.stream,
                on_delta=lambda text: self.delta.emit(job.request_id, text),
                on_status=lambda text: self.progress.emit(job.request_id, text),
            )
            self.succeeded.emit(
                RequestOutcome(job.request_id, outcome.question, outcome.result, outcome.notes)
            )
        except VisionDesktopError as exc:
            if token.cancelled and not isinstance(exc, CancelledError):
                partial, exc = exc.partial, CancelledError()
                exc.partial = partial
            self.failed.emit(RequestFailure(job.request_id, exc, tuple(prepared)))
        except Exception as exc:  # a bug: log it, tell the user plainly
            log.exception("request %s failed unexpectedly", job.request_id)
            error = VisionDesktopError(
                "Something unexpected went wrong while sending. Your question is still in the box; try again.",
                detail=f"{type(exc).__name__}: {exc}",
            )
            self.failed.emit(RequestFailure(job.request_id, error, tuple(prepared)))


def _within_many_images_edge(
    items: tuple[ImageInput, ...],
    each: list[tuple[ImageAttachment, ...]],
    limits: ImageLimits | None,
    token: CancelToken,
    download: HttpSettings | None,
) -> list[ImageAttachment]:
    """All the attachments, in order. With more images than the profile's ``many_images`` in one request (tiles
    count), upstream refuses any over ``many_images_max_edge`` (2000 px): those images are prepared again for a
    request of that many images."""
    from vision_desktop.core.profiles import DEFAULT_PROFILE
    from vision_desktop.images import ImageLimits

    count = sum(len(group) for group in each)
    profile = next((p for i in items if (p := getattr(i, "profile", None)) is not None), DEFAULT_PROFILE)
    if count > profile.many_images:
        edge = profile.many_images_max_edge
        for index, (item, group) in enumerate(zip(items, each, strict=True)):
            if any(max(a.width, a.height) > edge for a in group):
                token.raise_if_cancelled()
                many = ImageLimits.for_profile(profile, count)
                smaller = many if limits is None else replace(limits, max_edge=min(limits.max_edge, edge))
                each[index] = prepare_attachments(item, http=download, limits=smaller)
    return [attachment for group in each for attachment in group]


class ChatController(QObject):
    busy_changed = Signal(bool)
    status_changed = Signal(str)
    response_received = Signal(object)
    request_failed = Signal(object)
    request_cancelled = Signal(int)
    text_received = Signal(str)
    _job_submitted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._current: int | None = None
        self._token: CancelToken | None = None
        self._thread = track_thread(QThread())
        self._thread.setObjectName("request-thread")
        self._worker = RequestWorker()
        self._worker.moveToThread(self._thread)
        self._job_submitted.connect(self._worker.run_job)
        self._worker.progress.connect(self._on_worker_progress)
        self._worker.delta.connect(self._on_worker_delta)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._pending: RequestJob | None = None
        self._handoff = QTimer(self)  # 0 ms: after the posted layout and paint events of the new question
        self._handoff.setSingleShot(True)
        self._handoff.setInterval(0)
        self._handoff.timeout.connect(self._on_handoff_timeout)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._current is not None

    def submit(self, job: RequestJob) -> int:
        if self._current is not None:
            raise RuntimeError("a request is already running")
        request_id = next(self._ids)
        self._token = CancelToken()
        self._current = request_id
        self.busy_changed.emit(True)
        self._pending = replace(job, request_id=request_id, cancel=self._token)
        self._handoff.start()
        return request_id

    @Slot()
    def _on_handoff_timeout(self) -> None:
        job, self._pending = self._pending, None
        if job is not None and job.request_id == self._current:  # not cancelled meanwhile
            self._job_submitted.emit(job)

    def cancel(self) -> None:
        """Stop the running request at once; its late result, if any, is dropped."""
        if self._current is None or self._token is None:
            return
        request_id = self._current
        self._pending = None
        self._token.cancel()
        self._current = None
        self._token = None
        self.request_cancelled.emit(request_id)
        self.busy_changed.emit(False)

    def shutdown(self, msecs: int = 3000) -> None:
        """Cancel what runs and stop the thread (on quit)."""
        if self._token is not None:
            self._token.cancel()
        self._current = None
        self._pending = None
        self._handoff.stop()
        self._thread.quit()
        if not self._thread.wait(msecs):
            log.warning("the request thread did not stop in %d ms", msecs)

    # -- from the worker ---------------------------------------------------------------------------
    @Slot(int, str)
    def _on_worker_progress(self, request_id: int, text: str) -> None:
        if request_id == self._current:
            self.status_changed.emit(text)

    @Slot(int, str)
    def _on_worker_delta(self, request_id: int, text: str) -> None:
        if request_id == self._current:
            self.text_received.emit(text)

    @Slot(object)
    def _on_worker_succeeded(self, outcome: RequestOutcome) -> None:
        if outcome.request_id != self._current:
            return
        self._current = None
        self._token = None
        self.response_received.emit(outcome)
        self.busy_changed.emit(False)

    @Slot(object)
    def _on_worker_failed(self, failure: RequestFailure) -> None:
        if failure.request_id != self._current:
            return
        self._current = None
        self._token = None
        self.request_failed.emit(failure)
        self.busy_changed.emit(False)
