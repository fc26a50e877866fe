"""The one place that finds files in ``resources/`` (installed as the data package ``vision_desktop.resources``;
this module has another name so the two never shadow each other): a dev checkout, an installed wheel or a frozen bundle.

* frozen (PyInstaller): ``<bundle>/vision_desktop/resources`` (the spec copies them there);
* installed: the package ``vision_desktop.resources`` (``resources/`` is installed under that name);
* dev checkout: ``<repo>/resources``.
"""

from __future__ import annotations

import importlib
import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    candidates: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "vision_desktop" / "resources")
    try:  # an installed wheel or an editable install: the data package vision_desktop.resources
        package = importlib.import_module("vision_desktop.resources")
        candidates.extend(Path(p) for p in getattr(package, "__path__", []))
    except ImportError:
        pass
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    return candidates[-1]


def translations_dir() -> Path:
    """``resources/translations``: the ``.ts`` sources (read by ``core.i18n`` without Qt), our ``.qm`` files and
    Qt's own ``qtbase_<language>.qm``."""
    return resources_dir() / "translations"


def resource_path(*parts: str) -> Path:
    """Path of a resource file, e.g. ``resource_path("icons", "vision-desktop.svg")``."""
    return resources_dir().joinpath(*parts)
