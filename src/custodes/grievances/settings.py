"""The grievance mechanism's settings, read from the profile when the mission opens (the keys keep their
first name, ``participation.*``)."""

from __future__ import annotations

from dataclasses import dataclass

from custodes.profiles import values
from custodes.profiles.model import Profile

__all__ = ["GrievanceSettings"]


@dataclass(frozen=True, slots=True)
class GrievanceSettings:
    #: days the addressee has to acknowledge a grievance (``participation.acknowledge_days``)
    acknowledge_days: int = 7
    #: days the addressee has to answer it (``participation.answer_days``)
    answer_days: int = 30

    @classmethod
    def from_profile(cls, profile: Profile) -> GrievanceSettings:
        return cls(values.integer(profile, "participation.acknowledge_days", 7, low=1),
                   values.integer(profile, "participation.answer_days", 30, low=1))
