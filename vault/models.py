"""The vault's tables (SQLAlchemy Core, its own MetaData; alembic under `kawal/` migrates them).

No column holds plaintext or a key in clear: subjects appear only as keyed references, data keys
only wrapped by a root key version, records only as format-1 blobs, searchable values only as HMACs.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    text,
)

import dbcore

metadata = dbcore.metadata()

#: Per-tenant vault keys that are not data keys (the blind-index master key), wrapped by a root key.
vault_meta = Table(
    "vault_meta",
    metadata,
    Column("tenant", String(64), nullable=False),
    Column("name", String(64), nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("root_version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("tenant", "name"),
)

#: One row per data subject, known only by an HMAC of (tenant, subject id).
vault_subjects = Table(
    "vault_subjects",
    metadata,
    Column("subject_ref", String(64), primary_key=True),
    Column("tenant", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("shredded_at", DateTime(timezone=True), nullable=True),
)

#: Data keys (DEKs). `wrapped_key` is NULL once destroyed; one `active` key per subject at a time.
vault_data_keys = Table(
    "vault_data_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("tenant", String(64), nullable=False),
    Column("subject_ref", String(64), ForeignKey("vault_subjects.subject_ref"), nullable=False),
    #: What the key encrypts: "<record kind>/<UTC month of writing>" (`''` before migration 0007). One
    #: key per subject and scope lets retention crypto-shred a kind's old months, backups included.
    Column("scope", String(80), nullable=False, server_default=text("''")),
    Column("state", String(16), nullable=False),  # active | retired | destroyed
    Column("wrapped_key", LargeBinary, nullable=True),
    Column("root_version", Integer, nullable=False),
    Column("encryptions", BigInteger, nullable=False, server_default=text("0")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("destroyed_at", DateTime(timezone=True), nullable=True),
    Index("ix_vault_data_keys_subject", "subject_ref"),
    Index("ix_vault_data_keys_rewrap", "tenant", "root_version"),
    Index(
        "uq_vault_data_keys_one_active",
        "subject_ref",
        "scope",
        unique=True,
        sqlite_where=text("state = 'active'"),
        postgresql_where=text("state = 'active'"),
    ),
)

#: Encrypted records: the blob is bound (AAD) to tenant, record id, subject and key id.
vault_records = Table(
    "vault_records",
    metadata,
    Column("record_id", String(32), primary_key=True),
    Column("tenant", String(64), nullable=False),
    Column("subject_ref", String(64), ForeignKey("vault_subjects.subject_ref"), nullable=False),
    Column("key_id", String(32), ForeignKey("vault_data_keys.key_id"), nullable=False),
    Column("blob", LargeBinary, nullable=False),
    #: The record's kind (a retention class of policies/retention.yaml, e.g. call_transcript): a
    #: category, never a value, kept in clear so that retention can find what expired.
    Column("kind", String(48), nullable=False, server_default=text("'record'")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_vault_records_subject", "subject_ref"),
    # Not led by `tenant`: SQLite without statistics would then prefer it to the primary key for
    # `tenant = ? AND record_id IN (...)` and scan a tenant's records on every read.
    Index("ix_vault_records_kind", "kind", "created_at"),
    Index("ix_vault_records_key", "key_id"),
)

#: Blind index: HMAC digests of normalised searchable values.
vault_blind_index = Table(
    "vault_blind_index",
    metadata,
    Column("record_id", String(32), ForeignKey("vault_records.record_id"), nullable=False),
    Column("field", String(64), nullable=False),
    Column("digest", LargeBinary(32), nullable=False),
    PrimaryKeyConstraint("record_id", "field", "digest"),
    Index("ix_vault_blind_index_lookup", "field", "digest"),
)
