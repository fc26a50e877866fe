"""Qt-free storage: folders (``paths``), settings (``settings``) and API keys (``secrets``).

History (the ``history`` package, SQLite) lives here too. Nothing in this package imports PySide6, and
``keyring`` is imported only when a key is first needed.
"""

from __future__ import annotations

from vision_desktop.storage.paths import AppPaths, app_paths
from vision_desktop.storage.secrets import (
    KeyringSecretStore,
    KeySource,
    MemorySecretStore,
    SecretStore,
    SessionFallbackSecretStore,
    StoredWhere,
    key_fingerprint,
    resolve_api_key,
)
from vision_desktop.storage.settings import (
    MAX_TOKENS,
    TEMPERATURE,
    TIMEOUT,
    FloatRange,
    IntRange,
    Settings,
    SettingsStore,
)

__all__ = [
    "MAX_TOKENS",
    "TEMPERATURE",
    "TIMEOUT",
    "AppPaths",
    "FloatRange",
    "IntRange",
    "KeySource",
    "KeyringSecretStore",
    "MemorySecretStore",
    "SecretStore",
    "SessionFallbackSecretStore",
    "Settings",
    "SettingsStore",
    "StoredWhere",
    "app_paths",
    "key_fingerprint",
    "resolve_api_key",
]
