"""The Qt-free image pipeline: load, EXIF-rotate, convert, strip metadata, resize, tile, encode, estimate.

Images are prepared for the model they go to: pass its :class:`~vision_desktop.core.profiles.ModelProfile` as
``profile=`` (see the API at the top of :mod:`vision_desktop.images.pipeline`). Call these from a worker thread;
they block on disk, network and CPU. Every failure is an :class:`~vision_desktop.core.errors.ImageError` (or, for
downloads, a :class:`~vision_desktop.core.errors.NetworkError`) with a plain sentence naming the image.

The pipeline and the download (Pillow, httpx) are imported when first used, so that importing the limits (as the
history does) costs nothing at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vision_desktop.images.limits import (
    MAX_REQUEST_BYTES,
    MAX_REQUEST_IMAGES,
    ImageLimits,
    fit_within,
    resolve_limits,
)
from vision_desktop.images.sources import display_name, is_image_url

if TYPE_CHECKING:
    from vision_desktop.images.download import download_image
    from vision_desktop.images.pipeline import (
        prepare_image,
        prepare_image_bytes,
        prepare_image_bytes_tiles,
        prepare_source,
        prepare_source_tiles,
    )

__all__ = [
    "MAX_REQUEST_BYTES",
    "MAX_REQUEST_IMAGES",
    "ImageLimits",
    "display_name",
    "download_image",
    "fit_within",
    "is_image_url",
    "prepare_image",
    "prepare_image_bytes",
    "prepare_image_bytes_tiles",
    "prepare_source",
    "prepare_source_tiles",
    "resolve_limits",
]

_LAZY = {
    "download_image": "download",
    "prepare_image": "pipeline",
    "prepare_image_bytes": "pipeline",
    "prepare_image_bytes_tiles": "pipeline",
    "prepare_source": "pipeline",
    "prepare_source_tiles": "pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
