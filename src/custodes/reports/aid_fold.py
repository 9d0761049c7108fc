"""Humanitarian corridors: trucks and tonnes entered per day and per crossing, against the daily target."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, label

__all__ = ["AidFold"]

#: states an imported row can be in once it has entered (it entered on its own date)
_ENTERED = frozenset({"entered", "collected", "delivered", "intercepted"})


class AidFold(ExerciseAware):
    """Folds ``aid.consignment_registered``, ``aid.consignment_moved`` and ``aid.consignments_imported``.

    A registered consignment counts as entered on the day of its ``enter`` move. An imported row (an agency's
    line list) carries its figure fields in the entry; it counts as entered on its own date when its state is
    entered or later, and as intercepted on that date when its state is intercepted. Its trucks and tonnes
    count only where its own unit is trucks or tonnes (a pallet is never turned into trucks); its quantity in
    its own unit is a figure apart. Import entries written before the figure fields were journalled
    (``rows`` as text) are only counted, by the day they were journalled.
    """

    section = "aid"
    domain = "aid"

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target
        # days are kept as ISO text (``YYYY-MM-DD`` compares as the dates do): no date is parsed per entry
        self.cons: dict[str, tuple[str, int, str | None, str]] = {}  # id -> crossing (or route), trucks, tonnes, source
        self.entered: dict[str, str] = {}
        self.intercepted: dict[str, tuple[str, str]] = {}
        self.imported: dict[str, tuple[str, str, str | None, str | None]] = {}  # day, source, unit, quantity
        self.legacy: list[tuple[str, int, bool]] = []  # import entries without figure fields
        self._daily: tuple[Period, dict[dt.date, int]] | None = None

    def drop(self, keys: set[str]) -> None:
        for k in keys:
            self.cons.pop(k, None)
            self.entered.pop(k, None)
            self.intercepted.pop(k, None)
            self.imported.pop(k, None)
        self.legacy = [i for i in self.legacy if not i[2]]

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if kind == "aid.consignment_moved":  # the most frequent kind first
            rec = entry["rec"]
            to = rec["to"]
            if to == "entered":
                self.entered[rec["id"]] = _intern(entry["at"][:10])
            elif to == "intercepted":
                self.intercepted[rec["id"]] = (_intern(entry["at"][:10]), str(rec.get("by") or ""))
        elif kind == "aid.consignment_registered":
            rec = entry["rec"]
            cid = rec["id"]
            tonnes = rec["tonnes"]
            self.cons[cid] = (_intern(rec["crossing"]), int(rec["trucks"] or 0),
                              None if tonnes is None else str(tonnes), _intern(rec.get("source") or "manual"))
            if entry["ex"]:
                self.exercise.add(cid)
        elif kind == "aid.consignments_imported":
            rows = entry["rec"].get("rows")
            if isinstance(rows, list):
                self._imported(entry["rec"], rows, entry)
            else:
                self.legacy.append((entry["at"][:10], int(entry["rec"]["count"]), bool(entry["ex"])))
        elif kind == "aid.exercise_withdrawn":
            self.withdrawn(entry)
        self._daily = None

    def _imported(self, rec: Mapping[str, Any], rows: list[list[Any]], entry: Mapping[str, Any]) -> None:
        col = {c: i for i, c in enumerate(rec["columns"])}
        get = _getter(col)
        source = str(rec.get("source") or "import")
        ex = bool(entry.get("ex"))
        fallback = entry["at"][:10]
        for row in rows:
            cid = row[col["id"]]
            day = _intern(get(row, "date") or fallback)
            crossing = _intern(get(row, "crossing") or get(row, "route") or "-")
            src = _intern(cid.split(":", 1)[0] if ":" in cid else source)
            self.cons[cid] = (crossing, int(get(row, "trucks") or 0), get(row, "tonnes"), src)
            self.imported[cid] = (day, src, get(row, "unit"), get(row, "quantity"))
            state = get(row, "state") or "entered"
            if state in _ENTERED:
                self.entered[cid] = day
            if state == "intercepted":
                self.intercepted[cid] = (day, "")
            if ex:
                self.exercise.add(cid)

    def daily_trucks(self, period: Period) -> dict[dt.date, int]:
        if self._daily is not None and self._daily[0] == period:
            return self._daily[1]
        days: Counter[str] = Counter()
        cons = self.cons
        lo, hi = period.start.isoformat(), period.end.isoformat()
        for cid, day in self.entered.items():
            if lo <= day <= hi and cid in cons:
                days[day] += cons[cid][1]
        out: dict[dt.date, int] = {}
        for d in range((period.end - period.start).days + 1):
            date = period.start + dt.timedelta(d)
            out[date] = days[date.isoformat()]
        self._daily = (period, out)
        return out

    def figures(self, period: Period) -> list[Figure]:
        lo, hi, cons = period.start.isoformat(), period.end.isoformat(), self.cons
        entered = [cid for cid, day in self.entered.items() if lo <= day <= hi and cid in cons]
        trucks: Counter[str] = Counter()
        tonnes_text: defaultdict[str, list[str]] = defaultdict(list)
        by_source: Counter[str] = Counter()
        for crossing, t, w, src in map(cons.__getitem__, entered):
            trucks[crossing] += t
            if w is not None:
                tonnes_text[crossing].append(w)
            by_source[src] += 1
        tonnes = {k: sum(map(Decimal, v), Decimal(0)) for k, v in tonnes_text.items()}
        caught_ids = [cid for cid, (day, _) in self.intercepted.items() if lo <= day <= hi]
        caught = Counter(self.intercepted[cid][1] or "not stated" for cid in caught_ids)
        imported_ids = [cid for cid, (day, *_) in self.imported.items() if lo <= day <= hi]
        if self.exercise and not self.exercise.isdisjoint((*entered, *caught_ids, *imported_ids)):
            self.exercise_counted = True
        imported = [self.imported[cid][1:] for cid in imported_ids]
        quantities: defaultdict[str, Decimal] = defaultdict(Decimal)
        for _, unit, q in imported:
            if q is not None:
                quantities[unit or "(no unit)"] += Decimal(q)
        legacy = sum(c for day, c, _ in self.legacy if lo <= day <= hi)
        if any(ex and lo <= day <= hi for day, _, ex in self.legacy):
            self.exercise_counted = True
        daily = self.daily_trucks(period)
        days = len(daily)
        met = sum(1 for v in daily.values() if v >= self.target)
        total = sum(trucks.values())
        outcomes = len(set(entered).union(caught_ids))
        rate = f"{Decimal(len(caught_ids) * 100) / outcomes:.1f}" if outcomes else "0.0"
        s = self.section
        return [
            Figure("aid.daily_truck_target", s, self.target, "trucks_per_day",
                   label=label("Daily target (trucks), from the mission's profile",
                               "الهدف اليومي (شاحنات)، من ملف تعريف البعثة")),
            Figure("aid.trucks_entered", s, total, "trucks", {k: v for k, v in sorted(trucks.items()) if v},
                   label("Trucks entered", "الشاحنات التي دخلت")),
            Figure("aid.tonnes_entered", s, str(sum(tonnes.values(), Decimal(0))), "tonnes",
                   {k: str(v) for k, v in sorted(tonnes.items()) if v}, label("Tonnes entered", "الأطنان التي دخلت")),
            Figure("aid.consignments_entered", s, len(entered), "consignments", dict(sorted(by_source.items())),
                   label("Consignments entered (by source of the record)",
                         "الشحنات التي دخلت (حسب مصدر السجل)")),
            Figure("aid.average_trucks_per_day", s, f"{Decimal(total) / days:.1f}" if days else "0.0",
                   "trucks_per_day", label=label("Average trucks a day", "متوسط الشاحنات يومياً")),
            Figure("aid.days_target_met", s, met, "days", {"of": days},
                   label("Days on which the target was met", "الأيام التي تحقق فيها الهدف")),
            Figure("aid.consignments_intercepted", s, len(caught_ids), "consignments", dict(sorted(caught.items())),
                   label("Consignments intercepted", "الشحنات المعترضة")),
            Figure("aid.interception_rate", s, rate, "percent",
                   label=label("Interception rate (share of the consignments entered or intercepted in the "
                               "period that were intercepted)",
                               "نسبة الاعتراض (حصة الشحنات المعترضة من الشحنات التي دخلت أو اعتُرضت خلال الفترة)")),
            Figure("aid.consignments_imported", s, len(imported) + legacy, "consignments",
                   dict(sorted(Counter(src for src, _, _ in imported).items())),
                   label("Consignments from agencies' line lists dated in the period",
                         "الشحنات الواردة في قوائم الوكالات والمؤرخة ضمن الفترة")),
            Figure("aid.imported_quantity_by_unit", s, sum(1 for *_, q in imported if q is not None), "consignments",
                   {k: str(v) for k, v in sorted(quantities.items())},
                   label("Quantities in those line lists, each in its own unit (never converted)",
                         "الكميات في تلك القوائم، كلٌّ بوحدته الأصلية (دون تحويل)")),
        ]


#: one string object per distinct day, crossing and source (millions of records share a few hundred values)
_intern = sys.intern


def _getter(col: Mapping[str, int]) -> Any:
    """``get(row, name)``: the row's cell in column ``name``, or None where the entry has no such column
    (a column the profile marks sensitive is left out of import entries)."""
    def get(row: list[Any], name: str) -> Any:
        i = col.get(name)
        return None if i is None else row[i]
    return get
