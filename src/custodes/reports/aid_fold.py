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

    Entered consignments are summed as they come, by (day, crossing, source, exercise flag), so the figures
    of a period read a few thousand sums rather than millions of records; withdrawing exercise records
    takes theirs back out.
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
        # running sums: (day, crossing, source, exercise) -> [consignments, trucks, tonnes]
        self.flow: dict[tuple[str, str, str, bool], list[Any]] = {}
        # (day, source, unit, exercise) -> [rows, rows with a quantity, quantity]
        self.lists: dict[tuple[str, str, str | None, bool], list[Any]] = {}
        self._decimals: dict[str, Decimal] = {}

    def drop(self, keys: set[str]) -> None:
        for k in keys:
            day = self.entered.pop(k, None)
            if day is not None:
                self._flow(day, k, -1)
            got = self.imported.pop(k, None)
            if got is not None:
                self._list(k, got, -1)
            self.cons.pop(k, None)
            self.intercepted.pop(k, None)
        self.legacy = [i for i in self.legacy if not i[2]]

    def _flow(self, day: str, cid: str, sign: int) -> None:
        crossing, trucks, tonnes, src = self.cons[cid]
        key = (day, crossing, src, cid in self.exercise)
        sums = self.flow.get(key)
        if sums is None:
            sums = self.flow[key] = [0, 0, Decimal(0)]
        sums[0] += sign
        sums[1] += sign * trucks
        if tonnes is not None:
            sums[2] += sign * self._decimal(tonnes)

    def _decimal(self, text: str) -> Decimal:
        """``Decimal(text)``, remembered: tonnages repeat (a few thousand distinct values in a million)."""
        d = self._decimals.get(text)
        if d is None:
            d = self._decimals[text] = Decimal(text)
        return d

    def _list(self, cid: str, row: tuple[str, str, str | None, str | None], sign: int) -> None:
        day, src, unit, qty = row
        key = (day, src, unit, cid in self.exercise)
        sums = self.lists.get(key)
        if sums is None:
            sums = self.lists[key] = [0, 0, Decimal(0)]
        sums[0] += sign
        if qty is not None:
            sums[1] += sign
            sums[2] += sign * Decimal(qty)

    def _enter(self, cid: str, day: str) -> None:
        if cid not in self.cons:
            return  # a move of a consignment the log never registered: nothing to count
        old = self.entered.get(cid)
        if old is not None:
            self._flow(old, cid, -1)
        self.entered[cid] = day
        self._flow(day, cid, 1)

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if kind == "aid.consignment_moved":  # the most frequent kind first
            rec = entry["rec"]
            to = rec["to"]
            if to == "entered":
                cid = rec["id"]
                if cid in self.entered or cid not in self.cons:
                    self._enter(cid, _intern(entry["at"][:10]))
                    return
                # the common case (a registered consignment entering once), inlined: millions of them
                day = self.entered[cid] = _intern(entry["at"][:10])
                crossing, trucks, tonnes, src = self.cons[cid]
                key = (day, crossing, src, cid in self.exercise)
                sums = self.flow.get(key)
                if sums is None:
                    sums = self.flow[key] = [0, 0, Decimal(0)]
                sums[0] += 1
                sums[1] += trucks
                if tonnes is not None:
                    sums[2] += self._decimal(tonnes)
            elif to == "intercepted":
                self.intercepted[rec["id"]] = (_intern(entry["at"][:10]), str(rec.get("by") or ""))
        elif kind == "aid.consignment_registered":
            rec = entry["rec"]
            cid = rec["id"]
            tonnes = rec["tonnes"]
            if entry["ex"]:
                self.exercise.add(cid)
            self.cons[cid] = (_intern(rec["crossing"]), int(rec["trucks"] or 0),
                              None if tonnes is None else str(tonnes), _intern(rec.get("source") or "manual"))
        elif kind == "aid.consignments_imported":
            rows = entry["rec"].get("rows")
            if isinstance(rows, list):
                self._imported(entry["rec"], rows, entry)
            else:
                self.legacy.append((entry["at"][:10], int(entry["rec"]["count"]), bool(entry["ex"])))
        elif kind == "aid.exercise_withdrawn":
            self.withdrawn(entry)

    def _imported(self, rec: Mapping[str, Any], rows: list[list[Any]], entry: Mapping[str, Any]) -> None:
        columns = rec["columns"]
        # a column the entry lacks (the profile marked it sensitive) reads as null: it points past the row's
        # last cell, where a None is appended to each row
        at = {c: i for i, c in enumerate(columns)}
        missing = len(columns)
        i_id, i_day, i_crossing, i_route, i_trucks, i_tonnes, i_unit, i_qty, i_state = (
            at.get(c, missing) for c in ("id", "date", "crossing", "route", "trucks", "tonnes", "unit", "quantity",
                                         "state"))
        source = str(rec.get("source") or "import")
        ex = bool(entry.get("ex"))
        fallback = entry["at"][:10]
        cons, imported, intercepted = self.cons, self.imported, self.intercepted
        for row in rows:
            row.append(None)
            cid = row[i_id]
            if ex:
                self.exercise.add(cid)
            day = _intern(row[i_day] or fallback)
            src = _intern(cid.split(":", 1)[0] if ":" in cid else source)
            cons[cid] = (_intern(row[i_crossing] or row[i_route] or "-"), int(row[i_trucks] or 0), row[i_tonnes], src)
            old = imported.get(cid)
            if old is not None:
                self._list(cid, old, -1)
            imported[cid] = got = (day, src, row[i_unit], row[i_qty])
            self._list(cid, got, 1)
            state = row[i_state] or "entered"
            if state in _ENTERED:
                self._enter(cid, day)
                if state == "intercepted":
                    intercepted[cid] = (day, "")

    def daily_trucks(self, period: Period) -> dict[dt.date, int]:
        days: Counter[str] = Counter()
        lo, hi = period.start.isoformat(), period.end.isoformat()
        for (day, *_), (_, trucks, _) in self.flow.items():
            if lo <= day <= hi:
                days[day] += trucks
        out: dict[dt.date, int] = {}
        for d in range((period.end - period.start).days + 1):
            date = period.start + dt.timedelta(d)
            out[date] = days[date.isoformat()]
        return out

    def figures(self, period: Period) -> list[Figure]:
        lo, hi = period.start.isoformat(), period.end.isoformat()
        trucks: Counter[str] = Counter()
        tonnes: defaultdict[str, Decimal] = defaultdict(Decimal)
        by_source: Counter[str] = Counter()
        for (day, crossing, src, ex), (n, t, w) in self.flow.items():
            if n and lo <= day <= hi:
                trucks[crossing] += t
                tonnes[crossing] += w
                by_source[src] += n
                if ex:
                    self.exercise_counted = True
        entered_n = sum(by_source.values())
        caught_ids = [cid for cid, (day, _) in self.intercepted.items() if lo <= day <= hi]
        caught = Counter(self.intercepted[cid][1] or "not stated" for cid in caught_ids)
        if self.exercise and not self.exercise.isdisjoint(caught_ids):
            self.exercise_counted = True
        imported: Counter[str] = Counter()
        quantities: defaultdict[str, Decimal] = defaultdict(Decimal)
        with_quantity = 0
        for (day, src, unit, ex), (n, nq, q) in self.lists.items():
            if n and lo <= day <= hi:
                imported[src] += n
                if nq:
                    with_quantity += nq
                    quantities[unit or "(no unit)"] += q
                if ex:
                    self.exercise_counted = True
        legacy = sum(c for day, c, _ in self.legacy if lo <= day <= hi)
        if any(ex and lo <= day <= hi for day, _, ex in self.legacy):
            self.exercise_counted = True
        daily = self.daily_trucks(period)
        days = len(daily)
        met = sum(1 for v in daily.values() if v >= self.target)
        total = sum(trucks.values())
        entered = self.entered
        outcomes = entered_n + sum(1 for cid in caught_ids if not lo <= entered.get(cid, "") <= hi)
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
            Figure("aid.consignments_entered", s, entered_n, "consignments",
                   {k: v for k, v in sorted(by_source.items()) if v},
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
            Figure("aid.consignments_imported", s, sum(imported.values()) + legacy, "consignments",
                   {k: v for k, v in sorted(imported.items()) if v},
                   label("Consignments from agencies' line lists dated in the period",
                         "الشحنات الواردة في قوائم الوكالات والمؤرخة ضمن الفترة")),
            Figure("aid.imported_quantity_by_unit", s, with_quantity, "consignments",
                   {k: str(v) for k, v in sorted(quantities.items()) if v},
                   label("Quantities in those line lists, each in its own unit (never converted)",
                         "الكميات في تلك القوائم، كلٌّ بوحدته الأصلية (دون تحويل)")),
        ]


#: one string object per distinct day, crossing and source (millions of records share a few hundred values)
_intern = sys.intern
