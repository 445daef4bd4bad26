"""audit: query columns, subject index, signed checkpoints, alerts

Revision ID: 0004_audit_query
Revises: 0003_audit
Create Date: 2026-11-24 23:05:00

`audit_subjects` and `audit_checkpoints` are append-only like `audit_events` (same triggers);
`audit_alerts` and `audit_scan_state` take updates (alert status, the detector's cursor).
The new event columns are added in place (no table rebuild, which on SQLite would drop the
append-only triggers) and filled from the bodies of events written before this revision, with the
update trigger lifted for that one statement: `verify` requires the copies to match the body.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_audit_query'
down_revision = '0003_audit'
branch_labels = None
depends_on = None

_REFUSE = """
CREATE OR REPLACE FUNCTION kawal_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""

APPEND_ONLY = ("audit_subjects", "audit_checkpoints")


def _append_only(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION kawal_audit_append_only()")
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION kawal_audit_append_only()")
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} refused'); END")


def _backfill_columns() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete")
        op.execute("UPDATE audit_events SET actor = COALESCE(body::json->>'actor', ''), "
                   "action = COALESCE(body::json->>'action', '')")
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("UPDATE audit_events SET actor = COALESCE(json_extract(body, '$.actor'), ''), "
                   "action = COALESCE(json_extract(body, '$.action'), '')")
        op.execute("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
                   "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_REFUSE)
    op.add_column('audit_events', sa.Column('actor', sa.String(length=128), server_default='', nullable=False))
    op.add_column('audit_events', sa.Column('action', sa.String(length=64), server_default='', nullable=False))
    _backfill_columns()
    op.create_index('ix_audit_events_actor', 'audit_events', ['tenant', 'actor', 'seq'], unique=False)
    op.create_index('ix_audit_events_action', 'audit_events', ['tenant', 'action', 'seq'], unique=False)
    op.create_index('ix_audit_events_at', 'audit_events', ['tenant', 'at'], unique=False)
    op.create_table('audit_subjects',
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('subject_ref', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('tenant', 'subject_ref', 'seq', name=op.f('pk_audit_subjects'))
    )
    op.create_table('audit_checkpoints',
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('first_seq', sa.BigInteger(), nullable=False),
    sa.Column('signed_at', sa.Double(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('signature', sa.LargeBinary(length=64), nullable=False),
    sa.PrimaryKeyConstraint('tenant', 'last_seq', name=op.f('pk_audit_checkpoints'))
    )
    op.create_table('audit_alerts',
    sa.Column('alert_id', sa.String(length=32), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('dedup_key', sa.String(length=255), nullable=False),
    sa.Column('detector', sa.String(length=64), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('raised_at', sa.Double(), nullable=False),
    sa.Column('window_start', sa.Double(), nullable=False),
    sa.Column('window_end', sa.Double(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_by', sa.String(length=128), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('status_at', sa.Double(), nullable=True),
    sa.Column('notified_at', sa.Double(), nullable=True),
    sa.PrimaryKeyConstraint('alert_id', name=op.f('pk_audit_alerts')),
    sa.UniqueConstraint('tenant', 'dedup_key', name=op.f('uq_audit_alerts_tenant'))
    )
    op.create_index('ix_audit_alerts_status', 'audit_alerts', ['tenant', 'status', 'raised_at'], unique=False)
    op.create_table('audit_scan_state',
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('tenant', 'name', name=op.f('pk_audit_scan_state'))
    )
    for table in APPEND_ONLY:
        _append_only(table)


def downgrade() -> None:
    op.drop_table('audit_scan_state')
    op.drop_index('ix_audit_alerts_status', table_name='audit_alerts')
    op.drop_table('audit_alerts')
    op.drop_table('audit_checkpoints')
    op.drop_table('audit_subjects')
    op.drop_index('ix_audit_events_at', table_name='audit_events')
    op.drop_index('ix_audit_events_action', table_name='audit_events')
    op.drop_index('ix_audit_events_actor', table_name='audit_events')
    with op.batch_alter_table('audit_events') as batch:
        batch.drop_column('action')
        batch.drop_column('actor')
