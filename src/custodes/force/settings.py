"""The force's settings, read from the profile when the mission opens."""

from __future__ import annotations

from dataclasses import dataclass, field

from custodes.profiles.model import Profile, Task

__all__ = ["ForceSettings"]


@dataclass(frozen=True, slots=True)
class ForceSettings:
    #: the contributing states the profile names (ISO 3166 alpha-3)
    states: frozenset[str]
    #: the force's mandated tasks, by id
    tasks: dict[str, Task] = field(default_factory=dict)

    @classmethod
    def from_profile(cls, profile: Profile) -> ForceSettings:
        return cls(frozenset(profile.states),
                   {t.id: t for m in profile.mandates() if m.body == "isf" for t in m.tasks})
