"""A router that answers "no match" at once for paths outside its prefix.

FastAPI 0.165 matches a request against every route of every included router in turn, with scope
bookkeeping per candidate; with ~130 routes that was about 40 % of the server's CPU per request (see
docs/benchmarks.md). Each domain router is included through a :class:`PrefixGuard` that compares the
path with the router's prefix first, so a request only walks the routes of the router it belongs to.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.routing import Match
from starlette.types import Scope

__all__ = ["PrefixGuard", "guarded"]


class PrefixGuard(APIRouter):
    def __init__(self, match_prefix: str) -> None:
        super().__init__()
        self.match_prefix = match_prefix
        self._with_slash = match_prefix + "/"

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path: str = scope.get("path", "")
        if path != self.match_prefix and not path.startswith(self._with_slash):
            return Match.NONE, {}
        return super().matches(scope)


def guarded(router: APIRouter) -> APIRouter:
    """``router`` behind a prefix guard, or as it is when it has no prefix (pages at the root)."""
    if not router.prefix:
        return router
    guard = PrefixGuard(router.prefix)
    guard.include_router(router)
    return guard
