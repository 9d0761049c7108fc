"""``/api/v1/mission``: the mandate at a glance, the mandates, the Security Council on a date."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from custodes.accounts.policy import Principal
from custodes.mission.reads import MandateRecord
from custodes.web.deps import AppDep, Paged, WebDep, authorize
from custodes.web.pagination import Page
from custodes.web.problems import responses

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/mission", tags=["mission"])
Lang = Annotated[Literal["en", "ar"], Query(description="language of names")]
Reader = Annotated[Principal, authorize("mission.read")]


class MandateStatusOut(BaseModel):
    body: str
    name: str
    until: dt.date
    days_left: int
    in_force: bool
    next_report_due: dt.date | None
    reports_due_so_far: int


class CouncilMemberOut(BaseModel):
    code: str = Field(description="ISO 3166-1 alpha-3")
    name: str
    seat: Literal["permanent", "elected"]


class CouncilOut(BaseModel):
    year: int
    members: list[CouncilMemberOut]


class MissionStatusOut(BaseModel):
    profile: str
    name: str
    today: dt.date
    mandate_start: dt.date
    mandates: list[MandateStatusOut]
    council: CouncilOut
    counts: dict[str, int] = Field(description="records per table; '(exercise)' keys count exercise records")


class TaskOut(BaseModel):
    id: str
    name: str


class MandateOut(MandateStatusOut):
    resolution: str
    report_to: str | None
    report_every_months: int | None
    tasks: list[TaskOut]


class CouncilMemberTermOut(CouncilMemberOut):
    term_first: int | None = Field(description="first year of an elected member's term")
    term_last: int | None


class CouncilOnDateOut(BaseModel):
    on: dt.date
    members: list[CouncilMemberTermOut]


@router.get("/status", responses=responses(422, 503))
def status(web: WebDep, who: Reader, lang: Lang = "en") -> MissionStatusOut:
    """The mandate at a glance: each body's mandate, the Council this year, record counts."""
    app = web.custodes
    size = app.journal.size()
    # every state change appends to the journal, so its size (with the day) says when counts can change
    key = ("mission.status", size, app.today(), lang)
    found = web.cache.get(key)
    if found is None:
        found = MissionStatusOut.model_validate(app.status(lang).as_json())
        if len(web.cache) > 16:
            web.cache.clear()
        web.cache[key] = found
    return found


@router.get("/mandates", responses=responses(422))
def mandates(app: AppDep, who: Reader, page: Paged, lang: Lang = "en",
             in_force: Annotated[bool | None, Query(description="only mandates in force (or not) today")] = None,
             body: Annotated[str | None, Query(max_length=80, description="only this body's mandates")] = None,
             ) -> Page[MandateOut]:
    """Every mandate, with days left and the next report due (as of the mission's today)."""
    found = app.mission.mandates(lang=lang, in_force=in_force, body=body, limit=page.limit, offset=page.offset)
    return Page.of([_mandate(m) for m in found], found.total, page)


def _mandate(m: MandateRecord) -> MandateOut:
    return MandateOut(resolution=m.resolution, body=m.view.body, name=m.view.body_name, until=m.view.until,
                      days_left=m.view.days_left, in_force=m.view.in_force, next_report_due=m.view.next_report_due,
                      reports_due_so_far=m.view.reports_due_so_far, report_to=m.report_to,
                      report_every_months=m.report_every_months, tasks=[TaskOut(id=i, name=n) for i, n in m.tasks])


@router.get("/council", responses=responses(404, 422))
def council(app: AppDep, who: Reader, lang: Lang = "en",
            on: Annotated[dt.date | None, Query(description="the day (YYYY-MM-DD); default today")] = None,
            ) -> CouncilOnDateOut:
    """The Security Council's fifteen members on a day."""
    day = on or app.today()
    members = app.mission.council(day, lang)
    return CouncilOnDateOut(on=day, members=[
        CouncilMemberTermOut(code=m.code, name=m.name, seat=m.seat,  # type: ignore[arg-type]
                             term_first=m.term_first, term_last=m.term_last) for m in members])
