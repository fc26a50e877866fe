"""The GUI thread never waits: the longest stall while 8 large photos are prepared and sent."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from tests.helpers.images import make_photo
from tests.helpers.relay import ScriptedRelay
from vision_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between ticks is the longest stall."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last:
            self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest


@pytest.mark.slow
def test_gui_thread_stall_while_8_large_photos_are_prepared_and_sent(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = make_photo(tmp_path / "photo.jpg", (4000, 3000), exif_orientation=6)  # 12 MP, GPS, rotated
    paths = []
    for i in range(8):
        path = tmp_path / f"photo{i}.jpg"
        shutil.copy(original, path)
        paths.append(str(path))
    qtbot.waitUntil(lambda: window.key_found is not None and not window.tasks.busy)  # start-up work done
    heartbeat = Heartbeat()
    heartbeat.start()
    window.tray.add_paths(paths)
    qtbot.waitUntil(lambda: all(i.ready for i in window.tray.items()), timeout=30000)
    qtbot.keyClicks(window.prompt, "Which photo is the sharpest?")
    window.send()
    qtbot.waitUntil(lambda: bool(window.conversation.turns) and not window.controller.busy, timeout=30000)
    stall = heartbeat.stop()
    assert len(relay.chat_requests[0].images()) == 8
    with capsys.disabled():
        print(f"\n[responsiveness] longest GUI-thread stall with 8 × 12 MP photos: {stall * 1000:.1f} ms")
    assert stall < 0.2, f"the GUI thread stalled for {stall * 1000:.0f} ms"


class LongerStrings(QTranslator):
    """A pseudo-translation 50 % longer than English, as German or a careless translation would be."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:  # type: ignore[override]
        if not source or "{" in source or "<" in source:
            return source
        return source + " " + "x" * (len(source) // 2)


def test_layout_survives_strings_50_percent_longer(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    translator = LongerStrings()
    app = QApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        window = make_window()
        window.resize(1000, 700)
        window.grab()  # laid out as on screen
        assert window.send_button.text().startswith("Send x")  # the pseudo-translation is in effect
        # nothing forces the window wider than a small laptop screen, and buttons show their whole text
        assert window.minimumSizeHint().width() <= 1000
        for button in window.findChildren(QPushButton):
            if button.isVisible():
                shown = button.text().replace("&", "")
                assert button.width() >= button.fontMetrics().horizontalAdvance(shown), shown
        for label in window.findChildren(QLabel):
            if label.isVisible() and label.text() and not label.wordWrap():
                shown = label.text().replace("&", "") if label.buddy() else label.text()
                assert label.width() >= label.fontMetrics().horizontalAdvance(shown) - 2, shown
    finally:
        app.removeTranslator(translator)
