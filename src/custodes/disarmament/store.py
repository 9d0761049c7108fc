"""Tables of the disarmament domain: weapons (with their current custody), custody steps, sites, documents;
and the registry's totals read from them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

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

from custodes.disarmament.model import Status
from custodes.disarmament.results import Summary
from custodes.storage.schema import exercise_column, metadata

__all__ = ["bump_counts", "custody_steps", "documents", "rebuild_counts", "sites", "summary", "weapons",
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


def summary(conn: Connection) -> Summary:
    """Totals by type, zone and month (collections and destructions), and sites by status."""
    def counts(col: Any) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for key, status, n in conn.execute(select(col, weapons.c.status, func.count())
                                           .group_by(col, weapons.c.status)):
            d = out.setdefault(key or "unknown", {"registered": 0, "in_custody": 0, "destroyed": 0})
            d["registered"] += n
            if status in (Status.COLLECTED, Status.STORED):
                d["in_custody"] += n
            elif status == Status.DESTROYED:
                d["destroyed"] += n
        return dict(sorted(out.items()))

    by_type = counts(weapons.c.type)
    tot = {k: sum(d[k] for d in by_type.values()) for k in ("registered", "in_custody", "destroyed")}
    months: dict[str, dict[str, int]] = {}
    for on, kind, n in conn.execute(select(custody_steps.c.on, custody_steps.c.kind, func.count())
                                    .where(custody_steps.c.kind.in_(("collected", "destroyed")))
                                    .group_by(custody_steps.c.on, custody_steps.c.kind)):
        d = months.setdefault(on.strftime("%Y-%m"), {"collected": 0, "destroyed": 0})
        d[kind] += n
    dups = conn.execute(select(func.count()).where(weapons.c.duplicate_of.is_not(None))).scalar_one()
    ex = conn.execute(select(func.count()).where(weapons.c.exercise.is_(True))).scalar_one()
    site_counts = {s: n for s, n in conn.execute(select(sites.c.status, func.count()).group_by(sites.c.status))}
    return Summary(tot["registered"], tot["in_custody"], tot["destroyed"],
                   tot["registered"] - tot["in_custody"] - tot["destroyed"], dups, ex, by_type,
                   counts(weapons.c.zone), dict(sorted(months.items())), site_counts)
