"""Movement notification and deconfliction, after OCHA's Humanitarian Notification System.

An agency notifies a static site or a convoy movement at least ``aid.notification_lead_hours`` ahead;
a movement whose route crosses a zone active during its window is flagged before it is sent (and only
sent when the agency accepts the flag); the force deconflicts or refuses with a reason. A site's exact
place and every contact are committed in the journal, never published in clear; :meth:`Notification.public`
coarsens a site to its governorate.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from shapely.geometry import LineString, Point
from sqlalchemy import Row, insert, or_, select, update

from custodes.aid.model import NOTIFICATION, Notification, check_lead_time, next_state, utc
from custodes.aid.planner import Planner
from custodes.aid.store import notifications
from custodes.aid.zones import load_zones
from custodes.errors import IllegalTransition, InputError, NotFound, PermissionDenied
from custodes.geo.places import GovernorateIndex
from custodes.geo.zones import Zone, active_during, crossing
from custodes.ledger.disclosure import publishes
from custodes.paging import Page
from custodes.storage.paging import fetch_page
from custodes.storage.uow import Store

__all__ = ["SITE_CATEGORIES", "MovementCheck", "Notifier"]

# A site's exact place and contact, a movement's ends and route, and what is derived from them (its length, the
# zones it meets) stay sealed; the governorates are published as a deliberate coarse field, and a site's name (what
# the site is, public on the form) in clear.
publishes("aid.site_notified", "id", "agency", "name", "category", "pcode", "start", "end")
publishes("aid.movement_notified", "id", "agency", "pcodes", "start", "end", "vehicles", coarse=("length_m",))
publishes("aid.notification_decided", "id", "action", "from", "to", "reason")

SITE_CATEGORIES = ("warehouse", "clinic", "hospital", "school", "shelter", "distribution_point", "office",
                   "water_point", "other")


@dataclass(frozen=True, slots=True)
class MovementCheck:
    """What a movement would look like if sent now: its route and the zones it crosses in its window."""

    route: tuple[tuple[float, float], ...]
    length_m: float
    hazards: tuple[Zone, ...]

    def as_json(self) -> dict[str, Any]:
        return {"length_m": round(self.length_m, 1), "route_points": len(self.route),
                "hazards": [{"id": z.id, "name": z.name, "kind": z.kind} for z in self.hazards]}


def _from_row(r: Row[Any]) -> Notification:
    start = utc(r.start)
    return Notification(r.id, r.kind, r.state, r.agency, r.name, r.category, r.pcode, r.lon, r.lat,
                        tuple(tuple(p) for p in json.loads(r.route or "[]")), start, utc(r.end), r.vehicles,
                        r.contact, tuple(json.loads(r.hazards)), r.reason, bool(r.exercise))


class Notifier:
    """Notifications of sites and movements: notify, check a route, decide, read."""

    def __init__(self, store: Store, planner: Planner, *, lead_hours: float,
                 places: Callable[[], GovernorateIndex]) -> None:
        """``lead_hours``: how long before its start a notification is due; ``places``: builds the governorate
        look-up (its geometry is parsed on first use)."""
        self.store = store
        self.planner = planner
        self.lead_hours = lead_hours
        self._build_places = places
        self._places: GovernorateIndex | None = None

    def _pcode(self, lon: float, lat: float) -> str | None:
        if self._places is None:
            self._places = self._build_places()
        return self._places.pcode_at(lon, lat)

    # -- notifying ------------------------------------------------------------------------------
    def notify_site(self, *, actor: str, agency: str, name: str, category: str, start: dt.datetime,
                    place: str, end: dt.datetime | None = None, contact: str = "", id: str | None = None,
                    exercise: bool = False, now: dt.datetime | None = None) -> Notification:
        """Notify a static site at ``place`` (lon,lat or a profile site id) in use from ``start``."""
        if category not in SITE_CATEGORIES:
            raise InputError(f"category should be one of {', '.join(SITE_CATEGORIES)}", field="category")
        if not agency.strip() or not name.strip():
            raise InputError("a site needs its agency and a name", field="agency" if not agency.strip() else "name")
        ep = self.planner.endpoint(place)
        pcode = self._pcode(ep.lon, ep.lat)
        if pcode is None:
            raise InputError(f"{place} lies outside every governorate of the mission", field="place")
        with self.store.write(actor, exercise=exercise) as uow:
            when = now or uow.now
            check_lead_time(when, start, end or start + dt.timedelta(seconds=1), self.lead_hours)
            nid = id or f"site-{uuid.uuid4().hex[:10]}"
            zones = [z for z in load_zones(uow.conn) if z.active_at(start)]
            hazards = tuple(z.id for z in crossing(zones, Point(ep.lon, ep.lat)))
            n = Notification(nid, "site", "notified", agency, name, category, pcode, ep.lon, ep.lat, (), start, end,
                             None, contact, hazards, "", exercise)
            self._insert(uow.conn, n, when)
            uow.append("aid.site_notified", {
                "id": nid, "agency": agency, "name": name, "category": category, "pcode": pcode,
                "location_exact": {"lon": ep.lon, "lat": ep.lat}, "start": start, "end": end,
                "contact": contact, "hazards": list(hazards)})
        return n

    def check_movement(self, origin: str, destination: str, start: dt.datetime, end: dt.datetime,
                       route: Sequence[tuple[float, float]] | None = None) -> MovementCheck:
        """Plan (or take) the route and flag every zone active during the window that it crosses."""
        if end <= start:
            raise InputError("the time window ends before it starts", field="end")
        if route is None:
            r = self.planner.route(origin, destination, start)
            if not r.found:
                raise IllegalTransition("notification.no_route", r.reason)
            coords, length = r.coords, r.length_m
        else:
            coords, length = tuple(route), 0.0
        with self.store.read() as conn:
            zones = active_during(load_zones(conn), start, end)
        line = LineString(coords if len(coords) > 1 else [coords[0], coords[0]])
        return MovementCheck(coords, length, tuple(crossing(zones, line)))

    def notify_movement(self, *, actor: str, agency: str, origin: str, destination: str, start: dt.datetime,
                        end: dt.datetime, vehicles: int, contact: str, accept_hazards: bool = False,
                        route: Sequence[tuple[float, float]] | None = None, id: str | None = None,
                        exercise: bool = False, now: dt.datetime | None = None) -> Notification:
        """Notify a convoy movement; a route through an active zone is refused unless ``accept_hazards``."""
        if vehicles < 1:
            raise InputError("a convoy has at least one vehicle", field="vehicles")
        if not agency.strip():
            raise InputError("the agency is required", field="agency")
        check_lead_time(now or self.store.clock(), start, end, self.lead_hours)
        chk = self.check_movement(origin, destination, start, end, route)
        if chk.hazards and not accept_hazards:
            raise IllegalTransition("notification.crosses_hazard", "the route crosses zone(s) active in the "
                                    f"window: {', '.join(f'{z.id} ({z.name})' for z in chk.hazards)}; "
                                    "choose another route or time, or send it flagged")
        a, b = chk.route[0], chk.route[-1]
        pcodes = [self._pcode(*a), self._pcode(*b)]
        with self.store.write(actor, exercise=exercise) as uow:
            when = now or uow.now
            check_lead_time(when, start, end, self.lead_hours)
            nid = id or f"move-{uuid.uuid4().hex[:10]}"
            hz = tuple(z.id for z in chk.hazards)
            n = Notification(nid, "movement", "notified", agency, f"{origin} to {destination}", "convoy",
                             pcodes[0], None, None, chk.route, start, end, vehicles, contact, hz, "", exercise)
            self._insert(uow.conn, n, when)
            uow.append("aid.movement_notified", {
                "id": nid, "agency": agency, "from": origin, "to": destination, "pcodes": pcodes,
                "route": [list(p) for p in chk.route], "length_m": round(chk.length_m, 1), "start": start,
                "end": end, "vehicles": vehicles, "contact": contact, "hazards": list(hz)})
        return n

    def _insert(self, conn: Any, n: Notification, when: dt.datetime) -> None:
        if conn.execute(select(notifications.c.id).where(notifications.c.id == n.id)).first():
            raise InputError(f"notification {n.id} exists already", field="id")
        conn.execute(insert(notifications).values(
            id=n.id, kind=n.kind, state=n.state, agency=n.agency, name=n.name, category=n.category, pcode=n.pcode,
            lon=n.lon, lat=n.lat, route=json.dumps([list(p) for p in n.route]), start=utc(n.start), end=utc(n.end),
            vehicles=n.vehicles, contact=n.contact, hazards=json.dumps(list(n.hazards)), reason="",
            notified_at=when, exercise=n.exercise))

    # -- deciding -------------------------------------------------------------------------------
    def decide(self, notification: str, action: str, reason: str = "", *, actor: str) -> Notification:
        """``deconflict``, ``refuse`` (needs a reason) or ``withdraw`` a notification (the force, an operator)."""
        return self._decide(actor, notification, action, reason, agency=None)

    def withdraw_own(self, notification: str, *, actor: str, agency: str | None) -> Notification:
        """The notifying agency withdraws its own notification (``agency``: the caller's organisation; another
        agency's notification is refused, checked in the unit of work that withdraws it)."""
        return self._decide(actor, notification, "withdraw", "", agency=agency or "")

    def _decide(self, actor: str, notification: str, action: str, reason: str, *,
                agency: str | None) -> Notification:
        if action == "refuse" and not reason.strip():
            raise InputError("a refusal needs a reason", field="reason")
        with self.store.write(actor) as uow:
            row = uow.conn.execute(select(notifications).where(notifications.c.id == notification)).first()
            if row is None:
                raise NotFound(f"no notification {notification!r}")
            if agency is not None and row.agency != agency:
                raise PermissionDenied(f"notification {notification} was sent by {row.agency}, not by "
                                       f"{agency or None}")
            if row.exercise:
                uow.exercise = True
            new = next_state(NOTIFICATION, row.state, action)
            uow.conn.execute(update(notifications).where(notifications.c.id == notification)
                             .values(state=new, reason=reason.strip(), decided_at=uow.now))
            uow.append("aid.notification_decided", {"id": notification, "action": action, "from": row.state,
                                                    "to": new, "reason": reason.strip()})
            out = uow.conn.execute(select(notifications).where(notifications.c.id == notification)).one()
        return _from_row(out)

    # -- reading ----------------------------------------------------------------------------------
    def get(self, notification: str) -> Notification:
        """One notification by id."""
        with self.store.read() as conn:
            row = conn.execute(select(notifications).where(notifications.c.id == notification)).first()
        if row is None:
            raise NotFound(f"no notification {notification!r}")
        return _from_row(row)

    def list(self, *, kind: str | None = None, state: str | None = None, agency: str | None = None,
             exercise: bool | None = None, limit: int = 50, offset: int = 0) -> Page[Notification]:
        """A page of notifications, latest start first: real, exercise or both (``exercise`` None)."""
        c = notifications.c
        conds = [x for x in (None if kind is None else c.kind == kind, None if state is None else c.state == state,
                             None if agency is None else c.agency == agency,
                             None if exercise is None else c.exercise.is_(exercise)) if x is not None]
        q = select(notifications).where(*conds).order_by(c.start.desc(), c.id)
        with self.store.read() as conn:
            return fetch_page(conn, q, limit=limit, offset=offset).map(_from_row)

    def in_use(self, kind: str, states: Sequence[str], start: dt.datetime, end: dt.datetime, *,
               exercise: bool | None = None) -> tuple[Notification, ...]:
        """The notifications of ``kind`` in ``states`` whose window meets [start, end] (an open end runs on),
        state by state, latest start first: what the map draws at a time."""
        c = notifications.c
        q = select(notifications).where(c.kind == kind, c.start <= utc(end), or_(c.end.is_(None), c.end >= utc(start)))
        if exercise is not None:
            q = q.where(c.exercise.is_(exercise))
        with self.store.read() as conn:  # state by state, in the order asked
            return tuple(_from_row(r) for state in states
                         for r in conn.execute(q.where(c.state == state).order_by(c.start.desc(), c.id)))
