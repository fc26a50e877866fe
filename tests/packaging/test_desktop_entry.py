"""What a Chinese desktop shows for the installed app: the menu entry's name, description and search words
(the .desktop file the .deb installs)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO

DESKTOP = REPO / "packaging" / "linux" / "vision-desktop.desktop"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive in .desktop files
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_a_chinese_desktop_shows_the_menu_entry_in_chinese() -> None:
    entry = _entry()
    for key in ("GenericName", "Comment", "Keywords"):
        chinese = entry.get(f"{key}[zh_CN]", "")
        assert CJK.search(chinese), f"{key}[zh_CN] missing or not Chinese: {chinese!r}"
        assert chinese != entry[key]
    assert "图片" in entry["Keywords[zh_CN]"].split(";")  # found when a person searches the menu for 图片


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_desktop_entry_is_valid() -> None:
    proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
