"""The incident register's settings, read from the profile when the mission opens."""

from __future__ import annotations

from dataclasses import dataclass

from custodes.profiles import values
from custodes.profiles.model import Profile

__all__ = ["IncidentSettings"]


@dataclass(frozen=True, slots=True)
class IncidentSettings:
    #: distinct organisations whose confirmations verify a report (``incidents.confirmations_needed``)
    confirmations_needed: int = 2

    @classmethod
    def from_profile(cls, profile: Profile) -> IncidentSettings:
        return cls(values.integer(profile, "incidents.confirmations_needed", 2, low=1))
