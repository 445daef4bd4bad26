"""compliance: breach register

Revision ID: 0006_breaches
Revises: 0005_attestations
Create Date: 2026-11-25 00:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_breaches'
down_revision = '0005_attestations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('compliance_breaches',
    sa.Column('breach_id', sa.String(length=32), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('detected_at', sa.Double(), nullable=False),
    sa.Column('assessed_at', sa.Double(), nullable=True),
    sa.Column('notifiable', sa.Integer(), nullable=True),
    sa.Column('affected_subjects', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('data_classes', sa.Text(), server_default='', nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('assessed_by', sa.String(length=128), nullable=True),
    sa.PrimaryKeyConstraint('breach_id', name=op.f('pk_compliance_breaches'))
    )
    op.create_index('ix_compliance_breaches_tenant', 'compliance_breaches', ['tenant', 'detected_at'], unique=False)
    op.create_table('compliance_breach_notices',
    sa.Column('breach_id', sa.String(length=32), nullable=False),
    sa.Column('framework', sa.String(length=32), nullable=False),
    sa.Column('notified_at', sa.Double(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('breach_id', 'framework', name=op.f('pk_compliance_breach_notices'))
    )


def downgrade() -> None:
    op.drop_table('compliance_breach_notices')
    op.drop_index('ix_compliance_breaches_tenant', table_name='compliance_breaches')
    op.drop_table('compliance_breaches')
