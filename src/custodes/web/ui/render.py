"""Rendering server-side pages: the Jinja2 environment, the page's language, and what every page knows.

The language comes from ``?lang=`` (remembered in a cookie), else the cookie, else the browser's
Accept-Language, else English. Arabic pages are right to left (``<html dir="rtl">``).

>>> pick_language("ar", None, None), pick_language(None, "ar", "en"), pick_language(None, None, "ar-EG,ar;q=0.9")
('ar', 'ar', 'ar')
>>> pick_language("xx", None, "de")
'en'

Stored codes (a crossing's status, an incident's type, a weapon's type...) are shown translated where
messages.yaml has ``code.<domain>.<value>`` or the shared ``term.<value>``, else as stored:

>>> code_text("crossing.status", "closed", "ar"), code_text("crossing.status", "half-open", "ar")
('مغلق', 'half-open')
>>> code_text("incident.event_type", "Riots", "ar")
'أعمال شغب'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from custodes.accounts.policy import PUBLIC, Principal, allows, may_see
from custodes.i18n import LANGUAGES, catalogue, direction, t
from custodes.web.sessions import CSRF_COOKIE
from custodes.web.ui.refusals import refusal_text

__all__ = ["LANG_COOKIE", "MAP_CODES", "STATIC_DIR", "TEMPLATE_DIR", "code_text", "environment", "map_codes", "page",
           "pick_language", "request_language"]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
LANG_COOKIE = "custodes_lang"


def exercise_tag(record: Any, lang: str) -> Markup:
    """A visible "exercise" label after a record that is exercise (training) data, else nothing.

    >>> str(exercise_tag({"exercise": True}, "en")), str(exercise_tag({"exercise": False}, "en"))
    (' <span class="exercise">exercise</span>', '')
    """
    flag = record.get("exercise") if isinstance(record, Mapping) else getattr(record, "exercise", False)
    return Markup(' <span class="exercise">{}</span>').format(t("label.exercise", lang)) if flag else Markup("")


def isolate(value: object) -> object:
    """A value holding Latin letters or digits wrapped in Unicode isolates (LRI ... PDI), so that inside
    right-to-left text a date such as 2026-11-27 or a symbol such as S/RES/2803 keeps its order.

    >>> isolate("2026-11-27") == "\u20662026-11-27\u2069", isolate("مجلس"), isolate(7) == "\u20667\u2069"
    (True, 'مجلس', True)
    """
    text = str(value)
    if any(c.isascii() and c.isalnum() for c in text):
        return f"\u2066{text}\u2069"
    return value


def pick_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return str(choice)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def request_language(request: Request) -> str:
    return pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                         request.headers.get("accept-language"))


def code_text(domain: str, value: object, lang: str) -> str:
    """A stored code in ``lang``: ``code.<domain>.<value>`` in messages.yaml, else the shared ``term.<value>``
    (ACLED types, weapon types... as the reports name them), else the code as stored."""
    for key in (f"code.{domain}.{value}", f"term.{value}"):
        text = t(key, lang)
        if text != key:
            return text
    return str(value)


#: the domains of the codes a map's popups show (a feature's kind, status, state or category)
MAP_CODES = ("crossing.kind", "crossing.status", "zone.kind", "notification.state", "site.category")


def map_codes(lang: str) -> dict[str, str]:
    """Code -> text in ``lang`` for the codes a map shows (the shared ``term.*``, e.g. ACLED types, then the
    map's ``code.*`` domains), for map.js, which has no catalogue of its own."""
    prefixes = tuple(f"code.{d}." for d in MAP_CODES)
    terms = {key.removeprefix("term."): t(key, lang) for key in catalogue() if key.startswith("term.")}
    return terms | {key.removeprefix(p): t(key, lang) for key in catalogue() for p in prefixes if key.startswith(p)}


_env: Environment | None = None


def environment() -> Environment:
    """One environment per process: templates are read once and cached by Jinja2."""
    global _env
    if _env is None:
        _env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(default=True),
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return _env


def aid_source_label(source: str, lang: str) -> str:
    from custodes.aid.sources import label

    return label(source, lang)


def aid_sources_text(chosen: Mapping[str, int], lang: str) -> str:
    """Where a truck figure comes from: each source giving days of it, named with its coverage, in ``lang``."""
    from custodes.aid.sources import label

    names = "; ".join(label(src, lang) for src in chosen) or "—"
    return t("aid.headline_source", lang, sources=names)


def page(request: Request, template: str, who: Principal = PUBLIC, status_code: int = 200,
         **context: Any) -> HTMLResponse:
    """Render ``template`` for ``who`` in the request's language; remembers a language chosen by ``?lang=``."""
    lang = request_language(request)
    web = request.app.state.custodes_web
    custodes = web.custodes

    def tr(key: str, **values: object) -> str:
        if direction(lang) == "rtl":  # dates, codes and Latin names keep their own order in Arabic text
            values = {k: isolate(v) for k, v in values.items()}
        return t(key, lang, **values)

    base: Mapping[str, Any] = {
        "request": request, "lang": lang, "dir": direction(lang), "t": tr, "who": who,
        "can": lambda action: allows(who, action), "sees": lambda field: may_see(who.role, field),
        "csrf": request.cookies.get(CSRF_COOKIE, "") if who.authenticated else "",
        "mission_name": custodes.profile.name.get(lang), "path": request.url.path,
        "other_lang": "ar" if lang == "en" else "en",
        "ex": lambda record: exercise_tag(record, lang),
        "code": lambda domain, value: code_text(domain, value, lang), "map_codes": lambda: map_codes(lang),
        "refusal_text": lambda name: refusal_text(name, lang),
        "aid_sources": lambda chosen: aid_sources_text(chosen, lang),
        "aid_source": lambda source: aid_source_label(source, lang),
        "basemap_url": web.settings.basemap_url, "basemap_attribution": web.settings.basemap_attribution,
    }
    html = environment().get_template(template).render({**base, **context})
    response = HTMLResponse(html, status_code=status_code)
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and chosen != request.cookies.get(LANG_COOKIE):
        response.set_cookie(LANG_COOKIE, str(chosen), max_age=365 * 86400, samesite="lax", path="/",
                            secure=web.settings.production)
    return response
