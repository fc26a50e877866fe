"""Start-up, idle memory and GUI-thread stalls of the window.

    python benchmarks/bench_window.py [--runs 7] [--platform offscreen|xcb] [--only startup|stall] [--gaps]

1. Process start to window painted, against a bare PySide6 QMainWindow in the same run. Target: ≤ 1.3×. Also
   a plain PySide window with the same kinds of widgets and none of our code: what PySide itself costs.
2. Idle memory (RSS) of the window after start-up. Target: ≤ 120 MB.
3. Longest GUI-thread stall (a 5 ms heartbeat timer) while 8 × 12 MP photos are prepared and sent to the
   scripted relay on 127.0.0.1. Target: ≤ 30 ms.

Each measurement runs in a fresh child process (``--child MODE``). ``--only stall`` runs part 3 alone, ``--runs``
times (without it, part 3 runs max(3, runs // 2) times); ``--only startup`` runs parts 1 and 2. ``--gaps`` prints,
for each stall run, every heartbeat gap over 20 ms with the time since the drop and the slots the GUI thread
ran during it (the slowest first), to find what to move off the GUI thread.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import compile_package  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(mode: str) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                QTimer.singleShot(0, report)
            return False

    def report() -> None:
        print(f"painted {time.time():.6f}", flush=True)
        QTimer.singleShot(1000, lambda: (print(f"rss {rss_mb():.1f}", flush=True), app.quit()))

    if mode == "bare":
        window = QMainWindow()
        window.resize(1000, 760)
    elif mode == "widgets":
        window = _plain_widgets_window()
    else:
        from vision_desktop.app import create_window

        window = create_window()
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    if mode == "app":
        window.start_after_first_paint()  # type: ignore[attr-defined]  # as the app does
    window.show()
    app.exec()
    if mode == "app":
        window.close()


def _plain_widgets_window() -> QMainWindow:
    """The PySide floor: a QMainWindow with the kinds of widgets our first frame shows (a menu bar, a splitter
    with a search field and a list, a scroll area with a label, a text box, buttons, two combo boxes, two spin
    boxes, a status bar), laid out with Qt's enums, and none of our code. What PySide6 itself costs a window
    like ours: the Qt namespace's enum types, each class's type object, the import hook's source check."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (
        QComboBox,
        QDoubleSpinBox,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QListView,
        QMainWindow,
        QPlainTextEdit,
        QPushButton,
        QScrollArea,
        QSpinBox,
        QSplitter,
        QVBoxLayout,
        QWidget,
    )

    window = QMainWindow()
    for title in ("&File", "&Edit", "&View", "&Help"):
        menu = window.menuBar().addMenu(title)
        for n in range(5):
            action = QAction(f"Item {n}", window)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            menu.addAction(action)
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.addWidget(QPushButton("New conversation"))
    left_layout.addWidget(QLineEdit())
    left_layout.addWidget(QListView(), 1)
    right = QWidget()
    right_layout = QVBoxLayout(right)
    view = QScrollArea()
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    label = QLabel("<h3>Ask about your images</h3>")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    view.setWidget(label)
    view.setWidgetResizable(True)
    right_layout.addWidget(view, 1)
    right_layout.addWidget(QPlainTextEdit())
    row = QHBoxLayout()
    for widget in (QPushButton("Add images…"), QComboBox(), QComboBox(), QDoubleSpinBox(), QSpinBox()):
        row.addWidget(widget)
    row.addWidget(QPushButton("Send"))
    right_layout.addLayout(row)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(left)
    splitter.addWidget(right)
    window.setCentralWidget(splitter)
    window.statusBar().showMessage("Ready")
    window.resize(1000, 760)
    return window


def stall_child(photo_dir: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    # the relay runs in its own process, as a real one would: its JSON parsing must not count as our stall
    relay = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from tests.helpers.relay import ScriptedRelay; "
            "r = ScriptedRelay().start(); print(r.base_url, flush=True); time.sleep(300)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert relay.stdout is not None
    os.environ["VISION_DESKTOP_BASE_URL"] = relay.stdout.readline().strip()
    app = QApplication(sys.argv[:1])
    from vision_desktop.app import create_window

    window = create_window()
    window.show()
    window.start()
    paths = sorted(str(p) for p in Path(photo_dir).glob("*.jpg"))
    state = {
        "last": 0.0,
        "longest": 0.0,
        "cpu": 0.0,
        "adding": 0.0,
        "sending": 0.0,
        "sent": 0.0,
        "oncpu": 0.0,
        "queued": 0.0,
    }
    began = time.perf_counter()
    gaps = os.environ.get("BENCH_GAPS") == "1"
    slow: list[tuple[float, str]] = []  # (seconds, what) of the events handled since the last tick
    samples: list[str] = []  # the GUI thread's Python stack, sampled while the heartbeat is late
    if gaps:
        _time_events(app, slow)
        _sample_late_stacks(state, samples)

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        queued = _runqueue_wait() if gaps else 0.0
        if state["last"]:
            gap = now - state["last"]
            state["longest"] = max(state["longest"], gap)
            state["oncpu"] = max(state["oncpu"], cpu - state["cpu"])
            phase = "sending" if state["sent"] else "adding"
            state[phase] = max(state[phase], gap)
            if gaps and gap > 0.02:
                parts = ", ".join(f"{what} {t * 1000:.1f}" for t, what in sorted(slow, reverse=True)[:4])
                busy = (cpu - state["cpu"]) * 1000
                ready = (queued - state["queued"]) * 1000
                print(
                    f"gap at {now - began:6.3f} s: {gap * 1000:5.1f} ms, GUI thread on a CPU {busy:4.1f} ms, "
                    f"ready but without a core {ready:4.1f} ms  [{parts}]",
                    flush=True,
                )
                for where in sorted(set(samples), key=samples.count, reverse=True)[:3]:
                    print(f"gap   {samples.count(where):3d}× {where}", flush=True)
        slow.clear()
        samples.clear()
        state["last"], state["cpu"], state["queued"] = now, cpu, queued

    def check() -> None:
        items = window.tray.items()
        if window.conversation.turns and not window.controller.busy:
            heartbeat.stop()
            print(f"stall {state['longest'] * 1000:.1f}", flush=True)
            print(f"adding {state['adding'] * 1000:.1f}", flush=True)
            print(f"oncpu {state['oncpu'] * 1000:.1f}", flush=True)
            print(f"sending {state['sending'] * 1000:.1f}", flush=True)
            window.close()
            app.quit()
        elif (
            items
            and all(i.ready for i in items)
            and not window.controller.busy
            and not window.conversation.turns
        ):
            window.prompt.setPlainText("Which photo is the sharpest?")
            state["sent"] = 1.0
            window.send()

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(tick)
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(check)

    def begin() -> None:
        heartbeat.start()
        window.tray.add_paths(paths)
        poll.start()

    QTimer.singleShot(1500, begin)  # after start-up work (model list, imports), as when a person drops photos
    app.exec()
    relay.kill()


def _runqueue_wait() -> float:
    """Seconds the calling thread has spent runnable but waiting for a core (Linux schedstat; 0 elsewhere). The
    rest of a gap that is neither on a CPU nor in the run queue is the GUI thread blocked: on the GIL, mostly."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def _time_events(app: object, slow: list[tuple[float, str]]) -> None:
    """Time every event the GUI thread handles (``notify``) and keep those over 2 ms, named by receiver and type."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    original = type(app).notify

    def notify(receiver: QObject, event: QEvent) -> bool:
        started = time.perf_counter()
        try:
            return bool(original(app, receiver, event))
        finally:
            spent = time.perf_counter() - started
            if spent > 0.002:
                name = receiver.objectName() or type(receiver).__name__
                parent = receiver.parent()
                if not receiver.objectName() and parent is not None:  # a timer: say whose
                    name += f"<{parent.objectName() or type(parent).__name__}>"
                slow.append((spent, f"{name}:{event.type().name}"))

    app.notify = notify  # type: ignore[method-assign]


def _sample_late_stacks(state: dict[str, float], samples: list[str]) -> None:
    """Every 2 ms, while the heartbeat is over 8 ms late, note where the GUI thread's Python code is (the app's
    innermost frames). C++ work (layouts, painting) shows as the Python frame that called into it."""
    import threading

    main = threading.main_thread().ident

    def where() -> str:
        frame = sys._current_frames().get(main or 0)
        names: list[str] = []
        while frame is not None and len(names) < 3:
            code = frame.f_code
            if "vision_desktop" in code.co_filename:
                names.append(f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}")
            frame = frame.f_back
        return " < ".join(names) or "(Qt, no app frame)"

    def run() -> None:
        while True:
            time.sleep(0.002)
            if state["last"] and time.perf_counter() - state["last"] > 0.013:
                samples.append(where())

    threading.Thread(target=run, daemon=True).start()


def run_child(args: list[str], env: dict[str, str], program: list[str] | None = None) -> dict[str, float]:
    """Run :func:`child` in a fresh process (this file, or ``program``: the frozen probe) and read its figures."""
    started = time.time()
    command = program if program is not None else [sys.executable, __file__]
    out = subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=120)
    values: dict[str, float] = {}
    for line in out.stdout.splitlines():
        if line.startswith("gap "):
            print("   ", line)
            continue
        key, _, value = line.partition(" ")
        if key in ("painted", "rss", "stall", "adding", "sending", "oncpu"):
            values[key] = float(value)
    if "painted" in values:
        values["start_to_paint"] = values["painted"] - started
    if not values:
        raise RuntimeError(out.stderr[-2000:])
    return values


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default="offscreen")
    parser.add_argument("--child")
    parser.add_argument("--photos")
    parser.add_argument("--only", choices=("startup", "stall"))
    parser.add_argument(
        "--gaps", action="store_true", help="print each stall run's long gaps and their slots"
    )
    args = parser.parse_args()
    if args.child == "stall":
        stall_child(args.photos)
        return 0
    if args.child:
        child(args.child)
        return 0

    compile_package()
    tmp = Path(tempfile.mkdtemp(prefix="vd-bench-window-"))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=args.platform,
        VISION_DESKTOP_HOME=str(tmp / "home"),
        VISION_DESKTOP_API_KEY="sk-benchmark-0000000000000000",
        PYTHONPATH=str(REPO),
    )
    env.pop("VISION_DESKTOP_BASE_URL", None)
    if args.gaps:
        env["BENCH_GAPS"] = "1"
    if args.only != "stall":
        startup(args.runs, env)
    if args.only != "startup":
        stall(args.runs if args.only == "stall" else max(3, args.runs // 2), tmp, env)
    return 0


def startup(runs: int, env: dict[str, str]) -> None:
    bare, widgets, app, rss, rss_bare = [], [], [], [], []
    run_child(["--child", "app"], env)  # warm the disk cache and the settings folder
    for _ in range(runs):
        b = run_child(["--child", "bare"], env)
        w = run_child(["--child", "widgets"], env)
        a = run_child(["--child", "app"], env)
        bare.append(b["start_to_paint"])
        widgets.append(w["start_to_paint"])
        app.append(a["start_to_paint"])
        rss.append(a["rss"])
        rss_bare.append(b["rss"])
    med = statistics.median
    print(f"start to painted, bare QMainWindow   median {med(bare) * 1000:6.0f} ms")
    print(
        f"start to painted, the same widgets   median {med(widgets) * 1000:6.0f} ms   ratio {med(widgets) / med(bare):.2f}×"
        " (PySide alone, none of our code: the floor)"
    )
    print(
        f"start to painted, Vision Desktop     median {med(app) * 1000:6.0f} ms   ratio {med(app) / med(bare):.2f}× (target ≤ 1.3×)"
    )
    print(
        f"idle RSS, Vision Desktop             median {med(rss):6.1f} MB   (bare QMainWindow {med(rss_bare):.1f} MB; target ≤ 120 MB)"
    )


def stall(runs: int, tmp: Path, env: dict[str, str]) -> None:
    from tests.helpers.images import make_photo

    photos = tmp / "photos"
    photos.mkdir()
    original = make_photo(photos / "photo0.jpg")
    for i in range(1, 8):
        shutil.copy(original, photos / f"photo{i}.jpg")
    stalls, adding, sending, oncpu = [], [], [], []
    for _ in range(runs):
        values = run_child(["--child", "stall", "--photos", str(photos)], env)
        stalls.append(values["stall"])
        adding.append(values["adding"])
        sending.append(values["sending"])
        oncpu.append(values["oncpu"])
        if env.get("BENCH_GAPS"):
            print(f"    run {len(stalls)}: longest {stalls[-1]:.1f} ms", flush=True)
    med = statistics.median
    each = ", ".join(f"{s:.1f}" for s in stalls)
    print(
        f"longest GUI stall, 8 × 12 MP photos  median {med(stalls):6.1f} ms   max {max(stalls):.1f} ms "
        f"(target ≤ 30 ms; runs: {each})"
    )
    print(
        f"  of which adding and preparing      median {med(adding):6.1f} ms   max {max(adding):.1f} ms; "
        f"sending and the answer median {med(sending):.1f} ms, max {max(sending):.1f} ms"
    )
    print(
        f"  longest GUI-thread CPU time between two heartbeats: median {med(oncpu):.1f} ms, max {max(oncpu):.1f} ms "
        "(the stall's own work; the rest of a stall is waiting for a core or the GIL)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
