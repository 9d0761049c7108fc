"""What the force's records add up to, read over an open connection: the tree, areas, deployments, tasks, strength.

Each read takes ``exercise``: False for the real records only, True for the exercise ones, None for both.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, Table, or_, select

from custodes.force.model import Deployment, Node, StrengthReport, active, latest_reports
from custodes.force.ownership import CommandTree
from custodes.force.store import areas, deployments, nodes, strength_reports, task_assignments
from custodes.jsonable import plain_dict
from custodes.paging import Page
from custodes.storage.paging import fetch_page

__all__ = ["Strength", "TaskAssignment", "active_deployments", "area_list", "deployment_of", "deployment_page",
           "node_of", "strength_on", "task_page", "tasks_by_unit", "tree_of"]


@dataclass(frozen=True, slots=True)
class Strength:
    """Strength on a day: per state (pledged, reported deployed), per area (deployed by state), uncovered areas."""

    on: dt.date
    by_state: dict[str, dict[str, int]]
    by_area: dict[str, dict[str, int]]
    uncovered: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return plain_dict({"on": self.on, "by_state": self.by_state, "by_area": self.by_area,
                "areas_without_unit": list(self.uncovered),
                "totals": {"pledged": sum(s["pledged"] for s in self.by_state.values()),
                           "deployed": sum(s["deployed"] for s in self.by_state.values()),
                           "in_areas": sum(sum(a.values()) for a in self.by_area.values())}})


@dataclass(frozen=True, slots=True)
class TaskAssignment:
    unit: str
    task: str


def _only(q: Select[Any], table: Table, exercise: bool | None) -> Select[Any]:
    return q if exercise is None else q.where(table.c.exercise.is_(exercise))


def node_of(r: Any) -> Node:
    return Node(r.id, r.kind, r.name, r.parent, r.state, r.commander_role)


def deployment_of(r: Any) -> Deployment:
    return Deployment(r.id, r.unit, r.area, r.start, r.end, r.strength)


def tree_of(conn: Connection, *, exercise: bool | None) -> list[dict[str, Any]]:
    """The command tree as nested records (children sorted by id)."""
    rows = [node_of(r) for r in conn.execute(_only(select(nodes), nodes, exercise).order_by(nodes.c.id))]
    kids: dict[str | None, list[Node]] = {}
    for n in rows:
        kids.setdefault(n.parent, []).append(n)

    def build(n: Node) -> dict[str, Any]:
        return {**n.as_json(), "children": [build(k) for k in kids.get(n.id, [])]}
    return [build(n) for n in kids.get(None, [])]


def area_list(conn: Connection, *, exercise: bool | None, area_id: str | None = None) -> list[dict[str, Any]]:
    """Areas of responsibility with their GeoJSON geometry, by id (or the one ``area_id``)."""
    q = _only(select(areas), areas, exercise).order_by(areas.c.id)
    if area_id is not None:
        q = q.where(areas.c.id == area_id)
    return [{"id": r.id, "name": r.name, "geometry": json.loads(r.geometry), "exercise": r.exercise}
            for r in conn.execute(q)]


def _deployments(conn: Connection, *, on: dt.date | None, unit: str | None, owner: str | None,
                 exercise: bool | None) -> Select[Any]:
    c = deployments.c
    q = _only(select(deployments), deployments, exercise).order_by(c.id)
    if unit:
        q = q.where(c.unit == unit)
    if on is not None:
        q = q.where(c.start <= on, or_(c.end.is_(None), c.end >= on))
    if owner is not None:
        tree = CommandTree(conn)
        q = q.where(c.unit.in_([u for u in tree.node_ids if tree.owner_of(u) == owner]))
    return q


def deployment_page(conn: Connection, *, on: dt.date | None, unit: str | None, owner: str | None,
                    exercise: bool | None, limit: int, offset: int) -> Page[Deployment]:
    """Deployments by id: those active on ``on``, of one ``unit``, of the units an organisation ``owner`` owns."""
    q = _deployments(conn, on=on, unit=unit, owner=owner, exercise=exercise)
    return fetch_page(conn, q, limit=limit, offset=offset).map(deployment_of)


def active_deployments(conn: Connection, on: dt.date, *, exercise: bool | None) -> list[Deployment]:
    """Every deployment active on ``on`` (a unit is deployed to one area at a time: at most one per unit)."""
    return [deployment_of(r) for r in conn.execute(_deployments(conn, on=on, unit=None, owner=None,
                                                                exercise=exercise))]


def task_page(conn: Connection, *, unit: str | None, exercise: bool | None, limit: int,
              offset: int) -> Page[TaskAssignment]:
    """Task assignments by unit and task."""
    t = task_assignments.c
    q = _only(select(t.unit, t.task), task_assignments, exercise).order_by(t.unit, t.task)
    if unit is not None:
        q = q.where(t.unit == unit)
    return fetch_page(conn, q, limit=limit, offset=offset).map(lambda r: TaskAssignment(r.unit, r.task))


def tasks_by_unit(conn: Connection, *, exercise: bool | None) -> dict[str, list[str]]:
    """The tasks assigned to each command node, sorted."""
    t = task_assignments.c
    out: dict[str, list[str]] = {}
    for u, task in conn.execute(_only(select(t.unit, t.task), task_assignments, exercise).order_by(t.unit, t.task)):
        out.setdefault(u, []).append(task)
    return out


def strength_on(conn: Connection, day: dt.date, *, exercise: bool | None = None) -> Strength:
    """Strength on ``day``: latest report per state, active deployments per area."""
    reports = [StrengthReport(r.state, r.on, r.pledged, r.deployed) for r in conn.execute(
        _only(select(strength_reports), strength_reports, exercise).where(strength_reports.c.on <= day))]
    by_state = {s: {"pledged": r.pledged, "deployed": r.deployed} for s, r in latest_reports(reports, day).items()}
    state_of = {r.id: r.state for r in conn.execute(select(nodes.c.id, nodes.c.state))}
    all_areas = [r.id for r in conn.execute(_only(select(areas.c.id), areas, exercise).order_by(areas.c.id))]
    by_area: dict[str, dict[str, int]] = {a: {} for a in all_areas}
    for d in active((deployment_of(r) for r in conn.execute(_only(select(deployments), deployments, exercise))),
                    day):
        if d.area not in by_area:  # an exercise unit in a real area (or the reverse): counted in neither view
            continue
        st = state_of.get(d.unit) or "?"
        by_area[d.area][st] = by_area[d.area].get(st, 0) + d.strength
    uncovered = tuple(a for a in all_areas if not by_area[a])
    return Strength(day, by_state, {a: dict(sorted(v.items())) for a, v in by_area.items()}, uncovered)
