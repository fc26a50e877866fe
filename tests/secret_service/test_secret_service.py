"""A real round trip through a real Secret Service (gnome-keyring in a private D-Bus session).

Each test starts ``dbus-run-session`` with ``HOME``, ``XDG_RUNTIME_DIR`` and ``VISION_DESKTOP_HOME`` in temporary
folders, so the developer's own keyring is never touched. The key goes to the child on stdin and is never
printed; the parent then checks it appears in no output and in no file.

This folder has no ``__init__.py`` on purpose: a package named ``keyring`` under ``tests/`` could shadow the
real ``keyring`` if ``tests/`` were ever put on ``sys.path``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.keyring

REPO = Path(__file__).resolve().parents[2]
SENTINEL = "SECRET-SERVICE-ROUND-TRIP-OK"

CHILD = f"""
import sys

import keyring
from keyring.backends import SecretService
from keyring.backends.chainer import ChainerBackend

from vision_desktop.storage import (
    KeyringSecretStore, KeySource, SessionFallbackSecretStore, Settings, SettingsStore, StoredWhere, app_paths,
    resolve_api_key,
)

key = sys.stdin.readline().strip()
if not key.startswith("sk-"):
    sys.exit("no key on stdin")

# The default selection must pick the Secret Service (directly, or first in a chain).
default = keyring.get_keyring()
chosen = default.backends[0] if isinstance(default, ChainerBackend) and default.backends else default
if not isinstance(chosen, SecretService.Keyring):
    sys.exit(f"default keyring backend is {{type(default).__module__}}.{{type(default).__qualname__}}")

store = KeyringSecretStore()  # the app's default: whatever keyring selects, checked
if not store.available or "SecretService" not in store.description:
    sys.exit(f"store not available: {{store.description}}")
if store.get("anyfast") is not None:
    sys.exit("a fresh keyring already has an entry")
if store.set("anyfast", key) is not StoredWhere.KEYRING:
    sys.exit("set() did not report the keyring")
if store.get("anyfast") != key:
    sys.exit("the key read back differs")

# The entry is really in the Secret Service, as service "vision-desktop", user name = provider id.
raw = SecretService.Keyring()
if raw.get_password("vision-desktop", "anyfast") != key:
    sys.exit("the Secret Service has no entry vision-desktop/anyfast")
if KeyringSecretStore(backend=raw).get("anyfast") != key:
    sys.exit("a store pinned to SecretService does not see the entry")

found, source = resolve_api_key("anyfast", store, env={{}})
if found != key or source is not KeySource.KEYRING:
    sys.exit(f"resolve_api_key gave source {{source}}")
fallback = SessionFallbackSecretStore(store)
if fallback.set("openai", key) is not StoredWhere.KEYRING or fallback.where("openai") is not StoredWhere.KEYRING:
    sys.exit("the session fallback did not use the keyring")
fallback.delete("openai")

# Settings written next to it must not hold the key.
paths = app_paths().ensure()
SettingsStore(paths.settings_file).save(Settings(provider="anyfast", model="gpt-4o"))

store.delete("anyfast")
store.delete("anyfast")  # deleting what is gone is not an error
if store.get("anyfast") is not None or raw.get_password("vision-desktop", "anyfast") is not None:
    sys.exit("the key is still there after delete")
if raw.get_password("vision-desktop", "openai") is not None:
    sys.exit("the fallback's key is still there after delete")
print({SENTINEL!r})
"""

NO_KEYRING_CHILD = """
import sys

from vision_desktop.storage import KeyringSecretStore, SessionFallbackSecretStore, StoredWhere, resolve_api_key

key = sys.stdin.readline().strip()
store = KeyringSecretStore()
if store.available:
    sys.exit(f"expected no keyring, got {store.description}")
fallback = SessionFallbackSecretStore(store)
if fallback.set("anyfast", key) is not StoredWhere.SESSION or fallback.last_error is None:
    sys.exit("the key was not kept for the session")
found, source = resolve_api_key("anyfast", fallback, env={})
if found != key or source.text != "this session only":
    sys.exit("resolve_api_key did not find the session key")
print("NO-KEYRING-SESSION-OK")
"""


def _require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"needs {', '.join(missing)} (apt-get install gnome-keyring dbus-x11)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the real keyring test: {message}")
        pytest.skip(message)


def _child_env(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    home = tmp_path / "home"
    vd_home = tmp_path / "vd-home"
    runtime = tmp_path / "run"
    for folder in (home, vd_home, runtime):
        folder.mkdir(mode=0o700)
    drop = (
        "PYTHON_KEYRING_BACKEND",
        "DBUS_SESSION_BUS_ADDRESS",
        "VISION_DESKTOP_API_KEY",
        "GNOME_KEYRING_CONTROL",
    )
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("XDG_")}
    env.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
        VISION_DESKTOP_HOME=str(vd_home),
        PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env, home, vd_home


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Secret Service is a Linux desktop service"
)
def test_round_trip_through_a_real_secret_service(tmp_path: Path) -> None:
    _require("dbus-run-session", "gnome-keyring-daemon")
    key = "sk-vdtest-" + secrets.token_hex(20)
    env, home, vd_home = _child_env(tmp_path)
    script = (
        "printf %s test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        f'exec "{sys.executable}" -c "$VD_CHILD"'
    )
    env["VD_CHILD"] = CHILD
    started = time.monotonic()
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        input=key + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=30,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert key not in output
    assert result.returncode == 0, output
    assert SENTINEL in result.stdout, output
    assert elapsed < 10, f"the real keyring round trip took {elapsed:.1f} s"

    settings_file = vd_home / "config" / "settings.json"
    assert settings_file.is_file()  # so the next check is not vacuous
    assert _files_containing(vd_home, key.encode()) == []
    # gnome-keyring's own files (under HOME) are encrypted, and the entry was deleted.
    assert _files_containing(home, key.encode()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks Linux without a D-Bus session")
def test_no_session_bus_means_session_only(tmp_path: Path) -> None:
    key = "sk-vdtest-" + secrets.token_hex(20)
    env, _home, _vd_home = _child_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", NO_KEYRING_CHILD],
        input=key + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=30,
    )
    output = result.stdout + result.stderr
    assert key not in output
    assert result.returncode == 0, output
    assert "NO-KEYRING-SESSION-OK" in result.stdout
    assert _files_containing(tmp_path, key.encode()) == []
