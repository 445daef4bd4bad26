"""vault tables: subjects, data keys, records, blind index

Revision ID: 0001_vault
Revises: 
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = '0001_vault'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('vault_meta',
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=False),
    sa.Column('root_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant', 'name', name=op.f('pk_vault_meta'))
    )
    op.create_table('vault_subjects',
    sa.Column('subject_ref', sa.String(length=64), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('shredded_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('subject_ref', name=op.f('pk_vault_subjects'))
    )
    op.create_table('vault_data_keys',
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('subject_ref', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=True),
    sa.Column('root_version', sa.Integer(), nullable=False),
    sa.Column('encryptions', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('destroyed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['subject_ref'], ['vault_subjects.subject_ref'], name=op.f('fk_vault_data_keys_subject_ref_vault_subjects')),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_vault_data_keys'))
    )
    with op.batch_alter_table('vault_data_keys', schema=None) as batch_op:
        batch_op.create_index('ix_vault_data_keys_rewrap', ['tenant', 'root_version'], unique=False)
        batch_op.create_index('ix_vault_data_keys_subject', ['subject_ref'], unique=False)
        batch_op.create_index('uq_vault_data_keys_one_active', ['subject_ref'], unique=True, sqlite_where=sa.text("state = 'active'"), postgresql_where=sa.text("state = 'active'"))

    op.create_table('vault_records',
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('subject_ref', sa.String(length=64), nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('blob', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['key_id'], ['vault_data_keys.key_id'], name=op.f('fk_vault_records_key_id_vault_data_keys')),
    sa.ForeignKeyConstraint(['subject_ref'], ['vault_subjects.subject_ref'], name=op.f('fk_vault_records_subject_ref_vault_subjects')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_vault_records'))
    )
    with op.batch_alter_table('vault_records', schema=None) as batch_op:
        batch_op.create_index('ix_vault_records_subject', ['subject_ref'], unique=False)

    op.create_table('vault_blind_index',
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.LargeBinary(length=32), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['vault_records.record_id'], name=op.f('fk_vault_blind_index_record_id_vault_records')),
    sa.PrimaryKeyConstraint('record_id', 'field', 'digest', name=op.f('pk_vault_blind_index'))
    )
    with op.batch_alter_table('vault_blind_index', schema=None) as batch_op:
        batch_op.create_index('ix_vault_blind_index_lookup', ['field', 'digest'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('vault_blind_index', schema=None) as batch_op:
        batch_op.drop_index('ix_vault_blind_index_lookup')

    op.drop_table('vault_blind_index')
    with op.batch_alter_table('vault_records', schema=None) as batch_op:
        batch_op.drop_index('ix_vault_records_subject')

    op.drop_table('vault_records')
    with op.batch_alter_table('vault_data_keys', schema=None) as batch_op:
        batch_op.drop_index('uq_vault_data_keys_one_active', sqlite_where=sa.text("state = 'active'"), postgresql_where=sa.text("state = 'active'"))
        batch_op.drop_index('ix_vault_data_keys_subject')
        batch_op.drop_index('ix_vault_data_keys_rewrap')

    op.drop_table('vault_data_keys')
    op.drop_table('vault_subjects')
    op.drop_table('vault_meta')
