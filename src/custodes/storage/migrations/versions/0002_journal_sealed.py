"""Entry version 2: the sealed fields' values beside their salts, and the reveals of delayed fields.

Revision ID: 0002_journal_sealed
Revises: 0001_foundation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_journal_sealed"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

APPEND_ONLY = "the journal is append-only"


def upgrade() -> None:
    op.create_table('journal_sealed',
    sa.Column('idx', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['idx'], ['journal.idx'], name=op.f('fk_journal_sealed_idx_journal')),
    sa.PrimaryKeyConstraint('idx', 'path', name=op.f('pk_journal_sealed'))
    )
    op.create_table('journal_reveals',
    sa.Column('idx', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('reveal_idx', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('idx', 'path', name=op.f('pk_journal_reveals'))
    )
    for table in ("journal_sealed", "journal_reveals"):
        if op.get_bind().dialect.name == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")
        else:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION custodes_append_only()")


def downgrade() -> None:
    raise RuntimeError("the journal's sealed values are never dropped")
