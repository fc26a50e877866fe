"""Checking that a sentence made below the window reached the person in Chinese."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")
"""Three English words in a row: what is left of an untranslated sentence."""


def chinese_sentence(text: str) -> str:
    """``text``, after asserting it has Chinese characters and no run of English words."""
    assert CJK.search(text), text
    assert not ENGLISH_RUN.search(text), text
    return text
