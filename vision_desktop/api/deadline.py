"""A deadline for one request that means what a person thinks "timeout" means.

httpx's read timeout starts again with every byte, so a relay that sends keep-alive comments (``: ping``) or
trickles its answer a byte a second keeps a request alive for ever. A :class:`Deadline` measures what matters
instead:

* the wait for the first content: ``wait`` seconds from the moment the request was sent (for an answer that
  is not streamed, the whole answer must have arrived by then);
* the time without new content: ``wait`` seconds since the model last produced something (answer text,
  reasoning or a tool call). Keep-alive comments, whitespace, empty deltas and usage chunks do not count;
* an overall cap on the whole request: ``total`` seconds from the start (see :func:`total_timeout`).

A watchdog thread aborts the connection when the deadline passes, the way
:class:`~vision_desktop.api.cancel.CancelToken` does (it shuts the socket down, which wakes a blocked read),
and :meth:`Deadline.error` turns that into a :class:`~vision_desktop.core.errors.TimeoutError` with a plain
sentence. The reading code also calls :meth:`Deadline.check` on every piece of raw bytes, so transports without
a socket (``httpx.MockTransport``) are bounded as well.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any, Literal

from vision_desktop.api.cancel import CancelToken
from vision_desktop.core.errors import TimeoutError
from vision_desktop.core.i18n import tr

TOTAL_TIMEOUT_FACTOR = 10
MIN_TOTAL_TIMEOUT = 600.0

Expiry = Literal["first", "stalled", "total"]


def total_timeout(wait: float) -> float:
    """The overall cap on one request: ten times the timeout, and never less than ten minutes."""
    return max(TOTAL_TIMEOUT_FACTOR * wait, MIN_TOTAL_TIMEOUT)


def _seconds(value: float) -> str:
    """``"1 second"``, ``"0.5 seconds"``: a length of time for the timeout sentences (in the current language)."""
    if value == 1:
        return tr("errors", "{seconds} second").format(seconds=f"{value:g}")
    return tr("errors", "{seconds} seconds").format(seconds=f"{value:g}")


class Deadline:
    """Watches one request from another thread; see the module docstring.

    Call :meth:`arm` when the request has been sent (``trace`` does it for httpcore connections),
    :meth:`received` for every piece of raw bytes, :meth:`progress` for new content, :meth:`finish` once the
    answer is read and :meth:`close` at the end (always).
    """

    def __init__(self, wait: float, total: float | None = None) -> None:
        self.wait = wait
        self.total = total if total is not None else total_timeout(wait)
        self.streaming = False
        """Set by the reader: the answer comes as an event stream (changes the wording of the error)."""
        self.bytes_received = 0
        self._clock = time.monotonic
        self._start = self._clock()
        self._armed_at: float | None = None
        self._progress_at: float | None = None
        self._cond = threading.Condition()
        self._stopped = False
        self._abort = CancelToken()
        self.expired: Expiry | None = None
        self._thread = threading.Thread(target=self._watch, name="request-deadline", daemon=True)
        self._thread.start()

    # -- what the reader reports ----------------------------------------------------------------------
    def arm(self) -> None:
        """The request is sent: the wait for the first content starts now (only the first call counts)."""
        with self._cond:
            if self._armed_at is None:
                self._armed_at = self._clock()
                self._cond.notify_all()  # the deadline moved earlier: the watchdog must look again

    def progress(self) -> None:
        """New content arrived: the time without content starts again."""
        with self._cond:
            now = self._clock()
            if self._armed_at is None:
                self._armed_at = now
                self._cond.notify_all()
            self._progress_at = now

    def received(self, size: int) -> None:
        """Raw bytes arrived (they prove nothing, but the message says the connection was kept open)."""
        self.bytes_received += size
        self.check()

    def finish(self) -> None:
        """The answer has been read: stop watching (parsing it does not count against the timeout)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def close(self) -> None:
        self.finish()
        if self._thread is not threading.current_thread():
            self._thread.join(1.0)
        self._abort.release()

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's ``trace`` hook: keeps the connection's socket (to abort it) and arms when the body is sent."""
        if event.endswith(".send_request_body.complete"):
            self.arm()
        self._abort.trace(event, info)  # raises CancelledError once the deadline has passed

    # -- the deadline --------------------------------------------------------------------------------
    def _due(self) -> tuple[float, Expiry]:
        cap = self._start + self.total
        if self._armed_at is None:
            return cap, "total"
        kind: Expiry = "first" if self._progress_at is None else "stalled"
        due = (self._progress_at if self._progress_at is not None else self._armed_at) + self.wait
        return (cap, "total") if cap <= due else (due, kind)

    def _expire_if_due(self) -> bool:
        """Mark the deadline passed if it is (the lock is held by the caller)."""
        if self.expired is None and not self._stopped:
            due, kind = self._due()
            if self._clock() >= due:
                self.expired = kind
        return self.expired is not None

    def _watch(self) -> None:
        with self._cond:
            while not self._stopped and not self._expire_if_due():
                due, _ = self._due()
                self._cond.wait(max(0.005, due - self._clock()))
            expired = self.expired is not None
        if expired:
            self._abort.cancel()  # shuts the connection down: a read blocked in the request thread returns

    def check(self) -> None:
        """Raise the timeout if the deadline has passed (called between reads)."""
        with self._cond:
            expired = self._expire_if_due()
        if expired:
            self._abort.cancel()
            raise self.error()

    def error(self, partial: str = "") -> TimeoutError:
        """The plain-sentence timeout for how the deadline passed (in the current language), keeping ``partial``
        text; the detail stays technical English."""
        wait = _seconds(self.wait)
        if self.expired == "total":
            if self.total >= 120:
                cap = tr("errors", "{minutes} minutes").format(minutes=f"{self.total / 60:.0f}")
            else:
                cap = _seconds(round(self.total, 1))
            if partial:
                message = tr(
                    "errors",
                    "The answer took longer than {cap}, the longest the app waits for one answer. What arrived "
                    "is kept.",
                )
            else:
                message = tr(
                    "errors",
                    "The answer took longer than {cap}, the longest the app waits for one answer. Try again, or "
                    "ask a shorter question.",
                )
            message = message.format(cap=cap)
        elif self.expired == "stalled" or partial:
            message = tr(
                "errors",
                "The service stopped sending the answer: no new text for {wait}. What arrived is kept; try again "
                "for the rest.",
            ).format(wait=wait)
        elif self.bytes_received and self.streaming:
            message = tr(
                "errors",
                "The service kept the connection open but sent no answer text for {wait}. Try again, or raise the "
                "timeout in Settings.",
            ).format(wait=wait)
        elif self.bytes_received:
            message = tr(
                "errors",
                "The service sent its answer too slowly: it was not complete after {wait}. Try again, or raise the "
                "timeout in Settings.",
            ).format(wait=wait)
        else:
            message = tr(
                "errors",
                "The service did not answer within {wait}. Try again, or raise the timeout in Settings.",
            ).format(wait=wait)
        error = TimeoutError(
            message,
            detail=(
                f"deadline passed ({self.expired or 'first'}): timeout {self.wait:g} s, overall cap "
                f"{self.total:g} s, {self.bytes_received} bytes received"
            ),
        )
        error.partial = partial
        return error
