"""Tables of the aid domain."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from custodes.storage.schema import exercise_column, metadata

__all__ = ["consignment_totals", "consignments", "crossing_status", "crossings", "hazard_zones", "import_runs",
           "notifications", "roads"]

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

#: each crossing's status history: a row per change, the latest row before a time is the status then
crossing_status = Table(
    "crossing_status",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("crossing", String(40), nullable=False, index=True),
    Column("status", String(12), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=False),
    Column("hours", String(40)),
    Column("capacity_trucks", Integer),
    Column("recorded_by", String(120), nullable=False),
    exercise_column(),
)

#: consignments: registered ones moving through their lifecycle, and rows imported from real line lists
consignments = Table(
    "consignments",
    metadata,
    # the id of an imported row is "<source>:<source_ref>", so the primary key keeps (source, ref) unique
    Column("id", String(80), primary_key=True),
    Column("source", String(20), nullable=False),  # manual | unrwa | cogat | hxl | exercise
    Column("source_ref", String(80), nullable=False),
    Column("state", String(16), nullable=False),
    Column("date", Date, nullable=False),
    Column("crossing", String(40)),
    Column("route", String(40)),
    Column("category", String(80), nullable=False),
    Column("description", Text, nullable=False),
    Column("quantity", Float),  # as given (float for sums; the journal keeps the decimal text)
    Column("unit", String(40)),
    Column("trucks", Integer),
    Column("tonnes", Float),
    Column("donor", Text, nullable=False),
    Column("agency", Text, nullable=False),  # the owning organisation
    Column("destination", Text, nullable=False),
    Column("intercepted_by", String(20)),
    Column("row_hash", String(71)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    exercise_column(),
    # covering indexes: throughput summaries read these and never the table
    Index("ix_consignments_summary", "date", "crossing", "unit", "quantity", "trucks", "tonnes"),
    Index("ix_consignments_state", "state"),
)

#: running totals per day and key (see custodes.aid.totals); '' stands for a missing crossing, route or unit
consignment_totals = Table(
    "consignment_totals",
    metadata,
    Column("date", Date, primary_key=True),
    Column("crossing", String(40), primary_key=True),
    Column("route", String(40), primary_key=True),
    Column("category", String(80), primary_key=True),
    Column("unit", String(40), primary_key=True),
    Column("agency", Text, primary_key=True),
    Column("donor", Text, primary_key=True),
    Column("state", String(16), primary_key=True),
    Column("source", String(20), primary_key=True),
    Column("exercise", Boolean, primary_key=True),
    Column("n", BigInteger, nullable=False),
    Column("quantity", Float, nullable=False),
    Column("quantity_n", BigInteger, nullable=False),
    Column("trucks", BigInteger, nullable=False),
    Column("trucks_n", BigInteger, nullable=False),
    Column("tonnes", Float, nullable=False),
    Column("tonnes_n", BigInteger, nullable=False),
)

#: one row per completed import of a file (its digest), for the record and quick answers
import_runs = Table(
    "import_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(20), nullable=False),
    Column("file_sha256", String(71), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("rows_added", BigInteger, nullable=False),
    Column("rows_present", BigInteger, nullable=False),
    Column("rows_refused", BigInteger, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

#: notified static sites and convoy movements
notifications = Table(
    "notifications",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("state", String(16), nullable=False),
    Column("agency", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("category", String(40), nullable=False),
    Column("pcode", String(12)),
    Column("lon", Float),
    Column("lat", Float),
    Column("route", Text),  # JSON list of [lon, lat]
    Column("start", DateTime(timezone=True), nullable=False),
    Column("end", DateTime(timezone=True)),
    Column("vehicles", Integer),
    Column("contact", Text, nullable=False),
    Column("hazards", Text, nullable=False),  # JSON list of zone ids flagged when notified
    Column("reason", Text, nullable=False),
    Column("notified_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    exercise_column(),
)

#: hazard and no-go zones, each valid for a window
hazard_zones = Table(
    "hazard_zones",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(10), nullable=False),  # hazard | no_go
    Column("geometry", Text, nullable=False),  # GeoJSON
    Column("valid_from", DateTime(timezone=True), nullable=False),
    Column("valid_to", DateTime(timezone=True)),
    Column("reason", Text, nullable=False),
    exercise_column(),
)

#: an imported road network (OpenStreetMap through a HOT export or an .osm.pbf extract)
roads = Table(
    "roads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("osm_id", String(40)),
    Column("name", Text, nullable=False),
    Column("highway", String(40), nullable=False),
    Column("geometry", Text, nullable=False),  # GeoJSON LineString
    Column("attribution", Text, nullable=False),
)
