"""Participation: grievances, co-signatures, organisations allowed to co-sign.

Revision ID: participation_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "participation_0001"
down_revision = None
branch_labels = ("participation",)
depends_on = "0001_foundation"


def upgrade() -> None:
    op.create_table('cosign_organisations',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cosign_organisations'))
    )
    op.create_table('grievances',
    sa.Column('id', sa.String(length=20), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('addressee_kind', sa.String(length=10), nullable=False),
    sa.Column('addressee', sa.String(length=120), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('pcode', sa.String(length=12), nullable=True),
    sa.Column('complainant', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=14), nullable=False),
    sa.Column('ack_due', sa.Date(), nullable=False),
    sa.Column('answer_due', sa.Date(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalation_reason', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grievances'))
    )
    op.create_index('ix_grievances_status', 'grievances', ['status', 'addressee'], unique=False)
    op.create_table('grievance_cosigners',
    sa.Column('grievance_id', sa.String(length=20), nullable=False),
    sa.Column('organisation', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['grievance_id'], ['grievances.id'], name=op.f('fk_grievance_cosigners_grievance_id_grievances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation'], ['cosign_organisations.id'], name=op.f('fk_grievance_cosigners_organisation_cosign_organisations')),
    sa.PrimaryKeyConstraint('grievance_id', 'organisation', name=op.f('pk_grievance_cosigners'))
    )


def downgrade() -> None:
    op.drop_table('grievance_cosigners')
    op.drop_index('ix_grievances_status', table_name='grievances')
    op.drop_table('grievances')
    op.drop_table('cosign_organisations')
