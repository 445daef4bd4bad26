"""Identities, two-step sign-in, sessions and API keys: the auth module's one service object.

Every decision that guards against guessing happens inside one database transaction that holds
the user's row (SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite): the failure counter
and the last accepted time step are read and written atomically, so parallel requests and parallel
MFA-pending sessions share one budget of guesses, and a code is accepted at most once.
Failures are committed before they are raised.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

import dbcore
from auth import throttle, tokens
from auth.contracts import (
    ApiKeyCreated,
    Enrolment,
    NewSession,
    PendingLogin,
    Principal,
    SessionInfo,
    UserInfo,
)
from auth.errors import (
    AccountChangeRefused,
    AccountLocked,
    AuthError,
    CodeReplayed,
    EnrolmentError,
    Forbidden,
    InvalidCode,
    InvalidCredentials,
    MfaRequired,
    NotAuthenticated,
    ReenrolmentRequired,
    UnknownRole,
    UserExists,
    UserNotFound,
)
from auth.events import AuthEvent, AuthEventSink, discard_events
from auth.models import auth_api_keys, auth_recovery_codes, auth_sessions, auth_users
from auth.passwords import Passwords
from auth.totp import Totp, new_secret
from policies.auth import AuthPolicy
from vault import Sealer

_USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-@")
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_LAST_SEEN_GRANULARITY = 15.0  # seconds; fewer writes, idle timeout still exact to this


def _normalise_username(username: str) -> str:
    name = username.strip().lower()
    if not 1 <= len(name) <= 64 or not set(name) <= _USERNAME_CHARS:
        raise InvalidCredentials()
    return name


class AuthService:
    """Users, MFA, sessions and API keys of one tenant."""

    def __init__(
        self,
        engine: Engine,
        sealer: Sealer,
        policy: AuthPolicy,
        *,
        tenant: str = "default",
        events: AuthEventSink = discard_events,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._engine = engine
        self._writer = dbcore.writer(engine)
        self._sealer = sealer
        self.policy = policy
        self.tenant = tenant
        self._sink = events
        self._outbox: ContextVar[list[AuthEvent] | None] = ContextVar(f"auth-outbox-{id(self)}", default=None)
        self._clock = clock
        self.passwords = Passwords(policy.passwords)
        self._csrf_key = sealer.digest(b"kawal/v1/csrf-key")

    # -- events -------------------------------------------------------------------------------
    def _emit(self, event: AuthEvent) -> None:
        """Send *event* now, or after the surrounding write transaction commits.

        Deferring keeps the sink (the audit log) out of our database lock: on SQLite the audit
        append needs the same write lock, and an event about a change that was rolled back
        should not be recorded as done.
        """
        outbox = self._outbox.get()
        if outbox is None:
            self._sink(event)
        else:
            outbox.append(event)

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        outer = self._outbox.get()
        outbox: list[AuthEvent] = []
        token = self._outbox.set(outbox if outer is None else outer)
        try:
            with self._writer.begin() as conn:
                yield conn
        finally:
            self._outbox.reset(token)
        for event in outbox:
            self._sink(event)

    # -- users --------------------------------------------------------------------------------
    def now(self) -> float:
        """The time on this service's clock (injected in tests), e.g. to compute a TOTP code it will accept."""
        return self._clock()

    def create_user(self, username: str, password: str, role: str, *, display_name: str = "", actor: str | None = None) -> str:
        """Create an agent, supervisor, officer or admin; return the user id. MFA is enrolled next."""
        name = username.strip().lower()
        if not 1 <= len(name) <= 64 or not set(name) <= _USERNAME_CHARS:
            raise UserNotFound("usernames are 1-64 characters: a-z, 0-9, '.', '_', '-', '@'")
        if role not in self.policy.roles:
            raise UnknownRole(f"unknown role {role!r}; roles: {', '.join(sorted(self.policy.roles))}")
        password_hash = self.passwords.hash(password, user_inputs=(name, *display_name.split()))
        user_id = tokens.new_id()
        try:
            with self._transaction() as conn:
                conn.execute(
                    insert(auth_users).values(
                        user_id=user_id, tenant=self.tenant, username=name, display_name=display_name[:128],
                        role=role, password_hash=password_hash, created_at=self._clock(),
                    )
                )
        except IntegrityError:
            raise UserExists(f"user {name!r} exists already") from None
        self._emit(AuthEvent("user_created", user_id=user_id, username=name, actor=actor, reason=role))
        return user_id

    def _user_by_name(self, conn: Connection, username: str, *, lock: bool = False) -> Row[Any] | None:
        query = select(auth_users).where(auth_users.c.tenant == self.tenant, auth_users.c.username == username)
        return conn.execute(query.with_for_update() if lock else query).first()

    def _require_user(self, conn: Connection, username: str, *, lock: bool = True) -> Row[Any]:
        row = self._user_by_name(conn, username.strip().lower(), lock=lock)
        if row is None:
            raise UserNotFound(f"no user {username.strip().lower()!r}")
        return row

    def list_users(self) -> list[UserInfo]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(auth_users).where(auth_users.c.tenant == self.tenant).order_by(auth_users.c.username)
            ).all()
        now = self._clock()
        return [
            UserInfo(
                r.user_id, r.username, r.display_name, r.role, r.totp_confirmed_at is not None,
                r.disabled_at is not None, r.locked_until if r.locked_until and r.locked_until > now else None,
            )
            for r in rows
        ]

    def user_role(self, username: str) -> str:
        with self._engine.connect() as conn:
            return str(self._require_user(conn, username, lock=False).role)

    def disable_user(self, username: str, *, actor: str | None = None) -> None:
        """Disable an account and end all its sessions at once.

        Refused for one's own account and for the last active account that can manage users: either
        would leave the tenant with nobody to undo it (the CLI's `create-admin` is the only way back).
        """
        now = self._clock()
        with self._transaction() as conn:
            user = self._require_user(conn, username)
            if actor is not None and actor == user.username:
                raise AccountChangeRefused("you cannot disable your own account: ask another admin")
            if user.disabled_at is None and self.policy.allows(user.role, "users.manage"):
                managers = [r for r, spec in self.policy.roles.items() if "users.manage" in spec.permissions]
                others = conn.execute(
                    select(auth_users.c.user_id).where(
                        auth_users.c.tenant == self.tenant, auth_users.c.role.in_(managers),
                        auth_users.c.disabled_at.is_(None), auth_users.c.user_id != user.user_id,
                    ).limit(1).with_for_update()
                ).first()
                if others is None:
                    raise AccountChangeRefused(f"{user.username} is the last active admin: create another admin first")
            conn.execute(update(auth_users).where(auth_users.c.user_id == user.user_id).values(disabled_at=now))
            self._revoke_user_sessions(conn, user.user_id, "user_disabled", now)
        self._emit(AuthEvent("user_disabled", user_id=user.user_id, username=user.username, actor=actor))

    def unlock_user(self, username: str, *, actor: str | None = None) -> None:
        with self._transaction() as conn:
            user = self._require_user(conn, username)
            conn.execute(
                update(auth_users).where(auth_users.c.user_id == user.user_id)
                .values(locked_until=None, otp_failures=0, lock_count=0)
            )
        self._emit(AuthEvent("account_unlocked", user_id=user.user_id, username=user.username, actor=actor))

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

    # -- sign-in, step 1: password ------------------------------------------------------------
    def login_password(self, username: str, password: str, *, ip: str | None = None, user_agent: str | None = None) -> PendingLogin:
        """Check the password; return a token that can do nothing but submit the second factor."""
        now = self._clock()
        try:
            name = _normalise_username(username)
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

    # -- sessions -----------------------------------------------------------------------------
    def authenticate(self, token: str, *, via_cookie: bool = False) -> Principal:
        """The principal behind a bearer token (session or API key), or `NotAuthenticated`."""
        if token.startswith(tokens.API_KEY_PREFIX):
            return self._authenticate_api_key(token)
        if not token.startswith(tokens.SESSION_PREFIX) or len(token) > 128:
            raise NotAuthenticated("invalid or expired token")
        now = self._clock()
        with self._engine.connect() as conn:
            row = conn.execute(
                select(auth_sessions, auth_users.c.username, auth_users.c.role, auth_users.c.disabled_at,
                       auth_users.c.reenrol_required)
                .join(auth_users, auth_users.c.user_id == auth_sessions.c.user_id)
                .where(auth_sessions.c.token_digest == tokens.digest(token))
            ).first()
        if row is None or row.revoked_at is not None or row.disabled_at is not None or row.expires_at <= now:
            raise NotAuthenticated("invalid or expired token")
        if row.kind == "full" and now - row.last_seen_at >= self.policy.sessions.idle_timeout_seconds:
            with self._transaction() as conn:
                conn.execute(
                    update(auth_sessions).where(auth_sessions.c.session_id == row.session_id, auth_sessions.c.revoked_at.is_(None))
                    .values(revoked_at=now, revoked_reason="idle_timeout")
                )
            raise NotAuthenticated("session ended after inactivity: sign in again")
        if row.kind == "full" and now - row.last_seen_at >= _LAST_SEEN_GRANULARITY:
            with self._engine.begin() as conn:
                conn.execute(update(auth_sessions).where(auth_sessions.c.session_id == row.session_id).values(last_seen_at=now))
        return Principal(row.username, row.user_id, row.role, row.kind, row.session_id, mfa_at=row.mfa_at,
                         via_cookie=via_cookie, reenrol_required=row.kind == "full" and bool(row.reenrol_required))

    def require_full(self, principal: Principal) -> None:
        """Refuse tokens that may not reach data: MFA-pending ones, and sessions that must enrol a new factor.

        A recovery code proves less than the phone (it may be the one written on the desk), so the
        session it opens can only enrol a new factor; once that is confirmed, it is a full session.
        """
        if principal.kind not in ("full", "service"):
            raise MfaRequired("this token can only complete sign-in: submit your TOTP code first")
        if principal.reenrol_required:
            raise ReenrolmentRequired(
                "signed in with a recovery code: enrol a new authenticator first (POST /v1/auth/enrol, then /enrol/confirm)")

    def csrf_token(self, session_token: str) -> str:
        return tokens.csrf_token(session_token, self._csrf_key)

    def check_csrf(self, session_token: str, presented: str | None) -> bool:
        return presented is not None and tokens.same(self.csrf_token(session_token), presented)

    def sessions(self, user_id: str) -> list[SessionInfo]:
        now = self._clock()
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(auth_sessions).where(
                    auth_sessions.c.user_id == user_id, auth_sessions.c.revoked_at.is_(None), auth_sessions.c.expires_at > now
                ).order_by(auth_sessions.c.created_at)
            ).all()
        return [SessionInfo(r.session_id, r.kind, r.created_at, r.last_seen_at, r.expires_at, r.ip) for r in rows]

    def revoke_session(self, session_id: str, *, user_id: str | None = None, actor: str | None = None, reason: str = "revoked") -> bool:
        """End one session (only the caller's own when *user_id* is given); False when there was none."""
        now = self._clock()
        query = update(auth_sessions).where(auth_sessions.c.session_id == session_id, auth_sessions.c.revoked_at.is_(None))
        if user_id is not None:
            query = query.where(auth_sessions.c.user_id == user_id)
        with self._transaction() as conn:
            done = conn.execute(query.values(revoked_at=now, revoked_reason=reason[:32])).rowcount == 1
        if done:
            self._emit(AuthEvent("session_revoked", user_id=user_id, session_id=session_id, actor=actor, reason=reason))
        return done

    def revoke_all(self, username: str, *, actor: str | None = None) -> int:
        now = self._clock()
        with self._transaction() as conn:
            user = self._require_user(conn, username)
            count = self._revoke_user_sessions(conn, user.user_id, "revoked_all", now)
        self._emit(AuthEvent("session_revoked", user_id=user.user_id, username=user.username, actor=actor,
                             reason=f"all sessions ({count})"))
        return count

    def _revoke_user_sessions(self, conn: Connection, user_id: str, reason: str, now: float) -> int:
        return int(conn.execute(
            update(auth_sessions).where(auth_sessions.c.user_id == user_id, auth_sessions.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
        ).rowcount)

    # -- API keys of service accounts ---------------------------------------------------------
    def create_api_key(self, name: str, scopes: Sequence[str], *, actor: str | None = None) -> ApiKeyCreated:
        unknown = [s for s in scopes if s not in self.policy.service_scopes]
        if not scopes or unknown:
            raise UnknownRole(f"unknown scope(s) {unknown or '(none)'}; scopes: {', '.join(sorted(self.policy.service_scopes))}")
        if not 1 <= len(name) <= 64:
            raise UnknownRole("an API key name is 1-64 characters")
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        token = f"{tokens.API_KEY_PREFIX}{key_id}_{secret}"
        with self._transaction() as conn:
            conn.execute(
                insert(auth_api_keys).values(
                    key_id=key_id, tenant=self.tenant, name=name, scopes=" ".join(sorted(set(scopes))),
                    secret_digest=tokens.digest(secret), created_at=self._clock(),
                )
            )
        self._emit(AuthEvent("api_key_created", actor=actor, reason=f"{name}: {' '.join(sorted(set(scopes)))}"))
        return ApiKeyCreated(key_id, name, tuple(sorted(set(scopes))), token)

    def revoke_api_key(self, key_id: str, *, actor: str | None = None) -> bool:
        with self._transaction() as conn:
            done = conn.execute(
                update(auth_api_keys).where(auth_api_keys.c.key_id == key_id, auth_api_keys.c.revoked_at.is_(None))
                .values(revoked_at=self._clock())
            ).rowcount == 1
        if done:
            self._emit(AuthEvent("api_key_revoked", actor=actor, reason=key_id))
        return done

    def _authenticate_api_key(self, token: str) -> Principal:
        body = token[len(tokens.API_KEY_PREFIX):]
        key_id, _, secret = body.partition("_")
        with self._engine.connect() as conn:
            row = conn.execute(
                select(auth_api_keys).where(auth_api_keys.c.key_id == key_id[:32], auth_api_keys.c.tenant == self.tenant)
            ).first()
        presented = tokens.digest(secret)
        stored = row.secret_digest if row is not None else tokens.digest("")
        if row is None or not secrets.compare_digest(bytes(stored), presented) or row.revoked_at is not None:
            self._emit(AuthEvent("api_key_rejected", reason="unknown, wrong or revoked key"))
            raise NotAuthenticated("invalid or revoked API key")
        return Principal(f"service:{row.name}", None, None, "service", scopes=frozenset(row.scopes.split()))

    # -- authorisation ------------------------------------------------------------------------
    def allowed(self, principal: Principal, permission: str) -> bool:
        if principal.kind == "service":
            return self.policy.scope_allows(principal.scopes, permission)
        return principal.role is not None and self.policy.allows(principal.role, permission)

    def stepped_up(self, principal: Principal) -> bool:
        return (
            principal.kind == "full"
            and principal.mfa_at is not None
            and self._clock() - principal.mfa_at <= self.policy.sessions.step_up_seconds
        )
