"""The CLI's overhead and start-up.

    python benchmarks/bench_cli.py [--runs 10]

1. ``vision-desktop ask`` (one 12 MP photo) against a raw httpx POST of the same prepared body to the same
   local relay: the difference is what the CLI adds beyond preparing the image and the HTTP round trip
   (interpreter start, imports, settings, key lookup, logging). Target: ≤ 50 ms.
   Measured with and without recording the question in the history (``--no-history``).
2. ``vision-desktop --version`` cold start. Target: ≤ 0.3 s.

Everything runs against the scripted relay on 127.0.0.1; nothing leaves the machine.
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

from benchmarks.common import compile_package  # noqa: E402
from tests.helpers.images import make_photo  # noqa: E402
from tests.helpers.relay import ScriptedRelay  # noqa: E402

KEY = "sk-benchmark-0000000000000000"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    compile_package()
    tmp = Path(tempfile.mkdtemp(prefix="vd-bench-"))
    photo = make_photo(tmp / "photo.jpg")
    relay = ScriptedRelay().start()
    env = dict(os.environ)
    env.update(
        VISION_DESKTOP_HOME=str(tmp / "home"),
        VISION_DESKTOP_API_KEY=KEY,
        VISION_DESKTOP_BASE_URL=relay.base_url,
        PYTHONPATH=str(REPO),
    )
    exe = [sys.executable, "-m", "vision_desktop"]

    # The baseline: the least any program must do for the same answer, in a fresh interpreter: prepare the
    # photo with the same pipeline and POST the same body with a bare httpx call.
    baseline = (
        "import sys, json, httpx\n"
        "from vision_desktop.images import prepare_image\n"
        "image = prepare_image(sys.argv[1])\n"
        "body = {'model': 'claude-sonnet-4-20250514', 'max_tokens': 1024, 'temperature': 1.0, 'messages': [{'role': 'user',"
        " 'content': [{'type': 'image_url', 'image_url': {'url': image.data_url, 'detail': 'auto'}},"
        " {'type': 'text', 'text': 'What is this?'}]}]}\n"
        f"r = httpx.post('{relay.base_url}/chat/completions', json=body, headers={{'Authorization': 'Bearer {KEY}'}})\n"
        "print(r.json()['choices'][0]['message']['content'])\n"
    )
    ask, bare_ask, raw, version = [], [], [], []
    for _ in range(args.runs):
        ask.append(timed([*exe, "ask", "-i", str(photo), "What is this?"], env))
        bare_ask.append(timed([*exe, "ask", "--no-history", "-i", str(photo), "What is this?"], env))
        raw.append(timed([sys.executable, "-c", baseline, str(photo)], env))
        version.append(timed([*exe, "--version"], env))
    relay.stop()
    med = statistics.median
    print(
        f"vision-desktop ask (12 MP photo)        median {med(ask) * 1000:7.1f} ms  min {min(ask) * 1000:7.1f} ms"
    )
    print(
        f"raw: same pipeline + bare httpx POST    median {med(raw) * 1000:7.1f} ms  min {min(raw) * 1000:7.1f} ms"
    )
    print(
        f"ask --no-history                        median {med(bare_ask) * 1000:7.1f} ms  min {min(bare_ask) * 1000:7.1f} ms"
    )
    print(
        f"CLI overhead, without the history       {(med(bare_ask) - med(raw)) * 1000:7.1f} ms  (target ≤ 50 ms)"
    )
    print(f"CLI overhead, recording the history     {(med(ask) - med(raw)) * 1000:7.1f} ms")
    print(
        f"vision-desktop --version cold start     median {med(version) * 1000:7.1f} ms  min {min(version) * 1000:7.1f} ms  (target ≤ 300 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
