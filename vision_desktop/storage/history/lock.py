"""Which process has the history open: one OS file lock per open store, under ``locks/<token>.lock``.

Each open store holds an OS lock on ``locks/<token>.lock`` and stamps its pending turns with the token. On open, a
pending turn whose owner's lock can be taken (the process is gone: the OS released the lock when it died, even
after ``kill -9``) is marked ``incomplete``, keeping its partial answer. Turns of another live process (the window
while ``vision-desktop ask`` runs) are left alone. A damaged history is never set aside while another process has
it open.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from pathlib import Path

from vision_desktop.core.errors import HistoryError

__all__ = ["OwnerLock"]


class OwnerLock:
    """An OS file lock held while a store is open; the OS drops it when the process dies (even ``kill -9``)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.token = f"{os.getpid()}-{uuid.uuid4().hex}"
        self.path = directory / f"{self.token}.lock"
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(self._fd):  # cannot happen for a fresh name; fail loudly rather than silently
            os.close(self._fd)
            raise HistoryError(detail=f"could not lock {self.path}")

    def release(self) -> None:
        if self._fd is None:
            return
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        with contextlib.suppress(OSError):
            self.path.unlink()

    @staticmethod
    def is_alive(directory: Path, token: str) -> bool:
        """Whether the store that wrote ``token`` still holds its lock."""
        path = directory / f"{token}.lock"
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            return False
        try:
            if _try_lock(fd):
                _unlock(fd)
                return False
            return True
        finally:
            os.close(fd)

    @staticmethod
    def others_alive(directory: Path, own: str | None) -> bool:
        """Whether a store other than the one holding ``own`` has the history open (its lock is held)."""
        try:
            tokens = [p.stem for p in directory.glob("*.lock")]
        except OSError:
            return False
        return any(t != own and OwnerLock.is_alive(directory, t) for t in tokens)

    @staticmethod
    def remove_stale(directory: Path, token: str) -> None:
        with contextlib.suppress(OSError):
            (directory / f"{token}.lock").unlink()


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
