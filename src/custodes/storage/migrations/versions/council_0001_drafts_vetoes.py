"""Council: drafts, votes, mandate actions, vetoes.

Revision ID: council_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "council_0001"
down_revision = None
branch_labels = ("council",)
depends_on = "0001_foundation"


def upgrade() -> None:
    op.create_table('council_drafts',
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('matter', sa.String(length=12), nullable=False),
    sa.Column('chapter_vi', sa.Boolean(), nullable=False),
    sa.Column('parties', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('tabled_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('voted_on', sa.Date(), nullable=True),
    sa.Column('adopted', sa.Boolean(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('resolution', sa.String(length=40), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('symbol', name=op.f('pk_council_drafts'))
    )
    op.create_table('council_vetoes',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('draft', sa.Text(), nullable=False),
    sa.Column('voted_on', sa.Date(), nullable=False),
    sa.Column('meeting', sa.Text(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('vetoed_by', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_council_vetoes'))
    )
    op.create_table('council_draft_votes',
    sa.Column('draft', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=3), nullable=False),
    sa.Column('vote', sa.String(length=8), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['draft'], ['council_drafts.symbol'], name=op.f('fk_council_draft_votes_draft_council_drafts')),
    sa.ForeignKeyConstraint(['state'], ['states.code'], name=op.f('fk_council_draft_votes_state_states')),
    sa.PrimaryKeyConstraint('draft', 'state', name=op.f('pk_council_draft_votes'))
    )
    op.create_table('mandate_actions',
    sa.Column('resolution', sa.String(length=40), nullable=False),
    sa.Column('body', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('add_tasks', sa.Text(), nullable=False),
    sa.Column('remove_tasks', sa.Text(), nullable=False),
    sa.Column('report_every_months', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['body'], ['bodies.id'], name=op.f('fk_mandate_actions_body_bodies')),
    sa.ForeignKeyConstraint(['resolution'], ['resolutions.symbol'], name=op.f('fk_mandate_actions_resolution_resolutions')),
    sa.PrimaryKeyConstraint('resolution', 'body', 'action', name=op.f('pk_mandate_actions'))
    )


def downgrade() -> None:
    op.drop_table('mandate_actions')
    op.drop_table('council_draft_votes')
    op.drop_table('council_vetoes')
    op.drop_table('council_drafts')
