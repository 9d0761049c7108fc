"""``/api/v1/auth``: sign in and out (browser sessions), oneself, one's password and one's own bearer tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field

from custodes.accounts.model import MAX_PASSWORD, OrgKind, Role
from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.web.deps import AppDep, WebDep, authorize
from custodes.web.problems import responses
from custodes.web.schemas import TokenOut
from custodes.web.signin import (
    check_origin,
    check_password,
    client_address,
    confirm_password,
    end_session,
    start_session,
)

__all__ = ["API_MAX_TOKEN_DAYS", "router"]

#: the longest a token issued through the API lives (the administrators' CLI may issue longer ones)
API_MAX_TOKEN_DAYS = 90

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
Self = Annotated[Principal, authorize("auth.self")]


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class MeOut(BaseModel):
    account: int
    username: str
    org: str
    org_kind: OrgKind
    role: Role
    via: str = Field(description="session or token")


class LoginOut(BaseModel):
    me: MeOut
    csrf_token: str = Field(description="send it as the X-CSRF-Token header on every request that changes state")
    expires_at: dt.datetime


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=80, description="what the token is for")
    days: int = Field(default=API_MAX_TOKEN_DAYS, ge=1, le=API_MAX_TOKEN_DAYS,
                      description=f"days until it expires, at most {API_MAX_TOKEN_DAYS}")
    password: str = Field(min_length=1, max_length=MAX_PASSWORD, description="your password, again")


class PasswordIn(BaseModel):
    old_password: str = Field(min_length=1, max_length=MAX_PASSWORD, description="your current password")
    new_password: str = Field(min_length=1, max_length=MAX_PASSWORD,
                              description="12+ characters, not a common password")


class TokenIssuedOut(BaseModel):
    token: TokenOut
    secret: str = Field(description="the bearer token; shown this once, never stored in clear")


def _account(who: Principal) -> int:
    if who.account is None:  # authorize("auth.self") lets only accounts through
        raise ValueError("an account was expected")
    return who.account


def _me(who: Principal) -> MeOut:
    if who.account is None or not who.username or not who.org or not who.org_kind:
        raise ValueError("an account was expected")
    return MeOut(account=who.account, username=who.username, org=who.org, org_kind=who.org_kind, role=who.role,
                 via=who.via)


@router.post("/login", responses=responses(401, 403, 422, 429))
def login(body: LoginIn, request: Request, response: Response, web: WebDep,
          who: Annotated[Principal, authorize("auth.login")]) -> LoginOut:
    """Sign in with a user name and password; sets the session cookie and returns the CSRF token.

    Refused from another site (403 cross-site-login); after repeated wrong passwords for a name from one
    address, refused for a growing delay (429, Retry-After) without checking the password."""
    check_origin(request)
    found = check_password(web, body.username, body.password, client_address(request))
    csrf, expires = start_session(web, response, found)
    return LoginOut(me=_me(found), csrf_token=csrf, expires_at=dt.datetime.fromtimestamp(expires, dt.UTC))


@router.post("/logout", status_code=204, responses=responses(401, 403))
def logout(request: Request, response: Response, web: WebDep, who: Self) -> None:
    """End the browser session on the server (a replayed cookie no longer works) and clear its cookies."""
    end_session(web, request, response)


@router.post("/password", status_code=204, responses=responses(401, 403, 422, 429))
def change_password(body: PasswordIn, request: Request, web: WebDep, app: AppDep, who: Self) -> None:
    """Change your password (the current one is asked again; 403 wrong-password). Your other sessions
    end; this one goes on."""
    confirm_password(web, who, body.old_password, client_address(request))
    app.accounts.change_password(_account(who), body.new_password, actor=actor_of(who),
                                 keep_session=getattr(request.state, "session_id", None))


@router.get("/me", responses=responses(401))
def me(who: Self) -> MeOut:
    """Who you are signed in as."""
    return _me(who)


@router.get("/tokens", responses=responses(401))
def tokens(app: AppDep, who: Self) -> list[TokenOut]:
    """Your bearer tokens (never their secrets)."""
    return [TokenOut.of(t) for t in app.accounts.tokens(_account(who))]


@router.post("/tokens", status_code=201, responses=responses(401, 403, 409, 422, 429))
def issue_token(body: TokenIn, request: Request, web: WebDep, app: AppDep, who: Self) -> TokenIssuedOut:
    """Issue a bearer token for yourself, for a program: your password is asked again (403 wrong-password),
    and the token lives at most 90 days."""
    confirm_password(web, who, body.password, client_address(request))
    issued = app.accounts.issue_token(_account(who), body.name, body.days, actor=actor_of(who))
    return TokenIssuedOut(token=TokenOut.of(issued.token), secret=issued.secret)


@router.delete("/tokens/{token_id}", responses=responses(401, 403, 404, 409, 422))
def revoke_token(app: AppDep, who: Self, token_id: Annotated[int, Path(ge=1, le=2**62)]) -> TokenOut:
    """Revoke one of your bearer tokens; it stops working at once."""
    return TokenOut.of(app.accounts.revoke_token(token_id, actor=actor_of(who), owner=who.account))
