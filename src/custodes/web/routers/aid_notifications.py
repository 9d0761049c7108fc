"""``/api/v1/aid/notifications``: humanitarian notification of sites and convoy movements (after OCHA's HNS).

An aid agency notifies its sites and movements in its own name, at least the profile's lead time ahead; a
movement whose route crosses a zone active in its window is refused (409 ``notification.crosses_hazard``)
unless the agency sends it flagged. The force headquarters deconflicts or refuses with a reason; the
notifying agency withdraws its own. Everyone reads the public view (the governorate, no place, route or
contact); the restricted parts go to the roles the policy lets see them (``FIELDS``) and to the notifying
agency itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, overload
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from custodes.accounts.model import OrgKind, Role
from custodes.accounts.policy import ALL_ROLES, Principal, acts_for, declare, may_see
from custodes.accounts.service import actor_of
from custodes.aid.model import Notification
from custodes.app import Custodes
from custodes.errors import NotFound, PermissionDenied
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.inputs import IdPath, LongText, ShortText
from custodes.web.pagination import Page
from custodes.web.problems import responses

__all__ = ["CONTACT", "PLACE", "ROUTE", "guard_endpoint", "local_time", "router"]

#: a notified site's exact place (shared with the security pillar's sites)
PLACE = "site.exact_location"
#: a notified movement's route
ROUTE = "movement.route"
#: the contact person of a notification
CONTACT = "notification.contact"
declare({"aid.read": ALL_ROLES, "aid.notify": [Role.AID_AGENCY], "aid.deconflict": [Role.FORCE_HQ]},
        {ROUTE: [Role.FORCE_HQ, Role.CONTINGENT], CONTACT: [Role.FORCE_HQ]})

router = APIRouter(prefix="/api/v1/aid/notifications", tags=["aid"])
Reader = Annotated[Principal, authorize("aid.read")]
Notifier = Annotated[Principal, authorize("aid.notify")]
Force = Annotated[Principal, authorize("aid.deconflict")]
Kind = Literal["site", "movement"]
State = Literal["notified", "deconflicted", "refused", "withdrawn"]
# SITE_CATEGORIES spelt out for the OpenAPI schema; tests/web/test_web_choices.py holds them equal
Category = Literal["warehouse", "clinic", "hospital", "school", "shelter", "distribution_point", "office",
                   "water_point", "other"]
Ref = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]*$",
                           description="a crossing id, a profile site id (osm-...), a notified site id or "
                                       "lon,lat (WGS 84)")]
WHEN = "a time without an offset is read in the mission's time zone"


@overload
def local_time(app: Custodes, t: dt.datetime) -> dt.datetime: ...
@overload
def local_time(app: Custodes, t: dt.datetime | None) -> dt.datetime | None: ...
def local_time(app: Custodes, t: dt.datetime | None) -> dt.datetime | None:
    """``t`` with the mission's time zone when it has none (as the CLI reads times)."""
    return t if t is None or t.tzinfo is not None else t.replace(tzinfo=ZoneInfo(app.profile.timezone))


# -- schemas ------------------------------------------------------------------------------------------
class SiteIn(BaseModel):
    name: ShortText = Field(min_length=1, description="public: what the site is, not who is there")
    category: Category
    place: Ref
    start: dt.datetime = Field(description=f"in use from ({WHEN})")
    end: dt.datetime | None = Field(default=None, description="in use until (open-ended if null)")
    contact: ShortText = Field(default="", description="restricted: the force and the agency only")


class MovementIn(BaseModel):
    origin: Ref
    destination: Ref
    start: dt.datetime = Field(description=f"the window's start ({WHEN})")
    end: dt.datetime
    vehicles: int = Field(ge=1, le=1000)
    contact: ShortText = Field(min_length=1, description="restricted: the convoy's contact for the force")
    accept_hazards: bool = Field(default=False, description="send it even though the route crosses an active "
                                 "zone (the notification is flagged with those zones)")


class CheckIn(BaseModel):
    origin: Ref
    destination: Ref
    start: dt.datetime = Field(description=WHEN)
    end: dt.datetime


class HazardOut(BaseModel):
    id: str
    name: str
    kind: str


class CheckOut(BaseModel):
    length_m: float
    route_points: int
    hazards: list[HazardOut] = Field(description="zones active in the window that the route crosses")


class RefuseIn(BaseModel):
    reason: LongText = Field(min_length=1, description="public: why the movement or site is refused")


class RestrictedOut(BaseModel):
    """The restricted parts, each null where the caller may not see it."""

    lon: float | None = Field(description="a site's exact place")
    lat: float | None
    route: list[list[float]] | None = Field(description="a movement's route, [lon, lat] points")
    contact: str | None


class NotificationOut(BaseModel):
    id: str
    kind: Kind
    state: State
    agency: str
    name: str = Field(description="a movement's ends that are not public places are withheld in the public view")
    category: str
    pcode: str | None = Field(description="the governorate (a movement's: where it starts)")
    start: dt.datetime
    end: dt.datetime | None
    vehicles: int | None
    hazards: list[str] = Field(description="active zones the site or route touches (sent flagged)")
    reason: str = Field(description="a refusal's reason")
    exercise: bool
    restricted: RestrictedOut | None = Field(description="null for callers who see none of it")


# -- views -----------------------------------------------------------------------------------------------
def _public_refs(app: Custodes) -> set[str]:
    return {c.id for c in app.profile.crossings} | set(app.aid.planner.sites())


def _public_name(app: Custodes, n: Notification) -> str:
    """A movement's name is ``FROM to TO``; an end that is a point or a notified site is withheld."""
    if n.kind != "movement":
        return n.name
    ends = n.name.split(" to ")
    public = _public_refs(app)
    if len(ends) != 2:
        return "(places withheld)"
    return " to ".join(e if e.strip() in public else "(place withheld)" for e in ends)


def _own(who: Principal, n: Notification) -> bool:
    return acts_for(who, n.agency, OrgKind.AID_AGENCY)


def sees(who: Principal, n: Notification, field: str) -> bool:
    """Whether ``who`` sees ``field`` of ``n``: by role (policy FIELDS), or as the notifying agency."""
    return _own(who, n) or may_see(who.role, field)


def _out(app: Custodes, who: Principal, n: Notification) -> NotificationOut:
    place = n.kind == "site" and sees(who, n, PLACE)
    route = n.kind == "movement" and sees(who, n, ROUTE)
    contact = sees(who, n, CONTACT)
    restricted = None if not (place or route or contact) else RestrictedOut(
        lon=n.lon if place else None, lat=n.lat if place else None,
        route=[list(p) for p in n.route] if route else None, contact=n.contact if contact else None)
    return NotificationOut(
        id=n.id, kind=n.kind, state=n.state, agency=n.agency,  # type: ignore[arg-type]
        name=n.name if route else _public_name(app, n), category=n.category, pcode=n.pcode, start=n.start,
        end=n.end, vehicles=n.vehicles, hazards=list(n.hazards), reason=n.reason, exercise=n.exercise,
        restricted=restricted)


def guard_endpoint(app: Custodes, who: Principal, ref: str) -> None:
    """Refuse a notified site as a route's end to callers who may not see its place (the route would show it)."""
    ref = ref.strip()
    if "," in ref:
        return
    try:
        n = app.aid.notifier.get(ref)
    except NotFound:
        return
    if n.kind == "site" and not sees(who, n, PLACE):
        raise PermissionDenied(f"{ref} is a site notified by {n.agency}; its place is restricted, so it cannot "
                               "be a route's end for this caller (give lon,lat or a crossing)")


# -- reading ------------------------------------------------------------------------------------------
@router.get("", responses=responses(422))
def notifications(app: AppDep, who: Reader, page: Paged,
                  kind: Annotated[Kind | None, Query(description="sites or movements")] = None,
                  state: Annotated[State | None, Query()] = None,
                  agency: Annotated[str | None, Query(max_length=64, description="only this agency's")] = None,
                  ) -> Page[NotificationOut]:
    """Notifications, latest start first: the public view, plus what the caller may see."""
    total, items = app.aid.notifier.list(kind=kind, state=state, agency=agency, limit=page.limit,
                                         offset=page.offset)
    return Page.of([_out(app, who, n) for n in items], total, page)


@router.get("/{notification_id}", responses=responses(404, 422))
def notification(app: AppDep, who: Reader, notification_id: IdPath) -> NotificationOut:
    return _out(app, who, app.aid.notifier.get(notification_id))


# -- notifying -----------------------------------------------------------------------------------------
@router.post("/sites", status_code=201, responses=responses(401, 403, 404, 409, 422))
def notify_site(app: AppDep, who: Notifier, body: SiteIn) -> NotificationOut:
    """Notify a static site in the caller's agency's name (409 ``notification.too_late`` inside the lead time)."""
    org = who.organisation()
    guard_endpoint(app, who, body.place)
    start = local_time(app, body.start)
    n = app.aid.notifier.notify_site(actor_of(who), agency=org, name=body.name, category=body.category,
                                     start=start, place=body.place, end=local_time(app, body.end),
                                     contact=body.contact)
    return _out(app, who, n)


@router.post("/movements/check", responses=responses(401, 403, 404, 409, 422))
def check_movement(app: AppDep, who: Notifier, body: CheckIn) -> CheckOut:
    """Before sending: the planned route's length and the zones active in the window that it crosses."""
    for ref in (body.origin, body.destination):
        guard_endpoint(app, who, ref)
    start, end = local_time(app, body.start), local_time(app, body.end)
    chk = app.aid.notifier.check_movement(body.origin, body.destination, start, end)
    return CheckOut.model_validate(chk.as_json())


@router.post("/movements", status_code=201, responses=responses(401, 403, 404, 409, 422))
def notify_movement(app: AppDep, who: Notifier, body: MovementIn) -> NotificationOut:
    """Notify a convoy movement in the caller's agency's name, over the planned safe route."""
    org = who.organisation()
    for ref in (body.origin, body.destination):
        guard_endpoint(app, who, ref)
    start, end = local_time(app, body.start), local_time(app, body.end)
    n = app.aid.notifier.notify_movement(actor_of(who), agency=org, origin=body.origin,
                                         destination=body.destination, start=start, end=end,
                                         vehicles=body.vehicles, contact=body.contact,
                                         accept_hazards=body.accept_hazards)
    return _out(app, who, n)


# -- deciding -------------------------------------------------------------------------------------------
@router.post("/{notification_id}/deconflict", responses=responses(401, 403, 404, 409, 422))
def deconflict(app: AppDep, who: Force, notification_id: IdPath) -> NotificationOut:
    """The force acknowledges the site or movement as deconflicted."""
    return _out(app, who, app.aid.notifier.decide(actor_of(who), notification_id, "deconflict"))


@router.post("/{notification_id}/refuse", responses=responses(401, 403, 404, 409, 422))
def refuse(app: AppDep, who: Force, notification_id: IdPath, body: RefuseIn) -> NotificationOut:
    """The force refuses it, saying why (public)."""
    return _out(app, who, app.aid.notifier.decide(actor_of(who), notification_id, "refuse", body.reason))


@router.post("/{notification_id}/withdraw", responses=responses(401, 403, 404, 409, 422))
def withdraw(app: AppDep, who: Notifier, notification_id: IdPath) -> NotificationOut:
    """The notifying agency withdraws its own notification."""
    n = app.aid.notifier.get(notification_id)
    if not _own(who, n):
        raise PermissionDenied(f"notification {notification_id} was sent by {n.agency}, not by {who.org}")
    return _out(app, who, app.aid.notifier.decide(actor_of(who), notification_id, "withdraw"))
