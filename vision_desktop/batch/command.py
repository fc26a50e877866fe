"""``vision-desktop batch PATH... --prompt TEXT [--fields ...] --out results.csv``: one question over many images.

Writes one row per image or PDF page, in path order, to ``--out`` (``.csv``, ``.xlsx`` or ``.jsonl``, by its
extension); the progress is saved as it goes in ``<out>.batch.sqlite``, so ``--resume`` continues an interrupted
run (a kill, a crash, Ctrl+C) without sending a row whose answer was saved. Exit status: 0 when every row
succeeded, 1 otherwise (the failed count on stderr), 2 for usage errors (among them an earlier batch for the same
output without ``--resume``), 130 after Ctrl+C. A progress line is shown on stderr when it is a terminal.

``cli.py`` registers it with :func:`add_parser` and dispatches to :func:`run`; ``python -m
vision_desktop.batch.command ...`` runs it on its own.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from vision_desktop.batch.spec import DEFAULT_CONCURRENCY, MAX_CONCURRENCY
from vision_desktop.chat.command_line import (
    add_connection_options,
    command_context,
    remember_learned,
    speak_the_language,
    spent_this_month,
)
from vision_desktop.core.i18n import N_, tr

if TYPE_CHECKING:
    from vision_desktop.api.parameters import ParameterChange
    from vision_desktop.batch.runner import BatchProgress, BatchSummary
    from vision_desktop.batch.spec import BatchSpec
    from vision_desktop.batch.state import BatchState
    from vision_desktop.chat.connection import Connection
    from vision_desktop.storage.paths import AppPaths
    from vision_desktop.storage.secrets import SecretStore
    from vision_desktop.storage.settings import Settings

__all__ = ["add_parser", "main", "run"]

log = logging.getLogger(__name__)
PROG = "vision-desktop"


DESCRIPTION = N_(
    "cli",
    "Ask one question about each image (or PDF page) in the given files and folders, and write one row "
    "per image to a CSV, XLSX or JSON Lines file. Progress is saved as it goes: after an interruption, "
    "run the same command with --resume to continue without asking again for rows already answered.",
)
"""The command's description (English; shown as ``tr("cli", DESCRIPTION)`` in the language set)."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``batch`` to ``subparsers`` (from ``parser.add_subparsers()``); returns its parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help=tr("cli", "ask one question about many images and write the answers to a table"),
        description=tr("cli", DESCRIPTION),
    )
    _arguments(parser)
    return parser


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help=tr("cli", "image files, PDFs or folders (searched inside)")
    )
    parser.add_argument(
        "-p", "--prompt", required=True, metavar="TEXT", help=tr("cli", "the question asked about each image")
    )
    parser.add_argument(
        "--fields",
        metavar="LIST",
        help=tr(
            "cli",
            'values to extract, one column each: "vendor:text,total:number,date:date,paid:yesno" '
            "(a third part is a description: total:number:the grand total)",
        ),
    )
    parser.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="FILE",
        help=tr("cli", "the table to write: .csv, .xlsx or .jsonl"),
    )
    parser.add_argument(
        "-c",
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=tr(
            "cli",
            "requests at once, 1 to {maximum} (default {default}); fewer for a while when the relay says too many",
        ).format(maximum=MAX_CONCURRENCY, default=DEFAULT_CONCURRENCY),
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help=tr(
            "cli",
            "continue the batch that was writing --out (rows already answered are not sent again; failed "
            "rows are tried again)",
        ),
    )
    parser.add_argument(
        "--all-pages", action="store_true", help=tr("cli", "every page of each PDF (default: the first few)")
    )
    add_connection_options(parser, timeout_help=tr("cli", "how long to wait for each answer"))


class _UsageError(Exception):
    """A mistake in the command line: one line on stderr, exit status 2."""


def run(
    args: argparse.Namespace,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    settings: Settings | None = None,
    store: SecretStore | None = None,
    env: Mapping[str, str] = os.environ,
) -> int:
    """Run ``vision-desktop batch`` with parsed ``args``, in the language already set (both entry points, this
    module's :func:`main` and ``vision-desktop``'s, call ``speak_the_language`` before parsing). Errors of the
    app (:class:`VisionDesktopError`) are raised to the caller (``cli._run`` prints them); usage errors are
    printed here and return 2."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        return _run(args, out, err, settings, store, env)
    except _UsageError as exc:
        err.write(tr("cli", "Error: {text}").format(text=exc) + "\n")
        return 2


def _run(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    settings: Settings | None,
    store: SecretStore | None,
    env: Mapping[str, str],
) -> int:
    from vision_desktop.api.providers import get_provider, is_loopback_url
    from vision_desktop.batch.export import FORMATS
    from vision_desktop.batch.spec import BatchSpec, expand_sources, parse_fields, sources_summary
    from vision_desktop.batch.state import BatchState, state_path_for
    from vision_desktop.chat.connection import resolve_connection
    from vision_desktop.core.errors import ConfigError, MissingApiKeyError
    from vision_desktop.core.models import ChatOptions
    from vision_desktop.storage.secrets import API_KEY_ENV
    from vision_desktop.storage.settings import MAX_TOKENS, TEMPERATURE, TIMEOUT

    paths: AppPaths | None = None
    if settings is None or store is None:  # folders, logging, settings, keyring (the language is set already)
        paths, loaded, keyring = command_context(bool(args.debug))
        settings = settings or loaded
        store = store or keyring
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        raise _UsageError(
            tr("cli", "--concurrency must be between 1 and {maximum}").format(maximum=MAX_CONCURRENCY)
        )
    if args.temperature is not None and args.temperature not in TEMPERATURE:
        raise _UsageError(
            tr("cli", "--temperature must be between {minimum} and {maximum}").format(
                minimum=f"{TEMPERATURE.minimum:g}", maximum=f"{TEMPERATURE.maximum:g}"
            )
        )
    if args.max_tokens is not None and args.max_tokens not in MAX_TOKENS:
        raise _UsageError(
            tr("cli", "--max-tokens must be between {minimum} and {maximum}").format(
                minimum=MAX_TOKENS.minimum, maximum=MAX_TOKENS.maximum
            )
        )
    if args.timeout is not None and args.timeout not in TIMEOUT:
        raise _UsageError(
            tr("cli", "--timeout must be between {minimum} and {maximum} seconds").format(
                minimum=f"{TIMEOUT.minimum:g}", maximum=f"{TIMEOUT.maximum:g}"
            )
        )
    output = Path(args.out)
    if output.suffix.lower() not in FORMATS:
        raise _UsageError(
            tr("cli", "--out must end in .csv, .xlsx or .jsonl, not {name}").format(name=output.name)
        )
    try:
        fields = parse_fields(args.fields) if args.fields else ()
    except ConfigError as exc:
        raise _UsageError(tr("cli", "--fields: {message}").format(message=exc.message)) from None
    options = ChatOptions(
        model=args.model or settings.model,
        temperature=args.temperature if args.temperature is not None else settings.temperature,
        max_tokens=args.max_tokens if args.max_tokens is not None else settings.max_tokens,
    )
    system = args.system if args.system is not None else (settings.system_prompt or None)
    state_file = state_path_for(output)
    resuming = state_file.exists()
    if resuming and not args.resume:
        raise _UsageError(
            tr(
                "cli",
                "a batch writing {name} was started before (its progress is in {path}). Add --resume to continue "
                "it, or delete {file} to start over.",
            ).format(name=output.name, path=state_file, file=state_file.name)
        )
    if args.resume and not resuming:
        err.write(
            tr("cli", "Note: no earlier batch was found for {name}; starting a new one.").format(
                name=output.name
            )
            + "\n"
        )

    if resuming:
        state = BatchState.open(state_file)
        saved = state.spec()
        asked = BatchSpec(
            saved.sources, args.prompt, fields, options, system, args.concurrency, settings.tile_images
        )
        differences = state.differences(asked)
        if differences:
            state.close()
            raise _UsageError(
                tr(
                    "cli",
                    "the batch writing {name} was started with {differences}. Run it with the same --prompt, "
                    "--fields and --model to continue, or delete {file} to start over.",
                ).format(
                    name=output.name,
                    differences=tr("cli", " and ").join(tr("cli", d) for d in differences),
                    file=state_file.name,
                )
            )
        spec = replace(saved, concurrency=args.concurrency, options=options, system=system)
        reset = state.reset_failed()
        counts = state.counts()
        if reset:
            resuming_text = tr(
                "cli", "Resuming: {done} of {total} rows already answered, {failed} failed rows tried again."
            )
        else:
            resuming_text = tr("cli", "Resuming: {done} of {total} rows already answered.")
        err.write(resuming_text.format(done=counts["done"], total=len(spec.sources), failed=reset) + "\n")
    else:
        sources = expand_sources(args.paths, pdf_pages=None if args.all_pages else settings.pdf_pages)
        if not sources:
            raise ConfigError(
                tr("errors", "No images or PDFs were found in {paths}.").format(
                    paths=", ".join(str(p) for p in args.paths)
                )
            )
        spec = BatchSpec(
            tuple(sources),
            args.prompt,
            fields,
            options,
            system,
            args.concurrency,
            settings.tile_images,
        )
        state = None

    try:
        connection = resolve_connection(
            settings, store, provider=args.provider, base_url=args.base_url, timeout=args.timeout, env=env
        )
    except MissingApiKeyError as exc:
        if state is not None:
            state.close()
        provider = args.provider or settings.provider
        raise MissingApiKeyError(
            tr("cli", "No API key is set for {name}. Run `{command}`, or set {variable}.").format(
                name=get_provider(provider).name,
                command=f"{PROG} key set --provider {provider}",
                variable=API_KEY_ENV,
            ),
            detail=exc.detail,
        ) from None
    except Exception:
        if state is not None:
            state.close()
        raise
    for change in connection.base_url_changes:
        err.write(
            tr("cli", "Note: base URL adjusted ({change}): using {url}").format(
                change=change, url=connection.base_url
            )
            + "\n"
        )
    if connection.base_url.startswith("http://") and not is_loopback_url(connection.base_url):
        if state is not None:
            state.close()
        raise ConfigError(
            tr(
                "cli",
                "{url} is not encrypted (http://): the key and the images would travel in the clear. Use an "
                "https:// address.",
            ).format(url=connection.base_url)
        )
    learned: list[ParameterChange] = []
    connection = replace(connection, on_learned=learned.append)
    if state is None:
        left = spec
        err.write(
            tr("cli", "Batch: {sources}, {count} at a time → {output}").format(
                sources=sources_summary(spec.sources), count=spec.concurrency, output=output
            )
            + "\n"
        )
    else:
        left = replace(spec, sources=tuple(r.source for r in state.rows() if r.status != "done"))
    _flight_check(left, settings, paths, err)
    if state is None:
        state = BatchState.create(state_file, spec)
    try:
        return _execute(spec, connection, state, settings, output, err)
    finally:
        state.close()
        if learned and paths is not None:
            remember_learned(paths.settings_file, learned, err)


def _flight_check(spec: BatchSpec, settings: Settings, paths: AppPaths | None, err: TextIO) -> None:
    """The estimate of what is left to send (tokens, cost) and the monthly budget warning, on stderr."""
    from vision_desktop.batch.estimate import estimate_batch

    spent = spent_this_month(paths, settings) if paths is not None else None
    estimate = estimate_batch(
        spec,
        settings.profile(spec.options.model),
        settings.price_for(spec.options.model),
        spent_this_month=spent,
        monthly_budget=settings.monthly_budget,
        currency=settings.currency,
    )
    if spec.sources:
        err.write(tr("cli", "Estimate: {estimate}").format(estimate=estimate.text()) + "\n")
    if estimate.budget is not None:
        err.write(tr("cli", "Warning: {text}").format(text=estimate.budget.text) + "\n")


def _execute(
    spec: BatchSpec, connection: Connection, state: BatchState, settings: Settings, output: Path, err: TextIO
) -> int:
    from vision_desktop.batch.export import export
    from vision_desktop.batch.runner import BatchRunner

    line = _ProgressLine(err)
    runner = BatchRunner(
        spec,
        connection,
        state,
        profile=settings.profile(spec.options.model),
        price=settings.price_for(spec.options.model),
        on_progress=line.show,
        on_status=line.say,
    )
    result: list[BatchSummary] = []
    failure: list[BaseException] = []
    finished = threading.Event()

    def work() -> None:
        try:
            result.append(runner.run())
        except BaseException as exc:  # handed to the main thread
            failure.append(exc)
        finally:
            finished.set()

    worker = threading.Thread(target=work, name="batch-run", daemon=True)
    worker.start()
    interrupted = False
    try:
        finished.wait()
    except KeyboardInterrupt:
        interrupted = True
        runner.stop()
        finished.wait()
    worker.join()
    line.end()
    if failure:
        raise failure[0]
    rows = state.rows()
    export(output, rows, spec.fields)
    summary = result[0]
    if interrupted:
        err.write(
            tr(
                "cli",
                "Stopped. {name} has the rows answered so far; run the same command with --resume to go on.",
            ).format(name=output.name)
            + "\n"
        )
        return 130
    empty_cells = sum(1 for r in rows if r.status == "done" and r.error)
    if spec.fields and empty_cells:
        err.write(
            tr("cli", "Note: {count} row(s) have empty cells; the error column says why.").format(
                count=empty_cells
            )
            + "\n"
        )
    if summary.fatal is not None:
        err.write(tr("cli", "Error: {text}").format(text=summary.fatal.message) + "\n")
        err.write(
            tr(
                "cli",
                "The batch stopped with {count} row(s) not answered; fix this and run the same command with "
                "--resume.",
            ).format(count=summary.pending)
            + "\n"
        )
        return 1
    if summary.failed or summary.pending:
        if summary.pending:
            failed_text = tr(
                "cli",
                "{failed} of {total} rows failed, {pending} not answered; the error column in {name} says why. "
                "Run the same command with --resume to try them again.",
            )
        else:
            failed_text = tr(
                "cli",
                "{failed} of {total} rows failed; the error column in {name} says why. Run the same command with "
                "--resume to try them again.",
            )
        err.write(
            failed_text.format(
                failed=summary.failed, total=len(rows), pending=summary.pending, name=output.name
            )
            + "\n"
        )
        return 1
    if _isatty(err):
        err.write(
            tr("cli", "Done: {count} rows written to {path}.").format(count=len(rows), path=output) + "\n"
        )
    return 0


class _ProgressLine:
    """One line on stderr, rewritten in place (only on a terminal); notes on lines of their own."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.tty = _isatty(err)
        self._lock = threading.Lock()
        self._width = 0

    def show(self, progress: BatchProgress) -> None:
        if not self.tty:
            return
        text = progress.text()
        with self._lock:
            self.err.write("\r" + text + " " * max(0, self._width - len(text)))
            self.err.flush()
            self._width = len(text)

    def say(self, text: str) -> None:
        with self._lock:
            if self.tty and self._width:
                self.err.write("\r" + " " * self._width + "\r")
                self._width = 0
            self.err.write(text + "\n")
            self.err.flush()

    def end(self) -> None:
        with self._lock:
            if self.tty and self._width:
                self.err.write("\n")
                self._width = 0


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``python -m vision_desktop.batch.command PATH... --prompt ... --out ...`` (the same as ``vision-desktop
    batch``): plain errors on stderr, like the other commands."""
    from vision_desktop.core.errors import VisionDesktopError
    from vision_desktop.logs import format_exception, redact

    out = out or sys.stdout
    err = err or sys.stderr
    speak_the_language()
    parser = argparse.ArgumentParser(prog=f"{PROG} batch", description=tr("cli", DESCRIPTION))
    _arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args, out=out, err=err)
    except KeyboardInterrupt:
        err.write(tr("cli", "Stopped.") + "\n")
        return 130
    except VisionDesktopError as exc:
        err.write(tr("cli", "Error: {text}").format(text=redact(exc.message)) + "\n")
        if args.debug:
            err.write(redact(exc.details_text()) + "\n" + format_exception(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
