"""compliance: attestations of checklist items

Revision ID: 0005_attestations
Revises: 0004_audit_query
Create Date: 2026-11-25 00:30:00

Append-only like the audit tables: a new attestation supersedes an old one, nothing is rewritten.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005_attestations'
down_revision = '0004_audit_query'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('compliance_attestations',
    sa.Column('attestation_id', sa.String(length=32), nullable=False),
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('framework', sa.String(length=32), nullable=False),
    sa.Column('requirement_id', sa.String(length=64), nullable=False),
    sa.Column('signed_by', sa.String(length=128), nullable=False),
    sa.Column('signed_at', sa.Double(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('not_applicable', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('attestation_id', name=op.f('pk_compliance_attestations'))
    )
    op.create_index('ix_compliance_attestations_item', 'compliance_attestations',
                    ['tenant', 'framework', 'requirement_id', 'signed_at'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER compliance_attestations_no_update_delete BEFORE UPDATE OR DELETE ON "
                   "compliance_attestations FOR EACH ROW EXECUTE FUNCTION kawal_audit_append_only()")
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON compliance_attestations FROM PUBLIC")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER compliance_attestations_no_{verb.lower()} BEFORE {verb} ON compliance_attestations "
                       f"BEGIN SELECT RAISE(ABORT, 'compliance_attestations is append-only: {verb} refused'); END")


def downgrade() -> None:
    op.drop_index('ix_compliance_attestations_item', table_name='compliance_attestations')
    op.drop_table('compliance_attestations')
