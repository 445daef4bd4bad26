"""The audit log's table (SQLAlchemy Core, its own MetaData; alembic under `kawal/` migrates it).

One row per event, never updated or deleted (on PostgreSQL, triggers refuse both, and TRUNCATE).
`body` is the event's canonical JSON, which holds no plaintext PII: subjects appear only as keyed
references. `hash` chains each event to the previous one; `mac` is an HMAC of the hash under an
audit key that is not in the database, so rewriting the chain needs that key too.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Double, LargeBinary, MetaData, PrimaryKeyConstraint, String, Table, Text

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("tenant", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("at", Double, nullable=False),
    Column("body", Text, nullable=False),
    Column("prev_hash", LargeBinary(32), nullable=False),
    Column("hash", LargeBinary(32), nullable=False),
    Column("mac", LargeBinary(32), nullable=False),
    PrimaryKeyConstraint("tenant", "seq"),
)
