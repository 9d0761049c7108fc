"""Tables of the withdrawal domain: phases (a line or a zone), their milestones, their completion."""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, ForeignKey, Integer, String, Table, Text

from custodes.storage.schema import exercise_column, metadata

__all__ = ["milestones", "phases"]

phases = Table(
    "withdrawal_phases",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("geometry", Text, nullable=False),  # GeoJSON line or polygon
    Column("opens", Date, nullable=True),
    Column("days", Integer, nullable=False),
    Column("defined_on", Date, nullable=False),
    Column("completed_on", Date, nullable=True),
    Column("verified_by", String(80), nullable=True),
    exercise_column(),
)

milestones = Table(
    "withdrawal_milestones",
    metadata,
    Column("phase", ForeignKey("withdrawal_phases.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(30), nullable=False),
    Column("zone", String(12), nullable=True),
    Column("share", Float, nullable=True),
    Column("on", Date, nullable=True),
    Column("after_phase", String(40), nullable=True),
    exercise_column(),
)
