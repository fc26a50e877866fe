"""A damaged history is set aside (never deleted) and a new one started; failures to save say why.

Read-only and full disks cannot be made with ``chmod`` here: the tests run as root, and root ignores file
permissions. Each failure is made real in a way that also works as root and goes through the store's own code:
- read-only: ``PRAGMA query_only`` on the store's connection (SQLite's own SQLITE_READONLY, as from a read-only
  file), or the database path being a folder (SQLite cannot open it at all);
- full: ``PRAGMA max_page_count`` (SQLite's own SQLITE_FULL, as from a full disk);
- locked: a second real connection holding the write lock, with a short busy timeout.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from vision_desktop.core.models import ChatOptions, Message
from vision_desktop.storage.history import (
    DB_FILENAME,
    HistoryDamagedError,
    HistorySaveError,
    HistoryStore,
    history_error,
    is_damage,
)
from vision_desktop.storage.history.lock import OwnerLock
from vision_desktop.storage.paths import AppPaths, HomeFolderError, app_paths

OPTIONS = ChatOptions(model="m")
DAMAGED = re.compile(r"history-damaged-\d{4}-\d{2}-\d{2}-\d{6}(-\d+)?\.sqlite3")


def fill(paths: AppPaths, count: int = 200) -> None:
    with HistoryStore.open(paths) as store:
        for i in range(count):
            cid = store.create_conversation()
            store.start_turn(cid, Message("user", f"question {i} " + "words " * 80), OPTIONS)


def database(paths: AppPaths) -> Path:
    return paths.data_dir / DB_FILENAME


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def junk(path: Path) -> None:
    path.write_bytes(b"this is not a database, it is junk " * 300)


def scribble(path: Path) -> None:
    """Overwrite pages in the middle (no truncation): only quick_check notices."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle + 8 : middle + 4096] = b"\xff" * (4096 - 8)
    path.write_bytes(bytes(data))


@pytest.fixture
def paths() -> AppPaths:
    return app_paths().ensure()


@pytest.mark.parametrize("damage", [truncate, junk, scribble], ids=["truncated", "junk", "malformed-page"])
def test_a_damaged_history_is_set_aside_and_a_new_one_started(paths: AppPaths, damage: object) -> None:
    fill(paths)
    with HistoryStore.open(paths) as store:
        store.backup()
    db = database(paths)
    damage(db)  # type: ignore[operator]
    damaged_bytes = db.read_bytes()

    with HistoryStore.open(paths) as store:
        found = store.set_aside
        assert found is not None
        assert DAMAGED.fullmatch(found.path.name) and found.path.parent == paths.data_dir
        assert found.path.read_bytes() == damaged_bytes  # kept exactly as it was, never deleted
        assert found.latest_backup is not None and found.latest_backup.path.exists()
        assert store.list_conversations() == []  # a new, working history
        cid = store.create_conversation("after")
        store.start_turn(cid, Message("user", "still works"), OPTIONS)

    with HistoryStore.open(paths) as store:
        assert store.set_aside is None  # told once: the next start finds a good history
        assert [c.title for c in store.list_conversations()] == ["after"]
    # the backup still restores the old conversations
    with HistoryStore.open(paths) as store:
        assert found.latest_backup is not None
        store.restore_backup(found.latest_backup.path)
        assert len(store.list_conversations(limit=500)) == 200


def test_the_wal_and_shm_go_with_the_damaged_file(paths: AppPaths) -> None:
    fill(paths, 3)
    db = database(paths)
    wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
    junk(db)
    wal.write_bytes(b"wal bytes")
    shm.write_bytes(b"shm bytes")
    with HistoryStore.open(paths) as store:
        assert store.set_aside is not None
        moved = store.set_aside.path
        assert Path(f"{moved}-wal").read_bytes() == b"wal bytes"
        assert Path(f"{moved}-shm").exists()  # an index SQLite rebuilds from the WAL: its bytes may change
        assert store.set_aside.latest_backup is None


def test_two_damaged_files_in_one_second_get_distinct_names(paths: AppPaths) -> None:
    names = set()
    for _ in range(3):
        junk(database(paths))
        with HistoryStore.open(paths) as store:
            assert store.set_aside is not None
            names.add(store.set_aside.path.name)
    assert len(names) == 3
    assert len(list(paths.data_dir.glob("history-damaged-*.sqlite3"))) == 3


def test_nothing_is_set_aside_while_another_process_has_the_history_open(paths: AppPaths) -> None:
    fill(paths, 3)
    junk(database(paths))
    other = OwnerLock(paths.data_dir / "locks")  # what another live process holds while it has it open
    try:
        with pytest.raises(HistoryDamagedError, match="another Vision Desktop is using it"):
            HistoryStore.open(paths)
        assert database(paths).exists()
        assert not list(paths.data_dir.glob("history-damaged-*"))
    finally:
        other.release()


def test_damage_found_by_a_query_sets_the_history_aside_too(paths: AppPaths) -> None:
    with HistoryStore.open(paths) as store:
        exc = sqlite3.DatabaseError("database disk image is malformed")
        assert is_damage(exc)
        found = store.set_aside_damaged(exc)
        assert DAMAGED.fullmatch(found.path.name)
        cid = store.create_conversation("new")
        assert store.load_conversation(cid).title == "new"


@pytest.fixture
def store(paths: AppPaths) -> Iterator[HistoryStore]:
    with HistoryStore.open(paths) as s:
        yield s


def save(store: HistoryStore) -> int:
    cid = store.create_conversation()
    return store.start_turn(cid, Message("user", "a question " * 200), OPTIONS)


def test_a_read_only_history_says_so_and_saving_resumes(store: HistoryStore) -> None:
    store._db.execute("PRAGMA query_only = 1")
    with pytest.raises(sqlite3.OperationalError) as raised:
        save(store)
    error = history_error(raised.value)
    assert isinstance(error, HistorySaveError) and error.reason == "read-only"
    assert "read-only" in error.message
    store._db.execute("PRAGMA query_only = 0")
    save(store)


def test_a_full_disk_says_so_and_leaves_no_transaction_open(store: HistoryStore) -> None:
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.Error) as raised:
        for _ in range(50):
            save(store)
    error = history_error(raised.value)
    assert isinstance(error, HistorySaveError) and error.reason == "full"
    assert error.message == "The disk is full."
    assert not store._db.in_transaction
    store._db.execute(f"PRAGMA max_page_count = {pages * 100}")
    save(store)


def test_a_lock_held_too_long_says_so(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HistoryStore, "busy_timeout", 0.2)
    with HistoryStore.open(paths) as store:
        other = sqlite3.connect(database(paths), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(sqlite3.OperationalError) as raised:
                save(store)
            error = history_error(raised.value)
            assert isinstance(error, HistorySaveError) and error.reason == "locked"
        finally:
            other.execute("ROLLBACK")
            other.close()
        save(store)


def test_a_database_path_that_is_a_folder_cannot_be_opened(paths: AppPaths) -> None:
    database(paths).mkdir(parents=True)
    with pytest.raises(HistorySaveError) as raised:
        HistoryStore.open(paths)
    assert raised.value.reason == "unavailable"
    assert database(paths).is_dir()  # not "damaged": nothing is set aside


@pytest.mark.parametrize(
    ("errno_name", "reason"),
    [("EROFS", "read-only"), ("EACCES", "read-only"), ("ENOSPC", "full"), ("EIO", "write-error")],
)
def test_os_errors_get_their_reason(errno_name: str, reason: str) -> None:
    import errno

    error = history_error(OSError(getattr(errno, errno_name), "x"))
    assert isinstance(error, HistorySaveError) and error.reason == reason


def test_a_home_below_a_file_is_one_plain_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("I am a file")
    with pytest.raises(HomeFolderError) as raised:
        app_paths({"VISION_DESKTOP_HOME": str(blocker / "home")}).ensure()
    message = raised.value.message
    assert str(blocker) in message and "is a file, not a folder" in message
    assert "VISION_DESKTOP_HOME" in message and "\n" not in message
