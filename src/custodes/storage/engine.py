"""Engines: embedded SQLite (WAL, foreign keys, BEGIN IMMEDIATE for writers) or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from custodes.errors import ConfigError

__all__ = ["WRITE_OPTION", "make_engine"]

#: execution option that marks a connection as the writer's (SQLite then begins IMMEDIATE)
WRITE_OPTION = "custodes_write"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for ``url``; for SQLite, create the file's folder and set its pragmas."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse text
        raise ConfigError(f"database URL {url!r} is not valid: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(url, parsed.database, echo)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, echo=echo, pool_pre_ping=True)
    raise ConfigError(f"database {parsed.get_backend_name()!r} is not supported; use sqlite or postgresql")


def _private_file(path: Path) -> None:
    """Create the database's folder (0700) and an empty database file (0600) if they are missing.

    SQLite creates the -wal and -shm files with the database file's mode, so they are 0600 too.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _sqlite(url: str, database: str | None, echo: bool) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        _private_file(Path(database))
    engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event below emit BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
