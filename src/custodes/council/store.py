"""Tables of the Council domain: states, seats per year, resolutions, recorded votes, mandates."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text

from custodes.storage.schema import metadata

__all__ = ["council_seats", "mandate_tasks", "mandates", "resolution_votes", "resolutions", "states"]

states = Table(
    "states",
    metadata,
    Column("code", String(3), primary_key=True),  # ISO 3166-1 alpha-3
    Column("name_en", Text, nullable=False),
    Column("name_ar", Text, nullable=False),
)

council_seats = Table(
    "council_seats",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("state", ForeignKey("states.code"), primary_key=True),
    Column("kind", String(10), nullable=False),  # permanent | elected
    Column("term_first", Integer, nullable=True),
    Column("term_last", Integer, nullable=True),
)

resolutions = Table(
    "resolutions",
    metadata,
    Column("symbol", String(40), primary_key=True),
    Column("adopted_on", Date, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("title_ar", Text, nullable=False),
    Column("matter", String(12), nullable=False),
)

resolution_votes = Table(
    "resolution_votes",
    metadata,
    Column("symbol", ForeignKey("resolutions.symbol"), primary_key=True),
    Column("state", ForeignKey("states.code"), primary_key=True),
    Column("vote", String(8), nullable=False),
)

mandates = Table(
    "mandates",
    metadata,
    Column("symbol", ForeignKey("resolutions.symbol"), primary_key=True),
    Column("body", ForeignKey("bodies.id"), primary_key=True),
    Column("until", Date, nullable=False),
    Column("report_to", String(80), nullable=True),
    Column("report_by", String(80), nullable=True),
    Column("report_every_months", Integer, nullable=True),
    Column("report_first_due", Date, nullable=True),
)

mandate_tasks = Table(
    "mandate_tasks",
    metadata,
    Column("symbol", ForeignKey("resolutions.symbol"), primary_key=True),
    Column("body", ForeignKey("bodies.id"), primary_key=True),
    Column("task", String(80), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_ar", Text, nullable=False),
)
