"""Bearer sessions: authentication per request, idle and absolute expiry, CSRF, revocation.

Part of `AuthService` (auth/service.py), split by concern; the methods share the service's state
and helpers, and the public API stays `AuthService`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, select, update

from auth import tokens
from auth.contracts import (
    Principal,
    SessionInfo,
)
from auth.errors import (
    MfaRequired,
    NotAuthenticated,
    ReenrolmentRequired,
)
from auth.events import AuthEvent
from auth.models import auth_sessions, auth_users
from policies.auth import AuthPolicy

_LAST_SEEN_GRANULARITY = 15.0  # seconds; fewer writes, idle timeout still exact to this


class Sessions:
    """Mixed into `AuthService`; not used alone."""

    _engine: Engine
    _clock: Callable[[], float]
    policy: AuthPolicy

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
