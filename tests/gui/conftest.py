"""A real main window against the scripted relay, driven with pytest-qt on the offscreen platform."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from tests.helpers.relay import ScriptedRelay
from vision_desktop.app import create_window
from vision_desktop.ui.main_window import MainWindow

KEY = "sk-gui-test-key-00112233445566778899"

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot: QtBot, relay: ScriptedRelay, vd_home: Path) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def make(*, key: str | None = KEY, start: bool = True) -> MainWindow:
        env = {"VISION_DESKTOP_HOME": str(vd_home), "VISION_DESKTOP_BASE_URL": relay.base_url}
        if key:
            env["VISION_DESKTOP_API_KEY"] = key
        window = create_window(env=env)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if start:
            window.start()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


@pytest.fixture
def photos(tmp_path: Path) -> list[Path]:
    out = []
    for i, colour in enumerate(("red", "green")):
        path = tmp_path / f"photo{i}.jpg"
        img = Image.linear_gradient("L").resize((1800, 1200)).convert("RGB")
        Image.Image.paste(img, Image.new("RGB", (400, 400), colour), (100, 100))
        img.save(path, quality=90)
        out.append(path)
    return out
