"""The sign-in form, signing out and changing one's password, for browsers (the same sessions as
``/api/v1/auth``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.errors import InputError
from custodes.web.client import client_address
from custodes.web.deps import WebDep, authorize
from custodes.web.problems import ProblemError
from custodes.web.signin import (
    check_origin,
    check_password,
    confirm_password,
    end_session,
    start_session,
)
from custodes.web.ui.render import page

__all__ = ["router", "safe_next"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def safe_next(target: str | None) -> str:
    """Only a path on this site (never another site's address) is followed after signing in.

    >>> safe_next("/dashboard?lang=ar"), safe_next("//evil.example/"), safe_next("https://evil.example/")
    ('/dashboard?lang=ar', '/dashboard', '/dashboard')
    """
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/dashboard"


@router.get("/login")
def login_form(request: Request, who: Annotated[Principal, authorize("auth.login")],
               next: str | None = None) -> HTMLResponse:
    return page(request, "login.html", who, next=safe_next(next), error=None, username="")


@router.post("/login")
def login(request: Request, web: WebDep, who: Annotated[Principal, authorize("auth.login")],
          username: Annotated[str, Form(max_length=80)], password: Annotated[str, Form(max_length=1024)],
          next: Annotated[str | None, Form()] = None) -> Response:
    check_origin(request)  # login CSRF: a form posted from another site is refused (403)
    try:
        found = check_password(web, username, password, client_address(request))
    except ProblemError as refused:
        key = "ui.login.rate_limited" if refused.status == 429 else "ui.login.failed"
        return page(request, "login.html", who, status_code=refused.status, next=safe_next(next), error=key,
                    username=username)
    answer = RedirectResponse(safe_next(next), status_code=303)
    start_session(web, answer, found)
    return answer


@router.post("/logout")
def logout(request: Request, web: WebDep, who: Annotated[Principal, authorize("auth.self")]) -> Response:
    answer = RedirectResponse("/", status_code=303)
    end_session(web, request, answer)
    return answer


Self = Annotated[Principal, authorize("auth.self")]


@router.get("/account/password")
def password_form(request: Request, who: Self) -> HTMLResponse:
    return page(request, "password.html", who, error=None, changed=False)


@router.post("/account/password")
def change_password(request: Request, web: WebDep, who: Self,
                    old_password: Annotated[str, Form(max_length=1024)],
                    new_password: Annotated[str, Form(max_length=1024)]) -> Response:
    """Change one's password (the current one asked again, under the sign-in lockout); other sessions end."""
    try:
        confirm_password(web, who, old_password, client_address(request))
        if who.account is None:
            raise ValueError("only an account has a password")
        web.custodes.accounts.change_password(who.account, new_password, actor=actor_of(who),
                                              keep_session=getattr(request.state, "session_id", None))
    except ProblemError as refused:
        key = "ui.login.rate_limited" if refused.status == 429 else "ui.password.wrong"
        return page(request, "password.html", who, status_code=refused.status, error=key, changed=False)
    except InputError:
        return page(request, "password.html", who, status_code=422, error="ui.password.invalid", changed=False)
    return page(request, "password.html", who, error=None, changed=True)
