"""Whether a conversation still fits in one request: its images and bytes against the upstream limits.

The limits themselves (100 images, 32 MB per request) live beside the image limits, in
:mod:`vision_desktop.images.limits`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from vision_desktop.core.i18n import tr
from vision_desktop.core.models import Message
from vision_desktop.images.limits import MAX_REQUEST_BYTES, MAX_REQUEST_IMAGES

__all__ = ["WARN_FRACTION", "RequestSize", "request_size_check"]

WARN_FRACTION = 0.8
"""Warn when a conversation reaches this share of either limit."""


class RequestSize(NamedTuple):
    image_count: int
    total_bytes: int
    warning: str | None


def _base64_size(n: int) -> int:
    return 4 * ((n + 2) // 3)


def request_size_check(messages: Sequence[Message]) -> RequestSize:
    """Images and bytes a request with these messages carries, against the upstream limits (FACTS.md).

    Warns at 80 % of 100 images or 32 MB, and says so plainly when a limit is passed. Attachments without a
    ``data_url`` (loaded by reference) count by their encoded size.
    """
    count = 0
    total = 0
    for message in messages:
        total += len(message.text.encode("utf-8"))
        for image in message.images:
            count += 1
            total += len(image.data_url) if image.data_url else _base64_size(image.bytes) + 32
    mb = total / (1024 * 1024)
    limit_mb = MAX_REQUEST_BYTES // (1024 * 1024)
    warning: str | None = None
    if count > MAX_REQUEST_IMAGES or total > MAX_REQUEST_BYTES:
        warning = tr(
            "status",
            "This conversation is too large to send again ({count} images, {size} MB; the limit is "
            "{max_images} images and {max_size} MB). Start a new conversation.",
        ).format(count=count, size=f"{mb:.1f}", max_images=MAX_REQUEST_IMAGES, max_size=limit_mb)
    elif count >= WARN_FRACTION * MAX_REQUEST_IMAGES or total >= WARN_FRACTION * MAX_REQUEST_BYTES:
        warning = tr(
            "status",
            "This conversation is near the upload limit ({count} of {max_images} images, "
            "{size} of {max_size} MB). Consider starting a new conversation.",
        ).format(count=count, size=f"{mb:.1f}", max_images=MAX_REQUEST_IMAGES, max_size=limit_mb)
    return RequestSize(count, total, warning)
