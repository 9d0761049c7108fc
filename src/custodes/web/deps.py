"""Typed dependencies every router uses: the mission app, the caller, authorization, pagination.

A router's endpoint declares what it needs in its signature::

    @router.get("/things", responses=responses(401, 403, 422))
    def things(app: AppDep, who: Annotated[Principal, authorize("things.read")], page: Paged) -> Page[ThingOut]:
        ...

``authorize(action)`` both checks the policy and records the action on the route (the authorization
matrix test and the OpenAPI document read it from there).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from custodes.accounts.policy import ACTIONS, PUBLIC, Principal, allows
from custodes.accounts.sessions import SessionService
from custodes.app import Custodes
from custodes.web.client import client_address
from custodes.web.pagination import Paged, PageParams
from custodes.web.problems import ProblemError
from custodes.web.ratelimit import FilingLimiter
from custodes.web.sessions import CSRF_HEADER, SESSION_COOKIE, SessionSigner
from custodes.web.settings import WebSettings

__all__ = [
    "ACTION_ATTR",
    "FORM_CSRF_FIELD",
    "AppDep",
    "Caller",
    "PageParams",
    "Paged",
    "WebDep",
    "WebState",
    "authorize",
    "limit_public_filing",
    "route_action",
]

ACTION_ATTR = "__custodes_action__"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_CSRF_FIELD = "csrf_token"


@dataclass(frozen=True, slots=True)
class WebState:
    """What the app factory builds once and every request shares."""

    custodes: Custodes
    settings: WebSettings
    signer: SessionSigner
    #: browser sessions and the sign-in lockout, in the database
    sessions: SessionService
    #: public filings (grievances, incident reports) per client address
    filings: FilingLimiter = field(default_factory=lambda: FilingLimiter(per_key=10, window=3600))
    #: answers that depend only on the journal's size (every state change appends to the journal)
    cache: dict[Any, Any] = field(default_factory=dict)

    @property
    def session_cookie(self) -> str:
        # the __Host- prefix makes browsers insist on Secure, Path=/ and no Domain
        return f"__Host-{SESSION_COOKIE}" if self.settings.production else SESSION_COOKIE


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.custodes_web
    return state


# dependencies that do no I/O are coroutines, so FastAPI runs them on the event loop, not in a thread
async def get_web(request: Request) -> WebState:
    return web_state(request)


async def get_custodes(request: Request) -> Custodes:
    return web_state(request).custodes


WebDep = Annotated[WebState, Depends(get_web)]
AppDep = Annotated[Custodes, Depends(get_custodes)]


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(401, "unauthorized", detail, headers={"WWW-Authenticate": 'Bearer realm="custodes"'})


async def get_principal(request: Request) -> Principal:
    """The caller: a bearer token's account, a session cookie's account, or the public.

    A bearer token that does not work is refused (401) rather than treated as the public; a session
    cookie that does not work (forged, ended, expired, its account disabled) is ignored. Session requests
    that change state need the CSRF token: the header, or an HTML form's ``csrf_token`` field. The
    session's id is left in ``request.state.session_id`` (for signing out and changing one's password).
    """
    web = web_state(request)
    auth = request.headers.get("authorization")
    if auth is not None:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorized("the Authorization header must be 'Bearer <token>'")
        who = await run_in_threadpool(web.custodes.accounts.authenticate_token, token.strip(),
                                      web.custodes.clock())
        if who is None:
            raise _unauthorized("the bearer token is unknown, expired or revoked, or its account is disabled")
        return who
    cookie = request.cookies.get(web.session_cookie)
    if cookie is None:
        return PUBLIC
    session_id = web.signer.verify(cookie)
    if session_id is None:
        return PUBLIC
    who = await run_in_threadpool(web.sessions.principal, session_id)
    if who is None:
        return PUBLIC
    request.state.session_id = session_id
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER) or await _form_csrf(request)
        if not hmac.compare_digest(sent.encode(), web.signer.csrf(session_id).encode()):
            raise ProblemError(403, "csrf", f"a request that changes state needs the session's {CSRF_HEADER} "
                               "header (returned by the login)")
    return who


async def _form_csrf(request: Request) -> str:
    """The CSRF token an HTML form sends in its hidden ``csrf_token`` field (pages post plain forms)."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return ""
    value = (await request.form()).get(FORM_CSRF_FIELD)
    return value if isinstance(value, str) else ""


Caller = Annotated[Principal, Depends(get_principal)]


def authorize(action: str) -> Any:
    """A dependency that returns the caller if the policy allows ``action``, else answers 401 or 403."""
    if action not in ACTIONS:
        raise ValueError(f"action {action!r} is not declared in custodes.accounts.policy (use declare())")

    async def check(who: Caller) -> Principal:
        if allows(who, action):
            return who
        if not who.authenticated:
            raise _unauthorized(f"sign in to {action}")
        raise ProblemError(403, "forbidden", f"the {who.role.value} role may not {action}")

    setattr(check, ACTION_ATTR, action)
    return Depends(check)


def limit_public_filing(web: WebState, request: Request, who: Principal) -> None:
    """Refuse (429) a filing by the public once its address has filed its share in the window.

    Accounts are not limited (they are accountable); the key is the client address as the server sees
    it (custodes.web.client: behind a reverse proxy, set CUSTODES_TRUSTED_PROXIES).
    """
    if who.authenticated:
        return
    address = client_address(request)
    wait = web.filings.take(address)
    if wait is not None:
        raise ProblemError(429, "too-many-filings", f"this address has filed {web.settings.filings_per_address} "
                           f"times within {web.settings.filing_window_seconds} seconds; retry after {wait} seconds",
                           headers={"Retry-After": str(wait)})


def route_action(dependant: Any) -> str | None:
    """The action a route declared through :func:`authorize`, searching its dependency tree."""
    for dep in dependant.dependencies:
        call: Callable[..., Any] | None = dep.call
        if call is not None and hasattr(call, ACTION_ATTR):
            return str(getattr(call, ACTION_ATTR))
        found = route_action(dep)
        if found is not None:
            return found
    return None
