"""compliance: breach assessments per law's test, several notices per law, entry times, signer roles, open deadlines

Revision ID: 0008_breach_law
Revises: 0007_dsar_retention
Create Date: 2026-12-03 15:00:00

An assessment now records the facts each law's test reads (high risk, significant harm, whether
the data was readable, a public impact); `notifiable` stays as the risk finding. A breach may owe a law several
notices (the authority and the individuals under UU PDP Art. 46, the Attorney General after the
residents in California), so notices get their own id and a recipient. Rows remember when they
were entered. Existing notices become the authority's.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_breach_law'
down_revision = '0007_dsar_retention'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('compliance_breaches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('high_risk', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('significant_harm', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unencrypted', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('public_impact', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recorded_at', sa.Double(), nullable=True))
    with op.batch_alter_table('compliance_attestations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signer_role', sa.String(length=64), nullable=True))
    with op.batch_alter_table('compliance_dsar_requests', schema=None) as batch_op:
        batch_op.alter_column('due_at', existing_type=sa.Double(), nullable=True)
    op.create_table('compliance_breach_notices_new',
    sa.Column('notice_id', sa.String(length=64), nullable=False),
    sa.Column('breach_id', sa.String(length=32), nullable=False),
    sa.Column('framework', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.String(length=32), server_default=sa.text("'authority'"), nullable=False),
    sa.Column('notified_at', sa.Double(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', sa.Double(), nullable=True),
    sa.PrimaryKeyConstraint('notice_id', name=op.f('pk_compliance_breach_notices_v2'))
    )
    op.execute(
        "INSERT INTO compliance_breach_notices_new "
        "(notice_id, breach_id, framework, recipient, notified_at, reference, recorded_by) "
        "SELECT breach_id || ':' || framework, breach_id, framework, 'authority', notified_at, reference, recorded_by "
        "FROM compliance_breach_notices"
    )
    op.drop_table('compliance_breach_notices')
    op.rename_table('compliance_breach_notices_new', 'compliance_breach_notices')
    op.create_index('ix_compliance_breach_notices_breach', 'compliance_breach_notices',
                    ['breach_id', 'framework', 'recipient'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_compliance_breach_notices_breach', table_name='compliance_breach_notices')
    op.create_table('compliance_breach_notices_old',
    sa.Column('breach_id', sa.String(length=32), nullable=False),
    sa.Column('framework', sa.String(length=32), nullable=False),
    sa.Column('notified_at', sa.Double(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('breach_id', 'framework', name=op.f('pk_compliance_breach_notices'))
    )
    op.execute(
        "INSERT INTO compliance_breach_notices_old (breach_id, framework, notified_at, reference, recorded_by) "
        "SELECT breach_id, framework, MIN(notified_at), MIN(reference), MIN(recorded_by) FROM compliance_breach_notices "
        "WHERE recipient = 'authority' GROUP BY breach_id, framework"
    )
    op.drop_table('compliance_breach_notices')
    op.rename_table('compliance_breach_notices_old', 'compliance_breach_notices')
    # The older schema needs a due time: requests without one become due at receipt (overdue, never lost).
    op.execute("UPDATE compliance_dsar_requests SET due_at = received_at WHERE due_at IS NULL")
    with op.batch_alter_table('compliance_dsar_requests', schema=None) as batch_op:
        batch_op.alter_column('due_at', existing_type=sa.Double(), nullable=False)
    with op.batch_alter_table('compliance_attestations', schema=None) as batch_op:
        batch_op.drop_column('signer_role')
    with op.batch_alter_table('compliance_breaches', schema=None) as batch_op:
        batch_op.drop_column('recorded_at')
        batch_op.drop_column('public_impact')
        batch_op.drop_column('unencrypted')
        batch_op.drop_column('significant_harm')
        batch_op.drop_column('high_risk')
