"""Use cases of the force: strength reports, the command tree, areas, deployments, tasks, and what they add up to.

Every write takes the ``actor`` it is journalled under and, from the web, the signed-in principal
(``acting``), whose right to the records it touches is checked in the same unit of work
(:mod:`custodes.force.ownership`); the command line passes no principal: its operator acts for every unit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, update

from custodes.accounts.model import Role
from custodes.accounts.policy import Principal
from custodes.errors import IllegalTransition, InputError, NotFound, PermissionDenied
from custodes.force import reads
from custodes.force.model import EXERCISE_STATES, Deployment, Node, StrengthReport, check_parent, overlapping
from custodes.force.ownership import CommandTree, contingent_state, require_acts_for_unit, require_force_hq
from custodes.force.reads import Strength, TaskAssignment
from custodes.force.settings import ForceSettings
from custodes.force.store import areas, deployments, nodes, strength_reports, task_assignments
from custodes.geo.io import parse_geometry, to_geojson
from custodes.ledger.disclosure import publishes
from custodes.paging import DEFAULT_LIMIT, Page
from custodes.storage.uow import Store, Today, UnitOfWork

__all__ = ["ForceService", "Strength", "TaskAssignment"]

publishes("force.strength_reported", "state", "on", "pledged", "deployed")
publishes("force.node_added", "id", "kind", "name", "parent", "state", "commander_role")
publishes("force.area_added", "id", "name", "geometry")
publishes("force.deployed", "id", "unit", "area", "start", "end", "strength", record="force.deployment")
publishes("force.deployment_ended", "id", "unit", "area", "end", record="force.deployment")
publishes("force.task_assigned", "unit", "task", "on")


class ForceService:
    """The force's use cases over one mission's store."""

    def __init__(self, store: Store, today: Today, settings: ForceSettings) -> None:
        self.store = store
        self.today = today
        self.settings = settings
        self.tasks = settings.tasks

    def _state_ok(self, uow: UnitOfWork, code: str) -> bool:
        return code in self.settings.states or (uow.exercise and code in EXERCISE_STATES)

    # -- contributing states ------------------------------------------------------------------------
    def report_strength(self, r: StrengthReport, *, actor: str, exercise: bool = False,
                        acting: Principal | None = None) -> None:
        """Record a state's pledged and deployed strength as of a day (a later report supersedes).

        A contingent reports for the state of its own command node; the headquarters for any state."""
        with self.store.write(actor, exercise=exercise) as uow:
            if acting is not None and acting.role is not Role.FORCE_HQ:
                own = contingent_state(uow.conn, acting.org)
                if own != r.state:
                    raise PermissionDenied(f"organisation {acting.org} reports for {own or 'no state'} (its command "
                                           f"node), not for {r.state}")
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
    def add_node(self, n: Node, *, actor: str, exercise: bool = False, acting: Principal | None = None) -> Node:
        """Add a node to the command tree: the headquarters anywhere, a contingent under its own node."""
        with self.store.write(actor, exercise=exercise) as uow:
            if n.parent is None:
                require_force_hq(acting, "add a top-level command node")
            else:
                require_acts_for_unit(uow.conn, acting, n.parent, f"add a node under {n.parent}")
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
            parent = reads.node_of(row)
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

    def tree(self, *, exercise: bool | None = None) -> list[dict[str, Any]]:
        """The command tree as nested records (children sorted by id)."""
        with self.store.read() as conn:
            return reads.tree_of(conn, exercise=exercise)

    def units_acted_for(self, acting: Principal | None) -> list[str]:
        """The command nodes whose records ``acting`` may write, by id."""
        with self.store.read() as conn:
            tree = CommandTree(conn)
            return [u for u in tree.node_ids if tree.acts_for(acting, u)]

    # -- areas, deployments, tasks ------------------------------------------------------------------
    def add_area(self, area_id: str, name: str, geometry: Any, *, actor: str, exercise: bool = False,
                 acting: Principal | None = None) -> dict[str, Any]:
        """Add an area of responsibility (a polygon); returns it as :meth:`areas` lists it."""
        require_force_hq(acting, "add an area of responsibility")
        with self.store.write(actor, exercise=exercise) as uow:
            self.add_area_in(uow, area_id, name, geometry)
            return reads.area_list(uow.conn, exercise=None, area_id=area_id)[0]

    def add_areas(self, found: Sequence[tuple[int, str, str, Any]], *, source: str, actor: str,
                  exercise: bool = False) -> int:
        """Add areas of responsibility (line, id, name, geometry) read from ``source``, all or none; a refusal
        names its line."""
        with self.store.write(actor, exercise=exercise) as uow:
            for line, area_id, name, geometry in found:
                try:
                    self.add_area_in(uow, area_id, name, geometry)
                except InputError as exc:
                    raise InputError(exc.problem, source=source, line=line, field=exc.field) from None
        return len(found)

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

    def areas(self, *, exercise: bool | None = None) -> list[dict[str, Any]]:
        """Every area of responsibility with its GeoJSON geometry, by id."""
        with self.store.read() as conn:
            return reads.area_list(conn, exercise=exercise)

    def deploy(self, unit: str, area: str, start: dt.date, strength: int, end: dt.date | None = None, *,
               actor: str, exercise: bool = False, acting: Principal | None = None) -> Deployment:
        """Deploy a unit to an area from a day, with a strength; a unit is deployed to one area at a time."""
        with self.store.write(actor, exercise=exercise) as uow:
            require_acts_for_unit(uow.conn, acting, unit, f"deploy unit {unit}")
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
        clash = overlapping(d, [reads.deployment_of(r) for r in c.execute(select(deployments)
                                                                           .where(deployments.c.unit == unit))])
        if clash is not None:
            raise IllegalTransition("unit-already-deployed", f"unit {unit} is deployed to {clash.area} from "
                                    f"{clash.start} to {clash.end or 'now'}; end that deployment first")
        c.execute(insert(deployments).values(id=d.id, unit=unit, area=area, start=start, end=end, strength=strength,
                                             exercise=uow.exercise))
        uow.append("force.deployed", d.as_json())
        return d

    def end_deployment(self, deployment_id: int, end: dt.date, *, actor: str, exercise: bool = False,
                       acting: Principal | None = None) -> Deployment:
        """End a deployment on a day (once, and not before it started)."""
        with self.store.write(actor, exercise=exercise) as uow:
            r = uow.conn.execute(select(deployments).where(deployments.c.id == deployment_id)).first()
            if r is None:
                raise NotFound(f"no deployment {deployment_id}")
            d = reads.deployment_of(r)
            require_acts_for_unit(uow.conn, acting, d.unit, f"end deployment {deployment_id}")
            if d.end is not None:
                raise IllegalTransition("deployment-already-ended", f"deployment {d.id} ended on {d.end}")
            if end < d.start:
                raise InputError(f"the deployment started on {d.start}, after {end}", field="end")
            uow.conn.execute(update(deployments).where(deployments.c.id == d.id).values(end=end))
            uow.append("force.deployment_ended", {"id": d.id, "unit": d.unit, "area": d.area, "end": end})
            return Deployment(d.id, d.unit, d.area, d.start, end, d.strength)

    def deployments(self, *, on: dt.date | None = None, unit: str | None = None, owner: str | None = None,
                    exercise: bool | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page[Deployment]:
        """Deployments by id: those active on a day, of one unit, or of the units an organisation owns."""
        with self.store.read() as conn:
            return reads.deployment_page(conn, on=on, unit=unit, owner=owner, exercise=exercise, limit=limit,
                                         offset=offset)

    def active_deployments(self, on: dt.date, *, exercise: bool | None = None) -> list[Deployment]:
        """Every deployment active on a day (at most one per unit), by id."""
        with self.store.read() as conn:
            return reads.active_deployments(conn, on, exercise=exercise)

    def assign_task(self, unit: str, task: str, on: dt.date, *, actor: str, exercise: bool = False,
                    acting: Principal | None = None) -> None:
        """Assign a task of the force's mandate to a command node (once; the headquarters' decision)."""
        require_force_hq(acting, "assign tasks")
        with self.store.write(actor, exercise=exercise) as uow:
            # over the web an unknown node is refused (404) before a task outside the mandate (422)
            if acting is not None and uow.conn.execute(select(nodes.c.id).where(nodes.c.id == unit)).first() is None:
                raise NotFound(f"no command node {unit!r}")
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

    def task_assignments(self, *, unit: str | None = None, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                         offset: int = 0) -> Page[TaskAssignment]:
        """Task assignments (a task of the mandate given to a command node), by unit and task."""
        with self.store.read() as conn:
            return reads.task_page(conn, unit=unit, exercise=exercise, limit=limit, offset=offset)

    def tasks_by_unit(self, *, exercise: bool | None = None) -> dict[str, list[str]]:
        """The tasks assigned to each command node, sorted."""
        with self.store.read() as conn:
            return reads.tasks_by_unit(conn, exercise=exercise)

    # -- derived ------------------------------------------------------------------------------------
    def strength(self, on: dt.date | None = None, *, exercise: bool | None = None) -> Strength:
        """Strength by state and by area on a day (today by default), with the areas left uncovered."""
        with self.store.read() as conn:
            return reads.strength_on(conn, on or self.today(), exercise=exercise)
