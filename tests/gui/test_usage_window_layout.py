"""The Usage window fits its content and the screen: 1366×768 and 1280×800 at 100 %, 150 % and 200 %.

Each configuration runs in a child process (the screen and ``QT_SCALE_FACTOR`` are fixed when Qt starts), as in
``test_dialog_layout.py``, whose fault finder it uses: a window larger than the available area, cut labels,
squashed fields, overlapping widgets, a mnemonic used twice. The child fills a history with four months of
answers (some without a price), opens the window, then exports the CSV so the status line shows too.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.gui.test_dialog_layout import SCALES, SCREENS, run_child_main

pytestmark = pytest.mark.gui


def child_main(export_to: str) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.gui.test_dialog_layout import _settle, _wait_until, layout_faults
    from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
    from vision_desktop.storage.history import HistoryStore
    from vision_desktop.storage.paths import app_paths
    from vision_desktop.storage.settings import Settings
    from vision_desktop.ui.dialogs.usage_window import UsageWindow
    from vision_desktop.workers.history_controller import HistoryController

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    now = dt.datetime.now()
    with HistoryStore.open(app_paths()) as store:
        for c in range(6):
            cid = store.create_conversation(f"发票 {c}: a conversation with a long title about receipts")
            for i in range(10):
                when = now - dt.timedelta(days=(c * 10 + i) * 2)
                tid = store.start_turn(
                    cid, Message("user", "q"), ChatOptions(model="m"), started=when.timestamp()
                )
                cost = None if i % 4 == 0 else (1000 * 3 + 100 * 15) / 1e6 * (i + 1)
                store.finish_turn(
                    tid,
                    ChatResult("r", "m", "a", "stop", Usage(1000 * (i + 1), 100, 1000 * (i + 1) + 100)),
                    "complete",
                    cost=cost,
                    currency="USD" if cost is not None else None,
                )
    history = HistoryController(app_paths())
    window = UsageWindow(history, Settings(monthly_budget=25.0))
    shown: list[object] = []
    window.usage_shown.connect(shown.append)
    window.show()
    _wait_until(lambda: bool(shown), "the figures")
    _settle()
    screen = app.primaryScreen().availableGeometry()
    faults = layout_faults(window, "Usage, opened", ("usageExportButton",))
    sizes = {"opened": [window.width(), window.height()]}
    saved: list[str] = []
    window.exported.connect(saved.append)
    window.export_to(export_to)
    _wait_until(lambda: bool(saved), "the export")
    _settle()
    faults += layout_faults(window, "Usage, exported", ("usageExportButton", "usageStatus"))
    sizes["exported"] = [window.width(), window.height()]
    history.close()
    out = {"screen": [screen.width(), screen.height()], "faults": faults, "sizes": sizes}
    print(json.dumps({**out, "title": window.windowTitle()}))


def run_child(width: int, height: int, scale: str, tmp_path: Path, language: str = "en") -> dict[str, Any]:
    return run_child_main(
        "tests.gui.test_usage_window_layout",
        str(tmp_path / "usage.csv"),
        width,
        height,
        scale,
        tmp_path,
        language,
    )


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_the_usage_window_fits_its_content_and_the_screen(
    width: int, height: int, scale: str, tmp_path: Path
) -> None:
    result = run_child(width, height, scale, tmp_path)
    assert result["faults"] == []
    logical = [round(width / float(scale)), round(height / float(scale))]
    assert [abs(a - b) <= 1 for a, b in zip(result["screen"], logical, strict=True)] == [True, True]
    assert (tmp_path / "usage.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_usage_window_fits_in_chinese(tmp_path: Path) -> None:
    result = run_child(1280, 800, "2.0", tmp_path, "zh_CN")
    assert result["faults"] == []
    assert result["title"] == "用量和费用"
