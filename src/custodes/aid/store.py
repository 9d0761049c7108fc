"""Tables of the aid domain."""

from __future__ import annotations

from sqlalchemy import Column, Float, String, Table, Text

from custodes.storage.schema import metadata

__all__ = ["crossings"]

crossings = Table(
    "crossings",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("pcode", String(12), nullable=False),
    Column("name_en", Text, nullable=False),
    Column("name_ar", Text, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("source", Text, nullable=False),
)
