"""``vision-desktop ask …`` and ``vision-desktop key …``: the same core as the window, without Qt.

Exit status: 0 on success, 2 on usage errors, 1 on every other failure, with one plain line on stderr (a
traceback only with ``--debug``); 1 also for an empty answer (with a note saying why, when the relay said). The
API key appears in no output, ever: every line on stderr, the ``--debug`` log handler and tracebacks go through
``logs.redact``. A reader that goes away (``| head``) ends the command quietly with status 0.

``ask`` prints the answer first; notes (``finish_reason``, the stream ending early), the history and the usage
line come after it, so none of them can lose the answer. Images are prepared for the model's profile
(:meth:`~vision_desktop.storage.settings.Settings.profile`), and the flight check
(:mod:`vision_desktop.chat.flight`) runs before anything is sent: a request that would break a limit (more images
than the model takes, a body over its size limit) is refused with what to do. ``ask --dry-run`` stops there and
prints the plan (with ``--json``: the images, the estimated prompt tokens and cost, the problems); it needs no key
and sends nothing. ``ask --json`` adds the estimate (``estimated_prompt_tokens``) beside the reported usage.

Heavy modules (httpx, Pillow, keyring) are imported inside the commands so ``--version`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

from vision_desktop import __version__
from vision_desktop.chat.command_line import (
    add_connection_options,
    command_context,
    remember_learned,
    speak_the_language,
    spent_this_month,
)
from vision_desktop.core.i18n import tr

if TYPE_CHECKING:
    from vision_desktop.api.http import HttpSettings
    from vision_desktop.api.parameters import ParameterChange
    from vision_desktop.chat.connection import Connection
    from vision_desktop.chat.flight import FlightPlan
    from vision_desktop.core.models import ChatOptions, ChatResult, ImageAttachment
    from vision_desktop.core.profiles import ModelProfile
    from vision_desktop.images import ImageLimits
    from vision_desktop.storage.paths import AppPaths
    from vision_desktop.storage.settings import Settings

log = logging.getLogger(__name__)
PROG = "vision-desktop"
COMMANDS = ("ask", "key", "history", "batch")


_WIDE_OR_WORD = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|.")
_NO_LINE_START = set("，。、；：！？）」』》〉】,.;:!?)")


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes: Chinese characters and full-width forms take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap_wide(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, breaking between Chinese characters as well as at spaces
    (textwrap counts a Chinese character as one column and never breaks inside a run of them), and never
    starting a line with a closing mark such as "，" or "。"."""
    lines: list[str] = []
    line, used = "", 0
    for token in _WIDE_OR_WORD.findall(" ".join(text.split())):
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        size = _columns(token)
        if line and used + size > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help, wrapped by terminal columns when a text has Chinese in it (English is left to argparse)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if _columns(text) == len(text):
            return super()._split_lines(text, width)
        return _wrap_wide(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if _columns(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap_wide(text, width - len(indent)))


class _Parser(argparse.ArgumentParser):
    """argparse's parser with its own words in the person's language too: the ``-h`` line and the section titles
    (its "usage:" and "error:" stay as argparse writes them). The subcommands' parsers are of this class too
    (``add_subparsers`` makes parsers of its parser's class)."""

    def __init__(self, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = tr("cli", "positional arguments")
        self._optionals.title = tr("cli", "options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=tr("cli", "show this help message and exit"),
            )


def build_parser() -> argparse.ArgumentParser:
    from vision_desktop.api.providers import PROVIDERS

    providers = sorted(PROVIDERS)
    parser = _Parser(
        prog=PROG,
        description=tr("cli", "Ask a vision model about images. Without a command, the window opens."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=tr("cli", "show program's version number and exit"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser(
        "ask",
        help=tr("cli", "ask a question about images and print the answer"),
        description=tr(
            "cli",
            "Ask a question about images and print the answer. Images are prepared for the model (its size "
            "and token budget) and checked before anything is sent: a question with more images than the model "
            "takes, or too large to send, is refused with what to do. With --dry-run nothing is sent: the plan "
            "is printed instead (images, megapixels, upload size, estimated prompt tokens and cost).",
        ),
    )
    ask.add_argument(
        "prompt", nargs="?", help=tr("cli", "the question (read from standard input when left out or '-')")
    )
    ask.add_argument(
        "-i",
        "--image",
        action="append",
        default=[],
        metavar="PATH|URL",
        help=tr("cli", "an image (repeatable)"),
    )
    add_connection_options(ask, timeout_help=tr("cli", "how long to wait for the answer"))
    ask.add_argument(
        "--json",
        action="store_true",
        help=tr("cli", "print one JSON object instead of the text (with --dry-run: the plan as JSON)"),
    )
    ask.add_argument(
        "--dry-run",
        action="store_true",
        help=tr(
            "cli",
            "send nothing: prepare the images and print what would be sent and its estimated tokens and cost "
            "(exit status 1 when a limit would be broken); needs no API key",
        ),
    )
    ask.add_argument(
        "--stream",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=tr("cli", "print the answer as it arrives (default: when the output is a terminal)"),
    )
    ask.add_argument(
        "--no-history", action="store_true", help=tr("cli", "do not record this question in the history")
    )

    key = sub.add_parser("key", help=tr("cli", "store, remove or check the API key in the system keyring"))
    key.add_argument("action", choices=("set", "delete", "status"))
    key.add_argument(
        "--provider", choices=providers, help=tr("cli", "provider preset (default: from settings)")
    )
    key.add_argument("--debug", action="store_true", help=tr("cli", "show tracebacks"))

    from vision_desktop.history_cli import add_history_parser

    add_history_parser(sub)
    from vision_desktop.batch.command import add_parser as add_batch_parser

    add_batch_parser(sub)
    return parser


# ------------------------------------------------------------------------------------------- shared
def _validate_ask(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    from vision_desktop.storage.settings import MAX_TOKENS, TEMPERATURE, TIMEOUT

    if args.temperature is not None and args.temperature not in TEMPERATURE:
        parser.error(
            tr("cli", "--temperature must be between {minimum} and {maximum}").format(
                minimum=f"{TEMPERATURE.minimum:g}", maximum=f"{TEMPERATURE.maximum:g}"
            )
        )
    if args.max_tokens is not None and args.max_tokens not in MAX_TOKENS:
        parser.error(
            tr("cli", "--max-tokens must be between {minimum} and {maximum}").format(
                minimum=MAX_TOKENS.minimum, maximum=MAX_TOKENS.maximum
            )
        )
    if args.timeout is not None and args.timeout not in TIMEOUT:
        parser.error(
            tr("cli", "--timeout must be between {minimum} and {maximum} seconds").format(
                minimum=f"{TIMEOUT.minimum:g}", maximum=f"{TIMEOUT.maximum:g}"
            )
        )


def _image_preparer(
    sources: list[str], http: HttpSettings, profile: ModelProfile | None = None, *, tiles: bool = True
) -> Callable[[ImageLimits | None], tuple[ImageAttachment, ...]]:
    """Prepares the images (in parallel) for the model's ``profile`` (tall or wide pictures cut into tiles when
    ``tiles`` and the pipeline can), again with smaller limits when the relay found them too large.

    ``prepare(None)`` uses the profile's limits for the number of images sent; when tiles take a request past the
    profile's ``many_images`` (20), the images are prepared once more within its stricter edge (2000 px).
    Images given as addresses are downloaded with the connection's proxy and extra certificate
    (:mod:`vision_desktop.chat.http`)."""

    def prepare_all(limits: ImageLimits) -> tuple[ImageAttachment, ...]:
        from vision_desktop import images as pipeline
        from vision_desktop.chat.http import download_client
        from vision_desktop.images import is_image_url

        def one(source: str) -> tuple[ImageAttachment, ...]:
            return pipeline.prepare_source_tiles(
                source, client=client, limits=limits, profile=profile, tiles=tiles and profile is not None
            )

        client = download_client(http) if any(is_image_url(s) for s in sources) else None
        try:
            with ThreadPoolExecutor(max_workers=min(4, len(sources))) as pool:
                return tuple(image for group in pool.map(one, sources) for image in group)
        finally:
            if client is not None:
                client.close()

    def prepare(limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
        if not sources:
            return ()
        from vision_desktop.images import ImageLimits

        if limits is not None:
            return prepare_all(limits)
        if profile is None:
            return prepare_all(ImageLimits())
        images = prepare_all(ImageLimits.for_profile(profile, len(sources)))
        edge = profile.edge_limit(len(images))
        if len(images) > len(sources) and any(max(i.width, i.height) > edge for i in images):
            images = prepare_all(
                ImageLimits.for_profile(profile, len(images))
            )  # tiles made it a request of many images
        return images

    return prepare


def _result_json(
    result: ChatResult, images: list[ImageAttachment], estimated_prompt_tokens: int | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": result.id,
        "model": result.model,
        "content": result.content,
        "finish_reason": result.finish_reason,
        "usage": result.usage.as_dict() if result.usage.reported else None,
        "images": [image.summary() for image in images],
    }
    if estimated_prompt_tokens is not None:
        out["estimated_prompt_tokens"] = estimated_prompt_tokens
    return out


def _plan_json(plan: FlightPlan, images: Sequence[ImageAttachment]) -> dict[str, Any]:
    """``ask --dry-run --json``: the images as ``ask --json`` lists them, and the plan's figures."""
    return {
        "model": plan.model,
        "images": [image.summary() for image in images],
        "pixels": plan.pixels,
        "upload_bytes": plan.upload_bytes,
        "estimated_prompt_tokens": plan.estimated_prompt_tokens,
        "estimated_cost": plan.estimated_cost,
        "currency": plan.currency,
        "problems": [problem.as_json() for problem in plan.problems],
    }


def _plan(
    settings: Settings,
    images: Sequence[ImageAttachment],
    prompt: str,
    options: ChatOptions,
    system: str | None,
    stream: bool,
    spent_this_month: float | None = None,
) -> FlightPlan:
    from vision_desktop.chat.flight import plan_with_settings

    return plan_with_settings(
        settings,
        images=images,
        text=prompt,
        options=options,
        system=system,
        stream=stream,
        spent_this_month=spent_this_month,
    )


def _refuse(plan: FlightPlan) -> None:
    """Raise the first problem that blocks ``plan`` (a plain sentence with what to do), if any."""
    from vision_desktop.core.errors import VisionDesktopError

    if plan.blocks:
        first, *others = plan.blocking
        raise VisionDesktopError(first.text, detail="; ".join(p.text for p in others) or None)


class _Output:
    """Standard output for ``ask``: a reader that went away (``| head -c 10``) ends the printing, not the ask."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.closed = False

    def write(self, text: str) -> None:
        if self.closed:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except BrokenPipeError:
            self.closed = True


class PipeClosed(Exception):
    """Standard output was closed by its reader; :func:`main` ends quietly with status 0."""


# ------------------------------------------------------------------------------------------- ask
def cmd_ask(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO, err: TextIO) -> int:
    from vision_desktop.chat.connection import resolve_connection
    from vision_desktop.core.models import ChatOptions

    _validate_ask(parser, args)
    prompt = args.prompt
    if prompt in (None, "-"):
        if sys.stdin is None or sys.stdin.isatty():
            parser.error(
                tr("cli", 'give a question, e.g. vision-desktop ask -i photo.jpg "What is in this picture?"')
            )
        prompt = sys.stdin.read().strip()
    if not prompt and not args.image:
        parser.error(tr("cli", "give a question or at least one image"))

    from vision_desktop.api.providers import get_provider
    from vision_desktop.chat.flight import too_many_images_problem
    from vision_desktop.core.errors import MissingApiKeyError, VisionDesktopError
    from vision_desktop.storage.secrets import API_KEY_ENV

    paths, settings, store = command_context(bool(args.debug))
    options = ChatOptions(
        model=args.model or settings.model,
        temperature=args.temperature if args.temperature is not None else settings.temperature,
        max_tokens=args.max_tokens if args.max_tokens is not None else settings.max_tokens,
    )
    profile = settings.profile(options.model)
    too_many = too_many_images_problem(len(args.image), profile)
    if too_many is not None:  # before preparing (tiles only add images)
        raise VisionDesktopError(too_many.text)
    system = args.system if args.system is not None else (settings.system_prompt or None)
    stream = args.stream if args.stream is not None else (out.isatty() and not args.json)
    spent = spent_this_month(paths, settings)
    if args.dry_run:
        streams = stream and settings.streams(args.provider or settings.provider)
        return _dry_run(args, settings, profile, prompt or "", options, system, streams, spent, out, err)
    try:
        connection = resolve_connection(
            settings, store, provider=args.provider, base_url=args.base_url, timeout=args.timeout
        )
    except MissingApiKeyError as exc:
        provider = args.provider or settings.provider
        raise MissingApiKeyError(
            tr("cli", "No API key is set for {name}. Run `{command}`, or set {variable}.").format(
                name=get_provider(provider).name,
                command=f"{PROG} key set --provider {provider}",
                variable=API_KEY_ENV,
            ),
            detail=exc.detail,
        ) from None
    learned: list[ParameterChange] = []  # parameters a relay refused: kept in the settings for next time
    connection = replace(connection, on_learned=learned.append)
    try:
        return _ask_with(
            args, connection, paths, settings, options, profile, prompt, system, stream, spent, out, err
        )
    finally:
        if learned:
            remember_learned(paths.settings_file, learned, err)


def _ask_with(
    args: argparse.Namespace,
    connection: Connection,
    paths: AppPaths,
    settings: Settings,
    options: ChatOptions,
    profile: ModelProfile,
    prompt: str | None,
    system: str | None,
    stream: bool,
    spent: float | None,
    out: TextIO,
    err: TextIO,
) -> int:
    from vision_desktop.api.cancel import CancelToken
    from vision_desktop.api.providers import is_loopback_url
    from vision_desktop.chat.sending import send_question
    from vision_desktop.core.errors import ConfigError, VisionDesktopError

    for change in connection.base_url_changes:
        err.write(
            tr("cli", "Note: base URL adjusted ({change}): using {url}").format(
                change=change, url=connection.base_url
            )
            + "\n"
        )
    if connection.base_url.startswith("http://") and not is_loopback_url(connection.base_url):
        raise ConfigError(
            tr(
                "cli",
                "{url} is not encrypted (http://): the key and the images would travel in the clear. "
                "Use an https:// address.",
            ).format(url=connection.base_url)
        )
    streams = stream and settings.streams(connection.provider)
    prepare = _image_preparer(args.image, connection.http(), profile, tiles=settings.tile_images)

    planned: list[FlightPlan] = []  # the flight check of the images about to be sent

    def prepare_checked(limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
        images = prepare(limits)
        plan = _plan(settings, images, prompt or "", options, system, streams, spent)
        _refuse(plan)  # nothing goes out
        if not planned:
            for warning in plan.warnings:  # the budget: said, not enforced
                err.write(tr("cli", "Warning: {text}").format(text=warning.text) + "\n")
        planned.append(plan)
        return images

    streamed: list[str] = []
    printed = _Output(out)

    def show(text: str) -> None:
        streamed.append(text)
        printed.write(text)

    waiting = tr("status", "Waiting for the answer…")  # said by send_question in the language set

    def status(text: str) -> None:
        if text != waiting and not text.startswith(("Waiting", "Preparing")):
            err.write(text + "\n")

    def problem(line: str) -> None:
        err.write(line)

    from vision_desktop.chat.recording import Recording
    from vision_desktop.core.models import Message, finish_reason_note
    from vision_desktop.history_cli import recording_ask

    def start_recording(recording: Recording, question: Message) -> None:
        # the answer's cost is worked out from the price; the estimate is kept beside the reported count
        recording.turn.price = settings.price_for(options.model)
        if planned:
            recording.turn.estimated_prompt_tokens = planned[-1].estimated_prompt_tokens
        recording.start(question)

    # The question is recorded before the request goes out (on_question), so that an ask killed while it waits
    # is in `history list`; a failure ends the turn failed (or stopped) and is raised on to main.
    with recording_ask(
        paths,
        Message("user", prompt or ""),
        options,
        provider=connection.provider,
        system=system,
        enabled=not args.no_history,
        start=False,
        on_problem=problem,
    ) as recording:
        try:
            outcome = send_question(
                connection,
                history=(),
                text=prompt or "",
                prepare_images=prepare_checked,
                options=options,
                system=system,
                cancel=CancelToken(),
                stream=streams,
                on_delta=show if stream and not args.json else None,
                on_status=status,
                on_question=lambda question: start_recording(recording, question),
            )
        except VisionDesktopError as exc:
            if exc.partial and not streamed and not args.json:
                printed.write(exc.partial.rstrip("\n") + "\n")  # what arrived, before the error line
            raise
        result, images = outcome.result, list(outcome.question.images)
        try:
            # The answer first: nothing after this (notes, the history, the usage line) may lose it.
            empty = not result.content.strip()
            if args.json:
                estimate = planned[-1].estimated_prompt_tokens if planned else None
                data = _result_json(result, images, estimate)
                printed.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            elif streamed:
                printed.write("\n")
            elif not empty:
                printed.write(result.content.rstrip("\n") + "\n")
            for note in outcome.notes:
                err.write(tr("cli", "Note: {text}").format(text=note) + "\n")
            if result.incomplete and not args.json:
                err.write(tr("cli", "Note: the answer may be incomplete: the stream ended early.") + "\n")
            reason_note = finish_reason_note(result.finish_reason)
            if reason_note:
                err.write(tr("cli", "Note: {text}").format(text=reason_note) + "\n")
            elif empty:
                err.write(tr("cli", "Note: the model sent an empty answer.") + "\n")
        finally:
            recording.finish(result)
    if not args.json and err.isatty():
        try:
            line = tr("cli", "— {model}, {usage}, {seconds} s").format(
                model=result.model or options.model,
                usage=_usage_text(result),
                seconds=f"{result.elapsed:.1f}",
            )
            err.write(line + "\n")
        except (
            ValueError,
            TypeError,
            OverflowError,
        ) as exc:  # absurd figures from a relay: not worth a failure
            log.warning("usage not shown: %s", exc)
    if printed.closed:
        raise PipeClosed
    return 1 if empty else 0


def _dry_run(
    args: argparse.Namespace,
    settings: Settings,
    profile: ModelProfile,
    prompt: str,
    options: ChatOptions,
    system: str | None,
    stream: bool,
    spent_this_month: float | None,
    out: TextIO,
    err: TextIO,
) -> int:
    """``ask --dry-run``: prepare the images, print the plan, send nothing (no key needed). 1 when it blocks."""
    from vision_desktop.api.http import HttpSettings

    http = HttpSettings(
        proxy=settings.proxy,
        extra_ca_file=settings.extra_ca_file,
        read_timeout=args.timeout if args.timeout is not None else settings.timeout,
    )
    images = _image_preparer(args.image, http, profile, tiles=settings.tile_images)(None)
    plan = _plan(settings, images, prompt, options, system, stream, spent_this_month)
    printed = _Output(out)
    if args.json:
        printed.write(json.dumps(_plan_json(plan, images), ensure_ascii=False, indent=2) + "\n")
    else:
        printed.write(plan.summary() + "\n")
    lines = {
        "block": tr("cli", "Error: {text}"),
        "warn": tr("cli", "Warning: {text}"),
        "note": tr("cli", "Note: {text}"),
    }
    for problem in plan.problems:
        if problem.blocks or not args.json:  # the JSON lists them all; what blocks goes to stderr too
            err.write(lines[problem.severity].format(text=problem.text) + "\n")
    if printed.closed:
        raise PipeClosed
    return 1 if plan.blocks else 0


def _usage_text(result: ChatResult) -> str:
    usage = result.usage
    if not usage.reported:
        return tr("cli", "usage not reported")
    return tr("cli", "{total} tokens ({prompt} in, {completion} out)").format(
        total=f"{usage.total_tokens:,}",
        prompt=f"{usage.prompt_tokens:,}",
        completion=f"{usage.completion_tokens:,}",
    )


# ------------------------------------------------------------------------------------------- key
def _read_key(err: TextIO) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(tr("cli", "API key (input hidden): "), stream=err)
    return (sys.stdin.readline() if sys.stdin is not None else "").strip()


def cmd_key(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO, err: TextIO) -> int:
    from vision_desktop.api.providers import get_provider
    from vision_desktop.core.errors import ConfigError
    from vision_desktop.storage.secrets import API_KEY_ENV

    _, settings, store = command_context(bool(args.debug))
    provider = args.provider or settings.provider
    name = get_provider(provider).name
    if args.action == "set":
        key = _read_key(err).strip()
        if not key:
            raise ConfigError(tr("cli", "No key was entered; nothing was stored."))
        store.set(provider, key)
        out.write(tr("cli", "Stored the {name} key in the system keyring.").format(name=name) + "\n")
    elif args.action == "delete":
        store.delete(provider)
        out.write(
            tr("cli", "Removed the {name} key from the system keyring (if it was there).").format(name=name)
            + "\n"
        )
    else:
        import os

        if os.environ.get(API_KEY_ENV, "").strip():
            out.write(
                tr(
                    "cli",
                    "{name}: a key is set in the environment variable {variable} (it takes precedence).",
                ).format(name=name, variable=API_KEY_ENV)
                + "\n"
            )
        has = store.get(provider)
        if has:
            out.write(
                tr("cli", "{name}: a key is stored in the system keyring ({where}).").format(
                    name=name, where=store.description
                )
                + "\n"
            )
        elif not os.environ.get(API_KEY_ENV, "").strip():
            out.write(
                tr("cli", "{name}: no key found. Run `{command}` or set {variable}.").format(
                    name=name, command=f"{PROG} key set --provider {provider}", variable=API_KEY_ENV
                )
                + "\n"
            )
            return 1
    return 0


# ------------------------------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    speak_the_language()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(out)
        return 2
    debug = bool(getattr(args, "debug", False))
    try:
        return _run(args, parser, out, err, debug)
    except (BrokenPipeError, PipeClosed):
        _quiet_closed_pipes(out, err)
        return 0


def _run(
    args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO, err: TextIO, debug: bool
) -> int:
    from vision_desktop.logs import format_exception, redact, setup_logging

    # Every handler is ours, with the redaction filter: --debug's stderr handler too (no basicConfig).
    setup_logging(None, debug=debug, stderr=debug)
    try:
        if args.command == "history":
            from vision_desktop.history_cli import cmd_history

            return cmd_history(args, out, err)
        if args.command == "batch":
            from vision_desktop.batch.command import run as run_batch

            return run_batch(args, out=out, err=err)
        handler = cmd_ask if args.command == "ask" else cmd_key
        return handler(args, parser, out, err)
    except KeyboardInterrupt:
        err.write(tr("cli", "Stopped.") + "\n")
        return 130
    except (BrokenPipeError, PipeClosed):
        raise
    except Exception as exc:
        from vision_desktop.core.errors import VisionDesktopError

        if isinstance(exc, VisionDesktopError):
            log.warning("%s failed: %s (%s)", args.command, exc.message, exc.details())
            err.write(tr("cli", "Error: {text}").format(text=redact(exc.message)) + "\n")
            if debug:
                err.write(redact(exc.details_text()) + "\n")
        else:
            log.exception("unexpected failure")
            err.write(
                tr(
                    "cli",
                    "Error: something unexpected went wrong ({name}). Run again with --debug for details.",
                ).format(name=type(exc).__name__)
                + "\n"
            )
        if debug:
            err.write(format_exception(exc))
        return 1


def _quiet_closed_pipes(out: TextIO, err: TextIO) -> None:
    """The reader of our output went away: send what is still buffered nowhere, so exiting prints nothing."""
    import os

    for stream in (out, err):
        if stream not in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            continue
        try:
            fd = stream.fileno()
        except (OSError, ValueError, AttributeError):
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
            os.close(devnull)
