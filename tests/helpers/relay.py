"""A scripted OpenAI-compatible relay on 127.0.0.1 (real sockets) for integration tests.

Tests queue replies with :meth:`ScriptedRelay.push`; with nothing queued the relay answers like a healthy one,
describing how many images it received. Every request is recorded (path, headers, parsed JSON body) so tests
can assert on what the app really sent.
"""

from __future__ import annotations

import json
import socket
import struct
import subprocess
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (headers included)."""
    reset_after: int | None = None
    """Send this many bytes of the body after the headers, then reset the connection."""
    chunks: Iterable[bytes] | None = None
    """Send these raw pieces (e.g. SSE lines) one by one, ``chunk_delay`` apart (an endless generator is fine:
    sending stops when the client goes away or the relay stops)."""
    chunk_delay: float = 0.0
    path: str = "/chat/completions"
    """The endpoint this reply is for (its path ends with this); other requests get the default answer."""


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def images(self) -> list[str]:
        """The data URLs of the last user message."""
        last = self.json["messages"][-1]
        content = last["content"]
        if isinstance(content, str):
            return []
        return [p["image_url"]["url"] for p in content if p.get("type") == "image_url"]


def completion(
    content: str = "Hello", *, model: str = "claude-sonnet-4-20250514", usage: Any = ...
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
    }
    if usage is ...:
        usage = {"prompt_tokens": 1200, "completion_tokens": 42, "total_tokens": 1242}
    if usage is not None:
        body["usage"] = usage
    return body


def error_body(message: str, *, type_: str = "new_api_error", code: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"message": message, "type": type_}
    if code is not None:
        err["code"] = code
    return {"error": err}


CLOUDFLARE_522 = """<!DOCTYPE html>
<html lang="en-US"><head><title>www.anyfast.ai | 522: Connection timed out</title></head>
<body><div id="cf-error-details"><h1>Connection timed out</h1><span>Error code 522</span>
<p>Cloudflare Ray ID: 8f1e2a3b4c5d6e7f</p></div></body></html>"""

NGINX_413 = """<html>
<head><title>413 Request Entity Too Large</title></head>
<body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx/1.24.0</center></body></html>"""

NGINX_502 = """<html>
<head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"""

DASHBOARD = """<!doctype html><html><head><meta charset="utf-8"><title>New API</title></head>
<body><div id="root"></div><script src="/assets/index.js"></script></body></html>"""


class ScriptedRelay:
    def __init__(self, *, tls: tuple[str, str] | None = None) -> None:
        """``tls``: (certificate file, key file) to serve HTTPS instead of HTTP."""
        self.requests: list[Recorded] = []
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.models: list[str] = ["claude-sonnet-4-20250514", "claude-opus-4-20250514", "gpt-4o"]
        self.chunk_times: list[float] = []
        """Wall-clock time (time.time()) at which each streamed piece was written, for benchmarks."""
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _read(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def do_GET(self) -> None:
                relay._handle(self, "GET", b"")

            def do_POST(self) -> None:
                relay._handle(self, "POST", self._read())

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- control -------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/v1"

    def start(self) -> ScriptedRelay:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def push(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def reply(self, status: int = 200, body: Any = None, **kw: Any) -> None:
        self.push(Reply(status=status, body=body, **kw))

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"relay got {len(self.requests)} requests, expected {count}")
            time.sleep(0.01)

    # -- serving -------------------------------------------------------------------------------------
    def _next_reply(self, path: str) -> Reply | None:
        with self._lock:
            for i, reply in enumerate(self._replies):
                if path.endswith(reply.path):
                    del self._replies[i]
                    return reply
        return None

    def _default(self, method: str, path: str, body: bytes) -> Reply:
        if method == "GET" and path.endswith("/models"):
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "relay"} for m in self.models]
            return Reply(body={"object": "list", "data": data})
        if method == "POST" and path.endswith("/chat/completions"):
            payload = json.loads(body or b"{}")
            messages = payload.get("messages") or [{}]
            content = messages[-1].get("content")
            images = [p for p in content if p.get("type") == "image_url"] if isinstance(content, list) else []
            text = (
                content
                if isinstance(content, str)
                else " ".join(p["text"] for p in content or [] if p.get("text"))
            )
            answer = f"I see {len(images)} image(s). You asked: {text}"
            if payload.get("stream"):
                return stream_reply(answer, model=payload.get("model", ""))
            return Reply(body=completion(answer, model=payload.get("model", "")))
        return Reply(status=404, body=error_body("Invalid URL (POST /nope)", type_="invalid_request_error"))

    def _handle(self, handler: BaseHTTPRequestHandler, method: str, body: bytes) -> None:
        path = handler.path
        self.requests.append(Recorded(method, path, {k.lower(): v for k, v in handler.headers.items()}, body))
        reply = self._next_reply(path) or self._default(method, path, body)
        if reply.delay and self._stop.wait(reply.delay):
            return
        payload: bytes
        headers = dict(reply.headers)
        if isinstance(reply.body, dict):
            payload = json.dumps(reply.body, ensure_ascii=False).encode()
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(reply.body, str):
            payload = reply.body.encode()
            headers.setdefault(
                "Content-Type", "text/html; charset=utf-8" if "<html" in reply.body.lower() else "text/plain"
            )
        else:
            payload = reply.body or b""
        try:
            handler.send_response(reply.status)
            if reply.chunks is not None:
                handler.send_header("Transfer-Encoding", "chunked")
            else:
                handler.send_header("Content-Length", str(len(payload)))
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            if reply.reset_after is not None:
                handler.wfile.write(payload[: reply.reset_after])
                handler.wfile.flush()
                if reply.reset_after:
                    # let the client read what was sent: a reset discards data still unread on its side
                    self._stop.wait(0.2)
                _reset(handler.connection)
                handler.close_connection = True
                return
            if reply.chunks is not None:
                for piece in reply.chunks:
                    if self._stop.wait(reply.chunk_delay) if reply.chunk_delay else self._stop.is_set():
                        return
                    handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    handler.wfile.flush()
                    self.chunk_times.append(time.time())
                handler.wfile.write(b"0\r\n\r\n")
            else:
                handler.wfile.write(payload)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            handler.close_connection = True


def stream_chunks(
    answer: str,
    *,
    model: str = "claude-sonnet-4-20250514",
    usage: Any = ...,
    pieces: int | None = None,
    done: bool = True,
) -> list[bytes]:
    """An answer as ``chat.completion.chunk`` events: role, the text in pieces, finish_reason, usage, [DONE]."""
    if usage is ...:
        usage = {"prompt_tokens": 1200, "completion_tokens": 42, "total_tokens": 1242}
    words = answer.split(" ")
    if pieces:
        size = max(1, len(words) // pieces)
        words = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
    base = {
        "id": "chatcmpl-stream",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": model,
    }
    out = [sse({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})]
    for i, word in enumerate(words):
        out.append(
            sse(
                {
                    **base,
                    "choices": [
                        {"index": 0, "delta": {"content": word + (" " if i < len(words) - 1 else "")}}
                    ],
                }
            )
        )
    out.append(sse({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
    if usage is not None:
        out.append(sse({**base, "choices": [], "usage": usage}))
    if done:
        out.append(b"data: [DONE]\n\n")
    return out


def stream_reply(answer: str, *, chunk_delay: float = 0.0, **kw: Any) -> Reply:
    return Reply(
        chunks=stream_chunks(answer, **kw),
        headers={"Content-Type": "text/event-stream"},
        chunk_delay=chunk_delay,
    )


def sse(data: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(data, ensure_ascii=False).encode() + b"\n\n"


def _reset(conn: socket.socket) -> None:
    """Close with RST instead of FIN, like a relay that crashes mid-answer."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def self_signed_certificate(folder: Path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 that no operating system trusts (made with the openssl command)."""
    cert, key = folder / "relay-cert.pem", folder / "relay-key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return str(cert), str(key)


class SilentServer:
    """Accepts TCP connections and never says anything: a TLS handshake or a proxy that hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.conns:
            conn.close()


class RefusingProxy:
    """An HTTP proxy that answers every request (and every CONNECT) with the given status."""

    def __init__(self, status: int = 407) -> None:
        self.requests: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _refuse(self) -> None:
                proxy.requests.append(f"{self.command} {self.path}")
                self.send_response(status)
                self.send_header("Proxy-Authenticate", 'Basic realm="office"')
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_CONNECT = do_GET = do_POST = _refuse

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
