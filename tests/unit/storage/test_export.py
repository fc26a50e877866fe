"""Exports: Markdown with an images folder, one HTML file with embedded images, JSON, a zip of everything."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers.factories import tiny_attachment
from tests.helpers.relay import ScriptedRelay
from vision_desktop.core.models import ChatOptions, ChatRequest, ChatResult, Message, Usage
from vision_desktop.storage.export import (
    JSON_FORMAT,
    export_all_zip,
    export_html,
    export_json,
    export_markdown,
    markdown_to_html,
)
from vision_desktop.storage.history import HistoryStore, StoredConversation
from vision_desktop.storage.paths import app_paths

KEY = "sk-export-secret-0123456789abcdef"
ANSWER = """# Receipt

The total is **12.50 EUR**, paid *by card*.

- milk 1.20
- bread 2.30

```python
print("<b>not bold</b>")
```

<script>alert('x')</script> and [a link](javascript:alert(1)) and `x < y`"""


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open(app_paths()) as s:
        yield s


@pytest.fixture
def stored(store: HistoryStore) -> StoredConversation:
    red, blue = (
        tiny_attachment("red", (30, 20), "receipt.png"),
        tiny_attachment("blue", (10, 10), "shelf.png"),
    )
    cid = store.create_conversation(system_prompt="Answer in English.")
    tid = store.start_turn(
        cid, Message("user", "What is the total? <b>&</b>", (red, blue)), ChatOptions(), "anyfast"
    )
    store.finish_turn(
        tid, ChatResult("c1", "claude-x", ANSWER, "stop", Usage(1600, 40, 1640), 2.5), "complete"
    )
    tid = store.start_turn(
        cid, Message("user", "And the date?", (red,)), ChatOptions(temperature=0.3), "anyfast"
    )
    store.append_partial(tid, "It says 3 Ma")
    store.finish_turn(tid, None, "stopped")
    return store.load_conversation(cid)


class Page(HTMLParser):
    """Collects what the test checks, and fails on tags left open."""

    VOID = frozenset({"meta", "img", "br", "link", "hr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "a":
            raise AssertionError("no links in an export")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_markdown_export_writes_images_beside_it(stored: StoredConversation, tmp_path: Path) -> None:
    path = export_markdown(stored, tmp_path / "out")
    assert path == tmp_path / "out" / "conversation.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# What is the total? <b>&</b>\n")
    assert "Answer in English." in text and "**12.50 EUR**" in text and "It says 3 Ma" in text
    assert "stopped" in text and "1,640 tokens" in text
    refs = [line[line.index("](") + 2 : -1] for line in text.splitlines() if line.startswith("![")]
    assert len(refs) == 3 and len(set(refs)) == 2  # the same image twice, one file
    for ref in refs:
        assert ref.startswith("images/") and (path.parent / ref).is_file()
    for turn in stored.turns:
        for image in turn.images:
            assert (
                path.parent / "images" / f"{image.sha256[:16]}.png"
            ).read_bytes() == image.path.read_bytes()


def test_html_export_is_one_file_that_parses_with_the_images_embedded(
    stored: StoredConversation, tmp_path: Path
) -> None:
    path = export_html(stored, tmp_path / "c.html")
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    assert page.stack == []
    assert page.scripts == 0  # the answer's <script> is text, not markup
    text = "".join(page.text)
    assert "<script>alert('x')</script>" in text and "What is the total? <b>&</b>" in text
    assert "<b>not bold</b>" in text
    assert len(page.images) == 3
    expected = [i.sha256 for t in stored.turns for i in t.images]
    for attrs, sha in zip(page.images, expected, strict=True):
        src = attrs["src"] or ""
        assert src.startswith("data:image/png;base64,")
        assert hashlib.sha256(base64.b64decode(src.split(",", 1)[1])).hexdigest() == sha
        assert attrs["alt"] in ("receipt.png", "shelf.png")
    html = path.read_text(encoding="utf-8")
    assert "<strong>12.50 EUR</strong>" in html and "<em>by card</em>" in html
    assert "<li>milk 1.20</li>" in html and "<h3>Receipt</h3>" in html
    assert "<code>x &lt; y</code>" in html
    assert 'src="http' not in html and "href" not in html


def test_markdown_subset_escapes_everything() -> None:
    out = markdown_to_html('**<img src=x onerror=alert(1)>** "quoted" 1. two')
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert markdown_to_html("1. one\n2. two") == "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"
    assert markdown_to_html("```\nunclosed <fence>") == "<pre><code>unclosed &lt;fence&gt;</code></pre>"
    assert markdown_to_html("a\nb\n\nc") == "<p>a<br>\nb</p>\n<p>c</p>"


def test_json_export_has_meta_turns_usage_and_images_by_hash(
    stored: StoredConversation, tmp_path: Path
) -> None:
    data = json.loads(export_json(stored, tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["format"] == JSON_FORMAT and data["version"] == 1
    meta = data["conversation"]
    assert meta["id"] == stored.id and meta["system_prompt"] == "Answer in English."
    assert meta["usage"] == {
        "prompt_tokens": 1600,
        "completion_tokens": 40,
        "total_tokens": 1640,
        "reported": True,
    }
    first, second = data["turns"]
    assert first["status"] == "complete" and first["answer"] == ANSWER and first["finish_reason"] == "stop"
    assert first["provider"] == "anyfast" and first["model"] == "claude-x"
    assert first["usage"]["total_tokens"] == 1640 and first["elapsed"] == 2.5
    assert [i["name"] for i in first["images"]] == ["receipt.png", "shelf.png"]
    assert all("data_url" not in i and len(i["sha256"]) == 64 for i in first["images"])
    assert second["status"] == "stopped" and second["answer"] == "It says 3 Ma"
    assert second["options"]["temperature"] == 0.3
    full = json.loads(export_json(stored, tmp_path / "full.json", include_images=True).read_text())
    assert full["turns"][0]["images"][0]["data_url"].startswith("data:image/png;base64,")


def test_zip_has_every_conversation_with_its_images(
    store: HistoryStore, stored: StoredConversation, tmp_path: Path
) -> None:
    other = store.create_conversation()
    store.finish_turn(
        store.start_turn(other, Message("user", "second one"), ChatOptions()), None, "failed", "no"
    )
    deleted = store.create_conversation()
    store.delete(deleted)
    path = export_all_zip(store, tmp_path / "all.zip")
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        index = json.loads(zf.read("index.json"))
        assert [c["id"] for c in index["conversations"]] == [other, stored.id]
        folder = next(c["folder"] for c in index["conversations"] if c["id"] == stored.id)
        assert f"{folder}/conversation.md" in names and f"{folder}/conversation.json" in names
        assert sum(n.startswith(f"{folder}/images/") for n in names) == 2
        assert json.loads(zf.read(f"{folder}/conversation.json"))["conversation"]["id"] == stored.id
    assert not list(tmp_path.glob(".*.tmp"))


def test_no_export_contains_the_key_used_for_the_requests(
    store: HistoryStore, relay: ScriptedRelay, tmp_path: Path
) -> None:
    from vision_desktop.api.client import ChatClient

    question = Message("user", "What is in the picture?", (tiny_attachment(),))
    options = ChatOptions(model="claude-x")
    cid = store.create_conversation()
    tid = store.start_turn(cid, question, options, "custom")
    with ChatClient(relay.base_url, KEY) as client:
        result = client.chat(ChatRequest((question,), options))
    store.finish_turn(tid, result, "complete")
    assert relay.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"
    stored = store.load_conversation(cid)
    outputs = [
        export_markdown(stored, tmp_path / "md"),
        export_html(stored, tmp_path / "c.html"),
        export_json(stored, tmp_path / "c.json", include_images=True),
        export_all_zip(store, tmp_path / "all.zip"),
    ]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) >= len(outputs)
    for file in files:
        if file.suffix == ".zip":  # its members, uncompressed (deflated bytes are noise)
            with zipfile.ZipFile(file) as zf:
                assert all(b"sk-" not in zf.read(n) for n in zf.namelist())
        else:
            assert b"sk-" not in file.read_bytes(), file
    for db_file in store.db_path.parent.glob("history.sqlite3*"):
        assert KEY.encode() not in db_file.read_bytes()
