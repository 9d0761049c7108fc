"""The one SQLAlchemy ``MetaData`` every domain's tables live on, with stable constraint names."""

from __future__ import annotations

import importlib
from pathlib import Path

from sqlalchemy import Boolean, Column, MetaData, false

__all__ = ["all_tables", "exercise_column", "metadata"]

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


#: modules that define tables besides each domain's ``store.py``
_OTHER_TABLE_MODULES = ("custodes.ledger.sequencer",)


def all_tables() -> MetaData:
    """``metadata`` with every table on it: imports each domain's ``store.py`` (and the journal's tables), which
    hold tables and queries only, so that a reader of every table need not import the services."""
    package = Path(__file__).resolve().parents[1]  # looked up on disk: importing other packages costs time
    names = [f"custodes.{p.parent.name}.store" for p in sorted(package.glob("*/store.py"))]
    for name in [*names, *_OTHER_TABLE_MODULES]:
        importlib.import_module(name)
    return metadata
