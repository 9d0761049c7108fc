"""Decommissioning's settings, read from the profile when the mission opens."""

from __future__ import annotations

from dataclasses import dataclass

from custodes.profiles import values
from custodes.profiles.model import Governorate, Profile

__all__ = ["DisarmamentSettings"]


@dataclass(frozen=True, slots=True)
class DisarmamentSettings:
    #: independent parties that must witness a destruction (``disarmament.destruction_witness_parties``)
    witness_parties: int
    #: the P-codes of the mission's governorates, where sites and weapons may be
    zones: frozenset[str]
    #: the mission's governorates with their boundaries, to find the zone of a site or a weapon's place
    governorates: tuple[Governorate, ...] = ()

    @classmethod
    def from_profile(cls, profile: Profile) -> DisarmamentSettings:
        return cls(values.integer(profile, "disarmament.destruction_witness_parties", 2, low=1),
                   frozenset(g.pcode for g in profile.governorates), tuple(profile.governorates))
