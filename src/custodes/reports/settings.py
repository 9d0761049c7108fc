"""What a report takes from the profile: the resolution it answers and the names of the places it shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from custodes.profiles.model import Crossing, Governorate, Name, Profile

__all__ = ["ReportSettings"]


@dataclass(frozen=True, slots=True)
class ReportSettings:
    #: the symbol of the profile's first resolution (the report's heading), or "" without one
    resolution: str
    #: member states' names by ISO 3166-1 alpha-3 code
    states: Mapping[str, Name]
    #: governorates (P-code, name, area) for the breakdowns and the map
    governorates: tuple[Governorate, ...]
    #: crossings (id, name, place) for the breakdowns and the map
    crossings: tuple[Crossing, ...]

    @classmethod
    def from_profile(cls, profile: Profile) -> ReportSettings:
        return cls(profile.resolutions[0].symbol if profile.resolutions else "", dict(profile.states),
                   tuple(profile.governorates), tuple(profile.crossings))
