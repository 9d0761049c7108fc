"""Figures about the mandate itself: resolutions, mandates in force, the Council's report schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from custodes.mission.model import add_months
from custodes.reports.figures import Figure, Period

__all__ = ["MandateFold"]


class MandateFold:
    """Folds ``council.resolution_adopted``, ``council.mandate`` and report submissions."""

    section = "mandate"

    def __init__(self) -> None:
        self.resolutions: list[tuple[str, dt.date]] = []
        self.mandates: dict[tuple[str, str], dict[str, Any]] = {}
        self.submitted: set[str] = set()

    def feed(self, entry: Mapping[str, Any]) -> None:
        rec = entry["rec"]
        if entry["kind"] == "council.resolution_adopted":
            self.resolutions.append((rec["symbol"], dt.date.fromisoformat(rec["adopted_on"])))
        elif entry["kind"] == "council.mandate":
            self.mandates[(rec["resolution"], rec["body"])] = rec
        elif entry["kind"] == "board.report_submitted" and "due" in rec:
            self.submitted.add(str(rec["due"]))

    def figures(self, period: Period) -> list[Figure]:
        out = [Figure("mandate.resolutions_in_force", self.section, len(self.resolutions), "resolutions")]
        for (_, body), m in sorted(self.mandates.items()):
            until = dt.date.fromisoformat(m["until"])
            out.append(Figure(f"mandate.{body}.until", self.section, until.isoformat(), "date"))
            out.append(Figure(f"mandate.{body}.days_left_at_period_end", self.section,
                              (until - period.end).days, "days"))
            rep = m.get("reports")
            if rep:
                first = dt.date.fromisoformat(rep["first_due"])
                dues, k = [], 0
                while (d := add_months(first, k * int(rep["every_months"]))) <= until:
                    dues.append(d)
                    k += 1
                due_by_end = [d for d in dues if d <= period.end]
                out.append(Figure(f"mandate.{body}.reports_due_by_period_end", self.section, len(due_by_end),
                                  "reports"))
                out.append(Figure(f"mandate.{body}.reports_submitted", self.section,
                                  sum(1 for d in due_by_end if d.isoformat() in self.submitted), "reports"))
        return out
