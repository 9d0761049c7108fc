"""The web service: the HTTP API (one router per domain) and the public log endpoints."""

from custodes.web.app import ROUTERS, create_app
from custodes.web.settings import WebSettings

__all__ = ["ROUTERS", "WebSettings", "create_app"]
