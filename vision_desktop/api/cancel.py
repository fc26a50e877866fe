"""Cancelling a request from another thread, at once, in any phase (kept free of httpx so the window starts fast)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Mapping
from typing import Any

from vision_desktop.core.errors import CancelledError

# httpcore's trace events that return a new stream, and the prefixes of events that come once a connection has it.
_NEW_STREAM = (".connect_tcp.complete", ".connect_unix_socket.complete", ".start_tls.complete")
_HANDED_OVER = ("http11.", "http2.")
# events of work already ending: raising there would only break the clean-up (a reader abandoned between two
# pieces of an answer is closed later by the garbage collector, which reports an exception raised there)
_ENDING = (".failed", ".response_closed.started", ".response_closed.complete")


class CancelToken:
    """Cancels one request from any thread.

    When the client connects, the token keeps a duplicate of the connection's socket. :meth:`cancel` shuts the
    connection down through it, which makes a read blocked in another thread return at once: while waiting for
    the answer, in the middle of a stream, and during the TLS handshake too. (The duplicate is needed because TLS
    takes over, and detaches, the socket object httpcore connected with; shutting down acts on the connection,
    so any descriptor of it will do.) :meth:`release` closes the duplicates when the request is over.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._unowned: Any = None  # the stream made by connect_tcp/start_tls that no connection holds yet

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise CancelledError()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cancelled meanwhile."""
        return self._event.wait(seconds)

    def release(self) -> None:
        """Close the duplicated sockets (the request is over; the connection itself belongs to httpcore)."""
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            sock.close()

    def _register(self, sock: socket.socket) -> None:
        try:
            duplicate = sock.dup()
        except OSError:
            return
        with self._lock:
            self._sockets.append(duplicate)
            if self._event.is_set():
                with contextlib.suppress(OSError):
                    duplicate.shutdown(socket.SHUT_RDWR)

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's ``trace`` extension hook: catches the socket as soon as the connection is made; once
        cancelled, raises :class:`CancelledError` at the next step (not at one that reports work ending, which
        would only break the clean-up)."""
        if event.endswith(_NEW_STREAM):
            stream = info.get("return_value")
            self._unowned = stream
            if event.endswith(".connect_tcp.complete"):
                sock = stream.get_extra_info("socket") if stream is not None else None
                if isinstance(sock, socket.socket):
                    self._register(sock)
        elif event.startswith(_HANDED_OVER):
            self._unowned = None  # the HTTP connection owns the stream now and closes it itself
        if self._event.is_set():
            stream, self._unowned = self._unowned, None
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
            if not event.endswith(_ENDING):
                raise CancelledError()
