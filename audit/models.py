"""The audit log's table (SQLAlchemy Core, its own MetaData; alembic under `kawal/` migrates it).

One row per event, never updated or deleted (on PostgreSQL, triggers refuse both, and TRUNCATE).
`body` is the event's canonical JSON, which holds no plaintext PII: subjects appear only as keyed
references. `hash` chains each event to the previous one; `mac` is an HMAC of the hash under an
audit key that is not in the database, so rewriting the chain needs that key too.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Double,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

import dbcore

metadata = dbcore.metadata()

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
    # Copies of two body fields, for the security officer's filters; `verify` checks they match the body.
    Column("actor", String(128), nullable=False, server_default=""),
    Column("action", String(64), nullable=False, server_default=""),
    PrimaryKeyConstraint("tenant", "seq"),
    Index("ix_audit_events_actor", "tenant", "actor", "seq"),
    Index("ix_audit_events_action", "tenant", "action", "seq"),
    Index("ix_audit_events_at", "tenant", "at"),
)

#: Which events name which data subject (keyed references): "who accessed this customer?" in one lookup.
#: Append-only like the events; derived from their bodies, so `verify` can check it.
audit_subjects = Table(
    "audit_subjects",
    metadata,
    Column("tenant", String(64), nullable=False),
    Column("subject_ref", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    PrimaryKeyConstraint("tenant", "subject_ref", "seq"),
)

#: Signed checkpoints: each covers the events (first_seq .. last_seq] with a Merkle root, names the chain
#: head, and links to the previous checkpoint. `body` is the canonical JSON that `signature` signs.
audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("tenant", String(64), nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("first_seq", BigInteger, nullable=False),
    Column("signed_at", Double, nullable=False),
    Column("body", Text, nullable=False),
    Column("signature", LargeBinary(64), nullable=False),
    PrimaryKeyConstraint("tenant", "last_seq"),
)

#: Alerts of the detectors. The only audit table with updates: status moves open -> acknowledged ->
#: closed, with who and why; every change is also an event in the chain.
audit_alerts = Table(
    "audit_alerts",
    metadata,
    Column("alert_id", String(32), nullable=False),
    Column("tenant", String(64), nullable=False),
    Column("dedup_key", String(255), nullable=False),
    Column("detector", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("score", Integer, nullable=False),
    Column("actor", String(128), nullable=True),
    Column("message", Text, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON list of sequence numbers
    Column("raised_at", Double, nullable=False),
    Column("window_start", Double, nullable=False),
    Column("window_end", Double, nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_by", String(128), nullable=True),
    Column("status_reason", Text, nullable=True),
    Column("status_at", Double, nullable=True),
    Column("notified_at", Double, nullable=True),
    PrimaryKeyConstraint("alert_id"),
    UniqueConstraint("tenant", "dedup_key"),
    Index("ix_audit_alerts_status", "tenant", "status", "raised_at"),
)

#: Where the streaming detector stopped, so a restart neither skips nor repeats events.
audit_scan_state = Table(
    "audit_scan_state",
    metadata,
    Column("tenant", String(64), nullable=False),
    Column("name", String(64), nullable=False),
    Column("last_seq", BigInteger, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("tenant", "name"),
)
