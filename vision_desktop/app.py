"""Composition root: picks the CLI or the window, sets up logging, wires concrete classes together.

``vision-desktop`` with no arguments opens the window; with a command (``ask``, ``key``) or ``--version`` /
``--help`` it runs the command-line interface, which never imports Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from vision_desktop import cli


def _wants_cli(argv: Sequence[str]) -> bool:
    if not argv:
        return False
    first = argv[0]
    return first in cli.COMMANDS or first in ("--version", "-h", "--help")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_cli(args):
        return cli.main(args)
    from vision_desktop.gui import run_gui

    return run_gui(args)
