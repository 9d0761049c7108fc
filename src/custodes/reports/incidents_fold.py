"""Protection of civilians: incidents verified by independent monitors, by type and governorate."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, day_of, label

__all__ = ["IncidentsFold"]

_UNKNOWN = "(imported: type not in the log)"
Verified = tuple[str, str, str, int, tuple[float, float] | None]  # id, type, pcode, fatalities, (lon, lat)


class IncidentsFold(ExerciseAware):
    """An incident counts when its event date is in the period and it is verified at the checkpoint.

    Imported incidents are journalled as ids and row hashes, so their type and place are unknown to the log;
    they are counted under one heading. Exact locations of hidden incidents are commitments and unused.
    """

    section = "civilians"
    domain = "incidents"

    def __init__(self) -> None:
        super().__init__()
        self.known: dict[str, tuple[dt.date | None, str, str, int, tuple[float, float] | None]] = {}
        self.status: dict[str, str] = {}
        self.reported_on: dict[str, dt.date] = {}

    def drop(self, keys: set[str]) -> None:
        for k in keys:
            self.known.pop(k, None)
            self.status.pop(k, None)
            self.reported_on.pop(k, None)

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if not kind.startswith("incidents.") or self.withdrawn(entry):
            return
        rec = entry["rec"]
        if kind == "incidents.reported":
            loc = rec.get("location")
            where = (float(loc["lon"]), float(loc["lat"])) if isinstance(loc, dict) and "lon" in loc else None
            ev = rec.get("event_date")
            fat = rec.get("fatalities")
            self.known[rec["id"]] = (day_of(ev) if ev else None, str(rec.get("event_type") or ""),
                                     str(rec.get("pcode") or ""), int(fat) if fat not in (None, "") else 0, where)
            self.status[rec["id"]] = "reported"
            self.reported_on[rec["id"]] = day_of(ev) if ev else day_of(entry["at"])
            self.note(rec["id"], entry)
        elif kind == "incidents.imported":
            day = day_of(entry["at"])
            for line in str(rec.get("events", "")).splitlines():
                iid = line.split(" ", 1)[0]
                self.status[iid] = "reported"
                self.reported_on[iid] = day
                self.note(iid, entry)
        elif "to" in rec and "id" in rec:
            self.status[rec["id"]] = str(rec["to"])

    def verified(self, period: Period) -> list[Verified]:
        out: list[Verified] = []
        for iid, st in self.status.items():
            if st != "verified":
                continue
            k = self.known.get(iid)
            if k is None:
                if period.contains(self.reported_on[iid]):
                    out.append((iid, _UNKNOWN, "", 0, None))
            elif k[0] is not None and period.contains(k[0]):
                out.append((iid, k[1], k[2], k[3], k[4]))
        return out

    def figures(self, period: Period) -> list[Figure]:
        v = self.verified(period)
        for iid, *_ in v:
            self.counted(iid)
        reported = [i for i, d in self.reported_on.items() if period.contains(d)]
        for iid in reported:
            self.counted(iid)
        s = self.section
        return [
            Figure("incidents.reported", s, len(reported), "incidents",
                   label=label("Incidents in the period reported to the mission (any status)",
                               "حوادث الفترة المبلغ عنها للبعثة (بأي حالة)")),
            Figure("incidents.verified", s, len(v), "incidents",
                   label=label("Incidents in the period verified by independent monitors",
                               "حوادث الفترة التي تحقق منها مراقبون مستقلون")),
            Figure("incidents.verified_by_type", s, len(v), "incidents",
                   dict(sorted(Counter(t for _, t, _, _, _ in v).items())),
                   label("Verified incidents by type", "الحوادث المتحقق منها حسب النوع")),
            Figure("incidents.verified_by_governorate", s, len(v), "incidents",
                   dict(sorted(Counter(p or "-" for _, _, p, _, _ in v).items())),
                   label("Verified incidents by governorate", "الحوادث المتحقق منها حسب المحافظة")),
            Figure("incidents.verified_fatalities", s, sum(f for _, _, _, f, _ in v), "people",
                   label=label("Fatalities in verified incidents", "الوفيات في الحوادث المتحقق منها")),
        ]
