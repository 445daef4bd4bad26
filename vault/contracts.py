"""Plain data that crosses the vault's boundary: who asks and why, what comes back.

`AccessContext` and `AccessObserver` are the seam for access control and the audit trail: the vault
reports every access to the observer *before* it returns or changes data, and an observer that
raises stops the access (fail closed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Action = Literal["put", "update", "get", "find", "shred", "expire", "expire_keys", "verify"]


@dataclass(frozen=True)
class AccessContext:
    """Who is asking and for what purpose (a case or ticket id), as the audit trail will record it."""

    actor: str = "system"
    purpose: str | None = None
    source: str | None = None
    role: str | None = None
    session_id: str | None = None
    user_agent: str | None = None


@dataclass(frozen=True)
class AccessEvent:
    """One access, described without plaintext: subjects by reference, fields by name only."""

    action: Action
    tenant: str
    context: AccessContext
    subject_refs: tuple[str, ...] = ()
    record_ids: tuple[str, ...] = ()
    field: str | None = None
    #: Data classes of the fields written or read (policy `data_classes`; never values).
    data_classes: tuple[str, ...] = ()


AccessObserver = Callable[[AccessEvent], None]


def ignore_access(event: AccessEvent) -> None:
    """The default observer, until the audit log exists."""


@dataclass(frozen=True)
class Record:
    """A decrypted record."""

    record_id: str
    subject_ref: str
    data: dict[str, Any]


@dataclass(frozen=True)
class ErasureCertificate:
    """Proof of a crypto-shred: what was destroyed, when, and how many records it made unreadable."""

    certificate_id: str
    tenant: str
    subject_ref: str
    shredded_at: str
    records_affected: int
    keys_destroyed: tuple[str, ...]
    root_versions: tuple[int, ...]
    method: str = "crypto-shredding: AES-256-GCM data keys destroyed; ciphertext retained, unreadable"
    digest: str = field(default="")

    def __post_init__(self) -> None:
        if not self.digest:
            body = {k: v for k, v in asdict(self).items() if k != "digest"}
            canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
            object.__setattr__(self, "digest", "sha256:" + hashlib.sha256(canonical).hexdigest())

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["keys_destroyed"] = list(self.keys_destroyed)
        out["root_versions"] = list(self.root_versions)
        return out


@dataclass(frozen=True)
class RecordInfo:
    """What the vault knows about a record without decrypting it (for data-subject requests)."""

    record_id: str
    kind: str
    created_at: str
    readable: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class KindStats:
    """Records of one kind, and how many of them are older than a retention cut-off."""

    kind: str
    records: int
    oldest: str | None
    past_cutoff: int = 0
    past_cutoff_held: int = 0


@dataclass(frozen=True)
class ExpiryReport:
    """Outcome of one retention run over one kind: what was (or, dry, would be) removed."""

    kind: str
    cutoff: str
    dry_run: bool
    records_expired: int
    keys_destroyed: int
    subjects_affected: int
    records_held: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RewrapReport:
    """Outcome of a rewrap run."""

    target_version: int
    rewrapped: int
    remaining: int


@dataclass(frozen=True)
class VaultStatus:
    """Facts about the vault for operators (and, later, compliance evidence)."""

    tenant: str
    current_root_version: int
    min_decryption_version: int
    keys_by_root_version: dict[int, int]
    active_keys: int
    destroyed_keys: int
    records: int
    subjects: int
    shredded_subjects: int
    cipher: str = "AES-256-GCM, HKDF-SHA256 key commitment, format 1"
    #: When the current root key version was created (ISO 8601), if the key provider can tell.
    current_root_created: str | None = None


@dataclass(frozen=True)
class IntegrityReport:
    """What a sample of stored records proved: that each is ciphertext that opens under its own key.

    Only counts: the plaintexts are opened in memory to check the tag and the key commitment, and
    dropped.
    """

    records: int           # stored records in the tenant
    sampled: int           # of them, checked
    opened: int            # decrypted and authenticated under their own data key
    failed: int            # would not open (tampered, wrong key, corrupt)
    plaintext: int         # stored bytes that read as JSON in clear: not ciphertext at all
    erased: int            # sampled records of erased subjects (their key is gone: unreadable by design)


@dataclass(frozen=True)
class ShredReport:
    """Erased subjects, and how many of them still have a data key that could open something."""

    shredded_subjects: int
    with_live_keys: int
    destroyed_keys: int
