"""The Board's settings, read from the profile when the mission opens."""

from __future__ import annotations

from dataclasses import dataclass

from custodes.board.model import DecisionRule
from custodes.profiles import values
from custodes.profiles.model import Profile

__all__ = ["BoardSettings"]


@dataclass(frozen=True, slots=True)
class BoardSettings:
    #: quorum, majority and casting vote (``board.quorum_share``, ``board.majority_of``, ``board.casting_vote``)
    rule: DecisionRule

    @classmethod
    def from_profile(cls, profile: Profile) -> BoardSettings:
        return cls(DecisionRule(values.share(profile, "board.quorum_share", "0.5"),
                                values.choice(profile, "board.casting_vote", "chair", ("chair", "none")),
                                values.choice(profile, "board.majority_of", "present", ("present", "cast"))))
