"""Withdrawal: phases defined and completed (verified)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, day_of, label

__all__ = ["WithdrawalFold"]


class WithdrawalFold(ExerciseAware):
    section = "withdrawal"
    domain = "withdrawal"

    def __init__(self) -> None:
        super().__init__()
        self.phases: dict[str, dt.date] = {}  # id -> the day it was defined
        self.completed: dict[str, dt.date] = {}

    def drop(self, keys: set[str]) -> None:
        for k in keys:
            self.phases.pop(k, None)
            self.completed.pop(k, None)

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if not kind.startswith("withdrawal.") or self.withdrawn(entry):
            return
        rec = entry["rec"]
        if kind == "withdrawal.phase_defined":
            self.phases[str(rec["id"])] = day_of(entry["at"])
            self.note(str(rec["id"]), entry)
        elif kind == "withdrawal.phase_completed":
            self.completed[str(rec["phase"])] = day_of(rec["on"])

    def figures(self, period: Period) -> list[Figure]:
        defined = [p for p, d in self.phases.items() if d <= period.end]
        done = sorted(p for p, d in self.completed.items() if d <= period.end and p in self.phases)
        in_period = sorted(p for p in done if period.contains(self.completed[p]))
        for p in defined:
            self.counted(p)
        s = self.section
        return [
            Figure("withdrawal.phases_defined", s, len(defined), "phases",
                   label=label("Withdrawal phases defined by the end of the period",
                               "مراحل الانسحاب المحددة بنهاية الفترة")),
            Figure("withdrawal.phases_completed_in_period", s, len(in_period), "phases",
                   {p: self.completed[p].isoformat() for p in in_period},
                   label("Phases completed and verified in the period", "المراحل المكتملة والمتحقق منها خلال الفترة")),
            Figure("withdrawal.phases_completed_total", s, len(done), "phases",
                   label=label("Phases completed by the end of the period", "المراحل المكتملة بنهاية الفترة")),
        ]
