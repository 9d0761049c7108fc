"""Aid forms: notify a movement and see its deconfliction; register and move a consignment.

An aid agency notifies convoy movements in its own name (OCHA's notification system: at least the lead
time ahead; a route through an active hazard zone is refused unless sent flagged); the force headquarters
deconflicts or refuses with a reason; the agency withdraws its own. The record page shows what the API's
``/api/v1/aid/notifications/{id}`` shows the same caller (the same view: custodes.web.schemas_aid): the
route and contact only to the roles the policy names and to the notifying agency. Times without an offset
are in the mission's time zone, as in the API and the CLI. Consignments: the agency registers its own and
moves only its own, as the API does (the aid domain refuses another's in the unit of work of the move).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from custodes.accounts.model import OrgKind, Role
from custodes.accounts.policy import Principal, acts_for
from custodes.accounts.service import actor_of
from custodes.aid.model import CONSIGNMENT, INTERCEPTORS
from custodes.app import Custodes
from custodes.errors import CustodesError
from custodes.web.deps import AppDep, authorize
from custodes.web.inputs import IdPath
from custodes.web.schemas_aid import guard_endpoint, local_time, notification_out
from custodes.web.ui.forms import Fields, choice, day, done, instant, number, refusal, show, text, whole
from custodes.web.ui.render import page, request_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Notifier = Annotated[Principal, authorize("aid.notify")]
Decider = Annotated[Principal, authorize("aid.deconflict")]
Agency = Annotated[Principal, authorize("aid.consignments")]
AidReader = Annotated[Principal, authorize("aid.read")]
#: the profile sites offered as ends of a movement (schools are too many for a list; a point is allowed)
SITE_KINDS = ("hospital", "clinic")
MOVE_ACTIONS = tuple(sorted({a for _, a in CONSIGNMENT.table}))


def places(app: Custodes, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Ends of a movement, grouped: crossings, then hospitals and clinics from the profile."""
    sites = sorted(((s.id, f"{s.name_ar if lang == 'ar' else s.name} ({s.category}, {s.pcode})")
                    for s in app.aid.planner.sites().values() if s.category in SITE_KINDS), key=lambda p: p[1])
    return [("ui.aid.crossings", crossing_choices(app, lang)), ("ui.aid.sites", sites)]


def crossing_choices(app: Custodes, lang: str) -> list[tuple[str, str]]:
    return [(c.id, c.name_ar if lang == "ar" else c.name_en) for c in app.aid.crossings(app.clock())]


def _local_input(app: Custodes, t: dt.datetime) -> str:
    return t.astimezone(ZoneInfo(app.profile.timezone)).strftime("%Y-%m-%dT%H:%M")


def _local(app: Custodes, form: Mapping[str, str], name: str) -> dt.datetime:
    return local_time(app, instant(form, name, aware=False))


# -- notify a movement -----------------------------------------------------------------------------------
def _notify_form(request: Request, app: Custodes, who: Principal, values: dict[str, Any],
                 error: Any = None, hazards: Any = None) -> HTMLResponse:
    return show(request, "forms/notify.html", who, values, error, places=places(app, request_language(request)),
                lead_hours=app.aid.notifier.lead_hours, hazards=hazards, timezone=app.profile.timezone)


@router.get("/forms/notify")
def notify_form(request: Request, app: AppDep, who: Notifier) -> HTMLResponse:
    start = (app.clock() + dt.timedelta(hours=app.aid.notifier.lead_hours + 24)).replace(minute=0, second=0,
                                                                                         microsecond=0)
    return _notify_form(request, app, who, {"start": _local_input(app, start),
                                            "end": _local_input(app, start + dt.timedelta(hours=6)), "vehicles": "1"})


@router.post("/forms/notify")
def notify(request: Request, app: AppDep, who: Notifier, form: Fields) -> Response:
    org = who.organisation()
    try:
        origin, destination = text(form, "origin", max_length=80), text(form, "destination", max_length=80)
        for ref in (origin, destination):
            guard_endpoint(app, who, ref)
        start, end = _local(app, form, "start"), _local(app, form, "end")
        vehicles = whole(form, "vehicles", low=1, high=500)
        n = app.aid.notifier.notify_movement(
            actor=actor_of(who), agency=org, origin=origin, destination=destination, start=start, end=end,
            vehicles=vehicles, contact=text(form, "contact", required=False), accept_hazards=bool(form.get("flagged")))
    except CustodesError as e:
        hazards = None
        if getattr(e, "name", "") == "notification.crosses_hazard":
            hazards = app.aid.notifier.check_movement(origin, destination, start, end).hazards
        return _notify_form(request, app, who, form, refusal(e), hazards)
    return done(f"/records/notifications/{n.id}")


@router.get("/records/notifications/{notification_id}")
def notification(request: Request, app: AppDep, who: AidReader, notification_id: IdPath) -> HTMLResponse:
    return _notification_page(request, app, who, notification_id)


def _notification_page(request: Request, app: Custodes, who: Principal, nid: str, values: Any = None,
                       error: Any = None) -> HTMLResponse:
    n = notification_out(app, who, app.aid.notifier.get(nid))  # the API's view for this caller
    mine = who.role is Role.AID_AGENCY and acts_for(who, n.agency, OrgKind.AID_AGENCY)
    return show(request, "records/notification.html", who, values, error, n=n, mine=mine)


@router.post("/records/notifications/{notification_id}/decide")
def decide(request: Request, app: AppDep, who: Decider, notification_id: IdPath, form: Fields) -> Response:
    try:
        action = choice(form, "action", ("deconflict", "refuse"))
        reason = text(form, "reason", required=False, max_length=2000)
        app.aid.notifier.decide(notification_id, action, reason, actor=actor_of(who))
    except CustodesError as e:
        return _notification_page(request, app, who, notification_id, form, refusal(e))
    return done(f"/records/notifications/{notification_id}")


@router.post("/records/notifications/{notification_id}/withdraw")
def withdraw(request: Request, app: AppDep, who: Notifier, notification_id: IdPath) -> Response:
    """The notifying agency withdraws its notification (before or after deconfliction)."""
    try:
        app.aid.notifier.withdraw_own(notification_id, actor=actor_of(who), agency=who.org)
    except CustodesError as e:
        return _notification_page(request, app, who, notification_id, None, refusal(e))
    return done(f"/records/notifications/{notification_id}")


# -- consignments ------------------------------------------------------------------------------------------
def _own_open(app: Custodes, who: Principal) -> list[tuple[str, str]]:
    """The agency's consignments that can still move, newest first (the latest 200 of its own)."""
    found = app.aid.consignments(limit=200, offset=0, agency=who.org, exercise=None)
    return [(c.id, f"{c.id} · {c.category} · {c.trucks} trucks · {c.state}") for c in found
            if c.state not in CONSIGNMENT.final]


@router.get("/forms/consignment")
def consignment_form(request: Request, app: AppDep, who: Agency) -> HTMLResponse:
    return _consignment_form(request, app, who, {"trucks": "1", "date": app.today().isoformat()})


def _consignment_form(request: Request, app: Custodes, who: Principal, values: Any, error: Any = None
                      ) -> HTMLResponse:
    crossings = crossing_choices(app, request_language(request))
    return show(request, "forms/consignment.html", who, values, error, crossings=crossings)


@router.post("/forms/consignment")
def register(request: Request, app: AppDep, who: Agency, form: Fields) -> Response:
    org = who.organisation()
    try:
        crossings = {c.id for c in app.aid.crossings(app.clock())}
        trucks = whole(form, "trucks", low=1, high=10_000)
        c = app.aid.register_consignment(
            actor=actor_of(who), agency=org, crossing=choice(form, "crossing", tuple(crossings)),
            category=text(form, "category"), trucks=trucks, tonnes=number(form, "tonnes", low=0, high=1e6,
                                                                          required=False),
            donor=text(form, "donor", required=False), destination=text(form, "destination", required=False),
            description=text(form, "description", required=False, max_length=2000),
            date=day(form, "date", required=False))
    except CustodesError as e:
        return _consignment_form(request, app, who, form, refusal(e))
    return done(f"/records/consignments/{c.id}")


@router.get("/forms/move")
def move_form(request: Request, app: AppDep, who: Agency, consignment: str = "") -> HTMLResponse:
    return show(request, "forms/move.html", who, {"consignment": consignment}, None,
                consignments=_own_open(app, who), actions=MOVE_ACTIONS, interceptors=INTERCEPTORS)


@router.post("/forms/move")
def move(request: Request, app: AppDep, who: Agency, form: Fields) -> Response:
    try:
        cid = text(form, "consignment", max_length=64)
        action = choice(form, "action", MOVE_ACTIONS)
        by = choice(form, "by", INTERCEPTORS, required=False) or None
        app.aid.move_own_consignment(cid, action, actor=actor_of(who), agency=who.org, by=by,
                                     note=text(form, "note", required=False, max_length=2000))
    except CustodesError as e:
        return show(request, "forms/move.html", who, form, refusal(e), consignments=_own_open(app, who),
                    actions=MOVE_ACTIONS, interceptors=INTERCEPTORS)
    return done(f"/records/consignments/{cid}")


@router.get("/records/consignments/{consignment_id}")
def consignment(request: Request, app: AppDep, who: AidReader, consignment_id: IdPath) -> HTMLResponse:
    c = app.aid.consignment(consignment_id)
    mine = acts_for(who, c.agency, OrgKind.AID_AGENCY) and who.role is Role.AID_AGENCY
    return page(request, "records/consignment.html", who, c=c, mine=mine,
                next_actions=CONSIGNMENT.actions(c.state))
