"""The privacy package's tables: data-subject requests, legal holds, breaches and their notices.

Their own MetaData, like every package's; alembic under `kawal/` migrates them. Requests keep keyed
subject references only, never the requester's identifiers.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Double,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)

import dbcore

metadata = dbcore.metadata()

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
