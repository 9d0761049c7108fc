"""GeoJSON in and out. Every other module gets shapely geometries from here, never parses GeoJSON itself."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from custodes.errors import InputError

__all__ = ["parse_geometry", "read_features", "to_geojson"]


def parse_geometry(obj: Any, *, source: str | None = None, line: int | None = None,
                   field: str = "geometry") -> BaseGeometry:
    """A shapely geometry from a GeoJSON geometry object (a mapping or a JSON string); valid or refused."""
    if isinstance(obj, str):
        try:
            obj = json.loads(obj)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", source=source, line=line, field=field) from None
    if not isinstance(obj, Mapping) or "type" not in obj:
        raise InputError("not a GeoJSON geometry (no 'type')", source=source, line=line, field=field)
    try:
        geom = shape(obj)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise InputError(f"invalid {obj.get('type')} geometry: {exc}", source=source, line=line, field=field) from None
    if geom.is_empty:
        raise InputError("empty geometry", source=source, line=line, field=field)
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        raise InputError(f"invalid geometry: {reason}", source=source, line=line, field=field)
    return geom


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    return dict(mapping(geom))


def read_features(path: Path) -> Iterator[tuple[int, dict[str, Any], BaseGeometry | None]]:
    """Features of a GeoJSON FeatureCollection, or of GeoJSON lines (one feature a line), numbered from 1."""
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("{") and '"FeatureCollection"' in stripped[:2000]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", source=str(path), line=exc.lineno) from None
        for i, feat in enumerate(data.get("features", []), start=1):
            yield i, dict(feat.get("properties") or {}), _geom(feat, path, i)
        return
    for i, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            feat = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", source=str(path), line=i) from None
        yield i, dict(feat.get("properties") or {}), _geom(feat, path, i)


def _geom(feat: Any, path: Path, n: int) -> BaseGeometry | None:
    if not isinstance(feat, Mapping):
        raise InputError("not a GeoJSON feature", source=str(path), line=n)
    g = feat.get("geometry")
    return None if g is None else parse_geometry(g, source=str(path), line=n)
