"""``/docs``: Swagger UI served from the installed ``swagger-ui-bundle-v2`` package (Swagger UI 5), not from a CDN.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script, which the
Content-Security-Policy forbids. This page loads the package's files from ``/docs/assets/`` and starts
them with a static script (``/static/js/swagger-init.js``), so the policy holds on ``/docs`` too.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import HTMLResponse

__all__ = ["install_docs"]

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}: API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/js/swagger-init.js"></script>
</body></html>
"""


def install_docs(api: FastAPI) -> None:
    """Add ``GET /docs`` and the Swagger UI files under ``/docs/assets`` to ``api`` (built with docs_url=None)."""
    from swagger_ui_bundle import swagger_ui_path  # the Swagger UI release the package vendors

    page = _PAGE.format(title=escape(api.title), openapi=escape(api.openapi_url or "/openapi.json"))

    async def docs(_request: Request) -> HTMLResponse:
        return HTMLResponse(page)

    api.add_route("/docs", docs, methods=["GET"], include_in_schema=False)
    api.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")
