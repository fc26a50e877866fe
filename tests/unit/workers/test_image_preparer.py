"""Preparing draft images for the model they go to: tiles, and the smaller edge of a request of many images."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers.images import make_photo, make_tall_screenshot
from vision_desktop.api.cancel import CancelToken
from vision_desktop.core.profiles import profile_for
from vision_desktop.workers.chat_controller import _within_many_images_edge
from vision_desktop.workers.image_preparer import (
    DraftInput,
    attachments_of,
    draft_images_of,
    prepare_attachments,
    prepare_input,
)

LARGE = profile_for("claude-opus-4-7")


def test_a_tall_screenshot_gives_its_tiles_unless_the_person_said_no(tmp_path: Path) -> None:
    item = DraftInput(1, "settings.png", path=str(make_tall_screenshot(tmp_path / "settings.png")))
    tiles = prepare_attachments(item)
    assert len(tiles) > 1 and [t.tile.index for t in tiles if t.tile] == list(range(1, len(tiles) + 1))
    assert len(prepare_attachments(replace(item, split=False))) == 1
    # prepared already: returned as it is; one whole picture when asked for one
    ready = replace(item, tiles=tiles)
    assert attachments_of(ready) == tiles and prepare_attachments(ready) == tiles
    assert prepare_input(ready).tile is None


def test_past_the_many_images_count_big_images_are_prepared_again_at_the_smaller_edge(tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "photo.jpg", size=(2400, 1200), exif_orientation=1, gps=False)
    one = DraftInput(1, "photo.jpg", path=str(photo), profile=LARGE)
    prepared = prepare_attachments(one)
    assert max(prepared[0].width, prepared[0].height) > LARGE.many_images_max_edge
    items = tuple(replace(one, key=k, prepared=prepared[0]) for k in range(LARGE.many_images + 1))

    few = _within_many_images_edge(items[:-1], [prepared] * LARGE.many_images, None, CancelToken(), None)
    assert all(a is prepared[0] for a in few)
    many = _within_many_images_edge(items, [prepared] * len(items), None, CancelToken(), None)
    assert len(many) == len(items)
    assert all(max(a.width, a.height) <= LARGE.many_images_max_edge for a in many)


def test_the_draft_keeps_a_pasted_screenshot_whole_compressed_and_encodes_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QImage

    from vision_desktop.workers import image_preparer

    pasted = QImage(str(make_tall_screenshot(tmp_path / "shot.png", (600, 4200))))
    item = DraftInput(7, "Pasted image", qimage=pasted)
    ready = replace(item, tiles=prepare_attachments(item))
    encoded: list[int] = []
    real = image_preparer.qimage_png
    monkeypatch.setattr(
        image_preparer, "qimage_png", lambda image, **kw: encoded.append(1) or real(image, **kw)
    )
    cache: dict[object, bytes | None] = {}
    ((label, whole),) = draft_images_of([ready], cache)
    assert label == "Pasted image" and isinstance(whole, bytes) and whole.startswith(b"\x89PNG")
    assert len(whole) < pasted.width() * pasted.height() // 4  # compressed: kept on disk
    for _ in range(3):  # the draft is saved again at each pause in typing
        assert draft_images_of([ready], cache) == [("Pasted image", whole)]
    assert encoded == [1]
    assert draft_images_of([], cache) == [] and cache == {}  # gone from the draft: forgotten
