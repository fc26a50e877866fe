"""Schema migrations (with a backup first), daily backups kept for 7 days, restoring a backup."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest

from tests.helpers.factories import tiny_attachment
from vision_desktop.core.models import ChatOptions, ChatResult, Message, Usage
from vision_desktop.storage.history import SCHEMA_VERSION, HistoryError, HistoryStore
from vision_desktop.storage.history.schema import MIGRATIONS, migrate
from vision_desktop.storage.paths import app_paths


def converse(store: HistoryStore, question: str, answer: str = "an answer", **kw: object) -> int:
    cid = store.create_conversation()
    tid = store.start_turn(cid, Message("user", question, tuple(kw.get("images", ()))), ChatOptions())  # type: ignore[arg-type]
    store.finish_turn(tid, ChatResult("r", "m", answer, "stop", Usage(1, 1, 2)), "complete")
    return cid


def make_v1_database(path: Path) -> None:
    """A history as version 1 of the schema wrote it (before full-text search), with one conversation."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, target=1) == 0
        now = time.time()
        conn.execute(
            "INSERT INTO conversations (id, title, created, updated) VALUES (1, 'Old one', ?, ?)", (now, now)
        )
        conn.execute(
            "INSERT INTO turns (conversation_id, position, question, answer, model, started, status) "
            "VALUES (1, 0, 'What does the old parking ticket say?', 'It expires at noon.', 'm', ?, 'complete')",
            (now,),
        )
        conn.execute(
            "INSERT INTO turns (conversation_id, position, question, answer, started, status) "
            "VALUES (1, 1, 'and the streamed one', 'half of it', ?, 'pending')",
            (now,),
        )
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()


def test_the_schema_has_a_migration_per_version() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


def test_migrating_an_older_schema_backs_it_up_first(vd_home: Path) -> None:
    db = vd_home / "data" / "history.sqlite3"
    make_v1_database(db)
    with HistoryStore.open(app_paths()) as store:
        assert store.migrated_from == 1
        (backup,) = store.list_backups()
        assert backup.kind == "migration" and backup.path.name.endswith("-v1.sqlite3")
        # the backup is the old database, whole and as it was
        old = sqlite3.connect(backup.path)
        try:
            assert old.execute("PRAGMA user_version").fetchone()[0] == 1
            assert old.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            assert old.execute("SELECT title FROM conversations").fetchall() == [("Old one",)]
            assert old.execute("SELECT name FROM sqlite_master WHERE name = 'turns_fts'").fetchone() is None
        finally:
            old.close()
        # the migrated database has the old data, indexed for search, and the dead pending turn recovered
        assert store.recovered_turns == 1
        assert [h.conversation_id for h in store.search("parking")] == [1]
        assert [h.conversation_id for h in store.search("noon")] == [1]
        assert store.search("half of it") != []  # recovered turns are indexed with their partial answer
        turns = store.load_conversation(1).turns
        assert [t.status for t in turns] == ["complete", "incomplete"]
        converse(store, "a new question after the migration")
    with HistoryStore.open(app_paths()) as again:
        assert again.migrated_from is None  # nothing more to do, no second backup
        assert len(again.list_backups()) == 1


def test_a_failed_migration_leaves_the_database_at_its_old_version(
    vd_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = vd_home / "data" / "history.sqlite3"
    make_v1_database(db)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk full")

    from vision_desktop.storage.history import schema

    monkeypatch.setattr(schema, "MIGRATIONS", (MIGRATIONS[0], broken))
    # the store's failures are HistoryErrors (see history_error)
    with pytest.raises(HistoryError) as raised:
        HistoryStore.open(app_paths())
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    finally:
        conn.close()
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)  # not undo(): that would drop the private home too
    with HistoryStore.open(app_paths()) as store:
        assert store.load_conversation(1).title == "Old one"
        assert len(store.list_backups()) == 2  # one before each attempt


def test_daily_backups_are_made_once_a_day_and_rotated(vd_home: Path) -> None:
    with HistoryStore.open(app_paths()) as store:
        converse(store, "backed up question")
        start = dt.date(2026, 1, 1)
        for day in range(10):
            made = store.daily_backup(today=start + dt.timedelta(days=day))
            assert made is not None and made.name == f"daily-{start + dt.timedelta(days=day)}.sqlite3"
        assert store.daily_backup(today=start + dt.timedelta(days=9)) is None  # already made today
        dailies = [b for b in store.list_backups() if b.kind == "daily"]
        assert sorted(b.path.name for b in dailies) == [
            f"daily-{start + dt.timedelta(days=d)}.sqlite3" for d in range(3, 10)
        ]
        conn = sqlite3.connect(dailies[0].path)
        try:
            assert conn.execute("SELECT question FROM turns").fetchall() == [("backed up question",)]
        finally:
            conn.close()


def test_restore_from_a_backup_replaces_the_history_and_keeps_a_copy_of_it(vd_home: Path) -> None:
    with HistoryStore.open(app_paths()) as store:
        before = converse(store, "before the backup", images=[tiny_attachment("red")])
        backup = store.daily_backup()
        assert backup is not None
        after = converse(store, "after the backup")
        store.rename(before, "Renamed later")
        safety = store.restore_backup(backup)
        assert safety.exists() and "before-restore" in safety.name
        assert [c.id for c in store.list_conversations()] == [before]
        stored = store.load_conversation(before)
        assert stored.title == "before the backup"
        assert stored.turns[0].images[0].path.exists()
        assert store.search("after") == []
        assert [h.conversation_id for h in store.search("before")] == [before]
        # the history as it was before the restore is in the safety copy
        store.restore_backup(safety)
        assert {c.id for c in store.list_conversations()} == {before, after}
        assert store.load_conversation(before).title == "Renamed later"
        converse(store, "writes still work after a restore")
        assert {b.kind for b in store.list_backups()} == {"daily", "restore"}


def test_restore_refuses_a_file_that_is_not_a_history(vd_home: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with HistoryStore.open(app_paths()) as store:
        cid = converse(store, "precious")
        for bad in (junk, other):
            with pytest.raises(HistoryError):
                store.restore_backup(bad)
        assert store.load_conversation(cid).turns[0].question.text == "precious"


def test_cleanup_keeps_images_that_a_backup_still_refers_to(vd_home: Path) -> None:
    with HistoryStore.open(app_paths()) as store:
        cid = converse(store, "with a picture", images=[tiny_attachment("teal")])
        store.daily_backup()
        store.delete(cid)
        store.purge_deleted()
        assert store.cleanup_images(min_age=0) == 0  # the daily backup still shows it
        for backup in store.list_backups():
            backup.path.unlink()
        assert store.cleanup_images(min_age=3600) == 0  # too young: another thread may be about to use it
        assert store.cleanup_images(min_age=0) == 2
