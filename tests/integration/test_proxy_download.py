"""Images given as ``https://`` addresses are downloaded through the configured proxy, trusting the extra
certificate: in the CLI and in the window's preparer (they used their own clients that ignored both).

The image server is the scripted relay over HTTPS with a certificate no operating system trusts; the proxy is the
loopback CONNECT proxy of ``tests/helpers/proxy.py``. A download that bypassed the proxy would still succeed (the
server is on 127.0.0.1), so the tests assert that the proxy tunnelled it; one that ignored the extra certificate
would fail.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.proxy import ConnectProxy
from tests.helpers.relay import Reply, ScriptedRelay, self_signed_certificate
from vision_desktop import cli
from vision_desktop.chat.connection import Connection
from vision_desktop.storage.paths import app_paths
from vision_desktop.storage.secrets import KeySource
from vision_desktop.storage.settings import Settings, SettingsStore
from vision_desktop.workers.image_preparer import prepare_input
from vision_desktop.workers.jobs import ImageInput

KEY = "sk-proxy-download-secret-0123456789"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def server(certificate: tuple[str, str]) -> Iterator[ScriptedRelay]:
    """The HTTPS relay, serving the chat API and, at ``/x.png``, a picture."""
    relay = ScriptedRelay(tls=certificate).start()
    yield relay
    relay.stop()


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    with ConnectProxy() as running:
        yield running


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "green").save(buf, "PNG")
    return buf.getvalue()


def serve_image(server: ScriptedRelay) -> str:
    server.push(Reply(path="/x.png", body=png(), headers={"Content-Type": "image/png"}))
    return f"https://127.0.0.1:{server.port}/x.png"


def downloaded(server: ScriptedRelay) -> bool:
    return any(r.method == "GET" and r.path == "/x.png" for r in server.requests)


def test_cli_downloads_the_image_through_the_proxy_with_the_extra_certificate(
    server: ScriptedRelay, proxy: ConnectProxy, certificate: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    SettingsStore(app_paths().ensure().settings_file).save(
        Settings(
            provider="custom",
            base_urls={"custom": server.base_url},
            proxy=proxy.url,
            extra_ca_file=certificate[0],
        )
    )
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    url = serve_image(server)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["ask", "--no-history", "--image", url, "What is it?"], out=out, err=err)
    assert code == 0, err.getvalue()
    assert downloaded(server)
    (chat,) = server.chat_requests
    assert len(chat.images()) == 1 and chat.images()[0].startswith("data:image/")
    # the download and the chat request both went through the proxy (a CONNECT each: no keep-alive)
    assert proxy.targets.count(f"127.0.0.1:{server.port}") == 2 and not proxy.other_requests
    assert out.getvalue() == "I see 1 image(s). You asked: What is it?\n"


def test_without_the_extra_certificate_the_cli_download_is_refused(
    server: ScriptedRelay, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    SettingsStore(app_paths().ensure().settings_file).save(Settings(proxy=proxy.url))
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", server.base_url)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["ask", "--no-history", "--image", serve_image(server), "What is it?"], out=out, err=err)
    assert code == 1 and "could not be verified" in err.getvalue()
    assert proxy.targets == [f"127.0.0.1:{server.port}"] and not server.chat_requests


def connection(server: ScriptedRelay, proxy: ConnectProxy, certificate: tuple[str, str]) -> Connection:
    return Connection(
        provider="custom",
        base_url=server.base_url,
        base_url_changes=(),
        api_key=KEY,
        key_source=KeySource.EXPLICIT,
        read_timeout=30.0,
        extra_ca_file=certificate[0],
        proxy=proxy.url,
    )


def test_the_window_preparer_downloads_through_the_connections_proxy(
    server: ScriptedRelay, proxy: ConnectProxy, certificate: tuple[str, str]
) -> None:
    url = serve_image(server)
    item = ImageInput(key=1, label="x.png", url=url)
    attachment = prepare_input(item, http=connection(server, proxy, certificate).http())
    assert (attachment.width, attachment.height) == (40, 30) and attachment.source == url
    assert proxy.targets == [f"127.0.0.1:{server.port}"] and downloaded(server)


def test_the_window_preparer_uses_the_saved_proxy_by_default(
    server: ScriptedRelay, proxy: ConnectProxy, certificate: tuple[str, str], vd_home: Path
) -> None:
    """The tray prepares a dropped address before anything is sent: the saved settings say how."""
    SettingsStore(app_paths().ensure().settings_file).save(
        Settings(proxy=proxy.url, extra_ca_file=certificate[0])
    )
    attachment = prepare_input(ImageInput(key=2, label="x.png", url=serve_image(server)))
    assert attachment.width == 40
    assert proxy.targets == [f"127.0.0.1:{server.port}"] and downloaded(server)
