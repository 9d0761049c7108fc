"""What the aid API and the aid pages share: the restricted fields of a notification, the view of one for a
caller, mission-time input, and the guard on notified sites as a route's end.

A notification's public view holds the governorate, never a site's place, a movement's route or a contact; the
restricted parts go to the roles the policy lets see them (``FIELDS``) and to the notifying agency itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, overload
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from custodes.accounts.model import OrgKind, Role
from custodes.accounts.policy import Principal, acts_for, declare, may_see
from custodes.aid.model import Notification
from custodes.app import Custodes
from custodes.errors import NotFound, PermissionDenied

__all__ = ["CONTACT", "PLACE", "ROUTE", "WHEN", "NotificationOut", "RestrictedOut", "guard_endpoint", "local_time",
           "notification_out", "sees"]

#: a notified site's exact place (shared with the security pillar's sites)
PLACE = "site.exact_location"
#: a notified movement's route
ROUTE = "movement.route"
#: the contact person of a notification
CONTACT = "notification.contact"
declare(fields={ROUTE: [Role.FORCE_HQ, Role.CONTINGENT], CONTACT: [Role.FORCE_HQ]})
WHEN = "a time without an offset is read in the mission's time zone"
Kind = Literal["site", "movement"]
State = Literal["notified", "deconflicted", "refused", "withdrawn"]


@overload
def local_time(app: Custodes, t: dt.datetime) -> dt.datetime: ...
@overload
def local_time(app: Custodes, t: dt.datetime | None) -> dt.datetime | None: ...
def local_time(app: Custodes, t: dt.datetime | None) -> dt.datetime | None:
    """``t`` with the mission's time zone when it has none (as the CLI reads times)."""
    return t if t is None or t.tzinfo is not None else t.replace(tzinfo=ZoneInfo(app.profile.timezone))


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


def sees(who: Principal, n: Notification, field: str) -> bool:
    """Whether ``who`` sees ``field`` of ``n``: by role (policy FIELDS), or as the notifying agency."""
    return acts_for(who, n.agency, OrgKind.AID_AGENCY) or may_see(who.role, field)


def notification_out(app: Custodes, who: Principal, n: Notification) -> NotificationOut:
    """The notification as ``who`` may see it: the public view, plus the restricted parts it may see."""
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
