"""Sealed secrets for other modules (TOTP seeds, recovery-code digests), under the vault's keys.

Auth must store TOTP secrets encrypted and must not roll its own crypto. A `Sealer` gives it the
vault's recipe (AES-256-GCM, key commitment, associated data) under a key derived from the
tenant's vault master key with a purpose label, so that root rotation and `rewrap` carry these
secrets along with everything else, and one purpose's key never opens another's blobs.
"""

from __future__ import annotations

import hashlib
import hmac

from vault._aead import DataKey, bind


class Sealer:
    """Seal and open small secrets bound to one purpose and one item (e.g. a user id)."""

    __slots__ = ("purpose", "_key", "_mac_key")

    def __init__(self, tenant: str, purpose: str, encryption_key: bytes, mac_key: bytes) -> None:
        self.purpose = purpose
        self._key = DataKey(f"sealer:{purpose}", encryption_key, bind("kawal/v1/sealed", tenant, purpose))
        self._mac_key = mac_key

    def seal(self, plaintext: bytes, item: str) -> bytes:
        """Encrypt *plaintext*, bound to *item*: the blob opens only for the same item and purpose."""
        return self._key.seal(plaintext, item)

    def open(self, blob: bytes, item: str) -> bytes:
        """The plaintext, or `RecordTampered` / `KeyCommitmentMismatch` when the blob was altered or moved."""
        return self._key.open(blob, item)

    def digest(self, value: bytes) -> bytes:
        """HMAC-SHA256 of *value* under this purpose's key: a lookup digest a database leak cannot brute-force."""
        return hmac.new(self._mac_key, value, hashlib.sha256).digest()
