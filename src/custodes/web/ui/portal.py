"""The public transparency portal: no login; the mandate at a glance and the current checkpoint."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from custodes.accounts.model import Role
from custodes.accounts.policy import ALL_ROLES, Principal, declare
from custodes.web.deps import WebDep, authorize
from custodes.web.ui.checkpoint import published_checkpoint
from custodes.web.ui.portal_data import glance
from custodes.web.ui.render import page, request_language

__all__ = ["Reader", "Records", "router"]

declare({"portal.read": ALL_ROLES})
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Reader = Annotated[Principal, authorize("portal.read")]
#: the portal shows real records or exercise (training) ones, never both mixed
Records = Annotated[Literal["real", "exercise"], Query(description="real records (default) or exercise ones")]


@router.get("/")
def home(request: Request, web: WebDep, who: Reader, records: Records = "real") -> HTMLResponse:
    """The mandate at a glance, what the log holds, and how to check it."""
    app = web.custodes
    status = app.status(request_language(request))
    public_counts = {k: v for k, v in status.counts.items() if "(exercise)" not in k and v}
    return page(request, "portal/home.html", who, status=status, checkpoint=published_checkpoint(app),
                counts=public_counts, signed_in_role=who.role if who.role is not Role.PUBLIC else None,
                records=records, glance=glance(app, records == "exercise"))
