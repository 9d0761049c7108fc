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
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from custodes.accounts.model import Role
from custodes.accounts.policy import ALL_ROLES, Principal, declare
from custodes.accounts.service import actor_of
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.inputs import IdPath, LongText, ShortText
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of
from custodes.web.schemas_aid import (
    WHEN,
    Kind,
    NotificationOut,
    State,
    guard_endpoint,
    local_time,
    notification_out,
)

__all__ = ["router"]

declare({"aid.read": ALL_ROLES, "aid.notify": [Role.AID_AGENCY], "aid.deconflict": [Role.FORCE_HQ]})

router = APIRouter(prefix="/api/v1/aid/notifications", tags=["aid"])
Reader = Annotated[Principal, authorize("aid.read")]
Notifier = Annotated[Principal, authorize("aid.notify")]
Force = Annotated[Principal, authorize("aid.deconflict")]
# SITE_CATEGORIES spelt out for the OpenAPI schema; tests/web/test_web_choices.py holds them equal
Category = Literal["warehouse", "clinic", "hospital", "school", "shelter", "distribution_point", "office",
                   "water_point", "other"]
Ref = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]*$",
                           description="a crossing id, a profile site id (osm-...), a notified site id or "
                                       "lon,lat (WGS 84)")]


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


# -- reading ------------------------------------------------------------------------------------------
@router.get("", responses=responses(422))
def notifications(app: AppDep, who: Reader, page: Paged,
                  kind: Annotated[Kind | None, Query(description="sites or movements")] = None,
                  state: Annotated[State | None, Query()] = None,
                  agency: Annotated[str | None, Query(max_length=64, description="only this agency's")] = None,
                  records: Records = "real") -> Page[NotificationOut]:
    """Notifications, latest start first: the public view, plus what the caller may see."""
    found = app.aid.notifier.list(kind=kind, state=state, agency=agency, exercise=exercise_of(records),
                                  limit=page.limit, offset=page.offset)
    return Page.of([notification_out(app, who, n) for n in found], found.total, page)


@router.get("/{notification_id}", responses=responses(404, 422))
def notification(app: AppDep, who: Reader, notification_id: IdPath) -> NotificationOut:
    return notification_out(app, who, app.aid.notifier.get(notification_id))


# -- notifying -----------------------------------------------------------------------------------------
@router.post("/sites", status_code=201, responses=responses(401, 403, 404, 409, 422))
def notify_site(app: AppDep, who: Notifier, body: SiteIn) -> NotificationOut:
    """Notify a static site in the caller's agency's name (409 ``notification.too_late`` inside the lead time)."""
    org = who.organisation()
    guard_endpoint(app, who, body.place)
    start = local_time(app, body.start)
    n = app.aid.notifier.notify_site(actor=actor_of(who), agency=org, name=body.name, category=body.category,
                                     start=start, place=body.place, end=local_time(app, body.end),
                                     contact=body.contact)
    return notification_out(app, who, n)


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
    n = app.aid.notifier.notify_movement(actor=actor_of(who), agency=org, origin=body.origin,
                                         destination=body.destination, start=start, end=end,
                                         vehicles=body.vehicles, contact=body.contact,
                                         accept_hazards=body.accept_hazards)
    return notification_out(app, who, n)


# -- deciding -------------------------------------------------------------------------------------------
@router.post("/{notification_id}/deconflict", responses=responses(401, 403, 404, 409, 422))
def deconflict(app: AppDep, who: Force, notification_id: IdPath) -> NotificationOut:
    """The force acknowledges the site or movement as deconflicted."""
    return notification_out(app, who, app.aid.notifier.decide(notification_id, "deconflict", actor=actor_of(who)))


@router.post("/{notification_id}/refuse", responses=responses(401, 403, 404, 409, 422))
def refuse(app: AppDep, who: Force, notification_id: IdPath, body: RefuseIn) -> NotificationOut:
    """The force refuses it, saying why (public)."""
    n = app.aid.notifier.decide(notification_id, "refuse", body.reason, actor=actor_of(who))
    return notification_out(app, who, n)


@router.post("/{notification_id}/withdraw", responses=responses(401, 403, 404, 409, 422))
def withdraw(app: AppDep, who: Notifier, notification_id: IdPath) -> NotificationOut:
    """The notifying agency withdraws its own notification."""
    n = app.aid.notifier.withdraw_own(notification_id, actor=actor_of(who), agency=who.org)
    return notification_out(app, who, n)
