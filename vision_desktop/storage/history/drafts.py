"""The composer's draft: its text, images and conversation, saved as the user types so nothing is lost.

One row per ``slot`` (the window's is ``main``); its images are stored like a turn's (see ``blobs.py``) and listed
by hash, so :meth:`HistoryStore.cleanup_images` keeps them.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from typing import Any

from vision_desktop.storage.history.blobs import BlobStore, decode_data_url
from vision_desktop.storage.history.database import Database
from vision_desktop.storage.history.records import Draft, DraftImage

__all__ = ["Drafts"]

log = logging.getLogger(__name__)


class Drafts:
    """The ``drafts`` table (through the store's database) and the draft's images (through its blob store)."""

    def __init__(self, database: Database, blobs: BlobStore) -> None:
        self._database = database
        self._blobs = blobs

    def save(
        self,
        prompt: str,
        images: Sequence[tuple[str, str | bytes] | DraftImage] = (),
        *,
        conversation_id: int | None = None,
        slot: str = "main",
    ) -> Draft:
        """Save the composer's draft. ``images`` are ``(name, data_url or bytes)`` or already stored
        :class:`DraftImage`\\ s (pass those back to skip re-hashing). Cheap enough to call as the user types
        (debounced)."""
        stored: list[DraftImage] = []
        rows: list[dict[str, Any]] = []
        for item in images:
            if isinstance(item, DraftImage):
                stored.append(item)
                continue
            name, payload = item
            if isinstance(payload, str):
                try:
                    mime, data = decode_data_url(payload)
                except ValueError as exc:
                    log.warning("not saving draft image %s: %s", name, exc)
                    continue
                row = self._blobs.write(data, mime)
            else:
                row = self._blobs.write(payload, None)
            rows.append(row)
            stored.append(
                DraftImage(
                    row["sha256"],
                    name,
                    row["mime"],
                    self._blobs.images_dir / row["path"],
                    self._blobs.images_dir / row["thumb_path"] if row["thumb_path"] else None,
                )
            )
        now = time.time()
        listing = json.dumps(
            [{"sha256": i.sha256, "name": i.name} for i in stored], ensure_ascii=False, separators=(",", ":")
        )
        with self._database.transaction() as conn:
            for row in rows:
                self._blobs.insert_row(conn, row)
            if (
                conversation_id is not None
                and not conn.execute(
                    "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
                ).fetchone()
            ):
                conversation_id = None
            conn.execute(
                "INSERT INTO drafts (slot, conversation_id, prompt, images, updated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(slot) DO UPDATE SET conversation_id = excluded.conversation_id, "
                "prompt = excluded.prompt, images = excluded.images, updated = excluded.updated",
                (slot, conversation_id, prompt, listing, now),
            )
        return Draft(prompt, tuple(stored), conversation_id, now, slot)

    def load(self, slot: str = "main") -> Draft | None:
        with self._database.lock:
            conn = self._database.connection
            row = conn.execute(
                "SELECT prompt, images, conversation_id, updated FROM drafts WHERE slot = ?", (slot,)
            ).fetchone()
            if row is None:
                return None
            listing = json.loads(row[1] or "[]")
            found: list[DraftImage] = []
            for item in listing:
                image = conn.execute(
                    "SELECT mime, path, thumb_path FROM images WHERE sha256 = ?", (item["sha256"],)
                ).fetchone()
                if image is None:
                    continue
                found.append(
                    DraftImage(
                        item["sha256"],
                        item.get("name") or item["sha256"][:12],
                        image[0],
                        self._blobs.images_dir / image[1],
                        self._blobs.images_dir / image[2] if image[2] else None,
                    )
                )
        return Draft(row[0], tuple(found), row[2], row[3], slot)

    def clear(self, slot: str = "main") -> None:
        with self._database.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE slot = ?", (slot,))

    def referenced_images(self) -> set[str]:
        """The hashes of every draft's images."""
        keep: set[str] = set()
        with self._database.lock:
            for (listing,) in self._database.connection.execute("SELECT images FROM drafts"):
                keep.update(item["sha256"] for item in json.loads(listing or "[]"))
        return keep
