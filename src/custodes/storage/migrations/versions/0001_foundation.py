"""Foundation: the journal, the mission's profile records, Council basics and crossings.

Revision ID: 0001_foundation
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = ("foundation",)
depends_on = None

APPEND_ONLY = "the journal is append-only"


def upgrade() -> None:
    op.create_table('bodies',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('resolution', sa.String(length=40), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_ar', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bodies'))
    )
    op.create_table('crossings',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('pcode', sa.String(length=12), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_ar', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossings'))
    )
    op.create_table('governorates',
    sa.Column('pcode', sa.String(length=12), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_ar', sa.Text(), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('pcode', name=op.f('pk_governorates'))
    )
    op.create_table('journal',
    sa.Column('idx', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('exercise', sa.Boolean(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('idx', name=op.f('pk_journal'))
    )
    op.create_index(op.f('ix_journal_kind'), 'journal', ['kind'], unique=False)
    op.create_table('journal_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_head'))
    )
    op.create_table('mission',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_ar', sa.Text(), nullable=False),
    sa.Column('log_origin', sa.String(length=200), nullable=False),
    sa.Column('profile_digest', sa.String(length=80), nullable=False),
    sa.Column('mandate_start', sa.Date(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission'))
    )
    op.create_table('resolutions',
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=False),
    sa.Column('title_en', sa.Text(), nullable=False),
    sa.Column('title_ar', sa.Text(), nullable=False),
    sa.Column('matter', sa.String(length=12), nullable=False),
    sa.PrimaryKeyConstraint('symbol', name=op.f('pk_resolutions'))
    )
    op.create_table('states',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_ar', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_states'))
    )
    op.create_table('council_seats',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('term_first', sa.Integer(), nullable=True),
    sa.Column('term_last', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['state'], ['states.code'], name=op.f('fk_council_seats_state_states')),
    sa.PrimaryKeyConstraint('year', 'state', name=op.f('pk_council_seats'))
    )
    op.create_table('journal_salts',
    sa.Column('idx', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('salt', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['idx'], ['journal.idx'], name=op.f('fk_journal_salts_idx_journal')),
    sa.PrimaryKeyConstraint('idx', 'path', name=op.f('pk_journal_salts'))
    )
    op.create_table('mandate_tasks',
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('body', sa.String(length=80), nullable=False),
    sa.Column('task', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_ar', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['body'], ['bodies.id'], name=op.f('fk_mandate_tasks_body_bodies')),
    sa.ForeignKeyConstraint(['symbol'], ['resolutions.symbol'], name=op.f('fk_mandate_tasks_symbol_resolutions')),
    sa.PrimaryKeyConstraint('symbol', 'body', 'task', name=op.f('pk_mandate_tasks'))
    )
    op.create_table('mandates',
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('body', sa.String(length=80), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('report_to', sa.String(length=80), nullable=True),
    sa.Column('report_by', sa.String(length=80), nullable=True),
    sa.Column('report_every_months', sa.Integer(), nullable=True),
    sa.Column('report_first_due', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['body'], ['bodies.id'], name=op.f('fk_mandates_body_bodies')),
    sa.ForeignKeyConstraint(['symbol'], ['resolutions.symbol'], name=op.f('fk_mandates_symbol_resolutions')),
    sa.PrimaryKeyConstraint('symbol', 'body', name=op.f('pk_mandates'))
    )
    op.create_table('resolution_votes',
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=3), nullable=False),
    sa.Column('vote', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['state'], ['states.code'], name=op.f('fk_resolution_votes_state_states')),
    sa.ForeignKeyConstraint(['symbol'], ['resolutions.symbol'], name=op.f('fk_resolution_votes_symbol_resolutions')),
    sa.PrimaryKeyConstraint('symbol', 'state', name=op.f('pk_resolution_votes'))
    )
    op.execute(sa.text("INSERT INTO journal_head (id, size) VALUES (1, 0)"))
    _append_only_triggers()


def _append_only_triggers() -> None:
    """Refuse UPDATE and DELETE on the journal and its salts, in the database itself."""
    if op.get_bind().dialect.name == "sqlite":
        for table in ("journal", "journal_salts"):
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
                )
    else:
        op.execute(
            "CREATE FUNCTION custodes_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        for table in ("journal", "journal_salts"):
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION custodes_append_only()"
            )


def downgrade() -> None:
    raise RuntimeError("the foundation is not downgraded: the journal is never dropped")
