"""Small, real data for tests: a prepared image made from a tiny generated picture."""

from __future__ import annotations

import base64
import io

from PIL import Image

from vision_desktop.core.models import ImageAttachment, estimate_image_tokens


def tiny_attachment(
    color: str = "red", size: tuple[int, int] = (8, 6), source: str = "tiny.png"
) -> ImageAttachment:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    data = buf.getvalue()
    return ImageAttachment(
        source=source,
        data_url="data:image/png;base64," + base64.b64encode(data).decode(),
        mime_type="image/png",
        width=size[0],
        height=size[1],
        bytes=len(data),
        original_width=size[0],
        original_height=size[1],
        original_bytes=len(data),
        estimated_tokens=estimate_image_tokens(*size),
    )
