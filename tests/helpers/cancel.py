"""Run a request on a thread, cancel it once it has reached a given phase, and see what came of it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from vision_desktop.api.cancel import CancelToken


@dataclass
class Cancelled:
    error: BaseException | None
    """What the request raised (a CancelledError when the cancel worked)."""
    seconds: float
    """From ``cancel()`` to the request's thread having returned."""
    stopped: bool
    """False when the thread was still running after ``join_timeout``."""


def cancel_in_background(
    work: Callable[[CancelToken], object], reached: Callable[[], object], *, join_timeout: float = 3.0
) -> Cancelled:
    """Start ``work(token)`` on a thread, wait for ``reached()`` to return, cancel, and wait for the thread."""
    token = CancelToken()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            work(token)
        except BaseException as exc:  # collected for the caller
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    reached()
    started = time.perf_counter()
    token.cancel()
    thread.join(join_timeout)
    return Cancelled(outcome[0] if outcome else None, time.perf_counter() - started, not thread.is_alive())
