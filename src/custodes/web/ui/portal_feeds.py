"""``/feeds/<name>.atom``: Atom feeds of public records (no login), English or Arabic (``?lang=ar``).

Each feed shows the latest real records of its kinds (never exercise ones), newest first, as the public log
publishes them (:mod:`custodes.web.ui.atom`). Answers are cached in memory by the journal's size (every state
change appends to the journal); the ``ETag`` says the same, so ``If-None-Match`` gets ``304 Not Modified``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from fastapi import APIRouter, Request, Response

from custodes.web.deps import WebDep, WebState
from custodes.web.ui.atom import FEEDS, MEDIA_TYPE, Feed, atom_feed, feed_lang
from custodes.web.ui.portal import Reader

__all__ = ["CACHE_ENTRIES", "ENTRIES", "router"]

router = APIRouter(include_in_schema=False)
#: how many entries a feed holds (the latest)
ENTRIES = 50
CACHE_ENTRIES = 64


def _document(web: WebState, feed: Feed, lang: str) -> tuple[bytes, str]:
    """The feed's document and its ETag, from the cache (keyed by the journal's size) or built. Its links are
    relative to the server (RFC 4287 resolves them against the feed's address): never built from a request's Host
    header, which a client chooses and a shared cache would then hand to everyone."""
    app = web.custodes
    base = ""
    key = ("feed", app.journal.size(), feed.name, lang)
    found: tuple[bytes, str] | None = web.cache.get(key)
    if found is None:
        entries = app.journal.latest(feed.kinds, limit=ENTRIES, offset=0, exercise=False).items
        body = atom_feed(feed, entries, origin=app.log_origin, base=base, lang=lang,
                         mission=app.profile.name.get(lang))
        found = (body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        if len(web.cache) > CACHE_ENTRIES:
            web.cache.clear()
        web.cache[key] = found
    return found


def _serve(feed: Feed) -> Callable[[Request, WebDep, Reader], Response]:
    def serve(request: Request, web: WebDep, who: Reader) -> Response:
        lang = feed_lang(request.query_params.get("lang"))
        body, etag = _document(web, feed, lang)
        headers = {"ETag": etag, "Cache-Control": "public, max-age=60"}
        sent = request.headers.get("if-none-match", "")
        if etag in (tag.strip() for tag in sent.split(",")):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=MEDIA_TYPE, headers=headers)

    serve.__name__ = f"{feed.name}_feed"
    serve.__doc__ = f"The Atom feed of {feed.name}: the latest public records, newest first."
    return serve


for _feed in FEEDS.values():
    router.add_api_route(_feed.path, _serve(_feed), methods=["GET"], response_class=Response)
