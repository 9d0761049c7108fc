"""Tables of the incidents domain: reports, confirmations, evidence."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from custodes.storage.schema import exercise_column, metadata

__all__ = ["incident_confirmations", "incident_evidence", "incidents"]

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(40), primary_key=True),  # ACLED event_id_cnty for imported rows
    Column("seq", Integer, nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("event_date", Date, nullable=False),
    Column("time_precision", Integer, nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("sub_event_type", String(60), nullable=False),
    Column("actor1", Text, nullable=False),
    Column("assoc_actor_1", Text, nullable=False),
    Column("inter1", Integer, nullable=False),
    Column("actor2", Text, nullable=True),
    Column("assoc_actor_2", Text, nullable=False),
    Column("inter2", Integer, nullable=True),
    Column("civilian_targeting", Boolean, nullable=False),
    Column("admin1", Text, nullable=False),
    Column("admin2", Text, nullable=False),
    Column("admin3", Text, nullable=False),
    Column("location", Text, nullable=False),  # exact place name (private when location_hidden)
    Column("lat", Float, nullable=False),  # exact point (private when location_hidden)
    Column("lon", Float, nullable=False),
    Column("geo_precision", Integer, nullable=False),
    Column("pcode", String(12), nullable=True),
    Column("location_hidden", Boolean, nullable=False),
    Column("fatalities", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("source_scale", Text, nullable=False),
    Column("notes", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("reporter", Text, nullable=True),  # private; None for anonymous and imported reports
    Column("organisation", String(120), nullable=True),  # the owning organisation, if any
    Column("origin", String(10), nullable=False),  # report | import
    Column("row_hash", String(64), nullable=False),  # SHA-256 of the imported/reported canonical record
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    exercise_column(),
    Index("ix_incidents_day", "event_date", "event_type", "pcode"),
    # covers the ceasefire view: one index range per status, grouped in index order, fatalities summed from it
    Index("ix_incidents_view", "status", "event_date", "event_type", "pcode", "fatalities"),
)

incident_confirmations = Table(
    "incident_confirmations",
    metadata,
    Column("incident_id", ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("monitor", String(120), primary_key=True),
    Column("organisation", String(120), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False),
)

incident_evidence = Table(
    "incident_evidence",
    metadata,
    Column("incident_id", ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("added_by", String(120), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
