"""The map's layers as GeoJSON FeatureCollections, each for a view the caller's role decides.

Every builder returns a plain ``dict`` ready for JSON. Positions are rounded to 5 decimals (about 1 m),
enough for a map and much smaller than the stored doubles. What a view may hold is decided by
:func:`custodes.accounts.policy.may_see` (and, for an agency's own notifications, ownership):

- incidents: verified ones; roles that see ``incident.exact_location`` get each at its exact point, the
  others one feature per governorate at its representative point (the point incidents' hidden places are
  coarsened to), with counts by event type and fatalities;
- sites (notified humanitarian sites): roles that see ``site.exact_location`` (and the notifying agency
  for its own) get each site's point, the others one feature per governorate with counts by category;
- routes: deconflicted movements' routes, for roles that see ``movement.route`` and an agency's own.

The layers made of records (zones, areas, sites, routes, incidents) take ``exercise``: ``False`` for the
real records only, ``True`` for the exercise (training) ones only, ``None`` (the default) for both. The
crossings are the profile's (real); their status is read from the real status records (``exercise=False``,
the default) or the exercise ones, never both, since a crossing has one status at a time. The public portal
always passes a bool, so real and exercise records are never mixed on its map.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from custodes.accounts.policy import Principal, allows, may_see
from custodes.aid.settings import SITES_FILE
from custodes.app import Custodes
from custodes.web.schemas_aid import PLACE, ROUTE, sees

__all__ = ["DECIMALS", "LAYERS", "areas", "crossings", "facilities", "governorates", "incident_layer", "rounded",
           "routes", "sites", "zones"]

DECIMALS = 5
EXACT_INCIDENT = "incident.exact_location"
#: the layers, in drawing order (areas under everything, points on top)
LAYERS = ("governorates", "areas", "zones", "routes", "crossings", "facilities", "sites", "incidents")


def rounded(coords: Any, nd: int = DECIMALS) -> Any:
    """GeoJSON coordinates (any nesting) rounded to ``nd`` decimals."""
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [round(float(c), nd) for c in coords]
    return [rounded(c, nd) for c in coords]


def _geom(g: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if g is None:
        return None
    if g.get("type") == "GeometryCollection":
        return {"type": "GeometryCollection", "geometries": [_geom(x) for x in g.get("geometries", [])]}
    return {"type": g["type"], "coordinates": rounded(g["coordinates"])}


def _point(lon: float, lat: float, nd: int = DECIMALS) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, nd), round(lat, nd)]}


def _feature(fid: str, geometry: dict[str, Any] | None, props: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": dict(props)}


def _collection(layer: str, view: str, features: Sequence[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "layer": layer, "view": view, **extra, "features": list(features)}


# -- public layers --------------------------------------------------------------------------------------
def governorates(app: Custodes) -> dict[str, Any]:
    """The profile's governorates with their real boundaries (OCHA COD-AB)."""
    feats = [_feature(g.pcode, _geom(g.geometry), {"pcode": g.pcode, "name": g.name.en, "name_ar": g.name.ar})
             for g in app.profile.governorates]
    return _collection("governorates", "public", feats,
                       attribution="Administrative boundaries: OCHA, Common Operational Dataset (COD-AB), via HDX")


def crossings(app: Custodes, at: dt.datetime, exercise: bool = False) -> dict[str, Any]:
    """The crossings (the profile's, real) with their status at ``at`` (null when never recorded), read from the
    real status records, or the exercise ones when ``exercise``: a crossing has one status, never a mix."""
    feats = []
    for v in app.aid.crossings(at, exercise=exercise):
        s = v.status
        feats.append(_feature(v.id, _point(v.lon, v.lat), {
            "name": v.name_en, "name_ar": v.name_ar, "pcode": v.pcode, "kind": v.kind,
            "status": None if s is None else s.status.value, "since": None if s is None else s.since.isoformat(),
            "reason": None if s is None else s.reason, "hours": None if s is None else s.hours,
            "capacity_trucks": None if s is None else s.capacity_trucks}))
    return _collection("crossings", "public", feats, at=at.isoformat(),
                       records="exercise" if exercise else "real", note="positions are approximate (about 1 km)")


def _kept(flag: bool, exercise: bool | None) -> bool:
    """Whether a record marked ``flag`` belongs to the records asked for (``None``: every record)."""
    return exercise is None or flag == exercise


def zones(app: Custodes, at: dt.datetime | None, exercise: bool | None = None) -> dict[str, Any]:
    """Hazard and no-go zones active at ``at`` (every zone when None)."""
    feats = [_feature(z.id, _geom(j["geometry"]), {k: v for k, v in j.items() if k not in ("id", "geometry")})
             for z in app.aid.zones_in_force(at, exercise=exercise) for j in (z.as_json(),)]
    return _collection("zones", "public", feats, at=None if at is None else at.isoformat())


def areas(app: Custodes, who: Principal, on: dt.date, exercise: bool | None = None) -> dict[str, Any]:
    """Areas of responsibility; roles that read the force's records also get the units deployed on ``on``."""
    detail = allows(who, "force.read")
    units: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if detail:
        for d in app.force.active_deployments(on):
            units[d.area].append({"unit": d.unit, "strength": d.strength})
    feats = []
    for a in app.force.areas():
        if not _kept(bool(a["exercise"]), exercise):
            continue
        props: dict[str, Any] = {"name": a["name"], "exercise": a["exercise"]}
        if detail:
            props["units"] = units.get(a["id"], [])
            props["strength"] = sum(u["strength"] for u in props["units"])
        feats.append(_feature(a["id"], _geom(a["geometry"]), props))
    return _collection("areas", "detailed" if detail else "public", feats, on=on.isoformat())


def facilities(app: Custodes, category: str | None) -> dict[str, Any]:
    """Hospitals, clinics and schools from OpenStreetMap, as shipped in the profile (public data)."""
    feats = [_feature(s.id, _point(s.lon, s.lat), {"name": s.name, "name_ar": s.name_ar, "category": s.category,
                                                   "pcode": s.pcode})
             for s in app.aid.planner.sites().values() if category in (None, s.category)]
    return _collection("facilities", "public", feats, source=SITES_FILE,
                       attribution="© OpenStreetMap contributors, ODbL 1.0")


# -- role-aware layers ------------------------------------------------------------------------------------
def _centre(app: Custodes, pcode: str | None) -> dict[str, Any] | None:
    if pcode is None or pcode not in app.incidents.gazetteer.centres:
        return None
    return _point(*app.incidents.gazetteer.centre(pcode), nd=4)


def _by_governorate(app: Custodes, layer: str, groups: Mapping[str | None, Mapping[str, Any]]) -> list[dict[str, Any]]:
    gaz = app.incidents.gazetteer
    return [_feature(f"{layer}-{pcode or 'unplaced'}", _centre(app, pcode),
                     {"pcode": pcode, "governorate": gaz.name(pcode) or None,
                      "governorate_ar": gaz.name(pcode, "ar") or None, **props})
            for pcode, props in sorted(groups.items(), key=lambda kv: kv[0] or "~")]


def sites(app: Custodes, who: Principal, at: dt.datetime, exercise: bool | None = None) -> dict[str, Any]:
    """Notified and deconflicted sites in use at ``at``: points for those who may see them, else counts."""
    found = app.aid.notifier.in_use("site", ("notified", "deconflicted"), at, at, exercise=exercise)
    exact = [n for n in found if sees(who, n, PLACE)]
    counted: dict[str | None, Counter[str]] = defaultdict(Counter)
    for n in found:
        if not sees(who, n, PLACE):
            counted[n.pcode][n.category] += 1
    feats = [_feature(n.id, None if n.lon is None or n.lat is None else _point(n.lon, n.lat), {
        "name": n.name, "category": n.category, "agency": n.agency, "state": n.state, "pcode": n.pcode,
        "start": n.start.isoformat(), "end": None if n.end is None else n.end.isoformat()}) for n in exact]
    feats += _by_governorate(app, "sites", {p: {"sites": sum(c.values()), "by_category": dict(sorted(c.items()))}
                                            for p, c in counted.items()})
    view = "exact" if not counted else "by_governorate" if not exact else "mixed"
    return _collection("sites", view, feats, at=at.isoformat())


def routes(app: Custodes, who: Principal, start: dt.datetime, end: dt.datetime,
           exercise: bool | None = None) -> dict[str, Any]:
    """Deconflicted movements under way in [start, end] whose route the caller may see."""
    found = [n for n in app.aid.notifier.in_use("movement", ("deconflicted",), start, end, exercise=exercise)
             if sees(who, n, ROUTE) and len(n.route) >= 2]
    feats = [_feature(n.id, {"type": "LineString", "coordinates": rounded([list(p) for p in n.route])}, {
        "name": n.name, "agency": n.agency, "state": n.state, "start": n.start.isoformat(),
        "end": None if n.end is None else n.end.isoformat(), "vehicles": n.vehicles, "hazards": list(n.hazards)})
        for n in found]
    view = "all" if may_see(who.role, ROUTE) else "own"
    return _collection("routes", view, feats, start=start.isoformat(), end=end.isoformat())


def incident_layer(app: Custodes, who: Principal, since: dt.date | None, until: dt.date | None,
                   event_type: str | None, exercise: bool | None = None) -> dict[str, Any]:
    """Verified incidents: exact points for roles that see exact places, else counts per governorate."""
    extra = {"since": None if since is None else since.isoformat(),
             "until": None if until is None else until.isoformat()}
    if may_see(who.role, EXACT_INCIDENT):
        feats = [_feature(p.id, _point(p.lon, p.lat), {
            "event_date": p.event_date.isoformat(), "event_type": p.event_type, "sub_event_type": p.sub_event_type,
            "fatalities": p.fatalities, "pcode": p.pcode, "location_hidden": p.location_hidden})
            for p in app.incidents.map_points(since=since, until=until, event_type=event_type, exercise=exercise)]
        return _collection("incidents", "exact", feats, **extra)
    counts = app.incidents.map_counts(since=since, until=until, event_type=event_type, exercise=exercise)
    groups = {pcode: {"incidents": g.incidents, "fatalities": g.fatalities, "by_event_type": g.by_event_type}
              for pcode, g in counts.items()}
    return _collection("incidents", "by_governorate", _by_governorate(app, "incidents", groups), **extra,
                       note="verified incidents counted per governorate, placed at its representative point")
