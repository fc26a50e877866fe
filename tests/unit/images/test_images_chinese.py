"""In a Chinese window a picture, a PDF or a download that cannot be used is explained in Chinese, with its name
filled in; the notes of what was done to a picture are Chinese too. In English every sentence is as before.

The files are real (a JPEG cut off part-way, a text file named like a picture, a PNG whose header claims 10
gigapixels, an encrypted and a broken PDF) and the downloads come from the scripted relay on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.chinese import chinese_sentence
from tests.helpers.images import make_bomb_png, make_corrupt_jpeg, make_photo, make_text_file
from tests.helpers.pdfs import make_pdf
from tests.helpers.relay import Reply, ScriptedRelay
from vision_desktop.core import i18n
from vision_desktop.core.errors import ImageError, ImageTooLargeError, UnsupportedImageError
from vision_desktop.images import download_image, prepare_image, prepare_source
from vision_desktop.images.limits import ImageLimits
from vision_desktop.images.pdf import page_count, prepare_pdf_page
from vision_desktop.images.picture import prepare_opened
from vision_desktop.images.sources import display_name, pdf_page_source
from vision_desktop.images.tiles import plan_tiles


def failure(source: str | Path, **kw: object) -> ImageError:
    with pytest.raises(ImageError) as info:
        prepare_image(source, **kw)  # type: ignore[arg-type]
    return info.value


# ------------------------------------------------------------------------------------------ files
def test_a_corrupt_photo_in_chinese_and_in_english(tmp_path: Path, chinese: None) -> None:
    path = make_corrupt_jpeg(tmp_path / "假期照片.jpg")
    error = failure(path)
    assert isinstance(error, UnsupportedImageError)
    assert chinese_sentence(error.message) == "“假期照片.jpg”已损坏或不完整，无法读取。"
    i18n.set_language("en")
    assert failure(path).message == '"假期照片.jpg" is damaged or incomplete and could not be read.'


def test_a_text_file_named_like_a_picture(tmp_path: Path, chinese: None) -> None:
    path = make_text_file(tmp_path / "notes.jpg")
    assert chinese_sentence(failure(path).message) == "“notes.jpg”是文本文件，而不是图片。"
    i18n.set_language("en")
    assert failure(path).message == '"notes.jpg" is a text file, not an image.'


def test_a_decompression_bomb_names_its_size(tmp_path: Path, chinese: None) -> None:
    path = make_bomb_png(tmp_path / "huge.png")
    error = failure(path)
    assert isinstance(error, ImageTooLargeError)
    assert chinese_sentence(error.message) == (
        "“huge.png”太大，无法处理：它声称有 100000×100000 像素（10,000 百万像素，上限为 250 百万像素）。"
    )
    i18n.set_language("en")
    assert failure(path).message == (
        '"huge.png" is too large to process: it claims 100000×100000 pixels (10,000 megapixels; the limit is 250).'
    )


def test_a_missing_file_and_a_folder(tmp_path: Path, chinese: None) -> None:
    assert (
        chinese_sentence(failure(tmp_path / "gone.png").message) == "找不到“gone.png”。请确认该文件仍然存在。"
    )
    folder = tmp_path / "scans.png"
    folder.mkdir()
    assert chinese_sentence(failure(folder).message) == "“scans.png”是一个文件夹，而不是图片文件。"
    i18n.set_language("en")
    assert failure(folder).message == '"scans.png" is a folder, not an image file.'


def test_the_notes_of_what_was_done_are_chinese(tmp_path: Path, chinese: None) -> None:
    path = make_photo(tmp_path / "phone.jpg", (1600, 1200))
    actions = prepare_image(path).actions
    assert "已按 EXIF 转正" in actions and "已删除位置信息" in actions and "已删除元数据" in actions
    assert all(chinese_sentence(a) for a in actions)
    i18n.set_language("en")
    actions = prepare_image(path).actions
    assert "rotated upright (EXIF)" in actions and "location data removed" in actions


def test_the_tiles_note_is_chinese(chinese: None) -> None:
    plan = plan_tiles(1200, 9000, ImageLimits())
    assert plan is not None
    note = chinese_sentence(plan.note())
    assert note.startswith(f"已从上到下切分成 {plan.count} 块") and "%" in note
    i18n.set_language("en")
    assert plan.note().startswith(f"split into {plan.count} tiles")


# -------------------------------------------------------------------------------------------- PDFs
def test_a_password_protected_pdf(tmp_path: Path, chinese: None) -> None:
    path = tmp_path / "工资单.pdf"
    path.write_bytes(make_pdf(2, user_password="secret"))
    with pytest.raises(UnsupportedImageError) as info:
        page_count(path)
    assert chinese_sentence(info.value.message) == (
        "“工资单.pdf”受密码保护；请打开它，打印为不带密码的新 PDF，再添加新文件。"
    )
    i18n.set_language("en")
    with pytest.raises(UnsupportedImageError) as info:
        page_count(path)
    assert info.value.message == (
        '"工资单.pdf" is protected by a password; open it, print it to a new PDF without a password, and add that.'
    )


def test_a_damaged_pdf_and_a_page_that_is_not_there(tmp_path: Path, chinese: None) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200)
    with pytest.raises(UnsupportedImageError) as damaged:
        page_count(broken)
    assert chinese_sentence(damaged.value.message).startswith(
        "“broken.pdf”已损坏或不完整，无法作为 PDF 读取。"
    )

    report = tmp_path / "report.pdf"
    report.write_bytes(make_pdf(2))
    with pytest.raises(ImageError) as info:
        prepare_pdf_page(report, 5, prepare=prepare_opened)
    assert chinese_sentence(info.value.message) == "“report.pdf”共有 2 页，没有第 5 页。"

    (page,) = prepare_pdf_page(report, 1, prepare=prepare_opened)
    assert page.actions[0] == "PDF 第 1 页（共 2 页）"
    assert display_name(pdf_page_source(str(report), 3)) == "report.pdf 第 3 页"

    i18n.set_language("en")
    with pytest.raises(ImageError) as info:
        prepare_pdf_page(report, 5, prepare=prepare_opened)
    assert info.value.message == '"report.pdf" has 2 pages, so there is no page 5.'
    assert prepare_pdf_page(report, 1, prepare=prepare_opened)[0].actions[0] == "page 1 of 2 of the PDF"
    assert display_name(pdf_page_source(str(report), 3)) == "report.pdf, page 3"


def test_an_empty_pdf(tmp_path: Path, chinese: None) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(UnsupportedImageError) as info:
        page_count(empty)
    assert chinese_sentence(info.value.message) == "“empty.pdf”是空文件（0 字节），里面没有任何页面。"


# --------------------------------------------------------------------------------------- downloads
@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:
        yield c


def fetch_error(url: str, client: httpx.Client, max_bytes: int = 1024 * 1024) -> ImageError:
    with pytest.raises(ImageError) as info:
        download_image(url, client, max_bytes)
    return info.value


def test_a_download_the_relay_refuses(relay: ScriptedRelay, client: httpx.Client, chinese: None) -> None:
    url = f"{relay.base_url}/files/chart.png"  # the relay answers 404 to anything it does not know
    assert chinese_sentence(fetch_error(url, client).message) == (
        "无法下载“chart.png”：服务器返回 404（Not Found）。请检查地址。"
    )
    relay.push(Reply(403, b"no", headers={"Content-Type": "text/plain"}, path="/chart.png"))
    assert (
        chinese_sentence(fetch_error(url, client).message)
        == "无法下载“chart.png”：服务器返回 403（Forbidden）。"
    )
    i18n.set_language("en")
    assert fetch_error(url, client).message == (
        '"chart.png" could not be downloaded: the server answered 404 (Not Found). Check the address.'
    )


def test_a_web_page_and_a_too_large_download(
    relay: ScriptedRelay, client: httpx.Client, chinese: None
) -> None:
    page = f"{relay.base_url}/gallery/photo.png"
    relay.push(Reply(200, "<html><body>a gallery</body></html>", path="/photo.png"))
    assert chinese_sentence(fetch_error(page, client).message) == (
        "“photo.png”的地址指向的是网页，而不是图片。请改为复制图片本身的地址。"
    )
    big = f"{relay.base_url}/big.png"
    relay.push(Reply(200, b"\x89PNG" + b"\0" * 4096, headers={"Content-Type": "image/png"}, path="/big.png"))
    error = fetch_error(big, client, max_bytes=2048)
    assert isinstance(error, ImageTooLargeError)
    assert chinese_sentence(error.message) == (
        "“big.png”超过了 2 KB，这是本应用下载的上限。请保存一份较小的副本，改为添加该文件。"
    )
    i18n.set_language("en")
    relay.push(Reply(200, "<html><body>a gallery</body></html>", path="/photo.png"))
    assert fetch_error(page, client).message == (
        'The address of "photo.png" leads to a web page, not an image. Copy the image\'s own address instead.'
    )


def test_an_insecure_address_is_refused_in_chinese(client: httpx.Client, chinese: None) -> None:
    with pytest.raises(ImageError) as info:
        prepare_source("http://example.com/cat.png", client=client)
    assert chinese_sentence(info.value.message).startswith("“cat.png”位于不安全的（http://）地址。")
