"""``/api/v1/aid``: crossings with their status history, and aid consignments.

Everyone reads crossings, their status history and consignments. The force headquarters and the Board
record a crossing's status. Aid agencies register consignments in their own name and move only their own
(the aid domain checks the consignment's agency in the unit of work of the move). The consignments list
answers for the real records unless ``records`` asks for the exercise ones or all.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from custodes.accounts.model import Role
from custodes.accounts.policy import ALL_ROLES, Principal, declare
from custodes.accounts.service import actor_of
from custodes.aid.model import CrossingStatusRecord
from custodes.exports.xlsx import XLSX_MEDIA_TYPE
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.inputs import IdPath, LongText, ShortText
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of

__all__ = ["router"]

declare({"aid.read": ALL_ROLES, "aid.crossing_status": [Role.FORCE_HQ, Role.BOARD],
         "aid.consignments": [Role.AID_AGENCY]})

router = APIRouter(prefix="/api/v1/aid", tags=["aid"])
Reader = Annotated[Principal, authorize("aid.read")]
StatusSetter = Annotated[Principal, authorize("aid.crossing_status")]
Agency = Annotated[Principal, authorize("aid.consignments")]
State = Literal["registered", "cleared", "rejected", "staged", "offloaded", "entered", "returned", "collected",
                "intercepted", "delivered"]
Action = Literal["clear", "reject", "stage", "return", "offload", "enter", "collect", "intercept", "deliver"]


# -- schemas ------------------------------------------------------------------------------------------
class CrossingStatusOut(BaseModel):
    crossing: str
    status: Literal["open", "restricted", "closed"]
    since: dt.datetime
    reason: str
    hours: str | None
    capacity_trucks: int | None

    @classmethod
    def of(cls, r: CrossingStatusRecord) -> CrossingStatusOut:
        return cls(crossing=r.crossing, status=r.status.value, since=r.since, reason=r.reason, hours=r.hours,
                   capacity_trucks=r.capacity_trucks)


class CrossingOut(BaseModel):
    id: str
    name: dict[str, str] = Field(description="the crossing's name by language (en, ar)")
    pcode: str = Field(description="the governorate's P-code")
    lon: float
    lat: float
    kind: str
    status: CrossingStatusOut | None = Field(description="the status now, or null when never recorded")


class CrossingStatusIn(BaseModel):
    status: Literal["open", "restricted", "closed"]
    reason: LongText = Field(default="", description="required unless open")
    since: dt.datetime | None = Field(default=None, description="default: now")
    hours: str | None = Field(default=None, max_length=11, description="opening hours, e.g. 08:00-16:00")
    capacity_trucks: int | None = Field(default=None, ge=0, le=100_000)


class ConsignmentOut(BaseModel):
    id: str
    state: str
    source: str
    date: dt.date
    crossing: str | None
    category: str
    description: str
    quantity: str | None
    unit: str | None
    trucks: int | None
    tonnes: str | None
    donor: str
    agency: str
    destination: str
    intercepted_by: str | None
    exercise: bool


class ConsignmentIn(BaseModel):
    crossing: ShortText = Field(description="the crossing's id (GET /api/v1/aid/crossings)")
    category: ShortText = Field(min_length=1, description="food, medical, shelter, wash, fuel...")
    trucks: int = Field(ge=1, le=10_000)
    tonnes: float | None = Field(default=None, ge=0, le=1_000_000, allow_inf_nan=False)
    donor: ShortText = ""
    destination: ShortText = ""
    description: LongText = ""
    date: dt.date | None = Field(default=None, description="default: today")


class MoveIn(BaseModel):
    action: Action
    by: Literal["crowds", "armed_actors"] | None = Field(default=None, description="an interception only")
    note: LongText = ""


class ConsignmentPage(Page[ConsignmentOut]):
    trucks: int = Field(description="trucks of every matching consignment, across all pages")


class ThroughputOut(BaseModel):
    days: int
    trucks_per_day: float
    target_per_day: int = Field(description="the profile's aid.daily_truck_target")
    days_at_target: int
    truck_rule: int = Field(description="the version of the rule by which rows are counted as trucks")
    source_days: dict[str, int] = Field(description="the days each source gave the figure (one source a day)")
    sources: dict[str, dict[str, Any]] = Field(
        description="each source side by side: its days, trucks and trucks a day, and its name and coverage "
                    "in English and Arabic (sources overlap: never add them)")


class InterceptionsOut(BaseModel):
    intercepted: int
    delivered: int
    rate: float | None = Field(description="intercepted / (intercepted + delivered), or null")


class SummaryOut(BaseModel):
    by: list[str]
    start: dt.date | None = Field(alias="from")
    end: dt.date | None = Field(alias="to")
    groups: list[dict[str, str | int | float | None]] = Field(
        description="one object per group: the group's values, then consignments, [quantity,] trucks, tonnes")
    throughput: ThroughputOut
    interceptions: InterceptionsOut


Dimension = Literal["day", "month", "crossing", "route", "category", "unit", "agency", "donor", "state", "source"]


def _out(c: Any) -> ConsignmentOut:
    return ConsignmentOut(**{**c.as_json(), "date": c.date})


# -- crossings ----------------------------------------------------------------------------------------
#: a crossing has one status at a time: it is read from the real records (the default) or the exercise ones
StatusRecords = Annotated[Literal["real", "exercise"],
                          Query(description="the real status records (default) or the exercise ones, never both")]


@router.get("/crossings", responses=responses(422))
def crossings(app: AppDep, who: Reader,
              at: Annotated[dt.datetime | None, Query(description="the status at this time (default: now)")]
              = None, records: StatusRecords = "real") -> list[CrossingOut]:
    """Every crossing with its status at a time, from the real status records or the exercise ones."""
    when = at if at is None or at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    return [CrossingOut(**{**v.as_json(), "status": None if v.status is None else CrossingStatusOut.of(v.status)})
            for v in app.aid.crossings(when or app.clock(), exercise=records == "exercise")]


@router.get("/crossings/{crossing}/history", responses=responses(422))
def crossing_history(app: AppDep, who: Reader, crossing: IdPath,
                     records: StatusRecords = "real") -> list[CrossingStatusOut]:
    """A crossing's real status records (or its exercise ones), oldest first."""
    return [CrossingStatusOut.of(r) for r in app.aid.crossing_history(crossing, exercise=records == "exercise")]


@router.post("/crossings/{crossing}/status", status_code=201, responses=responses(401, 403, 422))
def set_status(app: AppDep, who: StatusSetter, crossing: IdPath, body: CrossingStatusIn) -> CrossingStatusOut:
    """Record a crossing's new status (force headquarters, the Board)."""
    since = body.since if body.since is None or body.since.tzinfo is not None else body.since.replace(tzinfo=dt.UTC)
    return CrossingStatusOut.of(app.aid.set_crossing_status(
        crossing, body.status, body.reason, actor=actor_of(who), since=since, hours=body.hours,
        capacity_trucks=body.capacity_trucks))


# -- consignments ---------------------------------------------------------------------------------------
@router.get("/consignments", responses=responses(422))
def consignments(app: AppDep, who: Reader, page: Paged,
                 state: Annotated[State | None, Query(description="only this state")] = None,
                 crossing: Annotated[str | None, Query(max_length=64)] = None,
                 agency: Annotated[str | None, Query(max_length=64, description="only this agency's")] = None,
                 category: Annotated[str | None, Query(max_length=200)] = None,
                 since: Annotated[dt.date | None, Query(description="from this day")] = None,
                 until: Annotated[dt.date | None, Query(description="up to this day")] = None,
                 records: Records = "real") -> ConsignmentPage:
    """Consignments, newest first, with the matching total of trucks."""
    filters = dict(state=state, crossing=crossing, agency=agency, category=category, start=since, end=until)
    exercise = exercise_of(records)
    found = app.aid.consignments(limit=page.limit, offset=page.offset, exercise=exercise, **filters)
    trucks = app.aid.consignment_trucks(exercise=exercise, **filters)
    p = Page[ConsignmentOut].of([_out(c) for c in found], found.total, page)
    return ConsignmentPage(**p.model_dump(), trucks=trucks)


@router.get("/consignments/export", response_class=StreamingResponse, responses={
    200: {"description": "the consignments as CSV with HXL hashtags (a header row, a hashtag row, the rows), "
                         "as a GeoJSON FeatureCollection (points at the crossings) or as an XLSX workbook (a "
                         "header row in the chosen language, the hashtag row, typed cells)",
          "content": {"text/csv": {"schema": {"type": "string"}},
                      "application/geo+json": {"schema": {"type": "object"}},
                      XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
    **responses(422)})
def export(app: AppDep, who: Reader,
           format: Annotated[Literal["hxl", "geojson", "xlsx"], Query(description="the file format")] = "hxl",
           lang: Annotated[Literal["en", "ar"], Query(description="language of the XLSX headers")] = "en",
           source: Annotated[str | None, Query(max_length=20, description="only this source (unrwa, cogat, "
                                               "hxl, custodes)")] = None,
           state: Annotated[State | None, Query()] = None,
           crossing: Annotated[str | None, Query(max_length=64)] = None,
           agency: Annotated[str | None, Query(max_length=64)] = None,
           category: Annotated[str | None, Query(max_length=200)] = None,
           since: Annotated[dt.date | None, Query(description="from this day")] = None,
           until: Annotated[dt.date | None, Query(description="up to this day")] = None) -> StreamingResponse:
    """A selection of consignments, streamed, ordered by source, date and source row (the CLI's export)."""
    filters = dict(source=source, state=state, crossing=crossing, agency=agency, category=category, start=since,
                   end=until)
    if format == "xlsx":
        return StreamingResponse(app.aid.export_xlsx(lang, **filters), media_type=XLSX_MEDIA_TYPE,
                                 headers={"Content-Disposition": 'attachment; filename="aid-consignments.xlsx"'})
    stream = app.aid.export_stream(format, **filters)
    media, ext = ("text/csv; charset=utf-8", "csv") if format == "hxl" else ("application/geo+json", "geojson")
    return StreamingResponse(iter(stream), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="aid-consignments.{ext}"'})


@router.get("/consignments/{consignment_id}", responses=responses(404, 422))
def consignment(app: AppDep, who: Reader, consignment_id: IdPath) -> ConsignmentOut:
    return _out(app.aid.consignment(consignment_id))


@router.post("/consignments", status_code=201, responses=responses(401, 403, 422))
def register(app: AppDep, who: Agency, body: ConsignmentIn) -> ConsignmentOut:
    """Register a consignment in the caller's agency's name."""
    org = who.organisation()
    return _out(app.aid.register_consignment(
        actor=actor_of(who), agency=org, crossing=body.crossing, category=body.category,
        trucks=body.trucks, tonnes=body.tonnes, donor=body.donor, destination=body.destination,
        description=body.description, date=body.date))


@router.post("/consignments/{consignment_id}/move", responses=responses(401, 403, 404, 409, 422))
def move(app: AppDep, who: Agency, consignment_id: IdPath, body: MoveIn) -> ConsignmentOut:
    """Apply one lifecycle action to one of the caller's agency's consignments."""
    return _out(app.aid.move_own_consignment(consignment_id, body.action, actor=actor_of(who), agency=who.org,
                                             by=body.by, note=body.note))


@router.get("/summary", response_model_by_alias=True, responses=responses(422))
def summary(app: AppDep, who: Reader,
            by: Annotated[list[Dimension] | None, Query(max_length=4, description="group by (repeat); "
                                                        "default: crossing")] = None,
            since: Annotated[dt.date | None, Query(description="from this day")] = None,
            until: Annotated[dt.date | None, Query(description="up to this day")] = None,
            crossing: Annotated[str | None, Query(max_length=64)] = None,
            state: Annotated[State | None, Query()] = None,
            agency: Annotated[str | None, Query(max_length=64)] = None,
            category: Annotated[str | None, Query(max_length=200)] = None) -> SummaryOut:
    """Throughput for everyone: consignments, trucks and tonnes by group, trucks a day against the target,
    and the interception rate (exercise records left out)."""
    s = app.aid.summary(by or ["crossing"], start=since, end=until, exercise=False, crossing=crossing, state=state,
                        agency=agency, category=category)
    return SummaryOut.model_validate(s.as_json())
