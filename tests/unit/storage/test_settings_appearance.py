"""The appearance and text size settings: defaults, validation, and a hand-edited file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from vision_desktop.core.errors import ConfigError
from vision_desktop.storage.settings import APPEARANCES, TEXT_SCALE, Settings, SettingsStore


def test_defaults_follow_the_system() -> None:
    s = Settings()
    assert (s.appearance, s.text_scale) == ("system", 100)
    assert APPEARANCES == ("system", "light", "dark")
    assert (TEXT_SCALE.minimum, TEXT_SCALE.maximum) == (50, 300) and 100 in TEXT_SCALE


def test_validated_cleans_and_clamps() -> None:
    s = replace(Settings(), appearance=" Dark ", text_scale=1000).validated()
    assert (s.appearance, s.text_scale) == ("dark", 300)
    with pytest.raises(ConfigError, match="appearance"):
        replace(Settings(), appearance="purple").validated()
    with pytest.raises(ConfigError, match="text size"):
        replace(Settings(), text_scale=20).validated(clamp=False)


def test_round_trip_and_bad_values_in_a_hand_edited_file(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(replace(Settings(), appearance="light", text_scale=125))
    assert store.load() == replace(Settings(), appearance="light", text_scale=125)
    store.path.write_text(json.dumps({"appearance": "neon", "text_scale": "big", "model": "m"}))
    loaded = store.load()
    assert (loaded.appearance, loaded.text_scale, loaded.model) == ("system", 100, "m")
    store.path.write_text(json.dumps({"text_scale": 5}))
    assert store.load().text_scale == 50
