"""Tall and wide pictures are cut into overlapping tiles, in reading order, so that their text stays readable."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.images import decode_data_url, make_photo, photo_image
from tests.helpers.text_pages import text_height, text_page
from vision_desktop.core.models import ImageAttachment
from vision_desktop.core.profiles import DEFAULT_PROFILE, ModelProfile, profile_for
from vision_desktop.images import (
    ImageLimits,
    prepare_image_bytes_tiles,
    prepare_source,
    prepare_source_tiles,
)
from vision_desktop.images.tiles import MAX_TILES, plan_tiles

GPT_4O = profile_for("gpt-4o")
OPUS_47 = profile_for("claude-opus-4-7")


def decoded(att: ImageAttachment) -> Image.Image:
    mime, data = decode_data_url(att.data_url)
    assert mime == att.mime_type
    im = Image.open(io.BytesIO(data))
    im.load()
    assert im.size == (att.width, att.height)
    return im.convert("RGB")


def assert_within_budget(att: ImageAttachment, profile: ModelProfile) -> None:
    limits = ImageLimits.for_profile(profile)
    assert limits.fit(att.width, att.height) == (att.width, att.height)  # the model reads it as sent
    assert len(att.data_url.partition(",")[2]) <= limits.max_base64_chars
    assert att.estimated_tokens == profile.image_tokens(att.width, att.height)
    assert att.mime_type in profile.formats


def overlap_rows(upper: Image.Image, lower: Image.Image, band: int = 24) -> int:
    """How many rows of ``upper``'s end ``lower`` starts with (0 if its last rows are not at ``lower``'s top)."""
    tail = upper.crop((0, upper.height - band, upper.width, upper.height)).tobytes()
    for offset in range(0, lower.height - band):
        if lower.crop((0, offset, lower.width, offset + band)).tobytes() == tail:
            return offset + band
    return 0


@pytest.fixture(scope="module")
def long_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1080 × 8000 scrolling page of 14 px text."""
    path = tmp_path_factory.mktemp("pages") / "Long page.png"
    text_page((1080, 8000)).save(path)
    return path


def test_a_long_page_becomes_tiles_whose_text_stays_readable(long_page: Path) -> None:
    shrunk = prepare_source(str(long_page))
    tiles = prepare_source_tiles(str(long_page))

    assert (
        shrunk.height == 1568 and text_height(decoded(shrunk)) < 5
    )  # today: 14 px text reaches it ~3 px tall
    assert 2 <= len(tiles) <= MAX_TILES
    for number, tile in enumerate(tiles, start=1):
        assert tile.tile is not None
        assert (tile.tile.index, tile.tile.count, tile.tile.order) == (number, len(tiles), "top to bottom")
        assert tile.source == str(long_page)
        assert (tile.original_width, tile.original_height) == (1080, 8000)
        assert_within_budget(tile, DEFAULT_PROFILE)
        assert text_height(decoded(tile)) >= 12
        assert any(a.startswith(f"split into {len(tiles)} tiles, top to bottom") for a in tile.actions)
    assert tiles[0].tile is not None and tiles[0].tile.caption() == f"image 1 of {len(tiles)}, top to bottom"


def test_tiles_overlap_and_cover_the_page_in_order(long_page: Path) -> None:
    tiles = [decoded(t) for t in prepare_source_tiles(str(long_page))]
    total = tiles[0].height
    for upper, lower in itertools.pairwise(tiles):
        shared = overlap_rows(upper, lower)
        assert shared >= 0.09 * upper.height  # about 10 %: a line cut at one edge is whole in the next tile
        assert shared < 0.5 * upper.height
        total += lower.height - shared
    assert abs(total / tiles[0].width - 8000 / 1080) < 0.02  # together they are the whole page, once


def test_a_wide_strip_is_cut_left_to_right(tmp_path: Path) -> None:
    path = tmp_path / "timeline.png"
    text_page((8000, 1080)).save(path)
    tiles = prepare_source_tiles(str(path))
    assert len(tiles) > 1
    assert all(t.tile is not None and t.tile.order == "left to right" for t in tiles)
    assert all(t.height > t.width * 0.9 for t in tiles)  # each a slice of the strip's full height
    images = [decoded(t) for t in tiles]
    for left, right in itertools.pairwise(images):
        # the right edge of one is at the start of the next
        assert overlap_rows(
            left.transpose(Image.Transpose.TRANSPOSE), right.transpose(Image.Transpose.TRANSPOSE)
        )


def test_a_panorama_photo_stays_one_image(tmp_path: Path) -> None:
    path = tmp_path / "panorama.jpg"
    photo_image((9000, 1500)).save(path, quality=90)
    (one,) = prepare_source_tiles(str(path))
    assert one.tile is None and one.mime_type == "image/jpeg"
    whole = prepare_source(str(path))
    assert (one.width, one.height, one.estimated_tokens) == (
        whole.width,
        whole.height,
        whole.estimated_tokens,
    )


def test_a_page_turned_by_its_exif_is_tiled_as_it_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: seen rotated 90° clockwise
    text_page((1080, 6000)).transpose(Image.Transpose.ROTATE_90).save(path, quality=95, exif=exif)
    tiles = prepare_source_tiles(str(path))
    assert len(tiles) > 1
    assert all(t.tile is not None and t.tile.order == "top to bottom" for t in tiles)
    assert all((t.original_width, t.original_height) == (1080, 6000) for t in tiles)
    assert text_height(decoded(tiles[0])) >= 12


def test_tiles_can_be_turned_off(long_page: Path) -> None:
    (one,) = prepare_source_tiles(str(long_page), tiles=False)
    assert one.tile is None
    assert one == prepare_source(str(long_page))


@pytest.mark.parametrize("size", [(4000, 3000), (1080, 2400), (600, 2000)])
def test_ordinary_pictures_stay_one_image(tmp_path: Path, size: tuple[int, int]) -> None:
    path = make_photo(tmp_path / "p.jpg", size, exif_orientation=1, gps=False)
    (one,) = prepare_source_tiles(str(path))
    assert one.tile is None


def test_a_very_long_page_stops_at_the_most_tiles_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "chat export.png"
    text_page((1080, 16000), line_gap=10).save(path)
    tiles = prepare_source_tiles(str(path))
    assert len(tiles) == MAX_TILES
    assert "(the most)" in tiles[0].actions[-1]
    for tile in tiles:
        assert_within_budget(tile, DEFAULT_PROFILE)
    assert text_height(decoded(tiles[0])) > text_height(decoded(prepare_source(str(path)))) * 2


@pytest.mark.parametrize("profile", [GPT_4O, OPUS_47], ids=["gpt-4o", "claude-opus-4-7"])
def test_tiles_follow_the_profile(long_page: Path, profile: ModelProfile) -> None:
    tiles = prepare_source_tiles(str(long_page), profile=profile)
    assert len(tiles) > 1
    for tile in tiles:
        assert_within_budget(tile, profile)
    if profile is GPT_4O:  # the short side is read at 768 px whatever we send: fewer, longer tiles
        assert all(t.width == 768 for t in tiles)
        assert text_height(decoded(tiles[0])) >= 9.5
    else:  # Opus 4.7 reads 2576 px: the text at full size
        assert len(tiles) < len(prepare_source_tiles(str(long_page)))
        assert text_height(decoded(tiles[0])) >= 13.5


def test_a_pasted_long_screenshot_is_tiled_too(long_page: Path) -> None:
    tiles = prepare_image_bytes_tiles(long_page.read_bytes(), "Pasted image")
    assert len(tiles) > 1 and all(t.source == "Pasted image" for t in tiles)


def test_tiling_that_would_not_help_is_not_done() -> None:
    # A tile model reads the short side at 768 px however the picture is cut: a 3000 px wide scan gains nothing.
    assert plan_tiles(3000, 9000, ImageLimits.for_profile(GPT_4O)) is None
    assert plan_tiles(3000, 9000, ImageLimits()) is not None
