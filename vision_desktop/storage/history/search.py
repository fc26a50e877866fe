"""Full-text search over questions and answers.

FTS5 over questions and answers (external content: the index stores no second copy of the text), kept in step by
triggers (see ``schema.py``). With SQLite ≥ 3.34 the ``trigram`` tokenizer is used: any substring of three or more
characters matches, so typing "rece" finds "receipt" and Chinese or Japanese text (no spaces between words) is
findable. Terms shorter than three characters (e.g. "发票", "ok") are matched with ``LIKE``: as a filter on the
full-text hits when the query has a longer term too, otherwise by walking the conversations newest first until
enough are found. A pending turn's answer is indexed only when the turn ends, so streaming costs no index work.
Older SQLite: ``unicode61`` with prefix queries, and ``LIKE`` for CJK.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Sequence

from vision_desktop.storage.history.database import Database
from vision_desktop.storage.history.records import SearchHit

__all__ = ["Search"]

log = logging.getLogger(__name__)

_HIT_START, _HIT_END = "\x02", "\x03"
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")


class Search:
    """Searches the store's database (taking its lock)."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._trigram: bool | None = None

    def forget(self) -> None:
        """The database was reopened (restored, or set aside and started anew): look at its index again."""
        self._trigram = None

    def uses_trigram(self) -> bool:
        if self._trigram is None:
            with self._database.lock:
                row = self._database.connection.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'turns_fts'"
                ).fetchone()
            self._trigram = bool(row and "trigram" in row[0])
        return self._trigram

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Conversations whose questions or answers contain every word of ``query``, newest first.

        Any input is safe: quotes and punctuation are taken literally, never as FTS5 syntax. Each word matches
        as a substring (so as a prefix while typing). See the module docstring (``search.py``) for short and CJK words.
        """
        terms = [t for t in (w.replace('"', "").strip() for w in query.split()) if t]
        if not terms or limit <= 0:
            return []
        trigram = self.uses_trigram()
        if trigram:
            fts_terms = [t for t in terms if len(t) >= 3]
        else:
            fts_terms = [t for t in terms if not _CJK.search(t) and re.search(r"\w", t)]
        like_terms = [t for t in terms if t not in fts_terms]
        if not fts_terms:
            return self._search_like(terms, limit)
        if trigram:
            match = " AND ".join(f'"{t}"' for t in fts_terms)
        else:
            match = " AND ".join(f'"{t}"*' for t in fts_terms)
        like_sql = "".join(
            " AND (t.question LIKE ? ESCAPE '\\' OR t.answer LIKE ? ESCAPE '\\')" for _ in like_terms
        )
        like_args: list[str] = []
        for term in like_terms:
            like_args += [_like_pattern(term)] * 2
        with self._database.lock:
            conn = self._database.connection
            # Newest matching turns first, straight from the index (FTS5 walks its doclists backwards), stopping
            # once ``limit`` conversations are found: a common word costs no more than a rare one.
            try:
                cursor = conn.execute(
                    "SELECT f.rowid, t.conversation_id FROM turns_fts f JOIN turns t ON t.id = f.rowid "
                    f"WHERE turns_fts MATCH ?{like_sql} ORDER BY f.rowid DESC",
                    (match, *like_args),
                )
                chosen: dict[int, tuple[int, str | None, float]] = {}
                skipped: set[int] = set()
                while len(chosen) < limit:
                    batch = cursor.fetchmany(256)
                    if not batch:
                        break
                    for tid, cid in batch:
                        if cid in chosen or cid in skipped:
                            continue
                        title, updated, deleted_at = conn.execute(
                            "SELECT title, updated, deleted_at FROM conversations WHERE id = ?", (cid,)
                        ).fetchone()
                        if deleted_at is not None:
                            skipped.add(cid)
                            continue
                        chosen[cid] = (tid, title, updated)
                        if len(chosen) >= limit:
                            break
                cursor.close()
            except sqlite3.OperationalError as exc:  # not expected with quoted terms; never raise to a UI
                log.warning("search %r failed: %s", query, exc)
                return []
            if not chosen:
                return []
            turn_ids = [tid for tid, _, _ in chosen.values()]
            marks = ",".join("?" * len(turn_ids))
            snippets = dict(
                conn.execute(
                    f"SELECT rowid, snippet(turns_fts, -1, '{_HIT_START}', '{_HIT_END}', '…', 40) "
                    f"FROM turns_fts WHERE turns_fts MATCH ? AND rowid IN ({marks})",
                    (match, *turn_ids),
                ).fetchall()
            )
        hits = []
        for cid, (tid, title, updated) in chosen.items():
            text, spans = _split_marked(" ".join(str(snippets.get(tid, "")).split()))
            hits.append(SearchHit(cid, title or "New conversation", text, updated, spans, tid))
        hits.sort(key=lambda h: (h.updated, h.conversation_id), reverse=True)
        return hits

    def _search_like(self, terms: Sequence[str], limit: int) -> list[SearchHit]:
        """Short or CJK words only: walk conversations newest first until ``limit`` match (index order)."""
        cond = " AND ".join("(t.question LIKE ? ESCAPE '\\' OR t.answer LIKE ? ESCAPE '\\')" for _ in terms)
        args: list[str] = []
        for term in terms:
            args += [_like_pattern(term)] * 2
        with self._database.lock:
            rows = self._database.connection.execute(
                "SELECT c.id, c.title, c.updated, (SELECT t.id FROM turns t WHERE t.conversation_id = c.id "
                f"AND {cond} ORDER BY t.position LIMIT 1) AS tid FROM conversations c "
                "WHERE c.deleted_at IS NULL AND tid IS NOT NULL ORDER BY c.updated DESC, c.id DESC LIMIT ?",
                (*args, limit),
            ).fetchall()
            texts = {}
            for r in rows:
                q, a = self._database.connection.execute(
                    "SELECT question, answer FROM turns WHERE id = ?", (r[3],)
                ).fetchone()
                texts[r[3]] = q if any(t.casefold() in q.casefold() for t in terms) else a
        hits = []
        for cid, title, updated, tid in rows:
            snippet, spans = _like_snippet(texts[tid], terms)
            hits.append(SearchHit(cid, title or "New conversation", snippet, updated, spans, tid))
        return hits

    def optimize(self) -> None:
        """Merge the full-text index into one segment (see :meth:`HistoryStore.optimize_search`)."""
        with self._database.lock:
            self._database.connection.execute("INSERT INTO turns_fts(turns_fts) VALUES ('optimize')")


def _split_marked(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{_HIT_START}{_HIT_END}])", text):
        if piece == _HIT_START:
            start = length
        elif piece == _HIT_END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), tuple(spans)


def _like_snippet(
    text: str, terms: Sequence[str], width: int = 40
) -> tuple[str, tuple[tuple[int, int], ...]]:
    flat = " ".join(text.split())
    low = flat.casefold()
    first = min((i for i in (low.find(t.casefold()) for t in terms) if i >= 0), default=0)
    start = max(0, first - width)
    end = min(len(flat), first + width * 2)
    prefix = "…" if start else ""
    snippet = prefix + flat[start:end] + ("…" if end < len(flat) else "")
    spans: list[tuple[int, int]] = []
    low_snip = snippet.casefold()
    for term in terms:
        t = term.casefold()
        i = low_snip.find(t)
        while t and i >= 0:
            spans.append((i, i + len(t)))
            i = low_snip.find(t, i + len(t))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return snippet, tuple(merged)


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
