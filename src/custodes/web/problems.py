"""Errors as RFC 9457 problem details (``application/problem+json``), mapped from ``custodes.errors``.

Every answer that is not a success is a problem: ``type`` (a URN naming the problem), ``title``, ``status``,
``detail`` and ``instance`` (the request's path), with extensions: ``name`` for a refused state change,
``field``/``line``/``source`` for bad input, ``errors`` for request validation.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from custodes.errors import (
    ConfigError,
    CustodesError,
    IllegalTransition,
    InputError,
    NotFound,
    PermissionDenied,
)

__all__ = ["API_PREFIXES", "PROBLEM", "Problem", "ProblemError", "install", "problem_response", "responses"]

PROBLEM = "application/problem+json"
log = logging.getLogger("custodes.web")

_TITLES = {400: "Bad request", 401: "Not signed in", 403: "Forbidden", 404: "Not found",
           405: "Method not allowed", 409: "Conflict", 413: "Content too large", 422: "Invalid input",
           429: "Too many requests",
           500: "Internal server error", 503: "Unavailable"}


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="where: body, query, path, header, then the field's path")
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem."""

    type: str = Field(description="a URN naming the kind of problem, e.g. urn:custodes:problem:not-found")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    name: str | None = Field(default=None, description="the refusal's stable name (illegal transitions)")
    field: str | None = None
    line: int | None = None
    source: str | None = None
    errors: list[FieldError] | None = None


class ProblemError(Exception):
    """Raise from the web layer to answer with a problem (e.g. 401 with a WWW-Authenticate header)."""

    def __init__(self, status: int, code: str, detail: str, *, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers, self.extra = status, code, detail, headers, extra


#: paths that answer in JSON (and the log's files); everything else is a server-rendered page
API_PREFIXES = ("/api/", "/log/", "/openapi", "/docs", "/redoc", "/static/")


def problem_response(request: Request, status: int, code: str, detail: str | None, *,
                     headers: Mapping[str, str] | None = None, **extra: Any) -> Response:
    """The problem as JSON, or, for a page of the dashboard or portal, as the app's error page."""
    page_error = getattr(request.app.state, "page_error", None)
    if page_error is not None and not request.url.path.startswith(API_PREFIXES):
        answer: Response | None = page_error(request, status, code, detail)
        if answer is not None:
            return answer
    body: dict[str, Any] = {"type": f"urn:custodes:problem:{code}", "title": _TITLES.get(status, "Error"),
                            "status": status, "detail": detail, "instance": request.url.path}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


_STATUS: list[tuple[type[CustodesError], int]] = [
    (IllegalTransition, 409), (InputError, 422), (NotFound, 404), (PermissionDenied, 403), (ConfigError, 503),
]


# each handler is registered for its exception type alone (see install below), so the casts are known
def _custodes(request: Request, error: Exception) -> Response:
    exc = cast(CustodesError, error)
    status = next((s for t, s in _STATUS if isinstance(exc, t)), 500)
    if isinstance(exc, IllegalTransition):
        return problem_response(request, status, exc.code, exc.detail, name=exc.name)
    if isinstance(exc, InputError):
        return problem_response(request, status, exc.code, exc.problem, field=exc.field, line=exc.line,
                                source=exc.source)
    if status == 500:
        log.error("unmapped error on %s: %s", request.url.path, exc)
        return problem_response(request, 500, "internal", "the server failed; the error is logged")
    return problem_response(request, status, exc.code, str(exc))


def _problem(request: Request, error: Exception) -> Response:
    exc = cast(ProblemError, error)
    return problem_response(request, exc.status, exc.code, exc.detail, headers=exc.headers, **exc.extra)


def _http(request: Request, error: Exception) -> Response:
    exc = cast(HTTPException, error)
    code = {404: "not-found", 405: "method-not-allowed", 413: "too-large"}.get(exc.status_code,
                                                                               f"http-{exc.status_code}")
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path}; see /docs for the API"
    return problem_response(request, exc.status_code, code, detail, headers=exc.headers)


def _validation(request: Request, error: Exception) -> Response:
    exc = cast(RequestValidationError, error)
    errors = [{"loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
               "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))} for e in exc.errors()]
    first = errors[0] if errors else None
    detail = (f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}" if first else "the request is invalid")
    return problem_response(request, 422, "validation", detail, errors=errors)


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem_response(request, 500, "internal", "the server failed; the error is logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(CustodesError, _custodes)
    app.add_exception_handler(ProblemError, _problem)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(Exception, _unexpected)


def _doc(description: str) -> dict[str, Any]:
    # the Problem schema is added to the document's components by custodes.web.openapi
    return {"description": description, "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the problems an operation can answer with."""
    text = {400: "bad request", 401: "not signed in, or a bearer token that is unknown, expired or revoked",
            403: "the role may not do this, or the CSRF token is missing", 404: "no such record",
            409: "a state change the rules refuse (see `name`)", 422: "invalid input",
            429: "too many failed logins, or public filings from one address; retry after the Retry-After "
                 "header's seconds",
            503: "the service is not configured"}
    return {s: _doc(text[s]) for s in statuses}
