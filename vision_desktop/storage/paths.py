"""Where Vision Desktop keeps its files.

The folders come from platformdirs (``~/.config/vision-desktop`` and friends on Linux, ``%APPDATA%`` on
Windows, ``~/Library/...`` on macOS). When ``VISION_DESKTOP_HOME`` is set, everything lives under that one
folder instead (``config/``, ``data/``, ``cache/``, ``logs/``): tests, portable installs and side-by-side
profiles use it.

No secret is ever stored in any of these folders: keys live in the system keyring (see ``secrets.py``).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from vision_desktop.core.errors import HomeFolderError
from vision_desktop.core.i18n import tr

__all__ = ["APP_NAME", "HOME_ENV", "AppPaths", "HomeFolderError", "app_paths"]

APP_NAME = "vision-desktop"
HOME_ENV = "VISION_DESKTOP_HOME"

_PRIVATE_DIR_MODE = 0o700


def _folder_error(directory: Path, exc: OSError, *, from_env: bool) -> HomeFolderError:
    blocker = next((p for p in (directory, *directory.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        if from_env:
            message = tr(
                "errors",
                "Vision Desktop cannot create its folder {folder} ({blocker} is a file, not a folder); "
                "set {variable} to a folder you can write to.",
            )
        else:
            message = tr(
                "errors",
                "Vision Desktop cannot create its folder {folder} ({blocker} is a file, not a folder).",
            )
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        if from_env:
            message = tr(
                "errors",
                "Vision Desktop cannot create its folder {folder} (that place cannot be written to); "
                "set {variable} to a folder you can write to.",
            )
        else:
            message = tr(
                "errors",
                "Vision Desktop cannot create its folder {folder} (that place cannot be written to).",
            )
    elif exc.errno == errno.ENOSPC:
        if from_env:
            message = tr(
                "errors",
                "Vision Desktop cannot create its folder {folder} (the disk is full); "
                "set {variable} to a folder you can write to.",
            )
        else:
            message = tr("errors", "Vision Desktop cannot create its folder {folder} (the disk is full).")
    elif from_env:
        message = tr(
            "errors",
            "Vision Desktop cannot create its folder {folder} ({reason}); set {variable} to a folder you can write to.",
        )
    else:
        message = tr("errors", "Vision Desktop cannot create its folder {folder} ({reason}).")
    return HomeFolderError(
        message.format(
            folder=directory, blocker=blocker, variable=HOME_ENV, reason=exc.strerror or type(exc).__name__
        ),
        detail=f"{type(exc).__name__}: {exc}",
    )


@dataclass(frozen=True)
class AppPaths:
    """The app's folders. Nothing is created until :meth:`ensure` is called."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path
    from_env: bool = field(default=False, compare=False)
    """Whether the folders come from ``VISION_DESKTOP_HOME`` (an error then says to change it)."""

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "vision-desktop.log"

    def ensure(self) -> AppPaths:
        """Create the folders (the config folder readable by the user only, on POSIX) and return ``self``.

        Raises :class:`HomeFolderError` (one plain sentence) when a folder cannot be created.
        """
        for directory in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir):
            try:
                directory.mkdir(parents=True, exist_ok=True, mode=_PRIVATE_DIR_MODE)
            except OSError as exc:
                raise _folder_error(directory, exc, from_env=self.from_env) from exc
        if os.name == "posix":
            # mkdir's mode is filtered by the umask and ignored for an existing folder: set it explicitly.
            try:
                os.chmod(self.config_dir, _PRIVATE_DIR_MODE)
            except OSError as exc:
                raise _folder_error(self.config_dir, exc, from_env=self.from_env) from exc
        return self


def app_paths(env: Mapping[str, str] = os.environ) -> AppPaths:
    """The folders to use, honouring ``VISION_DESKTOP_HOME`` when it is set (and not empty)."""
    home = env.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().absolute()
        return AppPaths(
            config_dir=root / "config",
            data_dir=root / "data",
            cache_dir=root / "cache",
            log_dir=root / "logs",
            from_env=True,
        )
    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
