"""audit log: append-only, hash-chained events

Revision ID: 0003_audit
Revises: 0002_auth
Create Date: 2026-11-24 22:40:00

On PostgreSQL the table refuses UPDATE, DELETE and TRUNCATE through triggers (they bind the
table's owner too; only a superuser disabling triggers gets around them, and that leaves the hash
chain and MACs to catch the edit). The application role gets INSERT and SELECT only, where the
migration runs as a different role than the application (see README, Production stack).
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_audit'
down_revision = '0002_auth'
branch_labels = None
depends_on = None

_REFUSE = """
CREATE OR REPLACE FUNCTION kawal_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('tenant', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.Double(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('mac', sa.LargeBinary(length=32), nullable=False),
    sa.PrimaryKeyConstraint('tenant', 'seq', name=op.f('pk_audit_events'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_REFUSE)
        op.execute("CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events "
                   "FOR EACH ROW EXECUTE FUNCTION kawal_audit_append_only()")
        op.execute("CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
                   "FOR EACH STATEMENT EXECUTE FUNCTION kawal_audit_append_only()")
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC")
    else:
        # SQLite has no roles; triggers still stop an accidental UPDATE or DELETE through SQL.
        op.execute("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
                   "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END")
        op.execute("CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
                   "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update_delete ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS kawal_audit_append_only()")
    op.drop_table('audit_events')
