"""``/api/v1/board``: the Board of Peace's members, decisions, funding (IATI types), reports to the Council.

Reading is public (funding as HXL-tagged CSV too). Board member organisations record what the Board does:
appointments, decisions, funds and their transactions, reports submitted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, StringConstraints, field_validator

from custodes.accounts.model import Role
from custodes.accounts.policy import ALL_ROLES, Principal, declare
from custodes.accounts.service import actor_of
from custodes.board.export import (
    TRANSACTION_TAGS,
    hxl_pieces,
    totals_hxl,
    totals_xlsx,
    transaction_rows,
    transactions_xlsx,
)
from custodes.exports.xlsx import XLSX_MEDIA_TYPE
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.inputs import Id, IdPath, ShortText
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of

__all__ = ["router"]

declare({"board.read": ALL_ROLES, "board.write": [Role.BOARD]})

router = APIRouter(prefix="/api/v1/board", tags=["board"])
Reader = Annotated[Principal, authorize("board.read")]
Writer = Annotated[Principal, authorize("board.write")]
# the Literals spell out the domain's tuples for the OpenAPI schema; tests/web/test_web_choices.py holds them equal
Kind = Literal["strategic-guidance", "unified-command-approval", "deployment-approval", "committee-appointment",
               "committee-member-appointment", "funding", "other"]
TxType = Literal[1, 2, 3, 4, 11, 12, 13]
Amount = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^(sha256:)?[0-9a-f]{64}$")]
HXL: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}},
                      XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
          "description": "HXL-tagged CSV, or an XLSX workbook (headers in the chosen language, the hashtag row)"}}


# -- schemas ------------------------------------------------------------------------------------------
class MemberOut(BaseModel):
    id: str
    role: Literal["chair", "member", "observer"]
    seat: str
    represents: str
    start: dt.date
    end: dt.date | None
    exercise: bool


class MemberIn(BaseModel):
    id: Id = Field(description="an office, not a person's name, e.g. chair or member-egy")
    role: Literal["chair", "member", "observer"]
    seat: ShortText = Field(min_length=1, description="the seat, by office")
    represents: ShortText = Field(min_length=1, description="the state or organisation represented")
    start: dt.date
    end: dt.date | None = None


class EndTermIn(BaseModel):
    end: dt.date


class DecisionOut(BaseModel):
    id: str
    kind: str
    title: str
    decided_on: dt.date
    present: list[str]
    votes: dict[str, str]
    adopted: bool
    reason: str
    details: dict[str, Any]
    exercise: bool


class DecisionIn(BaseModel):
    id: Id
    kind: Kind
    title: ShortText = Field(min_length=1)
    present: list[Id] = Field(max_length=100, description="member ids present")
    votes: dict[Id, Literal["yes", "no", "abstain"]] = Field(default={}, max_length=100)
    details: dict[Id, ShortText | int] = Field(default={}, max_length=10,
                                               description="the kind's fields only (no personal data)")
    decided_on: dt.date | None = Field(default=None, description="default today")


class FundIn(BaseModel):
    id: Id
    name: ShortText = Field(min_length=1)
    manager: ShortText = Field(min_length=1, description="the organisation managing the fund")


class FundOut(BaseModel):
    id: str
    name: str
    manager: str


class TransactionIn(BaseModel):
    id: Id
    fund: Id
    donor: ShortText = Field(min_length=1, description="state code or organisation")
    type: TxType = Field(description="IATI TransactionType: 13 incoming pledge, 12 outgoing pledge, 11 incoming "
                         "commitment, 2 outgoing commitment, 1 incoming funds, 3 disbursement, 4 expenditure")
    amount: Amount = Field(description="a positive amount with at most 2 decimals, as a string")
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    on: dt.date | None = Field(default=None, description="default today")
    commitment: Id | None = Field(default=None, description="the commitment a disbursement draws on")
    decision: Id | None = Field(default=None, description="the Board decision behind it")


class TransactionOut(BaseModel):
    id: str
    fund: str
    donor: str
    type: int
    type_name: str
    amount: Decimal
    currency: str
    on: dt.date
    commitment: str | None
    decision: str | None
    exercise: bool


class TotalOut(BaseModel):
    donor: str
    fund: str = Field(description="* when totalled over every fund")
    currency: str
    pledged: Decimal
    committed: Decimal
    disbursed: Decimal
    spent: Decimal

    @field_validator("pledged", "committed", "disbursed", "spent")
    @classmethod
    def _cents(cls, v: Decimal) -> Decimal:
        return v.quantize(Decimal("0.01"))


class ReportOut(BaseModel):
    body: str
    due_on: dt.date
    status: Literal["due", "submitted", "overdue"]
    days_left: int
    submitted_on: dt.date | None
    content_sha256: str | None


class SubmittedIn(BaseModel):
    content_sha256: Sha256 = Field(description="SHA-256 of the report as sent (hex, optionally sha256:)")
    submitted_on: dt.date | None = Field(default=None, description="default today")


# -- members ------------------------------------------------------------------------------------------
@router.get("/members", responses=responses(422))
def members(app: AppDep, who: Reader, page: Paged,
            on: Annotated[dt.date | None, Query(description="serving on this day (default: every member)")]
            = None, records: Records = "real") -> Page[MemberOut]:
    """The Board's members, by office."""
    found = app.board.members(on, exercise=exercise_of(records), limit=page.limit, offset=page.offset)
    return Page.of([MemberOut.model_validate(m.as_json()) for m in found], found.total, page)


@router.post("/members", status_code=201, responses=responses(401, 403, 409, 422))
def appoint(body: MemberIn, app: AppDep, who: Writer) -> MemberOut:
    """Appoint a member (one chair at a time)."""
    m = app.board.appoint(body.id, body.role, body.seat, body.represents, body.start, body.end,
                          actor=actor_of(who))
    return MemberOut.model_validate(m.as_json())


@router.post("/members/{member_id}/end", responses=responses(401, 403, 404, 409, 422))
def end_term(body: EndTermIn, app: AppDep, who: Writer, member_id: IdPath) -> MemberOut:
    """End a member's term."""
    return MemberOut.model_validate(app.board.end_term(member_id, body.end, actor=actor_of(who)).as_json())


# -- decisions ----------------------------------------------------------------------------------------
@router.get("/decisions", responses=responses(422))
def decisions(app: AppDep, who: Reader, page: Paged,
              kind: Annotated[Kind | None, Query(description="only decisions of this kind")] = None,
              records: Records = "real") -> Page[DecisionOut]:
    """The Board's decisions, newest first."""
    found = app.board.decisions(kind=kind, exercise=exercise_of(records), limit=page.limit, offset=page.offset)
    return Page.of([DecisionOut.model_validate(d.as_json()) for d in found], found.total, page)


@router.post("/decisions", status_code=201, responses=responses(401, 403, 404, 409, 422))
def decide(body: DecisionIn, app: AppDep, who: Writer) -> DecisionOut:
    """Record a decision under the Board's rule (quorum, majority, the chair's casting vote)."""
    d = app.board.decide(body.id, body.kind, body.title, body.present, body.votes, body.details, body.decided_on,
                         actor=actor_of(who))
    return DecisionOut.model_validate(d.as_json())


# -- funding ------------------------------------------------------------------------------------------
@router.post("/funds", status_code=201, responses=responses(401, 403, 409, 422))
def open_fund(body: FundIn, app: AppDep, who: Writer) -> FundOut:
    """Open a fund that transactions are recorded against."""
    app.board.open_fund(body.id, body.name, body.manager, actor=actor_of(who))
    return FundOut(id=body.id, name=body.name, manager=body.manager)


@router.post("/funding/transactions", status_code=201, responses=responses(401, 403, 404, 409, 422))
def record_transaction(body: TransactionIn, app: AppDep, who: Writer) -> TransactionOut:
    """Record a pledge, commitment, disbursement or expenditure (IATI type codes).

    A disbursement draws on a commitment of the same donor, fund and currency and may not exceed what is
    left of it; an expenditure may not exceed what the fund has received."""
    t = app.board.record_transaction(body.id, body.fund, body.donor, body.type, body.amount, body.currency, body.on,
                                     body.commitment, body.decision, actor=actor_of(who))
    return TransactionOut.model_validate(t.as_json())


@router.get("/funding/transactions", responses=responses(422))
def transactions(app: AppDep, who: Reader, page: Paged,
                 donor: Annotated[str | None, Query(max_length=200, description="only this donor's")] = None,
                 fund: Annotated[str | None, Query(max_length=64, description="only this fund's")] = None,
                 records: Records = "real") -> Page[TransactionOut]:
    """Funding transactions, by date."""
    found = app.board.transactions(donor=donor, fund=fund, exercise=exercise_of(records), limit=page.limit,
                                   offset=page.offset)
    return Page.of([TransactionOut.model_validate(t.as_json()) for t in found], found.total, page)


@router.get("/funding/totals", responses=responses(422))
def totals(app: AppDep, who: Reader,
           by_fund: Annotated[bool, Query(description="per donor and fund (default: per donor)")] = False,
           records: Records = "real") -> list[TotalOut]:
    """Pledged, committed, disbursed and spent per donor (and fund) and currency."""
    return [TotalOut.model_validate(t.as_json())
            for t in app.board.totals(by_fund=by_fund, exercise=exercise_of(records))]


@router.get("/funding/export.hxl", response_class=StreamingResponse, responses={**HXL, **responses(422)})
def export_hxl(app: AppDep, who: Reader,
               totals: Annotated[bool, Query(description="totals per donor instead of transactions")] = False,
               records: Records = "real",
               format: Annotated[Literal["hxl", "xlsx"], Query(description="the file format")] = "hxl",
               lang: Annotated[Literal["en", "ar"], Query(description="language of the XLSX headers")] = "en",
               ) -> StreamingResponse:
    """Funding as CSV with HXL hashtags (a header row, a hashtag row, then the rows), or as XLSX."""
    ex = exercise_of(records)
    if format == "xlsx":
        book = (totals_xlsx(app.board.totals(exercise=ex), lang) if totals
                else transactions_xlsx(app.board.every_transaction(exercise=ex), lang))
        return StreamingResponse(book, media_type=XLSX_MEDIA_TYPE,
                                 headers={"Content-Disposition": 'attachment; filename="board-funding.xlsx"'})
    pieces = (iter([totals_hxl(app.board.totals(exercise=ex))]) if totals
              else hxl_pieces(TRANSACTION_TAGS, transaction_rows(app.board.every_transaction(exercise=ex))))
    return StreamingResponse(pieces, media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="board-funding.csv"'})


# -- reports to the Council ---------------------------------------------------------------------------
@router.get("/reports", responses=responses(404, 422))
def reports(app: AppDep, who: Reader,
            on: Annotated[dt.date | None, Query(description="as on this day (default today)")] = None,
            ) -> list[ReportOut]:
    """Every report the Board owes the Council under its mandate: due, submitted or overdue."""
    return [ReportOut.model_validate(r.as_json()) for r in app.board.report_schedule(on)]


@router.post("/reports/{due_on}/submitted", responses=responses(401, 403, 404, 409, 422))
def report_submitted(body: SubmittedIn, app: AppDep, who: Writer, due_on: dt.date) -> ReportOut:
    """Record that the report due on ``due_on`` was submitted, with the SHA-256 of its content."""
    r = app.board.mark_report_submitted(due_on, body.content_sha256, body.submitted_on, actor=actor_of(who))
    return ReportOut.model_validate(r.as_json())
