"""Incident forms: anyone reports (the public anonymously, rate-limited); monitors review and verify.

As the API: an account's report names the account as its reporter (restricted) and its organisation as the
owner; a public report is anonymous unless it leaves a contact. Confirmations from monitors of distinct
organisations verify an incident. The record page shows everyone the public view (a hidden place coarsened
to its governorate); the reporter and the exact place only to the roles the policy names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.app import Custodes
from custodes.errors import CustodesError, InputError
from custodes.incidents.model import ACTOR_TYPES, EVENT_TYPES
from custodes.web.deps import AppDep, WebDep, authorize, limit_public_filing
from custodes.web.inputs import IdPath
from custodes.web.problems import ProblemError
from custodes.web.schemas_incidents import REPORT_ACTOR
from custodes.web.ui.forms import Fields, Refusal, choice, day, done, number, refusal, show, text, whole

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Reporter = Annotated[Principal, authorize("incidents.report")]
Reader = Annotated[Principal, authorize("incidents.read")]
Verifier = Annotated[Principal, authorize("incidents.verify")]
#: one choice per ACLED event and sub-event type, "event type|sub-event type"
KINDS: dict[str, tuple[str, str]] = {f"{e}|{s}": (e, s) for e, subs in EVENT_TYPES.items() for s in subs}
VERIFY_ACTIONS = ("review", "confirm", "unverify", "reject")


def _form(request: Request, who: Principal, values: Mapping[str, Any], error: Refusal | None = None
          ) -> HTMLResponse:
    return show(request, "forms/incident.html", who, values, error, event_types=EVENT_TYPES,
                actor_types=sorted(ACTOR_TYPES.items()))


@router.get("/forms/incident")
def incident_form(request: Request, app: AppDep, who: Reporter) -> HTMLResponse:
    return _form(request, who, {"event_date": app.today().isoformat(), "fatalities": "0"})


@router.post("/forms/incident")
def report(request: Request, web: WebDep, who: Reporter, form: Fields) -> Response:
    app = web.custodes
    try:
        limit_public_filing(web, request, who)
    except ProblemError as e:
        return _form(request, who, form, Refusal(e.status, e.detail, None, e.code))
    try:
        event_type, sub_event_type = KINDS[choice(form, "kind", KINDS)]
        event_date, inter1 = day(form, "event_date"), whole(form, "inter1", low=1, high=8)
        lat, lon = number(form, "lat", low=-90, high=90), number(form, "lon", low=-180, high=180)
        fatalities = whole(form, "fatalities", low=0, high=1_000_000, required=False) or 0
        contact = text(form, "reporter", required=False) if not who.authenticated else ""
        pub = app.incidents.report(
            REPORT_ACTOR, event_date=event_date, event_type=event_type, sub_event_type=sub_event_type,
            actor1=text(form, "actor1"), inter1=inter1, lat=lat, lon=lon,
            location=text(form, "location", required=False), hide_location=bool(form.get("hide_location")),
            fatalities=fatalities, civilian_targeting=bool(form.get("civilian_targeting")),
            notes=text(form, "notes", required=False, max_length=8000),
            reporter=actor_of(who) if who.authenticated else (contact or None),
            organisation=who.org if who.authenticated else None)
    except CustodesError as e:
        return _form(request, who, form, refusal(e))
    return done(f"/records/incidents/{pub['id']}")


def _incident_page(request: Request, app: Custodes, who: Principal, iid: str, values: Any = None,
                   error: Refusal | None = None) -> HTMLResponse:
    pub = app.incidents.get_for(who, iid)  # the public view and what the policy lets ``who`` see
    extra = pub["restricted"]
    restricted = None if extra is None else {
        "reporter": extra["reporter"],
        "place": (extra["lat"], extra["lon"], extra["location"]) if extra["lat"] is not None else None}
    return show(request, "records/incident.html", who, values, error, i=pub, restricted=restricted,
                needed=app.incidents.confirmations_needed, actions=VERIFY_ACTIONS)


@router.get("/records/incidents/{incident_id}")
def incident(request: Request, app: AppDep, who: Reader, incident_id: IdPath) -> HTMLResponse:
    return _incident_page(request, app, who, incident_id)


@router.post("/records/incidents/{incident_id}/verify")
def verify(request: Request, app: AppDep, who: Verifier, incident_id: IdPath, form: Fields) -> Response:
    org = who.organisation()
    try:
        action, note = choice(form, "action", VERIFY_ACTIONS), text(form, "note", required=False, max_length=8000)
        actor = actor_of(who)
        if action == "review":
            app.incidents.start_review(actor, incident_id)
        elif action == "confirm":
            app.incidents.confirm(actor, incident_id, org, note=note)
        elif not note:
            raise InputError(f"{action} needs a reason", field="note")
        elif action == "unverify":
            app.incidents.unverify(actor, incident_id, note)
        else:
            app.incidents.reject(actor, incident_id, note)
    except CustodesError as e:
        return _incident_page(request, app, who, incident_id, form, refusal(e))
    return done(f"/records/incidents/{incident_id}")
