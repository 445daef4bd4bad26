"""Root keys (key-encryption keys) and the providers that hold them.

The vault never sees where root keys live: it talks to a `RootKeyProvider`, which wraps and unwraps
data keys under a numbered version. A local key file and an in-memory keyring (for a key handed over
in an environment variable) are provided; a KMS or HSM provider implements the same protocol and
never releases its key material.

Keyring document (the key file, or the value of the environment variable)::

    {"format": "kawal-root-keyring/1",
     "min_decryption_version": 1,
     "keys": {"1": {"created": "2026-11-24T08:00:00+00:00", "key": "<base64 of 32 bytes>"}}}

A bare base64 string of 32 bytes is also accepted and read as version 1.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from vault._aead import KEY_BYTES, KeyEncryptionKey, new_key
from vault.errors import (
    KeyProviderReadOnly,
    RootKeyExists,
    RootKeyInvalid,
    RootKeyMissing,
    RootKeyRetired,
    RootKeyVersionUnknown,
)

KEYRING_FORMAT = "kawal-root-keyring/1"


@runtime_checkable
class RootKeyProvider(Protocol):
    """What the vault needs from wherever root keys live."""

    def current_version(self) -> int:
        """The version new wraps use."""
        ...

    def min_decryption_version(self) -> int:
        """Versions below this are retired: unwrapping under them fails with `RootKeyRetired`."""
        ...

    def versions(self) -> list[int]:
        """Every version the provider still holds material for, retired ones included."""
        ...

    def wrap(self, key: bytes, associated_data: bytes) -> tuple[int, bytes]:
        """Wrap *key* under the current version; return (version, wrapped bytes)."""
        ...

    def unwrap(self, version: int, wrapped: bytes, associated_data: bytes) -> bytes | None:
        """Unwrap under *version*; None when authentication fails (wrong key or context)."""
        ...

    def rotate(self) -> int:
        """Create a new current version and return it."""
        ...

    def retire_below(self, version: int, *, destroy: bool = False) -> None:
        """Raise `min_decryption_version` to *version* (the caller checks nothing still uses the old ones).

        With *destroy*, also erase the retired versions' key material, so that wrapped keys left in
        old backups can never be unwrapped again.
        """
        ...


@dataclass
class Keyring:
    """Versioned root key material, as stored in a key file."""

    keys: dict[int, bytes]
    created: dict[int, str] = field(default_factory=dict)
    min_decryption_version: int = 1

    @classmethod
    def generate(cls) -> Keyring:
        return cls(keys={1: new_key()}, created={1: _now()})

    @property
    def current_version(self) -> int:
        return max(self.keys)

    @classmethod
    def parse(cls, text: str, *, source: str) -> Keyring:
        """Read a keyring document or a bare base64 key; raise `RootKeyInvalid` with *source* named."""
        text = text.strip()
        if not text:
            raise RootKeyInvalid(f"root key in {source} is empty")
        if not text.startswith("{"):
            return cls(keys={1: _decode_key(text, source, 1)})
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            raise RootKeyInvalid(f"root key in {source} is not valid (truncated or corrupted?)") from None
        if not isinstance(doc, dict) or doc.get("format") != KEYRING_FORMAT:
            raise RootKeyInvalid(f"root key in {source} is not a {KEYRING_FORMAT} document")
        entries = doc.get("keys")
        if not isinstance(entries, dict) or not entries:
            raise RootKeyInvalid(f"root key in {source} holds no keys")
        keys: dict[int, bytes] = {}
        created: dict[int, str] = {}
        for name, entry in entries.items():
            if not (isinstance(name, str) and name.isdigit() and int(name) > 0) or not isinstance(entry, dict):
                raise RootKeyInvalid(f"root key in {source} has a malformed version entry")
            version = int(name)
            keys[version] = _decode_key(entry.get("key"), source, version)
            created[version] = str(entry.get("created", ""))
        min_version = doc.get("min_decryption_version", 1)
        if not isinstance(min_version, int) or not 1 <= min_version <= max(keys):
            raise RootKeyInvalid(f"root key in {source} has an invalid min_decryption_version")
        return cls(keys=keys, created=created, min_decryption_version=min_version)

    def dumps(self) -> str:
        doc = {
            "format": KEYRING_FORMAT,
            "min_decryption_version": self.min_decryption_version,
            "keys": {
                str(v): {"created": self.created.get(v, ""), "key": base64.b64encode(k).decode("ascii")}
                for v, k in sorted(self.keys.items())
            },
        }
        return json.dumps(doc, indent=2) + "\n"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _decode_key(value: object, source: str, version: int) -> bytes:
    if not isinstance(value, str):
        raise RootKeyInvalid(f"root key version {version} in {source} is missing")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise RootKeyInvalid(f"root key version {version} in {source} is not valid base64") from None
    if len(raw) != KEY_BYTES:
        raise RootKeyInvalid(f"root key version {version} in {source} is {len(raw)} bytes, expected {KEY_BYTES}")
    return raw


class KeyringProvider:
    """A provider over a `Keyring` held in memory; read-only unless a subclass can persist it."""

    def __init__(self, keyring: Keyring, *, source: str = "memory") -> None:
        self._keyring = keyring
        self._source = source
        self._keks = {v: KeyEncryptionKey(k) for v, k in keyring.keys.items()}

    @classmethod
    def from_text(cls, text: str, *, source: str) -> KeyringProvider:
        return cls(Keyring.parse(text, source=source), source=source)

    def current_version(self) -> int:
        return self._keyring.current_version

    def min_decryption_version(self) -> int:
        return self._keyring.min_decryption_version

    def versions(self) -> list[int]:
        return sorted(self._keyring.keys)

    def wrap(self, key: bytes, associated_data: bytes) -> tuple[int, bytes]:
        version = self._keyring.current_version
        return version, self._keks[version].wrap(key, associated_data)

    def unwrap(self, version: int, wrapped: bytes, associated_data: bytes) -> bytes | None:
        if version < self._keyring.min_decryption_version:
            raise RootKeyRetired(
                f"root key version {version} is retired (min_decryption_version is "
                f"{self._keyring.min_decryption_version})"
            )
        kek = self._keks.get(version)
        if kek is None:
            raise RootKeyVersionUnknown(f"root key version {version} is not in {self._source}")
        return kek.unwrap(wrapped, associated_data)

    def created_at(self, version: int) -> str | None:
        """When *version* was created (ISO 8601), if the keyring recorded it: evidence of key age."""
        return self._keyring.created.get(version) or None

    def rotate(self) -> int:
        self._updated(self._rotated(self._keyring))
        return self._keyring.current_version

    def retire_below(self, version: int, *, destroy: bool = False) -> None:
        if not 1 <= version <= self._keyring.current_version:
            raise RootKeyVersionUnknown(f"cannot retire below version {version}: no such version")
        if version < self._keyring.min_decryption_version:
            raise RootKeyRetired(f"versions below {self._keyring.min_decryption_version} are already retired")
        keep = {v: k for v, k in self._keyring.keys.items() if not (destroy and v < version)}
        created = {v: c for v, c in self._keyring.created.items() if v in keep}
        self._updated(Keyring(keep, created, version))

    @staticmethod
    def _rotated(keyring: Keyring) -> Keyring:
        version = keyring.current_version + 1
        return Keyring(
            keys={**keyring.keys, version: new_key()},
            created={**keyring.created, version: _now()},
            min_decryption_version=keyring.min_decryption_version,
        )

    def _updated(self, keyring: Keyring) -> None:
        raise KeyProviderReadOnly(
            f"root keys in {self._source} are read-only: rotate them where they are managed"
        )

    def _install(self, keyring: Keyring) -> None:
        self._keyring = keyring
        self._keks = {v: KeyEncryptionKey(k) for v, k in keyring.keys.items()}


class FileKeyProvider(KeyringProvider):
    """Root keys in a local file (mode 0600), rewritten atomically on rotation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RootKeyMissing(f"root key file {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RootKeyInvalid(f"cannot read root key file {path}: {exc.__class__.__name__}") from None
        super().__init__(Keyring.parse(text, source=str(path)), source=str(path))

    @classmethod
    def create(cls, path: Path) -> FileKeyProvider:
        """Write a new keyring to *path* (mode 0600); refuse if a file is already there."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise RootKeyExists(f"root key file {path} already exists") from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(Keyring.generate().dumps())
            handle.flush()
            os.fsync(handle.fileno())
        return cls(path)

    def _updated(self, keyring: Keyring) -> None:
        """Replace the file atomically: a crash leaves either the old or the new keyring, never half."""
        fd, tmp = tempfile.mkstemp(prefix=".root-key-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(keyring.dumps())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._install(keyring)

    def reload(self) -> None:
        """Re-read the file: another process (the CLI) may have rotated or retired versions."""
        self._install(FileKeyProvider(self.path)._keyring)

    def unwrap(self, version: int, wrapped: bytes, associated_data: bytes) -> bytes | None:
        if version not in self._keks:
            self.reload()
        return super().unwrap(version, wrapped, associated_data)

    def rotate(self) -> int:
        self.reload()
        return super().rotate()

    def retire_below(self, version: int, *, destroy: bool = False) -> None:
        self.reload()
        super().retire_below(version, destroy=destroy)
