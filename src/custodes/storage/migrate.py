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
    """Whether every branch is at its head.

    Alembic keeps only the newest revision of branches joined by ``depends_on`` in its version table
    (a domain branch stands for the foundation it depends on), so compare what the current revisions
    reach through their down revisions and dependencies.
    """
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    reached: set[str] = set()
    todo = list(current)
    while todo:
        rev = script.get_revision(todo.pop())
        if rev is None or rev.revision in reached:
            continue
        reached.add(rev.revision)
        for name in (rev.down_revision, rev.dependencies):
            todo += [name] if isinstance(name, str) else list(name or ())
    return set(script.get_heads()) <= reached
