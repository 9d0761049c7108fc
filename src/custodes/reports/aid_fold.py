"""Humanitarian corridors: trucks and tonnes entered per day and per crossing, against the daily target."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, day_of, label

__all__ = ["AidFold"]


class AidFold(ExerciseAware):
    """Folds ``aid.consignment_registered``, ``aid.consignment_moved`` and ``aid.consignments_imported``.

    A consignment counts as entered on the day of its ``enter`` move. Imported consignments are journalled
    as references and row hashes only, so only their number is a figure.
    """

    section = "aid"
    domain = "aid"

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target
        self.cons: dict[str, tuple[str, int, Decimal]] = {}  # id -> crossing, trucks, tonnes
        self.entered: dict[str, dt.date] = {}
        self.intercepted: dict[str, tuple[dt.date, str]] = {}
        self.imported: list[tuple[dt.date, int, bool]] = []

    def drop(self, keys: set[str]) -> None:
        for k in keys:
            self.cons.pop(k, None)
            self.entered.pop(k, None)
            self.intercepted.pop(k, None)
        self.imported = [i for i in self.imported if not i[2]]

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if not kind.startswith("aid.") or self.withdrawn(entry):
            return
        rec = entry["rec"]
        if kind == "aid.consignment_registered":
            self.cons[rec["id"]] = (rec["crossing"], int(rec["trucks"] or 0), Decimal(rec["tonnes"] or 0))
            self.note(rec["id"], entry)
        elif kind == "aid.consignment_moved":
            if rec["to"] == "entered":
                self.entered[rec["id"]] = day_of(entry["at"])
            elif rec["to"] == "intercepted":
                self.intercepted[rec["id"]] = (day_of(entry["at"]), str(rec.get("by") or ""))
        elif kind == "aid.consignments_imported":
            self.imported.append((day_of(entry["at"]), int(rec["count"]), bool(entry.get("ex"))))

    def daily_trucks(self, period: Period) -> dict[dt.date, int]:
        days: Counter[dt.date] = Counter()
        for cid, day in self.entered.items():
            if period.contains(day) and cid in self.cons:
                days[day] += self.cons[cid][1]
        return {period.start + dt.timedelta(d): days[period.start + dt.timedelta(d)]
                for d in range((period.end - period.start).days + 1)}

    def figures(self, period: Period) -> list[Figure]:
        trucks: Counter[str] = Counter()
        tonnes: defaultdict[str, Decimal] = defaultdict(Decimal)
        n = 0
        for cid, day in self.entered.items():
            if period.contains(day) and cid in self.cons:
                crossing, t, w = self.cons[cid]
                trucks[crossing] += t
                tonnes[crossing] += w
                n += 1
                self.counted(cid)
        caught = Counter(by for cid, (day, by) in self.intercepted.items() if period.contains(day))
        for cid, (day, _) in self.intercepted.items():
            if period.contains(day):
                self.counted(cid)
        daily = self.daily_trucks(period)
        days = len(daily)
        met = sum(1 for v in daily.values() if v >= self.target)
        total = sum(trucks.values())
        imported = sum(c for day, c, _ in self.imported if period.contains(day))
        if any(ex and period.contains(day) for day, _, ex in self.imported):
            self.exercise_counted = True
        moved = n + sum(caught.values())
        rate = f"{Decimal(sum(caught.values()) * 100) / moved:.1f}" if moved else "0.0"
        s = self.section
        return [
            Figure("aid.daily_truck_target", s, self.target, "trucks_per_day",
                   label=label("Daily target (trucks)", "الهدف اليومي (شاحنات)")),
            Figure("aid.trucks_entered", s, total, "trucks", dict(sorted(trucks.items())),
                   label("Trucks entered", "الشاحنات التي دخلت")),
            Figure("aid.tonnes_entered", s, str(sum(tonnes.values(), Decimal(0))), "tonnes",
                   {k: str(v) for k, v in sorted(tonnes.items())}, label("Tonnes entered", "الأطنان التي دخلت")),
            Figure("aid.consignments_entered", s, n, "consignments",
                   label=label("Consignments entered", "الشحنات التي دخلت")),
            Figure("aid.average_trucks_per_day", s, f"{Decimal(total) / days:.1f}" if days else "0.0",
                   "trucks_per_day", label=label("Average trucks a day", "متوسط الشاحنات يومياً")),
            Figure("aid.days_target_met", s, met, "days", {"of": days},
                   label("Days on which the target was met", "الأيام التي تحقق فيها الهدف")),
            Figure("aid.consignments_intercepted", s, sum(caught.values()), "consignments",
                   dict(sorted(caught.items())), label("Consignments intercepted", "الشحنات المعترضة")),
            Figure("aid.interception_rate", s, rate, "percent",
                   label=label("Interception rate (of consignments entered or intercepted)",
                               "نسبة الاعتراض (من الشحنات التي دخلت أو اعتُرضت)")),
            Figure("aid.consignments_imported", s, imported, "consignments",
                   label=label("Consignments imported from agency files (counted only)",
                               "الشحنات المستوردة من ملفات الوكالات (عددها فقط)")),
        ]
