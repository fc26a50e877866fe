"""ImageLimits and the size arithmetic."""

from __future__ import annotations

import dataclasses

import pytest

from vision_desktop.images import ImageLimits, fit_within


def test_defaults_follow_the_documented_limits() -> None:
    limits = ImageLimits()
    assert limits.max_edge == 1568
    assert limits.max_pixels == 1_150_000
    assert limits.max_base64_chars == 5_242_880
    assert limits.max_source_pixels >= 108_000_000  # a 108 MP phone photo must work
    assert limits.jpeg_quality >= 85


def test_limits_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ImageLimits().max_edge = 10  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_edge": 0},
        {"max_pixels": -1},
        {"max_base64_chars": 0},
        {"jpeg_quality": 0},
        {"jpeg_quality": 101},
    ],
)
def test_nonsense_limits_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        ImageLimits(**kwargs)


def test_shrunk_asks_for_less_of_everything_that_costs_upload() -> None:
    limits = ImageLimits()
    smaller = limits.shrunk()
    assert smaller.max_edge == int(1568 * 0.7)
    assert smaller.max_pixels < limits.max_pixels * 0.5
    assert smaller.max_base64_chars < limits.max_base64_chars * 0.5
    assert smaller.max_source_pixels == limits.max_source_pixels  # what we accept does not change
    assert smaller.jpeg_quality == limits.jpeg_quality


def test_shrunk_repeatedly_stops_at_a_useful_floor() -> None:
    limits = ImageLimits()
    for _ in range(30):
        limits = limits.shrunk(0.5)
    assert limits.max_edge == 200
    assert limits.max_pixels == 40_000
    assert limits.max_base64_chars == 32 * 1024


@pytest.mark.parametrize("factor", [0.0, 1.0, 1.5, -0.3])
def test_shrunk_needs_a_factor_below_one(factor: float) -> None:
    with pytest.raises(ValueError):
        ImageLimits().shrunk(factor)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((4000, 3000), (1238, 928)),  # the pixel budget binds
        ((3000, 4000), (928, 1238)),
        ((1200, 9000), (209, 1568)),  # the long edge binds
        ((1568, 100), (1568, 100)),  # already within: untouched
        ((640, 480), (640, 480)),  # never enlarged
        ((100_000, 10), (1568, 1)),  # never zero
        ((1092, 1092), (1072, 1072)),
    ],
)
def test_fit_within(size: tuple[int, int], expected: tuple[int, int]) -> None:
    got = fit_within(*size, 1568, 1_150_000)
    assert got == expected
    assert max(got) <= 1568 and got[0] * got[1] <= 1_150_000


@pytest.mark.parametrize("size", [(1001, 999), (4032, 3024), (12000, 9000), (1, 50_000), (7, 3)])
def test_fit_within_keeps_the_aspect_ratio(size: tuple[int, int]) -> None:
    w, h = fit_within(*size, 1000, 300_000)
    assert w * h <= 300_000 and max(w, h) <= 1000
    if (w, h) != size and min(w, h) > 1:  # one pixel wide cannot keep a 1:50000 ratio
        assert abs(w / h - size[0] / size[1]) <= size[0] / size[1] / min(w, h) + 1e-9
