"""Grievances from the population: received, answered, escalated as overdue."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, day_of, label

__all__ = ["ParticipationFold"]


class ParticipationFold(ExerciseAware):
    """Folds ``participation.grievance_*``: a grievance is received on its entry's day; answered and escalated
    on theirs. Complainants and exact places are commitments and never used."""

    section = "grievances"
    domain = "participation"

    def __init__(self) -> None:
        super().__init__()
        self.filed: dict[str, tuple[dt.date, str]] = {}
        self.answered: dict[str, dt.date] = {}
        self.escalated: dict[str, dt.date] = {}

    def drop(self, keys: set[str]) -> None:
        for k in keys:
            self.filed.pop(k, None)
            self.answered.pop(k, None)
            self.escalated.pop(k, None)

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if not kind.startswith("participation.") or self.withdrawn(entry):
            return
        rec = entry["rec"]
        if kind == "participation.grievance_filed":
            self.filed[rec["id"]] = (day_of(entry["at"]), str(rec.get("category") or ""))
            self.note(rec["id"], entry)
        elif kind == "participation.grievance_answered":
            self.answered[rec["id"]] = day_of(entry["at"])
        elif kind == "participation.grievance_escalated":
            self.escalated[rec["id"]] = day_of(entry["at"])

    def figures(self, period: Period) -> list[Figure]:
        got = [g for g, (d, _) in self.filed.items() if period.contains(d)]
        answered = [g for g, d in self.answered.items() if period.contains(d) and g in self.filed]
        escalated = [g for g, d in self.escalated.items() if period.contains(d) and g in self.filed]
        open_ = [g for g, (d, _) in self.filed.items() if d <= period.end
                 and not (g in self.answered and self.answered[g] <= period.end)]
        for g in got + answered + escalated:
            self.counted(g)
        s = self.section
        return [
            Figure("participation.grievances_received", s, len(got), "grievances",
                   dict(sorted(Counter(self.filed[g][1] for g in got).items())),
                   label("Grievances received (by category)", "الشكاوى الواردة (حسب الفئة)")),
            Figure("participation.grievances_answered", s, len(answered), "grievances",
                   label=label("Grievances answered", "الشكاوى التي رُدّ عليها")),
            Figure("participation.grievances_escalated", s, len(escalated), "grievances",
                   label=label("Grievances escalated to the Board as overdue",
                               "الشكاوى المحالة إلى المجلس لتأخر الرد")),
            Figure("participation.grievances_unanswered_at_end", s, len(open_), "grievances",
                   label=label("Grievances without an answer at the end of the period",
                               "الشكاوى دون رد في نهاية الفترة")),
        ]
