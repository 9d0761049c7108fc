"""Where an incident lies: the governorate's P-code and OCHA admin names from the profile's real boundaries."""

from __future__ import annotations

from functools import lru_cache

from shapely.geometry import shape

from custodes.geo.places import GovernorateIndex
from custodes.profiles.loader import PROFILES_DIR
from custodes.profiles.model import Profile

__all__ = ["Gazetteer"]

#: points this far (in degrees, about 500 m) off a boundary still belong to it (ACLED puts some on the shore)
TOLERANCE_DEG = 0.005


class Gazetteer:
    """P-code, ADM1 and ADM2 names for a point, and each governorate's representative point.

    >>> from custodes.profiles import load_profile
    >>> Gazetteer(load_profile("unsc-2803-gaza")).locate(34.4581358, 31.5128679)
    ('PS0260', 'Gaza Strip', 'Gaza')
    """

    def __init__(self, profile: Profile) -> None:
        self._index = GovernorateIndex(profile, tolerance_deg=TOLERANCE_DEG)
        self._adm1 = _adm1_names(profile.id)
        self.names = {g.pcode: g.name for g in profile.governorates}
        self.centres = {g.pcode: _centre(g.geometry) for g in profile.governorates}
        self._cache: dict[tuple[float, float], tuple[str, str, str] | None] = {}

    def locate(self, lon: float, lat: float) -> tuple[str, str, str] | None:
        """(P-code, ADM1 name, ADM2 name) of the governorate holding the point, or None outside all."""
        key = (lon, lat)
        if key in self._cache:  # ACLED codes events at named places: points repeat
            return self._cache[key]
        pcode = self._index.pcode_at(lon, lat)
        found = None if pcode is None else (pcode, self._adm1.get(pcode, ""), self.names[pcode].en)
        self._cache[key] = found
        return found

    def name(self, pcode: str | None, lang: str = "en") -> str:
        return "" if pcode is None or pcode not in self.names else self.names[pcode].get(lang)

    def centre(self, pcode: str | None) -> tuple[float, float]:
        return self.centres.get(pcode or "", (0.0, 0.0))


def _centre(geometry: object) -> tuple[float, float]:
    p = shape(geometry).representative_point()
    return (float(p.x), float(p.y))


@lru_cache(maxsize=8)
def _adm1_names(profile_id: str) -> dict[str, str]:
    """ADM1 names by ADM2 P-code, read from the shipped OCHA boundaries' attributes."""
    from custodes.geo.io import read_features

    path = PROFILES_DIR / profile_id / "governorates.geojson"
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for _, props, _ in read_features(path):
        if props.get("adm2_pcode"):
            out[str(props["adm2_pcode"])] = str(props.get("adm1_name") or "")
    return out
