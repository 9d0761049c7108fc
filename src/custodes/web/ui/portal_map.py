"""The portal map's layers as GeoJSON: governorates, crossings, hazard zones, areas of responsibility and
verified incidents counted per governorate (drawn at the governorate's representative point, never at
the place of an incident). Real or exercise records, never both."""

from __future__ import annotations

import json
from typing import Any

from shapely.geometry import mapping
from sqlalchemy import select

from custodes.aid import service as aid_service
from custodes.aid.store import hazard_zones
from custodes.aid.zones import list_zones
from custodes.app import Custodes
from custodes.web.ui.portal_data import incidents_by_governorate

__all__ = ["LAYERS", "map_layers"]

LAYERS = ("governorates", "crossings", "zones", "areas", "incidents")


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _feature(geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def map_layers(app: Custodes, exercise: bool, lang: str) -> dict[str, dict[str, Any]]:
    """Each layer as a FeatureCollection, with names in ``lang``."""
    gaz = app.incidents.gazetteer
    counts = incidents_by_governorate(app, exercise)
    govs = [_feature(dict(g.geometry), id=g.pcode, name=g.name.get(lang), incidents=counts.get(g.pcode, (0, 0))[0])
            for g in app.profile.governorates]
    points = [_feature({"type": "Point", "coordinates": [round(x, 4), round(y, 4)]}, id=p, name=gaz.name(p, lang),
                       incidents=n, fatalities=f)
              for p, (n, f) in sorted(counts.items()) for x, y in [gaz.centre(p)]]
    now = app.clock()
    crossings = [_feature({"type": "Point", "coordinates": [c.lon, c.lat]}, id=c.id,
                          name=c.name_ar if lang == "ar" else c.name_en, kind=c.kind,
                          status=None if c.status is None else str(c.status.status))
                 for c in aid_service.list_crossings(app.store, now)]
    with app.store.read() as conn:
        marked = {r.id for r in conn.execute(select(hazard_zones.c.id).where(hazard_zones.c.exercise.is_(True)))}
    zones = [_feature(dict(mapping(z.geometry)), id=z.id, name=z.name, kind=z.kind)
             for z in list_zones(app.store, now) if (z.id in marked) == exercise]
    areas = [_feature(a["geometry"], id=a["id"], name=a["name"]) for a in app.force.areas()
             if bool(a["exercise"]) == exercise]
    return {"governorates": _collection(govs), "crossings": _collection(crossings), "zones": _collection(zones),
            "areas": _collection(areas), "incidents": _collection(points)}


def dumps(layers: dict[str, dict[str, Any]]) -> bytes:
    return json.dumps(layers, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
