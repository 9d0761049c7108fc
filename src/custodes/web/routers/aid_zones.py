"""``/api/v1/aid/zones`` and ``/api/v1/aid/route``: hazard and no-go zones, and safe routes around them.

Zones are safety information for everyone who moves: everyone reads them, with their geometry, window and
reason (all of which the public log holds in clear). The force headquarters declares and ends them.
Signed-in accounts plan routes (``custodes aid route``): the shortest route avoiding the zones active at a
time, or why there is none; a notified site is a route's end only for those who may see its place.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from custodes.accounts.model import Role
from custodes.accounts.policy import ACCOUNT_ROLES, ALL_ROLES, Principal, declare
from custodes.accounts.service import actor_of
from custodes.aid.planner import SCHEMATIC_LABEL
from custodes.geo.zones import Zone
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.inputs import Id, IdPath, LongText, ShortText
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of
from custodes.web.routers.force import GeoJSONGeometry
from custodes.web.schemas_aid import WHEN, guard_endpoint, local_time

__all__ = ["IMPORTED_NOTICE", "router"]

declare({"aid.read": ALL_ROLES, "aid.zones": [Role.FORCE_HQ], "aid.route": ACCOUNT_ROLES})

router = APIRouter(prefix="/api/v1/aid", tags=["aid"])
Reader = Annotated[Principal, authorize("aid.read")]
ZoneWriter = Annotated[Principal, authorize("aid.zones")]
Planner = Annotated[Principal, authorize("aid.route")]
ZoneKind = Literal["hazard", "no_go"]
IMPORTED_NOTICE = "OpenStreetMap roads as imported: NOT FOR NAVIGATION without checking every route on the ground"


def _place(alias: str) -> Any:
    return Query(alias=alias, min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]*$",
                 description="a crossing id, a profile site id, a notified site id or lon,lat")


class ZoneOut(BaseModel):
    id: str
    name: str
    kind: ZoneKind
    geometry: dict[str, Any] = Field(description="GeoJSON Polygon or MultiPolygon (WGS 84)")
    valid_from: dt.datetime
    valid_to: dt.datetime | None = Field(description="null: until ended")
    reason: str

    @classmethod
    def of(cls, z: Zone) -> ZoneOut:
        return cls.model_validate(z.as_json())


class ZoneIn(BaseModel):
    id: Id | None = Field(default=None, description="default: a new zone-... id")
    name: ShortText = Field(min_length=1)
    kind: ZoneKind
    geometry: GeoJSONGeometry = Field(description="a GeoJSON Polygon or MultiPolygon (WGS 84)")
    valid_from: dt.datetime = Field(description=WHEN)
    valid_to: dt.datetime | None = Field(default=None, description="open-ended if null")
    reason: LongText = Field(min_length=1, description="public: why the zone is declared")


class ZoneEndIn(BaseModel):
    at: dt.datetime | None = Field(default=None, description=f"default: now ({WHEN})")
    reason: LongText = ""


class SkirtOut(BaseModel):
    zone: str
    distance_m: float = Field(description="the route's closest approach to the zone")


class RouteOut(BaseModel):
    found: bool
    reason: str = Field(description="why there is no route (\"ok\" when there is one)")
    length_m: float
    coords: list[list[float]] = Field(description="[lon, lat] points, 6 decimals")
    avoided: list[str] = Field(description="the zones active at the time, which the route keeps out of")
    skirted: list[SkirtOut] = Field(description="active zones the route passes within 500 m of")
    snap_m: list[float] = Field(description="metres from each asked end to the road network")
    origin: str = Field(alias="from")
    destination: str = Field(alias="to")
    at: dt.datetime
    network: str
    notice: str = Field(description="what the road network is, and that it is not for navigation")
    attribution: str


# -- zones ------------------------------------------------------------------------------------------------
@router.get("/zones", responses=responses(422))
def zones(app: AppDep, who: Reader, page: Paged,
          at: Annotated[dt.datetime | None, Query(description=f"only zones active then ({WHEN})")] = None,
          kind: Annotated[ZoneKind | None, Query()] = None, records: Records = "real") -> Page[ZoneOut]:
    """Hazard and no-go zones, oldest first (all, or those active at a time)."""
    found = app.aid.zones(at=local_time(app, at), kind=kind, exercise=exercise_of(records), limit=page.limit,
                          offset=page.offset)
    return Page.of([ZoneOut.of(z) for z in found], found.total, page)


@router.post("/zones", status_code=201, responses=responses(401, 403, 422))
def add_zone(app: AppDep, who: ZoneWriter, body: ZoneIn) -> ZoneOut:
    """Declare a zone (force headquarters); routes avoid it while it is active."""
    start = local_time(app, body.valid_from)
    return ZoneOut.of(app.aid.declare_zone(actor=actor_of(who), name=body.name, kind=body.kind,
                                           geometry=body.geometry, valid_from=start,
                                           valid_to=local_time(app, body.valid_to), reason=body.reason, id=body.id))


@router.post("/zones/{zone_id}/end", responses=responses(401, 403, 404, 409, 422))
def end_zone(app: AppDep, who: ZoneWriter, zone_id: IdPath, body: ZoneEndIn) -> ZoneOut:
    """End a zone's validity (now by default); 409 ``zone.already_ended`` if it has ended."""
    return ZoneOut.of(app.aid.lift_zone(zone_id, actor=actor_of(who), at=local_time(app, body.at),
                                        reason=body.reason))


# -- routes -------------------------------------------------------------------------------------------------
@router.get("/route", response_model_by_alias=True, responses=responses(401, 403, 404, 422))
def route(app: AppDep, who: Planner, origin: Annotated[str, _place("from")],
          destination: Annotated[str, _place("to")],
          at: Annotated[dt.datetime | None, Query(description=f"default: now ({WHEN})")] = None) -> RouteOut:
    """The shortest route avoiding the zones active at a time, its length and the zones it skirts, or why
    there is none (``found`` false, with the ``reason``). Schematic unless a real network was imported."""
    for ref in (origin, destination):
        guard_endpoint(app, who, ref)
    r = app.aid.planner.route(origin, destination, local_time(app, at) or app.clock())
    x = r.extra
    return RouteOut.model_validate({
        "found": r.found, "reason": r.reason, "length_m": round(r.length_m, 1),
        "coords": [[round(lon, 6), round(lat, 6)] for lon, lat in r.coords], "avoided": list(r.avoided),
        "skirted": [{"zone": z, "distance_m": round(d, 1)} for z, d in r.skirted],
        "snap_m": [round(r.snap_m[0], 1), round(r.snap_m[1], 1)], "from": x["from"], "to": x["to"],
        "at": x["at"], "network": x["network"],
        "notice": SCHEMATIC_LABEL if x["network"] == SCHEMATIC_LABEL else IMPORTED_NOTICE,
        "attribution": x["attribution"]})
