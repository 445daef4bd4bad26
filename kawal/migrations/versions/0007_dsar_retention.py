"""vault record kinds and per-kind-month data keys; data-subject requests and legal holds

Revision ID: 0007_dsar_retention
Revises: 0006_breaches
Create Date: 2026-11-25 02:00:00

Existing records become kind `record` and existing data keys scope `''` (they keep protecting what
they protect; new writes get one key per subject, kind and month, which retention can destroy).
"""
import sqlalchemy as sa
from alembic import op

revision = '0007_dsar_retention'
down_revision = '0006_breaches'
branch_labels = None
depends_on = None

_ACTIVE = sa.text("state = 'active'")


def upgrade() -> None:
    with op.batch_alter_table('vault_data_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=80), server_default=sa.text("''"), nullable=False))
        batch_op.drop_index('uq_vault_data_keys_one_active', sqlite_where=_ACTIVE, postgresql_where=_ACTIVE)
        batch_op.create_index('uq_vault_data_keys_one_active', ['subject_ref', 'scope'], unique=True,
                              sqlite_where=_ACTIVE, postgresql_where=_ACTIVE)
    with op.batch_alter_table('vault_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=48), server_default=sa.text("'record'"), nullable=False))
        batch_op.create_index('ix_vault_records_kind', ['kind', 'created_at'], unique=False)
        batch_op.create_index('ix_vault_records_key', ['key_id'], unique=False)

    op.create_table('compliance_dsar_requests',
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('framework', sa.String(length=32), nullable=False),
    sa.Column('subject_refs', sa.Text(), server_default='', nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.Double(), nullable=False),
    sa.Column('due_at', sa.Double(), nullable=False),
    sa.Column('extendable_to', sa.Double(), nullable=True),
    sa.Column('confirm_by', sa.Double(), nullable=True),
    sa.Column('confirmed_at', sa.Double(), nullable=True),
    sa.Column('verified_at', sa.Double(), nullable=True),
    sa.Column('extended_at', sa.Double(), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.Double(), nullable=True),
    sa.Column('outcome', sa.Text(), server_default='{}', nullable=False),
    sa.Column('reference', sa.String(length=200), server_default='', nullable=False),
    sa.Column('opened_by', sa.String(length=128), nullable=False),
    sa.Column('handled_by', sa.String(length=128), nullable=True),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_compliance_dsar_requests'))
    )
    op.create_index('ix_compliance_dsar_requests_tenant', 'compliance_dsar_requests', ['tenant', 'received_at'], unique=False)
    op.create_table('compliance_legal_holds',
    sa.Column('hold_id', sa.String(length=32), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('subject_ref', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('placed_by', sa.String(length=128), nullable=False),
    sa.Column('placed_at', sa.Double(), nullable=False),
    sa.Column('released_at', sa.Double(), nullable=True),
    sa.Column('released_by', sa.String(length=128), nullable=True),
    sa.Column('release_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('hold_id', name=op.f('pk_compliance_legal_holds'))
    )
    op.create_index('ix_compliance_legal_holds_subject', 'compliance_legal_holds', ['tenant', 'subject_ref'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_compliance_legal_holds_subject', table_name='compliance_legal_holds')
    op.drop_table('compliance_legal_holds')
    op.drop_index('ix_compliance_dsar_requests_tenant', table_name='compliance_dsar_requests')
    op.drop_table('compliance_dsar_requests')
    with op.batch_alter_table('vault_records', schema=None) as batch_op:
        batch_op.drop_index('ix_vault_records_key')
        batch_op.drop_index('ix_vault_records_kind')
        batch_op.drop_column('kind')
    with op.batch_alter_table('vault_data_keys', schema=None) as batch_op:
        batch_op.drop_index('uq_vault_data_keys_one_active', sqlite_where=_ACTIVE, postgresql_where=_ACTIVE)
        batch_op.create_index('uq_vault_data_keys_one_active', ['subject_ref'], unique=True,
                              sqlite_where=_ACTIVE, postgresql_where=_ACTIVE)
        batch_op.drop_column('scope')
