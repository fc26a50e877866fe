"""The database schema and its migrations, numbered by SQLite's ``user_version``.

Migration ``i`` takes the schema from version i to i + 1, in one transaction with the version bump; append new
ones, never edit a released one. The store backs the database up before migrating it (see ``store.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["LEDGER_ROWS", "MIGRATIONS", "SCHEMA_VERSION", "migrate"]


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one (``executescript`` would commit the migration's transaction)."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                conn.execute(statement)
            statement = ""


def _migration_1(conn: sqlite3.Connection) -> None:
    """The tables."""
    _run_script(
        conn,
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT,
            created REAL NOT NULL,
            updated REAL NOT NULL,
            system_prompt TEXT,
            deleted_at REAL
        );
        CREATE INDEX conversations_by_updated ON conversations(updated DESC, id DESC) WHERE deleted_at IS NULL;
        CREATE INDEX conversations_deleted ON conversations(deleted_at) WHERE deleted_at IS NOT NULL;

        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            question TEXT NOT NULL DEFAULT '',
            answer TEXT NOT NULL DEFAULT '',
            model TEXT,
            provider TEXT,
            temperature REAL,
            max_tokens INTEGER,
            options TEXT,
            response_id TEXT,
            finish_reason TEXT,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            total_tokens INTEGER NOT NULL DEFAULT 0,
            usage_reported INTEGER NOT NULL DEFAULT 0,
            started REAL NOT NULL,
            finished REAL,
            elapsed REAL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'complete', 'stopped', 'failed', 'incomplete')),
            error TEXT,
            owner TEXT,
            UNIQUE (conversation_id, position)
        );
        CREATE INDEX turns_pending ON turns(owner) WHERE status = 'pending';

        CREATE TABLE images (
            sha256 TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            mime TEXT NOT NULL,
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL,
            thumb_path TEXT,
            created REAL NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE turn_images (
            turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES images(sha256),
            mime TEXT NOT NULL,
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT '',
            original_width INTEGER NOT NULL DEFAULT 0,
            original_height INTEGER NOT NULL DEFAULT 0,
            original_bytes INTEGER NOT NULL DEFAULT 0,
            estimated_tokens INTEGER NOT NULL DEFAULT 0,
            actions TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (turn_id, position)
        );
        CREATE INDEX turn_images_by_sha ON turn_images(sha256);

        CREATE TABLE drafts (
            slot TEXT PRIMARY KEY DEFAULT 'main',
            conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
            prompt TEXT NOT NULL DEFAULT '',
            images TEXT NOT NULL DEFAULT '[]',
            updated REAL NOT NULL
        );
        """,
    )


def _fts_tokenizer(conn: sqlite3.Connection) -> str:
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.vd_probe USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError:
        return "unicode61 remove_diacritics 2"
    conn.execute("DROP TABLE temp.vd_probe")
    return "trigram"


def _migration_2(conn: sqlite3.Connection) -> None:
    """Full-text search over questions and answers (a pending turn's answer is indexed when it ends)."""
    tokenizer = _fts_tokenizer(conn)
    indexed_answer = "CASE WHEN {0}.status = 'pending' THEN '' ELSE {0}.answer END"
    _run_script(
        conn,
        f"""
        CREATE VIRTUAL TABLE turns_fts USING fts5(
            question, answer, content='turns', content_rowid='id', tokenize='{tokenizer}'
        );
        CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
            INSERT INTO turns_fts(rowid, question, answer)
            VALUES (new.id, new.question, {indexed_answer.format("new")});
        END;
        CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
            INSERT INTO turns_fts(turns_fts, rowid, question, answer)
            VALUES ('delete', old.id, old.question, {indexed_answer.format("old")});
        END;
        CREATE TRIGGER turns_fts_update AFTER UPDATE OF question, answer, status ON turns
        WHEN old.status != 'pending' OR new.status != 'pending' OR old.question IS NOT new.question
        BEGIN
            INSERT INTO turns_fts(turns_fts, rowid, question, answer)
            VALUES ('delete', old.id, old.question, {indexed_answer.format("old")});
            INSERT INTO turns_fts(rowid, question, answer)
            VALUES (new.id, new.question, {indexed_answer.format("new")});
        END;
        INSERT INTO turns_fts(rowid, question, answer)
            SELECT id, question, {indexed_answer.format("turns")} FROM turns;
        """,
    )


def _migration_3(conn: sqlite3.Connection) -> None:
    """Turns replaced by a later try (Retry, Regenerate, Edit and resend) stay recorded, marked ``superseded``:
    the conversation as reopened and sent with a follow-up leaves them out."""
    conn.execute("ALTER TABLE turns ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0")


def _migration_4(conn: sqlite3.Connection) -> None:
    """The cost ledger: each answer's cost (``NULL``: unknown, e.g. no price or no reported usage) in its
    ``currency``, and the flight check's estimate of its prompt tokens (``NULL``: none was made). The partial
    index holds all the ledger reads (totals, the CSV's rows), so it never reads the turns' text, which lies
    before the new columns on disk: 50,000 answers add up in a tenth of a second."""
    _run_script(
        conn,
        """
        ALTER TABLE turns ADD COLUMN cost REAL;
        ALTER TABLE turns ADD COLUMN currency TEXT;
        ALTER TABLE turns ADD COLUMN estimated_prompt_tokens INTEGER;
        CREATE INDEX turns_ledger ON turns(
            started, conversation_id, prompt_tokens, completion_tokens, cost, currency, model, status, usage_reported
        ) WHERE (status IN ('complete', 'incomplete') OR usage_reported = 1);
        """,
    )


LEDGER_ROWS = "(status IN ('complete', 'incomplete') OR usage_reported = 1)"
"""The turns the cost ledger counts: every answer, and any other try whose usage the relay reported. It is the
``WHERE`` of the ``turns_ledger`` index (migration 4), word for word: queries that repeat it use that index."""

MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
)
"""Migration ``i`` takes the schema from ``user_version`` i to i + 1. Append; never edit a released one."""
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the migrations from the database's ``user_version`` up to ``target``; returns the old version.

    Each migration runs in its own transaction together with the version bump. Takes a write lock first, so
    two processes opening an old database at once migrate it once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    for index in range(version, target):
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current == index:
                MIGRATIONS[index](conn)
                conn.execute(f"PRAGMA user_version = {index + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version
