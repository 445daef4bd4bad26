"""The only module that touches AES-GCM: record sealing and key wrapping.

Like `cryptography.fernet`, callers never choose a nonce or a format: they hand over a key, the
plaintext and the context to bind, and get back an opaque, versioned blob. The layout of each blob is
documented byte by byte in `docs/vault-format.md`; change it only with a new format version.

Record blob, format 1::

    0      1            13                      45
    | 0x01 | nonce (12) | key commitment (32)   | AES-256-GCM ciphertext || tag (16) |

The AES key is not the data key itself: both the encryption key and the commitment are derived from
the data key with HKDF-SHA256 under distinct labels (as the AWS Encryption SDK does), so a blob
decrypts under exactly one data key: AES-GCM alone is not key-committing.
"""

from __future__ import annotations

import hmac
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vault.errors import KeyCommitmentMismatch, RecordTampered, UnsupportedFormat

FORMAT_V1 = 1
KEY_BYTES = 32
NONCE_BYTES = 12
COMMITMENT_BYTES = 32
TAG_BYTES = 16
_HEADER = 1 + NONCE_BYTES + COMMITMENT_BYTES
_MIN_BLOB = _HEADER + TAG_BYTES
_ID_LENGTH = 32  # uuid4().hex
_VERSION_BYTE = bytes([FORMAT_V1])

_ENCRYPTION_LABEL = b"kawal/v1/record-encryption-key"
_COMMITMENT_LABEL = b"kawal/v1/key-commitment"


def _hkdf(material: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(material)


def new_key() -> bytes:
    """A fresh 256-bit key from the OS CSPRNG."""
    return os.urandom(KEY_BYTES)


_LENGTH = struct.Struct(">I").pack


def bind(*parts: str) -> bytes:
    """Encode context strings unambiguously (4-byte big-endian length, then UTF-8) as associated data.

    The encoding of a sequence is the concatenation of its parts' encodings, so a caller may
    precompute a constant prefix: `bind(a, b) + bind(c) == bind(a, b, c)`.
    """
    out: list[bytes] = []
    for part in parts:
        raw = part.encode("utf-8")
        out.append(_LENGTH(len(raw)))
        out.append(raw)
    return b"".join(out)


class DataKey:
    """An unwrapped data key, ready to seal and open the records of one context (tenant, subject, key).

    Derivation (two HKDF calls) and the constant part of the associated data are computed once, when
    the key enters the cache, so that the hot path pays for little more than AES-GCM itself.
    """

    __slots__ = ("key_id", "commitment", "_aead", "_context", "_context_id")

    def __init__(self, key_id: str, material: bytes, context: bytes = b"") -> None:
        if len(material) != KEY_BYTES:
            raise ValueError("data keys are 32 bytes")
        self.key_id = key_id
        self.commitment = _hkdf(material, _COMMITMENT_LABEL)
        self._aead = AESGCM(_hkdf(material, _ENCRYPTION_LABEL))
        self._context = context
        # Record ids are 32 hex characters: their length prefix is constant, so precompute it too.
        self._context_id = context + _LENGTH(_ID_LENGTH)

    def _associated_data(self, item: str) -> bytes:
        if len(item) == _ID_LENGTH and item.isascii():
            return self._context_id + item.encode()
        raw = item.encode("utf-8")
        return self._context + _LENGTH(len(raw)) + raw

    def seal(self, plaintext: bytes, item: str) -> bytes:
        """Encrypt *plaintext* into a format-1 blob bound to this key's context and *item* (a record id)."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext, self._associated_data(item))
        return b"".join((_VERSION_BYTE, nonce, self.commitment, sealed))

    def open(self, blob: bytes, item: str) -> bytes:
        """Check the format, the key commitment and the tag; return the plaintext or raise."""
        if len(blob) < _MIN_BLOB:
            raise RecordTampered("stored ciphertext is truncated")
        if blob[0] != FORMAT_V1:
            raise UnsupportedFormat(f"unknown record format version {blob[0]}")
        if not hmac.compare_digest(blob[1 + NONCE_BYTES : _HEADER], self.commitment):
            raise KeyCommitmentMismatch("ciphertext is not committed to this record's data key")
        try:
            return self._aead.decrypt(blob[1 : 1 + NONCE_BYTES], blob[_HEADER:], self._associated_data(item))
        except InvalidTag:
            raise RecordTampered("stored ciphertext failed authentication: it was modified or moved from another row") from None


class KeyEncryptionKey:
    """A root key version: wraps and unwraps data keys with AES-256-GCM (nonce || ciphertext || tag)."""

    __slots__ = ("_aead",)

    def __init__(self, material: bytes) -> None:
        if len(material) != KEY_BYTES:
            raise ValueError("root keys are 32 bytes")
        self._aead = AESGCM(material)

    def wrap(self, key: bytes, associated_data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, key, associated_data)

    def unwrap(self, wrapped: bytes, associated_data: bytes) -> bytes | None:
        """The unwrapped key, or None when the tag does not verify (wrong key or wrong context)."""
        if len(wrapped) != NONCE_BYTES + KEY_BYTES + TAG_BYTES:
            return None
        try:
            return self._aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], associated_data)
        except InvalidTag:
            return None
