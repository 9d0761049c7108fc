"""Alembic environment: always run on the connection Custodes hands in (see storage/migrate.py)."""

from __future__ import annotations

from alembic import context

from custodes.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through custodes (custodes init), which supplies the connection")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
