"""Tables of the disarmament domain: weapons (with their current custody), custody steps, sites, documents, and
the per-zone, per-day counts kept beside them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)

from custodes.storage.schema import exercise_column, metadata

__all__ = ["bump_counts", "custody_steps", "documents", "rebuild_counts", "sites", "weapons",
           "zone_day_counts"]

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

#: weapons registered and destroyed per zone and day: a read model the disarmament service keeps in step with
#: ``weapons`` in the same unit of work, so that withdrawal milestones read a few thousand rows, not every weapon
zone_day_counts = Table(
    "weapon_zone_day_counts",
    metadata,
    Column("zone", String(12), primary_key=True),  # "" for weapons without a zone
    Column("on", Date, primary_key=True),
    Column("registered", Integer, nullable=False),
    Column("destroyed", Integer, nullable=False),
)


def bump_counts(conn: Connection, registered: Counter[tuple[str, dt.date]],
                destroyed: Counter[tuple[str, dt.date]]) -> None:
    """Add to the per-zone, per-day counts (portable upsert: read the keys, then update or insert)."""
    keys = set(registered) | set(destroyed)
    if not keys:
        return
    have: set[tuple[str, dt.date]] = set()
    for zone in {z for z, _ in keys}:
        days = [d for z, d in keys if z == zone]
        have |= {(zone, d) for (d,) in conn.execute(select(zone_day_counts.c.on).where(
            zone_day_counts.c.zone == zone, zone_day_counts.c.on.in_(days)))}
    new = [{"zone": z, "on": d, "registered": registered[(z, d)], "destroyed": destroyed[(z, d)]}
           for z, d in sorted(keys - have)]
    if new:
        conn.execute(insert(zone_day_counts), new)
    if have:  # one statement, executed for every key
        c = zone_day_counts.c
        conn.execute(update(zone_day_counts).where(c.zone == bindparam("b_zone"), c.on == bindparam("b_on")).values(
            registered=c.registered + bindparam("b_registered"), destroyed=c.destroyed + bindparam("b_destroyed")),
            [{"b_zone": z, "b_on": d, "b_registered": registered[(z, d)], "b_destroyed": destroyed[(z, d)]}
             for z, d in sorted(have)])


def rebuild_counts(conn: Connection) -> None:
    """Recompute the counts from the weapons (after exercise records are removed)."""
    conn.execute(delete(zone_day_counts))
    reg: Counter[tuple[str, dt.date]] = Counter()
    gone: Counter[tuple[str, dt.date]] = Counter()
    for zone, day, n in conn.execute(select(weapons.c.zone, weapons.c.registered_on, func.count())
                                     .group_by(weapons.c.zone, weapons.c.registered_on)):
        reg[(zone or "", day)] += n
    for zone, day, n in conn.execute(select(weapons.c.zone, weapons.c.destroyed_on, func.count())
                                     .where(weapons.c.destroyed_on.is_not(None))
                                     .group_by(weapons.c.zone, weapons.c.destroyed_on)):
        gone[(zone or "", day)] += n
    bump_counts(conn, reg, gone)

