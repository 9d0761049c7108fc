"""The migrations build exactly the tables the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from custodes.app import Custodes
from custodes.storage.migrate import is_current
from custodes.storage.schema import metadata


def test_migrations_match_the_declared_tables(any_app: Custodes) -> None:
    import custodes.cli.main  # noqa: F401  (imports every domain, so all tables are declared)

    with any_app.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == [], f"migrations and tables differ: {diff}"
    assert is_current(any_app.store.engine)
