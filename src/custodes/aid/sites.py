"""Static sites shipped in the profile (hospitals, clinics, schools from OpenStreetMap, ODbL 1.0)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from custodes.geo.io import read_features
from custodes.profiles.loader import PROFILES_DIR
from custodes.profiles.model import Profile

__all__ = ["SITES_FILE", "Site", "load_sites"]

SITES_FILE = "sites.geojson"


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


def load_sites(profile: Profile) -> list[Site]:
    path = PROFILES_DIR / profile.id / SITES_FILE
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
