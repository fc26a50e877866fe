"""Fixtures of the unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vision_desktop.core import i18n


@pytest.fixture
def chinese() -> Iterator[None]:
    """The Qt-free layers speak Simplified Chinese for this test (English again after it)."""
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")
