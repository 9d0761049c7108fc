"""Errors on pages: a sign-in redirect for 401, otherwise an error page in the visitor's language."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from custodes.web.ui.render import page

__all__ = ["page_error"]


def page_error(request: Request, status: int, code: str, detail: str | None) -> Response | None:
    if status == 401 and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    return page(request, "error.html", status_code=status, status=status, code=code, detail=detail or "")
