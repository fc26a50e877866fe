"""Huge answers in the window: the GUI thread's longest stall and the peak memory, case by case.

    python benchmarks/bench_huge_answers.py [--only CASE ...]

Each case is streamed from the hostile relay (this process, 127.0.0.1 only) into a real window (a child process,
offscreen, a fresh one per case so memory figures are its own), then rendered at the end, as a user gets it. A
5 ms heartbeat timer on the GUI thread notes the longest gap between its ticks, from the click on Send until
half a second after the answer is on screen: that is the longest time the window could not react.
Targets: longest stall < 100 ms; memory bounded (a few times the answer's size, never the 4 GB of the bug).

Also timed: the final render alone (``TurnWidget.set_result``) and the longest screen update of the stream
(``TurnWidget.append_text``, text the window hands on at most 30 times a second).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import compile_package  # noqa: E402


def _prose(size: int) -> str:
    paragraph = (
        "All work and no play makes a **dull** answer, said the model, again and again. " * 12 + "\n\n"
    )
    return (paragraph * (size // len(paragraph) + 1))[:size]


def cases() -> dict[str, Callable[[], str]]:
    """name → answer text (built in the relay process only)."""
    return {
        "formatted 30 KB": lambda: _prose(30_000),
        "table at the limit": lambda: (
            "| a | b |\n|---|---|\n" + "".join(f"| {i} | v {i} |\n" for i in range(163))
        ),
        "50 MB answer": lambda: _prose(50 * 1024 * 1024),
        "1 MB single line": lambda: "x" * 1_000_000,
        "5,000-row table": lambda: (
            "| a | b |\n|---|---|\n" + "".join(f"| {i} | value {i} |\n" for i in range(5000))
        ),
        "10,000 nested lists": lambda: "".join("  " * min(i, 200) + f"- item {i}\n" for i in range(10_000)),
        "list 2,000 deep": lambda: "".join("  " * i + f"- level {i}\n" for i in range(2000)),
        "list 5,000 deep, one line": lambda: "- " * 5000 + "the bottom",
    }


def child(model: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from vision_desktop.app import create_window
    from vision_desktop.ui.widgets.turn_widget import TurnWidget

    window = create_window()
    window.show()
    window.start()
    window.model_combo.setCurrentText(model)
    state: dict[str, float] = {
        "last": 0.0,
        "stall": 0.0,
        "stall_stream": 0.0,
        "render": 0.0,
        "rendering": 0.0,
        "flush": 0.0,
        "done": 0.0,
    }

    def tick() -> None:
        now = time.perf_counter()
        if state["last"]:
            state["stall"] = max(state["stall"], now - state["last"])
            if not state["rendering"]:  # while the answer streams in (before the final render)
                state["stall_stream"] = max(state["stall_stream"], now - state["last"])
        state["last"] = now

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(tick)

    original_set_result = TurnWidget.set_result

    def set_result(self: TurnWidget, *args: object, **kw: object) -> None:
        started = state["rendering"] = time.perf_counter()
        original_set_result(self, *args, **kw)  # type: ignore[arg-type]
        self.body.view.document().size()  # the layout a paint needs, now
        state["render"] = time.perf_counter() - started

    TurnWidget.set_result = set_result  # type: ignore[method-assign]
    original_append = TurnWidget.append_text

    def append_text(self: TurnWidget, text: str) -> None:
        started = time.perf_counter()
        original_append(self, text)
        self.stream_view.document().size()  # the layout a paint needs, now
        state["flush"] = max(state["flush"], time.perf_counter() - started)

    TurnWidget.append_text = append_text  # type: ignore[method-assign]
    rss_before = 0

    def send() -> None:
        nonlocal rss_before
        rss_before = _rss()
        state["last"] = 0.0
        heartbeat.start()
        window.prompt.setPlainText("Write the answer")
        window.send()

    def check() -> None:
        if not state["done"] and window.conversation.turns and not window.controller.busy:
            state["done"] = time.perf_counter()
            QTimer.singleShot(500, finish)  # paints of the rendered answer, while the heartbeat runs

    def finish() -> None:
        heartbeat.stop()
        poll.stop()
        turn = window.view.turns[0]
        report = {
            "stall": state["stall"],
            "stall_stream": state["stall_stream"],
            "render": state["render"],
            "flush": state["flush"],
            "chars": len(turn.answer_markdown),
            "shown": turn.body.shown.value,
            "save": turn.save_button.isVisible(),
            "rss_before": rss_before,
            "peak": _peak_rss(),
        }
        print("RESULT " + json.dumps(report), flush=True)
        window.close()
        app.quit()

    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(check)
    poll.start()
    QTimer.singleShot(1000, send)  # start-up work (model list, key check) settles first
    app.exec()


def _peak_rss() -> int:
    """This process's peak resident memory (VmHWM: its own, unlike ru_maxrss, which survives exec)."""
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_case(relay_url: str, model: str) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="vd-bench-huge-"))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        VISION_DESKTOP_HOME=str(home),
        PYTHONPATH=str(REPO),
        VISION_DESKTOP_API_KEY="sk-benchmark-0000000000000000",
        VISION_DESKTOP_BASE_URL=relay_url,
    )
    out = subprocess.run(
        [sys.executable, __file__, "--child", model], env=env, capture_output=True, text=True, timeout=600
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"{model}: the window process failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", metavar="MODEL")
    parser.add_argument("--only", nargs="*", help="case names (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="runs per case (a fresh window each)")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    compile_package()
    from tests.helpers.hostile_relay import HostileRelay, say

    relay = HostileRelay().start()
    rows: list[tuple[str, list[dict[str, Any]]]] = []
    try:
        for name, build in cases().items():
            if args.only and name not in args.only:
                continue
            key = name.replace(" ", "-").replace(",", "")
            model = relay.behave(key, say(build()))
            rows.append((name, [run_case(relay.base_url, model) for _ in range(args.runs)]))
            relay.behaviours.pop(key, None)  # let the text go
    finally:
        relay.stop()

    print(f"{args.runs} runs per case, each in a fresh window; median (worst) of the runs")
    print(
        f"{'case':<26} {'answer':>8} {'longest stall':>20} {'(while streaming)':>19} {'final render':>19} "
        f"{'stream update':>19} "
        f"{'peak RSS':>15}  shown"
    )
    worst: tuple[float, str] = (0.0, "")
    for name, runs in rows:

        def col(key: str, scale: float, unit: str, runs: list[dict[str, Any]] = runs) -> str:
            values = [r[key] * scale for r in runs]
            return f"{statistics.median(values):6.0f} ({max(values):4.0f}) {unit}"

        r = runs[0]
        shown = r["shown"] + (" + Save" if r["save"] else "")
        print(
            f"{name:<26} {_size(r['chars']):>8} {col('stall', 1000, 'ms'):>20} {col('stall_stream', 1000, 'ms'):>19} "
            f"{col('render', 1000, 'ms'):>19} "
            f"{col('flush', 1000, 'ms'):>19} {col('peak', 1 / 2**20, 'MB'):>15}  {shown}"
        )
        worst = max(worst, (statistics.median(x["stall"] for x in runs), name))
    print(
        f"RSS of the window before sending: {statistics.median(r['rss_before'] for _, rs in rows for r in rs) / 2**20:.0f} MB"
    )
    print(f"highest median stall: {worst[0] * 1000:.0f} ms ({worst[1]}); target < 100 ms")
    return 0


def _size(chars: int) -> str:
    return f"{chars / 2**20:.1f} MB" if chars >= 2**20 else f"{chars / 1024:.0f} KB"


if __name__ == "__main__":
    raise SystemExit(main())
