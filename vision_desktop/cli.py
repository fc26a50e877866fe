"""``vision-desktop ask …`` and ``vision-desktop key …``: the same core as the window, without Qt.

Exit status: 0 on success, 2 on usage errors, 1 on every other failure, with one plain line on stderr (a
traceback only with ``--debug``). The API key appears in no output, ever.

Heavy modules (httpx, Pillow, keyring) are imported inside the commands so ``--version`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TextIO

from vision_desktop import __version__

if TYPE_CHECKING:
    from vision_desktop.core.models import ChatResult, ImageAttachment
    from vision_desktop.images import ImageLimits
    from vision_desktop.storage.secrets import SecretStore
    from vision_desktop.storage.settings import Settings

log = logging.getLogger(__name__)
PROG = "vision-desktop"
COMMANDS = ("ask", "key", "history")


def build_parser() -> argparse.ArgumentParser:
    from vision_desktop.api.providers import PROVIDERS

    providers = sorted(PROVIDERS)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Ask a vision model about images. Without a command, the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser("ask", help="ask a question about images and print the answer")
    ask.add_argument("prompt", nargs="?", help="the question (read from standard input when left out or '-')")
    ask.add_argument(
        "-i", "--image", action="append", default=[], metavar="PATH|URL", help="an image (repeatable)"
    )
    ask.add_argument("--provider", choices=providers, help="provider preset (default: from settings)")
    ask.add_argument("--base-url", help="OpenAI-compatible base URL, e.g. https://www.anyfast.ai/v1")
    ask.add_argument("-m", "--model", help="model name (default: from settings)")
    ask.add_argument("--temperature", type=float, metavar="T", help="0 to 2")
    ask.add_argument("--max-tokens", type=int, metavar="N", help="longest answer, in tokens")
    ask.add_argument("--system", metavar="TEXT", help="instructions for the model (a system message)")
    ask.add_argument("--timeout", type=float, metavar="SECONDS", help="how long to wait for the answer")
    ask.add_argument("--json", action="store_true", help="print one JSON object instead of the text")
    ask.add_argument(
        "--stream",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="print the answer as it arrives (default: when the output is a terminal)",
    )
    ask.add_argument("--no-history", action="store_true", help="do not record this question in the history")
    ask.add_argument("--debug", action="store_true", help="log to stderr and show tracebacks")

    key = sub.add_parser("key", help="store, remove or check the API key in the system keyring")
    key.add_argument("action", choices=("set", "delete", "status"))
    key.add_argument("--provider", choices=providers, help="provider preset (default: from settings)")
    key.add_argument("--debug", action="store_true", help="show tracebacks")

    from vision_desktop.history_cli import add_history_parser

    add_history_parser(sub)
    return parser


# ------------------------------------------------------------------------------------------- shared
def _context() -> tuple[Any, Settings, SecretStore]:
    from vision_desktop.logs import setup_logging
    from vision_desktop.storage.paths import app_paths
    from vision_desktop.storage.secrets import KeyringSecretStore
    from vision_desktop.storage.settings import SettingsStore

    paths = app_paths().ensure()
    setup_logging(paths.log_file)
    settings = SettingsStore(paths.settings_file).load()
    return paths, settings, KeyringSecretStore()


def _validate_ask(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    from vision_desktop.storage.settings import MAX_TOKENS, TEMPERATURE, TIMEOUT

    if args.temperature is not None and args.temperature not in TEMPERATURE:
        parser.error(f"--temperature must be between {TEMPERATURE.minimum:g} and {TEMPERATURE.maximum:g}")
    if args.max_tokens is not None and args.max_tokens not in MAX_TOKENS:
        parser.error(f"--max-tokens must be between {MAX_TOKENS.minimum} and {MAX_TOKENS.maximum}")
    if args.timeout is not None and args.timeout not in TIMEOUT:
        parser.error(f"--timeout must be between {TIMEOUT.minimum:g} and {TIMEOUT.maximum:g} seconds")


def _image_preparer(
    sources: list[str], read_timeout: float
) -> Callable[[ImageLimits | None], tuple[ImageAttachment, ...]]:
    """Prepares the images (in parallel), again with smaller limits when the relay found them too large."""

    def prepare(limits: ImageLimits | None) -> tuple[ImageAttachment, ...]:
        if not sources:
            return ()
        from vision_desktop.images import ImageLimits, is_image_url, prepare_source

        client = None
        if any(is_image_url(s) for s in sources):
            import httpx

            from vision_desktop.api.client import make_ssl_context

            client = httpx.Client(
                verify=make_ssl_context(), timeout=httpx.Timeout(read_timeout, connect=10.0)
            )
        try:
            with ThreadPoolExecutor(max_workers=min(4, len(sources))) as pool:
                chosen = limits or ImageLimits()
                return tuple(pool.map(lambda s: prepare_source(s, client=client, limits=chosen), sources))
        finally:
            if client is not None:
                client.close()

    return prepare


def _result_json(result: ChatResult, images: list[ImageAttachment]) -> dict[str, Any]:
    return {
        "id": result.id,
        "model": result.model,
        "content": result.content,
        "finish_reason": result.finish_reason,
        "usage": result.usage.as_dict(),
        "images": [image.summary() for image in images],
    }


# ------------------------------------------------------------------------------------------- ask
def cmd_ask(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO, err: TextIO) -> int:
    from vision_desktop.api.cancel import CancelToken
    from vision_desktop.api.providers import is_loopback_url
    from vision_desktop.core.errors import ConfigError
    from vision_desktop.core.models import ChatOptions
    from vision_desktop.services import resolve_connection, send_question

    _validate_ask(parser, args)
    prompt = args.prompt
    if prompt in (None, "-"):
        if sys.stdin is None or sys.stdin.isatty():
            parser.error('give a question, e.g. vision-desktop ask -i photo.jpg "What is in this picture?"')
        prompt = sys.stdin.read().strip()
    if not prompt and not args.image:
        parser.error("give a question or at least one image")

    from vision_desktop.api.providers import get_provider
    from vision_desktop.core.errors import MissingApiKeyError
    from vision_desktop.storage.secrets import API_KEY_ENV

    paths, settings, store = _context()
    try:
        connection = resolve_connection(
            settings, store, provider=args.provider, base_url=args.base_url, timeout=args.timeout
        )
    except MissingApiKeyError as exc:
        provider = args.provider or settings.provider
        raise MissingApiKeyError(
            f"No API key is set for {get_provider(provider).name}. Run `{PROG} key set --provider {provider}`, "
            f"or set {API_KEY_ENV}.",
            detail=exc.detail,
        ) from None
    for change in connection.base_url_changes:
        err.write(f"Note: base URL adjusted ({change}): using {connection.base_url}\n")
    if connection.base_url.startswith("http://") and not is_loopback_url(connection.base_url):
        raise ConfigError(
            f"{connection.base_url} is not encrypted (http://): the key and the images would travel in the clear. "
            "Use an https:// address."
        )
    options = ChatOptions(
        model=args.model or settings.model,
        temperature=args.temperature if args.temperature is not None else settings.temperature,
        max_tokens=args.max_tokens if args.max_tokens is not None else settings.max_tokens,
    )
    system = args.system if args.system is not None else (settings.system_prompt or None)
    stream = args.stream if args.stream is not None else (out.isatty() and not args.json)
    streamed: list[str] = []

    def show(text: str) -> None:
        streamed.append(text)
        out.write(text)
        out.flush()

    def status(text: str) -> None:
        if not text.startswith(("Waiting", "Preparing")):
            err.write(text + "\n")

    from vision_desktop.core.models import Message
    from vision_desktop.history_cli import record_ask

    try:
        outcome = send_question(
            connection,
            history=(),
            text=prompt or "",
            prepare_images=_image_preparer(args.image, connection.read_timeout),
            options=options,
            system=system,
            cancel=CancelToken(),
            stream=stream and settings.streams(connection.provider),
            on_delta=show if stream and not args.json else None,
            on_status=status,
        )
    except BaseException as exc:
        if not args.no_history:
            record_ask(
                paths,
                Message("user", prompt or ""),
                options,
                exc,
                provider=connection.provider,
                system=system,
            )
        raise
    if not args.no_history:
        record_ask(
            paths, outcome.question, options, outcome.result, provider=connection.provider, system=system
        )
    result, images = outcome.result, list(outcome.question.images)
    for note in outcome.notes:
        err.write(f"Note: {note}\n")
    if args.json:
        json.dump(_result_json(result, images), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        if streamed:
            out.write("\n")
        else:
            out.write(result.content.rstrip("\n") + "\n")
        if result.incomplete:
            err.write("Note: the answer may be incomplete: the stream ended early.\n")
        if err.isatty():
            usage = result.usage
            tokens = (
                f"{usage.total_tokens:,} tokens ({usage.prompt_tokens:,} in, {usage.completion_tokens:,} out)"
                if usage.reported
                else "usage not reported"
            )
            err.write(f"— {result.model or options.model}, {tokens}, {result.elapsed:.1f} s\n")
    if result.finish_reason == "length":
        err.write("Note: the answer was cut off at the token limit; raise --max-tokens for a longer one.\n")
    return 0


# ------------------------------------------------------------------------------------------- key
def _read_key(err: TextIO) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass("API key (input hidden): ", stream=err)
    return (sys.stdin.readline() if sys.stdin is not None else "").strip()


def cmd_key(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO, err: TextIO) -> int:
    from vision_desktop.api.providers import get_provider
    from vision_desktop.core.errors import ConfigError
    from vision_desktop.storage.secrets import API_KEY_ENV

    _, settings, store = _context()
    provider = args.provider or settings.provider
    name = get_provider(provider).name
    if args.action == "set":
        key = _read_key(err).strip()
        if not key:
            raise ConfigError("No key was entered; nothing was stored.")
        store.set(provider, key)
        out.write(f"Stored the {name} key in the system keyring.\n")
    elif args.action == "delete":
        store.delete(provider)
        out.write(f"Removed the {name} key from the system keyring (if it was there).\n")
    else:
        import os

        if os.environ.get(API_KEY_ENV, "").strip():
            out.write(
                f"{name}: a key is set in the environment variable {API_KEY_ENV} (it takes precedence).\n"
            )
        has = store.get(provider)
        if has:
            out.write(f"{name}: a key is stored in the system keyring ({store.description}).\n")
        elif not os.environ.get(API_KEY_ENV, "").strip():
            out.write(
                f"{name}: no key found. Run `{PROG} key set --provider {provider}` or set {API_KEY_ENV}.\n"
            )
            return 1
    return 0


# ------------------------------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(out)
        return 2
    debug = bool(getattr(args, "debug", False))
    try:
        if debug:
            logging.basicConfig(level=logging.DEBUG)
        if args.command == "history":
            from vision_desktop.history_cli import cmd_history

            return cmd_history(args, out, err)
        handler = cmd_ask if args.command == "ask" else cmd_key
        return handler(args, parser, out, err)
    except KeyboardInterrupt:
        err.write("Stopped.\n")
        return 130
    except Exception as exc:
        from vision_desktop.core.errors import VisionDesktopError
        from vision_desktop.logs import redact

        if isinstance(exc, VisionDesktopError):
            log.warning("ask failed: %s (%s)", exc.message, exc.details())
            err.write(f"Error: {exc.message}\n")
            if debug:
                err.write(redact(exc.details_text()) + "\n")
        else:
            log.exception("unexpected failure")
            err.write(
                f"Error: something unexpected went wrong ({type(exc).__name__}). Run again with --debug for details.\n"
            )
        if debug:
            import traceback

            err.write(redact("".join(traceback.format_exception(exc))))
        return 1
