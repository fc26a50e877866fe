"""The history's images: each one stored once, named by the SHA-256 of its bytes, with a thumbnail and a row.

Files (under the data folder)::

    images/<sha[:2]>/<sha>.<ext>            each prepared image once
    images/<sha[:2]>/<sha>.thumb.jpg        its thumbnail (≤ 256 px), made by :mod:`vision_desktop.images.thumbnails`

An image file is written to a temporary name, fsynced and renamed before the row that references it is committed;
writing takes no lock (the slow file work happens before the store's lock is taken). The ``images`` table has one
row per file; turns and drafts refer to it by hash.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import os
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

from vision_desktop.core.errors import HistoryError
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ImageAttachment
from vision_desktop.images.thumbnails import thumbnail_jpeg
from vision_desktop.storage.history.database import Database
from vision_desktop.storage.history.records import StoredImage

__all__ = ["BlobStore", "ImageRow", "atomic_write", "decode_data_url"]

ImageRow = dict[str, Any]
"""An ``images`` row as written by :meth:`BlobStore.write`: sha256, path, mime, width, height, bytes, thumb_path."""

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
_MIME_BY_FORMAT = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def decode_data_url(url: str) -> tuple[str, bytes]:
    """The MIME type and bytes of a ``data:`` URL; ``ValueError`` when it is not one."""
    if not url.startswith("data:"):
        raise ValueError("not a data: URL")
    header, _, payload = url.partition(",")
    mime = header[5:].split(";", 1)[0] or "application/octet-stream"
    if ";base64" in header:
        try:
            return mime, base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("bad base64 in data: URL") from exc
    from urllib.parse import unquote_to_bytes

    return mime, unquote_to_bytes(payload)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name beside ``path``, fsync it, and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _sniff(data: bytes) -> tuple[str, int, int]:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            return _MIME_BY_FORMAT.get(im.format or "", "application/octet-stream"), im.width, im.height
    except Exception:
        return "application/octet-stream", 0, 0


class BlobStore:
    """The image files under ``images_dir`` and their rows in the ``images`` table."""

    def __init__(self, images_dir: Path, database: Database) -> None:
        self.images_dir = images_dir
        self._database = database

    def paths(self, sha: str, mime: str) -> tuple[Path, Path]:
        """Where the image with this hash and its thumbnail live."""
        folder = self.images_dir / sha[:2]
        return folder / f"{sha}.{_EXTENSIONS.get(mime, 'bin')}", folder / f"{sha}.thumb.jpg"

    def write(self, data: bytes, mime: str | None, width: int = 0, height: int = 0) -> ImageRow:
        """Write an image file and its thumbnail (if missing); returns the ``images`` row. No lock needed."""
        sha = hashlib.sha256(data).hexdigest()
        if mime is None or not width or not height:
            sniffed, w, h = _sniff(data)
            mime = mime if mime and mime != "application/octet-stream" else sniffed
            width, height = width or w, height or h
        path, thumb = self.paths(sha, mime)
        if not path.exists():
            atomic_write(path, data)
        if not thumb.exists():
            thumb_bytes = thumbnail_jpeg(data)
            if thumb_bytes is not None:
                atomic_write(thumb, thumb_bytes)
        return {
            "sha256": sha,
            "path": path.relative_to(self.images_dir).as_posix(),
            "mime": mime,
            "width": width,
            "height": height,
            "bytes": len(data),
            "thumb_path": thumb.relative_to(self.images_dir).as_posix() if thumb.exists() else None,
        }

    @staticmethod
    def insert_row(conn: sqlite3.Connection, row: ImageRow) -> None:
        """Add the row of a written image (inside the caller's transaction); an existing row keeps its thumbnail."""
        conn.execute(
            "INSERT INTO images (sha256, path, mime, width, height, bytes, thumb_path, created) "
            "VALUES (:sha256, :path, :mime, :width, :height, :bytes, :thumb_path, :created) "
            "ON CONFLICT(sha256) DO UPDATE SET thumb_path = COALESCE(images.thumb_path, excluded.thumb_path)",
            {**row, "created": time.time()},
        )

    def attachment(self, image: StoredImage | str) -> ImageAttachment:
        """The :class:`ImageAttachment` (with its data URL) of a stored image or of a hash, read from disk."""
        if isinstance(image, str):
            with self._database.lock:
                row = self._database.connection.execute(
                    "SELECT sha256, path, mime, width, height, bytes, thumb_path FROM images WHERE sha256 = ?",
                    (image,),
                ).fetchone()
            if row is None:
                raise HistoryError(
                    tr("errors", "An image of this conversation is missing."), detail=f"sha256 {image}"
                )
            image = StoredImage(
                row[0], row[0][:12], row[2], row[3], row[4], row[5], self.images_dir / row[1], None
            )
        try:
            data = image.path.read_bytes()
        except OSError as exc:
            raise HistoryError(
                tr("errors", "An image of this conversation is missing from the history folder."),
                detail=str(exc),
            ) from exc
        return ImageAttachment(
            source=image.name,
            data_url=f"data:{image.mime};base64,{base64.b64encode(data).decode('ascii')}",
            mime_type=image.mime,
            width=image.width,
            height=image.height,
            bytes=len(data),
            original_width=image.original_width or image.width,
            original_height=image.original_height or image.height,
            original_bytes=image.original_bytes or len(data),
            estimated_tokens=image.estimated_tokens,
            actions=image.actions,
        )

    def remove_unreferenced(self, keep: set[str], min_age: float) -> int:
        """Delete the rows and files of images that no turn refers to and that are not in ``keep``; returns how
        many files. Files younger than ``min_age`` seconds are kept: another thread may be about to commit them."""
        removed = 0
        cutoff = time.time() - min_age
        with self._database.lock:
            conn = self._database.connection
            referenced = {r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM turn_images")} | keep
            rows = {r[0] for r in conn.execute("SELECT sha256 FROM images")}
            with self._database.transaction() as tx:
                for sha in rows - referenced:
                    tx.execute("DELETE FROM images WHERE sha256 = ?", (sha,))
            if not self.images_dir.is_dir():
                return 0
            for folder in self.images_dir.iterdir():
                if not folder.is_dir():
                    continue
                for file in folder.iterdir():
                    sha = file.name.split(".", 1)[0]
                    if sha in referenced:
                        continue
                    try:
                        if file.stat().st_mtime > cutoff:
                            continue
                        file.unlink()
                        removed += 1
                    except OSError:
                        continue
        return removed
