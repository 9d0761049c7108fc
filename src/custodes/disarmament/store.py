"""Tables of the disarmament domain: weapons (with their current custody), custody steps, sites, documents."""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, ForeignKey, Index, Integer, String, Table, Text

from custodes.storage.schema import exercise_column, metadata

__all__ = ["custody_steps", "documents", "sites", "weapons"]

weapons = Table(
    "weapons",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("type", String(40), nullable=False),
    Column("model", String(120), nullable=False),
    Column("calibre", String(40), nullable=False),
    Column("manufacturer", String(120), nullable=False),
    Column("country_of_manufacture", String(80), nullable=False),
    Column("year_of_manufacture", Integer, nullable=True),
    Column("serial", String(80), nullable=False),
    Column("markings", Text, nullable=False),
    Column("marking_place", String(120), nullable=False),
    Column("import_mark", String(120), nullable=False),
    Column("mark", String(80), nullable=False, index=True),  # serial, or the mission's own mark
    Column("dup_key", String(400), nullable=True, index=True),
    Column("duplicate_of", Integer, nullable=True),
    Column("zone", String(12), nullable=True),
    Column("unit", String(80), nullable=False),
    Column("registered_on", Date, nullable=False),
    # the current custody, kept in step with custody_steps by the service (the chain is the record)
    Column("status", String(12), nullable=False),
    Column("place", String(80), nullable=True),
    Column("last_on", Date, nullable=True),
    Column("steps", Integer, nullable=False),
    Column("destroyed_on", Date, nullable=True),
    Column("certificate", String(80), nullable=True),
    exercise_column(),
    Index("ix_weapons_zone_destroyed_on", "zone", "destroyed_on"),
)

custody_steps = Table(
    "custody_steps",
    metadata,
    Column("weapon", ForeignKey("weapons.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(12), nullable=False),
    Column("on", Date, nullable=False),
    Column("place", String(80), nullable=False),
    Column("unit", String(80), nullable=False),
    Column("detail", Text, nullable=False),  # the step's JSON record; may hold sensitive fields: never public
    Column("journal_idx", Integer, nullable=False),
    exercise_column(),
)

sites = Table(
    "infra_sites",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("geometry", Text, nullable=False),  # GeoJSON
    Column("lon", Float, nullable=False),      # a representative point
    Column("lat", Float, nullable=False),
    Column("zone", String(12), nullable=True),
    Column("length_m", Float, nullable=False),
    Column("area_m2", Float, nullable=False),
    Column("unit", String(80), nullable=False),
    Column("found_on", Date, nullable=False),
    Column("status", String(12), nullable=False),
    Column("destroyed_on", Date, nullable=True),
    Column("destroyed_by", String(80), nullable=True),
    Column("method", String(40), nullable=True),
    Column("verified_on", Date, nullable=True),
    Column("verified_by", String(80), nullable=True),
    exercise_column(),
)

documents = Table(
    "disarmament_documents",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("subject", String(12), primary_key=True),    # weapon | site
    Column("subject_id", String(40), primary_key=True),
    Column("media_type", String(80), nullable=False),
    Column("size", Integer, nullable=False),
    Column("caption", Text, nullable=False),
    Column("added_on", Date, nullable=False),
    exercise_column(),
)
