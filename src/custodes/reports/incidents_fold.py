"""Protection of civilians: incidents verified by independent monitors, by type and governorate."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, day_of, label

__all__ = ["IncidentsFold"]

#: the heading of incidents imported before import entries carried their fields (only ids and hashes)
UNKNOWN = "(imported: type not in the log)"
Verified = tuple[str, str, str, int, tuple[float, float] | None]  # id, type, pcode, fatalities, (lon, lat)
Known = tuple[dt.date | None, str, str, int, tuple[float, float] | None, str]  # ... and the sub-event type


class IncidentsFold(ExerciseAware):
    """An incident counts when its event date is in the period and it is verified at the checkpoint.

    Reported incidents carry their fields in ``incidents.reported``; imported ones in the rows of
    ``incidents.imported`` (date, types, governorate, fatalities; no place finer than the governorate).
    Import entries written before those fields were journalled give only ids: such incidents are counted
    under :data:`UNKNOWN`. Exact locations of hidden incidents are commitments and unused.
    """

    section = "civilians"
    domain = "incidents"

    def __init__(self) -> None:
        super().__init__()
        self.known: dict[str, Known] = {}
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
                                     str(rec.get("pcode") or ""), int(fat) if fat not in (None, "") else 0, where,
                                     str(rec.get("sub_event_type") or ""))
            self.status[rec["id"]] = "reported"
            self.reported_on[rec["id"]] = day_of(ev) if ev else day_of(entry["at"])
            self.note(rec["id"], entry)
        elif kind == "incidents.imported" and isinstance(rec.get("rows"), list):
            self._imported(rec, entry)
        elif kind == "incidents.imported":
            day = day_of(entry["at"])
            for line in str(rec.get("events", "")).splitlines():
                iid = line.split(" ", 1)[0]
                self.status[iid] = "reported"
                self.reported_on[iid] = day
                self.note(iid, entry)
        elif "to" in rec and "id" in rec:
            self.status[rec["id"]] = str(rec["to"])

    def _imported(self, rec: Mapping[str, Any], entry: Mapping[str, Any]) -> None:
        col = {c: i for i, c in enumerate(rec["columns"])}
        i_id, i_day = col["id"], col.get("event_date")
        i_type, i_sub, i_pcode, i_fat = (col.get(c) for c in ("event_type", "sub_event_type", "pcode", "fatalities"))
        status = str(rec.get("status") or "reported")
        fallback = day_of(entry["at"])
        dates: dict[str, dt.date] = {}
        ex = bool(entry.get("ex"))
        for row in rec["rows"]:
            iid = row[i_id]
            text: str | None = row[i_day] if i_day is not None else None
            day = fallback if not text else dates.get(text)
            if day is None:
                day = dates[str(text)] = day_of(text)
            self.known[iid] = (day, "" if i_type is None else str(row[i_type] or ""),
                               "" if i_pcode is None else str(row[i_pcode] or ""),
                               0 if i_fat is None else int(row[i_fat] or 0), None,
                               "" if i_sub is None else str(row[i_sub] or ""))
            self.status[iid] = status
            self.reported_on[iid] = day
            if ex:
                self.exercise.add(iid)

    def verified_known(self, period: Period) -> list[tuple[str, Known]]:
        """The verified incidents of the period with what the log says of them."""
        out: list[tuple[str, Known]] = []
        known, start, end = self.known, period.start, period.end
        for iid, st in self.status.items():
            if st != "verified":
                continue
            k = known.get(iid)
            if k is None:
                day = self.reported_on[iid]
                if start <= day <= end:
                    out.append((iid, (day, UNKNOWN, "", 0, None, UNKNOWN)))
            elif k[0] is not None and start <= k[0] <= end:
                out.append((iid, k))
        return out

    def verified(self, period: Period) -> list[Verified]:
        return [(iid, k[1], k[2], k[3], k[4]) for iid, k in self.verified_known(period)]

    def figures(self, period: Period) -> list[Figure]:
        vk = self.verified_known(period)
        v = [(iid, k[1], k[2], k[3], k[4]) for iid, k in vk]
        for iid, *_ in v:
            self.counted(iid)
        reported = [i for i, d in self.reported_on.items() if period.start <= d <= period.end]
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
            Figure("incidents.verified_by_sub_event_type", s, len(v), "incidents",
                   dict(sorted(Counter(k[5] or "-" for _, k in vk).items())),
                   label("Verified incidents by sub-event type", "الحوادث المتحقق منها حسب النوع الفرعي")),
            Figure("incidents.verified_by_governorate", s, len(v), "incidents",
                   dict(sorted(Counter(p or "-" for _, _, p, _, _ in v).items())),
                   label("Verified incidents by governorate", "الحوادث المتحقق منها حسب المحافظة")),
            Figure("incidents.verified_fatalities", s, sum(f for _, _, _, f, _ in v), "people",
                   label=label("Fatalities in verified incidents", "الوفيات في الحوادث المتحقق منها")),
        ]
