"""What a dashboard draws: the map's layers and the charts that matter to the role.

The map draws the layers of ``/api/v1/map`` (the browser's session cookie signs its requests in), so the
server decides each view by the caller's role: the force sees deconflicted routes and notified sites'
exact points, monitors verified incidents' exact points (a recent window only, so the layer stays small),
an aid agency its own routes and sites, everyone else the public views. The charts are the portal's SVG
charts (``/portal/charts/...``, public aggregates), each beside a table of the same numbers.

Both show either the real records or the exercise ones (``?records=``), never both mixed.

>>> day = dt.date(2026, 11, 27)
>>> [layer["name"] for layer in map_layers(Principal(Role.FORCE_HQ, 1, "u", "isf-hq"), "real", day)]
['governorates', 'areas', 'zones', 'routes', 'crossings', 'sites', 'incidents']
>>> map_layers(Principal(Role.MONITOR, 2, "m", "monitor-a"), "real", day)[-1]["url"]
'/api/v1/map/incidents?records=real&since=2026-08-29'
>>> map_layers(Principal(Role.BOARD, 3, "b", "board-1"), "exercise", day)[-1]["url"]
'/api/v1/map/incidents?records=exercise'
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from custodes.accounts.model import Role
from custodes.accounts.policy import Principal, allows, may_see
from custodes.app import Custodes
from custodes.incidents.visibility import EXACT as EXACT_INCIDENT  # where the field is declared
from custodes.web.ui import portal_data as data

__all__ = ["CHARTS", "RECENT_DAYS", "Layer", "chart_data", "map_layers"]

API = "/api/v1/map"
#: the window of exact incident points drawn on a dashboard (counts per governorate need no window)
RECENT_DAYS = 90
#: the charts each role's dashboard shows, in order (names of the portal's charts)
CHARTS: dict[Role, tuple[str, ...]] = {
    Role.AID_AGENCY: ("trucks",),
    Role.FORCE_HQ: ("trucks", "weapons", "incidents"),
    Role.CONTINGENT: ("weapons", "incidents"),
    Role.MONITOR: ("incidents",),
    Role.BOARD: ("funding", "trucks"),
    Role.COUNCIL: ("trucks", "weapons", "incidents", "funding"),
    Role.COMMITTEE: ("trucks", "incidents"),
    Role.CIVIL_SOCIETY: ("trucks", "incidents"),
}


class Layer(TypedDict):
    """A layer of the map (JSON-ready for map.js's ``data-layer-urls``)."""

    name: str
    url: str


def _layer(name: str, query: str = "") -> Layer:
    return {"name": name, "url": f"{API}/{name}" + (f"?{query}" if query else "")}


def map_layers(who: Principal, records: str, today: dt.date) -> list[Layer]:
    """The layers a role's dashboard map draws, in drawing order (areas under lines, points on top)."""
    mine = f"records={records}"
    out = [_layer("governorates"), _layer("areas", mine), _layer("zones", mine)]
    operational = allows(who, "map.routes")  # the force, contingents, aid agencies
    if operational:
        out.append(_layer("routes", mine))
    out.append(_layer("crossings", mine))
    if operational:
        out.append(_layer("sites", mine))
    since = f"&since={(today - dt.timedelta(days=RECENT_DAYS)).isoformat()}" if may_see(who.role, EXACT_INCIDENT) \
        else ""
    out.append(_layer("incidents", mine + since))
    return out


def chart_data(app: Custodes, role: Role, exercise: bool) -> dict[str, Any]:
    """For each chart of the role, the numbers of its table (the chart itself is drawn by the portal)."""
    out: dict[str, Any] = {}
    for name in CHARTS.get(role, ()):
        if name == "trucks":
            s = data.aid_summary(app, exercise)
            out[name] = {"rows": [(r[0], r[2]) for r in s.rows][-14:][::-1], "target": s.target_per_day,
                         "per_day": s.trucks_per_day, "sources": s.chosen}
        elif name == "weapons":
            out[name] = list(data.disarmament_months(app, exercise).items())[-12:][::-1]
        elif name == "incidents":
            out[name] = data.incidents_by_type(app, exercise)
        else:
            out[name] = data.funding(app, exercise)
    return out
