"""Road networks: read OpenStreetMap roads from a HOT export (GeoJSON) or an .osm.pbf extract.

Only ways with a ``highway`` tag are kept. The attribution travels with the lines: OpenStreetMap data is
(c) OpenStreetMap contributors under the ODbL 1.0.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, MultiLineString

from custodes.errors import InputError
from custodes.geo.io import read_features

__all__ = ["ODBL", "RoadLine", "RoadSet", "read_roads", "read_schematic"]

ODBL = "(c) OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)"


@dataclass(frozen=True, slots=True)
class RoadLine:
    osm_id: str | None
    name: str
    highway: str
    coords: tuple[tuple[float, float], ...]

    def geojson(self) -> dict[str, Any]:
        return {"type": "LineString", "coordinates": [list(c) for c in self.coords]}


@dataclass(frozen=True, slots=True)
class RoadSet:
    lines: tuple[RoadLine, ...]
    attribution: str
    schematic: bool = False


def read_roads(path: Path) -> RoadSet:
    """Roads from a GeoJSON FeatureCollection, GeoJSON lines, or an .osm.pbf / .osm file."""
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    name = path.name.lower()
    lines = list(_from_osm(path) if name.endswith((".pbf", ".osm", ".osm.bz2")) else _from_geojson(path))
    if not lines:
        raise InputError("no road lines found (features need a LineString geometry and a 'highway' tag)",
                         source=str(path))
    extra = _file_attribution(path)
    return RoadSet(tuple(lines), ODBL + (f"; {extra}" if extra and extra != ODBL else ""))


def _file_attribution(path: Path) -> str | None:
    if not path.name.lower().endswith((".geojson", ".json")):
        return None
    try:
        head = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    value = head.get("attribution") if isinstance(head, dict) else None
    return str(value) if value else None


def _from_geojson(path: Path) -> Iterator[RoadLine]:
    for n, props, geom in read_features(path):
        highway = props.get("highway")
        if not highway or geom is None:
            continue
        if isinstance(geom, LineString):
            parts = [geom]
        elif isinstance(geom, MultiLineString):
            parts = list(geom.geoms)
        else:
            raise InputError(f"a road should be a LineString, not a {geom.geom_type}", source=str(path), line=n,
                             field="geometry")
        osm_id = props.get("osm_id") or props.get("@id") or props.get("id")
        for part in parts:
            coords = tuple((float(x), float(y)) for x, y, *_ in part.coords)
            yield RoadLine(None if osm_id is None else str(osm_id), str(props.get("name") or ""), str(highway), coords)


def _from_osm(path: Path) -> Iterator[RoadLine]:
    import osmium  # an optional heavy import, only for .pbf files

    try:
        fp = osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY).with_locations()
        for obj in fp:
            if not isinstance(obj, osmium.osm.Way) or "highway" not in obj.tags:
                continue
            coords = tuple((n.lon, n.lat) for n in obj.nodes if n.location.valid())
            if len(coords) >= 2:
                yield RoadLine(f"way/{obj.id}", str(obj.tags.get("name", "")), str(obj.tags["highway"]), coords)
    except RuntimeError as exc:
        raise InputError(f"cannot read the OSM file: {exc}", source=str(path)) from None


def read_schematic(path: Path) -> RoadSet:
    """The profile's schematic network (drawn by hand; not for navigation)."""
    lines = []
    for _, props, geom in read_features(path):
        if isinstance(geom, LineString):
            lines.append(RoadLine(None, str(props.get("name", "")), str(props.get("highway", "primary")),
                                  tuple((float(x), float(y)) for x, y, *_ in geom.coords)))
    return RoadSet(tuple(lines), "schematic network drawn for Custodes from the profile's crossings and "
                                 "governorates: NOT a survey of roads, NOT for navigation", schematic=True)
