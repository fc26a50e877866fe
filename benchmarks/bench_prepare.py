"""How fast, how hungry and how big is image preparation?

    python benchmarks/bench_prepare.py [--runs 15] [--skip-108] [--skip-profiles]

Generates a photo-like 12-megapixel JPEG (gradients, grain, edges; about 3-4 MB at quality 90), prepares it
``--runs`` times and prints the median and minimum time, the peak memory of one preparation (resident-set growth
measured in a fresh child process, since Pillow allocates pixels outside Python's allocator) next to what one full
decode of the file would take, and the bytes sent against the original file. Then does the same once for a
108-megapixel JPEG. Then, for each model profile family, prepares 8 different 12-megapixel photos as one request
does (4 at a time, ``images_in_request=8``): wall time, peak memory growth (in a fresh child process), the size
sent, bytes and estimated tokens.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _peak_rss_kib() -> int:
    """This process's peak resident set, in KiB.

    Linux's ``VmHWM`` belongs to the process image; ``ru_maxrss`` would also carry the parent's peak across
    fork and exec, hiding the child's own growth.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB elsewhere


def measure_memory(path: str, mode: str) -> None:
    """Child process: print the growth of the peak RSS while preparing (or fully decoding) ``path`` once, or,
    with mode ``profile:<model>``, the batch of photos in the folder ``path`` for that model's profile."""
    sys.path.insert(0, str(REPO))
    import io

    from PIL import Image

    from tests.helpers.images import photo_image
    from vision_desktop.images import prepare_image, prepare_image_bytes

    warm = io.BytesIO()
    photo_image((64, 48)).save(warm, "JPEG")
    prepare_image_bytes(warm.getvalue(), "warm-up")  # imports, lazy set-up, sRGB profile...
    before = _peak_rss_kib()
    if mode.startswith("profile:"):
        prepare_batch(sorted(Path(path).glob("*.jpg")), mode.partition(":")[2])
    elif mode == "prepare":
        prepare_image(path)
    else:
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(path) as im:
            im.load()
    after = _peak_rss_kib()
    print(json.dumps({"peak_growth_mb": (after - before) / 1024}))


def _child_memory(path: Path, mode: str) -> float:
    out = subprocess.run(
        [sys.executable, __file__, "--measure-memory", str(path), mode],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["peak_growth_mb"])


def bench(path: Path, runs: int) -> None:
    from vision_desktop.images import prepare_image

    prepare_image(path)  # warm-up
    times = []
    att = None
    for _ in range(runs):
        start = time.perf_counter()
        att = prepare_image(path)
        times.append(time.perf_counter() - start)
    assert att is not None
    original = path.stat().st_size
    base64_chars = len(att.data_url.partition(",")[2])
    print(f"  source      {att.original_width}×{att.original_height}, {original / 1e6:.2f} MB on disk")
    print(f"  result      {att.width}×{att.height} {att.mime_type}, ~{att.estimated_tokens} tokens")
    print(f"  actions     {', '.join(att.actions) or '-'}")
    if runs > 1:
        print(f"  time        median {statistics.median(times):.3f} s, min {min(times):.3f} s ({runs} runs)")
    else:
        print(f"  time        {times[0]:.3f} s (1 run)")
    full_decode = att.original_width * att.original_height * 3 / 1e6
    print(
        f"  memory      peak +{_child_memory(path, 'prepare'):.0f} MB preparing; "
        f"+{_child_memory(path, 'decode'):.0f} MB for one full decode (raw RGB {full_decode:.0f} MB)"
    )
    print(
        f"  sent        {att.bytes / 1e3:.0f} kB encoded, {base64_chars / 1e3:.0f} kB base64 "
        f"({base64_chars / original:.1%} of the original file's bytes)"
    )


PROFILE_MODELS = (
    ("Claude default (Sonnet 4)", "claude-sonnet-4-20250514"),
    ("Claude Opus 4.7", "claude-opus-4-7"),
    ("GPT-4o (512-px tiles)", "gpt-4o"),
    ("GPT-5 (32-px patches)", "gpt-5"),
)
BATCH = 8


def prepare_batch(paths: list[Path], model: str) -> list[Any]:
    """Prepare ``paths`` for ``model`` as one request does: 4 at a time, limits for a request of that many."""
    from concurrent.futures import ThreadPoolExecutor

    from vision_desktop.core.profiles import profile_for
    from vision_desktop.images import ImageLimits, prepare_image

    limits = ImageLimits.for_profile(profile_for(model), images_in_request=len(paths))
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda p: prepare_image(p, limits), paths))


def bench_profiles(folder: Path, runs: int) -> None:
    paths = sorted(folder.glob("*.jpg"))
    prepare_batch(paths[:1], "claude")  # warm-up
    for label, model in PROFILE_MODELS:
        times = []
        atts: list[Any] = []
        for _ in range(runs):
            start = time.perf_counter()
            atts = prepare_batch(paths, model)
            times.append(time.perf_counter() - start)
        first = atts[0]
        print(
            f"  {label:<26} {statistics.median(times):.2f} s for {len(paths)} "
            f"(median of {runs}), peak +{_child_memory(folder, f'profile:{model}'):.0f} MB; "
            f"each {first.width}×{first.height}, {sum(a.bytes for a in atts) / len(atts) / 1e3:.0f} kB, "
            f"~{first.estimated_tokens:,} tokens ({sum(a.estimated_tokens for a in atts):,} in all)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--skip-108", action="store_true", help="skip the 108-megapixel photo")
    parser.add_argument("--skip-profiles", action="store_true", help="skip the 8 photos for each profile")
    parser.add_argument("--measure-memory", nargs=2, metavar=("PATH", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_memory:
        measure_memory(*args.measure_memory)
        return

    sys.path.insert(0, str(REPO))
    from tests.helpers.images import make_large_jpeg, make_photo

    with tempfile.TemporaryDirectory() as tmp:
        photo = make_photo(Path(tmp) / "photo-12mp.jpg", (4000, 3000), exif_orientation=6, gps=True)
        print("12-megapixel phone photo (EXIF orientation 6, GPS)")
        bench(photo, args.runs)
        if not args.skip_108:
            huge = make_large_jpeg(Path(tmp) / "photo-108mp.jpg", (12000, 9000))
            print("108-megapixel photo")
            bench(huge, 1)
        if not args.skip_profiles:
            batch = Path(tmp) / "batch"
            batch.mkdir()
            for i in range(BATCH):
                make_photo(batch / f"photo-{i}.jpg", (4000 + 8 * i, 3000), exif_orientation=6, gps=True)
            print(f"{BATCH} × 12-megapixel photos in one request, for each profile family")
            bench_profiles(batch, max(1, min(args.runs, 3)))


if __name__ == "__main__":
    main()
