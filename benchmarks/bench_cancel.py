"""How fast Cancel stops a request, phase by phase (target: ≤ 200 ms in every phase).

    python benchmarks/bench_cancel.py [--runs 7]

Phases: preparing images (8 × 12 MP photos), connecting (a TLS handshake that never completes), waiting for the
first byte (the relay holds the answer), mid-stream (the relay sends a word a second). Each measures from
``CancelToken.cancel()`` to the request's thread having returned. Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.helpers.cancel import cancel_in_background  # noqa: E402
from tests.helpers.images import make_photo  # noqa: E402
from tests.helpers.relay import Reply, ScriptedRelay, SilentServer, completion, stream_reply  # noqa: E402
from vision_desktop.api.cancel import CancelToken  # noqa: E402
from vision_desktop.api.client import ChatClient  # noqa: E402
from vision_desktop.chat.connection import Connection  # noqa: E402
from vision_desktop.chat.sending import send_question  # noqa: E402
from vision_desktop.core.models import ChatOptions, ChatRequest, Message  # noqa: E402
from vision_desktop.images import prepare_image  # noqa: E402
from vision_desktop.storage.secrets import KeySource  # noqa: E402

REQ = ChatRequest((Message("user", "x"),))


def measure(work: Callable[[CancelToken], object], reached: Callable[[], object]) -> float:
    return cancel_in_background(work, reached, join_timeout=30).seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vd-bench-cancel-"))
    photo = make_photo(tmp / "p0.jpg")
    photos = [photo] + [Path(shutil.copy(photo, tmp / f"p{i}.jpg")) for i in range(1, 8)]
    relay = ScriptedRelay().start()
    silent = SilentServer()
    results: dict[str, list[float]] = {}

    def preparing(token: CancelToken) -> object:
        connection = Connection("custom", relay.base_url, (), "sk-x", KeySource.EXPLICIT, 30.0)

        def prepare(limits: object) -> tuple:  # type: ignore[type-arg]
            out = []
            for p in photos:
                token.raise_if_cancelled()
                out.append(prepare_image(p))
            return tuple(out)

        return send_question(
            connection,
            history=(),
            text="x",
            prepare_images=prepare,
            options=ChatOptions(),
            system=None,
            cancel=token,
        )

    def connecting(token: CancelToken) -> object:
        with ChatClient(f"https://127.0.0.1:{silent.port}/v1", "sk-x") as client:
            return client.chat(REQ, cancel=token)

    def first_byte(token: CancelToken) -> object:
        with ChatClient(relay.base_url, "sk-x") as client:
            return client.chat(REQ, cancel=token, stream=True)

    arrived = threading.Event()

    def mid_stream(token: CancelToken) -> object:
        with ChatClient(relay.base_url, "sk-x") as client:
            return client.chat(REQ, cancel=token, stream=True, on_delta=lambda _t: arrived.set())

    for _ in range(args.runs):
        results.setdefault("preparing 8 × 12 MP images", []).append(
            measure(preparing, lambda: time.sleep(0.15))
        )
        results.setdefault("connecting (TLS handshake hangs)", []).append(
            measure(connecting, lambda: time.sleep(0.2))
        )
        relay.push(Reply(200, completion("late"), delay=10))
        results.setdefault("waiting for the first byte", []).append(
            measure(first_byte, lambda: time.sleep(0.2))
        )
        arrived.clear()
        relay.push(stream_reply("one two three four five six seven eight", chunk_delay=1.0))
        results.setdefault("mid-stream", []).append(measure(mid_stream, lambda: arrived.wait(5)))
    relay.stop()
    silent.close()
    for phase, values in results.items():
        print(
            f"cancel while {phase:<34} median {statistics.median(values) * 1000:6.1f} ms, max {max(values) * 1000:6.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
