"""Border security and the force's deployment: strength by contributing state at the end of the period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from custodes.ledger.disclosure import REVEAL_KIND
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
        #: a deployment's strength, or None while it is sealed and not yet revealed (delayed disclosure)
        self.strength: dict[str, int | None] = {}
        self.entry_key: dict[int, str] = {}  # journal index of a version 2 ``force.deployed`` -> its key

    @property
    def domains(self) -> tuple[str, ...]:
        return ("force", "ledger")  # ledger.field_revealed opens a delayed strength

    def drop(self, keys: set[str]) -> None:
        for state in self.reports:
            self.reports[state] = [r for r in self.reports[state] if r[3] not in keys]
        for k in keys:
            self.deployments.pop(k, None)
            self.strength.pop(k, None)

    def feed(self, entry: Mapping[str, Any]) -> None:
        kind = entry["kind"]
        if kind == REVEAL_KIND:
            rec = entry["rec"]
            key = self.entry_key.get(int(rec["entry"]))
            if key is not None and rec["path"] == "strength":
                self.strength[key] = int(rec["value"])
            return
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
            if entry.get("v", 1) >= 2:
                self.entry_key[int(entry["i"])] = key
                strength = rec.get("strength")
                self.strength[key] = None if isinstance(strength, dict) else int(strength or 0)
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
            *self._deployment_personnel(units),
            Figure("force.deployed_strength", s, sum(deployed.values()), "personnel", deployed,
                   label("Personnel deployed at the end of the period (by contributing state)",
                         "الأفراد المنتشرون في نهاية الفترة (حسب الدولة المساهمة)")),
            Figure("force.pledged_strength", s, sum(pledged.values()), "personnel", pledged,
                   label("Personnel pledged", "الأفراد المتعهد بهم")),
            Figure("force.units_deployed", s, len(units), "units",
                   label=label("Unit deployments in force at the end of the period",
                               "انتشارات الوحدات القائمة في نهاية الفترة")),
        ]

    def _deployment_personnel(self, units: list[str]) -> list[Figure]:
        """Personnel in the unit deployments in force, from version 2 entries (older logs state no such figure);
        a strength still sealed under delayed disclosure is counted as "not yet disclosed", not as zero."""
        known = [k for k in units if k in self.strength]
        if not known:
            return []
        hidden = [k for k in known if self.strength[k] is None]
        total = sum(self.strength[k] or 0 for k in known)
        detail: dict[str, int | str] = {"not yet disclosed": len(hidden)} if hidden else {}
        return [Figure("force.deployment_personnel", self.section, total, "personnel", detail,
                       label("Personnel in unit deployments at the end of the period (deployments whose strength is "
                             "not yet disclosed are counted apart)",
                             "الأفراد في انتشارات الوحدات في نهاية الفترة (تُعدّ الانتشارات التي لم يُكشف عن قوامها "
                             "بعد على حدة)"))]
