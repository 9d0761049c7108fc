"""``/api/v1/disarmament/imports``: HXL-tagged CSV imports of weapons and sites over HTTP, all or nothing.

The same parsers as ``custodes disarm import-weapons`` / ``import-sites``; a bad row refuses the whole
file with its line and field (422). The caller must act for every unit the file names.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.disarmament import imports
from custodes.disarmament.service import DisarmamentService
from custodes.errors import InputError
from custodes.web.deps import AppDep, authorize
from custodes.web.problems import responses
from custodes.web.routers.disarmament import MAX_DOCUMENT

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/disarmament/imports", tags=["disarmament"])
Writer = Annotated[Principal, authorize("disarmament.write")]
_CSV = {"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}}


class ImportOut(BaseModel):
    imported: int
    ids: list[str]


async def _body(request: Request) -> bytes:
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_DOCUMENT:
            raise InputError(f"an import file is at most {MAX_DOCUMENT} bytes", source="upload")
    return bytes(data)


def _run(svc: DisarmamentService, who: Principal, data: bytes, load: Callable[..., imports.ImportResult]) -> ImportOut:
    with tempfile.TemporaryDirectory(prefix="custodes-import-") as tmp:
        path = Path(tmp) / "upload.csv"
        path.write_bytes(data)
        try:
            r = load(svc, path, actor=actor_of(who), acting=who)
        except InputError as exc:
            raise InputError(exc.problem.replace(str(path), "upload"), source="upload", line=exc.line,
                             field=exc.field) from None
    return ImportOut(imported=r.imported, ids=list(r.ids))


@router.post("/weapons", status_code=201, responses=responses(401, 403, 422), openapi_extra=_CSV)
async def import_weapons(app: AppDep, who: Writer, request: Request) -> ImportOut:
    """Register (and, where dated, collect) the weapons of an HXL CSV in one unit of work."""
    data = await _body(request)
    return await run_in_threadpool(_run, app.disarmament, who, data, imports.import_weapons)


@router.post("/sites", status_code=201, responses=responses(401, 403, 422), openapi_extra=_CSV)
async def import_sites(app: AppDep, who: Writer, request: Request) -> ImportOut:
    """Register the infrastructure sites of an HXL CSV in one unit of work."""
    data = await _body(request)
    return await run_in_threadpool(_run, app.disarmament, who, data, imports.import_sites)


