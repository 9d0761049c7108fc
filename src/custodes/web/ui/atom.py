"""Atom feeds (RFC 4287) of public records, built from the journal's public bytes (pure).

Each entry is one journal entry of the feed's kinds, as the public log publishes it: a field that entry seals or
delays is a commitment there and shows here as an ellipsis, so a feed can never say more than the log. An entry's
``id`` is a ``tag:`` URI made of the log's origin and the journal index (the same on every run); its ``updated``
is the entry's journal time; it links to the record's page and to ``/verify?index=`` (checked in the browser).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from custodes.i18n import t

__all__ = ["ATOM", "FEEDS", "MEDIA_TYPE", "Feed", "atom_feed", "feed_lang"]

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: what a sealed or delayed field shows (the log holds only its commitment)
SEALED = "…"
ET.register_namespace("", ATOM)


def _record_link(path: str, field: str) -> Callable[[Mapping[str, Any]], str | None]:
    """The record page at ``path`` + the record's ``field`` (None when the field is not public)."""
    def link(rec: Mapping[str, Any]) -> str | None:
        value = rec.get(field)
        return path + quote(str(value), safe="/") if isinstance(value, str | int) and value != "" else None
    return link


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed: the journal kinds it shows, the portal page it belongs to, and each kind's record page."""

    name: str
    kinds: tuple[str, ...]
    page: str
    links: Mapping[str, Callable[[Mapping[str, Any]], str | None]]

    @property
    def path(self) -> str:
        return f"/feeds/{self.name}.atom"


FEEDS: dict[str, Feed] = {f.name: f for f in (
    Feed("incidents", ("incidents.verified",), "/portal/incidents",
         {"incidents.verified": _record_link("/records/incidents/", "id")}),
    Feed("board", ("board.decision",), "/portal/board",
         {"board.decision": _record_link("/records/board/decisions/", "id")}),
    Feed("council", ("council.resolution_adopted", "council.draft_put_to_vote"), "/portal/council",
         {"council.resolution_adopted": _record_link("/records/drafts/", "draft"),
          "council.draft_put_to_vote": _record_link("/records/drafts/", "symbol")}),
    Feed("withdrawal", ("withdrawal.phase_completed",), "/portal/withdrawal", {}),
    Feed("reports", ("reports.generated",), "/", {}),
)}


def feed_lang(asked: str | None) -> str:
    """The feed's language: Arabic when ``?lang=ar`` asks for it, else English (never a cookie or a header, so
    that one URL is one document for every cache)."""
    return "ar" if asked == "ar" else "en"


class _Fields(dict[str, str]):
    """An entry's public scalar fields as text, for a title's placeholders; any other shows as sealed."""

    def __missing__(self, key: str) -> str:
        return SEALED


def _text(value: Any, lang: str) -> str:
    """A public field as text: a scalar, or a text in both languages ``{"en": ..., "ar": ...}`` in ``lang``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return str(value)
    if isinstance(value, dict) and isinstance(value.get(lang) or value.get("en"), str):
        return str(value.get(lang) or value["en"])
    return SEALED  # a commitment {"commit": ...}, or a list or mapping a title does not spell out


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _tag(origin: str) -> str:
    """The ids' stem: ``tag:`` (RFC 4151) needs an authority and a date; the origin's host names the authority,
    the date is fixed (an id must never change), and the whole origin follows."""
    authority = quote(origin.split("/", 1)[0].lower(), safe=".-") or "custodes"
    return f"tag:{authority},2025:{quote(origin, safe='')}"


def _holds_exercise(entry: Mapping[str, Any]) -> bool:
    """An exercise entry, or a real one that says its record holds exercise data (a report that counted some)."""
    rec = entry.get("rec")
    return bool(entry.get("ex")) or (isinstance(rec, dict) and rec.get("exercise") is True)


def _add_entry(feed_el: ET.Element, feed: Feed, entry: Mapping[str, Any], origin: str, base: str,
               lang: str) -> None:
    rec: Mapping[str, Any] = entry.get("rec") or {}
    index, kind = int(entry["i"]), str(entry["kind"])
    fields = _Fields({k: _text(v, lang) for k, v in rec.items()})
    el = _sub(feed_el, "entry")
    _sub(el, "id", f"{_tag(origin)}/journal/{index}")
    _sub(el, "title", t(f"ui.feed.entry.{kind}", lang).format_map(fields))
    _sub(el, "updated", str(entry["at"]))
    _sub(el, "category", term=kind)
    verify = f"{base}/verify?{urlencode({'index': index})}"
    link = feed.links.get(kind)
    page = link(rec) if link is not None else None
    _sub(el, "link", rel="alternate", type="text/html", href=base + (page or feed.page))
    _sub(el, "link", rel="related", type="text/html", href=verify, title=t("ui.feed.verify", lang))
    summary = "; ".join(f"{k}: {fields[k]}" for k in sorted(rec) if fields[k] != SEALED)
    _sub(el, "content", t("ui.feed.content", lang, index=index, verify=verify, fields=summary), type="text")


def atom_feed(feed: Feed, entries: Sequence[bytes], *, origin: str, base: str, lang: str,
              mission: str) -> bytes:
    """The Atom document of ``feed`` in ``lang``: ``entries`` are public journal bytes, newest first (an exercise
    entry, or one whose record says it holds exercise data, is left out); ``base`` is the site's address (no
    trailing slash)."""
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _sub(root, "id", f"{_tag(origin)}/feeds/{feed.name}")
    _sub(root, "title", t(f"ui.feed.{feed.name}.title", lang))
    _sub(root, "subtitle", t("ui.feed.subtitle", lang, mission=mission))
    decoded = [e for e in map(json.loads, entries) if not _holds_exercise(e)]
    newest = str(decoded[0]["at"]) if decoded else dt.datetime(2025, 1, 1, tzinfo=dt.UTC).isoformat()
    _sub(root, "updated", newest)
    _sub(_sub(root, "author"), "name", mission)
    _sub(root, "link", rel="self", type=MEDIA_TYPE, href=f"{base}{feed.path}?lang={lang}")
    _sub(root, "link", rel="alternate", type="text/html", href=base + feed.page)
    _sub(root, "generator", "Custodes")
    for entry in decoded:
        _add_entry(root, feed, entry, origin, base, lang)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
