"""Make every raster form of the app icon from its one source, ``resources/icons/vision-desktop.svg``.

    .venv/bin/python packaging/make_icons.py          # rewrite the PNGs, .ico and .icns
    .venv/bin/python packaging/make_icons.py --check  # exit 1 if a committed size is missing

The SVG itself is rasterised by QtSvg (``QSvgRenderer``: PySide6-Essentials ships QtSvg, so neither
rsvg-convert nor a Pillow re-drawing of the shapes is needed; the frozen app leaves QtSvg out and uses the PNGs),
once per size so that small sizes are drawn for their own pixel grid rather than shrunk from a big bitmap.
Pillow writes the PNGs and packs the Windows ``.ico`` and the macOS ``.icns`` from those same renderings.

Outputs (all in ``resources/icons/``, committed, about 100 kB in all):
``vision-desktop-<N>.png`` for N in 16 24 32 48 64 128 256 512 (Linux hicolor sizes, the window icon),
``vision-desktop.ico`` (16-256, Windows installer and .exe) and ``vision-desktop.icns`` (16-1024, macOS .app).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "vision-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(size: int) -> Image.Image:
    """Rasterise the SVG at ``size`` x ``size`` pixels with QtSvg; returns an RGBA Pillow image."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def build() -> dict[str, bytes]:
    """Every output file's name and bytes."""
    images = {size: render(size) for size in sorted(set(PNG_SIZES + ICO_SIZES + ICNS_SIZES))}
    out: dict[str, bytes] = {}
    for size in PNG_SIZES:
        buf = io.BytesIO()
        images[size].save(buf, "PNG", optimize=True)
        out[f"vision-desktop-{size}.png"] = buf.getvalue()
    buf = io.BytesIO()
    largest = images[max(ICO_SIZES)]
    largest.save(
        buf,
        "ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    out["vision-desktop.ico"] = buf.getvalue()
    buf = io.BytesIO()
    images[1024].save(buf, "ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 1024])
    out["vision-desktop.icns"] = buf.getvalue()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that every committed size exists")
    args = parser.parse_args(argv)
    if args.check:
        names = [f"vision-desktop-{s}.png" for s in PNG_SIZES] + ["vision-desktop.ico", "vision-desktop.icns"]
        missing = [n for n in names if not (ICONS / n).is_file()]
        if missing:
            print("missing icon files (run packaging/make_icons.py):", ", ".join(missing), file=sys.stderr)
            return 1
        return 0
    for name, data in build().items():
        (ICONS / name).write_bytes(data)
        print(f"{name:28} {len(data):8,d} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
