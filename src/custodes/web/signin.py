"""Signing in and out, shared by the API's ``/api/v1/auth`` and the pages' login form.

Also the login form's protection against login CSRF (a foreign site signing a visitor in as the
attacker): a sign-in whose ``Origin`` names another site, or whose ``Sec-Fetch-Site`` says cross-site,
is refused (403 ``cross-site-login``); same-site requests and those without ``Origin`` (programs,
old browsers) are accepted.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from starlette.responses import Response

from custodes.accounts.policy import Principal
from custodes.web.client import client_address  # the lockout's key, with the user name
from custodes.web.deps import WebState
from custodes.web.problems import ProblemError
from custodes.web.sessions import CSRF_COOKIE

__all__ = ["check_origin", "check_password", "client_address", "confirm_password", "end_session", "start_session"]


def check_origin(request: Request) -> None:
    """Refuse (403) a sign-in sent from another site; accept same-site requests and those without Origin."""
    fetch_site = request.headers.get("sec-fetch-site", "").lower()
    origin = request.headers.get("origin")
    if origin is not None:
        host = request.headers.get("host", "").lower()
        parts = urlsplit(origin.strip().lower())
        if parts.scheme in ("http", "https") and parts.netloc and parts.netloc == host:
            return
        if fetch_site in ("same-origin", "same-site"):
            return
        raise ProblemError(403, "cross-site-login", f"a sign-in from another site ({origin[:100]}) is refused: "
                           "sign in from this site's own login form")
    if fetch_site == "cross-site":
        raise ProblemError(403, "cross-site-login", "a sign-in from another site is refused: sign in from this "
                           "site's own login form")


def _locked(wait: int) -> ProblemError:
    return ProblemError(429, "rate-limited", f"too many wrong passwords for this name from this address; try "
                        f"again in {wait} seconds", headers={"Retry-After": str(wait)})


def check_password(web: WebState, username: str, password: str, address: str) -> Principal:
    """The account, or a 429 (locked out: the attempt was not checked) or 401 problem. The attempt is
    counted against the lockout before the password is checked."""
    result = web.sessions.sign_in(username, password, address)
    if result.retry_after is not None:
        raise _locked(result.retry_after)
    if result.principal is None:
        raise ProblemError(401, "invalid-credentials", "the user name or password is wrong, or the account is "
                           "disabled", headers={"WWW-Authenticate": 'Bearer realm="custodes"'})
    return result.principal


def confirm_password(web: WebState, who: Principal, password: str, address: str) -> None:
    """Refuse (403 ``wrong-password``, or 429 when locked out) unless ``password`` is the signed-in
    account's own; counted against the same lockout as signing in."""
    result = web.sessions.sign_in(who.username or "", password, address)
    if result.retry_after is not None:
        raise _locked(result.retry_after)
    if result.principal is None or result.principal.account != who.account:
        raise ProblemError(403, "wrong-password", "the password is wrong: give your current password again")


def start_session(web: WebState, response: Response, who: Principal) -> tuple[str, int]:
    """Open a session in the database and set its cookie and the CSRF cookie on ``response``; returns
    (CSRF token, expiry in POSIX seconds)."""
    if who.account is None:
        raise ValueError("only an account has a session")
    opened = web.sessions.open(who.account, web.settings.session_hours)
    csrf = web.signer.csrf(opened.id)
    secure = web.settings.production
    max_age = web.settings.session_hours * 3600
    response.set_cookie(web.session_cookie, web.signer.sign(opened.id), max_age=max_age, httponly=True,
                        secure=secure, samesite="strict", path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=max_age, httponly=False, secure=secure, samesite="strict",
                        path="/")
    return csrf, int(opened.expires_at.timestamp())


def end_session(web: WebState, request: Request, response: Response) -> None:
    """End the caller's session on the server (a replayed cookie no longer works) and clear its cookies."""
    session_id = getattr(request.state, "session_id", None)
    if session_id is not None:
        web.sessions.close(session_id)
    response.delete_cookie(web.session_cookie, path="/", secure=web.settings.production, httponly=True,
                           samesite="strict")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=web.settings.production, samesite="strict")
