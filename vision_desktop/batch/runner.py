"""Running a batch: images prepared ahead, requests sent with bounded concurrency, each answer saved as it comes.

:class:`BatchRunner` is blocking (``run()`` returns when every pending row is done or failed, or after
``stop()``); the window runs it on a worker thread, the CLI directly. ``pause()``, ``resume()`` and ``stop()``
may be called from any thread. Callbacks (``on_row``, ``on_progress``, ``on_status``) are called on the runner's
threads.

How it goes:

* Each request is :func:`~vision_desktop.chat.sending.send_question` — the same retries, 413 shrinking and
  refused-parameter handling as one question — with the image prepared for the model's profile
  (``ImageLimits.for_profile(profile, 1)``).
* A few preparer threads prepare images ahead of the requests in flight; at most ``concurrency + 2`` prepared
  images (in flight included) are held at once, so a pile of 12 MP photos never fills memory.
* One shared :class:`RateLimiter` (AIMD): a 429 pauses every worker for its ``Retry-After`` (or a back-off) and
  halves the requests allowed in flight (once per round, however many requests saw it); each round of successes
  lets one more in again, up to ``concurrency``.
* With fields, an answer that cannot be read gets one repair request (text only: the image is not sent again);
  what still cannot be read leaves the cell empty, with the reason in the row's ``error``.
* Failures that would fail every row (a wrong key, no quota, an unknown model, a wrong address) stop the batch:
  the summary's ``fatal`` says why, and the rows not answered stay pending for a later run.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from vision_desktop.api.cancel import CancelToken
from vision_desktop.batch.fields import (
    ParsedAnswer,
    Value,
    parse_answer,
    question_text,
    repair_request,
    response_format_for,
)
from vision_desktop.batch.state import BatchRow, BatchState
from vision_desktop.chat.sending import DEFAULT_RETRY_POLICY, RetryPolicy, SendOutcome, send_question
from vision_desktop.core.errors import (
    AuthenticationError,
    CancelledError,
    ConfigError,
    ImageError,
    MissingApiKeyError,
    ModelUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    QuotaError,
    RateLimitError,
    VisionDesktopError,
)
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatOptions, ImageAttachment, Message, Usage

if TYPE_CHECKING:
    from vision_desktop.batch.spec import BatchSpec
    from vision_desktop.chat.connection import Connection
    from vision_desktop.core.profiles import ModelProfile, Price
    from vision_desktop.images import ImageLimits

__all__ = [
    "FATAL_ERRORS",
    "RATE_LIMIT_TRIES",
    "BatchProgress",
    "BatchRunner",
    "BatchSummary",
    "PrepareSource",
    "RateLimiter",
    "default_preparer",
]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

PrepareSource = Callable[[str, "ImageLimits | None"], tuple[ImageAttachment, ...]]
"""``prepare(source, limits)``: the source's images for the model (``limits`` None: the profile's own)."""

FATAL_ERRORS: tuple[type[VisionDesktopError], ...] = (
    AuthenticationError,
    QuotaError,
    PermissionDeniedError,
    ModelUnavailableError,
    NotFoundError,
    MissingApiKeyError,
    ConfigError,
)
"""Failures that would fail every other row too: the batch stops at the first."""

_AHEAD = 2
"""Prepared images held beyond the requests allowed in flight."""


def default_preparer(profile: ModelProfile, *, tiles: bool = True) -> PrepareSource:
    """Prepares a source for ``profile`` (one image, or its tiles), within ``ImageLimits.for_profile(profile, 1)``
    or the smaller limits of a 413 retry."""

    def prepare(source: str, limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
        from vision_desktop.images import ImageLimits, prepare_source_tiles

        chosen = limits if limits is not None else ImageLimits.for_profile(profile, 1)
        return tuple(prepare_source_tiles(source, limits=chosen, profile=profile, tiles=tiles))

    return prepare


# ------------------------------------------------------------------------------------------ data
@dataclass(frozen=True)
class BatchProgress:
    done: int
    failed: int
    total: int
    elapsed: float
    """Seconds since this run started."""
    estimated_left: float | None
    """Seconds, from this run's pace; None until a row has finished."""
    cost: float
    """Of every row so far (this run and earlier ones), in ``currency``; 0 when no price is known."""
    currency: str
    in_flight: int
    allowed: int
    """Requests allowed in flight now (lower after a 429)."""
    paused: bool

    @property
    def finished(self) -> int:
        return self.done + self.failed

    def text(self) -> str:
        """``"37 of 200 · 1:02 elapsed · about 4:10 left · USD 0.42"`` (one line, for a terminal or a label)."""
        parts = [tr("cli", "{done} of {total}").format(done=self.finished, total=self.total)]
        if self.failed:
            parts.append(tr("cli", "{count} failed").format(count=self.failed))
        parts.append(tr("cli", "{time} elapsed").format(time=_clock(self.elapsed)))
        if self.estimated_left is not None and self.finished < self.total:
            parts.append(tr("cli", "about {time} left").format(time=_clock(self.estimated_left)))
        if self.cost:
            parts.append(f"{self.currency} {self.cost:.2f}")
        if self.paused:
            parts.append(tr("cli", "paused"))
        return " · ".join(parts)


@dataclass(frozen=True)
class BatchSummary:
    done: int
    failed: int
    pending: int
    stopped: bool
    """stop() was called (or a fatal failure stopped the batch) before every row was tried."""
    fatal: VisionDesktopError | None = None
    elapsed: float = 0.0
    cost: float = 0.0
    sent: int = field(default=0)
    """Rows sent in this run."""

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.pending == 0 and self.fatal is None


def _clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# ------------------------------------------------------------------------------------------ AIMD
class RateLimiter:
    """Requests allowed in flight, shared by the workers: halved by a 429 (once per round), grown by one after
    a round of successes, and a shared pause after a 429. Thread-safe."""

    def __init__(self, maximum: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.maximum = maximum
        self._clock = clock
        self._cond = threading.Condition()
        self._allowed = maximum
        self._in_flight = 0
        self._pause_until = 0.0
        self._epoch = 0
        self._successes = 0
        self._paused = False
        self._stopped = False

    @property
    def allowed(self) -> int:
        return self._allowed

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def paused(self) -> bool:
        return self._paused

    def acquire(self) -> int | None:
        """Wait for a place in flight; the round it was given in, or None once stopped."""
        with self._cond:
            while True:
                if self._stopped:
                    return None
                wait = self._pause_until - self._clock()
                if self._paused:
                    self._cond.wait()
                elif wait > 0:
                    self._cond.wait(wait)
                elif self._in_flight < self._allowed:
                    self._in_flight += 1
                    return self._epoch
                else:
                    self._cond.wait()

    def release(self, *, success: bool) -> None:
        with self._cond:
            self._in_flight -= 1
            if success and self._allowed < self.maximum:
                self._successes += 1
                if self._successes >= self._allowed:
                    self._allowed += 1
                    self._successes = 0
            self._cond.notify_all()

    def rate_limited(self, epoch: int, wait: float) -> tuple[float, int]:
        """A request given place in round ``epoch`` got a 429 asking to wait ``wait`` seconds: the first 429 of
        a round halves the allowed requests and pauses everyone. Returns the seconds this worker waits (until
        the shared pause ends) and the round it is in now."""
        with self._cond:
            now = self._clock()
            if epoch == self._epoch:
                self._epoch += 1
                self._allowed = max(1, self._allowed // 2)
                self._successes = 0
                self._pause_until = max(self._pause_until, now + max(0.0, wait))
                self._cond.notify_all()
            return max(0.0, self._pause_until - now), self._epoch

    def pause(self) -> None:
        with self._cond:
            self._paused = True

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()


RATE_LIMIT_TRIES = 5
"""Extra tries a row gets for 429s: the shared pause already slows the batch down, so a rate-limited row waits and
goes on rather than failing (other failures keep the one-question number of tries)."""


@dataclass(frozen=True)
class _LimitedPolicy(RetryPolicy):
    """The one-question retry policy, telling the shared limiter about each 429 (and waiting its pause).

    ``attempts`` is the one-question number plus :data:`RATE_LIMIT_TRIES`; a failure other than a 429 ends the
    retries once it has happened ``other_attempts`` times (the one-question number)."""

    limiter: RateLimiter | None = None
    rounds: list[int] = field(default_factory=lambda: [0])
    other_attempts: int = 3
    others: list[int] = field(default_factory=lambda: [0])
    on_status: Callable[[str], None] | None = None

    def delay(
        self, attempt: int, error: VisionDesktopError, rand: Callable[[], float] | None = None
    ) -> float:
        own = super().delay(attempt, error) if rand is None else super().delay(attempt, error, rand)
        if not isinstance(error, RateLimitError):
            self.others[0] += 1
            if self.others[0] >= self.other_attempts:
                raise error  # as many tries as one question gets
            return own
        if self.limiter is None:
            return own
        retry_after = error.retry_after
        wanted = (
            min(float(retry_after), self.max_delay) if retry_after is not None and retry_after >= 0 else own
        )
        before = self.limiter.allowed
        wait, self.rounds[0] = self.limiter.rate_limited(self.rounds[0], wanted)
        if self.on_status is not None and self.limiter.allowed < before:
            _call(
                self.on_status,
                tr("status", "Too many requests: waiting {seconds} s, then sending {count} at a time").format(
                    seconds=f"{wait:.0f}", count=self.limiter.allowed
                ),
            )
        return wait


class _Slots:
    """A counting semaphore whose waits end when the batch stops."""

    def __init__(self, count: int) -> None:
        self._free = count
        self._cond = threading.Condition()
        self._stopped = False

    def acquire(self) -> bool:
        with self._cond:
            while self._free <= 0 and not self._stopped:
                self._cond.wait()
            if self._stopped:
                return False
            self._free -= 1
            return True

    def release(self) -> None:
        with self._cond:
            self._free += 1
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()


@dataclass
class _Prepared:
    row: BatchRow
    images: tuple[ImageAttachment, ...] = ()
    error: VisionDesktopError | None = None


# ------------------------------------------------------------------------------------------ runner
class BatchRunner:
    """Runs the pending rows of ``state`` for ``spec`` over ``connection``. See the module docstring."""

    def __init__(
        self,
        spec: BatchSpec,
        connection: Connection,
        state: BatchState,
        *,
        profile: ModelProfile,
        price: Price | None = None,
        on_row: Callable[[BatchRow], None] | None = None,
        on_progress: Callable[[BatchProgress], None] | None = None,
        on_status: Callable[[str], None] | None = None,
        policy: RetryPolicy | None = None,
        prepare: PrepareSource | None = None,
        preparers: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spec = spec
        self.state = state
        self.profile = profile
        self.price = price
        self._connection = connection
        self._on_row = on_row
        self._on_progress = on_progress
        self._on_status = on_status
        self._policy = policy or DEFAULT_RETRY_POLICY
        self._prepare = prepare or default_preparer(profile, tiles=spec.tiles)
        self._preparers = preparers or max(1, min(spec.concurrency, os.cpu_count() or 1))
        self._clock = clock
        self._lock = threading.Lock()
        self._limiter = RateLimiter(spec.concurrency, clock=clock)
        self._slots = _Slots(spec.concurrency + _AHEAD)
        self._tokens: set[CancelToken] = set()
        self._stopped = False
        self._generation = 0
        """Runs finished so far."""
        self._stopped_generation = -1
        """The value of ``_generation`` when stop() was last called: a stop before a run starts holds for it."""
        self._fatal: VisionDesktopError | None = None
        self._started = 0.0
        self._finished_this_run = 0
        self._sent = 0
        self._counts = {"done": 0, "failed": 0}
        self._pending = 0
        self._cost = 0.0
        self._question = question_text(spec.prompt, spec.fields)
        self._options = _options_for(spec, profile)
        self.peak_prepared = 0
        """The most prepared images held at once in the last run (for tests and benchmarks)."""
        self._prepared_now = 0

    # -- control (any thread) -------------------------------------------------------------------------------
    def pause(self) -> None:
        """Start no new request; those in flight finish and are saved."""
        self._limiter.pause()
        self._progress()

    def resume(self) -> None:
        self._limiter.resume()
        self._progress()

    def stop(self) -> None:
        """Cancel the requests in flight and start no more; unanswered rows stay pending (a later run does them).

        Called before :meth:`run` starts, that run stops at once; called during a run, a later ``run()`` or
        :meth:`rerun_failed` goes ahead."""
        with self._lock:
            self._stopped = True
            self._stopped_generation = self._generation
            tokens = list(self._tokens)
            limiter, slots = self._limiter, self._slots
        limiter.stop()
        slots.stop()
        for token in tokens:
            token.cancel()

    @property
    def paused(self) -> bool:
        return self._limiter.paused

    # -- running --------------------------------------------------------------------------------------------
    def rerun_failed(self) -> BatchSummary:
        """Failed rows back to pending, then :meth:`run`."""
        self.state.reset_failed()
        return self.run()

    def run(self) -> BatchSummary:
        """Send every pending row (blocking). Returns when all are done or failed, or after :meth:`stop`."""
        with self._lock:
            # a stop() during an earlier run does not stop this one; one before this run does
            self._stopped = self._stopped_generation == self._generation
            self._fatal = None
            self._limiter = RateLimiter(self.spec.concurrency, clock=self._clock)
            self._slots = _Slots(self.spec.concurrency + _AHEAD)
            if self._stopped:
                self._limiter.stop()
                self._slots.stop()
            self.peak_prepared = self._prepared_now = 0
        rows = self.state.rows()
        todo = [row for row in rows if row.status == "pending"]
        self._counts = {
            "done": sum(r.status == "done" for r in rows),
            "failed": sum(r.status == "failed" for r in rows),
        }
        self._cost = sum(r.cost or 0.0 for r in rows)
        self._pending = len(todo)
        self._started = self._clock()
        self._finished_this_run = self._sent = 0
        total = len(rows)
        self._total = total
        self._progress()

        ready: queue.Queue[_Prepared | None] = queue.Queue()
        todo_iter = iter(todo)
        take = threading.Lock()
        senders = self.spec.concurrency
        preparers_left = [min(self._preparers, max(1, len(todo)))]

        def preparer() -> None:
            try:
                while self._slots.acquire():
                    with take:
                        row = next(todo_iter, None)
                    if row is None or self._is_stopped():
                        self._slots.release()
                        return
                    ready.put(self._prepare_row(row))
            finally:
                with take:
                    preparers_left[0] -= 1
                    last = preparers_left[0] == 0
                if last:
                    for _ in range(senders):
                        ready.put(None)

        def sender() -> None:
            while True:
                item = ready.get()
                if item is None:
                    return
                try:
                    self._send(item)
                except Exception as exc:  # the disk full, a bug: stop rather than lose rows silently
                    self._fail_batch(exc)
                finally:
                    with self._lock:
                        self._prepared_now -= len(item.images)
                    item.images = ()
                    self._slots.release()

        threads = [
            threading.Thread(target=preparer, name=f"batch-prepare-{i}", daemon=True)
            for i in range(preparers_left[0])
        ]
        threads += [
            threading.Thread(target=sender, name=f"batch-send-{i}", daemon=True) for i in range(senders)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        counts = self.state.counts()
        stopped = self._is_stopped()
        with self._lock:
            self._generation += 1
        self._progress()
        return BatchSummary(
            done=counts["done"],
            failed=counts["failed"],
            pending=counts["pending"],
            stopped=stopped and counts["pending"] > 0,
            fatal=self._fatal,
            elapsed=self._clock() - self._started,
            cost=self._cost,
            sent=self._sent,
        )

    # -- one row --------------------------------------------------------------------------------------------
    def _prepare_row(self, row: BatchRow) -> _Prepared:
        try:
            images = self._prepare(row.source, None)
        except VisionDesktopError as exc:
            return _Prepared(row, error=exc)
        except Exception as exc:
            log.exception("preparing %s failed", row.source)
            return _Prepared(
                row,
                error=ImageError(
                    tr("errors", "This file could not be prepared ({error}).").format(
                        error=type(exc).__name__
                    ),
                    source=row.source,
                ),
            )
        with self._lock:
            self._prepared_now += len(images)
            self.peak_prepared = max(self.peak_prepared, self._prepared_now)
        return _Prepared(row, images)

    def _send(self, item: _Prepared) -> None:
        row = item.row
        if item.error is not None:
            self._finish(row.with_result(status="failed", error=item.error.message), sent=False)
            return
        if self._is_stopped():
            return
        epoch = self._limiter.acquire()
        if epoch is None:
            return
        success = False
        started = self._clock()
        try:
            finished = self._ask(row, item.images, epoch)
            success = finished.status == "done"
        except CancelledError:
            return  # stopped: the row stays pending
        except FATAL_ERRORS as exc:
            log.warning("batch stopped: %s (%s)", exc.message, exc.details())
            with self._lock:
                if self._fatal is None:
                    self._fatal = exc
            self.stop()
            return
        except VisionDesktopError as exc:
            finished = row.with_result(status="failed", error=exc.message, seconds=self._clock() - started)
        finally:
            self._limiter.release(success=success)
        self._finish(finished, sent=True)

    def _ask(self, row: BatchRow, images: tuple[ImageAttachment, ...], epoch: int) -> BatchRow:
        started = self._clock()

        def prepare(limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
            return images if limits is None else self._prepare(row.source, limits)

        outcome = self._request(prepare, epoch, history=(), text=self._question)
        usage = outcome.result.usage
        answer = outcome.result.content
        values: dict[str, Value] = {}
        error = ""
        if self.spec.fields:
            parsed = parse_answer(answer, self.spec.fields)
            if not parsed.ok:
                parsed, answer, usage, error = self._repair(answer, parsed, usage, epoch)
            values = dict(parsed.values)
            error = error or parsed.reason()
        elif not answer.strip():
            error = tr("errors", "The model sent an empty answer.")
        cost = self.price.cost(usage.prompt_tokens, usage.completion_tokens) if self.price else None
        return row.with_result(
            status="done",
            answer=answer,
            values=values,
            error=error,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cost=cost,
            seconds=self._clock() - started,
        )

    def _repair(
        self, answer: str, parsed: ParsedAnswer, usage: Usage, epoch: int
    ) -> tuple[ParsedAnswer, str, Usage, str]:
        """One follow-up (text only) for an answer that could not be read. Keeps what was read if it fails."""
        history = (Message("user", self._question), Message("assistant", answer))
        try:
            outcome = self._request(
                lambda _limits: (),
                epoch,
                history=history,
                text=repair_request(answer, parsed, self.spec.fields),
            )
        except CancelledError:
            raise
        except FATAL_ERRORS:
            raise
        except VisionDesktopError as exc:
            return (
                parsed,
                answer,
                usage,
                tr("errors", "{reason} (asking again failed: {error})").format(
                    reason=parsed.reason(), error=exc.message
                ),
            )
        usage = usage + outcome.result.usage
        second = parse_answer(outcome.result.content, self.spec.fields)
        if second.ok or len(second.problems) < len(parsed.problems):
            return second, outcome.result.content, usage, ""
        return parsed, answer, usage, ""

    def _request(
        self,
        prepare: Callable[[ImageLimits | None], tuple[ImageAttachment, ...]],
        epoch: int,
        *,
        history: tuple[Message, ...],
        text: str,
    ) -> SendOutcome:
        token = CancelToken()
        with self._lock:
            if self._stopped:
                raise CancelledError()
            self._tokens.add(token)
            connection = self._connection
        policy = _LimitedPolicy(
            attempts=self._policy.attempts + RATE_LIMIT_TRIES,
            other_attempts=self._policy.attempts,
            base_delay=self._policy.base_delay,
            max_delay=self._policy.max_delay,
            jitter=self._policy.jitter,
            limiter=self._limiter,
            rounds=[epoch],
            on_status=self._on_status,
        )
        try:
            outcome = send_question(
                connection,
                history=history,
                text=text,
                prepare_images=prepare,
                options=self._options,
                system=self.spec.system,
                cancel=token,
                policy=policy,
            )
        finally:
            with self._lock:
                self._tokens.discard(token)
            token.release()
        if outcome.learned:
            with self._lock:
                self._connection = self._connection.with_learned(outcome.learned)
        return outcome

    def _finish(self, row: BatchRow, *, sent: bool) -> None:
        self.state.save(row)  # on disk before anything else hears of it
        with self._lock:
            self._counts[row.status] = self._counts.get(row.status, 0) + 1
            self._pending -= 1
            self._finished_this_run += 1
            self._sent += int(sent)
            self._cost += row.cost or 0.0
        if self._on_row is not None:
            _call(self._on_row, row)
        self._progress()

    def _fail_batch(self, exc: Exception) -> None:
        import sqlite3

        if isinstance(exc, sqlite3.Error):
            log.error("the batch's state could not be written: %s", exc)
            error = VisionDesktopError(
                tr(
                    "errors",
                    "The batch's progress could not be saved (is the disk full?). The batch stopped; free some "
                    "space and run it again to continue.",
                ),
                detail=f"{type(exc).__name__}: {exc}",
            )
        else:
            log.exception("the batch failed unexpectedly")
            error = VisionDesktopError(
                tr(
                    "errors",
                    "Something unexpected went wrong, so the batch stopped. Rows already answered are kept.",
                ),
                detail=f"{type(exc).__name__}: {exc}",
            )
        with self._lock:
            if self._fatal is None:
                self._fatal = error
        self.stop()

    def _is_stopped(self) -> bool:
        with self._lock:
            return self._stopped

    def progress(self) -> BatchProgress:
        with self._lock:
            elapsed = self._clock() - self._started if self._started else 0.0
            finished = self._finished_this_run
            left = elapsed / finished * self._pending if finished else None
            currency = self.price.currency if self.price else ""
            return BatchProgress(
                done=self._counts.get("done", 0),
                failed=self._counts.get("failed", 0),
                total=getattr(self, "_total", len(self.spec.sources)),
                elapsed=elapsed,
                estimated_left=left if left is None or math.isfinite(left) else None,
                cost=self._cost,
                currency=currency,
                in_flight=self._limiter.in_flight,
                allowed=self._limiter.allowed,
                paused=self._limiter.paused,
            )

    def _progress(self) -> None:
        if self._on_progress is not None:
            _call(self._on_progress, self.progress())


def _call(callback: Callable[[_T], None], value: _T) -> None:
    """A listener's failure is logged; it never stops a worker (whose rows would then never be sent)."""
    try:
        callback(value)
    except Exception:
        log.exception("a batch listener failed")


def _options_for(spec: BatchSpec, profile: ModelProfile) -> ChatOptions:
    """The spec's options, with JSON mode where the profile honours it and fields are asked for."""
    response_format = response_format_for(spec.fields, profile)
    if response_format is not None and spec.options.response_format is None:
        return spec.options.replace(response_format=response_format)
    return spec.options
