"""The vault's typed errors.

Every failure a caller can act on has its own class, so that the CLI can pick an exit code and the
API a status without parsing messages. Messages never contain plaintext, keys or record contents.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base class of every error raised by the vault."""


# --- input -----------------------------------------------------------------------------------
class InvalidRecord(VaultError):
    """The record is not a JSON object that can be stored (bad type, NaN, non-string keys...)."""


class RecordTooLarge(InvalidRecord):
    """The serialised record exceeds the policy's `max_record_bytes`."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"record is {size} bytes, the limit is {limit} bytes")
        self.size = size
        self.limit = limit


class RecordTooDeep(InvalidRecord):
    """The record nests objects and arrays deeper than the policy's `max_record_depth`."""

    def __init__(self, depth: int, limit: int) -> None:
        super().__init__(f"record nests {depth} levels deep, the limit is {limit}")
        self.depth = depth
        self.limit = limit


class UnknownSearchField(VaultError):
    """`find` was asked for a field that the vault policy does not declare searchable."""


class InvalidSubject(VaultError):
    """The subject id is empty or too long."""


# --- state -----------------------------------------------------------------------------------
class RecordNotFound(VaultError):
    """No record with this id exists for this tenant."""


class SubjectNotFound(VaultError):
    """No record was ever stored for this subject."""


class SubjectShredded(VaultError):
    """The subject's data key was destroyed: the record exists only as unreadable ciphertext."""


# --- integrity -------------------------------------------------------------------------------
class RecordTampered(VaultError):
    """The stored ciphertext failed authentication: modified, truncated, or moved to another row."""


class KeyCommitmentMismatch(RecordTampered):
    """The ciphertext's key commitment does not match its data key (possible key-substitution)."""


class UnsupportedFormat(RecordTampered):
    """The stored blob carries an unknown format version."""


# --- keys ------------------------------------------------------------------------------------
class RootKeyError(VaultError):
    """Base class of root-key problems: the CLI maps all of them to exit code 3."""


class RootKeyMissing(RootKeyError):
    """No root key is configured or the key file does not exist."""


class RootKeyInvalid(RootKeyError):
    """The root key material is unreadable (truncated file, bad encoding, wrong length)."""


class WrongRootKey(RootKeyError):
    """The root key cannot unwrap the keys stored in the database: it is not the key they were made with."""


class RootKeyVersionUnknown(RootKeyError):
    """A key is wrapped under a root key version that the key provider does not hold."""


class RootKeyRetired(RootKeyError):
    """A key is wrapped under a root key version below `min_decryption_version`."""


class RootKeyInUse(RootKeyError):
    """A root key version cannot be retired because data keys are still wrapped under it."""


class KeyProviderReadOnly(RootKeyError):
    """The key provider cannot create versions (e.g. a key passed in an environment variable)."""


class RootKeyExists(RootKeyError):
    """Refusing to create a root key where one exists, or where the database already holds keys."""


# --- storage ---------------------------------------------------------------------------------
class StoreUnavailable(VaultError):
    """The database did not answer or refused the connection."""


class StoreError(VaultError):
    """The database answered with an unexpected error (schema missing, constraint, ...)."""
