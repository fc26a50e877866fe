"""A tiny HTTP proxy on 127.0.0.1 that tunnels ``CONNECT`` requests, like an office proxy in front of HTTPS.

It records every ``CONNECT`` target (``127.0.0.1:PORT``) in :attr:`ConnectProxy.targets`, then copies bytes both
ways until one side closes. Only loopback targets are tunnelled (anything else gets ``403``): the tests never
reach the network. Each tunnel runs on its own daemon thread, at most ``max_tunnels`` at once; :meth:`close`
(or leaving the ``with`` block) stops the listener and every tunnel, and a tunnel idle for ``idle_timeout``
seconds ends by itself.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from types import TracebackType

_HEADER_LIMIT = 16 * 1024


class ConnectProxy:
    def __init__(self, *, max_tunnels: int = 16, idle_timeout: float = 30.0) -> None:
        self.targets: list[str] = []
        """``host:port`` of every CONNECT, in order (refused ones too)."""
        self.other_requests: list[str] = []
        """Request lines that were not CONNECT (answered ``405``)."""
        self._slots = threading.BoundedSemaphore(max_tunnels)
        self._idle_timeout = idle_timeout
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(target=self._accept, name="connect-proxy", daemon=True)

    def start(self) -> ConnectProxy:
        self._acceptor.start()
        return self

    def __enter__(self) -> ConnectProxy:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            _close(sock)
        self._acceptor.join(5)
        for thread in list(self._threads):
            thread.join(5)

    # -- serving -----------------------------------------------------------------------------------
    def _accept(self) -> None:
        self._listener.settimeout(0.05)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._slots.acquire(blocking=False):
                _close(client)  # too many tunnels at once: a test that leaks connections fails loudly
                continue
            self._track(client)
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.add(sock)

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            client.settimeout(self._idle_timeout)
            head = b""
            while b"\r\n\r\n" not in head:
                piece = client.recv(4096)
                if not piece or len(head) > _HEADER_LIMIT:
                    return
                head += piece
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            method, _, rest = request_line.partition(" ")
            target = rest.rsplit(" ", 1)[0]
            if method.upper() != "CONNECT":
                self.other_requests.append(request_line)
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            self.targets.append(target)
            host, _, port = target.rpartition(":")
            if host.strip("[]") not in ("127.0.0.1", "localhost", "::1") or not port.isdigit():
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            try:
                upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=self._idle_timeout)
            except OSError:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            self._track(upstream)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            extra = head.split(b"\r\n\r\n", 1)[1]
            if extra:
                upstream.sendall(extra)
            self._tunnel(client, upstream)
        except (OSError, ValueError):  # a socket closed by close() under our feet
            pass
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    _close(sock)
                    with self._lock:
                        self._open.discard(sock)
            self._slots.release()

    def _tunnel(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                sock.setblocking(False)
                selector.register(sock, selectors.EVENT_READ)
            while not self._stop.is_set():
                ready = selector.select(timeout=self._idle_timeout)
                if not ready:
                    return  # idle: end the tunnel
                for key, _ in ready:
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = source.recv(65536)
                    if not data:
                        return
                    target = peers[source]
                    target.setblocking(True)
                    target.sendall(data)
                    target.setblocking(False)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
