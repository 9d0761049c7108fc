"""The request body cap: an ASGI middleware that runs before routing and authentication.

Every body is capped at ``max_body_bytes`` (default 1 MiB). The upload routes in :data:`UPLOAD_ROUTES`
take up to ``max_upload_bytes`` (default 20 MiB), and only from a request that carries credentials (a
session cookie or an Authorization header): an anonymous body never gets more than the small cap. A
declared Content-Length over the cap is answered 413 before a byte of the body is read; a body without
one (chunked) is counted as it arrives and reading stops at the cap. The answer is an RFC 9457 problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from custodes.web.problems import PROBLEM
from custodes.web.sessions import SESSION_COOKIE

__all__ = ["UPLOAD_ROUTES", "BodyLimit", "BodyTooLarge"]

#: (method, path pattern) of the routes that take files: imports, documents and evidence
UPLOAD_ROUTES: tuple[tuple[str, str], ...] = (
    ("POST", r"/api/v1/disarmament/imports/(?:weapons|sites)"),
    ("POST", r"/api/v1/disarmament/[^/]+/[^/]+/documents"),
    ("POST", r"/api/v1/incidents/import"),
    ("POST", r"/api/v1/incidents/[^/]+/evidence"),
    ("POST", r"/api/v1/council/vetoes/import"),
)
_SESSION_COOKIE = SESSION_COOKIE.encode() + b"="


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes its cap (an HTTPException, so that FastAPI's
    body reader passes it on instead of calling it a parse error)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit} bytes, the most this route takes")
        self.limit = limit


class BodyLimit:
    """Cap request bodies; see the module notes."""

    def __init__(self, app: ASGIApp, *, default: int, upload: int,
                 uploads: Sequence[tuple[str, str]] = UPLOAD_ROUTES) -> None:
        self.app, self.default, self.upload = app, default, upload
        self._uploads = [(m, re.compile(p)) for m, p in uploads]

    def limit_for(self, scope: Scope) -> int:
        """The cap for this request: the upload cap on an upload route with credentials, else the default."""
        method, path = scope.get("method", ""), scope.get("path", "")
        if not any(m == method and p.fullmatch(path) for m, p in self._uploads):
            return self.default
        for name, value in scope.get("headers", ()):
            if name == b"authorization" or (name == b"cookie" and _SESSION_COOKIE in value):
                return max(self.upload, self.default)
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit, f"the request body has {declared} bytes; this route takes at most {limit}")
            return
        seen = 0
        started = False

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, capped_receive, watched_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await _refuse(send, exc.limit, str(exc.detail))


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int, detail: str) -> None:
    body = json.dumps({"type": "urn:custodes:problem:too-large", "title": "Content too large", "status": 413,
                       "detail": detail, "limit": limit}).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
