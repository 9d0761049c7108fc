"""Page routers, in the order they are mounted; a new page module plugs in with one line here."""

from __future__ import annotations

from fastapi import APIRouter

from custodes.web.ui import dashboard, portal, signin_pages

__all__ = ["PAGE_ROUTERS"]

PAGE_ROUTERS: tuple[APIRouter, ...] = (portal.router, signin_pages.router, dashboard.router)
