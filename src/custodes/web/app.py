"""The web application factory: ``create_app(custodes_app, web_settings)``; no module-level state.

Routers are listed in :data:`ROUTERS`, one per domain; a domain plugs in with one line there.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from starlette.routing import Route
from starlette.types import ASGIApp

from custodes import __version__
from custodes.accounts.model import Role
from custodes.accounts.policy import ACTIONS
from custodes.app import Custodes
from custodes.web.apidocs import install_docs
from custodes.web.bodylimit import BodyLimit
from custodes.web.deps import WebState, route_action
from custodes.web.headers import SecurityHeaders
from custodes.web.prefix_guard import guarded
from custodes.web.problems import Problem, install
from custodes.web.ratelimit import FilingLimiter
from custodes.web.routers import (
    accounts,
    aid,
    aid_notifications,
    aid_zones,
    auth,
    board,
    council,
    grievances,
    incidents,
    journal,
    log,
    maps,
    mission,
)
from custodes.web.routers.disarmament import router as disarmament_router
from custodes.web.routers.disarmament_imports import router as disarmament_imports_router
from custodes.web.routers.disarmament_sites import router as disarmament_sites_router
from custodes.web.routers.force import router as force_router
from custodes.web.routers.withdrawal import router as withdrawal_router
from custodes.web.sessions import SessionSigner
from custodes.web.settings import WebSettings
from custodes.web.tasks import lifespan
from custodes.web.ui import PAGE_ROUTERS, page_error
from custodes.web.ui.render import STATIC_DIR

__all__ = ["ROUTERS", "create_app", "route_table"]

#: every router of the service, in the order they are mounted
ROUTERS: tuple[APIRouter, ...] = (
    mission.router,
    journal.router,
    auth.router,
    accounts.router,
    log.router,
    council.router,
    board.router,
    incidents.router,
    grievances.router,
    # the security pillar
    force_router,
    disarmament_router,
    disarmament_sites_router,
    disarmament_imports_router,
    withdrawal_router,
    # humanitarian aid
    aid.router,
    aid_notifications.router,
    aid_zones.router,
    # the map's layers (GeoJSON)
    maps.router,
)

_SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "a token from POST /api/v1/auth/tokens or "
               "`custodes accounts token issue`"},
    "session": {"type": "apiKey", "in": "cookie", "name": "custodes_session",
                "description": "the browser session from POST /api/v1/auth/login (plus the X-CSRF-Token header "
                "on requests that change state)"},
}


def create_app(custodes_app: Custodes, web_settings: WebSettings | None = None) -> FastAPI:
    """The HTTP API of one mission. Refuses to build in production mode without its keys."""
    web_settings = web_settings or WebSettings()
    key = web_settings.session_key(custodes_app.settings)
    api = FastAPI(
        title=f"Custodes: {custodes_app.profile.name.en}",
        version=__version__,
        description="The HTTP API of a Custodes mission. Errors are RFC 9457 problem details; lists are paged "
                    "with limit and offset; the public Merkle log is served under /log as C2SP tlog-tiles.",
        openapi_tags=[{"name": "log", "description": "the public log (C2SP tlog-tiles)"}],
        lifespan=lifespan(custodes_app, web_settings.escalation_interval_seconds),
        docs_url=None, redoc_url=None,  # /docs is served from the package (custodes.web.apidocs)
    )
    api.state.custodes_web = WebState(
        custodes_app, web_settings, SessionSigner(key), custodes_app.sessions(web_settings.lockout()),
        filings=FilingLimiter(per_key=web_settings.filings_per_address, window=web_settings.filing_window_seconds))
    install(api)
    api.state.page_error = page_error
    for router in (*ROUTERS, *PAGE_ROUTERS):
        api.include_router(guarded(router))
    api.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_docs(api)
    _install_edge(api, web_settings)
    unauthorised = [f"{m} {p}" for m, p, action, api_route in route_table(api) if api_route and action is None]
    if unauthorised:
        raise RuntimeError(f"routes without an authorize(action) dependency: {unauthorised}")

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            api.openapi_schema = _document(api)
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]
    return api


def _install_edge(api: FastAPI, web: WebSettings) -> None:
    """The edge, outermost first: security headers, trusted proxy headers, the body cap (docs/security.md).

    The headers wrap Starlette's whole stack, its error middleware included, so a 500 carries them too.
    """
    api.add_middleware(BodyLimit, default=web.max_body_bytes, upload=web.max_upload_bytes)
    if web.proxies:  # only then are X-Forwarded-For/-Proto believed, and only from these peers
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        api.add_middleware(ProxyHeadersMiddleware, trusted_hosts=web.proxies)
    build = api.build_middleware_stack

    def build_with_headers() -> ASGIApp:
        return SecurityHeaders(build(), production=web.production, basemap_url=web.basemap_url)

    api.build_middleware_stack = build_with_headers  # type: ignore[method-assign]


def _document(api: FastAPI) -> dict[str, Any]:
    """FastAPI's document, plus the Problem schema, the security schemes and each operation's roles."""
    from fastapi.openapi.utils import get_openapi

    doc = get_openapi(title=api.title, version=api.version, description=api.description, routes=api.routes,
                      tags=api.openapi_tags)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    doc["components"]["securitySchemes"] = _SECURITY_SCHEMES
    for method, path, action, api_route in route_table(api):
        if not api_route or action is None or path not in doc["paths"]:
            continue  # pages are not in the API's document
        roles = sorted(r.value for r in ACTIONS[action])
        op = doc["paths"][path][method.lower()]
        op["x-custodes-action"] = action
        op["x-custodes-roles"] = roles
        if Role.PUBLIC.value not in roles:
            op["security"] = [{"bearer": []}, {"session": []}]
    return doc


def route_table(api: FastAPI) -> list[tuple[str, str, str | None, bool]]:
    """Every (method, path, action, is an API route) the app answers, routers included, HEAD left out."""
    out = []
    for ctx in iter_route_contexts(api.routes):
        route = ctx.original_route
        if isinstance(route, APIRoute):
            action = route_action(ctx.dependant)
            out += [(m, str(ctx.path_format), action, True) for m in sorted(ctx.methods or ()) if m != "HEAD"]
        elif isinstance(route, Route):
            out += [(m, route.path, None, False) for m in sorted(route.methods or ()) if m != "HEAD"]
    return out
