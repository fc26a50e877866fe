"""The setup dialog and Settings fit their content and the screen: 1366×768 and 1280×800, at 100 %, 150 % and 200 %.

Each configuration runs in a child process (the screen size and ``QT_SCALE_FACTOR`` are fixed when Qt starts):
the offscreen platform is given the screen through a config file, with window frames. The child opens the
dialogs, drives them as a person does (a base URL that gets a note and a warning, Test connection against the
scripted relay, failing and then answering), and after every step looks for faults: a window larger than the
available area, a label whose text does not fit its widget, a field squashed below its minimum height,
widgets overlapping, an ``&`` shown literally, a mnemonic used twice. It prints the faults and the sizes as JSON.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import REPO, subprocess_env
from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

pytestmark = pytest.mark.gui

SCREENS = ((1366, 768), (1280, 800))
SCALES = ("1.0", "1.5", "2.0")
KEY = "sk-layout-test-key-00112233445566778899"
LONG_FAILURE = (
    "无效的令牌 (request id 20260101-abcdef): the token is not valid for this group; it may have expired or "
    "been deleted by the administrator of the relay, please check the console"
)
LONG_ANSWER = "I cannot see any image in this message; please attach one and ask again."


# ------------------------------------------------------------------------------------------ the checks
def layout_faults(window: QDialog, step: str, required: tuple[str, ...] = ()) -> list[str]:
    """What a person would see as broken in ``window``: each fault a sentence naming the widget.

    The shared fault finder (``tests.helpers.layout.window_faults``: the window and its minimum size fit the
    available area, no cut button text, no squeezed spin box or combo, no overlap inside a layout, ``required``
    widgets wholly visible) plus what the dialogs add: word-wrapped labels as tall as their text, line edits
    not squashed, no overlap across layouts (what shows through the scroll area's viewport), no literal &, no
    mnemonic used twice.
    """
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QGuiApplication, Qt  # QtGui's Qt has mightBeRichText
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QScrollBar,
        QWidget,
    )

    from tests.helpers.layout import window_faults

    faults: list[str] = [
        f"{step}: {found['kind']}: {found['widget']} {found['detail']}"
        for found in window_faults(window, required, step)
    ]

    def name(widget: QWidget) -> str:
        text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
        return f"{type(widget).__name__} {widget.objectName() or '(unnamed)'} {text[:40]!r}"

    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    if not area.contains(window.frameGeometry()):
        faults.append(f"{step}: the window {window.frameGeometry()} is not inside the available area {area}")

    def composite_part(widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            if isinstance(parent, (QComboBox, QAbstractSpinBox, QScrollBar)):
                return True
            parent = parent.parentWidget()
        return False

    shown = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, (QLabel, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton))
        and w.isVisibleTo(window)
        and not composite_part(w)
        and not isinstance(w.parentWidget(), QScrollBar)
    ]
    for widget in shown:
        size, minimum = widget.size(), widget.minimumSizeHint()
        if isinstance(widget, QLabel):
            if not widget.text():
                continue
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if widget.height() < needed:
                    faults.append(f"{step}: {name(widget)} is cut: {widget.height()} px tall, needs {needed}")
            elif size.width() < widget.sizeHint().width() or size.height() < widget.sizeHint().height():
                faults.append(
                    f"{step}: {name(widget)} is cut: {size.toTuple()} < {widget.sizeHint().toTuple()}"
                )
            plain = not Qt.mightBeRichText(widget.text())
            if (
                plain
                and re.search(r"(?<!&)&(?!&)", widget.text().replace("&&", ""))
                and widget.buddy() is None
            ):
                faults.append(f"{step}: {name(widget)} shows its & literally (no buddy)")
        elif size.height() < minimum.height() or size.width() < minimum.width():
            faults.append(f"{step}: {name(widget)} is squashed: {size.toTuple()} < {minimum.toTuple()}")
    for widget in shown:
        if isinstance(widget, QLineEdit) and widget.width() < 12 * widget.fontMetrics().averageCharWidth():
            faults.append(f"{step}: {name(widget)} is too narrow to type in ({widget.width()} px)")

    rects: list[tuple[QWidget, QRect]] = []
    for widget in shown:
        if isinstance(widget, QLabel) and not widget.text():
            continue
        # what shows of it: every parent clips its children (a scroll area's viewport clips the scrolled form)
        shows = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            shows &= QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size())
            parent = parent.parentWidget()
        if not shows.isEmpty():
            rects.append((widget, shows))
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if ra.intersects(rb):
                faults.append(f"{step}: {name(a)} {ra.getRect()} overlaps {name(b)} {rb.getRect()}")

    mnemonics: dict[str, str] = {}
    for widget in shown:
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        if not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        match = re.search(r"(?<!&)&([^&])", widget.text().replace("&&", ""))
        if match:
            letter = match.group(1).lower()
            if letter in mnemonics:
                faults.append(f"{step}: Alt+{letter} is both {mnemonics[letter]} and {name(widget)}")
            mnemonics[letter] = name(widget)
    return faults


# ------------------------------------------------------------------------------------- the child process
def _wait_until(condition: Callable[[], bool], what: str, timeout_ms: int = 10000) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        if deadline.hasExpired():
            raise AssertionError(f"timed out waiting for {what}")
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()


def _settle() -> None:
    """Let the posted layout requests and the dialog's growth run (all of them: they are posted events)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.processEvents()


def _size(window: QDialog) -> list[int]:
    return [window.width(), window.height()]


def child_main(relay_url: str) -> None:
    """Open both dialogs under the screen and scale given by the environment; print faults and sizes."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from vision_desktop.storage.paths import app_paths
    from vision_desktop.storage.secrets import MemorySecretStore
    from vision_desktop.storage.settings import Settings
    from vision_desktop.ui.dialogs.about_dialog import AboutDialog
    from vision_desktop.ui.dialogs.settings_dialog import SettingsDialog
    from vision_desktop.ui.dialogs.setup_dialog import SetupDialog
    from vision_desktop.workers.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    tasks = TaskRunner()
    faults: list[str] = []
    sizes: dict[str, list[int]] = {}
    screen = app.primaryScreen().availableGeometry()
    out: dict[str, Any] = {"screen": [screen.width(), screen.height()], "faults": faults, "sizes": sizes}

    setup = SetupDialog(Settings(), MemorySecretStore(), tasks)
    setup.show()
    form = setup.form
    checking = form.tr("Checking the system keyring…")
    _wait_until(lambda: form.key_status.text() != checking, "the keyring check")
    _settle()
    faults += layout_faults(setup, "setup, opened", ("apiKeyEdit", "keyLink", "setupSaveButton"))
    sizes["setup"] = _size(setup)

    form.provider.setCurrentIndex(form.provider.findData("custom"))
    form.base_url.clear()
    QTest.keyClicks(form.base_url, "http://relay.example.com/v1/chat/completions")
    form.base_url.editingFinished.emit()
    _settle()
    faults += layout_faults(setup, "setup, with a note and a warning")
    sizes["setup with notes"] = _size(setup)

    form.base_url.clear()
    QTest.keyClicks(form.base_url, relay_url.removesuffix("/v1"))  # "Will use … (added /v1)"
    form.base_url.editingFinished.emit()
    QTest.keyClicks(form.key, KEY)
    for step in ("a failed Test", "the Test result"):
        QTest.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
        _wait_until(
            lambda: form.test_button.isEnabled() and form.test_result.text() != form.tr("Testing…"),
            "the Test result",
        )
        _settle()
        faults += layout_faults(setup, f"setup, with {step}", ("testResult", "setupSaveButton"))
        viewport = setup.body.viewport()
        shown_at = form.test_result.mapTo(viewport, form.test_result.rect().topLeft())
        if not viewport.rect().contains(QRect(shown_at, form.test_result.size())):
            faults.append(f"setup, with {step}: the Test result is scrolled out of view")
        sizes[f"setup with {step}"] = _size(setup)
    out["test results"] = form.test_result.text()
    setup.reject()

    settings = Settings(provider="custom", base_urls={"custom": "https://relay.example.com/v1/"})
    dialog = SettingsDialog(settings, MemorySecretStore(), tasks, ["claude-sonnet-4-20250514", "gpt-4o"])
    dialog.show()
    _wait_until(lambda: dialog.form.key_status.text() != checking, "the keyring check")
    _settle()
    faults += layout_faults(
        dialog, "Settings, opened", ("setupProviderCombo", "baseUrlEdit", "settingsSaveButton")
    )
    sizes["settings"] = _size(dialog)
    out["settings scrolls"] = dialog.body.verticalScrollBar().isVisible()
    dialog.form.base_url.clear()
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    _settle()
    faults += layout_faults(dialog, "Settings, with an error", ("settingsError", "settingsSaveButton"))
    sizes["settings with an error"] = _size(dialog)
    dialog.reject()

    about = AboutDialog(app_paths())
    about.show()
    _settle()
    faults += layout_faults(about, "About")
    sizes["about"] = _size(about)
    about.reject()

    tasks.wait()
    print(json.dumps(out))


# ------------------------------------------------------------------------------------------------ tests
LOCALES = {"en": "C.UTF-8", "zh_CN": "zh_CN.UTF-8"}


def run_child_main(
    module: str, argument: str, width: int, height: int, scale: str, tmp_path: Path, language: str = "en"
) -> dict[str, Any]:
    """Run ``module.child_main(argument)`` in a process of its own on a ``width`` × ``height`` screen (with window
    frames) at ``scale``, with its home in ``tmp_path``, in ``language`` (the system's locale, which the window
    follows as it does at start); the JSON it printed last."""
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "windowFrameMargins": True,
                "screens": [
                    {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
                ],
            }
        )
    )
    env = subprocess_env(
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=scale,
        VISION_DESKTOP_HOME=str(tmp_path / "home"),
        LANGUAGE="",
        LC_ALL=LOCALES[language],
        LANG=LOCALES[language],
    )
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    env.pop("QT_ENABLE_HIGHDPI_SCALING", None)
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from vision_desktop.ui.i18n import install_translators\n"
        "app = QApplication([])\n"
        "install_translators(app, 'system')\n"  # as the app does: the language of the system's locale
        f"from {module} import child_main\n"
        "child_main(sys.argv[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, argument],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_child(
    width: int, height: int, scale: str, relay: ScriptedRelay, tmp_path: Path, language: str = "en"
) -> dict[str, Any]:
    return run_child_main(
        "tests.gui.test_dialog_layout", relay.base_url, width, height, scale, tmp_path, language
    )


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_dialogs_fit_their_content_and_the_screen(
    width: int, height: int, scale: str, relay: ScriptedRelay, tmp_path: Path
) -> None:
    relay.push(
        Reply(401, error_body(LONG_FAILURE)),
        Reply(200, completion(LONG_ANSWER)),
    )
    result = run_child(width, height, scale, relay, tmp_path)
    assert result["faults"] == []
    logical = [round(width / float(scale)), round(height / float(scale))]
    assert [abs(a - b) <= 1 for a, b in zip(result["screen"], logical, strict=True)] == [True, True]
    sizes = result["sizes"]
    # the setup dialog grew for its feedback (unless it already filled the screen)
    assert sizes["setup with the Test result"][1] > sizes["setup"][1] or sizes["setup"][1] >= logical[1] - 60
    assert "did not describe the test picture" in result["test results"]
    assert "((" not in result["test results"] and "))" not in result["test results"]
    if height / float(scale) < 600:
        assert result["settings scrolls"], "Settings does not fit: its groups must scroll"


CHINESE = (("1366x768", 1366, 768, "1.5"), ("1280x800", 1280, 800, "2.0"))
"""The tightest configurations, in Chinese: its sentences are shorter, but its labels wrap differently."""


@pytest.mark.parametrize(
    ("name", "width", "height", "scale"), CHINESE, ids=[f"{n}@{s}" for n, _, _, s in CHINESE]
)
def test_dialogs_fit_in_chinese(
    name: str, width: int, height: int, scale: str, relay: ScriptedRelay, tmp_path: Path
) -> None:
    relay.push(
        Reply(401, error_body(LONG_FAILURE)),
        Reply(200, completion(LONG_ANSWER)),
    )
    result = run_child(width, height, scale, relay, tmp_path, "zh_CN")
    assert result["faults"] == [], name
    assert "测试图片" in result["test results"]  # the Test result in Chinese: the model did not describe it
    assert "did not describe" not in result["test results"]


if __name__ == "__main__" and os.environ.get("VD_LAYOUT_CHILD"):
    child_main(sys.argv[1])
