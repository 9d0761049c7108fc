"""Grievance forms: anyone files (the public with no account, anonymously, rate-limited); the addressee
acknowledges, answers and closes; the Palestinian committee and civil society co-sign.

As the API: only the addressee acts on a grievance (the Board, the force headquarters, or the named aid
agency, ``answers_for``); the complainant and the exact place are shown only to the roles the policy
names (``grievance.complainant_identity``); the subject and text only to the addressee, the account that
filed it under a name and the roles of ``grievance.content`` (``sees_content``); everyone sees the public
status and the public answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from custodes.accounts.model import OrgKind
from custodes.accounts.policy import Principal, allows
from custodes.accounts.service import actor_of
from custodes.app import Custodes
from custodes.errors import CustodesError
from custodes.grievances.model import ADDRESSEES, CATEGORIES
from custodes.web.deps import AppDep, WebDep, authorize, limit_public_filing
from custodes.web.inputs import IdPath
from custodes.web.problems import ProblemError
from custodes.web.schemas_grievances import FILE_ACTOR
from custodes.web.ui.forms import Fields, Refusal, choice, done, refusal, show, text
from custodes.web.ui.render import request_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Filer = Annotated[Principal, authorize("grievances.file")]
Reader = Annotated[Principal, authorize("grievances.read")]
Responder = Annotated[Principal, authorize("grievances.respond")]
Cosigner = Annotated[Principal, authorize("grievances.cosign")]
RESPONSES = ("acknowledge", "answer", "close")


def _choices(app: Custodes, lang: str) -> dict[str, Any]:
    agencies = app.accounts.orgs(kind=OrgKind.AID_AGENCY, limit=200, offset=0).items
    return {"agencies": [(o.id, o.name) for o in agencies], "governorates": app.grievances.governorates(lang),
            "categories": CATEGORIES,
            "addressees": ADDRESSEES}


def _form(request: Request, app: Custodes, who: Principal, values: Mapping[str, Any],
          error: Refusal | None = None) -> HTMLResponse:
    return show(request, "forms/grievance.html", who, values, error, **_choices(app, request_language(request)))


@router.get("/forms/grievance")
def grievance_form(request: Request, app: AppDep, who: Filer) -> HTMLResponse:
    return _form(request, app, who, {"language": request_language(request)})


@router.post("/forms/grievance")
def file(request: Request, web: WebDep, who: Filer, form: Fields) -> Response:
    app = web.custodes
    try:
        limit_public_filing(web, request, who)
    except ProblemError as e:
        return _form(request, app, who, form, Refusal(e.status, e.detail, None, e.code))
    try:
        addressee = choice(form, "addressee", ADDRESSEES)
        g = app.grievances.file(
            FILE_ACTOR, addressee=addressee, agency=text(form, "agency", required=False, max_length=64) or None,
            category=choice(form, "category", CATEGORIES), language=choice(form, "language", ("en", "ar")),
            subject=text(form, "subject"), text=text(form, "text", max_length=8000),
            complainant=text(form, "complainant", required=False) or None,
            pcode=text(form, "pcode", required=False, max_length=20) or None, filed_by=who.account)
    except CustodesError as e:
        return _form(request, app, who, form, refusal(e))
    return done(f"/records/grievances/{g['id']}")


def _grievance_page(request: Request, app: Custodes, who: Principal, gid: str, values: Any = None,
                    error: Refusal | None = None) -> HTMLResponse:
    g = app.grievances.get_for(who, gid)  # custodes.grievances.visibility: content and restricted part
    extra = g["restricted"]
    restricted = None if extra is None else {
        "complainant": extra["complainant"],
        "place": (extra["lat"], extra["lon"]) if extra["lat"] is not None else None}
    answers = allows(who, "grievances.respond") and app.grievances.may_answer(who, gid)
    return show(request, "records/grievance.html", who, values, error, g=g, restricted=restricted,
                answers=answers, responses=RESPONSES,
                may_cosign=allows(who, "grievances.cosign") and who.org not in g["cosigned_by"])


@router.get("/records/grievances/{grievance_id}")
def grievance(request: Request, app: AppDep, who: Reader, grievance_id: IdPath) -> HTMLResponse:
    return _grievance_page(request, app, who, grievance_id)


@router.post("/records/grievances/{grievance_id}/respond")
def respond(request: Request, app: AppDep, who: Responder, grievance_id: IdPath, form: Fields) -> Response:
    try:
        action, words = choice(form, "action", RESPONSES), text(form, "answer", required=False, max_length=8000)
        if action == "acknowledge":
            app.grievances.acknowledge(actor_of(who), grievance_id, answerer=who)
        elif action == "answer":
            app.grievances.answer(actor_of(who), grievance_id, text(form, "answer", max_length=8000), answerer=who)
        else:
            app.grievances.close(actor_of(who), grievance_id, note=words, answerer=who)
    except CustodesError as e:
        return _grievance_page(request, app, who, grievance_id, form, refusal(e))
    return done(f"/records/grievances/{grievance_id}")


@router.post("/records/grievances/{grievance_id}/cosign")
def cosign(request: Request, app: AppDep, who: Cosigner, grievance_id: IdPath) -> Response:
    org = who.organisation()
    try:
        app.grievances.cosign(actor_of(who), grievance_id, org)
    except CustodesError as e:
        return _grievance_page(request, app, who, grievance_id, None, refusal(e))
    return done(f"/records/grievances/{grievance_id}")
