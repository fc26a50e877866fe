"""Opening a file the person gave, with a plain sentence for each usual failure (missing, a folder, empty, not
allowed). Shared by the image pipeline and the PDF pages, for any path on any system."""

from __future__ import annotations

import os
import stat
from typing import IO

from vision_desktop.core.errors import ImageError, UnsupportedImageError

__all__ = ["open_source_file"]


def open_source_file(
    source: str, name: str, *, kind: str = "an image file", inside: str = "no image"
) -> tuple[IO[bytes], int]:
    """``source`` opened for reading and its size. ``kind`` names what a folder is not (``"a PDF document"``),
    ``inside`` what an empty file has none of (``"no pages"``)."""
    try:
        st = os.stat(source)
    except FileNotFoundError as exc:
        raise ImageError(
            f'"{name}" could not be found. Check that the file still exists.', source=source, detail=str(exc)
        ) from None
    except OSError as exc:
        raise ImageError(f'"{name}" could not be opened.', source=source, detail=str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise ImageError(f'"{name}" is a folder, not {kind}.', source=source, detail="is a directory")
    if st.st_size == 0:
        raise UnsupportedImageError(
            f'"{name}" is empty (0 bytes), so there is {inside} in it.', source=source, detail="empty file"
        )
    try:
        return open(source, "rb"), st.st_size
    except PermissionError as exc:
        raise ImageError(
            f'The app is not allowed to read "{name}". Check the file\'s permissions.',
            source=source,
            detail=str(exc),
        ) from None
    except OSError as exc:
        raise ImageError(f'"{name}" could not be opened.', source=source, detail=str(exc)) from None
