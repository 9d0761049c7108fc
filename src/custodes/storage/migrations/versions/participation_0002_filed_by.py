"""Participation: the account that filed a grievance under a name (it reads its own grievance's text).

Revision ID: participation_0002
Revises: participation_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "participation_0002"
down_revision = "participation_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("grievances", sa.Column("filed_by", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("grievances") as batch:
        batch.drop_column("filed_by")
