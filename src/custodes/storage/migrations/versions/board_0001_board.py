"""Board: members, decisions, funds, funding, reports.

Revision ID: board_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "board_0001"
down_revision = None
branch_labels = ("board",)
depends_on = "0001_foundation"


def upgrade() -> None:
    op.create_table('board_decisions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('present', sa.Text(), nullable=False),
    sa.Column('votes', sa.Text(), nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_decisions'))
    )
    op.create_table('board_funds',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('manager', sa.String(length=80), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_funds'))
    )
    op.create_table('board_members',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('seat', sa.Text(), nullable=False),
    sa.Column('represents', sa.String(length=80), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_members'))
    )
    op.create_table('board_reports',
    sa.Column('body', sa.String(length=80), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('content_sha256', sa.String(length=71), nullable=False),
    sa.Column('submitted_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('body', 'due_on', name=op.f('pk_board_reports'))
    )
    op.create_table('funding_transactions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('fund', sa.String(length=40), nullable=False),
    sa.Column('donor', sa.String(length=80), nullable=False),
    sa.Column('type', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('commitment', sa.String(length=40), nullable=True),
    sa.Column('decision', sa.String(length=40), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['fund'], ['board_funds.id'], name=op.f('fk_funding_transactions_fund_board_funds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_transactions'))
    )


def downgrade() -> None:
    op.drop_table('funding_transactions')
    op.drop_table('board_reports')
    op.drop_table('board_members')
    op.drop_table('board_funds')
    op.drop_table('board_decisions')
