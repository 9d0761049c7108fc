"""Use cases of the force: strength reports, the command tree, areas, deployments, tasks, and what they add up to."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.force.model import (
    EXERCISE_STATES,
    Deployment,
    Node,
    StrengthReport,
    active,
    check_parent,
    latest_reports,
    overlapping,
)
from custodes.force.store import areas, deployments, nodes, strength_reports, task_assignments
from custodes.geo.io import parse_geometry, to_geojson
from custodes.jsonable import plain_dict
from custodes.ledger.disclosure import publishes
from custodes.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from custodes.app import Custodes

__all__ = ["ForceService", "Strength"]

publishes("force.strength_reported", "state", "on", "pledged", "deployed")
publishes("force.node_added", "id", "kind", "name", "parent", "state", "commander_role")
publishes("force.area_added", "id", "name", "geometry")
publishes("force.deployed", "id", "unit", "area", "start", "end", "strength", record="force.deployment")
publishes("force.deployment_ended", "id", "unit", "area", "end", record="force.deployment")
publishes("force.task_assigned", "unit", "task", "on")


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


def _node(r: Any) -> Node:
    return Node(r.id, r.kind, r.name, r.parent, r.state, r.commander_role)


def _dep(r: Any) -> Deployment:
    return Deployment(r.id, r.unit, r.area, r.start, r.end, r.strength)


class ForceService:
    def __init__(self, app: Custodes) -> None:
        self.app = app
        self.tasks = {t.id: t for m in app.profile.mandates() if m.body == "isf" for t in m.tasks}

    def _actor(self, actor: str | None) -> str:
        return actor or self.app.settings.actor

    def _state_ok(self, uow: UnitOfWork, code: str) -> bool:
        return code in self.app.profile.states or (uow.exercise and code in EXERCISE_STATES)

    # -- contributing states ------------------------------------------------------------------------
    def report_strength(self, r: StrengthReport, *, actor: str | None = None, exercise: bool = False) -> None:
        """Record a state's pledged and deployed strength as of a day (a later report supersedes)."""
        with self.app.store.write(self._actor(actor), exercise=exercise) as uow:
            self.report_strength_in(uow, r)

    def report_strength_in(self, uow: UnitOfWork, r: StrengthReport) -> None:
        """Record a strength report inside the caller's unit of work."""
        r.check()
        if not self._state_ok(uow, r.state):
            raise InputError(f"{r.state!r} is not a state of this profile (ISO 3166 alpha-3)", field="state")
        key = (strength_reports.c.state == r.state) & (strength_reports.c.on == r.on)
        if uow.conn.execute(select(strength_reports.c.state).where(key)).first():
            uow.conn.execute(update(strength_reports).where(key).values(pledged=r.pledged, deployed=r.deployed))
        else:
            uow.conn.execute(insert(strength_reports).values(state=r.state, on=r.on, pledged=r.pledged,
                                                             deployed=r.deployed, exercise=uow.exercise))
        uow.append("force.strength_reported", {"state": r.state, "on": r.on, "pledged": r.pledged,
                                               "deployed": r.deployed})

    # -- the command tree ---------------------------------------------------------------------------
    def add_node(self, n: Node, *, actor: str | None = None, exercise: bool = False) -> Node:
        """Add a node (headquarters, contingent or unit) to the command tree."""
        with self.app.store.write(self._actor(actor), exercise=exercise) as uow:
            return self.add_node_in(uow, n)

    def add_node_in(self, uow: UnitOfWork, n: Node) -> Node:
        """Add a command node inside the caller's unit of work; a unit inherits its parent's state."""
        c = uow.conn
        if c.execute(select(nodes.c.id).where(nodes.c.id == n.id)).first():
            raise InputError(f"command node {n.id} already exists", field="id")
        parent = None
        if n.parent is not None:
            row = c.execute(select(nodes).where(nodes.c.id == n.parent)).first()
            if row is None:
                raise NotFound(f"no command node {n.parent!r} to put {n.id} under")
            parent = _node(row)
        if n.kind == "hq" and c.execute(select(nodes.c.id).where(nodes.c.kind == "hq")).first():
            raise IllegalTransition("second-headquarters", "the unified command has one force headquarters")
        if n.kind == "unit" and parent is not None and parent.state and not n.state:
            n = Node(n.id, n.kind, n.name, n.parent, parent.state, n.commander_role)
        if n.kind in ("contingent", "unit") and (n.state is None or not self._state_ok(uow, n.state)):
            raise InputError(f"a {n.kind} names its contributing state (ISO 3166 alpha-3)", field="state")
        check_parent(n, parent)
        c.execute(insert(nodes).values(**n.as_json(), exercise=uow.exercise))
        uow.append("force.node_added", n.as_json())
        return n

    def tree(self) -> list[dict[str, Any]]:
        """The command tree as nested records (children sorted by id)."""
        with self.app.store.read() as conn:
            rows = [_node(r) for r in conn.execute(select(nodes).order_by(nodes.c.id))]
        kids: dict[str | None, list[Node]] = {}
        for n in rows:
            kids.setdefault(n.parent, []).append(n)

        def build(n: Node) -> dict[str, Any]:
            return {**n.as_json(), "children": [build(k) for k in kids.get(n.id, [])]}
        return [build(n) for n in kids.get(None, [])]

    # -- areas, deployments, tasks ------------------------------------------------------------------
    def add_area(self, area_id: str, name: str, geometry: Any, *, actor: str | None = None,
                 exercise: bool = False) -> None:
        """Add an area of responsibility (a polygon)."""
        with self.app.store.write(self._actor(actor), exercise=exercise) as uow:
            self.add_area_in(uow, area_id, name, geometry)

    def add_area_in(self, uow: UnitOfWork, area_id: str, name: str, geometry: Any) -> None:
        """Add an area of responsibility inside the caller's unit of work."""
        geom = parse_geometry(geometry, field="geometry")
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise InputError(f"an area of responsibility is a polygon, not a {geom.geom_type}", field="geometry")
        if not area_id:
            raise InputError("an area needs an id", field="id")
        if uow.conn.execute(select(areas.c.id).where(areas.c.id == area_id)).first():
            raise InputError(f"area {area_id} already exists", field="id")
        gj = to_geojson(geom)
        uow.conn.execute(insert(areas).values(id=area_id, name=name, geometry=json.dumps(gj), exercise=uow.exercise))
        uow.append("force.area_added", {"id": area_id, "name": name, "geometry": gj})

    def areas(self) -> list[dict[str, Any]]:
        """Every area of responsibility with its GeoJSON geometry, by id."""
        with self.app.store.read() as conn:
            return [{"id": r.id, "name": r.name, "geometry": json.loads(r.geometry), "exercise": r.exercise}
                    for r in conn.execute(select(areas).order_by(areas.c.id))]

    def deploy(self, unit: str, area: str, start: dt.date, strength: int, end: dt.date | None = None, *,
               actor: str | None = None, exercise: bool = False) -> Deployment:
        """Deploy a unit to an area from a day, with a strength; a unit is deployed to one area at a time."""
        with self.app.store.write(self._actor(actor), exercise=exercise) as uow:
            return self.deploy_in(uow, unit, area, start, strength, end)

    def deploy_in(self, uow: UnitOfWork, unit: str, area: str, start: dt.date, strength: int,
                  end: dt.date | None = None) -> Deployment:
        """Deploy a unit inside the caller's unit of work."""
        c = uow.conn
        row = c.execute(select(nodes).where(nodes.c.id == unit)).first()
        if row is None or row.kind != "unit":
            raise NotFound(f"no unit {unit!r} in the command tree")
        if c.execute(select(areas.c.id).where(areas.c.id == area)).first() is None:
            raise NotFound(f"no area of responsibility {area!r}")
        if strength <= 0:
            raise InputError("a deployment's strength is a positive number of personnel", field="strength")
        if end is not None and end < start:
            raise InputError(f"the deployment ends ({end}) before it starts ({start})", field="end")
        new_id = int(c.execute(select(func.coalesce(func.max(deployments.c.id), 0))).scalar_one()) + 1
        d = Deployment(new_id, unit, area, start, end, strength)
        clash = overlapping(d, [_dep(r) for r in c.execute(select(deployments).where(deployments.c.unit == unit))])
        if clash is not None:
            raise IllegalTransition("unit-already-deployed", f"unit {unit} is deployed to {clash.area} from "
                                    f"{clash.start} to {clash.end or 'now'}; end that deployment first")
        c.execute(insert(deployments).values(id=d.id, unit=unit, area=area, start=start, end=end, strength=strength,
                                             exercise=uow.exercise))
        uow.append("force.deployed", d.as_json())
        return d

    def end_deployment(self, deployment_id: int, end: dt.date, *, actor: str | None = None,
                       exercise: bool = False) -> Deployment:
        """End a deployment on a day (once, and not before it started)."""
        with self.app.store.write(self._actor(actor), exercise=exercise) as uow:
            r = uow.conn.execute(select(deployments).where(deployments.c.id == deployment_id)).first()
            if r is None:
                raise NotFound(f"no deployment {deployment_id}")
            d = _dep(r)
            if d.end is not None:
                raise IllegalTransition("deployment-already-ended", f"deployment {d.id} ended on {d.end}")
            if end < d.start:
                raise InputError(f"the deployment started on {d.start}, after {end}", field="end")
            uow.conn.execute(update(deployments).where(deployments.c.id == d.id).values(end=end))
            uow.append("force.deployment_ended", {"id": d.id, "unit": d.unit, "area": d.area, "end": end})
            return Deployment(d.id, d.unit, d.area, d.start, end, d.strength)

    def deployments(self, *, on: dt.date | None = None, unit: str | None = None, limit: int = 100,
                    offset: int = 0) -> list[Deployment]:
        """Deployments by id, optionally those active on a day or of one unit."""
        q = select(deployments).order_by(deployments.c.id)
        if unit:
            q = q.where(deployments.c.unit == unit)
        with self.app.store.read() as conn:
            ds = [_dep(r) for r in conn.execute(q)]
        if on is not None:
            ds = active(ds, on)
        return ds[offset:offset + limit]

    def assign_task(self, unit: str, task: str, on: dt.date, *, actor: str | None = None,
                    exercise: bool = False) -> None:
        """Assign a task of the force's mandate to a command node (once)."""
        with self.app.store.write(self._actor(actor), exercise=exercise) as uow:
            self.assign_task_in(uow, unit, task, on)

    def assign_task_in(self, uow: UnitOfWork, unit: str, task: str, on: dt.date) -> None:
        """Assign a task inside the caller's unit of work."""
        if task not in self.tasks:
            raise InputError(f"{task!r} is not a task of the force's mandate; use one of: "
                             f"{', '.join(self.tasks)}", field="task")
        row = uow.conn.execute(select(nodes.c.kind).where(nodes.c.id == unit)).first()
        if row is None:
            raise NotFound(f"no command node {unit!r}")
        key = (task_assignments.c.unit == unit) & (task_assignments.c.task == task)
        if uow.conn.execute(select(task_assignments.c.unit).where(key)).first():
            raise IllegalTransition("task-already-assigned", f"{unit} already has the task {task}")
        uow.conn.execute(insert(task_assignments).values(unit=unit, task=task, assigned_on=on, exercise=uow.exercise))
        uow.append("force.task_assigned", {"unit": unit, "task": task, "on": on})

    def tasks_by_unit(self) -> dict[str, list[str]]:
        """The tasks assigned to each command node, sorted."""
        with self.app.store.read() as conn:
            out: dict[str, list[str]] = {}
            for u, t in conn.execute(select(task_assignments.c.unit, task_assignments.c.task)
                                     .order_by(task_assignments.c.unit, task_assignments.c.task)):
                out.setdefault(u, []).append(t)
            return out

    # -- derived ------------------------------------------------------------------------------------
    def strength(self, on: dt.date | None = None) -> Strength:
        """Strength by state and by area on a day (today by default), with the areas left uncovered."""
        day = on or self.app.today()
        with self.app.store.read() as conn:
            return strength_on(conn, day)


def strength_on(conn: Connection, day: dt.date) -> Strength:
    """Strength on ``day`` read over an open connection: latest report per state, active deployments per area."""
    reports = [StrengthReport(r.state, r.on, r.pledged, r.deployed)
               for r in conn.execute(select(strength_reports).where(strength_reports.c.on <= day))]
    by_state = {s: {"pledged": r.pledged, "deployed": r.deployed} for s, r in latest_reports(reports, day).items()}
    state_of = {r.id: r.state for r in conn.execute(select(nodes.c.id, nodes.c.state))}
    all_areas = [r.id for r in conn.execute(select(areas.c.id).order_by(areas.c.id))]
    by_area: dict[str, dict[str, int]] = {a: {} for a in all_areas}
    for d in active((_dep(r) for r in conn.execute(select(deployments))), day):
        st = state_of.get(d.unit) or "?"
        by_area[d.area][st] = by_area[d.area].get(st, 0) + d.strength
    uncovered = tuple(a for a in all_areas if not by_area[a])
    return Strength(day, by_state, {a: dict(sorted(v.items())) for a, v in by_area.items()}, uncovered)
