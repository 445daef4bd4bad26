"""The compliance package's table: attestations (who confirmed which checklist item, when, in which role).

Its own MetaData, like every package's; alembic under `kawal/` migrates it. Append-only.
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

