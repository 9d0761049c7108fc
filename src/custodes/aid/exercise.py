"""The aid domain's exercise generator: crossing status history, consignments through their lifecycle,
hazard zones and notifications, deterministic per seed. Every record is marked exercise."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from shapely.geometry import LineString, Point
from sqlalchemy import func, insert, select

from custodes.aid import totals
from custodes.aid.model import CONSIGNMENT, INTERCEPTORS, next_state
from custodes.aid.planner import Planner
from custodes.aid.store import consignments, crossing_status, hazard_zones, notifications
from custodes.errors import IllegalTransition
from custodes.exercise import ACTOR as WITHDRAWER
from custodes.exercise import ExercisePeriod, ExerciseResult, withdraw, withdrawn_kind
from custodes.geo.places import GovernorateIndex
from custodes.geo.zones import Zone
from custodes.ledger.disclosure import publishes
from custodes.profiles.model import Profile
from custodes.storage.uow import Store

__all__ = ["AidExercise"]

publishes(withdrawn_kind("aid"), "table", "ids")

#: the actor of the aid exercise's records (its withdrawal is journalled under the common ``exercise``)
ACTOR = "exercise:aid"
CATEGORIES = ("food", "medical", "shelter", "wash", "fuel")
AGENCIES = ("UNRWA", "WFP", "UNICEF", "WHO", "PRCS", "WCK")
DONORS = ("EU", "Japan", "Jordan", "Egypt", "UAE", "USA", "UK", "Qatar")
#: the path most consignments follow, and how often each step fails or stops
PATH = ("clear", "stage", "offload", "enter", "collect", "deliver")


def _at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), dt.UTC) + dt.timedelta(hours=hour)


class AidExercise:
    domain = "aid"

    def __init__(self, store: Store, planner: Planner, profile: Profile) -> None:
        self.store = store
        self.planner, self.profile = planner, profile

    def generate(self, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rnd = random.Random(f"aid-{seed}")
        crossing_ids = [c.id for c in self.profile.crossings]
        goods = [c for c in self.profile.crossings]
        planner = self.planner
        graph, _ = planner.network()
        places = GovernorateIndex(self.profile, tolerance_deg=0.01)
        days = [period.start + dt.timedelta(days=i) for i in range((period.end - period.start).days + 1)]
        records = 0
        with self.store.write(ACTOR, exercise=True) as uow:
            c = uow.conn
            if c.execute(select(func.count()).select_from(consignments).where(consignments.c.exercise)).scalar_one():
                raise IllegalTransition("exercise.exists", "aid exercise records exist; remove them first "
                                        "(`custodes exercise --remove`)")
            # crossings: an opening record at the start, then a change every one to three weeks
            for x in crossing_ids:
                day = period.start
                while day <= period.end:
                    status = rnd.choices(("open", "restricted", "closed"), (6, 3, 1))[0]
                    reason = {"open": "", "restricted": rnd.choice(("inspection backlog", "reduced hours",
                                                                            "security assessment")),
                              "closed": rnd.choice(("security incident", "holiday", "damage to the road"))}[status]
                    row: dict[str, Any] = {"crossing": x, "status": status, "since": _at(day, 6), "reason": reason,
                           "hours": None if status == "closed" else "08:00-16:00",
                           "capacity_trucks": {"open": 250, "restricted": 100, "closed": 0}[status]}
                    c.execute(insert(crossing_status).values(**row, recorded_by=ACTOR, exercise=True))
                    uow.append("aid.crossing_status", row, at=row["since"])
                    records += 1
                    day += dt.timedelta(days=rnd.randint(7, 21))
            # hazard zones: twenty circles of 300 m to 1.5 km around points of the road network, a few days each
            zones: list[Zone] = []
            for i in range(20):
                n = rnd.randrange(graph.nodes)
                centre = Point(graph.lon[n], graph.lat[n])
                start = _at(rnd.choice(days), rnd.uniform(0, 24))
                z = Zone(f"ex-zone-{i + 1:02d}", f"exercise hazard {i + 1}", rnd.choice(("hazard", "no_go")),
                         centre.buffer(rnd.uniform(0.003, 0.015), quad_segs=8), start,
                         start + dt.timedelta(days=rnd.randint(1, 10)), "exercise: reported hostilities")
                zones.append(z)
                c.execute(insert(hazard_zones).values(
                    id=z.id, name=z.name, kind=z.kind, geometry=json.dumps(z.as_json()["geometry"]),
                    valid_from=z.valid_from, valid_to=z.valid_to, reason=z.reason, exercise=True))
                uow.append("aid.zone_declared", z.as_json(), at=start)
                records += 1
            # consignments: a few a day through their lifecycle
            k = 0
            for day in days:
                for _ in range(rnd.randint(1, 5)):
                    k += 1
                    xing = rnd.choice(goods)
                    trucks = rnd.randint(10, 80)
                    cid = f"ex-csg-{k:05d}"
                    row = {"id": cid, "source": "exercise", "source_ref": cid, "state": "registered", "date": day,
                           "crossing": xing.id, "route": "Land Crossings", "category": rnd.choice(CATEGORIES),
                           "description": "exercise consignment", "quantity": float(trucks), "unit": "trucks",
                           "trucks": trucks, "tonnes": round(trucks * rnd.uniform(8, 20), 1),
                           "donor": rnd.choice(DONORS), "agency": rnd.choice(AGENCIES),
                           "destination": rnd.choice(("Gaza City", "Deir al-Balah", "Khan Younis", "Rafah",
                                                      "North Gaza")), "intercepted_by": None, "row_hash": None,
                           "updated_at": _at(day, 7), "exercise": True}
                    t = _at(day, rnd.uniform(5, 8))
                    uow.append("aid.consignment_registered", {**row, "date": day.isoformat(), "quantity": str(trucks),
                                                              "tonnes": str(row["tonnes"])}, at=t)
                    state, by = "registered", None
                    for action in PATH:
                        roll = rnd.random()
                        if action == "clear" and roll < 0.05:
                            action = "reject"
                        elif action in ("collect", "deliver") and roll < 0.04:
                            action, by = "intercept", rnd.choice(INTERCEPTORS)
                        elif action == "offload" and roll < 0.02:
                            action = "return"
                        t += dt.timedelta(hours=rnd.uniform(0.5, 6))
                        if t.date() > period.end:
                            break
                        new = next_state(CONSIGNMENT, state, action)
                        uow.append("aid.consignment_moved", {"id": cid, "action": action, "from": state, "to": new,
                                                             "by": by, "note": ""}, at=t)
                        state = new
                        if state in CONSIGNMENT.final or state == "rejected":
                            break
                    c.execute(insert(consignments).values(**{**row, "state": state, "intercepted_by": by}))
                    records += 1
            totals.rebuild(c, exercise=True)
            # notifications: a site or a convoy every few days; the force decides most of them
            for i, day in enumerate(days[::3]):
                start = _at(day, 8) + dt.timedelta(days=3)
                end = start + dt.timedelta(hours=6)
                notified = start - dt.timedelta(hours=rnd.randint(48, 96))
                agency = rnd.choice(AGENCIES)
                a, b = rnd.sample(range(graph.nodes), 2)
                if i % 2 == 0:
                    kind, route = "site", []
                    lon, lat = float(graph.lon[a]), float(graph.lat[a])
                    crossed = [z.id for z in zones if z.overlaps(start, end) and z.geometry.intersects(Point(lon, lat))]
                else:
                    kind, lon, lat = "movement", None, None
                    path = graph.node_path(a, b, [z for z in zones if z.active_at(start)]) or [a, b]
                    route = [[float(graph.lon[n]), float(graph.lat[n])] for n in path]
                    line = LineString(route)
                    crossed = [z.id for z in zones if z.overlaps(start, end) and z.geometry.intersects(line)]
                nid = f"ex-{kind}-{i + 1:04d}"
                state = "notified" if notified.date() > period.end - dt.timedelta(days=1) else \
                    rnd.choices(("deconflicted", "refused"), (9, 1))[0]
                reason = "exercise: military activity on the route" if state == "refused" else ""
                c.execute(insert(notifications).values(
                    id=nid, kind=kind, state=state, agency=agency, name=f"exercise {kind} {i + 1}",
                    category="distribution_point" if kind == "site" else "convoy",
                    pcode=places.pcode_at(float(graph.lon[a]), float(graph.lat[a])), lon=lon, lat=lat,
                    route=json.dumps(route), start=start, end=end,
                    vehicles=None if kind == "site" else rnd.randint(3, 30),
                    contact="exercise contact", hazards=json.dumps(crossed), reason=reason, notified_at=notified,
                    decided_at=None if state == "notified" else notified + dt.timedelta(hours=12), exercise=True))
                body = {"id": nid, "agency": agency, "start": start, "end": end, "contact": "exercise contact",
                        "hazards": crossed}
                if kind == "site":
                    uow.append("aid.site_notified", {**body, "location_exact": {"lon": lon, "lat": lat}}, at=notified)
                else:
                    uow.append("aid.movement_notified", {**body, "route": route}, at=notified)
                if state != "notified":
                    uow.append("aid.notification_decided", {"id": nid, "action": "deconflict" if state ==
                                                            "deconflicted" else "refuse", "from": "notified",
                                                            "to": state, "reason": reason},
                               at=notified + dt.timedelta(hours=12))
                records += 1
            entries = len(uow.entries)
        return ExerciseResult(self.domain, records, entries)

    def remove(self) -> ExerciseResult:
        with self.store.write(WITHDRAWER, exercise=True) as uow:
            removed = withdraw(uow, self.domain, [consignments, crossing_status, notifications, hazard_zones])
            totals.rebuild(uow.conn, exercise=True)
            return ExerciseResult(self.domain, removed, len(uow.entries))
