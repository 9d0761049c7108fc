"""Tables of the grievances domain: grievances, co-signatures, organisations allowed to co-sign."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Float, ForeignKey, Index, Integer, String, Table, Text

from custodes.storage.schema import exercise_column, metadata

__all__ = ["cosign_organisations", "grievance_cosigners", "grievances"]

grievances = Table(
    "grievances",
    metadata,
    Column("id", String(20), primary_key=True),
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Column("filed_on", Date, nullable=False),
    Column("addressee_kind", String(10), nullable=False),  # board | force | agency
    Column("addressee", String(120), nullable=False),  # body id or agency name (owner of the answer)
    Column("category", String(40), nullable=False),
    Column("language", String(2), nullable=False),
    Column("subject", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("pcode", String(12), nullable=True),
    Column("complainant", Text, nullable=True),  # private; None when anonymous
    # private: the account that filed it under a name (None when anonymous or filed without an account);
    # it reads its own grievance's subject and text
    Column("filed_by", Integer, nullable=True),
    Column("lat", Float, nullable=True),  # private exact place
    Column("lon", Float, nullable=True),
    Column("status", String(14), nullable=False),
    Column("ack_due", Date, nullable=False),
    Column("answer_due", Date, nullable=False),
    Column("acknowledged_at", DateTime(timezone=True), nullable=True),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("answer", Text, nullable=True),
    Column("escalated_at", DateTime(timezone=True), nullable=True),
    Column("escalation_reason", Text, nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    exercise_column(),
    Index("ix_grievances_status", "status", "addressee"),
)

cosign_organisations = Table(
    "cosign_organisations",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(30), nullable=False),  # palestinian_committee | civil_society
    Column("registered_at", DateTime(timezone=True), nullable=False),
    exercise_column(),
)

grievance_cosigners = Table(
    "grievance_cosigners",
    metadata,
    Column("grievance_id", ForeignKey("grievances.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation", ForeignKey("cosign_organisations.id"), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
