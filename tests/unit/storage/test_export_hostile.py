"""The HTML export of an answer that attacks: nothing in the page runs, loads or links anywhere.

``test_export.py`` covers scripts, an ``onerror`` handler and a ``javascript:`` link; this adds what it lacked:
``file:`` and remote images written as Markdown and as raw HTML, and the other ways a page loads or runs
something (handlers on any tag, iframes, stylesheets, ``data:`` and ``file:`` links), checked tag by tag.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers.factories import tiny_attachment
from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.export import export_html, markdown_to_html
from vision_desktop.storage.history import HistoryStore
from vision_desktop.storage.paths import app_paths

HOSTILE = """Here you go.

![hostname](file:///etc/hostname) ![zero](file:///dev/zero) ![pixel](https://tracker.example/p.png?u=1)
![ref][img]

<img src="http://tracker.example/raw.png"> <img src=x onerror="alert(1)"> <svg onload="alert(2)"></svg>
<iframe src="https://evil.example/"></iframe> <object data="file:///etc/passwd"></object>
<link rel="stylesheet" href="https://evil.example/s.css"> <style>@import url("https://evil.example/i.css");</style>
<a href="file:///usr/bin/xterm" onclick="run()">run</a> [click](file:///etc/passwd) [js](javascript:alert(3))
[data](data:text/html,<script>alert(4)</script>) <https://autolink.example/> <body onload="alert(5)">
<div style="background:url(https://evil.example/bg.png)">styled</div> <meta http-equiv="refresh" content="0;url=https://evil.example/">

[img]: https://tracker.example/ref.png
"""
LOADING_TAGS = {"script", "iframe", "object", "embed", "link", "svg", "base", "form", "frame", "a"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.css: list[str] = []  # what is inside <style> (the export's own style sheet)
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.css if self._in_style else self.text).append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    return tags


def assert_inert(tags: Tags, *, images_allowed: int = 0) -> None:
    images = [attrs for tag, attrs in tags.tags if tag == "img"]
    assert len(images) == images_allowed
    for attrs in images:  # only the user's own pictures, embedded
        assert (attrs.get("src") or "").startswith("data:image/png;base64,")
    assert sum(1 for tag, _attrs in tags.tags if tag == "style") <= 1  # the page's own, in its head
    css = "".join(tags.css).lower()
    assert "@import" not in css and "url(" not in css and "evil" not in css
    for tag, attrs in tags.tags:
        assert tag not in LOADING_TAGS, tag
        if tag == "meta":
            assert "http-equiv" not in attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("href", "src", "data", "action", "srcset", "background") or (
                tag == "img" and name == "src"
            ), (tag, name)
            lowered = (value or "").lower()
            for bad in ("file:", "javascript:", "http:", "https:", "url("):
                assert bad not in lowered, (tag, name, value)


def test_markdown_subset_turns_a_hostile_answer_into_inert_text() -> None:
    tags = parse(markdown_to_html(HOSTILE))
    assert_inert(tags)
    text = "".join(tags.text)
    assert "hostname" in text and "click" in text  # shown as text, not loaded or linked


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open(app_paths()) as s:
        yield s


def test_html_export_of_a_hostile_conversation_loads_and_runs_nothing(
    store: HistoryStore, tmp_path: Path
) -> None:
    cid = store.create_conversation(system_prompt='<img src="file:///etc/hostname">')
    photo = tiny_attachment("red", (12, 8), "photo.png")
    tid = store.start_turn(cid, Message("user", HOSTILE, (photo,)), ChatOptions(), "anyfast")
    store.finish_turn(tid, ChatResult("c1", "m", HOSTILE, "stop", Usage(1, 2, 3), 1.0), "complete")
    tid = store.start_turn(cid, Message("user", "again"), ChatOptions(), "anyfast")
    store.append_partial(tid, HOSTILE)
    store.finish_turn(tid, None, "stopped")
    path = export_html(store.load_conversation(cid), tmp_path / "hostile.html")
    tags = parse(path.read_text(encoding="utf-8"))
    assert_inert(tags, images_allowed=1)  # the user's photo, and nothing the model asked for
    assert "run" in "".join(tags.text)
