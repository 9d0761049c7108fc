"""Signing in and out, shared by the API's ``/api/v1/auth`` and the pages' login form."""

from __future__ import annotations

import time

from starlette.responses import Response

from custodes.accounts.policy import Principal
from custodes.web.deps import WebState
from custodes.web.problems import ProblemError
from custodes.web.sessions import CSRF_COOKIE, Session, new_csrf

__all__ = ["check_password", "end_session", "start_session"]


def check_password(web: WebState, username: str, password: str, address: str) -> Principal:
    """The account, or a 429 (too many failures) or 401 problem; failures count towards the rate limit."""
    wait = web.limiter.retry_after(username, address)
    if wait is not None:
        raise ProblemError(429, "rate-limited", f"too many failed logins; try again in {wait} seconds",
                           headers={"Retry-After": str(wait)})
    found = web.custodes.accounts.authenticate(username, password)
    if found is None:
        web.limiter.fail(username, address)
        raise ProblemError(401, "invalid-credentials", "the user name or password is wrong, or the account is "
                           "disabled", headers={"WWW-Authenticate": 'Bearer realm="custodes"'})
    web.limiter.succeed(username)
    return found


def start_session(web: WebState, response: Response, who: Principal) -> tuple[str, int]:
    """Set the session and CSRF cookies on ``response``; returns (csrf token, expiry in POSIX seconds)."""
    assert who.account is not None
    expires = int(time.time()) + web.settings.session_hours * 3600
    csrf = new_csrf()
    secure = web.settings.production
    max_age = web.settings.session_hours * 3600
    response.set_cookie(web.session_cookie, web.signer.sign(Session(who.account, expires, csrf)),
                        max_age=max_age, httponly=True, secure=secure, samesite="strict", path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=max_age, httponly=False, secure=secure, samesite="strict",
                        path="/")
    return csrf, expires


def end_session(web: WebState, response: Response) -> None:
    response.delete_cookie(web.session_cookie, path="/", secure=web.settings.production, httponly=True,
                           samesite="strict")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=web.settings.production, samesite="strict")
