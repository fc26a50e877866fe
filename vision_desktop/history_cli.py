"""``vision-desktop history list|show|search|export`` and the recording of ``vision-desktop ask``.

``cli.py`` wires these in: :func:`add_history_parser` adds the subcommand, :func:`cmd_history` runs it, and
``ask`` records its question with :func:`recording_ask` (or the one-shot :func:`record_ask`) unless
``--no-history`` is given.

Exit status: 0 on success, 1 with one plain line on stderr for an unknown ID or an unreadable history, 2 for
usage errors (argparse). Nothing here prints or stores a key: the history never holds one.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from vision_desktop.core.errors import CancelledError, VisionDesktopError
from vision_desktop.core.models import ChatOptions, ChatResult, Message
from vision_desktop.storage.paths import AppPaths

if TYPE_CHECKING:
    from vision_desktop.storage.history import FinalStatus, HistoryStore

__all__ = ["AskRecording", "add_history_parser", "cmd_history", "record_ask", "recording_ask"]

log = logging.getLogger(__name__)
FORMATS = ("md", "html", "json")


class _Subparsers(Protocol):
    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def add_history_parser(subparsers: _Subparsers) -> argparse.ArgumentParser:
    """Add ``history`` (with list, show, search, export) to the CLI's subcommands."""
    history = subparsers.add_parser("history", help="list, show, search and export recorded conversations")
    actions = history.add_subparsers(dest="history_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the conversations, newest first")
    listing.add_argument("--limit", type=_positive, default=20, metavar="N", help="how many (default 20)")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    show = actions.add_parser("show", help="print a conversation with its usage")
    show.add_argument("id", type=int, help="the conversation's ID (see `history list`)")
    show.add_argument("--json", action="store_true", help="print the JSON export instead")

    search = actions.add_parser("search", help="find conversations by words in questions and answers")
    search.add_argument("text", nargs="+", help="words to find (all of them)")
    search.add_argument("--limit", type=_positive, default=20, metavar="N", help="how many (default 20)")
    search.add_argument("--json", action="store_true", help="print JSON instead of lines")

    export = actions.add_parser("export", help="write a conversation as Markdown, HTML or JSON")
    export.add_argument("id", type=int, help="the conversation's ID (see `history list`)")
    export.add_argument("--format", "-f", choices=FORMATS, required=True, help="md, html or json")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="where to write (md: a folder; default: ./<id>-<title>[.html|.json] in the current folder)",
    )
    for parser in (history, listing, show, search, export):
        parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return history


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _when(ts: float) -> str:
    return _dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def cmd_history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vision_desktop.storage.history import HistoryStore
    from vision_desktop.storage.paths import app_paths

    try:
        with HistoryStore.open(app_paths().ensure()) as store:
            action = args.history_command
            if action == "list":
                return _list(store, args, out)
            if action == "show":
                return _show(store, args, out)
            if action == "search":
                return _search(store, args, out)
            return _export(store, args, out)
    except VisionDesktopError as exc:
        err.write(f"Error: {exc.message}\n")
        return 1
    except (sqlite3.Error, OSError) as exc:
        log.warning("history failed: %s", exc)
        err.write(f"Error: the history could not be read ({type(exc).__name__}: {exc}).\n")
        return 1


def _list(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> int:
    rows = store.list_conversations(limit=args.limit)
    if args.json:
        data = [
            {"id": r.id, "title": r.title, "updated": _when(r.updated), "turns": r.turn_count} for r in rows
        ]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not rows:
        out.write("No conversations yet.\n")
        return 0
    width = max(len(str(r.id)) for r in rows)
    for r in rows:
        out.write(f"{r.id:>{width}}  {_when(r.updated)}  {r.turn_count:>3} turn(s)  {r.title}\n")
    return 0


def _show(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> int:
    from vision_desktop.storage.export import conversation_json, turn_meta

    stored = store.load_conversation(args.id)
    if args.json:
        json.dump(conversation_json(stored), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    out.write(f"{stored.title}\n")
    out.write(f"ID {stored.id} · {len(stored.turns)} turn(s) · updated {_when(stored.updated)}\n")
    if stored.system_prompt:
        out.write(f"System: {stored.system_prompt}\n")
    for number, turn in enumerate(stored.turns, 1):
        out.write(f"\n[{number}] You, {_when(turn.started)}:\n")
        for image in turn.images:
            out.write(f"    (image: {image.name}, {image.width}×{image.height}, {image.bytes:,} bytes)\n")
        if turn.question.text:
            out.write(turn.question.text.rstrip("\n") + "\n")
        out.write(f"[{number}] {turn_meta(turn)}:\n")
        if turn.answer:
            out.write(turn.answer.rstrip("\n") + "\n")
        if turn.error:
            out.write(f"Error: {turn.error}\n")
    usage = stored.usage()
    if usage.reported:
        out.write(
            f"\nTotal: {usage.total_tokens:,} tokens ({usage.prompt_tokens:,} in, {usage.completion_tokens:,} out)\n"
        )
    return 0


def _search(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> int:
    hits = store.search(" ".join(args.text), limit=args.limit)
    if args.json:
        data = [
            {"id": h.conversation_id, "title": h.title, "updated": _when(h.updated), "snippet": h.snippet}
            for h in hits
        ]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not hits:
        out.write("Nothing found.\n")
        return 0
    for h in hits:
        out.write(f"{h.conversation_id}  {_when(h.updated)}  {h.title}\n    {h.marked()}\n")
    return 0


def _export(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> int:
    from vision_desktop.storage.export import export_html, export_json, export_markdown, slug

    stored = store.load_conversation(args.id)
    default = Path.cwd() / f"{stored.id}-{slug(stored.title)}"
    target: Path = args.output
    if args.format == "md":
        if target is not None and target.suffix.lower() == ".md":
            path = export_markdown(stored, target.parent, target.name)
        else:
            path = export_markdown(stored, target or default)
    elif args.format == "html":
        path = export_html(stored, target or default.with_suffix(".html"))
    else:
        path = export_json(stored, target or default.with_suffix(".json"))
    out.write(f"{path}\n")
    return 0


# ------------------------------------------------------------------------------------------ ask
class AskRecording:
    """Records one ``ask``: the question when it is sent, the answer (or the failure) when it ends.

    Recording never breaks the ask: a history that cannot be written is logged and skipped.
    """

    def __init__(self, store: HistoryStore | None, turn_id: int | None, conversation_id: int | None) -> None:
        self._store = store
        self.turn_id = turn_id
        self.conversation_id = conversation_id
        self.finished = False

    def finish(self, result: ChatResult) -> None:
        """The answer arrived (``incomplete`` when the stream ended early, as ``ChatResult.incomplete`` says)."""
        self._end(result, "incomplete" if result.incomplete else "complete", None)

    def fail(self, exc: BaseException) -> None:
        stopped = isinstance(exc, (KeyboardInterrupt, CancelledError))
        message = exc.message if isinstance(exc, VisionDesktopError) else type(exc).__name__
        self._end(None, "stopped" if stopped else "failed", None if stopped else message)

    def _end(self, result: ChatResult | None, status: FinalStatus, error: str | None) -> None:
        if self.finished or self._store is None or self.turn_id is None:
            self.finished = True
            return
        self.finished = True
        try:
            self._store.finish_turn(self.turn_id, result, status, error)
        except (VisionDesktopError, sqlite3.Error, OSError) as exc:
            log.warning("could not record the answer in the history: %s", exc)


@contextlib.contextmanager
def recording_ask(
    paths: AppPaths,
    question: Message,
    options: ChatOptions,
    *,
    provider: str | None = None,
    system: str | None = None,
    enabled: bool = True,
) -> Iterator[AskRecording]:
    """Record an ``ask`` around the request: ``with recording_ask(...) as rec: result = ...; rec.finish(result)``.

    The question (with its images) is written before the block runs; an exception in the block marks the turn
    failed (or stopped, for Ctrl+C) and is re-raised. With ``enabled=False`` nothing is written.
    """
    if not enabled:
        yield AskRecording(None, None, None)
        return
    store: HistoryStore | None = None
    recording = AskRecording(None, None, None)
    try:
        from vision_desktop.storage.history import HistoryStore

        store = HistoryStore.open(paths)
        conversation_id = store.create_conversation(system_prompt=system)
        turn_id = store.start_turn(conversation_id, question, options, provider)
        recording = AskRecording(store, turn_id, conversation_id)
    except (VisionDesktopError, sqlite3.Error, OSError) as exc:
        log.warning("could not record the question in the history: %s", exc)
    try:
        yield recording
    except BaseException as exc:
        recording.fail(exc)
        raise
    finally:
        if not recording.finished:
            recording._end(None, "incomplete", None)
        if store is not None:
            store.close()


def record_ask(
    paths: AppPaths,
    question: Message,
    options: ChatOptions,
    outcome: ChatResult | BaseException,
    elapsed: float | None = None,
    *,
    provider: str | None = None,
    system: str | None = None,
) -> int | None:
    """Record a finished ``ask`` in one go; returns the new conversation's ID (``None`` if it failed).

    Prefer :func:`recording_ask`, which writes the question before the request goes out.
    """
    import dataclasses

    if isinstance(outcome, ChatResult) and elapsed is not None and not outcome.elapsed:
        outcome = dataclasses.replace(outcome, elapsed=elapsed)
    with recording_ask(paths, question, options, provider=provider, system=system) as recording:
        if isinstance(outcome, ChatResult):
            recording.finish(outcome)
        else:
            recording.fail(outcome)
    return recording.conversation_id
