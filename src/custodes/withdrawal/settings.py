"""The withdrawal's settings, read from the profile when the mission opens."""

from __future__ import annotations

from dataclasses import dataclass

from custodes.profiles.model import Profile

__all__ = ["WithdrawalSettings"]


@dataclass(frozen=True, slots=True)
class WithdrawalSettings:
    #: the P-codes of the mission's governorates, the zones a milestone may count in
    zones: frozenset[str]

    @classmethod
    def from_profile(cls, profile: Profile) -> WithdrawalSettings:
        return cls(frozenset(g.pcode for g in profile.governorates))
