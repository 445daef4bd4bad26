"""Files Kawal writes that only its own user should read: created mode 0600, whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["create_private", "write_new_private", "write_private"]


def create_private(path: Path) -> None:
    """Create *path* empty with mode 0600 unless it exists (e.g. the SQLite database before SQLite opens it).

    SQLite gives its -wal and -shm files the database file's mode, so they follow.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def write_private(path: Path, text: str) -> None:
    """Replace *path* atomically with *text*, mode 0600 (a temporary file beside it, then a rename)."""
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # an old temporary file keeps its mode through O_CREAT
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)


def write_new_private(path: Path, text: str | bytes) -> None:
    """Write *text* to a new file *path*, mode 0600; `FileExistsError` if it exists (never overwrites).

    For what must not replace an earlier copy: an access answer full of personal data, a private key.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(text.encode("utf-8") if isinstance(text, str) else text)
