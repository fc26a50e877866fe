from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import platformdirs
import pytest

from vision_desktop.storage.paths import AppPaths, app_paths


def test_home_override_puts_everything_under_one_folder(tmp_path: Path) -> None:
    paths = app_paths({"VISION_DESKTOP_HOME": str(tmp_path)})
    assert paths == AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "cache", tmp_path / "logs")
    assert paths.settings_file == tmp_path / "config" / "settings.json"
    assert paths.log_file == tmp_path / "logs" / "vision-desktop.log"


def test_default_env_is_the_process_environment(vd_home: Path) -> None:
    assert app_paths().config_dir == vd_home / "config"


def test_without_home_uses_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VISION_DESKTOP_HOME", raising=False)
    for var, sub in (("XDG_CONFIG_HOME", "xc"), ("XDG_DATA_HOME", "xd"), ("XDG_CACHE_HOME", "xk")):
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xs"))
    paths = app_paths({})
    assert paths.config_dir == Path(platformdirs.user_config_dir("vision-desktop", appauthor=False))
    assert paths.data_dir == Path(platformdirs.user_data_dir("vision-desktop", appauthor=False))
    assert paths.cache_dir == Path(platformdirs.user_cache_dir("vision-desktop", appauthor=False))
    assert paths.log_dir == Path(platformdirs.user_log_dir("vision-desktop", appauthor=False))
    for directory in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir):
        assert "vision-desktop" in directory.parts
    if sys.platform.startswith("linux"):
        assert paths.config_dir == tmp_path / "xc" / "vision-desktop"
        assert paths.data_dir == tmp_path / "xd" / "vision-desktop"
        assert paths.cache_dir == tmp_path / "xk" / "vision-desktop"


def test_empty_home_variable_is_ignored() -> None:
    assert app_paths({"VISION_DESKTOP_HOME": "  "}) == app_paths({})


def test_nothing_is_created_until_ensure(tmp_path: Path) -> None:
    paths = app_paths({"VISION_DESKTOP_HOME": str(tmp_path / "home")})
    assert not (tmp_path / "home").exists()
    assert paths.ensure() is paths
    for directory in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir):
        assert directory.is_dir()
    paths.ensure()  # again: no error


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_config_folder_is_private(tmp_path: Path) -> None:
    paths = app_paths({"VISION_DESKTOP_HOME": str(tmp_path)})
    paths.config_dir.mkdir(mode=0o755)
    os.chmod(paths.config_dir, 0o755)
    paths.ensure()
    assert stat.S_IMODE(paths.config_dir.stat().st_mode) == 0o700
