"""Mission: what the loaded profile was (its source, settings and file digests), for profile upgrades.

Revision ID: mission_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "mission_0001"
down_revision = None
branch_labels = ("mission",)
depends_on = "0001_foundation"


def upgrade() -> None:
    op.create_table('mission_profile',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_mission_profile'))
    )


def downgrade() -> None:
    op.drop_table('mission_profile')
