"""``/api/v1/council``: the Security Council's members, drafts and votes, what-if, mandates, power, vetoes.

Reading is public (the Council's votes are public record). Council delegations table drafts, open and
close the voting, and record their own state's vote: a delegation's organisation id ends with its state's
ISO 3166 alpha-3 code (``delegation-fra`` votes for FRA). The secretariat imports the public veto list.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query
from pydantic import BaseModel, Field, StringConstraints

from custodes.accounts.model import Role
from custodes.accounts.policy import ALL_ROLES, Principal, declare
from custodes.accounts.service import actor_of
from custodes.council.model import Outcome
from custodes.council.results import DraftView
from custodes.errors import InputError
from custodes.profiles.model import Vote
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.inputs import Id, ShortText
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of

__all__ = ["router"]

declare({
    "council.read": ALL_ROLES,
    "council.draft": [Role.COUNCIL],  # table a draft, open and close its voting
    "council.vote": [Role.COUNCIL],  # record one's own state's vote
    "council.vetoes.import": [Role.ADMIN],
})

router = APIRouter(prefix="/api/v1/council", tags=["council"])
Reader = Annotated[Principal, authorize("council.read")]
Drafter = Annotated[Principal, authorize("council.draft")]
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
_SYMBOL = r"^[A-Za-z0-9][A-Za-z0-9/()., -]{0,79}$"
Symbol = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=_SYMBOL)]
SymbolPath = Annotated[str, Path(min_length=1, max_length=80, pattern=_SYMBOL,
                                 description="a draft's or resolution's symbol, e.g. S/RES/2803(2025)")]
MAX_UPLOAD = 5 * 2**20


# -- schemas ------------------------------------------------------------------------------------------
class SeatOut(BaseModel):
    state: str = Field(description="ISO 3166-1 alpha-3")
    name_en: str
    name_ar: str
    seat: Literal["permanent", "elected"]
    term_first: int | None
    term_last: int | None


class MembersOut(BaseModel):
    on: dt.date
    members: list[SeatOut]


class TallyOut(BaseModel):
    yes: int
    no: int
    abstain: int
    absent: int


class OutcomeOut(BaseModel):
    adopted: bool
    reason: str
    matter: str
    tally: TallyOut
    needed: int
    permanent_against: list[str]

    @classmethod
    def of(cls, o: Outcome) -> OutcomeOut:
        return cls.model_validate(o.as_json())


class DraftOut(BaseModel):
    symbol: str
    title: str
    matter: str
    status: Literal["tabled", "voting_open", "put_to_vote", "adopted"]
    tabled_on: dt.date
    voted_on: dt.date | None
    chapter_vi: bool
    parties: list[str]
    votes: dict[str, str] = Field(description="state -> yes, no, abstain or absent")
    outcome: OutcomeOut | None = Field(description="under Article 27, once put to the vote")
    resolution: str | None
    actions: list[dict[str, Any]] = Field(description="what the draft does to mandates when adopted")

    @classmethod
    def of(cls, v: DraftView) -> DraftOut:
        return cls.model_validate(v.as_json())


class MandateActionIn(BaseModel):
    action: Literal["extend", "amend", "terminate"]
    body: Id = Field(description="the body whose mandate it changes, e.g. isf")
    until: dt.date | None = Field(default=None, description="extend: the new end; terminate: the last day")
    add_tasks: list[Id] = Field(default=[], max_length=50)
    remove_tasks: list[Id] = Field(default=[], max_length=50)
    report_every_months: int | None = Field(default=None, ge=1, le=120)


class DraftIn(BaseModel):
    symbol: Symbol = Field(examples=["S/2026/100"])
    title: ShortText = Field(min_length=1)
    matter: Literal["substantive", "procedural"] = "substantive"
    chapter_vi: bool = Field(default=False, description="a Chapter VI decision: parties to the dispute abstain")
    parties: list[StateCode] = Field(default=[], max_length=15)
    actions: list[MandateActionIn] = Field(default=[], max_length=20)


class VoteIn(BaseModel):
    state: StateCode = Field(description="your delegation's state")
    vote: Vote


class CloseIn(BaseModel):
    resolution: Symbol | None = Field(default=None, description="the symbol an adopted draft gets")


class WhatIfIn(BaseModel):
    changes: dict[StateCode, Vote] = Field(min_length=1, max_length=15, description="state -> changed vote")


class WhatIfOut(BaseModel):
    symbol: str
    changes: dict[str, str]
    recorded: OutcomeOut
    what_if: OutcomeOut


class MandateOut(BaseModel):
    body: str
    name: str
    resolution: str
    start: dt.date
    until: dt.date
    terminated: bool
    tasks: list[str]
    in_force: bool
    days_to_expiry: int
    report_every_months: int | None
    reports_due_so_far: int
    next_report_due: dt.date | None
    history: list[str]


class PlayerOut(BaseModel):
    id: str
    shapley_shubik: float
    banzhaf: float
    banzhaf_raw: float
    shapley_shubik_exact: str | None = Field(default=None, description="a fraction, when exact")
    banzhaf_exact: str | None = None


class PowerOut(BaseModel):
    year: int
    game: str
    exact: bool
    players: list[PlayerOut]


class VetoOut(BaseModel):
    draft: str
    voted_on: dt.date
    meeting: str
    agenda: str
    vetoed_by: list[str]
    line: int
    replay: OutcomeOut | None = Field(default=None, description="replayed under Article 27 (replay=true)")


class ImportOut(BaseModel):
    source: str
    rows: int
    added: int
    already_there: int


# -- membership ---------------------------------------------------------------------------------------
@router.get("/members", responses=responses(404, 422))
def members(app: AppDep, who: Reader,
            on: Annotated[dt.date | None, Query(description="the day (default today)")] = None) -> MembersOut:
    """The fifteen members on a day, with elected members' terms."""
    day = on or app.today()
    return MembersOut(on=day, members=[SeatOut(state=s.state, name_en=s.name_en, name_ar=s.name_ar,
                                               seat=s.kind, term_first=s.term_first,  # type: ignore[arg-type]
                                               term_last=s.term_last) for s in app.council.members_on(day)])


# -- drafts and votes ---------------------------------------------------------------------------------
@router.get("/drafts", responses=responses(422))
def drafts(app: AppDep, who: Reader, page: Paged,
           status: Annotated[Literal["tabled", "voting_open", "put_to_vote", "adopted"] | None,
                             Query(description="only drafts in this status")] = None,
           records: Records = "real") -> Page[DraftOut]:
    """Drafts and resolutions, newest first."""
    found = app.council.list_drafts(status=status, exercise=exercise_of(records), limit=page.limit,
                                    offset=page.offset)
    return Page.of([DraftOut.of(v) for v in found], found.total, page)


@router.get("/drafts/{symbol:path}", responses=responses(404, 422))
def draft(app: AppDep, who: Reader, symbol: SymbolPath) -> DraftOut:
    """A draft (any status) or a resolution, with its votes and its outcome under Article 27."""
    return DraftOut.of(app.council.show(symbol))


@router.post("/drafts", status_code=201, responses=responses(401, 403, 404, 409, 422))
def table_draft(body: DraftIn, app: AppDep, who: Drafter) -> DraftOut:
    """Table a draft resolution (Council delegations)."""
    return DraftOut.of(app.council.table_draft(
        body.symbol, body.title, actor=actor_of(who), matter=body.matter, chapter_vi=body.chapter_vi,
        parties=body.parties, actions=[a.model_dump(mode="json", exclude_none=True) for a in body.actions]))


@router.post("/drafts/{symbol:path}/open", responses=responses(401, 403, 404, 409, 422))
def open_voting(app: AppDep, who: Drafter, symbol: SymbolPath) -> DraftOut:
    """Open the voting on a tabled draft."""
    return DraftOut.of(app.council.open_voting(symbol, actor=actor_of(who)))


@router.post("/drafts/{symbol:path}/votes", responses=responses(401, 403, 404, 409, 422))
def record_vote(body: VoteIn, app: AppDep, who: Annotated[Principal, authorize("council.vote")],
                symbol: SymbolPath) -> DraftOut:
    """Record your delegation's vote (again, to change it) while the voting is open."""
    return DraftOut.of(app.council.record_vote(symbol, body.state, body.vote, actor=actor_of(who),
                                               delegation=who.org or ""))


@router.post("/drafts/{symbol:path}/close", responses=responses(401, 403, 404, 409, 422))
def close_vote(app: AppDep, who: Drafter, symbol: SymbolPath, body: CloseIn | None = None) -> DraftOut:
    """Put the draft to the vote: close the voting and record the outcome; an adopted draft changes mandates."""
    return DraftOut.of(app.council.put_to_vote(symbol, body.resolution if body else None, actor=actor_of(who)))


@router.post("/drafts/{symbol:path}/what-if", responses=responses(404, 409, 422))
def what_if(body: WhatIfIn, app: AppDep, who: Reader, symbol: SymbolPath) -> WhatIfOut:
    """The recorded vote recomputed with some members' votes changed; nothing is written."""
    return WhatIfOut.model_validate(app.council.what_if(symbol, body.changes).as_json())


# -- mandates and power -------------------------------------------------------------------------------
@router.get("/mandates", responses=responses(422))
def mandates(app: AppDep, who: Reader, page: Paged,
             on: Annotated[dt.date | None, Query(description="as on this day (default today)")] = None,
             in_force: Annotated[bool, Query(description="only mandates in force on the day")] = False,
             ) -> Page[MandateOut]:
    """Each body's mandate as later resolutions left it: in force, days to expiry, reports due."""
    found = app.council.mandates(on, in_force_only=in_force, limit=page.limit, offset=page.offset)
    return Page.of([MandateOut.model_validate(m.as_json()) for m in found], found.total, page)


@router.get("/power", responses=responses(404, 422))
def power(app: AppDep, who: Reader,
          year: Annotated[int | None, Query(ge=1946, le=9999, description="the Council of this year")] = None,
          exact: Annotated[bool, Query(description="exact fractions too")] = True) -> PowerOut:
    """Shapley-Shubik and Banzhaf power indices of the Council's members (substantive matters)."""
    y = year or app.today().year
    return PowerOut.model_validate({"year": y, **app.council.power(y, exact=exact).as_json()})


# -- vetoes -------------------------------------------------------------------------------------------
@router.get("/vetoes", responses=responses(422))
def vetoes(app: AppDep, who: Reader, page: Paged,
           member: Annotated[StateCode | None, Query(description="only vetoes cast by this seat, e.g. RUS")] = None,
           replay: Annotated[bool, Query(description="replay each under Article 27")] = False,
           records: Records = "real") -> Page[VetoOut]:
    """The imported public list of vetoed drafts, oldest first."""
    ex = exercise_of(records)
    if replay:
        pairs = app.council.replay_vetoes(member=member, exercise=ex, limit=page.limit, offset=page.offset)
        items = [VetoOut.model_validate({**v.as_json(), "replay": o.as_json()}) for v, o in pairs]
        return Page.of(items, pairs.total, page)
    found = app.council.vetoes(member=member, exercise=ex, limit=page.limit, offset=page.offset)
    return Page.of([VetoOut.model_validate(v.as_json()) for v in found], found.total, page)


@router.post("/vetoes/import", responses=responses(401, 403, 422))
def import_vetoes(app: AppDep, who: Annotated[Principal, authorize("council.vetoes.import")],
                  data: Annotated[bytes, Body(media_type="text/csv", description="the veto list as CSV")],
                  ) -> ImportOut:
    """Import the public veto list (a CSV as in the shared data); a second import adds nothing."""
    if len(data) > MAX_UPLOAD:
        raise InputError(f"the file has {len(data)} bytes; at most {MAX_UPLOAD}", field="body")
    with tempfile.TemporaryDirectory() as tmp:
        path = FilePath(tmp) / "vetoes.csv"
        path.write_bytes(data)
        return ImportOut.model_validate(app.council.import_vetoes(path, actor=actor_of(who)).as_json())
