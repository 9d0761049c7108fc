"""``/api/v1/journal``: the public journal, page by page, as published in the log."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from custodes.accounts.policy import Principal
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.pagination import Page
from custodes.web.problems import responses

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/journal", tags=["journal"])
Reader = Annotated[Principal, authorize("journal.read")]


class EntryOut(BaseModel):
    """A journal entry's public form: exactly what the log publishes (sensitive fields as commitments)."""

    index: int = Field(ge=0)
    kind: str
    at: dt.datetime
    actor: str
    exercise: bool
    record: dict[str, Any]


def _item(e: dict[str, Any]) -> dict[str, Any]:
    """A journal entry's JSON in :class:`EntryOut`'s field names."""
    return {"index": e["i"], "kind": e["kind"], "at": e["at"], "actor": e["by"], "exercise": e["ex"],
            "record": e["rec"]}


def _entry(body: bytes) -> EntryOut:
    e = json.loads(body)
    return EntryOut(index=e["i"], kind=e["kind"], at=e["at"], actor=e["by"], exercise=e["ex"], record=e["rec"])


@router.get("", response_model=Page[EntryOut], responses=responses(422))
def entries(app: AppDep, who: Reader, page: Paged,
            kind: Annotated[str | None, Query(max_length=80, description="only entries of this kind")] = None,
            exercise: Annotated[bool | None, Query(description="only exercise (true) or real (false) entries")]
            = None) -> Response:
    """Journal entries in index order."""
    found = app.journal.entries(kind=kind, exercise=exercise, limit=page.limit, offset=page.offset)
    total = found.total
    # the entries are the journal's own canonical JSON, so the page is built with orjson rather than
    # validated into models and serialised again by FastAPI (that took most of this endpoint's time)
    items = [_item(orjson.loads(b)) for b in found]
    end = page.offset + len(items)
    body = {"items": items, "total": total, "limit": page.limit, "offset": page.offset,
            "next_offset": end if end < total and items else None}
    return Response(orjson.dumps(body), media_type="application/json")


@router.get("/{index}", responses=responses(404, 422))
def entry(app: AppDep, who: Reader, index: Annotated[int, Path(ge=0, le=2**62)]) -> EntryOut:
    """One journal entry by its index."""
    return _entry(app.journal.entry(index))
