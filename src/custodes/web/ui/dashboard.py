"""The dashboard of a signed-in account: what its role needs today, with links to its forms, a map of the
layers its role may see and the charts that matter to it (real or exercise records: ``?records=``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from custodes.accounts.policy import ACCOUNT_ROLES, Principal, declare
from custodes.web.deps import WebDep, authorize
from custodes.web.ui.checkpoint import published_checkpoint
from custodes.web.ui.dashboard_map import RECENT_DAYS, chart_data, map_layers
from custodes.web.ui.dashboard_views import sections
from custodes.web.ui.portal import Records
from custodes.web.ui.render import page, request_language

__all__ = ["router"]

declare({"dashboard.read": ACCOUNT_ROLES})
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Member = Annotated[Principal, authorize("dashboard.read")]


@router.get("/dashboard")
def dashboard(request: Request, web: WebDep, who: Member, records: Records = "real") -> HTMLResponse:
    app = web.custodes
    status = app.status(request_language(request))
    today = app.today()
    return page(request, "dashboard/home.html", who, status=status, checkpoint=published_checkpoint(app),
                s=sections(app, who), today=today, records=records, layers=map_layers(who, records, today),
                recent_days=RECENT_DAYS, charts=chart_data(app, who.role, records == "exercise"))
