"""Run the Alembic migrations (one set for SQLite and PostgreSQL; one branch per domain)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

__all__ = ["alembic_config", "is_current", "upgrade", "upgrade_on"]

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database to every branch's head, in one transaction."""
    with engine.begin() as conn:
        upgrade_on(conn)


def upgrade_on(conn: Connection) -> None:
    """Bring the database to every branch's head inside the caller's transaction."""
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "heads")


def is_current(engine: Engine) -> bool:
    """Every branch's head is applied (a branch that ``depends_on`` another absorbs it in the version table)."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    reached = {r.revision for r in script.revision_map.iterate_revisions(current, "base") if r is not None}
    return set(script.get_heads()) <= reached
