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
