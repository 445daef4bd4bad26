"""The hash chain: canonical event bodies, chained SHA-256, HMAC under the audit key.

    h_0 = 32 zero bytes
    h_n = SHA-256(h_{n-1} || canonical_json(event_n))      mac_n = HMAC-SHA256(audit_key, h_n)

Canonical JSON (sorted keys, no spaces, UTF-8) makes the hash independent of how a driver or a
dict orders fields. The chain alone shows edits, deletions, insertions and reordering to anyone;
the MAC stops someone with database access from recomputing a consistent chain after an edit.
Truncating the tail is only visible against a checkpoint kept elsewhere (see `verify(..., head=)`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["GENESIS", "Mac", "canonical", "chain_hash", "hmac_sha256"]

GENESIS = bytes(32)
Mac = Callable[[bytes], bytes]


def canonical(body: Mapping[str, Any]) -> str:
    """The one serialisation of an event that is hashed and stored."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def chain_hash(prev_hash: bytes, body_json: str) -> bytes:
    return hashlib.sha256(prev_hash + body_json.encode("utf-8")).digest()


def hmac_sha256(key: bytes) -> Mac:
    """A MAC function from raw key bytes (Kawal itself uses the vault's sealer for the key)."""
    if len(key) < 32:
        raise ValueError("an audit key needs at least 32 bytes")
    return lambda data: hmac.new(key, data, hashlib.sha256).digest()
