"""The tray prepares its images for the model they go to: again when the model changes, and per image with or
without tiles, as a person would see it (chips, their tiles button and its menu, what the relay receives)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QToolButton
from pytestqt.qtbot import QtBot

from tests.helpers.images import make_photo, make_tall_screenshot
from tests.helpers.relay import ScriptedRelay
from vision_desktop.core.profiles import DEFAULT_PROFILE, profile_for
from vision_desktop.ui.main_window import MainWindow
from vision_desktop.ui.widgets.image_tray import ImageCard

pytestmark = pytest.mark.gui

LARGE = profile_for("claude-opus-4-7")  # reads 2576 px: a photo is sent larger than for the default Claude


def wait_ready(qtbot: QtBot, window: MainWindow, count: int) -> None:
    qtbot.waitUntil(
        lambda: len(window.tray.items()) == count and all(i.ready or i.error for i in window.tray.items()),
        timeout=20000,
    )


def info_texts(window: MainWindow) -> list[str]:
    return [label.text() for label in window.tray.findChildren(QLabel, "imageInfo")]


def long_edge(data_url: str) -> int:
    with Image.open(io.BytesIO(base64.b64decode(data_url.partition(",")[2]))) as im:
        return max(im.size)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    return make_photo(tmp_path / "photo.jpg", size=(3600, 2400), exif_orientation=1, gps=False)


@pytest.fixture
def tall(tmp_path: Path) -> Path:
    return make_tall_screenshot(tmp_path / "settings.png")


def test_a_model_change_prepares_the_images_again_and_shows_them_preparing(
    qtbot: QtBot, window: MainWindow, photo: Path
) -> None:
    window.tray.add_paths([str(photo)])
    wait_ready(qtbot, window, 1)
    before = window.tray.items()[0].input.prepared
    assert before is not None and max(before.width, before.height) <= DEFAULT_PROFILE.max_edge

    window.tray.set_profile(LARGE)
    item = window.tray.items()[0]
    assert not item.ready and item.thumbnail is not None  # the picture stays while it is prepared again
    assert info_texts(window) == ["Preparing…"]

    wait_ready(qtbot, window, 1)
    after = window.tray.items()[0].input.prepared
    assert after is not None and max(after.width, after.height) > DEFAULT_PROFILE.max_edge
    assert f"{after.width}×{after.height}" in info_texts(window)[0]


def test_only_the_last_model_counts_when_it_changes_twice_quickly(
    qtbot: QtBot, window: MainWindow, photo: Path
) -> None:
    window.tray.add_paths([str(photo)])
    wait_ready(qtbot, window, 1)
    window.tray.set_profile(LARGE)
    window.tray.set_profile(DEFAULT_PROFILE)
    wait_ready(qtbot, window, 1)
    window._preparer.wait()  # the first re-preparation has finished too: its result must not win
    qtbot.wait(0)
    prepared = window.tray.items()[0].input.prepared
    assert prepared is not None and max(prepared.width, prepared.height) <= DEFAULT_PROFILE.max_edge


def test_sending_waits_for_the_images_prepared_again(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, photo: Path
) -> None:
    window.tray.add_paths([str(photo)])
    wait_ready(qtbot, window, 1)
    window.tray.set_profile(LARGE)
    window.prompt.setPlainText("What is in the photo?")
    window.send()  # at once, before the tray's new preparation is back
    qtbot.waitUntil(lambda: bool(window.conversation.turns) and not window.controller.busy, timeout=20000)
    [sent] = relay.chat_requests[-1].images()
    assert long_edge(sent) > DEFAULT_PROFILE.max_edge


def test_a_tall_screenshot_is_cut_into_tiles_and_can_be_sent_whole(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, tall: Path
) -> None:
    window.tray.add_paths([str(tall)])
    wait_ready(qtbot, window, 1)
    item = window.tray.items()[0]
    assert item.tiles > 1
    card = window.tray.findChildren(ImageCard)[0]
    button = card.findChild(QToolButton, "tileButton")
    assert button.isVisible() and button.text() == f"{item.tiles} tiles"

    menu = card.split_menu()
    assert menu is not None
    [action] = menu.actions()
    assert action.text() == "Don't split into tiles"
    action.trigger()
    wait_ready(qtbot, window, 1)
    whole = window.tray.items()[0]
    assert whole.tiles == 0 and not whole.split
    assert button.isVisible() and button.text() == "Not split"

    # the choice stays when the model changes
    window.tray.set_profile(LARGE)
    wait_ready(qtbot, window, 1)
    assert window.tray.items()[0].tiles == 0

    window.prompt.setPlainText("Read the settings")
    window.send()
    qtbot.waitUntil(lambda: bool(window.conversation.turns) and not window.controller.busy, timeout=20000)
    assert len(relay.chat_requests[-1].images()) == 1


def test_split_into_tiles_again_and_every_tile_is_sent(
    qtbot: QtBot, window: MainWindow, relay: ScriptedRelay, tall: Path
) -> None:
    window.tray.add_paths([str(tall)])
    wait_ready(qtbot, window, 1)
    key = window.tray.items()[0].key
    window.tray.set_split(key, False)
    wait_ready(qtbot, window, 1)
    card = window.tray.findChildren(ImageCard)[0]
    menu = card.split_menu()
    assert menu is not None
    [action] = menu.actions()
    assert action.text() == "Split into tiles"
    action.trigger()
    wait_ready(qtbot, window, 1)
    tiles = window.tray.items()[0].tiles
    assert tiles > 1

    window.prompt.setPlainText("Read the settings")
    window.send()
    qtbot.waitUntil(lambda: bool(window.conversation.turns) and not window.controller.busy, timeout=20000)
    request = relay.chat_requests[-1]
    assert len(request.images()) == tiles
    texts = [p["text"] for p in request.json["messages"][-1]["content"] if p.get("type") == "text"]
    assert f"image 1 of {tiles}, top to bottom" in texts


def test_the_default_model_set_at_start_prepares_nothing_again(
    qtbot: QtBot, window: MainWindow, photo: Path
) -> None:
    window.tray.add_paths([str(photo)])
    wait_ready(qtbot, window, 1)
    prepared = window.tray.items()[0].input.prepared
    window.tray.set_profile(DEFAULT_PROFILE, tiles=True)  # what the window says at start, for a Claude model
    item = window.tray.items()[0]
    assert item.ready and item.input.prepared is prepared


def test_a_compact_chip_keeps_its_tiles_badge_and_the_context_menu_offers_the_choice(
    qtbot: QtBot, window: MainWindow, tall: Path
) -> None:
    window.tray.add_paths([str(tall)])
    wait_ready(qtbot, window, 1)
    card = ImageCard(window.tray.items()[0], compact=True)  # the chip a short window shows
    qtbot.addWidget(card)
    card.show()
    button = card.findChild(QToolButton, "tileButton")
    assert button.isVisible() and button.text().endswith("tiles")

    QApplication.sendEvent(
        card,
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, card.rect().center(), card.mapToGlobal(QPoint())),
    )
    menu = card.findChild(QMenu, "tileMenu")
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    [action] = menu.actions()
    assert action.text() == "Don't split into tiles"
    menu.close()
