"""argon2id password hashing with parameters from policy, and one answer for unknown users.

`verify_or_dummy` runs a full argon2 verification even when the user does not exist, against a hash
made at start-up with the same parameters, so that an unknown username and a wrong password take
the same time and give the same answer.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from auth.errors import WeakPassword
from policies.auth import PasswordPolicy


class Passwords:
    """Hash, check and upgrade passwords under one `PasswordPolicy`."""

    def __init__(self, policy: PasswordPolicy) -> None:
        self._policy = policy
        self._hasher = PasswordHasher(
            time_cost=policy.argon2_time_cost,
            memory_cost=policy.argon2_memory_kib,
            parallelism=policy.argon2_parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self._dummy = self._hasher.hash("kawal-dummy-password-for-unknown-users")

    def check_strength(self, password: str) -> None:
        """Length limits only (NIST SP 800-63B): composition rules make passwords worse, not better."""
        if len(password) < self._policy.min_length:
            raise WeakPassword(f"password must be at least {self._policy.min_length} characters")
        if len(password) > self._policy.max_length:
            raise WeakPassword(f"password must be at most {self._policy.max_length} characters")

    def hash(self, password: str) -> str:
        self.check_strength(password)
        return self._hasher.hash(password)

    def verify_or_dummy(self, stored: str | None, password: str) -> bool:
        """True when *password* matches *stored*; a None *stored* costs the same and is False."""
        if len(password) > self._policy.max_length:
            password = password[: self._policy.max_length]  # bounded work; still verified, still wrong
        try:
            return self._hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """True when *stored* was made with older parameters: rehash it on the next good login."""
        return self._hasher.check_needs_rehash(stored)
