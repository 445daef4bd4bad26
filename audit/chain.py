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
    """HMAC-SHA256 under *key* (RFC 2104), with the padded key's hash states computed once.

    Identical output to `hmac.digest(key, data, "sha256")` at less than half the cost per call
    (OpenSSL 3 sets up a MAC context on every call), which matters when verifying millions of
    events: copying two precomputed SHA-256 states is all the per-call set-up left.
    """
    if len(key) < 32:
        raise ValueError("an audit key needs at least 32 bytes")
    block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def mac(data: bytes) -> bytes:
        step = inner.copy()
        step.update(data)
        final = outer.copy()
        final.update(step.digest())
        return final.digest()

    return mac
