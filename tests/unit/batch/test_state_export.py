"""The batch's saved state (rows written one by one, read back after reopening, failed rows tried again, cells
fixed by hand) and the flight check's estimate."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from vision_desktop.batch.estimate import estimate_batch
from vision_desktop.batch.export import neutralise
from vision_desktop.batch.spec import BatchSpec, parse_fields
from vision_desktop.batch.state import BatchRow, BatchState, state_path_for
from vision_desktop.core.errors import ConfigError
from vision_desktop.core.models import ChatOptions
from vision_desktop.core.profiles import Price, profile_for

SPEC = BatchSpec(
    ("a.png", "b.png", "r.pdf#page=1"),
    "Read it",
    parse_fields("total:number,date:date"),
    ChatOptions(model="gpt-4o", temperature=None, stop=("END",)),
    system="Be brief.",
    concurrency=3,
)


def test_rows_saved_one_by_one_are_there_after_reopening(tmp_path: Path) -> None:
    path = state_path_for(tmp_path / "results.csv")
    assert path.name == "results.csv.batch.sqlite"
    with BatchState.create(path, SPEC) as state:
        state.save(
            BatchRow(1, "b.png", "done", "{}", {"total": 12.5, "date": None}, "", 1200, 40, 0.0034, 1.5)
        )
        state.save(BatchRow(2, "r.pdf#page=1", "failed", error="The relay is busy."))
    with pytest.raises(ConfigError, match="already exists"):
        BatchState.create(path, SPEC)
    with BatchState.open(path) as state:
        assert state.spec() == SPEC
        rows = state.rows()
        assert [(r.index, r.status) for r in rows] == [(0, "pending"), (1, "done"), (2, "failed")]
        assert rows[1].values == {"total": 12.5, "date": None} and rows[1].cost == 0.0034
        assert state.differences(SPEC) == []
        other = BatchSpec(SPEC.sources, "Another question", (), ChatOptions(model="claude-opus-4-7"))
        assert state.differences(other) == ["a different question", "different fields", "a different model"]
        assert state.reset_failed() == 1
        assert state.counts() == {"pending": 2, "done": 1, "failed": 0}
        fixed = state.set_value(1, "total", 13)
        assert fixed.values == {"total": 13, "date": None} and fixed.edited
        assert state.row(1).edited


def test_a_file_that_is_not_a_batch_is_refused_plainly(tmp_path: Path) -> None:
    bogus = tmp_path / "x.csv.batch.sqlite"
    bogus.write_bytes(b"hello, not a database" * 100)
    with pytest.raises(ConfigError, match="is not a batch this app can continue"):
        BatchState.open(bogus)
    with pytest.raises(ConfigError, match="No saved batch was found"):
        BatchState.open(tmp_path / "missing.sqlite")


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1 555", "'+1 555"),
        ("-5 apples", "'-5 apples"),
        ("@cmd", "'@cmd"),
        ("-12.5", "-12.5"),
        ("plain", "plain"),
    ],
)
def test_formula_like_text_is_neutralised(text: str, safe: str) -> None:
    assert neutralise(text) == safe


def test_the_estimate_counts_each_image_as_the_model_gets_it_and_warns_about_the_budget(
    tmp_path: Path,
) -> None:
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (4000, 3000), "gray").save(photo)
    spec = BatchSpec(
        (str(photo),) * 10, "What is this?", options=ChatOptions(model="claude-sonnet-4-20250514")
    )
    estimate = estimate_batch(spec, profile_for(spec.options.model), Price(3.0, 15.0))
    per_image = estimate.prompt_tokens / 10
    assert 1500 < per_image < 1700  # ~1.15 MP: about 1,568 tokens and the question
    assert estimate.cost == pytest.approx(estimate.prompt_tokens * 3 / 1e6)
    assert estimate.text().startswith("10 rows · about 1")
    assert estimate.budget is None

    warned = estimate_batch(
        spec, profile_for(spec.options.model), Price(3000.0, 15.0), spent_this_month=9.0, monthly_budget=10.0
    )
    assert warned.budget is not None and warned.budget.kind == "over_budget"
