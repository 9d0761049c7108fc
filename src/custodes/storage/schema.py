"""The one SQLAlchemy ``MetaData`` every domain's tables live on, with stable constraint names."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, MetaData, false

__all__ = ["exercise_column", "metadata"]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def exercise_column() -> Column[bool]:
    """Every operational record says whether it is real or exercise data."""
    return Column("exercise", Boolean, nullable=False, server_default=false(), default=False)
