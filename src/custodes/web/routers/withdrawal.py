"""``/api/v1/withdrawal``: phases (a line or a zone) with their milestones, derived status, completion.

Policy (declared here): phases, their milestones and their status with what is met and missing are
public; the force headquarters defines phases; the headquarters or a monitor records a verified completion.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from custodes.accounts import policy
from custodes.accounts.model import Role
from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of
from custodes.web.routers.force import GeoJSONGeometry, RecordDate
from custodes.withdrawal.model import Milestone, Phase

__all__ = ["WITHDRAWAL_ACTIONS", "router"]

WITHDRAWAL_ACTIONS: dict[str, frozenset[Role]] = {
    "withdrawal.read": policy.ALL_ROLES,                              # phases, milestones, status
    "withdrawal.define": frozenset({Role.FORCE_HQ}),                  # define a phase
    "withdrawal.complete": frozenset({Role.FORCE_HQ, Role.MONITOR}),  # record a verified completion
}
policy.declare(WITHDRAWAL_ACTIONS)

router = APIRouter(prefix="/api/v1/withdrawal", tags=["withdrawal"])
Reader = Annotated[Principal, authorize("withdrawal.read")]
PhaseId = Annotated[str, Path(min_length=1, max_length=40)]
Day = Annotated[dt.date | None, Query(description="the day (YYYY-MM-DD); default today")]


class MilestoneIn(BaseModel):
    kind: Literal["weapons_destroyed_share", "sites_verified", "date", "phase_completed"]
    zone: str | None = Field(None, max_length=12, description="governorate P-code (weapons, sites)")
    share: float | None = Field(None, gt=0, le=1, description="share of the zone's weapons destroyed")
    on: RecordDate | None = Field(None, description="a date milestone's day")
    phase: str | None = Field(None, max_length=40, description="the phase that must be completed first")


class PhaseIn(BaseModel):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["line", "zone"]
    geometry: GeoJSONGeometry = Field(description="GeoJSON: a LineString for a line, a Polygon for a zone")
    days: int = Field(ge=0, le=3650, description="days to complete once due")
    opens: RecordDate | None = Field(None, description="the timeframe opens")
    milestones: list[MilestoneIn] = Field(min_length=1, max_length=50)


class CompleteIn(BaseModel):
    verified_by: str = Field(min_length=1, max_length=80, description="the party that verified the withdrawal")
    on: RecordDate | None = Field(None, description="day completed; default today")


class MilestoneOut(BaseModel):
    kind: str
    zone: str | None = None
    share: float | None = None
    on: dt.date | None = None
    phase: str | None = None
    milestone: str = Field(description="the milestone in words")
    met_on: dt.date | None
    detail: str = Field(description="what the records show")


class TimeframeOut(BaseModel):
    opens: dt.date | None
    days: int


class CompletedOut(BaseModel):
    on: dt.date
    verified_by: str


class StatusOut(BaseModel):
    phase: str
    name: str
    kind: str
    status: Literal["pending", "eligible", "due", "overdue", "completed"]
    on: dt.date
    explanation: str
    timeframe: TimeframeOut
    eligible_on: dt.date | None
    due_by: dt.date | None
    milestones_met: list[MilestoneOut]
    milestones_missing: list[MilestoneOut]
    completed: CompletedOut | None


class PhaseOut(StatusOut):
    geometry: dict[str, Any] = Field(description="the line or zone (GeoJSON)")


@router.get("/status", responses=responses(404, 422))
def status(app: AppDep, who: Reader, page: Paged, on: Day = None, records: Records = "real") -> Page[StatusOut]:
    """Every phase's status on a day, with the milestones met and missing and why (public)."""
    found = app.withdrawal.statuses(on, exercise=exercise_of(records), limit=page.limit, offset=page.offset)
    return Page.of([StatusOut.model_validate(s.as_json()) for s in found], found.total, page)


@router.get("/phases", responses=responses(422))
def list_phases(app: AppDep, who: Reader, page: Paged, on: Day = None, records: Records = "real") -> Page[PhaseOut]:
    """The phases with their lines or zones (GeoJSON), milestones and status on a day (public)."""
    found = app.withdrawal.phases(on, exercise=exercise_of(records), limit=page.limit, offset=page.offset)
    return Page.of([PhaseOut.model_validate(v.as_json()) for v in found], found.total, page)


@router.get("/phases/{phase_id}", responses=responses(404, 422))
def phase(app: AppDep, who: Reader, phase_id: PhaseId, on: Day = None) -> PhaseOut:
    """One phase: its line or zone, its milestones (met and missing) and status on a day (public)."""
    return PhaseOut.model_validate(app.withdrawal.phase(phase_id, on).as_json())


@router.post("/phases", status_code=201, responses=responses(401, 403, 422))
def define(app: AppDep, who: Annotated[Principal, authorize("withdrawal.define")], body: PhaseIn) -> PhaseOut:
    """Define a phase: its line or zone, its milestones, its timeframe."""
    ms = tuple(Milestone(m.kind, m.zone, m.share, m.on, m.phase) for m in body.milestones)
    app.withdrawal.define(Phase(body.id, body.name, body.kind, body.opens, body.days, ms), body.geometry,
                          actor=actor_of(who), acting=who)
    return phase(app, who, body.id)


@router.post("/phases/{phase_id}/complete", responses=responses(401, 403, 404, 409, 422))
def complete(app: AppDep, who: Annotated[Principal, authorize("withdrawal.complete")], phase_id: PhaseId,
             body: CompleteIn) -> PhaseOut:
    """Record that a phase's withdrawal was completed and verified; refused (409) while milestones are missing."""
    st = app.withdrawal.complete(phase_id, on=body.on, verified_by=body.verified_by, actor=actor_of(who))
    return PhaseOut.model_validate({**st.as_json(), "geometry": app.withdrawal.geometry(phase_id)})
