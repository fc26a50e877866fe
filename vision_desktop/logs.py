"""Logging: a rotating file in the log folder, and a redaction filter so no key can ever reach a log.

The filter is attached to every handler we install (not to loggers), so records from any library pass through
it. It removes keys registered with :func:`register_secret` and anything shaped like a bearer token or an
``sk-`` key. Everything else that reaches a person goes through :func:`redact` too: the CLI's error lines and
``--debug`` output (:func:`setup_logging` with ``stderr=True`` is the ``--debug`` handler), tracebacks
(:func:`format_exception`), the window's Details (``ui/messages.py``) and the crash hook in ``app.py``.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
import traceback
from pathlib import Path

_SECRETS: set[str] = set()
_LOCK = threading.Lock()
_PATTERNS = (
    re.compile(r"(?i)(authorization\s*[:=]\s*)(bearer\s+)?[^\s'\",]+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{6,}"),
    re.compile(r"()\bsk-[A-Za-z0-9_-]{8,}"),
)
REDACTED = "[redacted]"
_MARK = "_vision_desktop_handler"


def register_secret(secret: str | None) -> None:
    """Make sure ``secret`` is replaced in every log line from now on."""
    if secret and len(secret) >= 4:
        with _LOCK:
            _SECRETS.add(secret)


def redact(text: str) -> str:
    with _LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


def format_exception(exc: BaseException) -> str:
    """A traceback, redacted (for ``--debug`` and crash reports)."""
    return redact("".join(traceback.format_exception(exc)))


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        record.msg = message
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_logging(log_file: Path | None, *, debug: bool = False, stderr: bool = False) -> None:
    """Install the file handler (and optionally a stderr one, for ``--debug``) on the root logger, once.

    Calling it again replaces the handlers it installed before. With neither a file nor stderr, a null handler
    is installed, so Python's last-resort handler (which prints warnings to stderr, unredacted) never runs.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(
                logging.handlers.RotatingFileHandler(
                    log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
                )
            )
        except OSError:
            pass  # a read-only or full disk must not stop the app
    if stderr:
        handlers.append(logging.StreamHandler())
    if not handlers:
        handlers.append(logging.NullHandler())
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.addFilter(RedactingFilter())
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for noisy in ("httpx", "httpcore", "PIL", "keyring"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug and noisy != "httpcore" else logging.WARNING)
