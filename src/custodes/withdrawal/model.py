"""Phased withdrawal: phases gated by milestones and a timeframe; the status is derived, never typed in.

A phase (a line or a zone) has milestones and a timeframe (``opens``: not before this day; ``days``:
how long after it becomes due the withdrawal must be complete). Its status on a day:

- ``completed``  the phase's completion was recorded (and verified by a named party);
- ``pending``    a milestone is missing;
- ``eligible``   every milestone is met but the timeframe has not opened;
- ``due``        every milestone is met, the timeframe is open and its deadline not passed;
- ``overdue``    past the deadline and not completed.

The deadline is ``max(day the last milestone was met, opens) + days``.

>>> p = Phase("P1", "Line A", "line", opens=dt.date(2026, 3, 1), days=30,
...           milestones=(Milestone("date", on=dt.date(2026, 2, 1)),))
>>> m = {0: Measure(True, dt.date(2026, 2, 1), "2026-02-01 reached")}
>>> [evaluate(p, m, None, dt.date(2026, d, 2)).status.value for d in (1, 2, 3, 4)]
['pending', 'eligible', 'due', 'overdue']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from custodes.errors import InputError, IntegrityError
from custodes.jsonable import plain_dict

__all__ = ["Completion", "Measure", "Milestone", "Phase", "PhaseStatus", "Status", "evaluate"]

MILESTONE_KINDS = ("weapons_destroyed_share", "sites_verified", "date", "phase_completed")


class Status(enum.StrEnum):
    PENDING = "pending"
    ELIGIBLE = "eligible"
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"


@dataclass(frozen=True, slots=True)
class Milestone:
    """``weapons_destroyed_share`` (zone, share), ``sites_verified`` (zone), ``date`` (on), ``phase_completed``."""

    kind: str
    zone: str | None = None
    share: float | None = None
    on: dt.date | None = None
    phase: str | None = None

    def check(self) -> None:
        if self.kind not in MILESTONE_KINDS:
            raise InputError(f"unknown milestone {self.kind!r}; use one of: {', '.join(MILESTONE_KINDS)}",
                             field="milestone")
        if self.kind == "weapons_destroyed_share" and (
                self.zone is None or self.share is None or not 0 < self.share <= 1):
            raise InputError("a weapons milestone needs a zone and a share in (0, 1]", field="milestone")
        if self.kind == "sites_verified" and self.zone is None:
            raise InputError("a sites milestone needs a zone", field="milestone")
        if self.kind == "date" and self.on is None:
            raise InputError("a date milestone needs its date", field="milestone")
        if self.kind == "phase_completed" and not self.phase:
            raise InputError("a phase milestone names the phase that must be completed first", field="milestone")

    def describe(self) -> str:
        match self.kind:
            case "weapons_destroyed_share":
                return f"{(self.share or 0) * 100:g}% of weapons registered in {self.zone} destroyed"
            case "sites_verified":
                return f"every infrastructure site in {self.zone} verified destroyed"
            case "date":
                return f"not before {self.on}"
            case _:
                return f"phase {self.phase} completed"

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for k in ("zone", "share", "on", "phase"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        return plain_dict(out)


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    name: str
    kind: str  # line | zone
    opens: dt.date | None
    days: int
    milestones: tuple[Milestone, ...]

    def check(self) -> None:
        if self.kind not in ("line", "zone"):
            raise InputError("a phase is a 'line' or a 'zone'", field="kind")
        if self.days < 0:
            raise InputError("the timeframe's days cannot be negative", field="days")
        if not self.milestones:
            raise InputError("a phase needs at least one milestone", field="milestone")
        for m in self.milestones:
            m.check()
            if m.phase == self.id:
                raise InputError("a phase cannot wait for itself", field="milestone")


@dataclass(frozen=True, slots=True)
class Measure:
    """A milestone measured on the records: met or not, the day it was met, and what was found."""

    met: bool
    met_on: dt.date | None
    detail: str


@dataclass(frozen=True, slots=True)
class Completion:
    on: dt.date
    verified_by: str


@dataclass(frozen=True, slots=True)
class PhaseStatus:
    phase: Phase
    status: Status
    on: dt.date
    met: tuple[tuple[Milestone, Measure], ...]
    missing: tuple[tuple[Milestone, Measure], ...]
    eligible_on: dt.date | None
    due_by: dt.date | None
    completion: Completion | None

    def explain(self) -> str:
        p = self.phase
        match self.status:
            case Status.COMPLETED:
                if self.completion is None:
                    raise IntegrityError(f"phase {p.id} is completed without its completion record; "
                                         "check the withdrawal tables")
                return f"completed on {self.completion.on}, verified by {self.completion.verified_by}"
            case Status.PENDING:
                return f"{len(self.missing)} of {len(p.milestones)} milestones missing"
            case Status.ELIGIBLE:
                return f"milestones met since {self.eligible_on}; the timeframe opens on {p.opens}"
            case Status.DUE:
                if self.due_by is None:
                    return "milestones met; the timeframe has no start day to count from"
                return f"withdraw by {self.due_by} ({(self.due_by - self.on).days} days left)"
            case _:
                return f"overdue since {self.due_by}"

    def as_json(self) -> dict[str, Any]:
        def ms(pairs: tuple[tuple[Milestone, Measure], ...]) -> list[dict[str, Any]]:
            return [{**m.as_json(), "milestone": m.describe(), "met_on": x.met_on, "detail": x.detail}
                    for m, x in pairs]
        return plain_dict({"phase": self.phase.id, "name": self.phase.name, "kind": self.phase.kind,
                "status": self.status.value, "on": self.on, "explanation": self.explain(),
                "timeframe": {"opens": self.phase.opens, "days": self.phase.days},
                "eligible_on": self.eligible_on, "due_by": self.due_by,
                "milestones_met": ms(self.met), "milestones_missing": ms(self.missing),
                "completed": None if self.completion is None else
                {"on": self.completion.on, "verified_by": self.completion.verified_by}})


def evaluate(phase: Phase, measures: Mapping[int, Measure], completion: Completion | None,
             today: dt.date) -> PhaseStatus:
    """The phase's status on ``today`` from its milestones' measures (keyed by position). Pure."""
    pairs = [(m, measures[i]) for i, m in enumerate(phase.milestones)]
    met = tuple((m, x) for m, x in pairs if x.met and (x.met_on is None or x.met_on <= today))
    missing = tuple((m, x) for m, x in pairs if (m, x) not in met)
    dates = [x.met_on for _, x in met if x.met_on is not None]
    eligible_on = due_by = None
    if not missing:
        eligible_on = max(dates) if dates else None
        anchors = dates + ([phase.opens] if phase.opens else [])
        due_by = max(anchors) + dt.timedelta(days=phase.days) if anchors else None
    if completion is not None and completion.on <= today:
        status = Status.COMPLETED
    elif missing:
        status = Status.PENDING
    elif phase.opens is not None and today < phase.opens:
        status = Status.ELIGIBLE
    elif due_by is not None and today > due_by:
        status = Status.OVERDUE
    else:
        status = Status.DUE
    return PhaseStatus(phase, status, today, met, missing, eligible_on, due_by, completion)
