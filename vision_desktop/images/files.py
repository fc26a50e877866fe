"""Opening a file the person gave, with a plain sentence for each usual failure (missing, a folder, empty, not
allowed). Shared by the image pipeline and the PDF pages, for any path on any system."""

from __future__ import annotations

import os
import stat
from typing import IO

from vision_desktop.core.errors import ImageError, UnsupportedImageError
from vision_desktop.core.i18n import tr

__all__ = ["open_source_file"]


def open_source_file(source: str, name: str, *, pdf: bool = False) -> tuple[IO[bytes], int]:
    """``source`` opened for reading and its size. ``pdf``: the person gave a PDF document (a folder is then "not
    a PDF document", an empty file has "no pages")."""
    try:
        st = os.stat(source)
    except FileNotFoundError as exc:
        raise ImageError(
            tr("errors", '"{name}" could not be found. Check that the file still exists.').format(name=name),
            source=source,
            detail=str(exc),
        ) from None
    except OSError as exc:
        raise ImageError(_not_opened(name), source=source, detail=str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        if pdf:
            message = tr("errors", '"{name}" is a folder, not a PDF document.').format(name=name)
        else:
            message = tr("errors", '"{name}" is a folder, not an image file.').format(name=name)
        raise ImageError(message, source=source, detail="is a directory")
    if st.st_size == 0:
        if pdf:
            message = tr("errors", '"{name}" is empty (0 bytes), so there are no pages in it.').format(
                name=name
            )
        else:
            message = tr("errors", '"{name}" is empty (0 bytes), so there is no image in it.').format(
                name=name
            )
        raise UnsupportedImageError(message, source=source, detail="empty file")
    try:
        return open(source, "rb"), st.st_size
    except PermissionError as exc:
        raise ImageError(
            tr("errors", 'The app is not allowed to read "{name}". Check the file\'s permissions.').format(
                name=name
            ),
            source=source,
            detail=str(exc),
        ) from None
    except OSError as exc:
        raise ImageError(_not_opened(name), source=source, detail=str(exc)) from None


def _not_opened(name: str) -> str:
    return tr("errors", '"{name}" could not be opened.').format(name=name)
