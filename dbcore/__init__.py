"""The SQL conventions every store shares, in one bottom-layer package (it imports nothing of ours).

Three stores (the vault, auth, the audit log) each wrote these themselves: the constraint naming
convention alembic needs to alter constraints on SQLite, the writer connection that takes SQLite's
write lock at BEGIN (`BEGIN IMMEDIATE`, so two writers queue instead of failing mid-transaction),
and PostgreSQL's transaction-scoped advisory lock that serialises one tenant's appends.
"""

from __future__ import annotations

import zlib

from sqlalchemy import Connection, Engine, MetaData, text

__all__ = ["NAMING_CONVENTION", "SQLITE_BEGIN_OPTION", "advisory_key", "lock", "metadata", "writer"]

#: Names for indexes and constraints, so migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
#: The execution option the engine's `begin` listener reads (`kawal/db.py`) to open SQLite transactions.
SQLITE_BEGIN_OPTION = "sqlite_begin"


def metadata() -> MetaData:
    """A package's own MetaData, with the shared naming convention."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def writer(engine: Engine) -> Engine:
    """*engine* for writes: on SQLite its transactions take the write lock at BEGIN (IMMEDIATE)."""
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})


def advisory_key(name: str) -> int:
    """A stable advisory-lock id for *name* (CRC-32: in PostgreSQL's int range on both sides)."""
    return zlib.crc32(name.encode())


def lock(conn: Connection, key: int) -> None:
    """Hold *key* until the transaction ends, on PostgreSQL; on SQLite the writer's BEGIN IMMEDIATE
    already serialises writers, so there is nothing to take."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
