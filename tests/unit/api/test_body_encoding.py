"""The request body is spliced together without serialising the pictures, and is exactly what json.dumps makes.

One ``json.dumps`` over megabytes of base64 holds the interpreter lock long enough to stall the window; the
client serialises the small rest and splices the data URLs in. The relay must not see a single byte of difference.
"""

from __future__ import annotations

import base64
import json
import random
import types
from typing import Any

import pytest

from vision_desktop.api import client as client_module
from vision_desktop.api.client import encode_json_body


def _data_url(seed: int, size: int, mime: str = "image/jpeg") -> str:
    data = random.Random(seed).randbytes(size)
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def _image(url: str) -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": url, "detail": "auto"}}


def _body(
    *urls: str, text: str = 'Was steht auf diesen Bildern? ünïcödé 日本語 «quoted» "x"\n\t\\ 🙂'
) -> dict[str, Any]:
    return {
        "model": "claude-sonnet-4-20250514",
        "messages": [
            {"role": "system", "content": "Réponds en français."},
            {
                "role": "user",
                "content": [
                    *(part for url in urls for part in ({"type": "text", "text": "Teil 1/2 →"}, _image(url))),
                    {"type": "text", "text": text},
                ],
            },
            {"role": "assistant", "content": "Ich sehe ein Foto."},
            {"role": "user", "content": [_image(urls[0]), {"type": "text", "text": "Und hier?"}]},
        ],
        "max_tokens": 1024,
        "temperature": 0.2,
        "stop": ["\u2028", "END"],
        "stream": True,
        "stream_options": {"include_usage": True},
    }


def _reference(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def test_a_body_with_several_pictures_and_non_ascii_text_is_byte_identical() -> None:
    urls = [
        _data_url(1, 700_000),
        _data_url(2, 300_001, "image/png"),
        _data_url(3, 5_000, "image/webp"),
        _data_url(4, 10, "image/gif"),  # too short to bother splicing
        _data_url(5, 1_000_000, "image/svg+xml"),
    ]
    body = _body(*urls)
    assert encode_json_body(body) == _reference(body)


def test_the_pictures_never_go_through_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    longest: list[int] = []

    def dumps(value: Any, **kwargs: Any) -> str:
        text = json.dumps(value, **kwargs)
        longest.append(len(text))
        return text

    monkeypatch.setattr(client_module, "json", types.SimpleNamespace(dumps=dumps))
    body = _body(_data_url(1, 1_000_000), _data_url(2, 1_000_000))
    assert encode_json_body(body) == _reference(body)
    assert max(longest) < 5_000  # only the small rest was serialised in one go


@pytest.mark.parametrize(
    "odd",
    [
        "data:image/jpeg;base64," + "A" * 2000 + "\n",  # JSON escapes the newline
        "data:image/jpeg;base64," + "A" * 2000 + '"',
        "data:image/jpeg;base64," + "A" * 2000 + "\\",
        "data:image/jpeg;base64," + "A" * 2000 + "é",
        "data:image/jpeg;base64," + "A" * 2000 + "\u2028",
        "data:Image/JPEG;base64," + "A" * 2000,  # not the shape we splice
        "data:text/plain," + "a b" * 1000,  # not base64
        "data:image/jpeg;base64," + "A" * 300_000 + "<" + "A" * 10,  # wrong only in a later slice
    ],
)
def test_anything_else_that_looks_like_a_data_url_is_still_exact(odd: str) -> None:
    body = _body(_data_url(1, 20_000), odd)
    assert encode_json_body(body) == _reference(body)


def test_text_that_happens_to_look_like_a_placeholder_is_left_alone() -> None:
    body = _body(_data_url(1, 20_000), text="vd-splice-0123456789abcdef-0")
    body["messages"].append({"role": "user", "content": 'vd-splice-"-0" "vd-splice-'})
    assert encode_json_body(body) == _reference(body)


@pytest.mark.parametrize(
    "body", [{}, [], "x", 3, None, {"a": ("tuple", _data_url(1, 5000))}, [[_data_url(1, 5000)] * 3]]
)
def test_other_shapes(body: Any) -> None:
    assert encode_json_body(body) == _reference(body)
