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
    domains = ("council", "mission", "board")

    def __init__(self) -> None:
        self.resolutions: list[tuple[str, dt.date]] = []
        self.mandates: dict[tuple[str, str], dict[str, Any]] = {}
        self.submitted: set[str] = set()
        self.bodies: dict[str, dict[str, str]] = {}

    def feed(self, entry: Mapping[str, Any]) -> None:
        rec = entry["rec"]
        if entry["kind"] == "council.resolution_adopted":
            self.resolutions.append((rec["symbol"], dt.date.fromisoformat(rec["adopted_on"])))
        elif entry["kind"] == "mission.body":
            self.bodies[rec["id"]] = rec["name"]
        elif entry["kind"] == "council.mandate":
            self.mandates[(rec["resolution"], rec["body"])] = rec
        elif entry["kind"] == "board.report_submitted" and "due" in rec:
            self.submitted.add(str(rec["due"]))

    def figures(self, period: Period) -> list[Figure]:
        out = [Figure("mandate.resolutions_adopted", self.section,
                      sum(1 for _, d in self.resolutions if d <= period.end), "resolutions",
                      label=_l("Resolutions establishing the mandate", "القرارات المنشئة للولاية"))]
        for (_, body), m in sorted(self.mandates.items()):
            name = self.bodies.get(body, {"en": body, "ar": body})
            until = dt.date.fromisoformat(m["until"])
            out.append(Figure(f"mandate.{body}.until", self.section, until.isoformat(), "date",
                              label=_l(f"{name['en']}: mandate until", f"{name['ar']}: الولاية حتى")))
            out.append(Figure(f"mandate.{body}.days_left_at_period_end", self.section,
                              (until - period.end).days, "days",
                              label=_l(f"{name['en']}: days of mandate left at the end of the period",
                                       f"{name['ar']}: الأيام المتبقية من الولاية في نهاية الفترة")))
            rep = m.get("reports")
            if rep:
                first = dt.date.fromisoformat(rep["first_due"])
                dues, k = [], 0
                while (d := add_months(first, k * int(rep["every_months"]))) <= until:
                    dues.append(d)
                    k += 1
                due_by_end = [d for d in dues if d <= period.end]
                out.append(Figure(f"mandate.{body}.reports_due_by_period_end", "obligations", len(due_by_end),
                                  "reports", label=_l("Reports due to the Council by the end of the period",
                                                      "التقارير المستحقة للمجلس بنهاية الفترة")))
                out.append(Figure(f"mandate.{body}.reports_submitted", "obligations",
                                  sum(1 for d in due_by_end if d.isoformat() in self.submitted), "reports",
                                  label=_l("of which submitted", "منها ما قُدِّم")))
        return out


def _l(en: str, ar: str) -> dict[str, str]:
    return {"en": en, "ar": ar}
