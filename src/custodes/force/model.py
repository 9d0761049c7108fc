"""The International Stabilisation Force: contributing states' strength, the command tree, deployments.

Commanders appear by role (``Force Commander``, ``Sector North Commander``), never by name.

>>> hq = Node("HQ", "hq", "ISF Headquarters", None, None, "Force Commander")
>>> check_parent(Node("S-N", "sector", "Sector North", "HQ", None, "Sector Commander"), hq)
>>> check_parent(Node("U-1", "unit", "1st Company", "HQ", "IDN", "Company Commander"), hq)
Traceback (most recent call last):
...
custodes.errors.IllegalTransition: refused (bad-parent): a unit sits under a contingent or unit, not under a hq
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from custodes.errors import IllegalTransition, InputError
from custodes.jsonable import plain_dict

__all__ = ["EXERCISE_STATES", "Deployment", "Node", "StrengthReport", "active", "check_parent", "latest_reports",
           "overlapping"]

#: ISO 3166 user-assigned codes for the exercise's fictional contributors (accepted only in exercise records)
EXERCISE_STATES = {"XEA": "Exercise contributor A (fictional)", "XEB": "Exercise contributor B (fictional)"}
KINDS = ("hq", "sector", "contingent", "unit")
PARENTS: dict[str, tuple[str, ...]] = {"hq": (), "sector": ("hq",), "contingent": ("hq", "sector"),
                                       "unit": ("contingent", "unit")}


@dataclass(frozen=True, slots=True)
class Node:
    """A place in the unified command: force headquarters, a sector, a state's contingent, a unit."""

    id: str
    kind: str
    name: str
    parent: str | None
    state: str | None          # contributing state (ISO 3166 alpha-3) for contingents and units
    commander_role: str        # a role, never a person

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "name": self.name, "parent": self.parent, "state": self.state,
                "commander_role": self.commander_role}


def check_parent(node: Node, parent: Node | None) -> None:
    """Refuse a node that does not fit where it is put in the tree."""
    if node.kind not in KINDS:
        raise InputError(f"unknown command level {node.kind!r}; use one of: {', '.join(KINDS)}", field="kind")
    if not node.commander_role.strip():
        raise InputError("give the commander's role (not a name)", field="commander_role")
    allowed = PARENTS[node.kind]
    if parent is None:
        if allowed:
            raise IllegalTransition("bad-parent", f"a {node.kind} needs a parent ({' or '.join(allowed)})")
        return
    if parent.kind not in allowed:
        what = " or ".join(allowed) if allowed else "nothing"
        raise IllegalTransition("bad-parent", f"a {node.kind} sits under a {what}, not under a {parent.kind}")
    if node.kind == "unit" and parent.state and node.state and node.state != parent.state:
        raise IllegalTransition("bad-parent", f"unit {node.id} of {node.state} cannot sit in {parent.id} of "
                                              f"{parent.state}")


@dataclass(frozen=True, slots=True)
class StrengthReport:
    """A contributing state's pledged and deployed personnel as of a day."""

    state: str
    on: dt.date
    pledged: int
    deployed: int

    def check(self) -> None:
        if self.pledged < 0 or self.deployed < 0:
            raise InputError("strength cannot be negative", field="pledged" if self.pledged < 0 else "deployed")


def latest_reports(reports: Iterable[StrengthReport], on: dt.date) -> dict[str, StrengthReport]:
    """Each state's last report on or before ``on``."""
    out: dict[str, StrengthReport] = {}
    for r in sorted(reports, key=lambda r: r.on):
        if r.on <= on:
            out[r.state] = r
    return dict(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class Deployment:
    id: int
    unit: str
    area: str
    start: dt.date
    end: dt.date | None  # last day, inclusive; None while deployed
    strength: int

    def on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def as_json(self) -> dict[str, Any]:
        return plain_dict({"id": self.id, "unit": self.unit, "area": self.area, "start": self.start, "end": self.end,
                      "strength": self.strength})


def overlapping(new: Deployment, existing: Sequence[Deployment]) -> Deployment | None:
    """The unit's deployment that overlaps ``new`` in time, if any (a unit is in one area at a time)."""
    for d in existing:
        if d.unit != new.unit or d.id == new.id:
            continue
        if (new.end is None or d.start <= new.end) and (d.end is None or new.start <= d.end):
            return d
    return None


def active(deployments: Iterable[Deployment], day: dt.date) -> list[Deployment]:
    return [d for d in deployments if d.on(day)]
