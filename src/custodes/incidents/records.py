"""Reading incidents from their tables: one incident, filtered pages, the portal's verified ones and counts.

Every list and count takes ``exercise``: False (real records only), True (exercise only) or None (both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select

from custodes.errors import NotFound
from custodes.incidents.model import Confirmation, Incident, Status
from custodes.incidents.store import incident_confirmations, incident_evidence, incidents
from custodes.paging import Page
from custodes.storage.paging import fetch_page

__all__ = ["Filters", "IncidentRow", "count", "incident_from_row", "load", "page", "private_fields",
           "verified_by_type", "verified_page"]

VERIFIED = Status.VERIFIED.value


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list of incidents is narrowed to (None: not narrowed)."""

    status: str | None = None
    pcode: str | None = None
    event_type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    organisation: str | None = None
    exercise: bool | None = None

    def where(self, q: Select[Any]) -> Select[Any]:
        c = incidents.c
        if self.status:
            q = q.where(c.status == Status(self.status).value)
        if self.pcode:
            q = q.where(c.pcode == self.pcode)
        if self.event_type:
            q = q.where(c.event_type == self.event_type)
        if self.since:
            q = q.where(c.event_date >= self.since)
        if self.until:
            q = q.where(c.event_date <= self.until)
        if self.organisation:
            q = q.where(c.organisation == self.organisation)
        if self.exercise is not None:
            q = q.where(c.exercise.is_(self.exercise))
        return q


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """A verified incident as the public sees it on the portal: the governorate, never the place or reporter."""

    id: str
    event_date: dt.date
    event_type: str
    sub_event_type: str
    governorate: str
    fatalities: int
    confirmations: int


def incident_from_row(row: Row[Any] | Mapping[str, Any], confirmations: tuple[Confirmation, ...] = (),
                      evidence: tuple[str, ...] = ()) -> Incident:
    """An incident from its stored row, with its confirmations and evidence digests."""
    m = row._mapping if isinstance(row, Row) else row
    return Incident(
        id=m["id"], event_date=m["event_date"], time_precision=m["time_precision"], event_type=m["event_type"],
        sub_event_type=m["sub_event_type"], actor1=m["actor1"], inter1=m["inter1"], actor2=m["actor2"],
        inter2=m["inter2"], lat=m["lat"], lon=m["lon"], geo_precision=m["geo_precision"], pcode=m["pcode"],
        location=m["location"], fatalities=m["fatalities"], status=Status(m["status"]),
        assoc_actor_1=m["assoc_actor_1"], assoc_actor_2=m["assoc_actor_2"],
        civilian_targeting=bool(m["civilian_targeting"]), admin1=m["admin1"], admin2=m["admin2"],
        admin3=m["admin3"], source=m["source"], source_scale=m["source_scale"], notes=m["notes"], tags=m["tags"],
        location_hidden=bool(m["location_hidden"]), organisation=m["organisation"], origin=m["origin"],
        exercise=bool(m["exercise"]), confirmations=confirmations, evidence=evidence)


def _with_parts(conn: Connection, row: Row[Any]) -> Incident:
    confs = tuple(Confirmation(r.monitor, r.organisation, r.at) for r in conn.execute(
        select(incident_confirmations).where(incident_confirmations.c.incident_id == row.id)
        .order_by(incident_confirmations.c.at, incident_confirmations.c.monitor)))
    ev = tuple(r[0] for r in conn.execute(
        select(incident_evidence.c.sha256).where(incident_evidence.c.incident_id == row.id)
        .order_by(incident_evidence.c.at, incident_evidence.c.sha256)))
    return incident_from_row(row, confs, ev)


def load(conn: Connection, incident_id: str) -> tuple[Incident, str | None]:
    """The incident and its (private) reporter, or NotFound."""
    row = conn.execute(select(incidents).where(incidents.c.id == incident_id)).first()
    if row is None:
        raise NotFound(f"no incident {incident_id!r}; `custodes incidents list` shows them")
    return _with_parts(conn, row), row.reporter


def page(conn: Connection, filters: Filters, *, limit: int, offset: int) -> Page[Incident]:
    """Incidents matching ``filters``, newest event first, one page (the total counted by the database)."""
    q = filters.where(select(incidents).order_by(incidents.c.event_date.desc(), incidents.c.seq.desc()))
    return fetch_page(conn, q, limit=limit, offset=offset).map(lambda r: _with_parts(conn, r))


def count(conn: Connection, filters: Filters) -> int:
    """How many incidents match ``filters``."""
    return int(conn.execute(filters.where(select(func.count()).select_from(incidents))).scalar_one())


def private_fields(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Who reported these incidents (account and organisation) and their exact place, by id."""
    if not ids:
        return {}
    q = select(incidents.c.id, incidents.c.reporter, incidents.c.organisation, incidents.c.lat, incidents.c.lon,
               incidents.c.location).where(incidents.c.id.in_(ids))
    return {r.id: {"reporter": r.reporter, "organisation": r.organisation, "lat": r.lat, "lon": r.lon,
                   "location": r.location} for r in conn.execute(q)}


def verified_page(conn: Connection, governorate: Callable[[str | None], str], *, exercise: bool | None, limit: int,
                  offset: int) -> Page[IncidentRow]:
    """Verified incidents, newest first, one page, with how many confirmed each; ``governorate`` names a P-code."""
    c = incidents.c
    q = Filters(status=VERIFIED, exercise=exercise).where(
        select(c.id, c.event_date, c.event_type, c.sub_event_type, c.pcode, c.fatalities)
        .order_by(c.event_date.desc(), c.seq.desc()))
    rows = fetch_page(conn, q, limit=limit, offset=offset)
    ids = [r.id for r in rows]
    ic = incident_confirmations.c
    counted = select(ic.incident_id, func.count()).where(ic.incident_id.in_(ids)).group_by(ic.incident_id)
    confs = {str(i): int(n) for i, n in conn.execute(counted)} if ids else {}
    return rows.map(lambda r: IncidentRow(r.id, r.event_date, r.event_type, r.sub_event_type, governorate(r.pcode),
                                          int(r.fatalities), confs.get(r.id, 0)))


def verified_by_type(conn: Connection, *, exercise: bool | None) -> dict[str, int]:
    """Verified incidents per ACLED event type, most first."""
    q = Filters(status=VERIFIED, exercise=exercise).where(
        select(incidents.c.event_type, func.count()).group_by(incidents.c.event_type))
    return dict(sorted(((str(k), int(n)) for k, n in conn.execute(q)), key=lambda kv: (-kv[1], kv[0])))
