"""Root key providers: the key file, its failure modes, rotation and retirement (vault/keyring.py)."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from vault import (
    FileKeyProvider,
    KeyProviderReadOnly,
    KeyringProvider,
    RootKeyExists,
    RootKeyInvalid,
    RootKeyMissing,
    RootKeyRetired,
    RootKeyVersionUnknown,
)


def test_created_key_file_is_private_and_loads(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "root.key"
    provider = FileKeyProvider.create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert provider.current_version() == 1
    version, wrapped = provider.wrap(b"k" * 32, b"aad")
    assert FileKeyProvider(path).unwrap(version, wrapped, b"aad") == b"k" * 32


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "root.key"
    FileKeyProvider.create(path)
    before = path.read_bytes()
    with pytest.raises(RootKeyExists):
        FileKeyProvider.create(path)
    assert path.read_bytes() == before


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RootKeyMissing, match="does not exist"):
        FileKeyProvider(tmp_path / "nope.key")


@pytest.mark.parametrize("cut", [1, 20, 60, 120])
def test_truncated_file_is_a_clear_error(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "root.key"
    FileKeyProvider.create(path)
    path.write_bytes(path.read_bytes()[:cut])
    with pytest.raises(RootKeyInvalid) as info:
        FileKeyProvider(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not base64 !!",
        base64.b64encode(b"short").decode(),
        json.dumps({"format": "other"}),
        json.dumps({"format": "kawal-root-keyring/1", "keys": {}}),
        json.dumps({"format": "kawal-root-keyring/1", "keys": {"x": {"key": "AA=="}}}),
        b"\xff\xfe".decode("latin-1"),
    ],
)
def test_malformed_key_material(text: str) -> None:
    with pytest.raises(RootKeyInvalid):
        KeyringProvider.from_text(text, source="test")


def test_bare_base64_key_is_version_one() -> None:
    provider = KeyringProvider.from_text(base64.b64encode(os.urandom(32)).decode(), source="env")
    assert provider.versions() == [1]
    with pytest.raises(KeyProviderReadOnly):
        provider.rotate()


def test_invalid_utf8_key_file(tmp_path: Path) -> None:
    path = tmp_path / "root.key"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RootKeyInvalid):
        FileKeyProvider(path)


def test_rotation_persists_and_keeps_old_versions(tmp_path: Path) -> None:
    path = tmp_path / "root.key"
    provider = FileKeyProvider.create(path)
    v1, wrapped = provider.wrap(b"a" * 32, b"ctx")
    assert provider.rotate() == 2
    reopened = FileKeyProvider(path)
    assert reopened.versions() == [1, 2]
    assert reopened.current_version() == 2
    assert reopened.unwrap(v1, wrapped, b"ctx") == b"a" * 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".root-key-")]


def test_another_process_rotation_is_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "root.key"
    server = FileKeyProvider.create(path)
    operator = FileKeyProvider(path)
    operator.rotate()
    version, wrapped = operator.wrap(b"b" * 32, b"ctx")
    assert version == 2
    assert server.unwrap(version, wrapped, b"ctx") == b"b" * 32


def test_retired_versions_refuse_to_unwrap(tmp_path: Path) -> None:
    path = tmp_path / "root.key"
    provider = FileKeyProvider.create(path)
    v1, wrapped = provider.wrap(b"c" * 32, b"ctx")
    provider.rotate()
    provider.retire_below(2)
    with pytest.raises(RootKeyRetired, match="retired"):
        FileKeyProvider(path).unwrap(v1, wrapped, b"ctx")
    with pytest.raises(RootKeyVersionUnknown):
        provider.unwrap(7, wrapped, b"ctx")
    with pytest.raises(RootKeyVersionUnknown):
        provider.retire_below(9)


def test_destroying_retired_versions_erases_their_material(tmp_path: Path) -> None:
    path = tmp_path / "root.key"
    provider = FileKeyProvider.create(path)
    v1, wrapped = provider.wrap(b"d" * 32, b"ctx")
    old_key = json.loads(path.read_text())["keys"]["1"]["key"]
    provider.rotate()
    provider.retire_below(2, destroy=True)
    assert old_key not in path.read_text()
    reopened = FileKeyProvider(path)
    assert reopened.versions() == [2]
    with pytest.raises(RootKeyRetired):
        reopened.unwrap(v1, wrapped, b"ctx")
