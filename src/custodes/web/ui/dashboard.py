"""The dashboard of a signed-in account: what its role needs today, with links to its forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from custodes.accounts.policy import ACCOUNT_ROLES, Principal, declare
from custodes.web.deps import WebDep, authorize
from custodes.web.ui.checkpoint import published_checkpoint
from custodes.web.ui.dashboard_views import sections
from custodes.web.ui.render import page, request_language

__all__ = ["router"]

declare({"dashboard.read": ACCOUNT_ROLES})
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Member = Annotated[Principal, authorize("dashboard.read")]


@router.get("/dashboard")
def dashboard(request: Request, web: WebDep, who: Member) -> HTMLResponse:
    app = web.custodes
    status = app.status(request_language(request))
    return page(request, "dashboard/home.html", who, status=status, checkpoint=published_checkpoint(app),
                s=sections(app, who), today=app.today())
