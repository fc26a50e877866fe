"""How close to the ideal does a batch run, and how much memory does it take?

    python benchmarks/bench_batch.py [--count 200] [--size 3000x2000] [--concurrency 8] [--latency 0.05]

Generates ``--count`` different photo-like JPEGs of ``--size`` (quality 90), starts the scripted relay on
127.0.0.1 answering every request after ``--latency`` seconds, and runs ``vision-desktop batch`` over the folder
in a fresh child process (``--concurrency`` at a time, CSV out). Prints the wall time of the batch against the
ideal (requests ÷ concurrency × latency), the rows per second, and the child's peak resident memory. Then the
same batch of tiny images (the engine and the relay alone, no image work) for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import compile_package  # noqa: E402
from tests.helpers.relay import Reply, ScriptedRelay, completion  # noqa: E402

CHILD = """
import json, sys, time
from vision_desktop.batch.command import main
started = time.perf_counter()
code = main(sys.argv[2:])
wall = time.perf_counter() - started
peak = 0
with open("/proc/self/status", encoding="ascii") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "wall": wall, "peak_kib": peak}, out)
"""


def make_photos(folder: Path, count: int, size: tuple[int, int]) -> None:
    """``count`` different photo-like JPEGs: smooth gradients, grain and a few edges, each tinted and marked."""
    from PIL import Image, ImageChops, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    width, height = size
    grain = Image.effect_noise((width, height), 12)
    bands = [
        Image.linear_gradient("L").resize((width, height)),
        Image.linear_gradient("L").rotate(90).resize((width, height)),
        Image.radial_gradient("L").resize((width, height)),
    ]
    bands = [ImageChops.add(band, grain, 1.0, -128) for band in bands]
    for i in range(count):
        tints = ((i * 37) % 60, (i * 53) % 60, (i * 71) % 60)
        picture = Image.merge(
            "RGB", [band.point(lambda v, t=t: min(255, v + t)) for band, t in zip(bands, tints, strict=True)]
        )
        draw = ImageDraw.Draw(picture)
        for k in range(6):
            left = (i * 97 + k * 401) % (width - 400)
            top = (i * 53 + k * 211) % (height - 300)
            draw.rectangle((left, top, left + 380, top + 280), outline=(20 * k, 255 - 30 * k, 90), width=9)
        picture.save(folder / f"photo-{i:04d}.jpg", quality=90)


def make_tiny(folder: Path, count: int) -> None:
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        Image.new("RGB", (32, 24), (i % 256, (i * 7) % 256, 90)).save(folder / f"tiny-{i:04d}.png")


def run_batch(
    relay: ScriptedRelay, folder: Path, work: Path, count: int, concurrency: int, latency: float
) -> dict:
    relay.push(*[Reply(body=completion(f"Answer {i}"), delay=latency) for i in range(count)])
    result = work / f"{folder.name}.json"
    out = work / f"{folder.name}.csv"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "VISION_DESKTOP_HOME": str(work / "home"),
        "VISION_DESKTOP_API_KEY": "sk-bench-0123456789",
        "VISION_DESKTOP_BASE_URL": relay.base_url,
        "PYTHON_KEYRING_BACKEND": "tests.helpers.memkeyring.MemoryKeyring",
    }
    argv = [sys.executable, "-c", CHILD, str(result), str(folder), "--prompt", "What is in this photo?"]
    argv += ["--out", str(out), "--concurrency", str(concurrency)]
    before = len(relay.chat_requests)
    subprocess.run(argv, env=env, cwd=REPO, check=True, capture_output=True, text=True)
    data = json.loads(result.read_text())
    data["requests"] = len(relay.chat_requests) - before
    data["rows"] = sum(1 for _ in out.open(encoding="utf-8-sig")) - 1
    data["sent_kib"] = sum(len(r.body) for r in relay.chat_requests[before:]) / 1024
    return data


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--size", default="3000x2000")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    compile_package()
    ideal = args.count / args.concurrency * args.latency
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        make_photos(work / "photos", args.count, (width, height))
        make_tiny(work / "tiny", args.count)
        print(
            f"generated {args.count} photos of {width}x{height} ({width * height / 1e6:.1f} MP) "
            f"in {time.perf_counter() - started:.1f} s; "
            f"{sum(p.stat().st_size for p in (work / 'photos').iterdir()) / 2**20:.0f} MiB on disk"
        )
        relay = ScriptedRelay().start()
        try:
            for label, folder in (("photos", work / "photos"), ("tiny images", work / "tiny")):
                data = run_batch(relay, folder, work, args.count, args.concurrency, args.latency)
                print(
                    f"{label:>12}: {data['rows']} rows, {data['requests']} requests, exit {data['code']}; "
                    f"wall {data['wall']:.2f} s vs ideal {ideal:.2f} s ({data['wall'] / ideal:.1f}x), "
                    f"{data['rows'] / data['wall']:.0f} rows/s; peak RSS {data['peak_kib'] / 1024:.0f} MiB; "
                    f"sent {data['sent_kib'] / 1024:.1f} MiB"
                )
        finally:
            relay.stop()
    print(f"({os.cpu_count()} CPUs; concurrency {args.concurrency}, {args.latency * 1000:.0f} ms answers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
