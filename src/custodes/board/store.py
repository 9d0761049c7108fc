"""Tables of the Board of Peace (migration branch ``board``)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, Numeric, String, Table, Text

from custodes.storage.schema import exercise_column, metadata

__all__ = ["board_decisions", "board_funds", "board_members", "board_reports", "funding_transactions"]

board_members = Table(
    "board_members",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("role", String(10), nullable=False),  # chair | member | observer
    Column("seat", Text, nullable=False),  # the office, e.g. "President of the United States" (no personal data)
    Column("represents", String(80), nullable=False),  # state code or organisation
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=True),
    exercise_column(),
)

board_decisions = Table(
    "board_decisions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("present", Text, nullable=False),  # JSON list of member ids
    Column("votes", Text, nullable=False),  # JSON {member id: yes|no|abstain}
    Column("adopted", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("details", Text, nullable=False),  # JSON: what the decision issues (appointee roles, amounts...)
    exercise_column(),
)

board_funds = Table(
    "board_funds",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("manager", String(80), nullable=False),  # the organisation that holds the fund
    exercise_column(),
)

funding_transactions = Table(
    "funding_transactions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("fund", ForeignKey("board_funds.id"), nullable=False),
    Column("donor", String(80), nullable=False),  # state code or organisation
    Column("type", Integer, nullable=False),  # IATI TransactionType code
    Column("amount", Numeric(18, 2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("on", Date, nullable=False),
    Column("commitment", String(40), nullable=True),  # the commitment a disbursement draws on
    Column("decision", String(40), nullable=True),  # the Board decision behind it, if any
    exercise_column(),
)

board_reports = Table(
    "board_reports",
    metadata,
    Column("body", String(80), primary_key=True),
    Column("due_on", Date, primary_key=True),
    Column("submitted_on", Date, nullable=False),
    Column("content_sha256", String(71), nullable=False),
    Column("submitted_by", String(120), nullable=False),
)
