"""What the benchmarks share."""

from __future__ import annotations

import compileall
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def compile_package() -> None:
    """Byte-compile the package first, as an installed copy is (pip and the frozen build both do): otherwise, with
    PYTHONDONTWRITEBYTECODE set (as on this machine), every start would compile our modules again and the figure
    would not be the user's."""
    compileall.compile_dir(str(REPO / "vision_desktop"), quiet=1)
