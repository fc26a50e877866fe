"""``vision-desktop history list|show|search|export`` and the recording of ``vision-desktop ask``.

``cli.py`` wires these in: :func:`add_history_parser` adds the subcommand, :func:`cmd_history` runs it, and
``ask`` records its question (before the request goes out) with :func:`recording_ask`, which says the
problems of :mod:`vision_desktop.chat.recording` in lines for stderr, unless ``--no-history`` is given.

Exit status: 0 on success, 1 with one plain line on stderr for an unknown ID or an unreadable history, 2 for
usage errors (argparse). Nothing here prints or stores a key: the history never holds one.

A damaged history is set aside by the store (see ``storage/history/damage.py``) and said once, in one line on stderr
(:func:`damage_note`); a question or answer that cannot be saved is said in one line too (:func:`save_note`),
and never changes the exit status of ``ask``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from vision_desktop.core.errors import VisionDesktopError
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatOptions, Message
from vision_desktop.storage.paths import AppPaths

if TYPE_CHECKING:
    from vision_desktop.chat.recording import Recording
    from vision_desktop.storage.history import DamagedHistory, HistoryStore

__all__ = [
    "add_history_parser",
    "cmd_history",
    "damage_note",
    "recording_ask",
    "save_note",
]

log = logging.getLogger(__name__)
FORMATS = ("md", "html", "json")


class _Subparsers(Protocol):
    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def add_history_parser(subparsers: _Subparsers) -> argparse.ArgumentParser:
    """Add ``history`` (with list, show, search, export) to the CLI's subcommands."""
    history = subparsers.add_parser(
        "history", help=tr("cli", "list, show, search and export recorded conversations")
    )
    actions = history.add_subparsers(dest="history_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help=tr("cli", "the conversations, newest first"))
    listing.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help=tr("cli", "how many (default 20)")
    )
    listing.add_argument("--json", action="store_true", help=tr("cli", "print JSON instead of a table"))

    show = actions.add_parser("show", help=tr("cli", "print a conversation with its usage"))
    show.add_argument("id", type=int, help=tr("cli", "the conversation's ID (see `history list`)"))
    show.add_argument("--json", action="store_true", help=tr("cli", "print the JSON export instead"))

    search = actions.add_parser(
        "search", help=tr("cli", "find conversations by words in questions and answers")
    )
    search.add_argument("text", nargs="+", help=tr("cli", "words to find (all of them)"))
    search.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help=tr("cli", "how many (default 20)")
    )
    search.add_argument("--json", action="store_true", help=tr("cli", "print JSON instead of lines"))

    export = actions.add_parser("export", help=tr("cli", "write a conversation as Markdown, HTML or JSON"))
    export.add_argument("id", type=int, help=tr("cli", "the conversation's ID (see `history list`)"))
    export.add_argument("--format", "-f", choices=FORMATS, required=True, help=tr("cli", "md, html or json"))
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help=tr(
            "cli", "where to write (md: a folder; default: ./<id>-<title>[.html|.json] in the current folder)"
        ),
    )
    for parser in (history, listing, show, search, export):
        parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return history


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(tr("cli", "must be 1 or more"))
    return value


def _when(ts: float) -> str:
    return _dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def damage_note(damaged: DamagedHistory) -> str:
    """The one line that says a damaged history was set aside (printed once: the file is renamed)."""
    if damaged.latest_backup is not None:
        note = tr(
            "cli",
            "Note: the history was damaged; it was set aside as {path} and a new one was started (to get your "
            'conversations back, restore the latest backup ({when}) with "Restore history from backup…" in the '
            "window).",
        ).format(path=damaged.path, when=_when(damaged.latest_backup.created))
    else:
        note = tr(
            "cli",
            "Note: the history was damaged; it was set aside as {path} and a new one was started (there is no "
            "backup to restore).",
        ).format(path=damaged.path)
    return note + "\n"


def save_note(exc: BaseException) -> str:
    """The one line that says a question or answer was not saved in the history."""
    from vision_desktop.logs import redact
    from vision_desktop.storage.history import history_error

    return (
        tr("cli", "Note: not saved in the history. {reason}").format(
            reason=redact(history_error(exc).message)
        )
        + "\n"
    )


def cmd_history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vision_desktop.storage.history import HistoryStore
    from vision_desktop.storage.paths import app_paths

    try:
        with HistoryStore.open(app_paths().ensure()) as store:
            if store.set_aside is not None:
                err.write(damage_note(store.set_aside))
            action = args.history_command
            if action == "list":
                return _list(store, args, out)
            if action == "show":
                return _show(store, args, out)
            if action == "search":
                return _search(store, args, out)
            return _export(store, args, out)
    except BrokenPipeError:
        raise  # the reader went away (``| head``): cli.main ends quietly
    except VisionDesktopError as exc:
        err.write(tr("cli", "Error: {text}").format(text=exc.message) + "\n")
        return 1
    except (sqlite3.Error, OSError) as exc:
        log.warning("history failed: %s", exc)
        err.write(
            tr("cli", "Error: the history could not be read ({name}: {detail}).").format(
                name=type(exc).__name__, detail=exc
            )
            + "\n"
        )
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
        out.write(tr("cli", "No conversations yet.") + "\n")
        return 0
    width = max(len(str(r.id)) for r in rows)
    for r in rows:
        turns = tr("cli", "{count} turn(s)").format(count=f"{r.turn_count:>3}")
        out.write(f"{r.id:>{width}}  {_when(r.updated)}  {turns}  {r.title}\n")
    return 0


def _show(store: HistoryStore, args: argparse.Namespace, out: TextIO) -> int:
    from vision_desktop.storage.export import conversation_json, turn_meta

    stored = store.load_conversation(args.id)
    if args.json:
        json.dump(conversation_json(stored), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    out.write(f"{stored.title}\n")
    heading = tr("cli", "ID {id} · {count} turn(s) · updated {when}")
    out.write(heading.format(id=stored.id, count=len(stored.turns), when=_when(stored.updated)) + "\n")
    if stored.system_prompt:
        out.write(tr("cli", "System: {text}").format(text=stored.system_prompt) + "\n")
    for number, turn in enumerate(stored.turns, 1):
        out.write(
            "\n" + tr("cli", "[{number}] You, {when}:").format(number=number, when=_when(turn.started)) + "\n"
        )
        for image in turn.images:
            line = tr("cli", "    (image: {name}, {width}×{height}, {bytes} bytes)").format(
                name=image.name, width=image.width, height=image.height, bytes=f"{image.bytes:,}"
            )
            out.write(line + "\n")
        if turn.question.text:
            out.write(turn.question.text.rstrip("\n") + "\n")
        out.write(tr("cli", "[{number}] {meta}:").format(number=number, meta=turn_meta(turn)) + "\n")
        if turn.answer:
            out.write(turn.answer.rstrip("\n") + "\n")
        if turn.error:
            out.write(tr("cli", "Error: {text}").format(text=turn.error) + "\n")
    usage = stored.usage()
    if usage.reported:
        total = tr("cli", "Total: {total} tokens ({prompt} in, {completion} out)").format(
            total=f"{usage.total_tokens:,}",
            prompt=f"{usage.prompt_tokens:,}",
            completion=f"{usage.completion_tokens:,}",
        )
        out.write("\n" + total + "\n")
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
        out.write(tr("cli", "Nothing found.") + "\n")
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
@contextlib.contextmanager
def recording_ask(
    paths: AppPaths,
    question: Message,
    options: ChatOptions,
    *,
    provider: str | None = None,
    system: str | None = None,
    enabled: bool = True,
    start: bool = True,
    on_problem: Callable[[str], None] | None = None,
) -> Iterator[Recording]:
    """Record an ``ask`` around the request: :func:`vision_desktop.chat.recording.recording_turn`, with its
    problems said as lines for stderr: one when the history was damaged and set aside (:func:`damage_note`), one
    when the question or answer could not be saved (:func:`save_note`). The block runs either way.

    ``with recording_ask(..., start=False) as rec: ... on_question=rec.start ...; rec.finish(result)``: the
    question is written before the request goes out, so an ``ask`` killed while it waits is in the history.
    """
    from vision_desktop.chat.recording import recording_turn

    def problem(exc: BaseException) -> None:
        if on_problem is not None:
            on_problem(save_note(exc))

    def damaged(found: DamagedHistory) -> None:
        if on_problem is not None:
            on_problem(damage_note(found))

    with recording_turn(
        paths,
        question,
        options,
        provider=provider,
        system=system,
        enabled=enabled,
        start=start,
        on_problem=problem,
        on_damaged=damaged,
    ) as recording:
        yield recording
