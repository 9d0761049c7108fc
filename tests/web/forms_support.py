"""Helpers for the tests of the dashboards and forms: sign in through the form, post a form with its token."""

from __future__ import annotations

from typing import Any

import httpx
from web_support import PASSWORD, Web

from custodes.accounts.model import Role


def sign_in(web: Web, role: Role) -> str:
    """Sign in as ``role`` through the login form (cookies replaced); returns the session's CSRF token."""
    web.client.cookies.clear()
    if role is Role.PUBLIC:
        return ""
    r = web.client.post("/login", data={"username": web.username(role), "password": PASSWORD},
                        follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(web.client.cookies["custodes_csrf"])


def post(web: Web, url: str, data: dict[str, Any], csrf: str) -> httpx.Response:
    """Post an HTML form (with the CSRF token when signed in), without following the redirect."""
    return web.client.post(url, data={**data, **({"csrf_token": csrf} if csrf else {})}, follow_redirects=False)


def follow(web: Web, r: httpx.Response) -> httpx.Response:
    assert r.status_code == 303, f"{r.status_code}: {r.text[:2000]}"
    page = web.client.get(r.headers["location"])
    assert page.status_code == 200, page.text[:2000]
    return page
