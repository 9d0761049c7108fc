"""The public portal's record pages, charts, map layers and the "verify this record" page (no login).

Each page shows either the real records (the default) or the exercise ones (``?records=exercise``, marked
as exercise on the page), never both. Long lists are paged (``?page=``). Charts are SVG with a table of
the same numbers beside them; the map has a table alternative.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from custodes.errors import InputError, NotFound
from custodes.i18n import t
from custodes.web.deps import WebDep
from custodes.web.ui import portal_data as data
from custodes.web.ui.checkpoint import published_checkpoint
from custodes.web.ui.portal import Reader, Records
from custodes.web.ui.portal_charts import ChartCache, bar_svg, daily_svg, grouped_bars_svg
from custodes.web.ui.portal_map import dumps, map_layers
from custodes.web.ui.portal_verify import FIELD, KIND, script_texts
from custodes.web.ui.render import code_text, page, request_language

__all__ = ["CHARTS", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PageNo = Annotated[int, Query(alias="page", ge=1, le=10**7, description="page number, from 1")]
PAGE_SIZE = 25


@dataclass(frozen=True, slots=True)
class Pager:
    number: int
    pages: int
    total: int
    records: str

    @property
    def offset(self) -> int:
        return (self.number - 1) * PAGE_SIZE

    def link(self, n: int) -> str:
        return f"?records={self.records}&page={n}"


def _pager(number: int, total: int, records: str) -> Pager:
    return Pager(number, max(1, math.ceil(total / PAGE_SIZE)), total, records)


def _is_ex(records: str) -> bool:
    return records == "exercise"


def _t(lang: str) -> Callable[[str], str]:
    return lambda key: t(key, lang)


# -- pages ----------------------------------------------------------------------------------------------
@router.get("/portal/incidents")
def incidents_page(request: Request, web: WebDep, who: Reader, records: Records = "real",
                   page_no: PageNo = 1) -> HTMLResponse:
    """Verified incidents (governorate only, never the reporter), with incidents by type."""
    app, lang, ex = web.custodes, request_language(request), _is_ex(records)
    total_rows = app.incidents.count_incidents(status=data.VERIFIED)
    rows, total = data.incident_page(app, ex, lang, (page_no - 1) * PAGE_SIZE, PAGE_SIZE)
    return page(request, "portal/incidents.html", who, records=records, rows=rows,
                paging=_pager(page_no, total, records), by_type=data.incidents_by_type(app, ex),
                other_total=total_rows - total)


@router.get("/portal/aid")
def aid_page(request: Request, web: WebDep, who: Reader, records: Records = "real") -> HTMLResponse:
    """Trucks per day against the target, and the share of consignments intercepted."""
    s = data.aid_summary(web.custodes, _is_ex(records))
    return page(request, "portal/aid.html", who, records=records, s=s, days=list(s.rows)[-60:][::-1])


@router.get("/portal/disarmament")
def disarmament_page(request: Request, web: WebDep, who: Reader, records: Records = "real") -> HTMLResponse:
    """Weapons collected and destroyed per month; infrastructure sites by status (counts, no places)."""
    app, ex = web.custodes, _is_ex(records)
    return page(request, "portal/disarmament.html", who, records=records,
                months=data.disarmament_months(app, ex), sites=data.sites_by_status(app, ex))


@router.get("/portal/council")
def council_page(request: Request, web: WebDep, who: Reader, records: Records = "real",
                 page_no: PageNo = 1) -> HTMLResponse:
    """Security Council resolutions and drafts, with each member's vote and the outcome."""
    app = web.custodes
    drafts, total = data.council_drafts_page(app, _is_ex(records), (page_no - 1) * PAGE_SIZE, PAGE_SIZE)
    names = data.state_names(app, request_language(request))
    return page(request, "portal/council.html", who, records=records, drafts=drafts, names=names,
                paging=_pager(page_no, total, records))


@router.get("/portal/board")
def board_page(request: Request, web: WebDep, who: Reader, records: Records = "real",
               page_no: PageNo = 1) -> HTMLResponse:
    """Board of Peace decisions, and funding: pledges against disbursements per donor."""
    app, ex = web.custodes, _is_ex(records)
    decisions, total = data.board_decisions(app, ex, (page_no - 1) * PAGE_SIZE, PAGE_SIZE)
    return page(request, "portal/board.html", who, records=records, decisions=decisions,
                paging=_pager(page_no, total, records), funding=data.funding(app, ex))


@router.get("/portal/withdrawal")
def withdrawal_page(request: Request, web: WebDep, who: Reader, records: Records = "real") -> HTMLResponse:
    """Withdrawal phases with their milestones met and missing."""
    return page(request, "portal/withdrawal.html", who, records=records,
                phases=data.withdrawal_phases(web.custodes, _is_ex(records)))


@router.get("/portal/grievances")
def grievances_page(request: Request, web: WebDep, who: Reader, records: Records = "real") -> HTMLResponse:
    """Grievances received and answered: counts only."""
    return page(request, "portal/grievances.html", who, records=records,
                g=data.grievance_counts(web.custodes, _is_ex(records)))


@router.get("/portal/map")
def map_page(request: Request, web: WebDep, who: Reader, records: Records = "real") -> HTMLResponse:
    """The map (Leaflet, no tile server needed), with the same layers as tables."""
    layers = map_layers(web.custodes, _is_ex(records))
    return page(request, "portal/map.html", who, records=records, layers=layers)


@router.get("/portal/map/layers.json", response_class=Response)
def map_layers_json(request: Request, web: WebDep, who: Reader, records: Records = "real") -> Response:
    """The map's layers as GeoJSON FeatureCollections (the public views of /api/v1/map)."""
    layers = map_layers(web.custodes, _is_ex(records))
    return Response(dumps(layers), media_type="application/json",
                    headers={"Cache-Control": "public, max-age=30"})


# -- charts ---------------------------------------------------------------------------------------------
def _chart(web: WebDep, name: str, lang: str, ex: bool) -> bytes:
    app, tr = web.custodes, _t(lang)
    if name == "trucks":
        s = data.aid_summary(app, ex)
        return daily_svg([r[0] for r in s.rows], [r[2] or 0 for r in s.rows], label=tr("ui.portal.aid.trucks"),
                         title=tr("ui.portal.chart.trucks"), lang=lang, target=s.target_per_day,
                         target_label=tr("ui.portal.aid.target"))
    if name == "weapons":
        months = data.disarmament_months(app, ex)
        return grouped_bars_svg(list(months), {tr("ui.portal.weapons.collected"): [c for c, _ in months.values()],
                                               tr("ui.portal.weapons.destroyed"): [d for _, d in months.values()]},
                                title=tr("ui.portal.chart.weapons"), lang=lang)
    if name == "incidents":
        return bar_svg({code_text("incident.event_type", k, lang): float(v)
                        for k, v in data.incidents_by_type(app, ex).items()},
                       title=tr("ui.portal.chart.incidents"), lang=lang)
    rows = data.funding(app, ex)
    return grouped_bars_svg([f"{r.donor} ({r.currency})" for r in rows],
                            {tr("ui.portal.funding.pledged"): [float(r.pledged) / 1e6 for r in rows],
                             tr("ui.portal.funding.disbursed"): [float(r.disbursed) / 1e6 for r in rows]},
                            title=tr("ui.portal.chart.funding"), lang=lang)


CHARTS = ("trucks", "weapons", "incidents", "funding")


@router.get("/portal/charts/{name}.svg", response_class=Response)
def chart(request: Request, web: WebDep, who: Reader, name: Literal["trucks", "weapons", "incidents", "funding"],
          records: Records = "real") -> Response:
    """One chart as SVG; the page beside it holds the same numbers as a table."""
    lang = request_language(request)
    key = (name, lang, records, data.journal_size(web.custodes))
    charts = web.cache.setdefault("portal.charts", ChartCache())  # per app: two missions never share charts
    svg = charts.get(key)
    if svg is None:
        svg = _chart(web, name, lang, _is_ex(records))
        charts.put(key, svg)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=30",
                                                              "Vary": "Cookie, Accept-Language"})


# -- verify ---------------------------------------------------------------------------------------------
@router.get("/verify")
def verify_page(request: Request, web: WebDep, who: Reader,
                index: Annotated[int | None, Query(ge=0, le=2**53, description="a journal index")] = None,
                kind: Annotated[str | None, Query(max_length=80)] = None,
                field: Annotated[str | None, Query(max_length=40)] = None,
                value: Annotated[str | None, Query(max_length=120)] = None) -> HTMLResponse:
    """Check a record's inclusion in the log in the browser, trusting only the published key."""
    app = web.custodes
    expect = None
    if kind is not None or field is not None or value is not None:
        if not (kind and field and value) or not KIND.match(kind) or not FIELD.match(field):
            raise InputError("give kind (e.g. incidents.verified), field (e.g. id) and value together",
                             field="kind")
        found = app.journal.find_entry(kind, field, value)
        if found is None:
            raise NotFound(f"no journal entry of kind {kind} with {field} = {value}")
        index, expect = found, {"kind": kind, "field": field, "value": value}
    return page(request, "portal/verify.html", who, checkpoint=published_checkpoint(app), index=index,
                expect=expect, script_texts=script_texts(request_language(request)))
