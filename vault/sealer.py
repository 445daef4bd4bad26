"""Sealed secrets for other modules (TOTP seeds, recovery-code digests), under the vault's keys.

Auth must store TOTP secrets encrypted and must not roll its own crypto. A `Sealer` gives it the
vault's recipe (AES-256-GCM, key commitment, associated data) under a key derived from the
tenant's vault master key with a purpose label, so that root rotation and `rewrap` carry these
secrets along with everything else, and one purpose's key never opens another's blobs.
"""

from __future__ import annotations

from audit.chain import hmac_sha256
from vault._aead import DataKey, bind


class Sealer:
    """Seal and open small secrets bound to one purpose and one item (e.g. a user id)."""

    __slots__ = ("purpose", "_key", "_mac")

    def __init__(self, tenant: str, purpose: str, encryption_key: bytes, mac_key: bytes) -> None:
        self.purpose = purpose
        self._key = DataKey(f"sealer:{purpose}", encryption_key, bind("kawal/v1/sealed", tenant, purpose))
        self._mac = hmac_sha256(mac_key)  # the audit chain calls this per event: the fast HMAC

    def seal(self, plaintext: bytes, item: str) -> bytes:
        """Encrypt *plaintext*, bound to *item*: the blob opens only for the same item and purpose."""
        return self._key.seal(plaintext, item)

    def open(self, blob: bytes, item: str) -> bytes:
        """The plaintext, or `RecordTampered` / `KeyCommitmentMismatch` when the blob was altered or moved."""
        return self._key.open(blob, item)

    def digest(self, value: bytes) -> bytes:
        """HMAC-SHA256 of *value* under this purpose's key: a lookup digest a database leak cannot brute-force."""
        return self._mac(value)
