"""Aid: crossing status history, consignments and their running totals, import runs, notifications, hazard zones, roads.

Revision ID: aid_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "aid_0001"
down_revision = None
branch_labels = ("aid",)
depends_on = "0001_foundation"


def upgrade() -> None:
    op.create_table('consignment_totals',
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('crossing', sa.String(length=40), nullable=False),
    sa.Column('route', sa.String(length=40), nullable=False),
    sa.Column('category', sa.String(length=80), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('donor', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('exercise', sa.Boolean(), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('quantity_n', sa.BigInteger(), nullable=False),
    sa.Column('trucks', sa.BigInteger(), nullable=False),
    sa.Column('trucks_n', sa.BigInteger(), nullable=False),
    sa.Column('tonnes', sa.Float(), nullable=False),
    sa.Column('tonnes_n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('date', 'crossing', 'route', 'category', 'unit', 'agency', 'donor', 'state', 'source', 'exercise', name=op.f('pk_consignment_totals'))
    )
    op.create_table('consignments',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_ref', sa.String(length=80), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('crossing', sa.String(length=40), nullable=True),
    sa.Column('route', sa.String(length=40), nullable=True),
    sa.Column('category', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('trucks', sa.Integer(), nullable=True),
    sa.Column('tonnes', sa.Float(), nullable=True),
    sa.Column('donor', sa.Text(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('destination', sa.Text(), nullable=False),
    sa.Column('intercepted_by', sa.String(length=20), nullable=True),
    sa.Column('row_hash', sa.String(length=71), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consignments'))
    )
    op.create_index('ix_consignments_summary', 'consignments', ['date', 'crossing', 'unit', 'quantity', 'trucks', 'tonnes'], unique=False)
    op.create_index('ix_consignments_state', 'consignments', ['state'], unique=False)
    op.create_table('crossing_status',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('crossing', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('hours', sa.String(length=40), nullable=True),
    sa.Column('capacity_trucks', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossing_status'))
    )
    op.create_index(op.f('ix_crossing_status_crossing'), 'crossing_status', ['crossing'], unique=False)
    op.create_table('hazard_zones',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hazard_zones'))
    )
    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('file_sha256', sa.String(length=71), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('rows_added', sa.BigInteger(), nullable=False),
    sa.Column('rows_present', sa.BigInteger(), nullable=False),
    sa.Column('rows_refused', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('pcode', sa.String(length=12), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('route', sa.Text(), nullable=True),
    sa.Column('start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end', sa.DateTime(timezone=True), nullable=True),
    sa.Column('vehicles', sa.Integer(), nullable=True),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.Column('hazards', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    op.create_table('roads',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('osm_id', sa.String(length=40), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('highway', sa.String(length=40), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('attribution', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roads'))
    )


def downgrade() -> None:
    op.drop_table('consignment_totals')
    op.drop_table('roads')
    op.drop_table('notifications')
    op.drop_table('import_runs')
    op.drop_table('hazard_zones')
    op.drop_index(op.f('ix_crossing_status_crossing'), table_name='crossing_status')
    op.drop_table('crossing_status')
    op.drop_index('ix_consignments_state', table_name='consignments')
    op.drop_index('ix_consignments_summary', table_name='consignments')
    op.drop_table('consignments')
