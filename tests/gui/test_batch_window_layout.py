"""The batch window fits its content and the screen: 1366×768 and 1280×800 at 100 %, 150 % and 200 %.

Each configuration runs in a child process (the screen and ``QT_SCALE_FACTOR`` are fixed when Qt starts), with
the dialogs' fault finder (``test_dialog_layout.layout_faults``): a window larger than the available area, cut
labels and buttons, squashed fields, overlapping widgets, a mnemonic used twice. The child opens the window, adds
a folder of pictures, types a question and fields, and shows the small fields editor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.gui.test_dialog_layout import SCALES, SCREENS, run_child_main

pytestmark = pytest.mark.gui

REQUIRED = ("batchStart", "batchPause", "batchStop", "batchRerunFailed", "batchExport", "batchQuestion")


def child_main(folder: str) -> None:
    from PIL import Image
    from PySide6.QtWidgets import QApplication

    from tests.gui.test_dialog_layout import _settle, _wait_until, layout_faults
    from vision_desktop.storage.settings import Settings
    from vision_desktop.ui.dialogs.batch_window import BatchWindow

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    pictures = Path(folder)
    pictures.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        Image.new("RGB", (120, 90), "red").save(pictures / f"收据 receipt {i:03d} with a long name.png")
    window = BatchWindow(Settings(), connect=lambda: None, batches_dir=pictures.parent / "batches")
    window.show()
    _settle()
    screen = app.primaryScreen().availableGeometry()
    faults = layout_faults(window, "Batch, opened", REQUIRED)  # type: ignore[arg-type]
    window.add_paths([pictures])
    _wait_until(lambda: len(window.sources) == 3 and not window.reading, "the pictures")
    window.question.setPlainText("What is the total of this receipt, and who sold it? 这张收据的总额是多少?")
    window.set_fields("vendor:text, total:number:the grand total, date:date, paid:yesno")
    window.fields_editor_button.setChecked(True)
    _settle()
    faults += layout_faults(window, "Batch, set up", REQUIRED)  # type: ignore[arg-type]
    sizes = [window.frameGeometry().width(), window.frameGeometry().height()]
    out = {"screen": [screen.width(), screen.height()], "faults": faults, "size": sizes}
    print(json.dumps({**out, "title": window.windowTitle()}))
    window.close()


def run_child(width: int, height: int, scale: str, tmp_path: Path, language: str = "en") -> dict[str, Any]:
    return run_child_main(
        "tests.gui.test_batch_window_layout",
        str(tmp_path / "pictures"),
        width,
        height,
        scale,
        tmp_path,
        language,
    )


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_the_batch_window_fits_its_content_and_the_screen(
    width: int, height: int, scale: str, tmp_path: Path
) -> None:
    result = run_child(width, height, scale, tmp_path)
    assert result["faults"] == []
    screen = result["screen"]
    assert result["size"][0] <= screen[0] and result["size"][1] <= screen[1]


def test_the_batch_window_fits_in_chinese(tmp_path: Path) -> None:
    result = run_child(1366, 768, "1.5", tmp_path, "zh_CN")
    assert result["faults"] == []
    assert result["title"] == "新建批量处理 — Vision Desktop"
