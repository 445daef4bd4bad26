"""Two-step sign-in: the password, then a TOTP or recovery code, under one row lock; step-up codes.

Part of `AuthService` (auth/service.py), split by concern; the methods share the service's state
and helpers, and the public API stays `AuthService`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from auth import throttle, tokens
from auth._usernames import normalise_username
from auth.contracts import (
    NewSession,
    PendingLogin,
    Principal,
)
from auth.errors import (
    AccountLocked,
    AuthError,
    CodeReplayed,
    EnrolmentError,
    Forbidden,
    InvalidCode,
    InvalidCredentials,
    NotAuthenticated,
)
from auth.events import AuthEvent
from auth.models import auth_recovery_codes, auth_sessions, auth_users
from policies.auth import AuthPolicy


class SigningIn:
    """Mixed into `AuthService`; not used alone."""

    _engine: Engine
    _clock: Callable[[], float]
    policy: AuthPolicy

    # -- sign-in, step 1: password ------------------------------------------------------------
    def login_password(self, username: str, password: str, *, ip: str | None = None, user_agent: str | None = None) -> PendingLogin:
        """Check the password; return a token that can do nothing but submit the second factor."""
        now = self._clock()
        try:
            name = normalise_username(username)
        except InvalidCredentials:
            name = None
        throttled_name = name or username.strip().lower()[:64]
        with self._engine.connect() as conn:
            throttle.check_ip(conn, self.policy.lockout, ip, now, throttled_name)
            user = self._user_by_name(conn, name) if name else None
        usable = user is not None and user.disabled_at is None
        # The full argon2 verification runs for unknown and disabled users too (same time, same answer).
        good = self.passwords.verify_or_dummy(user.password_hash if usable else None, password)  # type: ignore[union-attr]
        with self._transaction() as conn:
            if not good:
                throttle.record_ip_failure(conn, self.policy.lockout, ip, now, throttled_name)
                if usable:
                    conn.execute(
                        update(auth_users).where(auth_users.c.user_id == user.user_id)  # type: ignore[union-attr]
                        .values(password_failures=auth_users.c.password_failures + 1)
                    )
            else:
                assert user is not None
                values: dict[str, Any] = {"password_failures": 0}
                if self.passwords.needs_rehash(user.password_hash):
                    values["password_hash"] = self._hasher_rehash(password)
                conn.execute(update(auth_users).where(auth_users.c.user_id == user.user_id).values(**values))
                kind = "mfa" if user.totp_confirmed_at is not None else "enrol"
                token, session_id = self._open_session(conn, user.user_id, kind, now, ip, user_agent)
        if not good:
            self._emit(AuthEvent("login_failed", user_id=user.user_id if usable else None,  # type: ignore[union-attr]
                                 username=name if usable else None, ip=ip, user_agent=user_agent,
                                 reason="wrong password" if usable else "unknown or disabled user"))
            raise InvalidCredentials()
        self._emit(AuthEvent("login_succeeded", user_id=user.user_id, username=user.username,
                             session_id=session_id, ip=ip, user_agent=user_agent, reason="password; awaiting second factor"))
        return PendingLogin(token, "totp" if kind == "mfa" else "enrol", self.policy.sessions.mfa_pending_seconds)

    def _hasher_rehash(self, password: str) -> str:
        return self.passwords.rehash(password)

    def _open_session(self, conn: Connection, user_id: str, kind: str, now: float, ip: str | None,
                      user_agent: str | None, *, mfa_at: float | None = None) -> tuple[str, str]:
        token = tokens.new_token(tokens.SESSION_PREFIX)
        session_id = tokens.new_id()
        lifetime = self.policy.sessions.absolute_lifetime_seconds if kind == "full" else self.policy.sessions.mfa_pending_seconds
        conn.execute(
            insert(auth_sessions).values(
                session_id=session_id, token_digest=tokens.digest(token), user_id=user_id, kind=kind,
                created_at=now, last_seen_at=now, expires_at=now + lifetime, mfa_at=mfa_at,
                ip=(ip or None) and ip[:64], user_agent=(user_agent or None) and user_agent[:256],
            )
        )
        return token, session_id

    # -- sign-in, step 2: TOTP or a recovery code ---------------------------------------------
    def _check_lock(self, user: Row[Any], now: float) -> AuthError | None:
        if user.locked_until is not None and user.locked_until > now:
            return AccountLocked(max(1, int(user.locked_until - now + 0.999)))
        return None

    def _count_failure(self, conn: Connection, user: Row[Any], now: float, ip: str | None, reason: str) -> AuthError:
        """One more wrong code: maybe lock the account (ending its pending sessions); return the error to raise."""
        throttle.record_ip_failure(conn, self.policy.lockout, ip, now)
        failures = user.otp_failures + 1
        if failures < self.policy.lockout.max_otp_failures:
            conn.execute(update(auth_users).where(auth_users.c.user_id == user.user_id).values(otp_failures=failures))
            self._emit(AuthEvent("mfa_failed", user_id=user.user_id, username=user.username, ip=ip, reason=reason))
            return InvalidCode("invalid code")
        lock_count = user.lock_count + 1
        seconds = throttle.lock_seconds(self.policy.lockout, lock_count)
        conn.execute(
            update(auth_users).where(auth_users.c.user_id == user.user_id)
            .values(otp_failures=0, lock_count=lock_count, locked_until=now + seconds)
        )
        conn.execute(
            update(auth_sessions)
            .where(auth_sessions.c.user_id == user.user_id, auth_sessions.c.kind != "full", auth_sessions.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason="account_locked")
        )
        self._emit(AuthEvent("mfa_failed", user_id=user.user_id, username=user.username, ip=ip, reason=reason))
        self._emit(AuthEvent("account_locked", user_id=user.user_id, username=user.username, ip=ip,
                             reason=f"{self.policy.lockout.max_otp_failures} wrong codes; locked {seconds} s"))
        return AccountLocked(seconds)

    def _verify_totp(self, conn: Connection, user: Row[Any], code: str, now: float, ip: str | None) -> AuthError | None:
        """Check *code* for *user* (row locked by the caller); record success or failure. None means accepted."""
        locked = self._check_lock(user, now)
        if locked is not None:
            return locked
        if user.totp_secret is None:
            return EnrolmentError("no active second factor: enrol first")
        totp = self._totp(self._sealer.open(user.totp_secret, f"totp/{user.user_id}").decode("ascii"))
        step = totp.match(code, now)  # MalformedCode (not counted) propagates before any write
        if step is None:
            return self._count_failure(conn, user, now, ip, "wrong code")
        if user.totp_last_step is not None and step <= user.totp_last_step:
            # Refused, but not counted as a guess: the code was right once, and counting replays
            # would let whoever saw a used code lock its owner out.
            self._emit(AuthEvent("mfa_replayed", user_id=user.user_id, username=user.username, ip=ip))
            return CodeReplayed("this code was already used; wait for the next one")
        conn.execute(
            update(auth_users).where(auth_users.c.user_id == user.user_id)
            .values(totp_last_step=step, otp_failures=0, lock_count=0, locked_until=None)
        )
        return None

    def _pending(self, conn: Connection, token: str, kinds: Sequence[str], now: float) -> Row[Any]:
        row = conn.execute(
            select(auth_sessions).where(auth_sessions.c.token_digest == tokens.digest(token)).with_for_update()
        ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now or row.kind not in kinds:
            raise NotAuthenticated("sign-in expired or invalid: start again with your password")
        return row

    def _lock_user_by_id(self, conn: Connection, user_id: str) -> Row[Any]:
        return conn.execute(select(auth_users).where(auth_users.c.user_id == user_id).with_for_update()).one()

    def login_totp(self, pending_token: str, code: str, *, ip: str | None = None, user_agent: str | None = None) -> NewSession:
        """Exchange an MFA-pending token and a valid, unused TOTP code for a full session."""
        return self._second_factor(pending_token, code, ip, user_agent, recovery=False)

    def login_recovery(self, pending_token: str, recovery_code: str, *, ip: str | None = None, user_agent: str | None = None) -> NewSession:
        """Like `login_totp` with a one-time recovery code; the session asks for re-enrolment."""
        return self._second_factor(pending_token, recovery_code, ip, user_agent, recovery=True)

    def _second_factor(self, pending_token: str, code: str, ip: str | None, user_agent: str | None, *, recovery: bool) -> NewSession:
        now = self._clock()
        with self._engine.connect() as conn:
            throttle.check_ip(conn, self.policy.lockout, ip, now)
        with self._transaction() as conn:
            pending = self._pending(conn, pending_token, ("mfa",), now)
            user = self._lock_user_by_id(conn, pending.user_id)
            if user.disabled_at is not None:
                error: AuthError | None = NotAuthenticated("sign-in expired or invalid: start again with your password")
            elif recovery:
                error = self._use_recovery_code(conn, user, code, now, ip)
            else:
                error = self._verify_totp(conn, user, code, now, ip)
            if error is None:
                conn.execute(
                    update(auth_sessions).where(auth_sessions.c.session_id == pending.session_id)
                    .values(revoked_at=now, revoked_reason="completed")
                )
                token, session_id = self._open_session(conn, user.user_id, "full", now, ip, user_agent, mfa_at=now)
        if error is not None:
            raise error
        if recovery:
            self._emit(AuthEvent("recovery_code_used", user_id=user.user_id, username=user.username, ip=ip,
                                 reason="re-enrolment required"))
        self._emit(AuthEvent("mfa_succeeded", user_id=user.user_id, username=user.username,
                             session_id=session_id, ip=ip, user_agent=user_agent))
        return NewSession(token, session_id, now + self.policy.sessions.absolute_lifetime_seconds,
                          self.policy.sessions.idle_timeout_seconds, reenrol_required=recovery or user.reenrol_required)

    def _use_recovery_code(self, conn: Connection, user: Row[Any], code: str, now: float, ip: str | None) -> AuthError | None:
        locked = self._check_lock(user, now)
        if locked is not None:
            return locked
        if len(code) > 64:
            return self._count_failure(conn, user, now, ip, "wrong recovery code")
        used = conn.execute(
            update(auth_recovery_codes)
            .where(auth_recovery_codes.c.user_id == user.user_id,
                   auth_recovery_codes.c.digest == self._recovery_digest(user.user_id, code),
                   auth_recovery_codes.c.used_at.is_(None))
            .values(used_at=now)
        ).rowcount
        if used != 1:
            return self._count_failure(conn, user, now, ip, "wrong recovery code")
        conn.execute(
            update(auth_users).where(auth_users.c.user_id == user.user_id)
            .values(otp_failures=0, lock_count=0, reenrol_required=True)
        )
        return None

    def confirm_first_factor(self, pending_token: str, code: str, *, ip: str | None = None,
                             user_agent: str | None = None) -> tuple[NewSession, list[str]]:
        """First sign-in: the enrolment token plus the first valid code give a session and recovery codes."""
        now = self._clock()
        with self._engine.connect() as conn:
            pending = self._pending(conn, pending_token, ("enrol",), now)
            username = conn.execute(select(auth_users.c.username).where(auth_users.c.user_id == pending.user_id)).scalar_one()
        codes = self.confirm_enrolment(username, code, ip=ip)
        with self._transaction() as conn:
            conn.execute(
                update(auth_sessions).where(auth_sessions.c.session_id == pending.session_id)
                .values(revoked_at=now, revoked_reason="completed")
            )
            token, session_id = self._open_session(conn, pending.user_id, "full", now, ip, user_agent, mfa_at=now)
        self._emit(AuthEvent("mfa_succeeded", user_id=pending.user_id, username=username, session_id=session_id, ip=ip))
        return NewSession(token, session_id, now + self.policy.sessions.absolute_lifetime_seconds,
                          self.policy.sessions.idle_timeout_seconds), codes

    def step_up(self, principal: Principal, code: str, *, ip: str | None = None) -> float:
        """A fresh TOTP code for a sensitive action: same replay and lockout rules as sign-in."""
        if principal.kind != "full" or principal.user_id is None or principal.session_id is None:
            raise Forbidden("step-up needs an agent's full session")
        now = self._clock()
        with self._transaction() as conn:
            user = self._lock_user_by_id(conn, principal.user_id)
            error = self._verify_totp(conn, user, code, now, ip)
            if error is None:
                conn.execute(update(auth_sessions).where(auth_sessions.c.session_id == principal.session_id).values(mfa_at=now))
        if error is not None:
            raise error
        self._emit(AuthEvent("step_up_succeeded", user_id=user.user_id, username=user.username,
                             session_id=principal.session_id, ip=ip))
        return now
