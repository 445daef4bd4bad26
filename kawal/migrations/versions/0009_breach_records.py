"""compliance: the breach register documents each breach's effects and remedial action (GDPR 33(5))

Revision ID: 0009_breach_records
Revises: 0008_breach_law
Create Date: 2026-12-04 20:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_breach_records'
down_revision = '0008_breach_law'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('compliance_breaches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consequences', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('remedial_action', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('compliance_breaches', schema=None) as batch_op:
        batch_op.drop_column('remedial_action')
        batch_op.drop_column('consequences')
