"""Kawal's encrypted record vault.

Customer records are JSON documents encrypted with AES-256-GCM under a per-subject data key, which
is stored only wrapped by a versioned root key (envelope encryption). Ciphertexts are key-committing
and bound to their row; declared fields are searchable through a blind index; a subject is erased by
destroying its data keys (crypto-shredding). See docs/vault-format.md for the bytes.

    vault = Vault(engine, FileKeyProvider(path), load_vault_policy())
    record_id = vault.put("cust-42", {"name": "Budi", "phone": "0812 8877 4410"})
    vault.find("phone", "+6281288774410")   # -> [record_id]
    vault.shred("cust-42")                  # -> ErasureCertificate
"""

from vault._common import DEFAULT_KIND, json_depth
from vault.contracts import (
    AccessContext,
    AccessEvent,
    AccessObserver,
    ErasureCertificate,
    ExpiryReport,
    IntegrityReport,
    KindStats,
    Record,
    RecordInfo,
    RewrapReport,
    ShredReport,
    VaultStatus,
)
from vault.errors import (
    InvalidRecord,
    InvalidSubject,
    KeyCommitmentMismatch,
    KeyProviderReadOnly,
    RecordNotFound,
    RecordTampered,
    RecordTooDeep,
    RecordTooLarge,
    RootKeyError,
    RootKeyExists,
    RootKeyInUse,
    RootKeyInvalid,
    RootKeyMissing,
    RootKeyRetired,
    RootKeyVersionUnknown,
    StoreError,
    StoreUnavailable,
    SubjectNotFound,
    SubjectShredded,
    UnknownSearchField,
    UnsupportedFormat,
    VaultError,
    WrongRootKey,
)
from vault.keyring import FileKeyProvider, KeyringProvider, RootKeyProvider
from vault.models import metadata
from vault.sealer import Sealer
from vault.store import Vault, ensure_no_keys, holds_keys

__all__ = [
    "DEFAULT_KIND",
    "AccessContext",
    "AccessEvent",
    "AccessObserver",
    "ErasureCertificate",
    "ExpiryReport",
    "IntegrityReport",
    "FileKeyProvider",
    "InvalidRecord",
    "InvalidSubject",
    "KeyCommitmentMismatch",
    "KeyProviderReadOnly",
    "KeyringProvider",
    "KindStats",
    "Record",
    "RecordInfo",
    "RecordNotFound",
    "RecordTampered",
    "RecordTooDeep",
    "RecordTooLarge",
    "RewrapReport",
    "ShredReport",
    "RootKeyError",
    "RootKeyExists",
    "RootKeyInUse",
    "RootKeyInvalid",
    "RootKeyMissing",
    "RootKeyProvider",
    "RootKeyRetired",
    "RootKeyVersionUnknown",
    "StoreError",
    "StoreUnavailable",
    "Sealer",
    "SubjectNotFound",
    "SubjectShredded",
    "UnknownSearchField",
    "UnsupportedFormat",
    "Vault",
    "VaultError",
    "VaultStatus",
    "WrongRootKey",
    "ensure_no_keys",
    "holds_keys",
    "json_depth",
    "metadata",
]
