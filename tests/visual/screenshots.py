"""Real screenshots of the window with a sample conversation, against the scripted relay.

    xvfb-run -a -s "-screen 0 1366x900x24" .venv/bin/python -m tests.visual.screenshots docs/screenshots
    xvfb-run -a -s "-screen 0 1366x900x24" .venv/bin/python -m tests.visual.screenshots docs/screenshots dark
    xvfb-run -a -s "-screen 0 1366x900x24" .venv/bin/python -m tests.visual.screenshots /tmp/shots light 150

(``QT_QPA_PLATFORM=xcb`` is set here, so Qt draws a real X window.) The second argument is the appearance
(light or dark, default light), the third the text size in percent (default 100). The history holds
conversations from earlier days and months, so the sidebar shows its date groups.

Saves main-window-<appearance>.png (a conversation with images and a Markdown answer),
sidebar-search-<appearance>.png (a search with its snippets), undo-<appearance>.png (the status bar after a
delete) and error-<appearance>.png (a failed request with its Details open, the draft back in the box); in
light at 100 % also main-window.png, error.png and setup.png (the first-start dialog), which the README
shows. With a text size other than 100 the names end in -<size>.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = os.environ.get("SHOT_PLATFORM", "xcb")

from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from tests.helpers.relay import Reply, ScriptedRelay, completion, error_body

EARLIER = (  # (days ago, question, answer): the sidebar's date groups
    (95, "Translate this menu into English", "Starters: tomato soup, green salad, **grilled fish**."),
    (40, "Is this contract signed on every page?", "Pages 1–3 carry a signature; page 4 does not."),
    (20, "What does this error dialog mean?", "It says the **printer queue** is full: restart the spooler."),
    (3, "Count the chairs in the meeting room photo", "I count **12 chairs** around the `main table`."),
    (1, "Read the receipt from the hardware store", "The receipt lists **screws** and a *receipt* number."),
)

ANSWER = """### Receipt summary

The receipt is from **Corner Café** and the total is **€23.40**.

| Item | Qty | Price |
|---|---:|---:|
| Cappuccino | 2 | €7.00 |
| Croissant | 2 | €5.80 |
| Club sandwich | 1 | €10.60 |

- Paid by card
- VAT included (7 %)
"""


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def sample_images(folder: Path) -> list[str]:
    receipt = Image.new("RGB", (900, 1400), "#fbfaf5")
    draw = ImageDraw.Draw(receipt)
    draw.text((250, 60), "CORNER CAFÉ", fill="black", font=_font(64))
    y = 240
    for line in (
        "2 x Cappuccino      7.00",
        "2 x Croissant       5.80",
        "1 x Club sandwich  10.60",
        "",
        "TOTAL         EUR 23.40",
    ):
        draw.text((90, y), line, fill="#222", font=_font(44))
        y += 90
    photo = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    ImageDraw.Draw(photo).ellipse((500, 300, 1100, 900), fill=(60, 140, 220))
    paths = [folder / "receipt.jpg", folder / "shelf.jpg"]
    receipt.save(paths[0], quality=90)
    photo.save(paths[1], quality=90)
    return [str(p) for p in paths]


def wait(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(app: QApplication, condition: object, timeout_ms: int = 10000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:  # type: ignore[operator]
        wait(app, 50)
        waited += 50


def seed_history(home: Path, appearance: str, text_scale: int) -> None:
    """Conversations from earlier days (the store takes its times from ``time.time``), and the settings."""
    import datetime as dt
    import json
    from unittest import mock

    from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
    from vision_desktop.storage.history import HistoryStore
    from vision_desktop.storage.paths import app_paths

    paths = app_paths({"VISION_DESKTOP_HOME": str(home)}).ensure()
    with HistoryStore.open(paths) as store:
        for days, question, answer in EARLIER:
            day = dt.date.today() - dt.timedelta(days=days)
            when = dt.datetime.combine(day, dt.time(11, 30)).timestamp()
            with mock.patch("time.time", return_value=when):
                cid = store.create_conversation()
                tid = store.start_turn(cid, Message("user", question), ChatOptions(), started=when)
                store.finish_turn(tid, ChatResult("r", "m", answer, "stop", Usage(900, 40, 940)), "complete")
    paths.settings_file.write_text(
        json.dumps(
            {
                "version": 1,
                "appearance": appearance,
                "text_scale": text_scale,
                "language": os.environ.get("SHOT_LANGUAGE", "en"),
            }
        )
    )


def main(out_dir: str, appearance: str = "light", text_scale: int = 100) -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="vd-shots-"))
    seed_history(home, appearance, text_scale)
    language = os.environ.get("SHOT_LANGUAGE", "en")
    suffix = (
        f"-{appearance}"
        + (f"-{text_scale}" if text_scale != 100 else "")
        + (f"-{language}" if language != "en" else "")
    )
    classic = appearance == "light" and text_scale == 100 and language == "en"  # the names the README shows
    relay = ScriptedRelay().start()
    os.environ.update(
        VISION_DESKTOP_HOME=str(home),
        VISION_DESKTOP_BASE_URL=relay.base_url,
        VISION_DESKTOP_API_KEY="sk-screenshot-demo",
    )
    app = QApplication(sys.argv[:1])
    from vision_desktop.app import create_window

    window = create_window()
    window.resize(1240, 820)
    window.show()
    window.start()
    images = sample_images(home)
    wait(app, 500)
    for question in ("Summarise this invoice in three bullet points", "Which shelf is missing price labels?"):
        window.prompt.setPlainText(question)
        window.send()
        wait_until(app, lambda: not window.controller.busy)
        wait(app, 200)
        window.new_conversation()
    wait(app, 300)

    relay.push(
        Reply(
            200,
            completion(ANSWER, usage={"prompt_tokens": 3412, "completion_tokens": 118, "total_tokens": 3530}),
        )
    )
    window.tray.add_paths(images)
    wait_until(app, lambda: all(i.ready for i in window.tray.items()))
    window.prompt.setPlainText("What is the total on the receipt? List the items as a table.")
    window.send()
    wait_until(app, lambda: not window.controller.busy)
    window.tray.add_paths(images[1:])
    wait_until(app, lambda: all(i.ready for i in window.tray.items()))
    window.prompt.setPlainText("And what is on the shelf in the second picture?")
    wait(app, 300)
    window.grab().save(str(out / f"main-window{suffix}.png"))
    if classic:
        window.grab().save(str(out / "main-window.png"))

    sidebar = window.sidebar
    assert sidebar is not None
    sidebar.search.setText("receipt")
    wait_until(app, lambda: sidebar.list.count() == 2)
    wait(app, 200)
    sidebar.grab().save(str(out / f"sidebar-search{suffix}.png"))
    sidebar.search.clear()
    wait_until(app, lambda: sidebar.list.count() == 3 + len(EARLIER))
    sidebar.delete_requested.emit(sidebar.ids()[-1])
    wait_until(app, lambda: sidebar.list.count() == 2 + len(EARLIER))
    window.statusBar().showMessage("A status message at the same time as the undo")
    wait(app, 200)
    window.statusBar().grab().save(str(out / f"undo{suffix}.png"))
    window.statusBar().clearMessage()

    relay.push(Reply(403, error_body("用户额度不足, 剩余额度: ＄0.001")))
    window.send()
    wait_until(app, lambda: not window.controller.busy)
    wait(app, 100)
    window.view.turns[-1].details_button.setChecked(True)
    wait(app, 300)
    window.grab().save(str(out / f"error{suffix}.png"))
    if classic:
        window.grab().save(str(out / "error.png"))
        window.open_setup()
        wait(app, 400)
        assert window.setup_dialog is not None
        window.setup_dialog.grab().save(str(out / "setup.png"))
        window.setup_dialog.reject()
    batch_shot(app, window, relay, images, out / f"batch{suffix}.png")
    window.close()
    relay.stop()
    print(f"saved screenshots in {out}")
    return 0


def batch_shot(
    app: QApplication, window: object, relay: ScriptedRelay, images: list[str], path: Path
) -> None:
    """The batch window after a run over the sample pictures with three fields."""
    from vision_desktop.ui.dialogs.batch_window import BatchWindow

    answers = (
        '{"vendor": "Corner Café", "total": "€23.40", "date": "05.03.2026"}',
        '{"vendor": "Hardware & Co", "total": "1.234,50 €", "date": "2026-03-07"}',
        'Here you go: {"vendor": "Bakery Sonne", "total": "(4.10)", "date": "7 March 2026"}',
    )
    relay.push(*(Reply(200, completion(a)) for a in answers * 4))
    window.open_batch(images)  # type: ignore[attr-defined]
    batch = next(w for w in QApplication.topLevelWidgets() if isinstance(w, BatchWindow) and w.isVisible())
    batch.resize(1200, 640)
    wait_until(app, lambda: len(batch.sources) == len(images) and not batch.reading)
    fields = "vendor:text, total:number, date:date"
    batch.fields_edit.setText(fields)
    batch.fields_edit.textEdited.emit(fields)  # as if typed
    batch.question.setPlainText("Read the receipt")
    batch.start_button.click()
    wait_until(app, lambda: batch.model.count("done") == len(images), 20000)
    wait(app, 600)
    batch.grab().save(str(path))
    batch.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(
        main(
            args[0] if args else "docs/screenshots",
            args[1] if len(args) > 1 else "light",
            int(args[2]) if len(args) > 2 else 100,
        )
    )
