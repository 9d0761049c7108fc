"""Security headers on every answer: an ASGI middleware.

- ``Content-Security-Policy``: scripts, styles, fonts and connections from this origin only (no inline
  script or style: the templates have none, and /docs runs Swagger UI from the package with a static
  init script); images also from ``data:`` URLs and the configured basemap's origin; no framing.
- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin``.
- ``Strict-Transport-Security`` in production.
- ``Cache-Control: no-store`` on every answer to a request that carries credentials (a session cookie or
  an Authorization header): such answers depend on the role. The public log (``/log/``) and static files
  keep their own caching. Anonymous answers are the public's and may be cached as their routes say.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from custodes.web.sessions import SESSION_COOKIE

__all__ = ["HSTS", "SecurityHeaders", "content_security_policy"]

HSTS = "max-age=31536000; includeSubDomains"
#: paths whose answers are the same for everyone, whatever credentials come with the request
_SHARED_PREFIXES = ("/log/", "/static/", "/docs/assets/")
_SESSION_COOKIE = SESSION_COOKIE.encode() + b"="


def content_security_policy(basemap_url: str | None = None) -> str:
    """The policy; a basemap's tiles come from its own origin, which is then allowed for images.

    >>> "img-src 'self' data: https://tile.example.org" in content_security_policy(
    ...     "https://tile.example.org/{z}/{x}/{y}.png")
    True
    """
    img = "'self' data:"
    if basemap_url:
        parts = urlsplit(basemap_url.replace("{", "").replace("}", ""))
        if parts.scheme in ("http", "https") and parts.netloc:
            img += f" {parts.scheme}://{parts.netloc}"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; " f"img-src {img}; font-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def _has_credentials(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"authorization" or (name == b"cookie" and _SESSION_COOKIE in value):
            return True
    return False


class SecurityHeaders:
    """Add the headers of the module notes to every HTTP answer."""

    def __init__(self, app: ASGIApp, *, production: bool, basemap_url: str | None = None) -> None:
        self.app = app
        fixed = [(b"content-security-policy", content_security_policy(basemap_url).encode()),
                 (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                 (b"x-frame-options", b"DENY")]
        if production:
            fixed.append((b"strict-transport-security", HSTS.encode()))
        self._fixed = fixed
        self._names = {n for n, _ in fixed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = _has_credentials(scope) and not str(scope.get("path", "")).startswith(_SHARED_PREFIXES)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                drop = self._names | ({b"cache-control", b"expires", b"pragma"} if private else set())
                headers = [(n, v) for n, v in message.get("headers", ()) if n.lower() not in drop]
                headers += self._fixed
                if private:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
