"""What a batch runs: the --fields list read with plain errors, folders and PDFs turned into rows in path order."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.pdfs import make_pdf
from vision_desktop.batch.spec import BatchSpec, Field, expand_sources, parse_fields
from vision_desktop.core.errors import ConfigError


def test_fields_are_read_with_types_and_descriptions() -> None:
    fields = parse_fields(" vendor:text, total:number:the grand total ,date:date,paid:yes/no,note")
    assert fields == (
        Field("vendor", "text"),
        Field("total", "number", "the grand total"),
        Field("date", "date"),
        Field("paid", "yesno"),
        Field("note", "text"),
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("total:money", 'The field "total" has the type "money"'),
        (":number", "has no field name"),
        ("total:number,Total:text", 'The field "Total" is listed twice'),
        (",,", "No fields were found"),
    ],
)
def test_a_bad_field_list_is_refused_with_a_plain_sentence(text: str, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        parse_fields(text)


def test_concurrency_is_bounded() -> None:
    assert BatchSpec(("a.png",), "What is this?").concurrency == 4
    assert BatchSpec(("a.png",), "What is this?", concurrency=16).concurrency == 16
    with pytest.raises(ConfigError, match="between 1 and 16"):
        BatchSpec(("a.png",), "What is this?", concurrency=17)


def _png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4), "white").save(path)
    return path


def test_folders_become_their_images_and_pdf_pages_in_path_order(tmp_path: Path) -> None:
    folder = tmp_path / "receipts"
    _png(folder / "b.png")
    _png(folder / "A.jpg")
    _png(folder / "sub" / "c.png")
    _png(folder / ".hidden.png")
    (folder / "notes.txt").write_text("not a picture")
    (folder / "report.pdf").write_bytes(make_pdf(7))
    single = _png(tmp_path / "z.png")

    sources = expand_sources([str(single), folder, str(single)], pdf_pages=2)

    assert sources == [
        str(single),
        str(folder / "A.jpg"),
        str(folder / "b.png"),
        f"{folder / 'report.pdf'}#page=1",
        f"{folder / 'report.pdf'}#page=2",
        str(folder / "sub" / "c.png"),
    ]
    assert expand_sources([folder], pdf_pages=None).count(f"{folder / 'report.pdf'}#page=7") == 1


def test_a_locked_pdf_is_one_row_that_will_fail_on_its_own(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(make_pdf(3, user_password="secret"))
    assert expand_sources([locked]) == [f"{locked}#page=1"]


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nowhere\.png was not found"):
        expand_sources([tmp_path / "nowhere.png"])
