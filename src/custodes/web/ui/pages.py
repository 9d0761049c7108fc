"""Page routers, in the order they are mounted; a new page module plugs in with one line here."""

from __future__ import annotations

from fastapi import APIRouter

from custodes.web.ui import (
    dashboard,
    forms_aid,
    forms_board,
    forms_council,
    forms_grievances,
    forms_incidents,
    forms_security,
    forms_sites,
    portal,
    portal_feeds,
    portal_pages,
    signin_pages,
)

__all__ = ["PAGE_ROUTERS"]

PAGE_ROUTERS: tuple[APIRouter, ...] = (
    portal.router,
    signin_pages.router,
    dashboard.router,
    portal_pages.router,  # the portal's record pages, charts, map and verification
    portal_feeds.router,  # Atom feeds of public records
    # the forms of the day-to-day use cases, and the record pages they lead to
    forms_aid.router,
    forms_security.router,
    forms_incidents.router,
    forms_grievances.router,
    forms_council.router,
    forms_sites.router,
    forms_board.router,
)
