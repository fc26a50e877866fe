"""chat/http.py and the one factory below it (api/http.py): proxy, extra certificate and timeouts reach every
client, checked through a loopback proxy that records what it is asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.proxy import ConnectProxy
from tests.helpers.relay import ScriptedRelay
from vision_desktop.api.http import CONNECT_TIMEOUT, HttpSettings, http_client
from vision_desktop.chat.connection import Connection
from vision_desktop.chat.http import (
    DOWNLOAD_TIMEOUT,
    download_client,
    settings_http,
)
from vision_desktop.core.errors import ConfigError, VisionDesktopError
from vision_desktop.storage.paths import app_paths
from vision_desktop.storage.secrets import KeySource
from vision_desktop.storage.settings import Settings, SettingsStore

KEY = "sk-http-secret-0123456789"


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    with ConnectProxy() as running:
        yield running


def connection(base_url: str = "https://relay.example/v1", **kw: object) -> Connection:
    fields: dict[str, object] = {"read_timeout": 42.0, "proxy": "", "extra_ca_file": ""}
    fields.update(kw)
    return Connection("custom", base_url, (), KEY, KeySource.EXPLICIT, **fields)  # type: ignore[arg-type]


def test_a_connection_says_how_to_reach_the_network() -> None:
    c = connection(proxy="http://user:pw@proxy.example:3128", extra_ca_file="/etc/office.pem")
    assert c.http() == HttpSettings("http://user:pw@proxy.example:3128", "/etc/office.pem", 42.0)
    assert c.http(read_timeout=DOWNLOAD_TIMEOUT).read_timeout == DOWNLOAD_TIMEOUT
    assert "pw" not in repr(c.http()) and "proxy.example:3128" in repr(c.http())


def test_the_saved_settings_for_work_without_a_connection(vd_home: Path) -> None:
    assert settings_http() == HttpSettings(read_timeout=DOWNLOAD_TIMEOUT)
    SettingsStore(app_paths().ensure().settings_file).save(Settings(proxy="http://p.example:8080"))
    assert settings_http().proxy == "http://p.example:8080"
    assert settings_http(Settings(extra_ca_file="/x.pem"), read_timeout=5).extra_ca_file == "/x.pem"


def test_the_factory_sets_the_timeouts_and_no_redirects() -> None:
    with http_client(HttpSettings(read_timeout=12.5)) as client:
        assert (client.timeout.read, client.timeout.connect) == (12.5, CONNECT_TIMEOUT)
        assert client.follow_redirects is False


def test_an_unreadable_extra_certificate_is_a_plain_error(tmp_path: Path) -> None:
    bad = tmp_path / "office.pem"
    bad.write_text("not a certificate")
    for path in (str(bad), str(tmp_path / "missing.pem")):
        with pytest.raises(ConfigError, match="could not be read"):
            download_client(HttpSettings(extra_ca_file=path))
        with pytest.raises(ConfigError, match="could not be read"):
            connection(extra_ca_file=path).client()


def test_the_chat_client_uses_the_connections_settings() -> None:
    with connection(proxy="http://user:pw@proxy.example:3128").client() as client:
        assert client.http == HttpSettings("http://user:pw@proxy.example:3128", "", 42.0)
        assert client.read_timeout == 42.0
        assert client.proxy_label == "http://proxy.example:3128"


def test_downloads_go_through_the_manual_proxy(relay: ScriptedRelay, proxy: ConnectProxy) -> None:
    url = f"http://127.0.0.1:{relay.port}/x.png"
    with download_client(HttpSettings(proxy=proxy.url)) as client:
        response = client.get(url)
    assert response.status_code == 405  # the proxy answered, not the server
    assert proxy.other_requests == [f"GET {url} HTTP/1.1"] and relay.requests == []


def test_chat_goes_through_the_manual_proxy(relay: ScriptedRelay, proxy: ConnectProxy) -> None:
    with (
        connection(relay.base_url, proxy=proxy.url).client() as client,
        pytest.raises(VisionDesktopError),
    ):
        client.list_models()
    assert proxy.other_requests == [f"GET {relay.base_url}/models HTTP/1.1"] and relay.requests == []


def test_the_system_proxy_is_used_without_a_manual_one(
    relay: ScriptedRelay, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    url = f"http://127.0.0.1:{relay.port}/x.png"
    with download_client(HttpSettings()) as client:
        assert client.get(url).status_code == 405
    assert proxy.other_requests == [f"GET {url} HTTP/1.1"]


def test_without_a_proxy_requests_go_straight_to_the_server(relay: ScriptedRelay) -> None:
    with download_client(HttpSettings()) as client:
        response = client.get(f"{relay.base_url}/models")
    assert response.status_code == 200 and isinstance(response, httpx.Response) and relay.requests
