"""The model profile table: which family a model falls in, how big its images are sent, what they cost."""

from __future__ import annotations

import pytest

from vision_desktop.core.profiles import DEFAULT_PROFILE, default_price_for, profile_by_key, profile_for
from vision_desktop.storage.settings import Settings, SettingsStore


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("claude-sonnet-4-20250514", "claude"),
        ("claude-opus-4-7", "claude-large"),
        ("gpt-4o-2024-08-06", "openai-tiles"),
        ("gpt-4o-mini", "openai-tiles-mini"),
        ("GPT-4.1", "openai-tiles"),
        ("o3", "openai-reasoning-tiles"),
        ("gpt-5.4", "openai-patches"),
        ("qwen-vl-max", "claude"),
    ],
)
def test_models_fall_in_their_family_and_unknown_ones_in_the_conservative_default(
    model: str, key: str
) -> None:
    assert profile_for(model).key == key


def test_a_persons_choice_wins_for_a_model_the_table_does_not_know() -> None:
    assert profile_for("my-relay-vision", {"my-relay-vision": "openai-tiles"}).key == "openai-tiles"
    assert profile_for("my-relay-vision", {"my-relay-vision": "no-such-profile"}) is DEFAULT_PROFILE


def test_claude_images_fit_the_1568_token_budget_and_count_28px_squares() -> None:
    claude = profile_for("claude-sonnet-4-20250514")
    w, h = claude.fit(4000, 3000)
    assert max(w, h) <= 1568 and claude.units(w, h) <= 1568
    assert claude.image_tokens(1092, 1092) == 39 * 39
    assert claude.fit(800, 600) == (800, 600)  # never enlarged


def test_opus_4_7_reads_about_three_times_the_pixels() -> None:
    small = profile_for("claude-sonnet-4-20250514").fit(4000, 3000)
    large = profile_for("claude-opus-4-7").fit(4000, 3000)
    assert large[0] * large[1] > 2.9 * small[0] * small[1]
    assert max(large) <= 2576 and profile_for("claude-opus-4-7").units(*large) <= 4784


def test_tile_models_shrink_the_short_side_to_768_and_count_tiles() -> None:
    gpt4o = profile_by_key("openai-tiles")
    assert gpt4o is not None
    assert gpt4o.fit(4000, 3000) == (1024, 768)
    assert gpt4o.image_tokens(1024, 768) == 85 + 170 * 4


def test_more_than_20_images_cap_each_at_2000_px() -> None:
    large = profile_for("claude-opus-4-7")
    assert max(large.fit(3000, 400, images_in_request=21)) <= 2000
    assert max(large.fit(3000, 400, images_in_request=20)) > 2000


def test_reasoning_models_take_max_completion_tokens_and_no_temperature() -> None:
    o3 = profile_for("o3")
    assert o3.max_tokens_param == "max_completion_tokens" and not o3.accepts_temperature
    assert profile_for("claude-sonnet-4-20250514").max_tokens_param == "max_tokens"


def test_prices_come_from_the_list_unless_the_person_set_their_own(tmp_path) -> None:
    listed = default_price_for("claude-sonnet-4-20250514")
    assert listed is not None and listed.cost(1_000_000, 0) == pytest.approx(3.0)
    settings = Settings(prices={"claude-sonnet-4-20250514": (21.0, 105.0)}, currency="CNY")
    store = SettingsStore(tmp_path / "settings.json")
    store.save(settings)
    loaded = store.load()
    price = loaded.price_for("claude-sonnet-4-20250514")
    assert price is not None and (price.input_per_million, price.currency) == (21.0, "CNY")
    assert loaded.price_for("gpt-4o") is None  # list prices are in USD: not mixed into a CNY ledger
