"""Make the app icon's raster sizes from resources/icons/vision-desktop.svg.

Writes resources/icons/vision-desktop-<N>.png (16 … 512), vision-desktop.ico (Windows) and vision-desktop.icns
(macOS). The outputs are committed, so a build never needs this script; run it again after editing the SVG:

    .venv/bin/python packaging/make_icons.py

Rasterises with ``rsvg-convert`` (Debian: ``apt-get install librsvg2-bin``) when it is on PATH; otherwise it
draws the same shapes with Pillow (supersampled), which matches the SVG closely enough for an icon.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "vision-desktop.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def _rsvg(size: int) -> Image.Image:
    png = subprocess.run(
        ["rsvg-convert", "-w", str(size), "-h", str(size), str(SVG)], check=True, capture_output=True
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGBA")


def _quad(p0: tuple[float, float], c: tuple[float, float], p1: tuple[float, float], n: int = 48) -> list:
    out = []
    for i in range(n + 1):
        t = i / n
        out.append(
            (
                (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t * t * p1[0],
                (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t * t * p1[1],
            )
        )
    return out


def _pillow(size: int) -> Image.Image:
    """The SVG's shapes drawn with Pillow on a 256-unit canvas, 4× supersampled."""
    scale = size * 4 / 256
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    d = ImageDraw.Draw(big)

    def s(points: list) -> list:
        return [(x * scale, y * scale) for x, y in points]

    def box(x0: float, y0: float, x1: float, y1: float) -> list:
        return [x0 * scale, y0 * scale, x1 * scale, y1 * scale]

    d.rounded_rectangle(box(8, 8, 248, 248), radius=52 * scale, fill="#1d4ed8")
    d.rounded_rectangle(box(32, 48, 224, 208), radius=22 * scale, fill="#ffffff")
    hill = [(136, 208), (184, 156), *_quad((184, 156), (192, 148), (200, 156)), (224, 182), (224, 186)]
    hill += _quad((224, 186), (224, 208), (202, 208))
    d.polygon(s(hill), fill="#bfdbfe")
    eye = _quad((40, 128), (128, 40), (216, 128)) + _quad((216, 128), (128, 216), (40, 128))
    d.polygon(s(eye), fill="#1d4ed8")
    for r, colour, cx, cy in ((34, "#f59e0b", 128, 128), (15, "#0b1e5b", 128, 128), (7, "#ffffff", 118, 118)):
        d.ellipse(box(cx - r, cy - r, cx + r, cy + r), fill=colour)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def render(size: int) -> Image.Image:
    return _rsvg(size) if shutil.which("rsvg-convert") else _pillow(size)


def main() -> int:
    images = {size: render(size) for size in SIZES}
    for size, image in images.items():
        image.save(ICONS / f"vision-desktop-{size}.png", optimize=True)
    images[256].save(
        ICONS / "vision-desktop.ico",
        sizes=[(n, n) for n in ICO_SIZES],
        append_images=[images[n] for n in ICO_SIZES if n != 256],
    )
    # The .icns holds 16 … 512 and their @2x variants (up to 1024): start from a 1024 render.
    render(1024).save(ICONS / "vision-desktop.icns", append_images=[images[n] for n in ICNS_SIZES])
    print(f"wrote {len(SIZES)} PNGs, .ico and .icns to {ICONS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
