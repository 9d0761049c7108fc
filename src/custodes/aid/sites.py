"""Static sites shipped in the profile (hospitals, clinics, schools from OpenStreetMap, ODbL 1.0)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from custodes.aid.settings import SITES_FILE
from custodes.geo.io import read_features

__all__ = ["SITES_FILE", "Site", "load_sites"]



@dataclass(frozen=True, slots=True)
class Site:
    id: str  # "osm-node-123", "osm-way-456"
    name: str
    name_ar: str
    category: str  # hospital | clinic | school
    pcode: str | None
    lon: float
    lat: float

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "name_ar": self.name_ar, "category": self.category,
                "pcode": self.pcode, "lon": self.lon, "lat": self.lat}


def load_sites(path: Path) -> list[Site]:
    """The sites in ``path`` (the profile's :data:`SITES_FILE`); none if it does not exist."""
    if not path.is_file():
        return []
    out = []
    for _, p, g in read_features(path):
        if g is None:
            continue
        pt = g.representative_point()
        out.append(Site(str(p["id"]), str(p.get("name") or ""), str(p.get("name_ar") or ""), str(p["category"]),
                        p.get("pcode"), round(pt.x, 7), round(pt.y, 7)))
    return out
