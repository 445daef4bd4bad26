"""RFC 6238 TOTP on top of pyotp, with the checks pyotp leaves to its caller.

pyotp's `TOTP.verify` stops at the first matching window and cannot tell which time step matched,
so replay protection is impossible with it. Here every candidate of the window is computed and
compared with `hmac.compare_digest`, without stopping early, and the matched step is returned so
the caller can refuse any step at or before the last one it accepted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from urllib.parse import quote

import pyotp

from auth.errors import MalformedCode
from policies.auth import TotpPolicy

_DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}


def new_secret(num_bytes: int = 20) -> str:
    """A fresh base32 secret of *num_bytes* random bytes (>= 160 bits, RFC 4226 section 4)."""
    if num_bytes < 20:
        raise ValueError("TOTP secrets must have at least 160 bits")
    return base64.b32encode(os.urandom(num_bytes)).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class Totp:
    """A TOTP factor: the shared secret and the policy's algorithm, digits and period."""

    secret: str
    policy: TotpPolicy

    def _otp(self) -> pyotp.TOTP:
        return pyotp.TOTP(
            self.secret,
            digits=self.policy.digits,
            digest=_DIGESTS[self.policy.algorithm],
            interval=self.policy.period_seconds,
            issuer=self.policy.issuer,
        )

    def step(self, at: float) -> int:
        return int(at // self.policy.period_seconds)

    def code_at_step(self, step: int) -> str:
        return self._otp().generate_otp(step)

    def now(self, at: float) -> str:
        return self.code_at_step(self.step(at))

    def check_format(self, code: str) -> str:
        """The code without spaces, or `MalformedCode` when it is not exactly N ASCII digits."""
        cleaned = code.replace(" ", "")
        if len(cleaned) != self.policy.digits or not (cleaned.isascii() and cleaned.isdigit()):
            raise MalformedCode(f"a code is {self.policy.digits} digits")
        return cleaned

    def match(self, code: str, at: float) -> int | None:
        """The time step whose code equals *code* within the window around *at*, else None.

        Every candidate is computed and compared in constant time; the loop never exits early.
        """
        cleaned = self.check_format(code).encode("ascii")
        current = self.step(at)
        found: int | None = None
        for offset in range(-self.policy.valid_window, self.policy.valid_window + 1):
            candidate = current + offset
            if hmac.compare_digest(self.code_at_step(candidate).encode("ascii"), cleaned) and found is None:
                found = candidate
        return found

    def provisioning_uri(self, account: str) -> str:
        """The `otpauth://totp/...` URI an authenticator app scans (Key Uri Format)."""
        label = f"{quote(self.policy.issuer)}:{quote(account)}"
        params = [
            f"secret={self.secret}",
            f"issuer={quote(self.policy.issuer)}",
            f"algorithm={self.policy.algorithm}",
            f"digits={self.policy.digits}",
            f"period={self.policy.period_seconds}",
        ]
        return f"otpauth://totp/{label}?{'&'.join(params)}"
