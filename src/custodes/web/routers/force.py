"""``/api/v1/force``: contributing states' strength, the command tree, areas, deployments, tasks, strength on a day.

Policy (declared here): the force headquarters and contingents write (each for its own records, see
:mod:`custodes.force.ownership`); the Board, Council delegations, monitors and administrators read; the
public sees the areas of responsibility only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import AfterValidator, BaseModel, Field

from custodes.accounts import policy
from custodes.accounts.model import Role
from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.force.model import Node, StrengthReport
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of

__all__ = ["FORCE_ACTIONS", "READERS", "GeoJSONGeometry", "RecordDate", "router"]

#: a day in a record: bounded, so that derived dates (a deadline = a day + a timeframe) stay representable
RecordDate = Annotated[dt.date, Field(ge=dt.date(1990, 1, 1), le=dt.date(2100, 12, 31),
                                      description="YYYY-MM-DD, 1990-01-01 to 2100-12-31")]


def _wgs84(geometry: dict[str, Any]) -> dict[str, Any]:
    """Refuse positions outside longitude -180..180 and latitude -90..90 (the rest is custodes.geo.io's)."""
    def walk(c: Any) -> None:
        if isinstance(c, list) and len(c) >= 2 and all(isinstance(x, int | float) for x in c[:2]):
            if not (-180 <= c[0] <= 180 and -90 <= c[1] <= 90):
                raise ValueError(f"position {c[:2]} is outside WGS 84 (longitude -180..180, latitude -90..90)")
        elif isinstance(c, list):
            for x in c:
                walk(x)
    walk(geometry.get("coordinates"))
    for g in geometry.get("geometries") or []:
        if isinstance(g, dict):
            _wgs84(g)
    return geometry


#: a GeoJSON geometry object whose positions are WGS 84 longitude and latitude
GeoJSONGeometry = Annotated[dict[str, Any], AfterValidator(_wgs84)]

#: who reads the security pillar's operational records
READERS = frozenset({Role.ADMIN, Role.COUNCIL, Role.BOARD, Role.FORCE_HQ, Role.CONTINGENT, Role.MONITOR})
FORCE_ACTIONS: dict[str, frozenset[Role]] = {
    "force.read": READERS,                                        # strength, tree, deployments, tasks
    "force.areas.read": policy.ALL_ROLES,                         # areas of responsibility (GeoJSON)
    "force.write": frozenset({Role.FORCE_HQ, Role.CONTINGENT}),   # strength reports, nodes, deployments
    "force.command": frozenset({Role.FORCE_HQ}),                  # areas and task assignments
}
policy.declare(FORCE_ACTIONS)

router = APIRouter(prefix="/api/v1/force", tags=["force"])
Reader = Annotated[Principal, authorize("force.read")]
Writer = Annotated[Principal, authorize("force.write")]
Commander = Annotated[Principal, authorize("force.command")]
Day = Annotated[dt.date | None, Query(description="the day (YYYY-MM-DD); default today")]
Code = Annotated[str, Field(min_length=3, max_length=3, pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3")]
NodeId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


class StrengthIn(BaseModel):
    state: Code
    pledged: int = Field(ge=0, le=10_000_000)
    deployed: int = Field(ge=0, le=10_000_000)
    on: RecordDate | None = Field(None, description="as of; default today")


class StrengthReportOut(BaseModel):
    state: str
    on: dt.date
    pledged: int
    deployed: int


class NodeIn(BaseModel):
    id: NodeId
    kind: Literal["hq", "sector", "contingent", "unit"]
    name: str = Field(min_length=1, max_length=200)
    commander_role: str = Field(min_length=1, max_length=120, description="a role, never a person's name")
    parent: NodeId | None = None
    state: Code | None = Field(None, description="contributing state (contingents and units)")


class NodeOut(BaseModel):
    id: str
    kind: str
    name: str
    parent: str | None
    state: str | None
    commander_role: str


class TreeNodeOut(NodeOut):
    children: list[TreeNodeOut]


class AreaIn(BaseModel):
    id: NodeId
    name: str = Field(min_length=1, max_length=200)
    geometry: GeoJSONGeometry = Field(description="a GeoJSON Polygon or MultiPolygon (WGS 84)")


class FeatureOut(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any]
    properties: dict[str, Any]


class FeatureCollectionOut(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[FeatureOut]


class DeployIn(BaseModel):
    unit: NodeId
    area: NodeId
    start: RecordDate
    strength: int = Field(gt=0, le=1_000_000)
    end: RecordDate | None = None


class EndIn(BaseModel):
    end: RecordDate


class DeploymentOut(BaseModel):
    id: int
    unit: str
    area: str
    start: dt.date
    end: dt.date | None
    strength: int


class TaskIn(BaseModel):
    unit: NodeId
    task: str = Field(min_length=1, max_length=80, description="a task of the force's mandate")
    on: RecordDate | None = Field(None, description="day assigned; default today")


class TaskAssignmentOut(BaseModel):
    unit: str
    task: str


class StrengthTotalsOut(BaseModel):
    pledged: int
    deployed: int
    in_areas: int


class StrengthOut(BaseModel):
    on: dt.date
    by_state: dict[str, dict[str, int]] = Field(description="state -> pledged, deployed (latest report)")
    by_area: dict[str, dict[str, int]] = Field(description="area -> state -> personnel deployed there")
    areas_without_unit: list[str]
    totals: StrengthTotalsOut


class AreasWithoutUnitOut(BaseModel):
    on: dt.date
    areas: list[str]


# -- contributing states -------------------------------------------------------------------------------
@router.post("/strength-reports", status_code=201, responses=responses(401, 403, 422))
def report_strength(app: AppDep, who: Writer, body: StrengthIn) -> StrengthReportOut:
    """Record a contributing state's pledged and deployed strength as of a day (a later report supersedes).

    A contingent reports for the state of its own command node; the headquarters for any state."""
    r = StrengthReport(body.state, body.on or app.today(), body.pledged, body.deployed)
    app.force.report_strength(r, actor=actor_of(who), acting=who)
    return StrengthReportOut(state=r.state, on=r.on, pledged=r.pledged, deployed=r.deployed)


@router.get("/states", responses=responses(401, 403, 422))
def states(app: AppDep, who: Reader, on: Day = None, records: Records = "real") -> list[StrengthReportOut]:
    """The contributing states with their latest pledged and deployed strength as of a day."""
    s = app.force.strength(on, exercise=exercise_of(records))
    return [StrengthReportOut(state=k, on=s.on, pledged=v["pledged"], deployed=v["deployed"])
            for k, v in s.by_state.items()]


@router.get("/strength", responses=responses(401, 403, 422))
def strength(app: AppDep, who: Reader, on: Day = None, records: Records = "real") -> StrengthOut:
    """Strength on a day: pledged and deployed per state, deployed per area and state, areas without a unit."""
    return StrengthOut.model_validate(app.force.strength(on, exercise=exercise_of(records)).as_json())


@router.get("/areas-without-unit", responses=responses(401, 403, 422))
def areas_without_unit(app: AppDep, who: Reader, on: Day = None, records: Records = "real") -> AreasWithoutUnitOut:
    """The areas of responsibility with no unit deployed on a day."""
    s = app.force.strength(on, exercise=exercise_of(records))
    return AreasWithoutUnitOut(on=s.on, areas=list(s.uncovered))


# -- the command tree --------------------------------------------------------------------------------
@router.get("/tree", responses=responses(401, 403, 422))
def tree(app: AppDep, who: Reader, records: Records = "real") -> list[TreeNodeOut]:
    """The unified command as a tree (commanders by role, never by name)."""
    return [TreeNodeOut.model_validate(n) for n in app.force.tree(exercise=exercise_of(records))]


@router.post("/nodes", status_code=201, responses=responses(401, 403, 404, 409, 422))
def add_node(app: AppDep, who: Writer, body: NodeIn) -> NodeOut:
    """Add a node to the command tree: the headquarters anywhere, a contingent under its own node."""
    n = app.force.add_node(Node(body.id, body.kind, body.name, body.parent, body.state, body.commander_role),
                           actor=actor_of(who), acting=who)
    return NodeOut.model_validate(n.as_json())


# -- areas -----------------------------------------------------------------------------------------
def _feature(a: dict[str, Any]) -> FeatureOut:
    return FeatureOut(id=a["id"], geometry=a["geometry"], properties={"name": a["name"], "exercise": a["exercise"]})


@router.get("/areas", responses=responses(422))
def areas(app: AppDep, who: Annotated[Principal, authorize("force.areas.read")],
          records: Records = "real") -> FeatureCollectionOut:
    """The areas of responsibility as a GeoJSON FeatureCollection."""
    return FeatureCollectionOut(features=[_feature(a) for a in app.force.areas(exercise=exercise_of(records))])


@router.post("/areas", status_code=201, responses=responses(401, 403, 422))
def add_area(app: AppDep, who: Commander, body: AreaIn) -> FeatureOut:
    """Add an area of responsibility (a polygon)."""
    return _feature(app.force.add_area(body.id, body.name, body.geometry, actor=actor_of(who), acting=who))


# -- deployments -----------------------------------------------------------------------------------
@router.get("/deployments", responses=responses(401, 403, 422))
def deployments(app: AppDep, who: Reader, page: Paged, on: Day = None,
                unit: Annotated[str | None, Query(max_length=40, description="only this unit's")] = None,
                records: Records = "real") -> Page[DeploymentOut]:
    """Deployments (paged; ``on`` keeps those active that day, ``unit`` one unit's)."""
    found = app.force.deployments(on=on, unit=unit, exercise=exercise_of(records), limit=page.limit,
                                  offset=page.offset)
    return Page.of([DeploymentOut.model_validate(d.as_json()) for d in found], found.total, page)


@router.post("/deployments", status_code=201, responses=responses(401, 403, 404, 409, 422))
def deploy(app: AppDep, who: Writer, body: DeployIn) -> DeploymentOut:
    """Deploy a unit to an area from a day (a unit is in one area at a time)."""
    d = app.force.deploy(body.unit, body.area, body.start, body.strength, body.end, actor=actor_of(who), acting=who)
    return DeploymentOut.model_validate(d.as_json())


@router.post("/deployments/{deployment_id}/end", responses=responses(401, 403, 404, 409, 422))
def end_deployment(app: AppDep, who: Writer, deployment_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                   body: EndIn) -> DeploymentOut:
    """End a deployment on its last day."""
    d = app.force.end_deployment(deployment_id, body.end, actor=actor_of(who), acting=who)
    return DeploymentOut.model_validate(d.as_json())


# -- tasks -----------------------------------------------------------------------------------------
@router.get("/tasks", responses=responses(401, 403, 422))
def tasks(app: AppDep, who: Reader, page: Paged,
          unit: Annotated[str | None, Query(max_length=40, description="only this unit's")] = None,
          records: Records = "real") -> Page[TaskAssignmentOut]:
    """Task assignments (a task of the force's mandate given to a command node)."""
    found = app.force.task_assignments(unit=unit, exercise=exercise_of(records), limit=page.limit,
                                       offset=page.offset)
    return Page.of([TaskAssignmentOut(unit=t.unit, task=t.task) for t in found], found.total, page)


@router.post("/tasks", status_code=201, responses=responses(401, 403, 404, 409, 422))
def assign_task(app: AppDep, who: Commander, body: TaskIn) -> TaskAssignmentOut:
    """Assign a task of the mandate to a command node (the headquarters' decision)."""
    app.force.assign_task(body.unit, body.task, body.on or app.today(), actor=actor_of(who), acting=who)
    return TaskAssignmentOut(unit=body.unit, task=body.task)
