"""A profile as the records it stores: each one's rows in the profile tables and its journal entry.

``custodes init`` inserts and journals them all; ``custodes profile upgrade`` compares them with the rows
in the database, record by record (see custodes.mission.upgrade).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from custodes.aid.store import crossings
from custodes.council.store import council_seats, mandate_tasks, mandates, resolution_votes, resolutions, states
from custodes.mission.store import bodies, governorates
from custodes.profiles.model import Profile

__all__ = ["PROFILE_TABLES", "RECORD_KINDS", "ProfileRecord", "profile_records"]

#: each kind of profile record: its tables (the first holds one row per record) and the columns naming
#: a record in all of them; parents before children
RECORD_KINDS: dict[str, tuple[tuple[Table, ...], tuple[str, ...]]] = {
    "council.state": ((states,), ("code",)),
    "council.seat": ((council_seats,), ("year", "state")),
    "mission.governorate": ((governorates,), ("pcode",)),
    "council.resolution_adopted": ((resolutions, resolution_votes), ("symbol",)),
    "mission.body": ((bodies,), ("id",)),
    "council.mandate": ((mandates, mandate_tasks), ("symbol", "body")),
    "aid.crossing": ((crossings,), ("id",)),
}
#: the tables a profile fills, parents before children
PROFILE_TABLES: tuple[Table, ...] = tuple(t for tables, _ in RECORD_KINDS.values() for t in tables)


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    """One record of a profile: the journal ``kind`` and ``rec`` it is published as, and its table rows.

    ``match`` names the record's rows in every one of its tables (e.g. ``{"symbol": ...}`` for a
    resolution and its votes); the first table holds exactly one row, the others any number.
    """

    kind: str
    match: Mapping[str, Any]
    rows: tuple[tuple[Table, tuple[Mapping[str, Any], ...]], ...]
    rec: Mapping[str, Any]

    @property
    def key(self) -> str:
        return "/".join(str(v) for v in self.match.values())


def profile_records(profile: Profile) -> list[ProfileRecord]:
    """Every record of ``profile``, in the order ``custodes init`` journals them."""
    out: list[ProfileRecord] = []
    for code, name in sorted(profile.states.items()):
        out.append(ProfileRecord("council.state", {"code": code},
                                 ((states, ({"code": code, "name_en": name.en, "name_ar": name.ar},)),),
                                 {"code": code, "name": {"en": name.en, "ar": name.ar}}))
    for year in profile.council.years():
        for code in profile.council.members(year):
            term = next((t for t in profile.council.elected if t.state == code), None)
            kind = "permanent" if code in profile.council.permanent else "elected"
            row = {"year": year, "state": code, "kind": kind,
                   "term_first": term.first_year if term and kind == "elected" else None,
                   "term_last": term.last_year if term and kind == "elected" else None}
            out.append(ProfileRecord("council.seat", {"year": year, "state": code}, ((council_seats, (row,)),), row))
    for g in profile.governorates:
        geometry = json.dumps(g.geometry, separators=(",", ":"))
        out.append(ProfileRecord(
            "mission.governorate", {"pcode": g.pcode},
            ((governorates, ({"pcode": g.pcode, "name_en": g.name.en, "name_ar": g.name.ar, "geometry": geometry},)),),
            {"pcode": g.pcode, "name": {"en": g.name.en, "ar": g.name.ar}, "geometry": g.geometry}))
    for r in profile.resolutions:
        votes = tuple({"symbol": r.symbol, "state": s, "vote": v.value} for s, v in sorted(r.votes.items()))
        out.append(ProfileRecord(
            "council.resolution_adopted", {"symbol": r.symbol},
            ((resolutions, ({"symbol": r.symbol, "adopted_on": r.adopted_on, "title_en": r.title.en,
                             "title_ar": r.title.ar, "matter": r.matter},)),
             (resolution_votes, votes)),
            {"symbol": r.symbol, "adopted_on": r.adopted_on, "matter": r.matter,
             "title": {"en": r.title.en, "ar": r.title.ar},
             "votes": {s: v.value for s, v in sorted(r.votes.items())}}))
        for b in r.bodies:
            out.append(ProfileRecord(
                "mission.body", {"id": b.id},
                ((bodies, ({"id": b.id, "resolution": r.symbol, "name_en": b.name.en, "name_ar": b.name.ar,
                            "kind": b.kind, "description": b.description},)),),
                {"id": b.id, "resolution": r.symbol, "kind": b.kind, "name": {"en": b.name.en, "ar": b.name.ar},
                 "description": b.description}))
        for m in r.mandates:
            rep = m.reports
            out.append(ProfileRecord(
                "council.mandate", {"symbol": r.symbol, "body": m.body},
                ((mandates, ({"symbol": r.symbol, "body": m.body, "until": m.until, "report_to": rep and rep.to,
                              "report_by": rep and rep.by, "report_every_months": rep and rep.every_months,
                              "report_first_due": rep and rep.first_due},)),
                 (mandate_tasks, tuple({"symbol": r.symbol, "body": m.body, "task": t.id, "name_en": t.name.en,
                                        "name_ar": t.name.ar} for t in m.tasks))),
                {"resolution": r.symbol, "body": m.body, "until": m.until,
                 "tasks": [{"id": t.id, "en": t.name.en, "ar": t.name.ar} for t in m.tasks],
                 "reports": None if rep is None else {"to": rep.to, "by": rep.by, "every_months": rep.every_months,
                                                      "first_due": rep.first_due}}))
    for x in profile.crossings:
        row = {"id": x.id, "pcode": x.pcode, "name_en": x.name.en, "name_ar": x.name.ar, "lat": x.lat, "lon": x.lon,
               "kind": x.kind, "source": x.source}
        out.append(ProfileRecord("aid.crossing", {"id": x.id}, ((crossings, (row,)),),
                                 {"id": x.id, "pcode": x.pcode, "name": {"en": x.name.en, "ar": x.name.ar},
                                  "lat": x.lat, "lon": x.lon, "kind": x.kind, "source": x.source}))
    return out
