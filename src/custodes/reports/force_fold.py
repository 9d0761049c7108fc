"""Border security and the force's deployment: strength by contributing state at the end of the period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, day_of, label

__all__ = ["ForceFold"]


class ForceFold(ExerciseAware):
    """Folds ``force.strength_reported`` (the latest report per state on or before the period's end counts)
    and ``force.deployed`` / ``force.deployment_ended`` (units deployed at the period's end)."""

    section = "border"
    domain = "force"

    def __init__(self) -> None:
        super().__init__()
        self.reports: dict[str, list[tuple[dt.date, int, int, str]]] = {}
        self.deployments: dict[str, tuple[dt.date | None, dt.date | None]] = {}

    def drop(self, keys: set[str]) -> None:
        for state in self.reports:
            self.reports[state] = [r for r in self.reports[state] if r[3] not in keys]
        for k in keys:
            self.deployments.pop(k, None)

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if not kind.startswith("force.") or self.withdrawn(entry):
            return
        rec = entry["rec"]
        if kind == "force.strength_reported":
            key = f"s:{rec['state']}:{rec['on']}"
            self.reports.setdefault(str(rec["state"]), []).append(
                (day_of(rec["on"]), int(rec["pledged"] or 0), int(rec["deployed"] or 0), key))
            self.note(key, entry)
        elif kind == "force.deployed":
            key = f"d:{rec['id']}"
            start, end = rec.get("start"), rec.get("end")
            self.deployments[key] = (day_of(start) if start else None, day_of(end) if end else None)
            self.note(key, entry)
        elif kind == "force.deployment_ended":
            key = f"d:{rec['id']}"
            if key in self.deployments:
                self.deployments[key] = (self.deployments[key][0], day_of(rec["end"]))

    def figures(self, period: Period) -> list[Figure]:
        pledged: dict[str, int] = {}
        deployed: dict[str, int] = {}
        for state, rs in sorted(self.reports.items()):
            upto = [r for r in rs if r[0] <= period.end]
            if upto:
                last = max(upto, key=lambda r: r[0])
                pledged[state], deployed[state] = last[1], last[2]
                self.counted(last[3])
        units = [k for k, (a, b) in self.deployments.items()
                 if (a is None or a <= period.end) and (b is None or b >= period.end)]
        for k in units:
            self.counted(k)
        s = self.section
        return [
            Figure("force.deployed_strength", s, sum(deployed.values()), "personnel", deployed,
                   label("Personnel deployed at the end of the period (by contributing state)",
                         "الأفراد المنتشرون في نهاية الفترة (حسب الدولة المساهمة)")),
            Figure("force.pledged_strength", s, sum(pledged.values()), "personnel", pledged,
                   label("Personnel pledged", "الأفراد المتعهد بهم")),
            Figure("force.units_deployed", s, len(units), "units",
                   label=label("Unit deployments in force at the end of the period",
                               "انتشارات الوحدات القائمة في نهاية الفترة")),
        ]
