"""Start-up of the packaged app: process start to window painted, frozen by PyInstaller, against a bare
PySide6 QMainWindow frozen the same way (the same bootloader, archive and Qt libraries).

    python benchmarks/bench_frozen_startup.py [--runs 9]   # needs the packaging extra: pip install -e '.[packaging]'

People run the installers, not a source checkout. ``bench_window.py`` measures from source, where PySide's import
hook also reads the source of every module imported (12-15 ms for ours); a frozen build has no sources. One probe
program is frozen with ``packaging/vision-desktop.spec`` (its entry point swapped for a probe that runs
``bench_window.py``'s measuring child): ``probe bare`` paints an empty QMainWindow, ``probe app`` the Vision
Desktop window as the app makes it. The build goes to a
temporary folder (about half a minute with PyInstaller's cache); the figures are medians.

Measured on the 2-core development machine (session 5): bare 198-215 ms, Vision Desktop 361-385 ms, 1.79-1.83×
(from source in the same session: 1.90-2.41×). Target of the window issue: ≤ 1.3×; see bench_window.py for the
floor (the same kinds of widgets in plain PySide: 1.16-1.28×).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_window import run_child  # noqa: E402

PROBE = """
import sys

from benchmarks.bench_window import child  # the same measuring child as from source, frozen with the app

child(sys.argv[1])
"""


def build(work: Path) -> Path:
    """Freeze the probe with the app's own spec; returns the frozen program."""
    probe = work / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    spec = (REPO / "packaging" / "vision-desktop.spec").read_text(encoding="utf-8")
    entry = 'str(ROOT / "packaging" / "launcher.py")'
    root = "ROOT = Path(SPECPATH).resolve().parent"
    if entry not in spec or root not in spec:
        raise SystemExit("packaging/vision-desktop.spec changed: update this benchmark's substitutions")
    spec = spec.replace(entry, repr(str(probe))).replace(root, f"ROOT = Path({str(REPO)!r})")
    (work / "probe.spec").write_text(spec, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(work / "probe.spec")],
        cwd=work,
        check=True,
    )  # fmt: skip
    return work / "dist" / "vision-desktop" / "vision-desktop"


def painted(program: Path, mode: str, env: dict[str, str]) -> float:
    return run_child([mode], env, program=[str(program)])["start_to_paint"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--platform", default="offscreen")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vd-bench-frozen-"))
    try:
        program = build(work)
        env = dict(
            os.environ,
            QT_QPA_PLATFORM=args.platform,
            VISION_DESKTOP_HOME=str(work / "home"),
            VISION_DESKTOP_API_KEY="sk-benchmark-0000000000000000",
        )
        env.pop("PYTHONPATH", None)
        env.pop("VISION_DESKTOP_BASE_URL", None)
        painted(program, "app", env)  # the disk cache and the settings folder
        bare: list[float] = []
        app: list[float] = []
        for _ in range(args.runs):
            bare.append(painted(program, "bare", env))
            app.append(painted(program, "app", env))
        b, a = statistics.median(bare), statistics.median(app)
        print(f"frozen, start to painted, bare QMainWindow   median {b * 1000:6.0f} ms")
        print(
            f"frozen, start to painted, Vision Desktop     median {a * 1000:6.0f} ms   ratio {a / b:.2f}× (target ≤ 1.3×)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
