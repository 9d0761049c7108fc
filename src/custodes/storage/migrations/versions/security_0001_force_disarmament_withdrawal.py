"""Security pillar: the force, disarmament (weapons, custody, sites, documents) and phased withdrawal.

Revision ID: security_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "security_0001"
down_revision = None
branch_labels = ("security",)
depends_on = "0001_foundation"


def upgrade() -> None:
    op.create_table('weapon_zone_day_counts',
    sa.Column('zone', sa.String(length=12), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('destroyed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('zone', 'on', name=op.f('pk_weapon_zone_day_counts'))
    )
    op.create_table('disarmament_documents',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=12), nullable=False),
    sa.Column('subject_id', sa.String(length=40), nullable=False),
    sa.Column('media_type', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', 'subject', 'subject_id', name=op.f('pk_disarmament_documents'))
    )
    op.create_table('force_areas',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_force_areas'))
    )
    op.create_table('force_nodes',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('parent', sa.String(length=40), nullable=True),
    sa.Column('state', sa.String(length=3), nullable=True),
    sa.Column('commander_role', sa.String(length=120), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['parent'], ['force_nodes.id'], name=op.f('fk_force_nodes_parent_force_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_force_nodes'))
    )
    op.create_table('force_strength_reports',
    sa.Column('state', sa.String(length=3), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('pledged', sa.Integer(), nullable=False),
    sa.Column('deployed', sa.Integer(), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('state', 'on', name=op.f('pk_force_strength_reports'))
    )
    op.create_table('infra_sites',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('zone', sa.String(length=12), nullable=True),
    sa.Column('length_m', sa.Float(), nullable=False),
    sa.Column('area_m2', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=80), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('destroyed_on', sa.Date(), nullable=True),
    sa.Column('destroyed_by', sa.String(length=80), nullable=True),
    sa.Column('method', sa.String(length=40), nullable=True),
    sa.Column('verified_on', sa.Date(), nullable=True),
    sa.Column('verified_by', sa.String(length=80), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_infra_sites'))
    )
    op.create_table('weapons',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('model', sa.String(length=120), nullable=False),
    sa.Column('calibre', sa.String(length=40), nullable=False),
    sa.Column('manufacturer', sa.String(length=120), nullable=False),
    sa.Column('country_of_manufacture', sa.String(length=80), nullable=False),
    sa.Column('year_of_manufacture', sa.Integer(), nullable=True),
    sa.Column('serial', sa.String(length=80), nullable=False),
    sa.Column('markings', sa.Text(), nullable=False),
    sa.Column('marking_place', sa.String(length=120), nullable=False),
    sa.Column('import_mark', sa.String(length=120), nullable=False),
    sa.Column('mark', sa.String(length=80), nullable=False),
    sa.Column('dup_key', sa.String(length=400), nullable=True),
    sa.Column('duplicate_of', sa.Integer(), nullable=True),
    sa.Column('zone', sa.String(length=12), nullable=True),
    sa.Column('unit', sa.String(length=80), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('place', sa.String(length=80), nullable=True),
    sa.Column('last_on', sa.Date(), nullable=True),
    sa.Column('steps', sa.Integer(), nullable=False),
    sa.Column('destroyed_on', sa.Date(), nullable=True),
    sa.Column('certificate', sa.String(length=80), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weapons'))
    )
    op.create_index(op.f('ix_weapons_mark'), 'weapons', ['mark'], unique=False)
    op.create_index(op.f('ix_weapons_dup_key'), 'weapons', ['dup_key'], unique=False)
    op.create_index('ix_weapons_zone_destroyed_on', 'weapons', ['zone', 'destroyed_on'], unique=False)
    op.create_table('withdrawal_phases',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('opens', sa.Date(), nullable=True),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('defined_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('verified_by', sa.String(length=80), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawal_phases'))
    )
    op.create_table('custody_steps',
    sa.Column('weapon', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=80), nullable=False),
    sa.Column('unit', sa.String(length=80), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('journal_idx', sa.Integer(), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['weapon'], ['weapons.id'], name=op.f('fk_custody_steps_weapon_weapons')),
    sa.PrimaryKeyConstraint('weapon', 'seq', name=op.f('pk_custody_steps'))
    )
    op.create_table('force_deployments',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('strength', sa.Integer(), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['area'], ['force_areas.id'], name=op.f('fk_force_deployments_area_force_areas')),
    sa.ForeignKeyConstraint(['unit'], ['force_nodes.id'], name=op.f('fk_force_deployments_unit_force_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_force_deployments'))
    )
    op.create_index(op.f('ix_force_deployments_unit'), 'force_deployments', ['unit'], unique=False)
    op.create_table('force_task_assignments',
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('task', sa.String(length=80), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['unit'], ['force_nodes.id'], name=op.f('fk_force_task_assignments_unit_force_nodes')),
    sa.PrimaryKeyConstraint('unit', 'task', name=op.f('pk_force_task_assignments'))
    )
    op.create_table('withdrawal_milestones',
    sa.Column('phase', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('zone', sa.String(length=12), nullable=True),
    sa.Column('share', sa.Float(), nullable=True),
    sa.Column('on', sa.Date(), nullable=True),
    sa.Column('after_phase', sa.String(length=40), nullable=True),
    sa.Column('exercise', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['phase'], ['withdrawal_phases.id'], name=op.f('fk_withdrawal_milestones_phase_withdrawal_phases')),
    sa.PrimaryKeyConstraint('phase', 'seq', name=op.f('pk_withdrawal_milestones'))
    )


def downgrade() -> None:
    op.drop_table('weapon_zone_day_counts')
    op.drop_table('withdrawal_milestones')
    op.drop_table('force_task_assignments')
    op.drop_index(op.f('ix_force_deployments_unit'), table_name='force_deployments')
    op.drop_table('force_deployments')
    op.drop_table('custody_steps')
    op.drop_table('withdrawal_phases')
    op.drop_index('ix_weapons_zone_destroyed_on', table_name='weapons')
    op.drop_index(op.f('ix_weapons_dup_key'), table_name='weapons')
    op.drop_index(op.f('ix_weapons_mark'), table_name='weapons')
    op.drop_table('weapons')
    op.drop_table('infra_sites')
    op.drop_table('force_strength_reports')
    op.drop_table('force_nodes')
    op.drop_table('force_areas')
    op.drop_table('disarmament_documents')
