"""A batch's state, saved as it goes: one SQLite file (next to the output, ``results.csv.batch.sqlite``, or in
the data folder for the window).

The file holds the batch's spec and one row per source (its index is the row's place in the output). Each answer
is written in a transaction of its own as it arrives (WAL, ``synchronous=FULL``), so after a kill -9, a crash or a
closed laptop :meth:`BatchState.rows` says exactly which rows are done: a resumed run sends only the others, and
an export has every row once, in order. Thread-safe: the runner's workers save rows from their own threads.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from vision_desktop.batch.fields import Value
from vision_desktop.batch.spec import BatchSpec, Field, FieldType
from vision_desktop.core.errors import ConfigError
from vision_desktop.core.i18n import N_, tr
from vision_desktop.core.models import ChatOptions

__all__ = ["STATE_SUFFIX", "BatchRow", "BatchState", "RowStatus", "new_state_path", "state_path_for"]

RowStatus = Literal["pending", "done", "failed"]
STATE_SUFFIX = ".batch.sqlite"
_SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    idx INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    answer TEXT NOT NULL DEFAULT '',
    fields TEXT NOT NULL DEFAULT '{}',
    error TEXT NOT NULL DEFAULT '',
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost REAL,
    seconds REAL NOT NULL DEFAULT 0,
    edited INTEGER NOT NULL DEFAULT 0,
    saved_at REAL
);
"""


def state_path_for(output: str | Path) -> Path:
    """Where the state of a batch writing ``output`` lives: ``results.csv`` → ``results.csv.batch.sqlite``."""
    out = Path(output)
    return out.with_name(out.name + STATE_SUFFIX)


def new_state_path(folder: str | Path) -> Path:
    """A new state file in ``folder`` (the window keeps its batches in ``data_dir / "batches"``), named for the
    time it was made: ``2026-12-03_021500.batch.sqlite`` (``-2``, ``-3``... when taken)."""
    base = Path(folder)
    stamp = time.strftime("%Y-%m-%d_%H%M%S")
    candidate = base / f"{stamp}{STATE_SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = base / f"{stamp}-{n}{STATE_SUFFIX}"
        n += 1
    return candidate


@dataclass(frozen=True)
class BatchRow:
    """One row of the table: a source and what came of it."""

    index: int
    source: str
    status: RowStatus = "pending"
    answer: str = ""
    values: dict[str, Value] = field(default_factory=dict)
    """The fields' values (empty without fields)."""
    error: str = ""
    """Why the row failed, or why a field's cell is empty (a plain sentence)."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    """In the price's currency; None when no price is known."""
    seconds: float = 0.0
    edited: bool = False
    """A cell was fixed by hand."""

    def with_result(self, **changes: Any) -> BatchRow:
        return replace(self, **changes)


class BatchState:
    """The SQLite file of one batch. Use :meth:`create`, :meth:`open` or :meth:`open_or_create`."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db
        self._lock = threading.Lock()

    # -- opening ------------------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, spec: BatchSpec) -> BatchState:
        """A new state file for ``spec`` (every row pending). Raises :class:`ConfigError` if one exists."""
        target = Path(path)
        if target.exists():
            raise ConfigError(tr("errors", "A batch state file already exists: {path}.").format(path=target))
        state = cls(target, _open_db(target))
        with state._transaction() as db:
            db.execute("INSERT INTO meta VALUES ('version', ?)", (str(_SCHEMA_VERSION),))
            db.execute(
                "INSERT INTO meta VALUES ('spec', ?)", (json.dumps(_spec_json(spec), ensure_ascii=False),)
            )
            db.execute("INSERT INTO meta VALUES ('created', ?)", (str(time.time()),))
            db.executemany(
                "INSERT INTO rows (idx, source) VALUES (?, ?)", [(i, s) for i, s in enumerate(spec.sources)]
            )
        return state

    @classmethod
    def open(cls, path: str | Path) -> BatchState:
        """The state file at ``path``. Raises :class:`ConfigError` when it is missing or not a batch file."""
        target = Path(path)
        if not target.is_file():
            raise ConfigError(tr("errors", "No saved batch was found at {path}.").format(path=target))
        state = cls(target, _open_db(target))
        try:
            state.spec()
        except (sqlite3.DatabaseError, KeyError, ValueError, TypeError) as exc:
            state.close()
            raise _not_a_batch(target, exc) from None
        return state

    @classmethod
    def open_or_create(cls, path: str | Path, spec: BatchSpec) -> BatchState:
        return cls.open(path) if Path(path).exists() else cls.create(path, spec)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> BatchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------------------
    def spec(self) -> BatchSpec:
        """The spec the batch was started with (its sources in row order)."""
        with self._lock:
            (text,) = self._db.execute("SELECT value FROM meta WHERE key = 'spec'").fetchone() or (None,)
            sources = [s for (s,) in self._db.execute("SELECT source FROM rows ORDER BY idx")]
        if text is None:
            raise KeyError("spec")
        return _spec_from_json(json.loads(text), sources)

    def differences(self, spec: BatchSpec) -> list[str]:
        """What ``spec`` asks differently from the saved batch, in English words (``"a different question"``,
        ``"different fields"``, ``"a different model"``; marked in the ``cli`` context, so the command shows each
        with ``tr("cli", word)``)."""
        saved = self.spec()
        out = []
        if saved.prompt.strip() != spec.prompt.strip():
            out.append(N_("cli", "a different question"))
        if saved.fields != spec.fields:
            out.append(N_("cli", "different fields"))
        if saved.options.model != spec.options.model:
            out.append(N_("cli", "a different model"))
        return out

    def rows(self) -> list[BatchRow]:
        with self._lock:
            found = self._db.execute(
                "SELECT idx, source, status, answer, fields, error, prompt_tokens, completion_tokens, cost, "
                "seconds, edited FROM rows ORDER BY idx"
            ).fetchall()
        return [_row(r) for r in found]

    def row(self, index: int) -> BatchRow:
        with self._lock:
            found = self._db.execute(
                "SELECT idx, source, status, answer, fields, error, prompt_tokens, completion_tokens, cost, "
                "seconds, edited FROM rows WHERE idx = ?",
                (index,),
            ).fetchone()
        if found is None:
            raise KeyError(index)
        return _row(found)

    def counts(self) -> dict[RowStatus, int]:
        with self._lock:
            found = dict(self._db.execute("SELECT status, COUNT(*) FROM rows GROUP BY status").fetchall())
        return {
            "pending": found.get("pending", 0),
            "done": found.get("done", 0),
            "failed": found.get("failed", 0),
        }

    # -- writing ------------------------------------------------------------------------------------------
    def save(self, row: BatchRow) -> None:
        """Write ``row`` (one transaction, on disk when this returns)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE rows SET status = ?, answer = ?, fields = ?, error = ?, prompt_tokens = ?, "
                "completion_tokens = ?, cost = ?, seconds = ?, edited = ?, saved_at = ? WHERE idx = ?",
                (
                    row.status,
                    row.answer,
                    json.dumps(row.values, ensure_ascii=False),
                    row.error,
                    row.prompt_tokens,
                    row.completion_tokens,
                    row.cost,
                    row.seconds,
                    int(row.edited),
                    time.time(),
                    row.index,
                ),
            )

    def set_value(self, index: int, name: str, value: Value) -> BatchRow:
        """A cell fixed by hand (a field's value, or the answer when ``name`` is ``"answer"``)."""
        row = self.row(index)
        if name == "answer":
            changed = replace(row, answer=str(value or ""), edited=True)
        else:
            changed = replace(row, values={**row.values, name: value}, edited=True)
        self.save(changed)
        return changed

    def reset_failed(self) -> int:
        """Failed rows back to pending (to run them again); how many."""
        with self._transaction() as db:
            cursor = db.execute("UPDATE rows SET status = 'pending', error = '' WHERE status = 'failed'")
            return cursor.rowcount

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")


def _connect(path: Path) -> sqlite3.Connection:
    db: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
        return db
    except BaseException:
        if db is not None:
            db.close()
        raise


def _open_db(path: Path) -> sqlite3.Connection:
    try:
        return _connect(path)
    except sqlite3.DatabaseError as exc:
        if not isinstance(exc, sqlite3.OperationalError):  # "file is not a database", damaged
            raise _not_a_batch(path, exc) from None
        raise ConfigError(_cannot_save(path), detail=f"{type(exc).__name__}: {exc}") from None
    except (sqlite3.Error, OSError) as exc:
        raise ConfigError(_cannot_save(path), detail=f"{type(exc).__name__}: {exc}") from None


def _not_a_batch(path: Path, exc: Exception) -> ConfigError:
    return ConfigError(
        tr(
            "errors", "{name} is not a batch this app can continue. Delete it to start the batch over."
        ).format(name=path.name),
        detail=f"{type(exc).__name__}: {exc}",
    )


def _cannot_save(path: Path) -> str:
    return tr(
        "errors", "The batch's progress cannot be saved in {folder}. Choose a folder you can write to."
    ).format(folder=path.parent)


def _row(r: tuple[Any, ...]) -> BatchRow:
    values = json.loads(r[4] or "{}")
    return BatchRow(
        index=int(r[0]),
        source=str(r[1]),
        status=cast(RowStatus, r[2]),
        answer=str(r[3]),
        values=values if isinstance(values, dict) else {},
        error=str(r[5]),
        prompt_tokens=int(r[6]),
        completion_tokens=int(r[7]),
        cost=None if r[8] is None else float(r[8]),
        seconds=float(r[9]),
        edited=bool(r[10]),
    )


def _spec_json(spec: BatchSpec) -> dict[str, Any]:
    return {
        "prompt": spec.prompt,
        "fields": [asdict(f) for f in spec.fields],
        "options": asdict(spec.options),
        "system": spec.system,
        "concurrency": spec.concurrency,
        "tiles": spec.tiles,
    }


def _spec_from_json(data: Mapping[str, Any], sources: list[str]) -> BatchSpec:
    options = dict(data.get("options") or {})
    if options.get("stop") is not None:
        options["stop"] = tuple(options["stop"])
    known = set(ChatOptions.__dataclass_fields__)
    fields = tuple(
        Field(str(f["name"]), cast(FieldType, f.get("type", "text")), str(f.get("description", "")))
        for f in data.get("fields") or []
    )
    return BatchSpec(
        sources=tuple(sources),
        prompt=str(data.get("prompt", "")),
        fields=fields,
        options=ChatOptions(**{k: v for k, v in options.items() if k in known}),
        system=data.get("system"),
        concurrency=int(data.get("concurrency", 4)),
        tiles=bool(data.get("tiles", True)),
    )
