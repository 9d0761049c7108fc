"""Page routers, in the order they are mounted; a new page module plugs in with one line here."""

from __future__ import annotations

from fastapi import APIRouter

from custodes.web.ui import (
    dashboard,
    portal,
    portal_pages,  # the portal's record pages, charts, map and verification
    signin_pages,
)

__all__ = ["PAGE_ROUTERS"]

PAGE_ROUTERS: tuple[APIRouter, ...] = (portal.router, signin_pages.router, dashboard.router)
# -- the public portal's record pages (issue 9) --
PAGE_ROUTERS += (portal_pages.router,)

# -- the forms of the day-to-day use cases, and the record pages they lead to (issue 9) -------------------
from custodes.web.ui import (  # noqa: E402
    forms_aid,
    forms_council,
    forms_grievances,
    forms_incidents,
    forms_security,
)

PAGE_ROUTERS += (forms_aid.router, forms_security.router, forms_incidents.router, forms_grievances.router,
                 forms_council.router)

# -- the forms still missing after the first round: sites, Council drafting, Board decisions and funding --
from custodes.web.ui import forms_board, forms_sites  # noqa: E402

PAGE_ROUTERS += (forms_sites.router, forms_board.router)
