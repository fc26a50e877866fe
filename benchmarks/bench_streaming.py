"""Streaming in the window: first byte to first visible text, and the cost per chunk as an answer grows.

    python benchmarks/bench_streaming.py [--tokens 20000]

1. First SSE byte to first visible text: the relay (this process) notes when it writes the first piece of text;
   the window (a child process, offscreen) notes when the streaming view first paints it. Target: ≤ 30 ms.
2. A 20,000-token streamed answer (one token a chunk, as relays send them): GUI-thread time spent per chunk,
   by how long the answer already is. Flat means no quadratic re-rendering. Also the one Markdown render at the end.
(Cancel, phase by phase: benchmarks/bench_cancel.py.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def child(tokens: int) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from vision_desktop.app import create_window

    window = create_window()
    window.show()
    costs: list[tuple[int, float]] = []
    flushes: list[tuple[int, float]] = []
    state = {"chars": 0, "visible": 0.0, "markdown": 0.0}

    session = window.session  # the stream buffer lives in the conversation session
    original_received = session._on_controller_text_received
    original_flush = session._flush_stream

    def received(text: str) -> None:
        started = time.perf_counter()
        original_received(text)
        state["chars"] += len(text)
        costs.append((state["chars"], time.perf_counter() - started))

    def flush() -> None:
        started = time.perf_counter()
        original_flush()
        if window.view.turns:  # lay the text out now, as the next paint would
            window.view.turns[0].stream_view.document().size()
        flushes.append((state["chars"], time.perf_counter() - started))

    window.controller.text_received.disconnect(session._on_controller_text_received)
    window.controller.text_received.connect(received)
    session._flush_timer.timeout.disconnect(session._flush_stream)
    session._flush_timer.timeout.connect(flush)
    session._on_controller_text_received = received  # type: ignore[method-assign]
    session._flush_stream = flush  # type: ignore[method-assign]

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            turns = window.view.turns
            if (
                event.type() == QEvent.Type.Paint
                and not state["visible"]
                and turns
                and turns[0].stream_view.toPlainText()
            ):
                state["visible"] = time.time()
            return False

    painter = FirstPaint()

    def send() -> None:
        window.prompt.setPlainText("Write a long answer")
        window.send()
        QTimer.singleShot(0, lambda: window.view.turns[0].stream_view.viewport().installEventFilter(painter))

    def check() -> None:
        if window.conversation.turns and not window.controller.busy:
            poll.stop()
            turn = window.view.turns[0]
            started = time.perf_counter()
            turn._show_markdown(turn.answer_markdown)
            turn.body.heightForWidth(turn.body.width())  # the layout a paint would need
            state["markdown"] = time.perf_counter() - started
            print(f"visible {state['visible']:.6f}", flush=True)
            print(f"markdown {state['markdown']:.6f}", flush=True)
            for chars, cost in costs:
                print(f"cost {chars} {cost:.7f}")
            for chars, cost in flushes:
                print(f"flush {chars} {cost:.7f}")
            window.close()
            app.quit()

    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(check)
    QTimer.singleShot(300, send)
    poll.start()
    app.exec()


def by_length(
    samples: list[tuple[int, float]], total: int, buckets: int = 10
) -> list[tuple[int, int, list[float]]]:
    """The samples' costs grouped into ``buckets`` ranges of answer length (empty ranges left out)."""
    out = []
    for b in range(buckets):
        lo, hi = total * b // buckets, total * (b + 1) // buckets
        part = [c for chars, c in samples if lo <= chars < hi or (b == buckets - 1 and chars == hi)]
        if part:
            out.append((lo, hi, part))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=20000)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.tokens)
        return 0
    from tests.helpers.relay import ScriptedRelay, stream_reply

    relay = ScriptedRelay().start()
    tmp = Path(tempfile.mkdtemp(prefix="vd-bench-stream-"))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        VISION_DESKTOP_HOME=str(tmp),
        PYTHONPATH=str(REPO),
        VISION_DESKTOP_API_KEY="sk-benchmark-0000000000000000",
        VISION_DESKTOP_BASE_URL=relay.base_url,
    )

    # 1. first byte to first visible text: the first text arrives alone, after a pause
    first_latency = []
    for _ in range(5):
        relay.chunk_times.clear()
        relay.push(stream_reply("Hello there, this is the first text.", chunk_delay=0.3))
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--tokens", "0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        visible = float(
            next(line.split()[1] for line in out.stdout.splitlines() if line.startswith("visible"))
        )
        first_text_written = relay.chunk_times[1]  # [0] is the role chunk with empty content
        first_latency.append(visible - first_text_written)
    print(
        f"first SSE text to first visible text: median {statistics.median(first_latency) * 1000:.1f} ms, "
        f"max {max(first_latency) * 1000:.1f} ms (target ≤ 30 ms)"
    )

    # 2. a long answer, one token a chunk
    # an answer shaped like a real one: paragraphs of ~80 tokens (the view lays out only the paragraph that grows)
    words = [f"word{i % 100}" + ("\n\n" if i % 80 == 79 else "") for i in range(args.tokens)]
    relay.push(stream_reply(" ".join(words), chunk_delay=0.0005))  # ~2,000 chunks a second
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--tokens", str(args.tokens)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "markdown" not in out.stdout:
        raise SystemExit(f"the window process failed:\n{out.stderr[-3000:]}")
    costs = [
        (int(p[1]), float(p[2])) for p in (line.split() for line in out.stdout.splitlines()) if p[0] == "cost"
    ]
    markdown = float(next(line.split()[1] for line in out.stdout.splitlines() if line.startswith("markdown")))
    relay.stop()
    total_chars = costs[-1][0] if costs else 0
    print(f"{args.tokens:,}-token answer, {len(costs):,} GUI-thread calls; time per call by answer length:")
    for lo, hi, part in by_length(costs, total_chars):
        p99 = sorted(part)[int(len(part) * 0.99) - 1]
        print(
            f"  {lo:>8,}–{hi:<8,} chars: median {statistics.median(part) * 1e6:7.1f} µs, p99 {p99 * 1e6:8.1f} µs, calls {len(part):,}"
        )
    flushes = [
        (int(p[1]), float(p[2]))
        for p in (line.split() for line in out.stdout.splitlines())
        if p[0] == "flush"
    ]
    print(
        f"screen updates (text appended to the view, ≤ 30 a second): {len(flushes)}; cost by answer length:"
    )
    for lo, hi, part in by_length(flushes, total_chars):
        print(
            f"  {lo:>8,}–{hi:<8,} chars: median {statistics.median(part) * 1000:6.2f} ms, max {max(part) * 1000:6.2f} ms"
        )
    print(f"final Markdown render of the whole answer: {markdown * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
