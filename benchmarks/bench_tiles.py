"""Does the text of a long page reach the model readable, and which encoding keeps text sharp for its bytes?

    python benchmarks/bench_tiles.py [--runs 3]

1. Tiles vs one shrunk image: a generated 1080×8000 page of 14 px anti-aliased text (DejaVu Sans) prepared for
   each model profile family as one image (what every client does) and as tiles
   (``prepare_source_tiles``). Printed: the images sent, the height of the text that reaches the model (the
   14 px times the scale, and the median height of the ink of a line measured in what is sent, where lines
   stay apart), estimated tokens, bytes and time.
2. Encodings for text: a 1920×1080 screenshot (anti-aliased UI text), an A4 scan at 300 dpi (text, paper noise,
   saved by the scanner as JPEG) and a 12 MP photo, each resized for the Claude default and encoded as PNG,
   lossless WebP and JPEG 95/90 (4:4:4) and 85 (4:2:0). Printed: bytes, encoding time and the error against
   the resized picture (PSNR in dB, mean absolute error in grey levels); then what the pipeline chose.
"""

from __future__ import annotations

import argparse
import io
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image, ImageChops, ImageDraw, ImageStat  # noqa: E402

from tests.helpers.images import photo_image  # noqa: E402
from tests.helpers.text_pages import font, text_line_heights, text_page  # noqa: E402
from vision_desktop.core.profiles import DEFAULT_PROFILE, ModelProfile, profile_for  # noqa: E402
from vision_desktop.images import ImageLimits, prepare_image, prepare_source, prepare_source_tiles  # noqa: E402

FONT_PX = 14
PROFILES: list[tuple[str, ModelProfile]] = [
    ("Claude default (Sonnet 4)", DEFAULT_PROFILE),
    ("Claude Opus 4.7", profile_for("claude-opus-4-7")),
    ("GPT-4o (tiles)", profile_for("gpt-4o")),
    ("GPT-5 (patches)", profile_for("gpt-5")),
]


def _best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def _decoded(data_url: str) -> Image.Image:
    import base64

    return Image.open(io.BytesIO(base64.b64decode(data_url.partition(",")[2]))).convert("RGB")


def _measured(images: list[Image.Image], nominal: float) -> str:
    """The median ink height of a line, or a note when lines run together (the text is then unreadable)."""
    runs = [r for im in images for r in text_line_heights(im)]
    if not runs:
        return "no text found"
    height = statistics.median(runs)
    if height > 2.5 * nominal:
        return f"lines run together ({height:.0f} px blocks)"
    return f"{height:.1f} px"


def bench_tiles(runs: int) -> None:
    print(f"1. A 1080×8000 page of {FONT_PX} px text: one shrunk image vs tiles")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long page.png"
        page = text_page((1080, 8000), font_px=FONT_PX)
        page.save(path)
        source_ink = statistics.median(text_line_heights(page))
        print(f"   source: ink of a line {source_ink:.0f} px tall")
        for label, profile in PROFILES:
            print(f"   {label}")
            for how, prepare in (
                ("shrunk", lambda p=profile: (prepare_source(str(path), profile=p),)),
                ("tiles ", lambda p=profile: prepare_source_tiles(str(path), profile=p)),
            ):
                seconds, atts = _best_of(runs, prepare)
                scale = (
                    atts[0].width / 1080
                    if atts[0].tile is None or atts[0].tile.order != "left to right"
                    else 0
                )
                nominal = FONT_PX * scale
                measured = _measured([_decoded(a.data_url) for a in atts], nominal)
                sizes = f"{atts[0].width}×{atts[0].height}"
                print(
                    f"     {how}  {len(atts)} × {sizes:<10} text {nominal:4.1f} px (measured {measured}), "
                    f"{sum(a.estimated_tokens for a in atts):>6,} tokens, "
                    f"{sum(a.bytes for a in atts) / 1e3:6.0f} kB {atts[0].mime_type}, {seconds:.2f} s"
                )


# ------------------------------------------------------------------------------------------ encodings
def screenshot() -> Image.Image:
    im = text_page((1920, 1080), font_px=FONT_PX)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, 1919, 40), fill=(45, 50, 60))
    draw.text((12, 12), "Vision Desktop - Settings", fill=(255, 255, 255), font=font(FONT_PX))
    draw.rectangle((1500, 60, 1900, 400), fill=(230, 236, 245), outline=(120, 140, 200))
    draw.text((1520, 80), "Model profile: Claude (1568 px)", fill=(30, 60, 160), font=font(FONT_PX))
    return im


def scan() -> Image.Image:
    page = text_page((2480, 3508), font_px=36, line_gap=24)
    noisy = Image.blend(page, Image.effect_noise(page.size, 8).convert("RGB"), 0.06)
    buf = io.BytesIO()
    noisy.save(buf, "JPEG", quality=80)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _error(reference: Image.Image, data: bytes) -> tuple[float, float]:
    back = Image.open(io.BytesIO(data)).convert("RGB")
    diff = ImageChops.difference(reference.convert("RGB"), back)
    stat = ImageStat.Stat(diff)
    mse = sum(v * v for v in stat.rms) / 3
    psnr = math.inf if mse == 0 else 10 * math.log10(255 * 255 / mse)
    return psnr, sum(stat.mean) / 3


ENCODINGS: list[tuple[str, str, dict[str, Any]]] = [
    ("PNG", "PNG", {"compress_level": 6}),
    ("WebP lossless", "WEBP", {"lossless": True, "quality": 50, "method": 2}),
    ("JPEG 95 4:4:4", "JPEG", {"quality": 95, "subsampling": 0}),
    ("JPEG 90 4:4:4", "JPEG", {"quality": 90, "subsampling": 0}),
    ("JPEG 85 4:2:0", "JPEG", {"quality": 85, "subsampling": 2}),
]


def bench_encodings(runs: int) -> None:
    print("\n2. Encodings at the Claude default size (error against the resized picture; inf dB = exact)")
    limits = ImageLimits()
    for label, picture in (("screenshot 1920×1080", screenshot()), ("A4 scan 2480×3508", scan()),
                           ("photo 4000×3000", photo_image((4000, 3000)))):  # fmt: skip
        target = limits.fit(*picture.size)
        reference = picture.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        print(f"   {label} → {target[0]}×{target[1]}")
        for name, fmt, options in ENCODINGS:
            seconds, data = _best_of(runs, lambda r=reference, f=fmt, o=options: _save(r, f, o))
            psnr, mae = _error(reference, data)
            print(
                f"     {name:<14} {len(data) / 1e3:6.0f} kB {seconds * 1e3:5.0f} ms  PSNR {psnr:5.1f} dB  MAE {mae:.2f}"
            )
        buf = io.BytesIO()
        picture.save(buf, "PNG" if label.startswith("screenshot") else "JPEG", quality=95)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "in"
            path.write_bytes(buf.getvalue())
            att = prepare_image(path)
        print(f"     pipeline chose {att.mime_type}, {att.bytes / 1e3:.0f} kB")


def _save(im: Image.Image, fmt: str, options: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bench_tiles(args.runs)
    bench_encodings(args.runs)


if __name__ == "__main__":
    main()
