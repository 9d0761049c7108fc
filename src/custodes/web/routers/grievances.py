"""``/api/v1/grievances``: anyone files, the addressee answers, civil society co-signs, overdue ones escalate.

Anyone may file, the public with no account, anonymously unless a contact is left (rate-limited per client
address). The public view never holds the complainant or the exact place (only the governorate); the roles
the policy names (monitors, the Palestinian committee) also get the ``restricted`` part. ``subject`` and
``text`` are null except for the addressee, the account that filed it under a name and the roles of
``grievance.content`` (``custodes.grievances.visibility.sees_content``). Only the addressee
acts on a grievance: the Board of Peace (Board accounts), the force (force headquarters accounts), or the
named aid agency (accounts of the aid agency organisation whose id the filer named). The Palestinian
committee and civil society organisations co-sign for their own organisation, once the secretariat has
registered it; the Board or the secretariat escalate overdue grievances to the Board.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from custodes.accounts.model import Role
from custodes.accounts.policy import ALL_ROLES, Principal, declare
from custodes.accounts.service import actor_of
from custodes.app import Custodes
from custodes.web.deps import AppDep, Paged, WebDep, authorize, limit_public_filing
from custodes.web.inputs import Id, IdPath, LongText, ShortText
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of
from custodes.web.schemas_grievances import FILE_ACTOR

__all__ = ["router"]

declare({
    "grievances.read": ALL_ROLES,
    "grievances.file": ALL_ROLES,
    "grievances.respond": [Role.BOARD, Role.FORCE_HQ, Role.AID_AGENCY],  # the addressee only (checked per record)
    "grievances.cosign": [Role.COMMITTEE, Role.CIVIL_SOCIETY],
    "grievances.cosigners.write": [Role.ADMIN],
    "grievances.escalate": [Role.BOARD, Role.ADMIN],
})

router = APIRouter(prefix="/api/v1/grievances", tags=["grievances"])
Reader = Annotated[Principal, authorize("grievances.read")]
Responder = Annotated[Principal, authorize("grievances.respond")]
Status = Literal["received", "acknowledged", "answered", "escalated", "closed"]
# CATEGORIES spelt out for the OpenAPI schema; tests/web/test_web_choices.py holds them equal
Category = Literal["conduct_of_forces", "aid_access", "movement_and_crossings", "property_and_shelter", "detention",
                   "services", "consultation", "other"]


# -- schemas ------------------------------------------------------------------------------------------
class GrievanceIn(BaseModel):
    addressee: Literal["board", "force", "agency"]
    agency: Id | None = Field(default=None, description="with addressee agency: the aid agency's organisation id")
    category: Category
    language: Literal["en", "ar"] = "en"
    subject: ShortText = Field(min_length=1)
    text: LongText = Field(min_length=1, description="the grievance, in Arabic or English; only its addressee, "
                           "the monitors and the Palestinian committee read it (write no other people's names)")
    complainant: ShortText | None = Field(default=None, description="a name or contact for the answer, never "
                                          "public (omit to file anonymously)")
    pcode: str | None = Field(default=None, max_length=20, pattern=r"^[A-Z0-9]+$",
                              description="the governorate's P-code (public)")
    lat: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False, description="exact place, private")
    lon: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)


class RestrictedOut(BaseModel):
    """What only roles the policy allows see (each field null for the others)."""

    complainant: str | None
    lat: float | None
    lon: float | None


class GrievanceOut(BaseModel):
    id: str
    filed_on: str
    addressee_kind: Literal["board", "force", "agency"]
    addressee: str
    category: str
    language: str
    subject: str | None = Field(description="null unless you may read it: the addressee, the account that filed "
                                "it under a name, the monitors and the Palestinian committee")
    text: str | None = Field(description="null unless you may read it (as subject)")
    pcode: str | None
    governorate: str | None
    anonymous: bool
    status: Status
    acknowledge_by: str
    answer_by: str
    acknowledged_at: str | None
    answered_at: str | None
    answer: str | None
    escalated_at: str | None
    escalation_reason: str | None
    closed_at: str | None
    cosigned_by: list[str]
    exercise: bool
    restricted: RestrictedOut | None = Field(default=None, description="for the roles the policy names only")


class AnswerIn(BaseModel):
    answer: LongText = Field(min_length=1, description="the public answer")


class NoteIn(BaseModel):
    note: LongText = ""


class CosignerIn(BaseModel):
    id: Id = Field(description="the organisation's id (its account organisation's id, to co-sign through the API)")
    name: ShortText = Field(min_length=1)
    kind: Literal["palestinian_committee", "civil_society"]


class CosignerOut(BaseModel):
    id: str
    name: str
    kind: str
    exercise: bool = False


class EscalationOut(BaseModel):
    today: str
    escalated: list[dict[str, str]]


def _out(app: Custodes, who: Principal, views: list[dict[str, Any]]) -> list[GrievanceOut]:
    """Public views as ``who`` reads them (custodes.grievances.visibility: content, restricted part)."""
    return [GrievanceOut.model_validate({"subject": None, "text": None, **r}) for r in
            app.grievances.views_for(who, views)]


# -- reading ------------------------------------------------------------------------------------------
@router.get("", responses=responses(422))
def grievances(app: AppDep, who: Reader, page: Paged,
               status: Annotated[Status | None, Query(description="only this status")] = None,
               addressee: Annotated[str | None, Query(max_length=64, description="only those to this addressee")]
               = None,
               category: Annotated[Category | None, Query(description="only this category")] = None,
               records: Records = "real") -> Page[GrievanceOut]:
    """Grievances, newest first: their public status (never who filed them or the exact place; the subject
    and text only for the addressee, the filing account and the roles the policy names)."""
    found = app.grievances.list_for(who, status=status, addressee=addressee, category=category,
                                    exercise=exercise_of(records), limit=page.limit, offset=page.offset)
    return Page.of([GrievanceOut.model_validate({"subject": None, "text": None, **r}) for r in found], found.total,
                   page)


@router.get("/cosigners", responses=responses(422))
def cosigners(app: AppDep, who: Reader) -> list[CosignerOut]:
    """The organisations registered to co-sign."""
    return [CosignerOut.model_validate(o) for o in app.grievances.organisations()]


@router.get("/{grievance_id}", responses=responses(404, 422))
def grievance(app: AppDep, who: Reader, grievance_id: IdPath) -> GrievanceOut:
    """One grievance."""
    return GrievanceOut.model_validate({"subject": None, "text": None,
                                        **app.grievances.get_for(who, grievance_id)})


# -- filing and answering -----------------------------------------------------------------------------
@router.post("", status_code=201, responses=responses(401, 422, 429))
def file(body: GrievanceIn, request: Request, web: WebDep,
         who: Annotated[Principal, authorize("grievances.file")]) -> GrievanceOut:
    """File a grievance: anyone, with no account, anonymously unless a contact is left."""
    limit_public_filing(web, request, who)
    app = web.custodes
    g = app.grievances.file(FILE_ACTOR, addressee=body.addressee, agency=body.agency, category=body.category,
                            language=body.language, subject=body.subject, text=body.text,
                            complainant=body.complainant, pcode=body.pcode, lat=body.lat, lon=body.lon,
                            filed_by=who.account)
    return _out(app, who, [g])[0]


@router.post("/{grievance_id}/acknowledge", responses=responses(401, 403, 404, 409, 422))
def acknowledge(app: AppDep, who: Responder, grievance_id: IdPath) -> GrievanceOut:
    """The addressee acknowledges it (received or escalated -> acknowledged)."""
    return _out(app, who, [app.grievances.acknowledge(actor_of(who), grievance_id, answerer=who)])[0]


@router.post("/{grievance_id}/answer", responses=responses(401, 403, 404, 409, 422))
def answer(body: AnswerIn, app: AppDep, who: Responder, grievance_id: IdPath) -> GrievanceOut:
    """The addressee answers it, publicly (acknowledged or escalated -> answered)."""
    return _out(app, who, [app.grievances.answer(actor_of(who), grievance_id, body.answer, answerer=who)])[0]


@router.post("/{grievance_id}/close", responses=responses(401, 403, 404, 409, 422))
def close(app: AppDep, who: Responder, grievance_id: IdPath, body: NoteIn | None = None) -> GrievanceOut:
    """The addressee closes an answered grievance."""
    return _out(app, who, [app.grievances.close(actor_of(who), grievance_id, note=body.note if body else "",
                                                answerer=who)])[0]


@router.post("/{grievance_id}/cosign", responses=responses(401, 403, 404, 409, 422))
def cosign(app: AppDep, who: Annotated[Principal, authorize("grievances.cosign")],
           grievance_id: IdPath) -> GrievanceOut:
    """Co-sign an open grievance for your organisation (it must be registered to co-sign)."""
    org = who.organisation()
    return _out(app, who, [app.grievances.cosign(actor_of(who), grievance_id, org)])[0]


@router.post("/cosigners", status_code=201, responses=responses(401, 403, 409, 422))
def register_cosigner(body: CosignerIn, app: AppDep,
                      who: Annotated[Principal, authorize("grievances.cosigners.write")]) -> CosignerOut:
    """Register the Palestinian committee or a civil society organisation as allowed to co-sign."""
    return CosignerOut.model_validate(app.grievances.register_organisation(actor_of(who), body.id, body.name,
                                                                           body.kind))


@router.post("/escalate", responses=responses(401, 403, 422))
def escalate(app: AppDep, who: Annotated[Principal, authorize("grievances.escalate")]) -> EscalationOut:
    """Escalate to the Board every grievance past its deadline today (the server's today)."""
    r = app.grievances.escalate_overdue(app.today(), actor_of(who))
    return EscalationOut.model_validate(r.as_json())
