"""Hazard and no-go zones: polygons valid for a time window (pure; stored by the aid module).

>>> import datetime as dt
>>> from shapely.geometry import box
>>> t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> z = Zone("z1", "test", "hazard", box(0, 0, 1, 1), t, t + dt.timedelta(days=1), "shelling")
>>> z.active_at(t), z.active_at(t + dt.timedelta(days=2))
(True, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shapely.geometry.base import BaseGeometry

from custodes.geo.io import to_geojson

__all__ = ["ZONE_KINDS", "Zone", "active_at", "active_during", "crossing"]

ZONE_KINDS = ("hazard", "no_go")


@dataclass(frozen=True, slots=True)
class Zone:
    id: str
    name: str
    kind: str
    geometry: BaseGeometry
    valid_from: dt.datetime
    valid_to: dt.datetime | None  # open-ended when None
    reason: str

    def active_at(self, at: dt.datetime) -> bool:
        return self.valid_from <= at and (self.valid_to is None or at < self.valid_to)

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Active at some moment of [start, end)."""
        return self.valid_from < end and (self.valid_to is None or start < self.valid_to)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "geometry": to_geojson(self.geometry),
                "valid_from": self.valid_from.isoformat(),
                "valid_to": None if self.valid_to is None else self.valid_to.isoformat(), "reason": self.reason}


def active_at(zones: Iterable[Zone], at: dt.datetime) -> list[Zone]:
    return [z for z in zones if z.active_at(at)]


def active_during(zones: Iterable[Zone], start: dt.datetime, end: dt.datetime) -> list[Zone]:
    return [z for z in zones if z.overlaps(start, end)]


def crossing(zones: Iterable[Zone], geom: BaseGeometry) -> list[Zone]:
    """The zones a geometry (a route, a site) touches."""
    return [z for z in zones if z.geometry.intersects(geom)]
