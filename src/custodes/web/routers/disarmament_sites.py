"""``/api/v1/disarmament``: military infrastructure sites (found, destroyed, verified) and documents by hash.

Part of the disarmament router's policy (:mod:`custodes.web.routers.disarmament`): a site's exact place
is redacted per ``site.exact_location``; documents of a weapon or site are stored by SHA-256.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from custodes.accounts import policy
from custodes.accounts.model import Role
from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.disarmament.service import NewSite
from custodes.errors import InputError
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of
from custodes.web.routers.disarmament import MAX_DOCUMENT, Reader, Unit, Writer, Zone
from custodes.web.routers.force import GeoJSONGeometry, RecordDate

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/disarmament", tags=["disarmament"])
SiteId = Annotated[str, Path(min_length=1, max_length=40)]

class SiteIn(BaseModel):
    id: str = Field(min_length=1, max_length=40)
    kind: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=200)
    geometry: GeoJSONGeometry = Field(description="a GeoJSON geometry (WGS 84)")
    found_on: RecordDate
    unit: Unit


class SiteDestroyIn(BaseModel):
    on: RecordDate
    by: Unit
    method: str = Field(min_length=1, max_length=40)


class SiteVerifyIn(BaseModel):
    on: RecordDate
    by: str = Field(min_length=1, max_length=80, description="the verifying party (not the destroying unit)")


class SiteOut(BaseModel):
    id: str
    kind: str
    name: str
    geometry: dict[str, Any] | None = Field(description="null for roles that may not see the exact place")
    lon: float | None
    lat: float | None
    zone: str | None
    length_m: float
    area_m2: float
    unit: str
    found_on: dt.date
    status: str
    destroyed_on: dt.date | None
    destroyed_by: str | None
    method: str | None
    verified_on: dt.date | None
    verified_by: str | None
    exercise: bool


class DocumentOut(BaseModel):
    sha256: str
    subject: str
    subject_id: str
    media_type: str
    size: int
    caption: str
    added_on: dt.date


# -- infrastructure sites --------------------------------------------------------------------------------
def _site_out(role: Role, row: dict[str, Any]) -> SiteOut:
    fields = {k: "site.exact_location" for k in ("geometry", "lon", "lat")}
    return SiteOut.model_validate(policy.redact(role, row, fields))


@router.get("/sites", responses=responses(401, 403, 422))
def list_sites(app: AppDep, who: Reader, page: Paged, zone: Zone = None,
               status: Annotated[Literal["found", "destroyed", "verified"] | None, Query()] = None,
               records: Records = "real") -> Page[SiteOut]:
    """Military infrastructure sites (paged; ``zone``, ``status``); exact places only for roles that may see them."""
    found = app.disarmament.sites(zone=zone, status=status, exercise=exercise_of(records), limit=page.limit,
                                  offset=page.offset)
    return Page.of([_site_out(who.role, s) for s in found], found.total, page)


@router.post("/sites", status_code=201, responses=responses(401, 403, 409, 422))
def register_site(app: AppDep, who: Writer, body: SiteIn) -> SiteOut:
    """Register a site found (a tunnel as a line, a position as a point or polygon)."""
    row = app.disarmament.register_site(NewSite(body.id, body.kind, body.name, body.geometry, body.found_on,
                                                body.unit), actor=actor_of(who), acting=who)
    return _site_out(who.role, row)


@router.post("/sites/{site_id}/destroy", responses=responses(401, 403, 404, 409, 422))
def destroy_site(app: AppDep, who: Writer, site_id: SiteId, body: SiteDestroyIn) -> SiteOut:
    """Record a site's destruction (by the unit that destroyed it, one of the caller's)."""
    app.disarmament.destroy_site(site_id, on=body.on, by=body.by, method=body.method, actor=actor_of(who),
                                 acting=who)
    return _site_out(who.role, app.disarmament.site(site_id))


@router.post("/sites/{site_id}/verify", responses=responses(401, 403, 404, 409, 422))
def verify_site(app: AppDep, who: Annotated[Principal, authorize("disarmament.verify")], site_id: SiteId,
                body: SiteVerifyIn) -> SiteOut:
    """Record the independent verification of a site's destruction (a monitor, or the headquarters)."""
    app.disarmament.verify_site(site_id, on=body.on, by=body.by, actor=actor_of(who))
    return _site_out(who.role, app.disarmament.site(site_id))


# -- documents -------------------------------------------------------------------------------------------
Subject = Annotated[Literal["weapon", "site"], Path(description="what the document is about")]
SubjectId = Annotated[str, Path(min_length=1, max_length=40)]


@router.post("/{subject}/{subject_id}/documents", status_code=201, responses=responses(401, 403, 404, 422),
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def attach(app: AppDep, who: Writer, subject: Subject, subject_id: SubjectId, request: Request,
                 caption: Annotated[str, Query(max_length=500)] = "",
                 ) -> DocumentOut:
    """Upload a photo or document (the raw bytes, at most 10 MiB); stored by its SHA-256, which the journal holds.

    The media type is the request's Content-Type."""
    media_type = request.headers.get("content-type", "application/octet-stream").split(";")[0].strip()[:80]
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_DOCUMENT:
            raise InputError(f"a document is at most {MAX_DOCUMENT} bytes", field="file")
    def work() -> DocumentOut:
        digest = app.disarmament.attach(subject, subject_id, bytes(data), caption=caption, actor=actor_of(who),
                                        media_type=media_type or "application/octet-stream", acting=who)
        return DocumentOut.model_validate(app.disarmament.documents(subject, subject_id, digest)[0])
    return await run_in_threadpool(work)


@router.get("/{subject}/{subject_id}/documents", responses=responses(401, 403, 404, 422))
def list_documents(app: AppDep, who: Reader, subject: Subject, subject_id: SubjectId) -> list[DocumentOut]:
    """The documents attached to a weapon or a site."""
    return [DocumentOut.model_validate(d) for d in app.disarmament.documents(subject, subject_id)]


@router.get("/documents/{sha256}", response_class=Response, responses={
    200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
          "description": "the document's bytes, with its media type"}, **responses(401, 403, 404, 422)})
def document(app: AppDep, who: Reader,
             sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="the content hash")]) -> Response:
    """A document's bytes, checked against its hash."""
    media_type, data = app.disarmament.document(sha256)
    return Response(data, media_type=media_type, headers={"Cache-Control": "private, max-age=3600",
                                                          "Content-Disposition": f'attachment; filename="{sha256}"',
                                                          "Content-Security-Policy": "sandbox",
                                                          "X-Content-Type-Options": "nosniff"})
