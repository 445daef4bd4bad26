"""auth: four-eyes approvals (hold release, export, erasure need a second person)

Revision ID: 0010_approvals
Revises: 0009_breach_records
Create Date: 2026-12-04 20:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_approvals'
down_revision = '0009_breach_records'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('auth_approvals',
    sa.Column('approval_id', sa.String(length=32), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('target', sa.String(length=128), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('granted_by', sa.String(length=128), nullable=False),
    sa.Column('granted_at', sa.Double(), nullable=False),
    sa.Column('expires_at', sa.Double(), nullable=False),
    sa.Column('used_by', sa.String(length=128), nullable=True),
    sa.Column('used_at', sa.Double(), nullable=True),
    sa.PrimaryKeyConstraint('approval_id', name=op.f('pk_auth_approvals'))
    )


def downgrade() -> None:
    op.drop_table('auth_approvals')
