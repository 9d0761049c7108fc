"""Tables of the mission's own records: the loaded profile, its bodies and governorates."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, String, Table, Text

from custodes.storage.schema import metadata

__all__ = ["bodies", "governorates", "mission", "mission_profile"]

mission = Table(
    "mission",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_ar", Text, nullable=False),
    Column("log_origin", String(200), nullable=False),
    Column("profile_digest", String(80), nullable=False),
    Column("mandate_start", Date, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

bodies = Table(
    "bodies",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("resolution", String(40), nullable=False),
    Column("name_en", Text, nullable=False),
    Column("name_ar", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("description", Text, nullable=False),
)

governorates = Table(
    "governorates",
    metadata,
    Column("pcode", String(12), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_ar", Text, nullable=False),
    Column("geometry", Text, nullable=False),  # GeoJSON geometry, as shipped in the profile
)

#: what the loaded profile was (migration branch ``mission``): ``source`` (a shipped name or a directory),
#: ``settings`` (JSON) and ``files`` (JSON: path -> SHA-256), so that an upgrade can say what changed
mission_profile = Table(
    "mission_profile",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
