"""The shared AIMD limiter: a 429 halves the requests in flight once per round and pauses everyone; successes
let one more in per round; pause, resume and stop release waiting workers."""

from __future__ import annotations

import threading

from vision_desktop.batch.runner import BatchProgress, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_429_halves_once_per_round_however_many_requests_saw_it() -> None:
    limiter = RateLimiter(8, clock=Clock())
    rounds = [limiter.acquire() for _ in range(8)]
    assert limiter.in_flight == 8 and set(rounds) == {0}
    wait, now = limiter.rate_limited(0, 0.0)
    assert (limiter.allowed, wait, now) == (4, 0.0, 1)
    limiter.rate_limited(0, 0.0)  # the same round: no second halving
    assert limiter.allowed == 4
    limiter.rate_limited(1, 0.0)  # a 429 in the new round halves again
    assert limiter.allowed == 2
    for _ in range(8):
        limiter.release(success=False)
    assert limiter.allowed == 2 and limiter.in_flight == 0


def test_successes_grow_the_allowed_requests_back_by_one_per_round() -> None:
    limiter = RateLimiter(4, clock=Clock())
    limiter.acquire()
    limiter.rate_limited(0, 0.0)
    limiter.release(success=False)
    assert limiter.allowed == 2
    grown = []
    for _ in range(2 + 3 + 4):
        assert limiter.acquire() is not None
        limiter.release(success=True)
        grown.append(limiter.allowed)
    assert grown == [2, 3, 3, 3, 4, 4, 4, 4, 4]


def test_the_retry_after_pause_holds_every_worker() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    limiter.acquire()
    wait, _ = limiter.rate_limited(0, 3.0)
    assert wait == 3.0
    clock.now += 1
    assert limiter.rate_limited(0, 3.0)[0] == 2.0  # a late 429 of the same round waits for the same end
    limiter.release(success=False)
    clock.now += 2
    assert limiter.acquire() is not None  # the pause is over


def test_pause_holds_new_requests_and_stop_releases_them() -> None:
    limiter = RateLimiter(2)
    limiter.pause()
    got: list[int | None] = []
    waiter = threading.Thread(target=lambda: got.append(limiter.acquire()))
    waiter.start()
    waiter.join(0.05)
    assert waiter.is_alive() and not got
    limiter.resume()
    waiter.join()
    assert got == [0]
    limiter.pause()
    stopped = threading.Thread(target=lambda: got.append(limiter.acquire()))
    stopped.start()
    limiter.stop()
    stopped.join()
    assert got == [0, None]


def test_progress_reads_as_one_line() -> None:
    progress = BatchProgress(37, 2, 200, 62, 250, 0.4213, "USD", 4, 4, False)
    assert progress.text() == "39 of 200 · 2 failed · 1:02 elapsed · about 4:10 left · USD 0.42"
