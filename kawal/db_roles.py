"""The application's own PostgreSQL role: full use of its tables, but INSERT and SELECT only on the audit trail.

Migrations run as the schema owner; the server runs as this role. Then even a compromised
application (or its stolen database URL) cannot rewrite history: PostgreSQL itself refuses UPDATE,
DELETE and TRUNCATE of the append-only audit tables, before the triggers are even asked.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text

import auth
import vault

__all__ = ["APPEND_ONLY", "grant_app_role"]

#: Tables the application may only add to.
APPEND_ONLY = ("audit_events", "audit_subjects", "audit_checkpoints", "compliance_attestations")
#: Audit tables the application updates (alert status, the detector's cursor); never deletes.
_UPDATABLE_AUDIT = ("audit_alerts", "audit_scan_state", "compliance_breaches", "compliance_breach_notices")
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_app_role(engine: Engine, role: str, password: str | None = None) -> list[str]:
    """Create *role* if missing (LOGIN, with *password*) and set its privileges; safe to run again.

    Returns the statements' summaries for the operator. PostgreSQL only.
    """
    if engine.dialect.name != "postgresql":
        raise ValueError("application roles exist only on PostgreSQL; SQLite has no users")
    if not _ROLE.match(role):
        raise ValueError("a role name is lower-case letters, digits and '_' (at most 63)")
    tables = sorted({t for md in (vault.metadata, auth.metadata) for t in md.tables})
    done: list[str] = []
    with engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        if not exists:
            if password is None:
                raise ValueError(f"role {role} does not exist: give a password file to create it")
            # format(%I, %L) quotes on the server: no password or name reaches SQL unquoted.
            statement = conn.execute(text("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', CAST(:r AS text), CAST(:p AS text))"),
                                     {"r": role, "p": password}).scalar_one()
            conn.execute(text(statement))
            done.append(f"created role {role}")
        elif password is not None:
            statement = conn.execute(text("SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', CAST(:r AS text), CAST(:p AS text))"),
                                     {"r": role, "p": password}).scalar_one()
            conn.execute(text(statement))
            done.append(f"set the password of role {role}")
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        quoted = conn.execute(text("SELECT format('%I', CAST(:r AS text)), format('%I', CAST(:s AS text))"), {"r": role, "s": schema}).one()
        who, where = quoted[0], quoted[1]
        conn.execute(text(f"GRANT USAGE ON SCHEMA {where} TO {who}"))
        conn.execute(text(f"GRANT SELECT ON alembic_version TO {who}"))
        for table in tables:
            conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {where}.{table} TO {who}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}"))
        for table in _UPDATABLE_AUDIT:
            conn.execute(text(f"GRANT SELECT, INSERT, UPDATE ON {where}.{table} TO {who}"))
            conn.execute(text(f"REVOKE DELETE, TRUNCATE ON {where}.{table} FROM {who}"))
        for table in APPEND_ONLY:
            conn.execute(text(f"GRANT SELECT, INSERT ON {where}.{table} TO {who}"))
            conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {where}.{table} FROM {who}"))
        done.append(f"{role}: read/write on {len(tables)} vault and auth tables, INSERT/SELECT only on {', '.join(APPEND_ONLY)}")
    return done
