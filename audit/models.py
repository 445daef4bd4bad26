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

#: Attestations of checklist items: who confirmed what, when. History is kept (append-only); the
#: newest per requirement counts, and it expires after the requirement's max_age_days.
compliance_attestations = Table(
    "compliance_attestations",
    metadata,
    Column("attestation_id", String(32), nullable=False),
    Column("tenant", String(64), nullable=False),
    Column("framework", String(32), nullable=False),
    Column("requirement_id", String(64), nullable=False),
    Column("signed_by", String(128), nullable=False),
    Column("signed_at", Double, nullable=False),
    Column("statement", Text, nullable=False),
    Column("not_applicable", Integer, nullable=False, server_default=text("0")),
    Column("signer_role", String(64), nullable=True),  # the capacity signed in (migration 0008)
    PrimaryKeyConstraint("attestation_id"),
    Index("ix_compliance_attestations_item", "tenant", "framework", "requirement_id", "signed_at"),
)

#: The breach register: one row per incident (facts and the assessment; no personal data in it).
compliance_breaches = Table(
    "compliance_breaches",
    metadata,
    Column("breach_id", String(32), nullable=False),
    Column("tenant", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("detected_at", Double, nullable=False),
    Column("assessed_at", Double, nullable=True),
    Column("notifiable", Integer, nullable=True),  # NULL until assessed
    Column("affected_subjects", Integer, nullable=False, server_default=text("0")),
    Column("data_classes", Text, nullable=False, server_default=""),
    Column("recorded_by", String(128), nullable=False),
    Column("assessed_by", String(128), nullable=True),
    # The assessment's facts each law's test reads (NULL until assessed; migration 0008).
    Column("high_risk", Integer, nullable=True),
    Column("significant_harm", Integer, nullable=True),
    Column("unencrypted", Integer, nullable=True),
    Column("public_impact", Integer, nullable=True),
    Column("recorded_at", Double, nullable=True),  # when the row was entered (NULL: before migration 0008)
    # GDPR 33(5): the breach's effects and the remedial action taken (migration 0009).
    Column("consequences", Text, nullable=True),
    Column("remedial_action", Text, nullable=True),
    PrimaryKeyConstraint("breach_id"),
    Index("ix_compliance_breaches_tenant", "tenant", "detected_at"),
)

#: Notices sent for a breach: per framework and recipient, several allowed (append-only).
compliance_breach_notices = Table(
    "compliance_breach_notices",
    metadata,
    Column("notice_id", String(64), nullable=False),
    Column("breach_id", String(32), nullable=False),
    Column("framework", String(32), nullable=False),
    Column("recipient", String(32), nullable=False, server_default=text("'authority'")),
    Column("notified_at", Double, nullable=False),
    Column("reference", String(200), nullable=False),
    Column("recorded_by", String(128), nullable=False),
    Column("recorded_at", Double, nullable=True),
    PrimaryKeyConstraint("notice_id"),
    Index("ix_compliance_breach_notices_breach", "breach_id", "framework", "recipient"),
)

#: Data-subject requests: the subject only as the vault's keyed references, never the identifiers
#: the requester gave (phone, email, NIK); deadlines computed at receipt from the framework's file.
compliance_dsar_requests = Table(
    "compliance_dsar_requests",
    metadata,
    Column("request_id", String(32), nullable=False),
    Column("tenant", String(64), nullable=False),
    Column("kind", String(24), nullable=False),  # access | rectification | erasure
    Column("framework", String(32), nullable=False),
    Column("subject_refs", Text, nullable=False, server_default=""),  # space-separated keyed references
    Column("state", String(16), nullable=False),  # received | verified | completed | rejected
    Column("received_at", Double, nullable=False),
    Column("due_at", Double, nullable=True),  # NULL: the law fixes no period (UU PDP erasure)
    Column("extendable_to", Double, nullable=True),
    Column("confirm_by", Double, nullable=True),
    Column("confirmed_at", Double, nullable=True),
    Column("verified_at", Double, nullable=True),
    Column("extended_at", Double, nullable=True),
    Column("extension_reason", Text, nullable=True),
    Column("closed_at", Double, nullable=True),
    Column("outcome", Text, nullable=False, server_default="{}"),  # canonical JSON: digests, counts, reasons
    Column("reference", String(200), nullable=False, server_default=""),  # the ticket id in the contact center
    Column("opened_by", String(128), nullable=False),
    Column("handled_by", String(128), nullable=True),
    PrimaryKeyConstraint("request_id"),
    Index("ix_compliance_dsar_requests_tenant", "tenant", "received_at"),
)

#: Legal holds: while one is active for a subject, erasure and retention leave its records alone.
compliance_legal_holds = Table(
    "compliance_legal_holds",
    metadata,
    Column("hold_id", String(32), nullable=False),
    Column("tenant", String(64), nullable=False),
    Column("subject_ref", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("placed_by", String(128), nullable=False),
    Column("placed_at", Double, nullable=False),
    Column("released_at", Double, nullable=True),
    Column("released_by", String(128), nullable=True),
    Column("release_reason", Text, nullable=True),
    PrimaryKeyConstraint("hold_id"),
    Index("ix_compliance_legal_holds_subject", "tenant", "subject_ref"),
)
