"""Use cases of the mission: load a profile's records, and say where the mandate stands."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from custodes.aid.store import crossings
from custodes.council.store import (
    council_seats,
    mandate_tasks,
    mandates,
    resolution_votes,
    resolutions,
    states,
)
from custodes.errors import ConfigError
from custodes.ledger.disclosure import publishes
from custodes.mission.model import MandateView
from custodes.mission.store import bodies, governorates, mission
from custodes.profiles.model import Profile
from custodes.storage.schema import metadata
from custodes.storage.uow import UnitOfWork

_INTERNAL = {"journal_salts", "journal_head", "mission"}

__all__ = ["MissionStatus", "is_loaded", "load_profile_records", "mission_status"]

publishes("mission.profile_loaded", "profile", "name", "log_origin", "digest")
publishes("mission.governorate", "pcode", "name", "geometry")
publishes("mission.body", "id", "resolution", "kind", "name", "description")
publishes("council.state", "code", "name")
publishes("council.seat", "state", "kind", "year", "term_first", "term_last")
publishes("council.mandate", "body", "resolution", "tasks", "until", "reports")
publishes("aid.crossing", "id", "pcode", "name", "lat", "lon", "kind", "source")


def is_loaded(conn: Connection) -> tuple[str, str] | None:
    """The loaded profile's id and digest, or None before ``custodes init``."""
    row = conn.execute(select(mission.c.id, mission.c.profile_digest)).first()
    return None if row is None else (row[0], row[1])


def load_profile_records(uow: UnitOfWork, profile: Profile, digest: str) -> int:
    """Write every record of ``profile`` and journal each one; returns the number of entries."""
    c = uow.conn
    c.execute(insert(mission).values(
        id=profile.id, name_en=profile.name.en, name_ar=profile.name.ar, log_origin=profile.log_origin,
        profile_digest=digest, mandate_start=profile.mandate_start, loaded_at=uow.now))
    uow.append("mission.profile_loaded", {"profile": profile.id, "name": {"en": profile.name.en, "ar": profile.name.ar},
                                          "log_origin": profile.log_origin, "digest": digest})
    for code, name in sorted(profile.states.items()):
        c.execute(insert(states).values(code=code, name_en=name.en, name_ar=name.ar))
        uow.append("council.state", {"code": code, "name": {"en": name.en, "ar": name.ar}})
    for year in profile.council.years():
        for code in profile.council.members(year):
            term = next((t for t in profile.council.elected if t.state == code), None)
            kind = "permanent" if code in profile.council.permanent else "elected"
            row = {"year": year, "state": code, "kind": kind,
                   "term_first": term.first_year if term and kind == "elected" else None,
                   "term_last": term.last_year if term and kind == "elected" else None}
            c.execute(insert(council_seats).values(**row))
            uow.append("council.seat", row)
    for g in profile.governorates:
        geometry = json.dumps(g.geometry, separators=(",", ":"))
        c.execute(insert(governorates).values(pcode=g.pcode, name_en=g.name.en, name_ar=g.name.ar, geometry=geometry))
        uow.append("mission.governorate", {"pcode": g.pcode, "name": {"en": g.name.en, "ar": g.name.ar},
                                           "geometry": g.geometry})
    for r in profile.resolutions:
        c.execute(insert(resolutions).values(symbol=r.symbol, adopted_on=r.adopted_on, title_en=r.title.en,
                                             title_ar=r.title.ar, matter=r.matter))
        c.execute(insert(resolution_votes), [{"symbol": r.symbol, "state": s, "vote": v.value}
                                             for s, v in sorted(r.votes.items())])
        uow.append("council.resolution_adopted", {
            "symbol": r.symbol, "adopted_on": r.adopted_on, "matter": r.matter,
            "title": {"en": r.title.en, "ar": r.title.ar},
            "votes": {s: v.value for s, v in sorted(r.votes.items())}})
        for b in r.bodies:
            c.execute(insert(bodies).values(id=b.id, resolution=r.symbol, name_en=b.name.en, name_ar=b.name.ar,
                                            kind=b.kind, description=b.description))
            uow.append("mission.body", {"id": b.id, "resolution": r.symbol, "kind": b.kind,
                                        "name": {"en": b.name.en, "ar": b.name.ar}, "description": b.description})
        for m in r.mandates:
            rep = m.reports
            c.execute(insert(mandates).values(
                symbol=r.symbol, body=m.body, until=m.until, report_to=rep and rep.to, report_by=rep and rep.by,
                report_every_months=rep and rep.every_months, report_first_due=rep and rep.first_due))
            if m.tasks:
                c.execute(insert(mandate_tasks), [{"symbol": r.symbol, "body": m.body, "task": t.id,
                                                   "name_en": t.name.en, "name_ar": t.name.ar} for t in m.tasks])
            uow.append("council.mandate", {
                "resolution": r.symbol, "body": m.body, "until": m.until,
                "tasks": [{"id": t.id, "en": t.name.en, "ar": t.name.ar} for t in m.tasks],
                "reports": None if rep is None else {"to": rep.to, "by": rep.by, "every_months": rep.every_months,
                                                     "first_due": rep.first_due}})
    for x in profile.crossings:
        row = {"id": x.id, "pcode": x.pcode, "name_en": x.name.en, "name_ar": x.name.ar, "lat": x.lat, "lon": x.lon,
               "kind": x.kind, "source": x.source}
        c.execute(insert(crossings).values(**row))
        uow.append("aid.crossing", {"id": x.id, "pcode": x.pcode, "name": {"en": x.name.en, "ar": x.name.ar},
                                    "lat": x.lat, "lon": x.lon, "kind": x.kind, "source": x.source})
    return len(uow.entries)


@dataclass(frozen=True, slots=True)
class MissionStatus:
    profile: str
    name: str
    today: dt.date
    mandate_start: dt.date
    mandates: tuple[MandateView, ...]
    council_year: int
    council_members: tuple[tuple[str, str, str], ...]  # (code, name, permanent|elected)
    counts: Mapping[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile, "name": self.name, "today": self.today.isoformat(),
            "mandate_start": self.mandate_start.isoformat(),
            "mandates": [{"body": m.body, "name": m.body_name, "until": m.until.isoformat(),
                          "days_left": m.days_left, "in_force": m.in_force,
                          "next_report_due": m.next_report_due.isoformat() if m.next_report_due else None,
                          "reports_due_so_far": m.reports_due_so_far} for m in self.mandates],
            "council": {"year": self.council_year,
                        "members": [{"code": c, "name": n, "seat": k} for c, n, k in self.council_members]},
            "counts": dict(self.counts),
        }


def mission_status(conn: Connection, profile: Profile, today: dt.date, lang: str = "en") -> MissionStatus:
    if is_loaded(conn) is None:
        raise ConfigError("the database holds no mission yet; run `custodes init` first")
    body_names = {b.id: b.name.get(lang) for b in profile.bodies()}
    views = tuple(MandateView.of(m, body_names.get(m.body, m.body), today) for m in profile.mandates())
    seats = conn.execute(
        select(council_seats.c.state, states.c.name_en, states.c.name_ar, council_seats.c.kind)
        .join(states, states.c.code == council_seats.c.state)
        .where(council_seats.c.year == today.year).order_by(council_seats.c.kind.desc(), council_seats.c.state)
    ).all()
    members = tuple((s, ar if lang == "ar" else en, k) for s, en, ar, k in seats)
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        if table.name in _INTERNAL:
            continue
        total = conn.execute(select(func.count()).select_from(table)).scalar_one()
        counts[table.name] = total
        if "exercise" in table.c and total:
            counts[f"{table.name} (exercise)"] = conn.execute(
                select(func.count()).select_from(table).where(table.c.exercise.is_(True))).scalar_one()
    return MissionStatus(profile.id, profile.name.get(lang), today, profile.mandate_start, views,
                         today.year, members, counts)
