"""The client's address, as every limit and record of the web service takes it.

It is the connection's peer, unless ``CUSTODES_TRUSTED_PROXIES`` names reverse proxies: then, and only for
a request that comes from one of them, the address their ``X-Forwarded-For`` gives (uvicorn's
ProxyHeadersMiddleware, installed by the app factory, rewrites the peer before this is read). A client
cannot choose its address by sending the header itself.
"""

from __future__ import annotations

from starlette.requests import Request

__all__ = ["client_address"]


def client_address(request: Request) -> str:
    """The client address of ``request`` (see the module notes); "unknown" when the server gives none."""
    return request.client.host if request.client else "unknown"
