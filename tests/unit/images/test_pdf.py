"""PDF pages as images: what a person who drops a PDF would notice (which page, its size, readable text) and the
plain sentences for a password-protected, damaged or too-short document. The PDFs are written at test time."""

from __future__ import annotations

import base64
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from PIL import Image

from tests.helpers.pdfs import BAR_HEIGHT, BAR_TOP, BAR_UNIT, make_pdf
from vision_desktop.core.errors import ImageError, UnsupportedImageError
from vision_desktop.core.models import ImageAttachment
from vision_desktop.images import pdf
from vision_desktop.images.limits import ImageLimits
from vision_desktop.images.pdf import default_pages, page_count, prepare_pdf_page, render_pdf_page
from vision_desktop.images.picture import prepare_opened
from vision_desktop.images.pipeline import prepare_source_tiles
from vision_desktop.images.sources import (
    display_name,
    is_image_path,
    is_pdf,
    parse_pdf_page_source,
    pdf_page_source,
)
from vision_desktop.images.tiles import MAX_TILES

CLAUDE = ImageLimits()
OPUS = ImageLimits(max_edge=2576, max_pixels=3_510_000)  # Opus 4.7's budget
SMALL = ImageLimits(max_edge=800, max_pixels=400_000)


def prepare_page(path: Path, page: int, limits: ImageLimits = CLAUDE) -> ImageAttachment:
    """A page prepared as the pipeline prepares it (``prepare_source`` of ``<path>#page=N`` calls this)."""
    (attachment,) = prepare_pdf_page(path, page, limits, prepare=prepare_opened)
    return attachment


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def picture(att: ImageAttachment) -> Image.Image:
    _, _, b64 = att.data_url.partition(",")
    with Image.open(io.BytesIO(base64.b64decode(b64))) as im:
        return im.convert("L")


def bar_width_points(im: Image.Image, page_height_points: float = 792) -> float:
    """The black bar's width in PDF points, read from the pixels (the bar's width says the page number)."""
    scale = im.height / page_height_points
    row = round((BAR_TOP + BAR_HEIGHT / 2) * scale)
    dark = [x for x in range(im.width) if im.getpixel((x, row)) < 64]  # type: ignore[operator]
    return (max(dark) - min(dark) + 1) / scale if dark else 0.0


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return write(tmp_path, "report.pdf", make_pdf(3))


# ------------------------------------------------------------------------------------------- sources
def test_a_page_source_names_the_file_and_the_page() -> None:
    source = pdf_page_source("/home/ann/Documents/report.pdf", 3)
    assert source == "/home/ann/Documents/report.pdf#page=3"
    assert parse_pdf_page_source(source) == ("/home/ann/Documents/report.pdf", 3)
    assert display_name(source) == "report.pdf, page 3"
    assert display_name(r"C:\Users\Ann\Q3 Report.PDF#page=12") == "Q3 Report.PDF, page 12"
    assert parse_pdf_page_source("/photos/cat.jpg") is None
    assert parse_pdf_page_source("/docs/report.pdf") is None
    assert parse_pdf_page_source("https://example.com/report.pdf#page=2") is None
    assert parse_pdf_page_source("/docs/report.pdf#page=0") is None
    with pytest.raises(ValueError):
        pdf_page_source("/docs/report.pdf", 0)


def test_pdfs_are_told_from_images_by_their_names() -> None:
    assert is_pdf("/home/ann/report.pdf") and is_pdf("C:\\Scans\\LETTER.PDF") and is_pdf('"/tmp/a b.pdf"')
    assert is_pdf("file:///home/ann/My%20report.pdf")
    assert not is_pdf("/home/ann/photo.jpg") and not is_pdf("/home/ann/report.pdf#page=2")
    assert not is_pdf("https://example.com/report.pdf")
    assert is_image_path("/home/ann/photo.JPG") and is_image_path("IMG_0001.heic")
    assert not is_image_path("/home/ann/report.pdf")


# ---------------------------------------------------------------------------------------- counting
def test_page_count_and_the_pages_added_by_default(report: Path, tmp_path: Path) -> None:
    assert page_count(report) == 3
    assert default_pages(3, 5) == [1, 2, 3]
    assert default_pages(500, 5) == [1, 2, 3, 4, 5]
    assert default_pages(1, 5) == [1]


# --------------------------------------------------------------------------------------- rendering
@pytest.mark.parametrize(
    ("max_edge", "max_pixels"),
    [(1568, 1_150_000), (2576, 3_510_000), (2048, 2048 * 768), (800, 400_000)],
    ids=["claude", "opus-4.7", "gpt-4o-tiles", "small"],
)
def test_a_page_is_drawn_as_large_as_the_budget_allows(report: Path, max_edge: int, max_pixels: int) -> None:
    im, count = render_pdf_page(report, 2, max_edge, max_pixels)
    with im:
        assert count == 3 and im.mode == "RGB"
        assert max(im.size) <= max_edge and im.width * im.height <= max_pixels
        assert im.width * im.height >= 0.99 * max_pixels  # a Letter page: the pixel budget binds
        assert abs(im.width / im.height - 612 / 792) < 0.005  # the page's shape


@pytest.mark.parametrize("limits", [CLAUDE, OPUS, SMALL], ids=["claude", "opus-4.7", "small"])
def test_a_prepared_page_is_within_the_limits(report: Path, limits: ImageLimits) -> None:
    att = prepare_page(report, 2, limits)
    assert att.source == f"{report}#page=2"
    assert att.actions[0] == "page 2 of 3 of the PDF"
    assert att.width <= limits.max_edge and att.height <= limits.max_edge
    assert att.width * att.height <= limits.max_pixels
    assert abs(att.width / att.height - 612 / 792) < 0.01
    assert len(att.data_url) - att.data_url.index(",") - 1 <= limits.max_base64_chars
    assert att.estimated_tokens > 0


def test_a_page_for_the_default_model_uses_its_whole_budget_unresized(report: Path) -> None:
    att = prepare_page(report, 1, CLAUDE)
    assert att.width * att.height >= 0.99 * CLAUDE.max_pixels  # 942 × 1219 of 1.15 MP
    assert (att.original_width, att.original_height) == (att.width, att.height)  # drawn at size: no resize
    assert not any(action.startswith("resized") for action in att.actions)


def test_the_right_page_is_rendered_and_its_text_survives(report: Path) -> None:
    for page in (1, 3):
        im = picture(prepare_page(report, page))
        assert bar_width_points(im) == pytest.approx(page * BAR_UNIT, abs=2)
        # the line of text at the top (28 pt Helvetica, from 72 pt in): dark, anti-aliased glyphs, not a blank
        scale = im.height / 792
        text_box = im.crop((round(72 * scale), round(60 * scale), round(540 * scale), round(110 * scale)))
        histogram = text_box.histogram()
        dark = sum(histogram[:96])
        assert dark > 0.03 * text_box.width * text_box.height
        assert sum(histogram[200:]) > 0.5 * text_box.width * text_box.height  # on white paper


def test_a_small_page_is_drawn_large_and_a_rotated_page_upright(tmp_path: Path) -> None:
    card = write(tmp_path, "card.pdf", make_pdf(["Ann Example"], size=(252, 144)))  # 3.5 × 2 in
    att = prepare_page(card, 1)
    assert att.width * att.height >= 0.98 * CLAUDE.max_pixels  # 1417 × 810 from 252 × 144 points
    assert att.width > att.height
    rotated = write(tmp_path, "landscape.pdf", make_pdf(1, rotate=90))
    att = prepare_page(rotated, 1)
    assert att.width > att.height  # shown as a viewer shows it
    assert att.original_width == att.width and att.original_height == att.height  # drawn at size, not shrunk


def test_a_500_page_pdf_opens_by_rendering_only_the_chosen_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = write(tmp_path, "minutes.pdf", make_pdf(500))
    rendered: list[int] = []
    real_render = pdf._render

    def counting_render(
        doc: object, source: str, name: str, page: int, *args: int, **kwargs: bool
    ) -> tuple[Image.Image, int]:
        rendered.append(page)
        return real_render(doc, source, name, page, *args, **kwargs)

    monkeypatch.setattr(pdf, "_render", counting_render)
    count = page_count(long)
    assert count == 500 and rendered == []
    pages = [prepare_page(long, n) for n in default_pages(count, 5)]
    assert rendered == [1, 2, 3, 4, 5]
    assert [bar_width_points(picture(att)) for att in pages[:2]] == pytest.approx(
        [BAR_UNIT, 2 * BAR_UNIT], abs=2
    )
    last = prepare_page(long, 500, SMALL)
    assert last.actions[0] == "page 500 of 500 of the PDF"


def test_pages_can_be_prepared_on_several_threads_at_once(report: Path) -> None:
    """PDFium is not thread-safe; the image preparer runs several workers."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: prepare_page(report, n, SMALL), [1, 2, 3, 1, 2, 3]))
    assert [att.actions[0] for att in results] == [f"page {n} of 3 of the PDF" for n in (1, 2, 3, 1, 2, 3)]


# ------------------------------------------------------------------------------------------ failures
def test_a_password_protected_pdf_says_what_to_do(tmp_path: Path) -> None:
    locked = write(tmp_path, "salary.pdf", make_pdf(2, user_password="secret"))
    # it is a real encrypted PDF: with its password, PDFium reads the text
    with pdfium.PdfDocument(str(locked), password="secret") as doc:
        assert "Page 1 of the quarterly report" in doc[0].get_textpage().get_text_range()
    for attempt in (lambda: page_count(locked), lambda: prepare_page(locked, 1)):
        with pytest.raises(UnsupportedImageError) as info:
            attempt()
        assert str(info.value) == (
            '"salary.pdf" is protected by a password; open it, print it to a new PDF without a password, '
            "and add that."
        )
        assert info.value.source == str(locked)
        assert "password" in info.value.details()["detail"].lower()


def test_a_pdf_protected_only_against_editing_opens(tmp_path: Path) -> None:
    """An owner password alone (no password to open) is what many office PDFs carry: they must just work."""
    restricted = write(tmp_path, "form.pdf", make_pdf(1, user_password=""))
    assert page_count(restricted) == 1
    assert bar_width_points(picture(prepare_page(restricted, 1))) == pytest.approx(BAR_UNIT, abs=2)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n" + bytes(range(256)) * 8, make_pdf(3)[:200]],
    ids=["garbage after the header", "cut off early"],
)
def test_a_damaged_pdf_says_so(tmp_path: Path, data: bytes) -> None:
    broken = write(tmp_path, "scan.pdf", data)
    with pytest.raises(UnsupportedImageError) as info:
        page_count(broken)
    assert str(info.value).startswith('"scan.pdf" is damaged or incomplete and could not be read as a PDF.')
    assert "print it to a new PDF" in str(info.value)


def test_other_files_named_pdf(tmp_path: Path) -> None:
    photo = tmp_path / "holiday.pdf"
    Image.new("RGB", (40, 30), "red").save(photo, "JPEG")
    with pytest.raises(UnsupportedImageError, match=r'"holiday.pdf" is not a PDF document'):
        page_count(photo)
    empty = write(tmp_path, "empty.pdf", b"")
    with pytest.raises(UnsupportedImageError, match=r"empty \(0 bytes\)"):
        prepare_page(empty, 1)
    with pytest.raises(ImageError, match=r'"gone.pdf" could not be found'):
        page_count(tmp_path / "gone.pdf")


def test_a_page_out_of_range(report: Path, tmp_path: Path) -> None:
    with pytest.raises(ImageError) as info:
        prepare_page(report, 7)
    assert str(info.value) == '"report.pdf" has 3 pages, so there is no page 7.'
    single = write(tmp_path, "memo.pdf", make_pdf(1))
    with pytest.raises(ImageError, match=r'"memo.pdf" has 1 page, so there is no page 2\.'):
        prepare_page(single, 2)
    with pytest.raises(ImageError, match=r"counted from 1"):
        prepare_page(report, 0)


def test_a_pdf_made_by_pillow_from_a_scan(tmp_path: Path) -> None:
    """What a scanner app writes: each page one picture. Pillow writes such a PDF."""
    pages = [Image.new("RGB", (1700, 2200), "white") for _ in range(2)]
    for n, page in enumerate(pages, start=1):
        page.paste((0, 0, 0), (200, 300, 200 + 100 * n, 400))
    scan = tmp_path / "scan.pdf"
    pages[0].save(scan, "PDF", resolution=200.0, save_all=True, append_images=pages[1:])
    assert page_count(scan) == 2
    im = picture(prepare_page(scan, 2))
    scale = im.width / 1700
    row = round(350 * scale)
    dark = [x for x in range(im.width) if im.getpixel((x, row)) < 64]  # type: ignore[operator]
    assert (max(dark) - min(dark) + 1) / scale == pytest.approx(200, abs=4)


def test_a_long_receipt_page_is_cut_into_tiles_its_text_stays_readable(tmp_path: Path) -> None:
    # 80 mm wide (226 points), a metre long: 240 lines of 9 point text
    receipt = write(tmp_path, "receipt.pdf", make_pdf(["Till receipt"], size=(226, 2950), body_lines=240))
    source = pdf_page_source(str(receipt), 1)
    (whole,) = prepare_source_tiles(source, tiles=False)
    tiles = prepare_source_tiles(source)
    assert 2 <= len(tiles) <= MAX_TILES
    assert [t.tile.index for t in tiles if t.tile] == list(range(1, len(tiles) + 1))
    assert all(t.actions[0] == "page 1 of 1 of the PDF" for t in tiles)
    assert all(t.source == source for t in tiles)
    # the same page, its text about three times as large in each tile as in the one shrunk image
    assert min(t.width for t in tiles) >= 3 * whole.width
    assert all(max(t.width, t.height) <= CLAUDE.max_edge for t in tiles)


def test_an_ordinary_page_is_one_image_whether_tiles_are_allowed_or_not(tmp_path: Path) -> None:
    report = write(tmp_path, "report.pdf", make_pdf(2))
    source = pdf_page_source(str(report), 2)
    (tiled,) = prepare_source_tiles(source)
    (whole,) = prepare_source_tiles(source, tiles=False)
    assert tiled.tile is None and (tiled.width, tiled.height) == (whole.width, whole.height)
    assert bar_width_points(picture(tiled)) == pytest.approx(2 * BAR_UNIT, abs=2)
