"""Images from web addresses: a real HTTP server on 127.0.0.1, real sockets, the byte cap and the error mapping."""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.helpers.images import decode_data_url, make_photo, photo_image
from vision_desktop.core.errors import (
    ConnectError,
    ImageError,
    ImageTooLargeError,
    NetworkError,
    TimeoutError,
    TlsError,
    UnsupportedImageError,
)
from vision_desktop.images import download_image, is_image_url, prepare_source

MB = 1024 * 1024


def _jpeg(size: tuple[int, int] = (800, 600)) -> bytes:
    buf = io.BytesIO()
    photo_image(size).save(buf, "JPEG", quality=90)
    return buf.getvalue()


PHOTO = _jpeg()


@dataclass
class ImageServer:
    """What the handler serves, and what it saw."""

    base: str = ""
    release: threading.Event = field(default_factory=threading.Event)
    endless_sent: int = 0
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def _make_handler(state: ImageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            state.requests.append(self.path)
            routes: dict[str, Callable[[], None]] = {
                "/photo.jpg": lambda: self._send(200, PHOTO, "image/jpeg"),
                "/photo-octet": lambda: self._send(200, PHOTO, "application/octet-stream"),
                "/moved": lambda: self._send(302, b"", "text/plain", Location="/photo.jpg"),
                "/insecure-redirect": lambda: self._send(
                    302, b"", "text/plain", Location="http://example.com/photo.jpg"
                ),
                "/page": lambda: self._send(
                    200, b"<!DOCTYPE html><html>Gallery</html>", "text/html; charset=utf-8"
                ),
                "/missing.jpg": lambda: self._send(404, b"<html>Not Found</html>", "text/html"),
                "/big.jpg": lambda: self._send(200, b"\xff" * (2 * MB), "image/jpeg"),
                "/endless.jpg": self._endless,
                "/slow.jpg": self._slow,
            }
            routes.get(self.path, lambda: self._send(404, b"", "text/plain"))()

        def _endless(self) -> None:
            # No Content-Length: the client cannot know the size in advance and must stop reading by itself.
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            chunk = b"\xff" * 65536
            try:
                while state.endless_sent < 256 * MB and not state.release.is_set():
                    self.wfile.write(chunk)
                    state.endless_sent += len(chunk)
            except OSError:
                pass  # the client hung up, as it should

        def _slow(self) -> None:
            state.release.wait(10)
            with contextlib.suppress(OSError):  # the client gave up, as it should
                self._send(200, PHOTO, "image/jpeg")

    return Handler


@pytest.fixture
def server() -> Iterator[ImageServer]:
    state = ImageServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0, trust_env=False) as c:
        yield c


# ------------------------------------------------------------------------------------------ download
def test_downloads_the_image_bytes(server: ImageServer, client: httpx.Client) -> None:
    assert download_image(server.url("/photo.jpg"), client, 10 * MB) == PHOTO


def test_follows_a_redirect(server: ImageServer, client: httpx.Client) -> None:
    assert download_image(server.url("/moved"), client, 10 * MB) == PHOTO
    assert server.requests == ["/moved", "/photo.jpg"]


def test_refuses_a_redirect_to_plain_http_elsewhere(server: ImageServer, client: httpx.Client) -> None:
    with pytest.raises(ImageError, match="only https://"):
        download_image(server.url("/insecure-redirect"), client, 10 * MB)


def test_generic_binary_content_type_is_accepted(server: ImageServer, client: httpx.Client) -> None:
    assert download_image(server.url("/photo-octet"), client, 10 * MB) == PHOTO


def test_a_web_page_is_not_an_image(server: ImageServer, client: httpx.Client) -> None:
    with pytest.raises(UnsupportedImageError) as info:
        download_image(server.url("/page"), client, 10 * MB)
    assert "web page, not an image" in info.value.message
    assert info.value.detail == "Content-Type: text/html"


def test_http_error_is_an_image_error_with_the_status(server: ImageServer, client: httpx.Client) -> None:
    with pytest.raises(ImageError) as info:
        download_image(server.url("/missing.jpg"), client, 10 * MB)
    assert not isinstance(info.value, NetworkError)
    assert '"missing.jpg" could not be downloaded' in info.value.message
    assert "404" in info.value.message
    assert info.value.source == server.url("/missing.jpg")


def test_declared_size_over_the_cap_is_refused(server: ImageServer, client: httpx.Client) -> None:
    with pytest.raises(ImageTooLargeError, match="larger than 1 MB"):
        download_image(server.url("/big.jpg"), client, 1 * MB)


def test_endless_body_stops_at_the_cap(server: ImageServer, client: httpx.Client) -> None:
    start = time.perf_counter()
    with pytest.raises(ImageTooLargeError):
        download_image(server.url("/endless.jpg"), client, 1 * MB)
    assert time.perf_counter() - start < 3
    # The server is stopped by the hang-up long before its own 256 MB limit (socket buffers hold a few MB).
    deadline = time.monotonic() + 3
    sent = -1
    while sent != server.endless_sent and time.monotonic() < deadline:
        sent = server.endless_sent
        time.sleep(0.05)
    assert server.endless_sent < 64 * MB


def test_connection_refused_is_a_connect_error(client: httpx.Client) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ConnectError) as info:
        download_image(f"http://127.0.0.1:{port}/photo.jpg", client, MB)
    assert "Could not connect to 127.0.0.1" in info.value.message


def test_a_server_that_never_answers_times_out(server: ImageServer) -> None:
    with httpx.Client(timeout=0.3, trust_env=False) as quick, pytest.raises(TimeoutError) as info:
        download_image(server.url("/slow.jpg"), quick, MB)
    assert "took too long" in info.value.message


def test_certificate_failure_is_a_tls_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", request=request
        )

    with httpx.Client(transport=httpx.MockTransport(handler)) as mocked, pytest.raises(TlsError):
        download_image("https://images.example.com/cat.png", mocked, MB)


def test_plain_http_elsewhere_is_refused_without_a_request() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected, got {request.url}")

    with httpx.Client(transport=httpx.MockTransport(handler)) as mocked:
        with pytest.raises(ImageError, match="only https://"):
            download_image("http://example.com/cat.png", mocked, MB)
        with pytest.raises(ImageError, match="insecure"):
            prepare_source("http://example.com/cat.png", client=mocked)


# -------------------------------------------------------------------------------------- prepare_source
def test_prepare_source_downloads_and_prepares(server: ImageServer, client: httpx.Client) -> None:
    url = server.url("/photo.jpg")
    att = prepare_source(url, client=client)
    mime, _ = decode_data_url(att.data_url)
    assert att.source == url
    assert att.name == "photo.jpg"
    assert mime == "image/jpeg"
    assert (att.width, att.height) == (800, 600)
    assert att.original_bytes == len(PHOTO)


def test_prepare_source_caps_the_download_by_the_limits(server: ImageServer, client: httpx.Client) -> None:
    from vision_desktop.images import ImageLimits

    with pytest.raises(ImageTooLargeError):
        prepare_source(server.url("/photo.jpg"), client=client, limits=ImageLimits(max_download_bytes=1000))


def test_prepare_source_needs_a_client_for_urls() -> None:
    with pytest.raises(ImageError, match="cannot be downloaded here"):
        prepare_source("https://images.example.com/cat.png")


@pytest.mark.parametrize("form", ["plain", "quoted", "file-uri", "spaces"])
def test_prepare_source_takes_paths_in_the_forms_people_paste(tmp_path: Path, form: str) -> None:
    path = make_photo(tmp_path / "My Photo.jpg", (400, 300), exif_orientation=1, gps=False)
    text = {
        "plain": str(path),
        "quoted": f'"{path}"',
        "file-uri": path.as_uri(),
        "spaces": f"  {path}\n",
    }[form]
    att = prepare_source(text)
    assert (att.width, att.height) == (400, 300)
    assert att.name == "My Photo.jpg"


def test_prepare_source_refuses_other_schemes() -> None:
    with pytest.raises(UnsupportedImageError, match="ftp"):
        prepare_source("ftp://example.com/cat.png")


# ---------------------------------------------------------------------------------------- is_image_url
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com/cat.png", True),
        ("HTTPS://example.com/a?b=c", True),
        ("  https://example.com/cat.png\n", True),
        ("http://127.0.0.1:8000/cat.png", True),
        ("http://localhost/cat.png", True),
        ("http://[::1]:8080/cat.png", True),
        ("http://example.com/cat.png", False),
        ("ftp://example.com/cat.png", False),
        ("https://", False),
        ("https://exa mple.com/x.png", False),
        ("/home/me/cat.png", False),
        ("C:\\Users\\me\\cat.png", False),
        ("cat.png", False),
        ("", False),
    ],
)
def test_is_image_url(text: str, expected: bool) -> None:
    assert is_image_url(text) is expected
