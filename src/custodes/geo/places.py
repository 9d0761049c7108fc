"""Which governorate a point lies in, from the profile's real OCHA boundaries."""

from __future__ import annotations

from collections.abc import Sequence

from shapely import STRtree
from shapely.geometry import Point

from custodes.geo.io import parse_geometry
from custodes.profiles.model import Governorate, Profile

__all__ = ["GovernorateIndex"]


class GovernorateIndex:
    """P-code look-up by point (WGS 84 lon, lat).

    >>> from custodes.profiles import load_profile
    >>> idx = GovernorateIndex(load_profile("unsc-2803-gaza"))
    >>> idx.pcode_at(34.4581358, 31.5128679), idx.pcode_at(34.2558269, 31.2752047), idx.pcode_at(35.2, 31.8)
    ('PS0260', 'PS0275', None)
    """

    def __init__(self, profile: Profile | Sequence[Governorate], *, tolerance_deg: float = 0.0) -> None:
        governorates = profile.governorates if isinstance(profile, Profile) else profile
        self._pcodes = [g.pcode for g in governorates]
        self._geoms = [parse_geometry(g.geometry, field=f"governorate {g.pcode}") for g in governorates]
        self._tree = STRtree(self._geoms)
        self._tolerance = tolerance_deg

    def pcode_at(self, lon: float, lat: float) -> str | None:
        """The governorate containing the point, or None outside every one (within the tolerance)."""
        p = Point(lon, lat)
        for i in self._tree.query(p, predicate="intersects"):
            return self._pcodes[int(i)]
        if self._tolerance > 0:
            i = self._tree.nearest(p)
            if i is not None and self._geoms[int(i)].distance(p) <= self._tolerance:
                return self._pcodes[int(i)]
        return None

    def names(self) -> list[str]:
        return list(self._pcodes)
