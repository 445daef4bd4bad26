"""Auth's own tables (its own MetaData; alembic's environment in `kawal/` migrates them).

Times are UNIX seconds (double precision) so that expiry arithmetic is the same on SQLite and
PostgreSQL. Secrets never appear in clear: passwords as argon2id hashes, TOTP seeds sealed by the
vault, tokens and recovery codes as digests.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

import dbcore

metadata = dbcore.metadata()

auth_users = Table(
    "auth_users",
    metadata,
    Column("user_id", String(32), primary_key=True),
    Column("tenant", String(64), nullable=False),
    Column("username", String(64), nullable=False),
    Column("display_name", String(128), nullable=False, server_default=""),
    Column("role", String(32), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("created_at", Double, nullable=False),
    Column("disabled_at", Double, nullable=True),
    # The active TOTP factor (sealed, bound to user_id) and an enrolment waiting for its first code.
    Column("totp_secret", LargeBinary, nullable=True),
    Column("totp_confirmed_at", Double, nullable=True),
    Column("totp_pending", LargeBinary, nullable=True),
    Column("totp_last_step", BigInteger, nullable=True),
    Column("reenrol_required", Boolean, nullable=False, server_default=text("false")),
    # Brute-force state lives here so that it holds across workers and restarts.
    Column("otp_failures", Integer, nullable=False, server_default=text("0")),
    Column("password_failures", Integer, nullable=False, server_default=text("0")),
    Column("lock_count", Integer, nullable=False, server_default=text("0")),
    Column("locked_until", Double, nullable=True),
    UniqueConstraint("tenant", "username", name="uq_auth_users_tenant_username"),
)

auth_recovery_codes = Table(
    "auth_recovery_codes",
    metadata,
    Column("code_id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(32), ForeignKey("auth_users.user_id"), nullable=False),
    Column("digest", LargeBinary(32), nullable=False),
    Column("used_at", Double, nullable=True),
    Index("ix_auth_recovery_codes_user", "user_id"),
)

auth_sessions = Table(
    "auth_sessions",
    metadata,
    Column("session_id", String(32), primary_key=True),
    Column("token_digest", LargeBinary(32), nullable=False, unique=True),
    Column("user_id", String(32), ForeignKey("auth_users.user_id"), nullable=False),
    Column("kind", String(16), nullable=False),  # full | mfa | enrol
    Column("created_at", Double, nullable=False),
    Column("last_seen_at", Double, nullable=False),
    Column("expires_at", Double, nullable=False),
    Column("mfa_at", Double, nullable=True),
    Column("revoked_at", Double, nullable=True),
    Column("revoked_reason", String(32), nullable=True),
    Column("ip", String(64), nullable=True),
    Column("user_agent", String(256), nullable=True),
    Index("ix_auth_sessions_user", "user_id"),
)

#: Four-eyes approvals: a second person allows one action on one target, once, for a while.
auth_approvals = Table(
    "auth_approvals",
    metadata,
    Column("approval_id", String(32), primary_key=True),
    Column("tenant", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("target", String(128), nullable=False),
    Column("reason", Text, nullable=False),
    Column("granted_by", String(128), nullable=False),
    Column("granted_at", Double, nullable=False),
    Column("expires_at", Double, nullable=False),
    Column("used_by", String(128), nullable=True),
    Column("used_at", Double, nullable=True),
)

auth_api_keys = Table(
    "auth_api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("tenant", String(64), nullable=False),
    Column("name", String(64), nullable=False),
    Column("scopes", String(256), nullable=False),  # space-separated scope names
    Column("secret_digest", LargeBinary(32), nullable=False),
    Column("created_at", Double, nullable=False),
    Column("revoked_at", Double, nullable=True),
    Column("last_used_at", Double, nullable=True),
)

auth_ip_failures = Table(
    "auth_ip_failures",
    metadata,
    Column("ip", String(64), primary_key=True),
    Column("window_start", Double, nullable=False),
    Column("failures", Integer, nullable=False),
)
