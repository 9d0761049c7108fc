"""``/api/v1/disarmament``: military infrastructure sites (found, destroyed, verified) and documents by hash.

Part of the disarmament router's policy (:mod:`custodes.web.routers.disarmament`): a site's exact place
is redacted per ``site.exact_location``; documents of a weapon or site are stored by SHA-256.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection, func, select
from starlette.concurrency import run_in_threadpool

from custodes.accounts import policy
from custodes.accounts.model import Role
from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.disarmament.service import NewSite
from custodes.disarmament.store import documents, sites, weapons
from custodes.errors import InputError, NotFound
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.ownership import require_acts_for_unit
from custodes.web.pagination import Page
from custodes.web.problems import responses
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


def _site_unit(conn: Connection, site_id: str) -> str:
    r = conn.execute(select(sites.c.unit).where(sites.c.id == site_id)).first()
    if r is None:
        raise NotFound(f"no infrastructure site {site_id!r}")
    return str(r.unit)


@router.get("/sites", responses=responses(401, 403, 422))
def list_sites(app: AppDep, who: Reader, page: Paged, zone: Zone = None,
               status: Annotated[Literal["found", "destroyed", "verified"] | None, Query()] = None,
               ) -> Page[SiteOut]:
    """Military infrastructure sites (paged; ``zone``, ``status``); exact places only for roles that may see them."""
    found = app.disarmament.sites(zone=zone, status=status, limit=page.limit, offset=page.offset)
    q = select(func.count()).select_from(sites)
    if zone:
        q = q.where(sites.c.zone == zone)
    if status:
        q = q.where(sites.c.status == status)
    with app.store.read() as conn:
        total = int(conn.execute(q).scalar_one())
    return Page.of([_site_out(who.role, s) for s in found], total, page)


@router.post("/sites", status_code=201, responses=responses(401, 403, 409, 422))
def register_site(app: AppDep, who: Writer, body: SiteIn) -> SiteOut:
    """Register a site found (a tunnel as a line, a position as a point or polygon)."""
    with app.store.read() as conn:
        require_acts_for_unit(conn, who, body.unit, "register a site")
    app.disarmament.register_site(NewSite(body.id, body.kind, body.name, body.geometry, body.found_on, body.unit),
                                  actor=actor_of(who))
    return _site_out(who.role, _one_site(app, body.id))


def _one_site(app: Any, site_id: str) -> dict[str, Any]:
    with app.store.read() as conn:
        row = conn.execute(select(sites).where(sites.c.id == site_id)).first()
    if row is None:
        raise NotFound(f"no infrastructure site {site_id!r}")
    return {k: (json.loads(v) if k == "geometry" else v) for k, v in row._mapping.items()}


@router.post("/sites/{site_id}/destroy", responses=responses(401, 403, 404, 409, 422))
def destroy_site(app: AppDep, who: Writer, site_id: SiteId, body: SiteDestroyIn) -> SiteOut:
    """Record a site's destruction (by the unit that destroyed it, one of the caller's)."""
    with app.store.read() as conn:
        require_acts_for_unit(conn, who, _site_unit(conn, site_id), f"destroy site {site_id}")
        require_acts_for_unit(conn, who, body.by, f"record a destruction by {body.by}")
    app.disarmament.destroy_site(site_id, on=body.on, by=body.by, method=body.method, actor=actor_of(who))
    return _site_out(who.role, _one_site(app, site_id))


@router.post("/sites/{site_id}/verify", responses=responses(401, 403, 404, 409, 422))
def verify_site(app: AppDep, who: Annotated[Principal, authorize("disarmament.verify")], site_id: SiteId,
                body: SiteVerifyIn) -> SiteOut:
    """Record the independent verification of a site's destruction (a monitor, or the headquarters)."""
    app.disarmament.verify_site(site_id, on=body.on, by=body.by, actor=actor_of(who))
    return _site_out(who.role, _one_site(app, site_id))


# -- documents -------------------------------------------------------------------------------------------
Subject = Annotated[Literal["weapon", "site"], Path(description="what the document is about")]
SubjectId = Annotated[str, Path(min_length=1, max_length=40)]


def _owner_unit(conn: Connection, subject: str, subject_id: str) -> str:
    if subject == "site":
        return _site_unit(conn, subject_id)
    if not subject_id.isdigit() or len(subject_id) > 10:
        raise NotFound(f"no weapon {subject_id!r}")
    r = conn.execute(select(weapons.c.unit).where(weapons.c.id == int(subject_id))).first()
    if r is None:
        raise NotFound(f"no weapon {subject_id!r}")
    return str(r.unit)


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
        with app.store.read() as conn:
            require_acts_for_unit(conn, who, _owner_unit(conn, subject, subject_id), f"document {subject} "
                                  f"{subject_id}")
        digest = app.disarmament.attach(subject, subject_id, bytes(data), media_type=media_type or
                                        "application/octet-stream", caption=caption, actor=actor_of(who))
        return _documents(app, subject, subject_id, digest)[0]
    return await run_in_threadpool(work)


def _documents(app: Any, subject: str, subject_id: str, digest: str | None = None) -> list[DocumentOut]:
    q = select(documents).where(documents.c.subject == subject, documents.c.subject_id == subject_id)
    if digest:
        q = q.where(documents.c.sha256 == digest)
    with app.store.read() as conn:
        return [DocumentOut.model_validate(r._mapping) for r in conn.execute(q.order_by(documents.c.sha256))]


@router.get("/{subject}/{subject_id}/documents", responses=responses(401, 403, 404, 422))
def list_documents(app: AppDep, who: Reader, subject: Subject, subject_id: SubjectId) -> list[DocumentOut]:
    """The documents attached to a weapon or a site."""
    with app.store.read() as conn:
        _owner_unit(conn, subject, subject_id)
    return _documents(app, subject, subject_id)


@router.get("/documents/{sha256}", response_class=Response, responses={
    200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
          "description": "the document's bytes, with its media type"}, **responses(401, 403, 404, 422)})
def document(app: AppDep, who: Reader,
             sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="the content hash")]) -> Response:
    """A document's bytes, checked against its hash."""
    with app.store.read() as conn:
        row = conn.execute(select(documents.c.media_type).where(documents.c.sha256 == sha256)).first()
    if row is None:
        raise NotFound(f"no document {sha256}")
    try:
        data = app.disarmament.blobs.get(sha256)  # checks the bytes against the hash
    except FileNotFoundError:
        raise NotFound(f"document {sha256} is recorded but its file is missing from the blob store") from None
    return Response(data, media_type=row.media_type, headers={"Cache-Control": "private, max-age=3600",
                                                              "Content-Disposition": f'attachment; filename="{sha256}"',
                                                              "Content-Security-Policy": "sandbox",
                                                              "X-Content-Type-Options": "nosniff"})
