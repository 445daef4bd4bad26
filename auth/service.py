"""Identities, two-step sign-in, sessions and API keys: the auth module's one service object.

Every decision that guards against guessing happens inside one database transaction that holds
the user's row (SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite): the failure counter
and the last accepted time step are read and written atomically, so parallel requests and parallel
MFA-pending sessions share one budget of guesses, and a code is accepted at most once.
Failures are committed before they are raised.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update
from sqlalchemy.exc import IntegrityError

import dbcore
from auth import tokens
from auth._api_keys import ApiKeys
from auth._enrolment import Enrolling
from auth._sessions import Sessions
from auth._signin import SigningIn
from auth._usernames import valid_username
from auth.contracts import (
    Principal,
    UserInfo,
)
from auth.errors import (
    AccountChangeRefused,
    UnknownRole,
    UserExists,
    UserNotFound,
)
from auth.events import AuthEvent, AuthEventSink, discard_events
from auth.models import auth_users
from auth.passwords import Passwords
from policies.auth import AuthPolicy
from vault import Sealer


class AuthService(Enrolling, SigningIn, Sessions, ApiKeys):
    """Users, MFA, sessions and API keys of one tenant.

    One public class; its concerns live in private modules it mixes in: enrolment
    (`auth/_enrolment.py`), sign-in and step-up (`_signin.py`), sessions (`_sessions.py`) and API
    keys (`_api_keys.py`). Users, events, transactions and authorisation stay here.
    """

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
        if not valid_username(name):
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
