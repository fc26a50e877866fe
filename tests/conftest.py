"""Test-wide fixtures: offscreen Qt, a private VISION_DESKTOP_HOME, an in-memory keyring, the scripted relay."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("VISION_DESKTOP_API_KEY", None)
os.environ.pop("VISION_DESKTOP_BASE_URL", None)
# The tests expect English unless they ask for Chinese: a developer's Chinese locale must not change what the
# window and the CLI say (both follow the system's language). Tests of Chinese set it themselves.
os.environ.pop("LANGUAGE", None)
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
os.environ["LANG"] = "C.UTF-8"

from tests.helpers.hostile_relay import HostileRelay
from tests.helpers.relay import ScriptedRelay

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("vd-home")
    monkeypatch.setenv("VISION_DESKTOP_HOME", str(home))
    monkeypatch.delenv("VISION_DESKTOP_API_KEY", raising=False)
    monkeypatch.delenv("VISION_DESKTOP_BASE_URL", raising=False)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real retries, with short waits: tests that need the real timing set their own policy."""
    from vision_desktop.chat import sending

    monkeypatch.setattr(sending, "DEFAULT_RETRY_POLICY", sending.RetryPolicy(base_delay=0.02, max_delay=0.5))


@pytest.fixture
def vd_home(_private_home: Path) -> Path:
    return _private_home


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[object]:
    import keyring

    from tests.helpers.memkeyring import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(_memory_keyring: object) -> object:
    return _memory_keyring


@pytest.fixture
def relay() -> Iterator[ScriptedRelay]:
    server = ScriptedRelay().start()
    yield server
    server.stop()


@pytest.fixture
def hostile_relay() -> Iterator[HostileRelay]:
    """A relay that misbehaves as the requested model says (``model="hostile/<behaviour>"``)."""
    server = HostileRelay().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a QThread running (napari's ``_dangling_qthreads``)."""
    yield
    if "PySide6.QtCore" not in sys.modules:
        return
    from vision_desktop.workers.threads import running_threads

    leftover = running_threads()
    if leftover:
        pytest.fail(f"{request.node.nodeid} left {len(leftover)} QThread(s) running: {leftover}")


def subprocess_env(**extra: str) -> dict[str, str]:
    """Environment for running the CLI in a child process: the repo importable, no real keyring."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VISION_DESKTOP_API_KEY",))}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHON_KEYRING_BACKEND"] = "tests.helpers.memkeyring.MemoryKeyring"
    env.update(extra)
    return env
