"""Verified incidents as the map draws them: each at its point, or counted per governorate (read-only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from custodes.incidents.store import incidents
from custodes.storage.uow import Store

__all__ = ["GovernorateCount", "IncidentPoint", "verified_counts", "verified_points"]


@dataclass(frozen=True, slots=True)
class IncidentPoint:
    """A verified incident at its stored point (for roles that see exact places)."""

    id: str
    lon: float
    lat: float
    event_date: dt.date
    event_type: str
    sub_event_type: str
    fatalities: int
    pcode: str | None
    location_hidden: bool


@dataclass(slots=True)
class GovernorateCount:
    """Verified incidents of one governorate: how many, their fatalities, how many of each event type."""

    incidents: int = 0
    fatalities: int = 0
    by_event_type: dict[str, int] = field(default_factory=dict)


def _verified(since: dt.date | None, until: dt.date | None, event_type: str | None,
              exercise: bool | None) -> list[Any]:
    c = incidents.c
    conds: list[Any] = [c.status == "verified"] + ([] if exercise is None else [c.exercise.is_(exercise)])
    return conds + [x for x in (None if since is None else c.event_date >= since,
                                None if until is None else c.event_date <= until,
                                None if event_type is None else c.event_type == event_type) if x is not None]


def verified_points(store: Store, *, since: dt.date | None, until: dt.date | None, event_type: str | None,
                    exercise: bool | None) -> tuple[IncidentPoint, ...]:
    """Verified incidents in the window, oldest first: real, exercise or both (``exercise`` None)."""
    c = incidents.c
    q = (select(c.id, c.lon, c.lat, c.event_date, c.event_type, c.sub_event_type, c.fatalities, c.pcode,
                c.location_hidden).where(*_verified(since, until, event_type, exercise))
         .order_by(c.event_date, c.seq))
    with store.read() as conn:
        return tuple(IncidentPoint(r.id, r.lon, r.lat, r.event_date, r.event_type, r.sub_event_type, r.fatalities,
                                   r.pcode, bool(r.location_hidden)) for r in conn.execute(q))


def verified_counts(store: Store, *, since: dt.date | None, until: dt.date | None, event_type: str | None,
                    exercise: bool | None) -> dict[str | None, GovernorateCount]:
    """Verified incidents in the window counted per governorate (None: unplaced), event types sorted."""
    c = incidents.c
    agg = (select(c.pcode, c.event_type, func.count(), func.coalesce(func.sum(c.fatalities), 0))
           .where(*_verified(since, until, event_type, exercise)).group_by(c.pcode, c.event_type))
    groups: dict[str | None, GovernorateCount] = {}
    with store.read() as conn:
        for pcode, etype, n, dead in conn.execute(agg):
            g = groups.setdefault(pcode, GovernorateCount())
            g.incidents += int(n)
            g.fatalities += int(dead)
            g.by_event_type[etype] = int(n)
    for g in groups.values():
        g.by_event_type = dict(sorted(g.by_event_type.items()))
    return groups
