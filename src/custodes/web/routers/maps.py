"""``/api/v1/map/{layer}``: the map's layers as GeoJSON, for the dashboard and the public portal.

One endpoint per layer (see :mod:`custodes.web.map_layers` for what each view holds). Answers are cached
in memory by the journal's size (every state change appends to the journal), the layer, its parameters
and the view the caller's role gets; the ``ETag`` says the same, so a client that sends ``If-None-Match``
gets ``304 Not Modified`` while nothing changed; larger answers go gzipped to clients that accept it.
Layers that are the same for everyone are ``Cache-Control: public``; role-aware ones are ``private`` and
vary by ``Authorization`` and ``Cookie`` (the edge makes every answer to a signed-in request ``no-store``:
custodes.web.headers).
Times default to now, taken to the minute (so answers stay cacheable for a minute).
The layers made of records take ``records=real|exercise`` (default: both), so a page that shows one kind
of records draws only those. The crossings layer takes it too, for the crossings' status; since a crossing
has one status at a time, its default is the real records, never a mix.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Callable, Hashable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from custodes.accounts.model import Role
from custodes.accounts.policy import ALL_ROLES, Principal, allows, declare, may_see
from custodes.errors import InputError
from custodes.web import map_layers
from custodes.web.deps import WebDep, WebState, authorize
from custodes.web.problems import responses
from custodes.web.schemas_aid import PLACE, ROUTE, WHEN, local_time

__all__ = ["CACHE_ENTRIES", "router"]

declare({"map.read": ALL_ROLES, "map.routes": [Role.FORCE_HQ, Role.CONTINGENT, Role.AID_AGENCY]})

router = APIRouter(prefix="/api/v1/map", tags=["map"])
Reader = Annotated[Principal, authorize("map.read")]
RouteReader = Annotated[Principal, authorize("map.routes")]
GEOJSON = "application/geo+json"
CACHE_ENTRIES = 64
#: answers larger than this many bytes are also kept gzipped, for clients that accept it
GZIP_FROM = 1024
MAX_WINDOW = dt.timedelta(days=366)
At = Annotated[dt.datetime | None, Query(description=f"the time (default now, to the minute; {WHEN})")]
Records = Annotated[Literal["real", "exercise"] | None,
                    Query(description="only the real records, or only the exercise ones (default: both)")]


#: a crossing has one status at a time, so its layer never mixes the two: real unless exercise is asked for
StatusRecords = Annotated[Literal["real", "exercise"] | None,
                          Query(description="the status from the real records (default) or the exercise ones")]


def _exercise(records: str | None) -> bool | None:
    return None if records is None else records == "exercise"

_COLLECTION = {"type": "object", "required": ["type", "layer", "view", "features"], "properties": {
    "type": {"type": "string", "enum": ["FeatureCollection"]}, "layer": {"type": "string"},
    "view": {"type": "string"}, "features": {"type": "array", "items": {"type": "object"}}}}


def _doc(what: str, *problems: int) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": what, "content": {GEOJSON: {"schema": _COLLECTION}}},
            304: {"description": "not modified since the ETag sent in If-None-Match"}, **responses(*problems)}


def _now(web: WebState) -> dt.datetime:
    return web.custodes.clock().replace(second=0, microsecond=0)


def _journal_size(web: WebState) -> int:
    return web.custodes.journal.size()


def _layer(request: Request, web: WebState, key: tuple[Hashable, ...], build: Callable[[], dict[str, Any]], *,
           public: bool) -> Response:
    """The layer for ``key`` (journal size added), from the cache or built, with its ETag and caching headers."""
    full = ("map", _journal_size(web), *key)
    found: tuple[bytes, bytes | None, str] | None = web.cache.get(full)
    if found is None:
        body = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        packed = gzip.compress(body, compresslevel=5, mtime=0) if len(body) > GZIP_FROM else None
        found = (body, packed, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        if len(web.cache) > CACHE_ENTRIES:
            web.cache.clear()
        web.cache[full] = found
    body, packed, etag = found
    headers = {"ETag": etag, "Cache-Control": ("public" if public else "private") + ", max-age=60",
               "Vary": "Accept-Encoding" if public else "Accept-Encoding, Authorization, Cookie"}
    sent = request.headers.get("if-none-match", "")
    if etag in (t.strip() for t in sent.split(",")):
        return Response(status_code=304, headers=headers)
    if packed is not None and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type=GEOJSON, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body, media_type=GEOJSON, headers=headers)


@router.get("/governorates", response_class=Response, responses=_doc("the governorates (OCHA COD-AB boundaries)"))
def governorates(request: Request, web: WebDep, who: Reader) -> Response:
    """The governorates with their real boundaries, names in English and Arabic, P-codes."""
    return _layer(request, web, ("governorates",), lambda: map_layers.governorates(web.custodes), public=True)


@router.get("/crossings", response_class=Response, responses=_doc("the crossings and their status", 422))
def crossings(request: Request, web: WebDep, who: Reader, at: At = None,
              records: StatusRecords = None) -> Response:
    """The crossings (approximate positions) with their status, hours and capacity at a time, read from the real
    status records (the default) or the exercise ones."""
    when = local_time(web.custodes, at) or _now(web)
    ex = records == "exercise"
    return _layer(request, web, ("crossings", when, ex), lambda: map_layers.crossings(web.custodes, when, ex),
                  public=True)


@router.get("/zones", response_class=Response, responses=_doc("hazard and no-go zones", 422))
def zones(request: Request, web: WebDep, who: Reader, at: At = None,
          every: Annotated[bool, Query(alias="all", description="every zone, whatever its window")] = False,
          records: Records = None) -> Response:
    """Hazard and no-go zones active at a time (safety information for every movement), or all of them."""
    when = None if every else local_time(web.custodes, at) or _now(web)
    return _layer(request, web, ("zones", when, records),
                  lambda: map_layers.zones(web.custodes, when, _exercise(records)), public=True)


@router.get("/areas", response_class=Response, responses=_doc("areas of responsibility", 422))
def areas(request: Request, web: WebDep, who: Reader,
          on: Annotated[dt.date | None, Query(description="the day (default today)")] = None,
          records: Records = None) -> Response:
    """The force's areas of responsibility; the units deployed in each only for roles that read the force."""
    day = on or web.custodes.today()
    detail = allows(who, "force.read")
    return _layer(request, web, ("areas", day, detail, records),
                  lambda: map_layers.areas(web.custodes, who, day, _exercise(records)), public=not detail)


@router.get("/facilities", response_class=Response, responses=_doc("hospitals, clinics, schools", 422))
def facilities(request: Request, web: WebDep, who: Reader,
               category: Annotated[Literal["hospital", "clinic", "school"] | None, Query()] = None) -> Response:
    """Hospitals, clinics and schools from OpenStreetMap (ODbL), as shipped in the profile."""
    return _layer(request, web, ("facilities", category), lambda: map_layers.facilities(web.custodes, category),
                  public=True)


@router.get("/sites", response_class=Response, responses=_doc("notified humanitarian sites", 422))
def sites(request: Request, web: WebDep, who: Reader, at: At = None, records: Records = None) -> Response:
    """Notified humanitarian sites in use at a time: exact points for the roles that may see them (and the
    notifying agency), counts per governorate for everyone else."""
    when = local_time(web.custodes, at) or _now(web)
    view: Hashable = "exact" if may_see(who.role, PLACE) else ("org", who.org)  # an agency sees its own
    return _layer(request, web, ("sites", when, view, records),
                  lambda: map_layers.sites(web.custodes, who, when, _exercise(records)),
                  public=who.org is None and view != "exact")


@router.get("/routes", response_class=Response, responses=_doc("routes of deconflicted movements", 401, 403, 422))
def routes(request: Request, web: WebDep, who: RouteReader,
           start: Annotated[dt.datetime | None, Query(description=f"from (default now; {WHEN})")] = None,
           end: Annotated[dt.datetime | None, Query(description="until (default: start + 7 days)")] = None,
           records: Records = None) -> Response:
    """Routes of deconflicted movements under way in a window: every one for the force, an agency's own."""
    a = local_time(web.custodes, start) or _now(web)
    b = local_time(web.custodes, end) or a + dt.timedelta(days=7)
    if b < a or b - a > MAX_WINDOW:
        raise InputError("the window must end after it starts and last at most 366 days", field="end")
    view: Hashable = "all" if may_see(who.role, ROUTE) else ("org", who.org)
    return _layer(request, web, ("routes", a, b, view, records),
                  lambda: map_layers.routes(web.custodes, who, a, b, _exercise(records)), public=False)


@router.get("/incidents", response_class=Response, responses=_doc("verified incidents", 422))
def incidents(request: Request, web: WebDep, who: Reader,
              since: Annotated[dt.date | None, Query(description="events from this day")] = None,
              until: Annotated[dt.date | None, Query(description="events up to this day")] = None,
              event_type: Annotated[str | None, Query(max_length=200)] = None,
              records: Records = None) -> Response:
    """Verified incidents: exact points for roles that see exact places (monitors), counts per governorate
    at its representative point for everyone else."""
    exact = may_see(who.role, map_layers.EXACT_INCIDENT)
    return _layer(request, web, ("incidents", since, until, event_type, exact, records),
                  lambda: map_layers.incident_layer(web.custodes, who, since, until, event_type, _exercise(records)),
                  public=not exact)
