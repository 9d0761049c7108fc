"""Typed settings, read from ``CUSTODES_*`` environment variables; built by the app factory, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Where Custodes keeps its data and how it reaches its database.

    >>> s = Settings(data_dir=Path("/tmp/x"))
    >>> s.resolved_database_url()
    'sqlite:////tmp/x/custodes.sqlite3'
    """

    model_config = SettingsConfigDict(env_prefix="CUSTODES_", frozen=True)

    data_dir: Path = Field(default=Path("custodes-data"), description="data directory (database, log, keys)")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default an embedded SQLite file in the data directory"
    )
    profile: str = Field(default="unsc-2803-gaza", description="mission profile loaded by `custodes init`")
    log_origin: str | None = Field(
        default=None, description="the log's origin, set at the first `custodes init` only (default: derived "
        "from the host name and the signing key); a different one later is refused")
    actor: str = Field(default="cli", description="who the CLI acts as in journal entries")

    @property
    def embedded_database(self) -> Path | None:
        """The SQLite file in the data directory, when no database URL is given."""
        return None if self.database_url else self.data_dir / "custodes.sqlite3"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'custodes.sqlite3').absolute()}"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "log"

    @property
    def key_dir(self) -> Path:
        return self.data_dir / "keys"
