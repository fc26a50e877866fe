"""The project's own checks, run as tests so that one command (pytest) runs everything CI needs.

* ruff (lint), on the whole tree;
* import-linter: core, api, images, storage and the CLI never import PySide6; layers point one way;
* mypy --strict on the whole package, the window included.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    which = shutil.which(name)
    if which is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return which


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    proc = run(tool("ruff"), "check", "--output-format", "concise", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_layers_qt_free_and_acyclic_contracts_hold() -> None:
    proc = run(tool("lint-imports"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 kept, 0 broken" in proc.stdout  # Qt-free layers, layers point one way, no import cycles


@pytest.mark.slow
def test_mypy_strict_on_the_whole_package() -> None:
    proc = run(tool("mypy"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
