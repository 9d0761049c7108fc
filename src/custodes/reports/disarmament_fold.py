"""Demilitarisation: weapons registered and destroyed, by type; sites registered and verified destroyed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, day_of, label

__all__ = ["DisarmamentFold"]


class DisarmamentFold(ExerciseAware):
    """Folds ``disarmament.weapon_registered``, ``disarmament.destroyed`` and ``disarmament.site_registered``."""

    section = "demilitarisation"
    domain = "disarmament"

    def __init__(self) -> None:
        super().__init__()
        self.weapons: dict[str, tuple[str, dt.date]] = {}  # id -> type, registered on
        self.destroyed: dict[str, dt.date] = {}
        self.sites: dict[str, tuple[str, dt.date | None]] = {}
        self.site_verified: dict[str, dt.date] = {}

    def drop(self, keys: set[str]) -> None:
        for k in keys:
            self.weapons.pop(k, None)
            self.destroyed.pop(k, None)
            self.sites.pop(k, None)
            self.site_verified.pop(k, None)

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if not kind.startswith("disarmament.") or self.withdrawn(entry):
            return
        rec = entry["rec"]
        if kind == "disarmament.weapon_registered":
            wid = str(rec["id"])
            self.weapons[wid] = (str(rec.get("type") or ""), day_of(rec.get("registered_on") or entry["at"]))
            self.note(wid, entry)
        elif kind == "disarmament.destroyed":
            self.destroyed[str(rec["weapon"])] = day_of(rec.get("on") or entry["at"])
        elif kind == "disarmament.site_registered":
            sid = "site:" + str(rec["id"])
            found = rec.get("found_on")
            self.sites[sid] = (str(rec.get("kind") or ""), day_of(found) if found else None)
            self.note(sid, entry)
        elif kind == "disarmament.site_verified":
            self.site_verified["site:" + str(rec["site"])] = day_of(rec.get("on") or entry["at"])

    def destroyed_by_month(self, period: Period) -> dict[str, int]:
        months: Counter[str] = Counter()
        for wid, day in self.destroyed.items():
            if period.contains(day) and wid in self.weapons:
                months[day.strftime("%Y-%m")] += 1
        return dict(sorted(months.items()))

    def figures(self, period: Period) -> list[Figure]:
        reg = [w for w, (_, d) in self.weapons.items() if period.contains(d)]
        gone = [w for w, d in self.destroyed.items() if period.contains(d) and w in self.weapons]
        for w in reg + gone:
            self.counted(w)
        sites = [k for k, (_, d) in self.sites.items() if d is None or d <= period.end]
        for k in sites:
            self.counted(k)
        s = self.section
        return [
            Figure("disarmament.weapons_registered", s, len(reg), "weapons",
                   dict(sorted(Counter(self.weapons[w][0] for w in reg).items())),
                   label("Weapons registered in the period", "الأسلحة المسجلة خلال الفترة")),
            Figure("disarmament.weapons_destroyed", s, len(gone), "weapons",
                   dict(sorted(Counter(self.weapons[w][0] for w in gone).items())),
                   label("Weapons destroyed in the period (by type)", "الأسلحة المدمرة خلال الفترة (حسب النوع)")),
            Figure("disarmament.weapons_destroyed_total", s,
                   sum(1 for w, d in self.destroyed.items() if d <= period.end and w in self.weapons), "weapons",
                   label=label("Weapons destroyed since the start of the mandate",
                               "الأسلحة المدمرة منذ بداية الولاية")),
            Figure("disarmament.sites_registered", s, len(sites), "sites",
                   dict(sorted(Counter(self.sites[k][0] for k in sites).items())),
                   label("Sites registered by the end of the period (by kind)",
                         "المواقع المسجلة بنهاية الفترة (حسب النوع)")),
            Figure("disarmament.sites_verified_destroyed", s,
                   sum(1 for k, d in self.site_verified.items() if period.contains(d) and k in self.sites), "sites",
                   label=label("Sites whose destruction was verified in the period",
                               "المواقع التي تم التحقق من تدميرها خلال الفترة")),
        ]
