"""Aid form: an agency notifies a static humanitarian site; the force then deconflicts or refuses it.

As ``POST /api/v1/aid/notifications/sites`` (action ``aid.notify``, in the agency's own name, at least the
lead time ahead): the place is a known facility from the profile or a point (lon, lat, WGS 84). The record
page is the notification's (``forms_aid``), which shows the exact place (``site.exact_location``) and the
contact (``notification.contact``) only to the roles the policy names and to the notifying agency, and
offers the force's deconflict-or-refuse form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.aid.notify import SITE_CATEGORIES
from custodes.app import Custodes
from custodes.errors import CustodesError, InputError
from custodes.web.deps import AppDep, authorize
from custodes.web.schemas_aid import guard_endpoint, local_time
from custodes.web.ui.forms import Fields, Refusal, choice, done, instant, number, refusal, show, text
from custodes.web.ui.forms_aid import SITE_KINDS
from custodes.web.ui.render import request_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Notifier = Annotated[Principal, authorize("aid.notify")]


def facilities(app: Custodes, lang: str) -> list[tuple[str, str]]:
    """The profile's hospitals and clinics, by name (schools are too many for a list; a point is allowed)."""
    return sorted(((s.id, f"{s.name_ar if lang == 'ar' else s.name} ({s.category}, {s.pcode})")
                   for s in app.aid.planner.sites().values() if s.category in SITE_KINDS), key=lambda p: p[1])


def place_of(form: Mapping[str, str], known: Mapping[str, Any]) -> str:
    """A known facility's id, or ``lon,lat`` from the two point fields; exactly one of them."""
    facility = choice(form, "facility", tuple(known), required=False)
    lon = number(form, "lon", low=-180, high=180, required=False)
    lat = number(form, "lat", low=-90, high=90, required=False)
    if facility and (lon is not None or lat is not None):
        raise InputError("give a known facility or a point (longitude and latitude), not both", field="facility")
    if facility:
        return facility
    if lon is None or lat is None:
        raise InputError("choose a known facility, or give both the longitude and the latitude",
                         field="lon" if lon is None else "lat")
    return f"{lon},{lat}"


def _form(request: Request, app: Custodes, who: Principal, values: Mapping[str, Any],
          error: Refusal | None = None) -> HTMLResponse:
    return show(request, "forms/site.html", who, values, error, categories=SITE_CATEGORIES,
                facilities=facilities(app, request_language(request)), lead_hours=app.aid.notifier.lead_hours,
                timezone=app.profile.timezone)


@router.get("/forms/site")
def site_form(request: Request, app: AppDep, who: Notifier) -> HTMLResponse:
    start = (app.clock() + dt.timedelta(hours=app.aid.notifier.lead_hours + 24)).replace(minute=0, second=0,
                                                                                         microsecond=0)
    local = start.astimezone(ZoneInfo(app.profile.timezone))
    return _form(request, app, who, {"start": local.strftime("%Y-%m-%dT%H:%M")})


@router.post("/forms/site")
def notify_site(request: Request, app: AppDep, who: Notifier, form: Fields) -> Response:
    org = who.organisation()
    try:
        name = text(form, "name", max_length=200)
        category = choice(form, "category", SITE_CATEGORIES)
        place = place_of(form, app.aid.planner.sites())
        guard_endpoint(app, who, place)
        start = local_time(app, instant(form, "start", aware=False))
        end = local_time(app, instant(form, "end", aware=False)) if form.get("end", "").strip() else None
        if end is not None and end <= start:
            raise InputError("the site's use ends before it starts", field="end")
        n = app.aid.notifier.notify_site(actor=actor_of(who), agency=org, name=name, category=category, start=start,
                                         place=place, end=end, contact=text(form, "contact", required=False))
    except CustodesError as e:
        return _form(request, app, who, form, refusal(e))
    return done(f"/records/notifications/{n.id}")
