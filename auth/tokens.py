"""Bearer tokens: 256 bits from the OS CSPRNG, stored only as SHA-256 digests.

A fast hash is right here (unlike passwords): the token has 256 bits of entropy, so a stolen
digest table cannot be brute-forced, and lookups by digest stay an indexed equality.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SESSION_PREFIX = "kws_"   # a full or MFA-pending session
API_KEY_PREFIX = "kwk_"   # a service account's API key: kwk_<key id>_<secret>


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def new_id() -> str:
    return secrets.token_hex(16)


def csrf_token(session_token: str, key: bytes) -> str:
    """The CSRF token that goes with a cookie session: derived, so nothing more is stored."""
    return hmac.new(key, b"kawal/v1/csrf/" + session_token.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
