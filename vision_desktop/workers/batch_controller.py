"""Runs a batch (:class:`~vision_desktop.batch.runner.BatchRunner`) off the GUI thread for the batch window.

The window calls :meth:`BatchController.start` with a :class:`BatchJob` and then :meth:`~BatchController.pause`,
:meth:`~BatchController.resume`, :meth:`~BatchController.stop`, :meth:`~BatchController.rerun_failed` and
:meth:`~BatchController.set_value` (a cell fixed by hand), and listens to the signals:

* ``rows_loaded(list[BatchRow])``: the batch's rows as saved, once its state is open (before any is sent)
* ``row_changed(BatchRow)``: a row was saved (answered, failed, or waiting again)
* ``progress_changed(BatchProgress)``: counts, elapsed and estimated time, cost so far, paused or not
* ``status_changed(str)``: a plain sentence from the engine ("Too many requests: slowing down for 3 s")
* ``running_changed(bool)``
* ``finished(BatchSummary)``: the run returned (every row done or failed, or stopped)
* ``failed(str)``: the batch could not run at all (no key, the state file could not be written); a plain
  sentence. The error itself is :attr:`BatchController.last_error`.

The runner blocks while it runs, so it runs on the controller's own ``QThread`` (a worker ``QObject`` moved
there); its callbacks come from the runner's threads and reach the GUI thread through queued signals. Only plain
data crosses: the engine's frozen rows, progress and summary, and errors. Pause, resume and stop are the
runner's own thread-safe calls. A hand-fixed cell is written to the batch's SQLite state on a small disk thread.
:meth:`BatchController.shutdown` stops the run and the threads (the window calls it when it closes).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.workers.tasks import TaskRunner
from vision_desktop.workers.threads import track_thread

if TYPE_CHECKING:
    from vision_desktop.batch.fields import Value
    from vision_desktop.batch.runner import BatchRunner
    from vision_desktop.batch.spec import BatchSpec
    from vision_desktop.batch.state import BatchState
    from vision_desktop.chat.connection import Connection
    from vision_desktop.core.profiles import ModelProfile, Price

__all__ = ["BatchController", "BatchJob"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchJob:
    """One batch to run: what to ask (``spec``), where its state is kept, and how to reach the relay.

    ``connect`` resolves the connection (a keyring read) on the batch thread. With ``resume``, an existing state
    file at ``state_path`` is continued (rows already done are not sent again); otherwise it is started afresh.
    """

    spec: BatchSpec
    state_path: Path
    connect: Callable[[], Connection]
    profile: ModelProfile
    price: Price | None = None
    resume: bool = False


def _unexpected(exc: BaseException) -> VisionDesktopError:
    return VisionDesktopError(
        "Something unexpected went wrong while running the batch. The answers already saved are kept; "
        "start it again to continue.",
        detail=f"{type(exc).__name__}: {exc}",
    )


class _BatchWorker(QObject):
    """Lives on the batch thread. The controller calls only :meth:`stop` directly (thread-safe)."""

    rows_loaded = Signal(object)
    row_saved = Signal(object)
    progress = Signal(object)
    status = Signal(str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._runner: BatchRunner | None = None
        self._state: BatchState | None = None
        self._stopped = False

    @property
    def state(self) -> BatchState | None:
        with self._lock:
            return self._state

    def _runner_call(self, name: str) -> None:
        with self._lock:
            runner = self._runner
            if name == "stop":
                self._stopped = True
        if runner is not None:
            getattr(runner, name)()

    def stop(self) -> None:
        self._runner_call("stop")

    def pause(self) -> None:
        self._runner_call("pause")

    def resume(self) -> None:
        self._runner_call("resume")

    @Slot(object)
    def run_job(self, job: BatchJob) -> None:
        from vision_desktop.batch.runner import BatchRunner
        from vision_desktop.batch.state import BatchState

        try:
            with self._lock:
                self._stopped = False
                old = self._state
                self._state = self._runner = None
            if old is not None:
                old.close()
            job.state_path.parent.mkdir(parents=True, exist_ok=True)
            if job.resume:
                state = BatchState.open_or_create(job.state_path, job.spec)
            else:
                state = BatchState.create(job.state_path, job.spec)
            with self._lock:
                self._state = state
            self.rows_loaded.emit(state.rows())
            connection = job.connect()
            runner = BatchRunner(
                state.spec(),
                connection,
                state,
                profile=job.profile,
                price=job.price,
                on_row=self.row_saved.emit,
                on_progress=self.progress.emit,
                on_status=self.status.emit,
            )
            with self._lock:
                self._runner = runner
                stopped = self._stopped
            if stopped:  # Stop was pressed while the state was opened or the key read
                runner.stop()
            self.finished.emit(runner.run())
        except VisionDesktopError as exc:
            self.failed.emit(exc)
        except Exception as exc:  # a bug: log it, say it plainly
            log.exception("the batch failed unexpectedly")
            self.failed.emit(_unexpected(exc))

    @Slot()
    def rerun_failed(self) -> None:
        with self._lock:
            runner = self._runner
            self._stopped = False
        if runner is None:
            return
        try:
            self.finished.emit(runner.rerun_failed())
        except VisionDesktopError as exc:
            self.failed.emit(exc)
        except Exception as exc:
            log.exception("running the failed rows again failed unexpectedly")
            self.failed.emit(_unexpected(exc))

    def close_state(self) -> None:
        """Close the state file (when the batch thread has stopped)."""
        with self._lock:
            state, self._state, self._runner = self._state, None, None
        if state is not None:
            state.close()


class BatchController(QObject):
    """Runs one batch at a time for the batch window (see the module docstring)."""

    rows_loaded = Signal(object)
    row_changed = Signal(object)
    progress_changed = Signal(object)
    status_changed = Signal(str)
    running_changed = Signal(bool)
    finished = Signal(object)
    failed = Signal(str)
    _job_submitted = Signal(object)
    _rerun_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running = False
        self._paused = False
        self._closed = False
        self.last_error: VisionDesktopError | None = None
        self.summary: Any = None
        """The last run's :class:`~vision_desktop.batch.runner.BatchSummary`, once it has returned."""
        self._thread = track_thread(QThread())
        self._thread.setObjectName("batch-thread")
        self._worker = _BatchWorker()
        self._worker.moveToThread(self._thread)
        self._job_submitted.connect(self._worker.run_job)
        self._rerun_requested.connect(self._worker.rerun_failed)
        self._worker.rows_loaded.connect(self._on_worker_rows_loaded)
        self._worker.row_saved.connect(self._on_worker_row_saved)
        self._worker.progress.connect(self._on_worker_progress)
        self._worker.status.connect(self._on_worker_status)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._disk = TaskRunner(self, max_threads=1, name="batchDisk")
        self._thread.start()

    # -- what the window asks -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._running

    @property
    def paused(self) -> bool:
        return self._paused

    def start(self, job: BatchJob) -> None:
        """Run ``job`` (one batch at a time: raises ``RuntimeError`` while one runs)."""
        if self._running:
            raise RuntimeError("a batch is already running")
        if self._closed:
            raise RuntimeError("the batch controller was shut down")
        self.last_error = None
        self.summary = None
        self._paused = False
        self._set_running(True)
        self._job_submitted.emit(job)

    def pause(self) -> None:
        """No new request goes out; those in flight finish and are saved."""
        if self._running and not self._paused:
            self._paused = True
            self._worker.pause()

    def resume(self) -> None:
        if self._paused:
            self._paused = False
            self._worker.resume()

    def stop(self) -> None:
        """Stop the run: requests in flight are cancelled; what was saved stays (the batch can be resumed)."""
        if self._running:
            self._paused = False
            self._worker.stop()

    def rerun_failed(self) -> None:
        """Send the failed rows again (after a run has returned)."""
        if self._running or self._closed:
            return
        self.last_error = None
        self._set_running(True)
        self._rerun_requested.emit()

    def set_value(
        self,
        index: int,
        name: str,
        value: Value,
        on_done: Callable[[object], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Keep a cell fixed by hand (row ``index``, field ``name``) in the batch's saved state, on the disk
        thread. Without an open state (nothing started yet) nothing is written."""
        state = self._worker.state
        if state is None or self._closed:
            return
        self._disk.run(lambda: state.set_value(index, name, value), on_done, on_error)

    def shutdown(self, msecs: int = 5000) -> None:
        """Stop the run and the batch thread, and close the state file (when the window closes)."""
        if self._closed:
            return
        self._closed = True
        self._worker.stop()
        self._thread.quit()
        if not self._thread.wait(msecs):
            log.warning("the batch thread did not stop in %d ms", msecs)
            return
        self._disk.wait(msecs)
        try:
            self._worker.close_state()
        except Exception:
            log.exception("closing the batch's state failed")
        self._set_running(False)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.running_changed.emit(running)

    # -- from the worker ------------------------------------------------------------------------------------
    @Slot(object)
    def _on_worker_rows_loaded(self, rows: object) -> None:
        self.rows_loaded.emit(rows)

    @Slot(object)
    def _on_worker_row_saved(self, row: object) -> None:
        self.row_changed.emit(row)

    @Slot(object)
    def _on_worker_progress(self, progress: object) -> None:
        self.progress_changed.emit(progress)

    @Slot(str)
    def _on_worker_status(self, text: str) -> None:
        self.status_changed.emit(text)

    @Slot(object)
    def _on_worker_finished(self, summary: object) -> None:
        self.summary = summary
        self._paused = False
        self._set_running(False)
        fatal = getattr(summary, "fatal", None)
        if isinstance(fatal, VisionDesktopError):
            self.last_error = fatal
        self.finished.emit(summary)

    @Slot(object)
    def _on_worker_failed(self, error: VisionDesktopError) -> None:
        self.last_error = error
        self._paused = False
        self._set_running(False)
        self.failed.emit(error.message)
