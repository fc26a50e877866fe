"""The app's files (icons, style, the Test-connection picture) are found, and the data package they are installed
as is never shadowed by a module of the same name (which broke every non-editable install)."""

from __future__ import annotations

import importlib
from pathlib import Path

import vision_desktop
from vision_desktop.resource_files import resource_path, resources_dir


def test_resources_are_found() -> None:
    assert resource_path("probe.png").is_file()
    assert resource_path("styles", "app.qss").is_file()
    assert resource_path("icons", "vision-desktop-256.png").is_file()


def test_the_data_package_is_the_resources_folder() -> None:
    package = importlib.import_module("vision_desktop.resources")
    folders = [Path(p).resolve() for p in package.__path__]
    assert resources_dir().resolve() in folders
    assert not (Path(vision_desktop.__file__).parent / "resources.py").exists()
