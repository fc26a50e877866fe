"""Layout faults a person would see, found in a real window on the offscreen platform.

The screen's size and the scale factor are read when the QApplication is made, so each configuration runs in a
process of its own: :func:`run_layout_script` starts ``python -m <module> <args>`` with the screen and scale set
(:func:`offscreen_environment`) and reads the JSON report the module prints. A module that checks windows:

* makes its QApplication, builds and shows a window, calls :func:`settle`;
* collects faults with :func:`window_faults` (the window fits the screen's available area, its minimum size fits,
  every visible label's and button's text fits its widget, spin boxes and combo boxes are not squeezed, no two
  widgets of one layout cover each other, the named widgets are visible inside the window) and anything of its
  own (:func:`fault`);
* prints :func:`report` and exits (``os._exit`` after the report is fine: the process only looks).

This module is such a script for the main window (``python -m tests.helpers.layout main-window``): a fresh window,
then the same window with a draft (two images and a long question) and while an answer is awaited.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QRect, QSettings, Qt, qVersion
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
    QWidget,
)

REPO = Path(__file__).resolve().parents[2]

# The laptops the window must fit, and the scales people set on them.
SCREENS: tuple[tuple[int, int], ...] = ((1366, 768), (1280, 800))
SCALES: tuple[float, ...] = (1.0, 1.5, 2.0)

# The main window's controls that must always be visible (never in an overflow menu, never off screen).
MAIN_WINDOW_REQUIRED = ("sendButton", "modelCombo", "temperatureSpin", "maxTokensSpin", "settingsButton")

Fault = dict[str, Any]


@dataclass(frozen=True)
class Configuration:
    width: int
    height: int
    scale: float
    language: str = "en"
    """The system's language the window starts under (it follows the system's locale): ``en`` or ``zh_CN``."""

    @property
    def name(self) -> str:
        suffix = "" if self.language == "en" else f"-{self.language}"
        return f"{self.width}x{self.height}@{self.scale:g}{suffix}"


CONFIGURATIONS: tuple[Configuration, ...] = tuple(
    Configuration(w, h, scale) for (w, h) in SCREENS for scale in SCALES
)
CHINESE_CONFIGURATIONS = (Configuration(1366, 768, 1.5, "zh_CN"), Configuration(1280, 800, 2.0, "zh_CN"))
"""The tightest screens again with the system in Simplified Chinese."""
LOCALES = {"en": "C.UTF-8", "zh_CN": "zh_CN.UTF-8"}


# -- running a configuration in its own process ----------------------------------------------------------------
def offscreen_environment(config: Configuration, folder: Path) -> dict[str, str]:
    """The environment for a process whose offscreen screen is ``config`` (its available area is the whole
    screen), with a private ``VISION_DESKTOP_HOME`` in ``folder`` and no key or base URL from outside."""
    screens = {
        "screens": [
            {
                "name": "Laptop",
                "x": 0,
                "y": 0,
                "width": config.width,
                "height": config.height,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ]
    }
    (folder / "home").mkdir(parents=True, exist_ok=True)
    screen_file = folder / "screen.json"
    screen_file.write_text(json.dumps(screens), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VISION_DESKTOP_", "QT_"))}
    env.update(
        {
            "QT_QPA_PLATFORM": f"offscreen:configfile={screen_file}",
            "QT_SCALE_FACTOR": f"{config.scale:g}",
            "VISION_DESKTOP_HOME": str(folder / "home"),
            "LANGUAGE": "",
            "LC_ALL": LOCALES[config.language],
            "LANG": LOCALES[config.language],
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")])),
        }
    )
    return env


def run_layout_script(
    module: str, config: Configuration, args: Sequence[str] = (), *, timeout: float = 60
) -> dict[str, Any]:
    """Run ``python -m module *args`` on a screen of ``config`` and return the JSON it printed last."""
    with tempfile.TemporaryDirectory(prefix="vd-layout-") as tmp:
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            env=offscreen_environment(config, Path(tmp)),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise AssertionError(
            f"{module} {' '.join(args)} on {config.name} failed ({done.returncode}):\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def run_configurations(
    module: str, configs: Iterable[Configuration] = CONFIGURATIONS, args: Sequence[str] = ()
) -> dict[str, dict[str, Any]]:
    """:func:`run_layout_script` for each configuration, two at a time; reports by configuration name."""
    configs = list(configs)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda c: run_layout_script(module, c, args), configs))
    return {c.name: r for c, r in zip(configs, reports, strict=True)}


# -- finding faults (inside the QApplication) ------------------------------------------------------------------
def fault(kind: str, widget: object, detail: str, state: str = "") -> Fault:
    return {"kind": kind, "widget": describe(widget), "detail": detail, "state": state}


def describe(widget: object) -> str:
    if not isinstance(widget, QWidget):
        return str(widget)
    name = widget.objectName() or widget.accessibleName()
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    label = f"{type(widget).__name__}#{name}" if name else type(widget).__name__
    return f"{label} {shown[:40]!r}" if isinstance(shown, str) and shown else label


def settle() -> None:
    """Let pending layout requests, deferred calls (``singleShot(0)``) and style polish run."""
    for _ in range(10):  # a change can take a few turns: a deferred fit, then the layouts it invalidates
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def settle_until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Handle events as they come (background work reporting back) until ``condition`` holds, then
    :func:`settle`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the state to check")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
    settle()


def _shown_text(text: str) -> list[str]:
    """The lines a label or button shows for ``text``: mnemonic ampersands dropped, rich text as plain."""
    if GuiQt.mightBeRichText(text):
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    text = re.sub(r"&(.)", r"\1", text)
    return [line for line in text.replace("\t", "    ").splitlines() if line.strip()]


def _advance(widget: Any, text: str) -> int:
    metrics = widget.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in _shown_text(text)), default=0)


def text_faults(root: Any, state: str = "") -> list[Fault]:
    """Visible labels (without word wrap), push buttons, tool buttons and check boxes under ``root`` whose text
    is wider than the room their widget gives it."""
    faults: list[Fault] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not root.window():
            continue
        style = widget.style()
        if isinstance(widget, QLabel):
            if widget.wordWrap() or not widget.text():
                continue
            room = widget.contentsRect().width() - 2 * widget.margin() - max(0, widget.indent())
            need = _advance(widget, widget.text())
        elif isinstance(widget, QPushButton):
            if not widget.text():
                continue
            room = widget.contentsRect().width() - 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin)
            need = _advance(widget, widget.text())
            if not widget.icon().isNull():
                need += widget.iconSize().width() + 4
        elif isinstance(widget, QToolButton):
            if not widget.text() or widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
                continue
            room = widget.contentsRect().width() - 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin)
            need = _advance(widget, widget.text())
            beside = widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if beside and (not widget.icon().isNull() or widget.arrowType() != Qt.ArrowType.NoArrow):
                need += widget.iconSize().width() + 4
        elif isinstance(widget, QCheckBox):
            if not widget.text():
                continue
            room = widget.contentsRect().width()
            need = (
                _advance(widget, widget.text())
                + style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, widget)
                + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, widget)
            )
        else:
            continue
        if need > room:
            faults.append(fault("text cut", widget, f"needs {need} px, has {room} px", state))
    return faults


def squeeze_faults(root: Any, state: str = "") -> list[Fault]:
    """Visible spin boxes and combo boxes narrower than their minimum size hint (their value is cut)."""
    faults: list[Fault] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, (QAbstractSpinBox, QComboBox)):
            continue
        least = widget.minimumSizeHint()
        if widget.width() < least.width() or widget.height() < least.height():
            faults.append(
                fault(
                    "squeezed",
                    widget,
                    f"{widget.width()}×{widget.height()} px, needs {least.width()}×{least.height()} px",
                    state,
                )
            )
    return faults


def _laid_out(layout: Any) -> list[Any]:
    """The widgets a layout places, through its nested layouts."""
    widgets = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is not None:
            widgets.append(item.widget())
        elif item.layout() is not None:
            widgets.extend(_laid_out(item.layout()))
    return widgets


def overlap_faults(root: Any, state: str = "") -> list[Fault]:
    """Visible widgets placed by the same layout that cover each other (one was squeezed below its minimum, or
    kept a height its layout could not give)."""
    faults: list[Fault] = []
    for parent in [root, *root.findChildren(QWidget)]:
        layout = parent.layout()
        if layout is None or not parent.isVisible():
            continue
        shown = [w for w in _laid_out(layout) if w.isVisible() and w.parentWidget() is parent]
        for n, first in enumerate(shown):
            for second in shown[n + 1 :]:
                if first.geometry().intersects(second.geometry()):
                    common = first.geometry().intersected(second.geometry())
                    faults.append(
                        fault(
                            "overlap",
                            first,
                            f"covers {describe(second)} ({common.width()}×{common.height()} px)",
                            state,
                        )
                    )
    return faults


def visibility_faults(window: Any, names: Iterable[str], state: str = "") -> list[Fault]:
    """Each named widget is shown, and lies wholly inside every widget it is placed in and inside the screen's
    available area (not hidden in an overflow menu, not cut by the window's edge, not off screen)."""
    faults: list[Fault] = []
    area = window.screen().availableGeometry()
    for name in names:
        widget = window.findChild(QWidget, name)
        if widget is None:
            faults.append(fault("missing", name, "no widget with this object name", state))
            continue
        if not widget.isVisible():
            faults.append(fault("hidden", widget, "not visible", state))
            continue
        child, rect = widget, QRect(widget.rect())
        while child is not window and child.parentWidget() is not None:
            rect = rect.translated(child.pos())
            child = child.parentWidget()
            if not child.rect().contains(rect):
                faults.append(
                    fault("cut", widget, f"{rect} lies outside its container {describe(child)}", state)
                )
                break
        top_left = widget.mapToGlobal(widget.rect().topLeft())
        on_screen = QRect(top_left, widget.size())
        if not area.contains(on_screen):
            faults.append(
                fault("off screen", widget, f"{on_screen} outside the available area {area}", state)
            )
    return faults


def size_faults(window: Any, state: str = "") -> list[Fault]:
    """The window (frame included) and its minimum size fit the available area of its screen."""
    faults: list[Fault] = []
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if not area.contains(frame):
        faults.append(fault("too large", window, f"frame {frame} outside the available area {area}", state))
    border = frame.size() - window.geometry().size()
    least = window.minimumSize().expandedTo(window.minimumSizeHint()) + border
    if not area.contains(QRect(area.topLeft(), least)):
        faults.append(
            fault(
                "minimum too large",
                window,
                f"minimum {least.width()}×{least.height()} with frame, available {area.width()}×{area.height()}",
                state,
            )
        )
    return faults


def window_faults(window: Any, required: Iterable[str] = (), state: str = "") -> list[Fault]:
    """All of the above for one shown window (a main window or a dialog)."""
    return [
        *size_faults(window, state),
        *text_faults(window, state),
        *squeeze_faults(window, state),
        *overlap_faults(window, state),
        *visibility_faults(window, required, state),
    ]


def screen_facts(window: Any) -> dict[str, Any]:
    screen = window.screen()
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    return {
        "screen": [screen.size().width(), screen.size().height()],
        "available": [area.width(), area.height()],
        "scale": screen.devicePixelRatio(),
        "window": [frame.width(), frame.height()],
        "minimum": [window.minimumSize().width(), window.minimumSize().height()],
    }


def report(faults: Sequence[Fault], facts: Mapping[str, Any]) -> str:
    """The one JSON line a layout script prints."""
    return json.dumps({"faults": list(faults), "facts": dict(facts)}, ensure_ascii=False)


# -- the main window -------------------------------------------------------------------------------------------
def main_window_faults(
    window: Any, state: str, required: Iterable[str] = MAIN_WINDOW_REQUIRED
) -> list[Fault]:
    """:func:`window_faults`, and the conversation must not be shorter than the composer."""
    faults = window_faults(window, required, state)
    view, composer = window.view, window.composer
    if view.height() < composer.height():
        faults.append(
            fault(
                "conversation squeezed",
                view,
                f"the conversation is {view.height()} px tall, the composer {composer.height()} px",
                state,
            )
        )
    return faults


def check_main_window() -> tuple[list[Fault], dict[str, Any]]:
    """The main window fresh, with a draft (two images, a question longer than the box), while an answer is
    awaited (Cancel in place of Send), at its minimum size, and opened again (with a draft) after it was closed
    larger than the screen and off its edge."""
    from PIL import Image

    from vision_desktop.app import create_window
    from vision_desktop.storage.paths import app_paths

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    home = Path(os.environ["VISION_DESKTOP_HOME"])
    env = {
        "VISION_DESKTOP_HOME": str(home),
        "VISION_DESKTOP_API_KEY": "sk-layout-test",
        "VISION_DESKTOP_BASE_URL": "http://127.0.0.1:9/v1",
    }
    window = create_window(env=env)
    try:
        window.show()
        settle()
        faults = main_window_faults(window, "fresh")
        facts = screen_facts(window)
        facts["platform"] = app.platformName()
        facts["send"] = window.findChild(QPushButton, "sendButton").text()
        from PySide6.QtGui import QFontDatabase

        # Chinese is measured in real glyphs only with a Chinese font (without one, boxes of another width)
        facts["cjk_fonts"] = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)[:3]
        heights = {"fresh": _heights(window)}

        pictures = []
        for n, colour in enumerate(("tomato", "steelblue")):
            path = home / f"a-rather-long-file-name-of-a-scanned-receipt-{n}.png"
            Image.new("RGB", (640, 480), colour).save(path)
            pictures.append(str(path))
        window.tray.add_paths(pictures)
        window.prompt.setPlainText(
            "\n".join(f"Line {n} of a long question about the receipts." for n in range(20))
        )
        settle_until(lambda: _prepared(window))
        faults += main_window_faults(window, "draft")
        heights["draft"] = _heights(window)

        window.composer.set_busy(True)
        settle()
        busy = [name if name != "sendButton" else "cancelButton" for name in MAIN_WINDOW_REQUIRED]
        faults += main_window_faults(window, "busy", busy)
        window.composer.set_busy(False)

        window.prompt.clear()
        window.tray.take_all()
        window.resize(window.minimumSize())
        settle()
        faults += main_window_faults(window, "smallest")
        heights["smallest"] = _heights(window)
        facts["smallest"] = [window.width(), window.height()]
        facts["heights"] = heights

        # saved on a bigger screen (or at a smaller scale): opened again, it must still fit
        window.setMinimumSize(0, 0)
        window.setGeometry(2000, 1500, 2400, 1600)
        state = QSettings(str(app_paths(env).config_dir / "window.ini"), QSettings.Format.IniFormat)
        state.setValue(f"geometry/{qVersion()}", window.saveGeometry())
        state.sync()
    finally:
        window.hide()
    again = create_window(env=env)
    try:
        # with a draft put in before the window is first laid out, as a saved draft is at start
        broken = home / "notes.jpg"
        broken.write_text("not a picture", encoding="utf-8")
        again.tray.add_paths([*pictures, str(broken)])
        again.prompt.setPlainText(
            "Please read the receipts and tell me, for each one, the shop, the date and the total. " * 3
            + "\n\nThen add up the totals."
        )
        again.show()
        settle_until(lambda: _prepared(again))
        faults += main_window_faults(again, "restored from a bigger screen")
        facts["restored"] = [again.frameGeometry().width(), again.frameGeometry().height()]
    finally:
        again.hide()
    return faults, facts


def _prepared(window: Any) -> bool:
    """Every image in the tray is ready or has its problem (nothing is still being prepared)."""
    return all(item.ready or item.error is not None for item in window.tray.items())


def _heights(window: Any) -> dict[str, int]:
    return {
        "conversation": window.view.height(),
        "composer": window.composer.height(),
        "parameters": window.parameters.height(),
        "prompt": window.prompt.height(),
    }


def main(argv: Sequence[str]) -> int:
    if list(argv) != ["main-window"]:
        print("usage: python -m tests.helpers.layout main-window", file=sys.stderr)
        return 2
    faults, facts = check_main_window()
    print(report(faults, facts), flush=True)
    sys.stderr.flush()
    # Not closing the windows: the report is out, and the shutdown of their background work is not what this
    # checks (it is covered by the window tests).
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
