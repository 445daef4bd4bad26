"""TOTP enrolment and reset, and recovery codes: how a user gets and replaces her second factor.

Part of `AuthService` (auth/service.py), split by concern; the methods share the service's state
and helpers, and the public API stays `AuthService`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from sqlalchemy import Connection, Engine, delete, insert, update

from auth.contracts import (
    Enrolment,
)
from auth.errors import (
    EnrolmentError,
)
from auth.events import AuthEvent
from auth.models import auth_recovery_codes, auth_users
from auth.totp import Totp, new_secret
from policies.auth import AuthPolicy

_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


class Enrolling:
    """Mixed into `AuthService`; not used alone."""

    _engine: Engine
    _clock: Callable[[], float]
    policy: AuthPolicy

    # -- TOTP enrolment -----------------------------------------------------------------------
    def _totp(self, secret: str) -> Totp:
        return Totp(secret, self.policy.totp)

    def begin_enrolment(self, username: str, *, actor: str | None = None) -> Enrolment:
        """Create a fresh secret waiting for its first code; the current factor stays active until then."""
        secret = new_secret(self.policy.totp.secret_bytes)
        with self._transaction() as conn:
            user = self._require_user(conn, username)
            sealed = self._sealer.seal(secret.encode("ascii"), f"totp-pending/{user.user_id}")
            conn.execute(update(auth_users).where(auth_users.c.user_id == user.user_id).values(totp_pending=sealed))
        self._emit(AuthEvent("enrolment_started", user_id=user.user_id, username=user.username, actor=actor))
        return Enrolment(secret, self._totp(secret).provisioning_uri(user.username))

    def pending_enrolment(self, username: str) -> Enrolment:
        """The enrolment in progress (e.g. started by `kawal users create-admin`), or a new one."""
        with self._engine.connect() as conn:
            user = self._require_user(conn, username, lock=False)
        if user.totp_pending is None:
            return self.begin_enrolment(username)
        secret = self._sealer.open(user.totp_pending, f"totp-pending/{user.user_id}").decode("ascii")
        return Enrolment(secret, self._totp(secret).provisioning_uri(user.username))

    def confirm_enrolment(self, username: str, code: str, *, ip: str | None = None) -> list[str]:
        """Activate the pending factor with its first valid code; return ten fresh recovery codes."""
        now = self._clock()
        with self._transaction() as conn:
            user = self._require_user(conn, username)
            outcome = self._check_lock(user, now)
            if outcome is None:
                if user.totp_pending is None:
                    raise EnrolmentError("no enrolment in progress: start one first")
                secret = self._sealer.open(user.totp_pending, f"totp-pending/{user.user_id}").decode("ascii")
                step = self._totp(secret).match(code, now)
                if step is None:
                    outcome = self._count_failure(conn, user, now, ip, "enrolment code wrong")
                else:
                    codes = self._new_recovery_codes(conn, user.user_id)
                    conn.execute(
                        update(auth_users).where(auth_users.c.user_id == user.user_id).values(
                            totp_secret=self._sealer.seal(secret.encode("ascii"), f"totp/{user.user_id}"),
                            totp_pending=None, totp_confirmed_at=now, totp_last_step=step,
                            otp_failures=0, lock_count=0, reenrol_required=False,
                        )
                    )
        if outcome is not None:
            raise outcome
        self._emit(AuthEvent("enrolment_confirmed", user_id=user.user_id, username=user.username, ip=ip))
        return codes

    def reset_mfa(self, username: str, *, actor: str | None = None) -> None:
        """Remove a user's factor and recovery codes and end their sessions; they enrol again at next sign-in."""
        now = self._clock()
        with self._transaction() as conn:
            user = self._require_user(conn, username)
            conn.execute(
                update(auth_users).where(auth_users.c.user_id == user.user_id).values(
                    totp_secret=None, totp_pending=None, totp_confirmed_at=None, totp_last_step=None,
                    otp_failures=0, lock_count=0, locked_until=None, reenrol_required=False,
                )
            )
            conn.execute(delete(auth_recovery_codes).where(auth_recovery_codes.c.user_id == user.user_id))
            self._revoke_user_sessions(conn, user.user_id, "mfa_reset", now)
        self._emit(AuthEvent("mfa_reset", user_id=user.user_id, username=user.username, actor=actor))

    def _new_recovery_codes(self, conn: Connection, user_id: str) -> list[str]:
        conn.execute(delete(auth_recovery_codes).where(auth_recovery_codes.c.user_id == user_id))
        codes = []
        for _ in range(self.policy.totp.recovery_codes):
            raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))  # ~59 bits
            codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        conn.execute(
            insert(auth_recovery_codes),
            [{"user_id": user_id, "digest": self._recovery_digest(user_id, c)} for c in codes],
        )
        return codes

    def _recovery_digest(self, user_id: str, code: str) -> bytes:
        cleaned = code.strip().lower().replace("-", "").replace(" ", "")
        return self._sealer.digest(f"recovery/{user_id}/{cleaned}".encode())
