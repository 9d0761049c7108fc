"""Export a selection of consignments as CSV with HXL hashtags (libhxl) or as GeoJSON (at their crossing)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Row, select

from custodes.aid.lines import HXL_TAGS, KEYS
from custodes.aid.service import consignment_filter
from custodes.aid.store import consignments, crossings
from custodes.errors import InputError
from custodes.geo.io import feature_collection
from custodes.storage.uow import Store

__all__ = ["canonical_record", "export_consignments"]

_HEADERS = {"source": "Source", "ref": "Source row", "date": "Date", "crossing": "Crossing", "route": "Route",
            "category": "Cargo category", "description": "Description", "quantity": "Quantity", "unit": "Unit",
            "donor": "Donor", "agency": "Agency", "destination": "Destination", "state": "State"}


def _num(x: float | None) -> str | None:
    if x is None:
        return None
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def canonical_record(r: Row[Any]) -> dict[str, str | None]:
    """The canonical record of a stored row, as hashed when it was imported (see custodes.aid.imports)."""
    return {"source": r.source, "ref": r.source_ref, "date": r.date.isoformat(), "crossing": r.crossing,
            "route": r.route, "category": r.category, "description": r.description, "quantity": _num(r.quantity),
            "unit": r.unit, "donor": r.donor, "agency": r.agency, "destination": r.destination}


def _rows(store: Store, filters: dict[str, Any]) -> Iterator[Row[Any]]:
    where = consignment_filter(**filters)
    q = select(consignments).order_by(consignments.c.source, consignments.c.date, consignments.c.source_ref)
    if where is not None:
        q = q.where(where)
    with store.read() as conn:
        yield from conn.execute(q)


def export_consignments(store: Store, path: Path, fmt: str, **filters: Any) -> int:
    """Write the selected consignments to ``path`` as ``hxl`` (CSV + hashtags) or ``geojson``; returns rows."""
    if fmt == "hxl":
        import hxl  # libhxl

        cols = [*KEYS, "state"]
        table: list[list[Any]] = [[_HEADERS[k] for k in cols], [HXL_TAGS[k] for k in cols]]
        for r in _rows(store, filters):
            rec = canonical_record(r)
            table.append([rec.get(k, r.state) for k in cols])
        with path.open("w", encoding="utf-8", newline="") as f:
            for line in hxl.data(table).gen_csv(show_headers=True, show_tags=True):
                f.write(line)
        return len(table) - 2
    if fmt == "geojson":
        with store.read() as conn:
            where_x = {r.id: Point(r.lon, r.lat) for r in conn.execute(select(crossings))}
        feats: list[tuple[BaseGeometry | None, Mapping[str, Any]]] = []
        for r in _rows(store, filters):
            props: dict[str, Any] = {**canonical_record(r), "state": r.state, "trucks": r.trucks,
                                     "tonnes": r.tonnes, "exercise": bool(r.exercise)}
            feats.append((where_x.get(r.crossing or ""), props))
        doc = feature_collection(feats)
        doc["note"] = "points are the crossings the consignments passed (approximate, not for navigation)"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        return len(feats)
    raise InputError(f"format should be hxl or geojson, not {fmt!r}", field="format")
