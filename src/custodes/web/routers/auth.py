"""``/api/v1/auth``: sign in and out (browser sessions), oneself, and one's own bearer tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field

from custodes.accounts.model import OrgKind, Role
from custodes.accounts.policy import Principal
from custodes.accounts.service import MAX_TOKEN_DAYS, actor_of
from custodes.web.deps import AppDep, WebDep, authorize
from custodes.web.problems import responses
from custodes.web.schemas import TokenOut
from custodes.web.signin import check_password, end_session, start_session

__all__ = ["router"]

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
    days: int = Field(default=90, ge=1, le=MAX_TOKEN_DAYS, description="days until it expires")


class TokenIssuedOut(BaseModel):
    token: TokenOut
    secret: str = Field(description="the bearer token; shown this once, never stored in clear")


def _me(who: Principal) -> MeOut:
    assert who.account is not None and who.username and who.org and who.org_kind
    return MeOut(account=who.account, username=who.username, org=who.org, org_kind=who.org_kind, role=who.role,
                 via=who.via)


@router.post("/login", responses=responses(401, 403, 422, 429))
def login(body: LoginIn, request: Request, response: Response, web: WebDep,
          who: Annotated[Principal, authorize("auth.login")]) -> LoginOut:
    """Sign in with a user name and password; sets the session cookie and returns the CSRF token."""
    address = request.client.host if request.client else "unknown"
    found = check_password(web, body.username, body.password, address)
    csrf, expires = start_session(web, response, found)
    return LoginOut(me=_me(found), csrf_token=csrf, expires_at=dt.datetime.fromtimestamp(expires, dt.UTC))


@router.post("/logout", status_code=204, responses=responses(401, 403))
def logout(response: Response, web: WebDep, who: Self) -> None:
    """End the browser session (clears its cookies)."""
    end_session(web, response)


@router.get("/me", responses=responses(401))
def me(who: Self) -> MeOut:
    """Who you are signed in as."""
    return _me(who)


@router.get("/tokens", responses=responses(401))
def tokens(app: AppDep, who: Self) -> list[TokenOut]:
    """Your bearer tokens (never their secrets)."""
    assert who.account is not None
    return [TokenOut.of(t) for t in app.accounts.tokens(who.account)]


@router.post("/tokens", status_code=201, responses=responses(401, 403, 409, 422))
def issue_token(body: TokenIn, app: AppDep, who: Self) -> TokenIssuedOut:
    """Issue a bearer token for yourself, for a program."""
    assert who.account is not None
    issued = app.accounts.issue_token(actor_of(who), who.account, body.name, body.days)
    return TokenIssuedOut(token=TokenOut.of(issued.token), secret=issued.secret)


@router.delete("/tokens/{token_id}", responses=responses(401, 403, 404, 409, 422))
def revoke_token(app: AppDep, who: Self, token_id: Annotated[int, Path(ge=1, le=2**62)]) -> TokenOut:
    """Revoke one of your bearer tokens; it stops working at once."""
    return TokenOut.of(app.accounts.revoke_token(actor_of(who), token_id, owner=who.account))
