"""The Qt-free image pipeline: load, EXIF-rotate, convert, strip metadata, resize, encode, estimate.

Call these from a worker thread; they block on disk, network and CPU. Every failure is an
:class:`~vision_desktop.core.errors.ImageError` (or, for downloads, a
:class:`~vision_desktop.core.errors.NetworkError`) with a plain sentence naming the image.
"""

from __future__ import annotations

from vision_desktop.images.download import download_image
from vision_desktop.images.limits import ImageLimits
from vision_desktop.images.pipeline import fit_within, prepare_image, prepare_image_bytes, prepare_source
from vision_desktop.images.sources import display_name, is_image_url

__all__ = [
    "ImageLimits",
    "display_name",
    "download_image",
    "fit_within",
    "is_image_url",
    "prepare_image",
    "prepare_image_bytes",
    "prepare_source",
]
