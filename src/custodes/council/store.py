"""Tables of the Council domain: states, seats per year, resolutions, recorded votes, mandates."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text

from custodes.storage.schema import exercise_column, metadata

__all__ = [
    "council_draft_votes",
    "council_drafts",
    "council_seats",
    "council_vetoes",
    "mandate_actions",
    "mandate_tasks",
    "mandates",
    "resolution_votes",
    "resolutions",
    "states",
]

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

# -- the council module's own records (migration branch ``council``) ---------------------------------

council_drafts = Table(
    "council_drafts",
    metadata,
    Column("symbol", String(40), primary_key=True),  # e.g. S/2025/123
    Column("title", Text, nullable=False),
    Column("matter", String(12), nullable=False),  # substantive | procedural
    Column("chapter_vi", Boolean, nullable=False),
    Column("parties", Text, nullable=False),  # JSON list of the parties to the dispute (Art. 27(3))
    Column("actions", Text, nullable=False),  # JSON list of mandate actions the draft would take
    Column("tabled_on", Date, nullable=False),
    Column("status", String(12), nullable=False),  # tabled | voting_open | put_to_vote
    Column("voted_on", Date, nullable=True),
    Column("adopted", Boolean, nullable=True),
    Column("reason", Text, nullable=True),
    Column("resolution", String(40), nullable=True),
    exercise_column(),
)

council_draft_votes = Table(
    "council_draft_votes",
    metadata,
    Column("draft", ForeignKey("council_drafts.symbol"), primary_key=True),
    Column("state", ForeignKey("states.code"), primary_key=True),
    Column("vote", String(8), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

mandate_actions = Table(
    "mandate_actions",
    metadata,
    Column("resolution", ForeignKey("resolutions.symbol"), primary_key=True),
    Column("body", ForeignKey("bodies.id"), primary_key=True),
    Column("action", String(10), primary_key=True),  # extend | amend | terminate
    Column("on", Date, nullable=False),
    Column("until", Date, nullable=True),
    Column("add_tasks", Text, nullable=False),  # JSON list
    Column("remove_tasks", Text, nullable=False),  # JSON list
    Column("report_every_months", Integer, nullable=True),
)

council_vetoes = Table(
    "council_vetoes",
    metadata,
    Column("key", String(64), primary_key=True),  # SHA-256 of the row's identifying fields
    Column("line", Integer, nullable=False),
    Column("draft", Text, nullable=False),
    Column("voted_on", Date, nullable=False),
    Column("meeting", Text, nullable=False),
    Column("agenda", Text, nullable=False),
    Column("vetoed_by", String(40), nullable=False),  # seat codes, comma separated (USSR -> RUS)
    Column("source", String(200), nullable=False),
)
