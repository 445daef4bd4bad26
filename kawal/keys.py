"""Choose the root key provider from settings, and create the first root key safely."""

from __future__ import annotations

import stat
from pathlib import Path

import structlog
from sqlalchemy import Engine

from kawal.settings import Settings
from vault import FileKeyProvider, KeyringProvider, RootKeyExists, RootKeyProvider, ensure_no_keys

log = structlog.get_logger("kawal.keys")


def key_provider(settings: Settings) -> RootKeyProvider:
    """The environment variable wins over the key file; neither is ever created implicitly."""
    if settings.root_key is not None:
        return KeyringProvider.from_text(settings.root_key.get_secret_value(), source="KAWAL_ROOT_KEY")
    provider = FileKeyProvider(settings.root_key_file)
    mode = stat.S_IMODE(settings.root_key_file.stat().st_mode)
    if mode & 0o077:
        log.warning("root_key_file_permissions", path=str(settings.root_key_file), mode=oct(mode), expected="0o600")
    return provider


def init_root_key(settings: Settings, engine: Engine, *, path: Path | None = None, if_missing: bool = False) -> bool:
    """Create a root key file; return False when one exists and *if_missing* says that is fine.

    Refuses when the database already holds wrapped keys: a new root key could never open them, so
    generating one would only hide the loss of the real key.
    """
    target = path or settings.root_key_file
    if target.exists():
        if if_missing:
            return False
        raise RootKeyExists(f"root key file {target} already exists")
    if path is None and settings.root_key is None:
        ensure_no_keys(engine)
    FileKeyProvider.create(target)
    log.info("root_key_created", path=str(target))
    return True
