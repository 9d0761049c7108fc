"""The server-rendered pages: the public transparency portal and the dashboards, in English and Arabic.

Pages are Jinja2 templates (``web/templates``) with a little plain JavaScript (``web/static``), no build
step. Every page route depends on ``authorize(action)`` like the API's, and page errors render as pages.
"""

from __future__ import annotations

from custodes.web.ui.errors import page_error
from custodes.web.ui.pages import PAGE_ROUTERS

__all__ = ["PAGE_ROUTERS", "page_error"]
