"""Incidents: reports, confirmations, evidence.

Revision ID: incidents_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "incidents_0001"
down_revision = None
branch_labels = ("incidents",)
depends_on = "0001_foundation"


def upgrade() -> None:
    op.create_table('incidents',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('time_precision', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=40), nullable=False),
    sa.Column('sub_event_type', sa.String(length=60), nullable=False),
    sa.Column('actor1', sa.Text(), nullable=False),
    sa.Column('assoc_actor_1', sa.Text(), nullable=False),
    sa.Column('inter1', sa.Integer(), nullable=False),
    sa.Column('actor2', sa.Text(), nullable=True),
    sa.Column('assoc_actor_2', sa.Text(), nullable=False),
    sa.Column('inter2', sa.Integer(), nullable=True),
    sa.Column('civilian_targeting', sa.Boolean(), nullable=False),
    sa.Column('admin1', sa.Text(), nullable=False),
    sa.Column('admin2', sa.Text(), nullable=False),
    sa.Column('admin3', sa.Text(), nullable=False),
    sa.Column('location', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('geo_precision', sa.Integer(), nullable=False),
    sa.Column('pcode', sa.String(length=12), nullable=True),
    sa.Column('location_hidden', sa.Boolean(), nullable=False),
    sa.Column('fatalities', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('source_scale', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.Column('reporter', sa.Text(), nullable=True),
    sa.Column('organisation', sa.String(length=120), nullable=True),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('row_hash', sa.String(length=64), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents')),
    sa.UniqueConstraint('seq', name=op.f('uq_incidents_seq'))
    )
    op.create_index('ix_incidents_day', 'incidents', ['event_date', 'event_type', 'pcode'], unique=False)
    op.create_index('ix_incidents_view', 'incidents', ['status', 'event_date', 'event_type', 'pcode', 'fatalities'], unique=False)
    op.create_table('incident_confirmations',
    sa.Column('incident_id', sa.String(length=40), nullable=False),
    sa.Column('monitor', sa.String(length=120), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_confirmations_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('incident_id', 'monitor', name=op.f('pk_incident_confirmations'))
    )
    op.create_table('incident_evidence',
    sa.Column('incident_id', sa.String(length=40), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('added_by', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_evidence_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('incident_id', 'sha256', name=op.f('pk_incident_evidence'))
    )


def downgrade() -> None:
    op.drop_table('incident_evidence')
    op.drop_table('incident_confirmations')
    op.drop_index('ix_incidents_view', table_name='incidents')
    op.drop_index('ix_incidents_day', table_name='incidents')
    op.drop_table('incidents')
