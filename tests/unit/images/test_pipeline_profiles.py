"""Each image is prepared for the model it goes to: its size budget, token rule, formats and request limits; and
text stays sharp (screenshots and scans lossless, photos JPEG of quality 85 or more)."""

from __future__ import annotations

import dataclasses
import io
import math
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.helpers.images import decode_data_url, make_photo, make_rgba_png, make_tall_screenshot, photo_image
from tests.helpers.pdfs import make_pdf
from tests.helpers.text_pages import text_page
from vision_desktop.core.models import ImageAttachment
from vision_desktop.core.profiles import DEFAULT_PROFILE, PROFILES, ModelProfile, profile_for
from vision_desktop.images import (
    ImageLimits,
    prepare_image,
    prepare_image_bytes,
    prepare_source,
    resolve_limits,
)

SONNET_4 = profile_for("claude-sonnet-4-20250514")
OPUS_47 = profile_for("claude-opus-4-7")
GPT_4O = profile_for("gpt-4o")
GPT_5 = profile_for("gpt-5")


def decoded(att: ImageAttachment) -> Image.Image:
    mime, data = decode_data_url(att.data_url)
    assert mime == att.mime_type and len(data) == att.bytes
    im = Image.open(io.BytesIO(data))
    im.load()
    assert im.size == (att.width, att.height)
    return im


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 MP, 4000×3000 (EXIF orientation 6: seen 3000×4000)."""
    return make_photo(tmp_path_factory.mktemp("photos") / "IMG_0001.jpg")


# ------------------------------------------------------------------------------------------- sizes
def test_opus_4_7_gets_about_three_times_the_pixels_of_sonnet_4(phone_photo: Path) -> None:
    sonnet = prepare_image(phone_photo, profile=SONNET_4)
    opus = prepare_image(phone_photo, profile=OPUS_47)

    ratio = (opus.width * opus.height) / (sonnet.width * sonnet.height)
    assert 2.8 <= ratio <= 3.3
    assert max(opus.width, opus.height) <= 2576 and max(sonnet.width, sonnet.height) <= 1568
    assert opus.height > opus.width  # still upright
    assert opus.estimated_tokens <= 4784 and sonnet.estimated_tokens <= 1568
    assert opus.estimated_tokens > 0.9 * 4784  # the budget is used, not wasted
    assert sonnet == prepare_image(phone_photo)  # no profile: the Claude default


def test_gpt_4o_reads_the_short_side_at_768(phone_photo: Path) -> None:
    att = prepare_image(phone_photo, profile=GPT_4O)
    assert min(att.width, att.height) == 768
    assert (att.width, att.height) == (768, 1024)
    assert att.estimated_tokens == 85 + 170 * 2 * 2  # four 512-px tiles


def test_gpt_5_stays_within_its_patch_budget(phone_photo: Path) -> None:
    att = prepare_image(phone_photo, profile=GPT_5)
    patches = math.ceil(att.width / 32) * math.ceil(att.height / 32)
    assert 0.9 * 2500 < patches <= 2500
    assert att.estimated_tokens == patches


@pytest.mark.parametrize("profile", PROFILES, ids=[p.key for p in PROFILES])
def test_estimated_tokens_follow_each_profiles_rule(tmp_path: Path, profile: ModelProfile) -> None:
    path = tmp_path / "photo.jpg"
    photo_image((2400, 1600)).save(path, quality=90)
    att = prepare_image(path, profile=profile)
    w, h = att.width, att.height
    if profile.token_rule == "claude":
        expected = math.ceil(w / 28) * math.ceil(h / 28)
    elif profile.token_rule == "patches":
        expected = round(math.ceil(w / 32) * math.ceil(h / 32) * profile.tokens_per_unit)
    else:
        expected = round(
            profile.base_tokens + profile.tokens_per_unit * math.ceil(w / 512) * math.ceil(h / 512)
        )
    assert att.estimated_tokens == expected
    assert ImageLimits.for_profile(profile).fit(w, h) == (w, h)  # sent as the model reads it


def test_a_small_image_is_never_enlarged_for_a_larger_profile(tmp_path: Path) -> None:
    path = make_photo(tmp_path / "small.jpg", (640, 480), exif_orientation=1, gps=False)
    for profile in PROFILES:
        att = prepare_image(path, profile=profile)
        if profile.short_side is None:
            assert (att.width, att.height) == (640, 480)
        else:
            assert att.width <= 640 and att.height <= 480


# ------------------------------------------------------------------------------------------ limits
def test_default_limits_are_the_claude_default_profile() -> None:
    assert ImageLimits.for_profile(DEFAULT_PROFILE) == ImageLimits()
    assert ImageLimits().profile == DEFAULT_PROFILE
    assert resolve_limits() == ImageLimits()


def test_more_than_20_images_are_each_at_most_2000_px(phone_photo: Path) -> None:
    limits = ImageLimits.for_profile(OPUS_47, images_in_request=21)
    assert limits.max_edge == 2000
    assert ImageLimits.for_profile(OPUS_47, images_in_request=20).max_edge == 2576
    att = prepare_image(phone_photo, limits)
    assert max(att.width, att.height) <= 2000
    assert max(att.width, att.height) > 1900  # not the smaller Claude default


def test_a_413_retry_shrinks_within_the_models_profile(phone_photo: Path) -> None:
    full = prepare_image(phone_photo, profile=OPUS_47)
    retry = ImageLimits.for_profile(OPUS_47).shrunk()
    assert retry.profile == OPUS_47
    smaller = prepare_image(phone_photo, retry)
    assert smaller.bytes < 0.7 * full.bytes
    assert smaller.estimated_tokens == OPUS_47.image_tokens(smaller.width, smaller.height)
    # The default limits' retry (what a caller that knows no profile asks for) still shrinks an Opus image.
    capped = prepare_image(phone_photo, ImageLimits().shrunk(), profile=OPUS_47)
    assert max(capped.width, capped.height) <= ImageLimits().shrunk().max_edge
    assert capped.estimated_tokens == OPUS_47.image_tokens(capped.width, capped.height)


# ---------------------------------------------------------------------------------- text stays sharp
def _mean_abs_error(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def test_a_screenshot_with_smooth_text_is_sent_lossless_and_smaller_than_png(tmp_path: Path) -> None:
    path = tmp_path / "Screenshot.png"
    text_page((1920, 1080)).save(path)  # anti-aliased: more than 256 colours, which once meant JPEG
    att = prepare_image(path)
    png_only = prepare_image(
        path, profile=dataclasses.replace(DEFAULT_PROFILE, formats=("image/png", "image/jpeg"))
    )

    assert att.mime_type == "image/webp" and png_only.mime_type == "image/png"
    assert _mean_abs_error(decoded(att), decoded(png_only)) == 0  # both exactly the resized picture
    assert att.bytes < 0.7 * png_only.bytes


def test_a_scan_is_sent_lossless(tmp_path: Path) -> None:
    page = text_page((2480, 3508), font_px=36, line_gap=24)  # A4 at 300 dpi
    noisy = Image.blend(page, Image.effect_noise(page.size, 8).convert("RGB"), 0.06)
    buf = io.BytesIO()
    noisy.save(buf, "JPEG", quality=80)  # as scanners write them
    att = prepare_image_bytes(buf.getvalue(), "scan.jpg")
    assert att.mime_type == "image/webp"


def test_photos_stay_jpeg_of_quality_85_or_more(phone_photo: Path) -> None:
    att = prepare_image(phone_photo)
    assert att.mime_type == "image/jpeg"
    tight = prepare_image(phone_photo, ImageLimits(max_base64_chars=int(len(att.data_url) * 0.8)))
    assert any("JPEG quality 85" in a for a in tight.actions)
    tighter = prepare_image(phone_photo, ImageLimits(max_base64_chars=int(len(att.data_url) * 0.3)))
    assert not any("quality 8" in a and "85" not in a for a in tighter.actions)
    assert any(a.startswith("made smaller") for a in tighter.actions)
    assert (tighter.width, tighter.height) < (att.width, att.height)


def test_only_formats_the_profile_takes_are_sent(tmp_path: Path) -> None:
    shot = make_tall_screenshot(tmp_path / "shot.png", (1200, 2000))
    logo = make_rgba_png(tmp_path / "logo.png", (400, 300))
    jpeg_only = dataclasses.replace(DEFAULT_PROFILE, formats=("image/jpeg",))
    no_webp = dataclasses.replace(DEFAULT_PROFILE, formats=("image/jpeg", "image/png"))
    assert prepare_image(shot, profile=jpeg_only).mime_type == "image/jpeg"
    assert prepare_image(shot, profile=no_webp).mime_type == "image/png"
    assert prepare_image(logo).mime_type == "image/png"  # transparency stays PNG


# ------------------------------------------------------------------------------------------ PDF pages
def test_a_pdf_page_source_is_rendered_for_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(3))
    claude = prepare_source(f"{path}#page=2")
    opus = prepare_source(f"{path}#page=2", profile=OPUS_47)
    assert claude.source == f"{path}#page=2"
    assert any("page 2 of 3" in a for a in claude.actions)
    assert claude.estimated_tokens == DEFAULT_PROFILE.image_tokens(claude.width, claude.height)
    assert opus.width * opus.height > 2.5 * claude.width * claude.height
    assert prepare_source(f"{path.as_uri()}#page=1").source.endswith("#page=1")
