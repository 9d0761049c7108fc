"""Humanitarian corridors: trucks and tonnes entered per day and per crossing, against the daily target."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from custodes.aid import sources
from custodes.aid.lines import TRUCK_RULE, TRUCK_RULES, row_trucks
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

    ``rule`` is the truck rule the report states (:data:`custodes.aid.lines.TRUCK_RULES`). An imported row's
    ``trucks`` cell holds its trucks under the rule its entry states (``truck_rule``; none: rule 1); under
    another rule they are worked out again from the row's journalled fields
    (:func:`custodes.aid.lines.row_trucks`; rule 2: one land-crossing row of UNRWA or COGAT is one truck; rule
    1: trucks only where the unit said so). Rule 1 adds every source together, as reports did before rule 2;
    rule 2 takes each day's trucks from one source (:mod:`custodes.aid.sources`, in the order ``prefer``),
    each source's own figure beside it.
    """

    section = "aid"
    domain = "aid"

    def __init__(self, target: int, rule: int = TRUCK_RULE,
                 prefer: tuple[str, ...] = sources.DEFAULT_PREFERENCE) -> None:
        super().__init__()
        if rule not in TRUCK_RULES:
            raise ValueError(f"unknown truck rule {rule}; known: {', '.join(map(str, TRUCK_RULES))}")
        self.target = target
        self.rule = rule
        self.prefer = prefer
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
        # the trucks cell holds the rule the entry was written under; under another rule they are worked out again
        derive = int(rec.get("truck_rule") or 1) != self.rule
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
            if derive:
                trucks = row_trucks(source, self.rule, crossing=row[i_crossing], route=row[i_route],
                                    quantity=row[i_qty], unit=row[i_unit]) or 0
            else:
                trucks = int(row[i_trucks] or 0)
            cons[cid] = (_intern(row[i_crossing] or row[i_route] or "-"), trucks, row[i_tonnes], src)
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
        """Trucks per day of the period (rule 2: the days some source covers, each from one source)."""
        if self.rule >= 2:
            return {day: n for day, _, n in self.headline(period).daily}
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

    def spans(self) -> dict[str, tuple[dt.date, dt.date]]:
        """Each source's first and last day with an entered consignment, over the whole log read."""
        first: dict[str, str] = {}
        last: dict[str, str] = {}
        for (day, _, src, _), (n, _, _) in self.flow.items():
            if n:
                if src not in first or day < first[src]:
                    first[src] = day
                if src not in last or day > last[src]:
                    last[src] = day
        return {s: (dt.date.fromisoformat(first[s]), dt.date.fromisoformat(last[s])) for s in first}

    def headline(self, period: Period) -> sources.Headline:
        lo, hi = period.start.isoformat(), period.end.isoformat()
        per_day: Counter[tuple[dt.date, str]] = Counter()
        for (day, _, src, _), (n, t, _) in self.flow.items():
            if n and lo <= day <= hi:
                per_day[(dt.date.fromisoformat(day), src)] += t
        return sources.headline(per_day, self.spans(), self.prefer, period.start, period.end, target=self.target)

    def figures(self, period: Period) -> list[Figure]:
        return self._figures_1(period) if self.rule == 1 else self._figures_2(period)

    def _figures_2(self, period: Period) -> list[Figure]:
        """Rule 2: one source a day (trucks, tonnes and consignments entered), each source beside it."""
        lo, hi = period.start.isoformat(), period.end.isoformat()
        head = self.headline(period)
        chosen = {day.isoformat(): src for day, src, _ in head.daily}
        trucks: Counter[str] = Counter()
        tonnes: defaultdict[str, Decimal] = defaultdict(Decimal)
        by_source: Counter[str] = Counter()
        entered_n = 0
        for (day, crossing, src, ex), (n, t, w) in self.flow.items():
            if n and lo <= day <= hi:
                by_source[src] += n
                if ex:
                    self.exercise_counted = True
                if chosen.get(day) == src:
                    trucks[crossing] += t
                    tonnes[crossing] += w
                    entered_n += n
        imported, with_quantity, quantities, legacy = self._lists(lo, hi)
        days = head.days
        total = head.trucks
        named = {lang: "; ".join(sources.label(src, lang) for src in sources.order(head.chosen, self.prefer))
                 or "-" for lang in ("en", "ar")}
        s = self.section
        out = [
            Figure("aid.truck_rule", s, self.rule, "version", {"preference": ",".join(self.prefer)},
                   label=label("Truck counting rule (one row through a land crossing is one truck; see docs/aid.md)",
                               "قاعدة عدّ الشاحنات (كل سطر عبر معبر بري شاحنة واحدة؛ انظر docs/aid.md)")),
            Figure("aid.daily_truck_target", s, self.target, "trucks_per_day",
                   label=label("Daily target (trucks), from the mission's profile",
                               "الهدف اليومي (شاحنات)، من ملف تعريف البعثة")),
            Figure("aid.trucks_entered", s, total, "trucks", {k: v for k, v in sorted(trucks.items()) if v},
                   label(f"Trucks entered (one source a day; source: {named['en']})",
                         f"الشاحنات التي دخلت (مصدر واحد لكل يوم؛ المصدر: {named['ar']})")),
            Figure("aid.tonnes_entered", s, str(sum(tonnes.values(), Decimal(0))), "tonnes",
                   {k: str(v) for k, v in sorted(tonnes.items()) if v},
                   label(f"Tonnes entered, where the rows give tonnes (one source a day; source: {named['en']})",
                         f"الأطنان التي دخلت، حيث تذكر السجلات الأطنان (مصدر واحد لكل يوم؛ المصدر: {named['ar']})")),
            Figure("aid.consignments_entered", s, entered_n, "consignments",
                   {k: v for k, v in sorted(by_source.items()) if v},
                   label("Consignments entered from the sources giving the daily figures (each source's own count "
                         "beside it)",
                         "الشحنات التي دخلت من المصادر التي تعطي الأرقام اليومية (عدد كل مصدر بجانبه)")),
            Figure("aid.average_trucks_per_day", s, f"{Decimal(total) / days:.1f}" if days else "0.0",
                   "trucks_per_day", dict(head.chosen),
                   label(f"Average trucks a day, over the {days} days a source covers (source: {named['en']})",
                         f"متوسط الشاحنات يومياً، على مدى {days} يوماً يغطيها مصدر (المصدر: {named['ar']})")),
            Figure("aid.days_target_met", s, head.days_at_target, "days", {"of": days},
                   label("Days on which the target was met", "الأيام التي تحقق فيها الهدف")),
        ]
        for f in head.sources:
            out.append(Figure(
                f"aid.source_trucks.{f.source}", s, f.trucks, "trucks",
                {"from": f.first.isoformat(), "to": f.last.isoformat(), "days": f.days, "per_day": f"{f.per_day:.1f}"},
                label(f"Trucks by this source alone ({sources.label(f.source, 'en')}), over its days in the period",
                      f"الشاحنات حسب هذا المصدر وحده ({sources.label(f.source, 'ar')})، على مدى أيامه ضمن الفترة")))
        out += [
            *self._interceptions(lo, hi, entered_n),
            Figure("aid.consignments_imported", s, sum(imported.values()) + legacy, "consignments",
                   {k: v for k, v in sorted(imported.items()) if v},
                   label("Consignments from agencies' line lists dated in the period (sources side by side, "
                         "overlapping)",
                         "الشحنات الواردة في قوائم الوكالات والمؤرخة ضمن الفترة (المصادر جنباً إلى جنب، متداخلة)")),
            Figure("aid.imported_quantity_by_unit", s, with_quantity, "consignments",
                   {k: str(v) for k, v in sorted(quantities.items()) if v},
                   label("Quantities in those line lists, each in its own unit (never converted)",
                         "الكميات في تلك القوائم، كلٌّ بوحدته الأصلية (دون تحويل)")),
        ]
        return out

    def _interceptions(self, lo: str, hi: str, entered_n: int) -> list[Figure]:
        """Consignments intercepted in the period, and their share of those entered or intercepted (both rules)."""
        caught_ids = [cid for cid, (day, _) in self.intercepted.items() if lo <= day <= hi]
        caught = Counter(self.intercepted[cid][1] or "not stated" for cid in caught_ids)
        if self.exercise and not self.exercise.isdisjoint(caught_ids):
            self.exercise_counted = True
        entered = self.entered
        outcomes = entered_n + sum(1 for cid in caught_ids if not lo <= entered.get(cid, "") <= hi)
        rate = f"{Decimal(len(caught_ids) * 100) / outcomes:.1f}" if outcomes else "0.0"
        s = self.section
        return [
            Figure("aid.consignments_intercepted", s, len(caught_ids), "consignments", dict(sorted(caught.items())),
                   label("Consignments intercepted", "الشحنات المعترضة")),
            Figure("aid.interception_rate", s, rate, "percent",
                   label=label("Interception rate (share of the consignments entered or intercepted in the "
                               "period that were intercepted)",
                               "نسبة الاعتراض (حصة الشحنات المعترضة من الشحنات التي دخلت أو اعتُرضت خلال الفترة)")),
        ]

    def _lists(self, lo: str, hi: str) -> tuple[Counter[str], int, defaultdict[str, Decimal], int]:
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
        return imported, with_quantity, quantities, legacy

    def _figures_1(self, period: Period) -> list[Figure]:
        """Rule 1, as reports computed it before rule 2 (kept so that those reports still verify)."""
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
        imported, with_quantity, quantities, legacy = self._lists(lo, hi)
        daily = self.daily_trucks(period)
        days = len(daily)
        met = sum(1 for v in daily.values() if v >= self.target)
        total = sum(trucks.values())
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
            *self._interceptions(lo, hi, entered_n),
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
