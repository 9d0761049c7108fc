"""A mission profile as frozen dataclasses, with the pure rules that read it (no I/O)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Body",
    "CouncilMembership",
    "Crossing",
    "ElectedTerm",
    "Governorate",
    "Mandate",
    "Name",
    "Profile",
    "ReportDuty",
    "Resolution",
    "Task",
    "Vote",
]


class Vote(enum.StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    ABSENT = "absent"  # absent or not participating


@dataclass(frozen=True, slots=True)
class Name:
    en: str
    ar: str

    def get(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.en


@dataclass(frozen=True, slots=True)
class ElectedTerm:
    state: str
    first_year: int
    last_year: int


@dataclass(frozen=True, slots=True)
class CouncilMembership:
    permanent: tuple[str, ...]
    elected: tuple[ElectedTerm, ...]

    def members(self, year: int) -> tuple[str, ...]:
        """Who sits in ``year`` (membership is per calendar year), permanent members first."""
        return self.permanent + tuple(t.state for t in self.elected if t.first_year <= year <= t.last_year)

    def members_on(self, day: dt.date) -> tuple[str, ...]:
        return self.members(day.year)

    def years(self) -> tuple[int, ...]:
        """The years for which all ten elected seats are known."""
        span = range(min(t.first_year for t in self.elected), max(t.last_year for t in self.elected) + 1)
        return tuple(y for y in span if len(self.members(y)) == len(self.permanent) + 10)


@dataclass(frozen=True, slots=True)
class Body:
    id: str
    name: Name
    kind: str
    description: str


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    name: Name


@dataclass(frozen=True, slots=True)
class ReportDuty:
    to: str
    by: str
    every_months: int
    first_due: dt.date


@dataclass(frozen=True, slots=True)
class Mandate:
    body: str
    until: dt.date
    tasks: tuple[Task, ...]
    reports: ReportDuty | None


@dataclass(frozen=True, slots=True)
class Resolution:
    symbol: str
    adopted_on: dt.date
    title: Name
    matter: str  # "substantive" or "procedural"
    votes: Mapping[str, Vote]
    bodies: tuple[Body, ...]
    mandates: tuple[Mandate, ...]

    def tally(self) -> dict[Vote, int]:
        return {v: sum(1 for x in self.votes.values() if x is v) for v in Vote}


@dataclass(frozen=True, slots=True)
class Governorate:
    pcode: str
    name: Name
    geometry: Mapping[str, Any]  # a GeoJSON geometry object, parsed by custodes.geo


@dataclass(frozen=True, slots=True)
class Crossing:
    id: str
    pcode: str
    name: Name
    lat: float
    lon: float
    kind: str
    source: str


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    name: Name
    log_origin: str | None  # pins the log's origin for a profile made for one deployment; usually None
    timezone: str
    languages: tuple[str, ...]
    states: Mapping[str, Name]
    council: CouncilMembership
    resolutions: tuple[Resolution, ...]
    crossings: tuple[Crossing, ...]
    governorates: tuple[Governorate, ...]
    outline: Mapping[str, Any]
    sensitive: Mapping[str, frozenset[str]]  # fields sealed besides the code's rules, by kind
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: public fields committed now and revealed after N days, by record family or kind
    delayed: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    #: fields the code names as coarse figures that this profile publishes, by kind
    coarse: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def mandate_start(self) -> dt.date:
        return min(r.adopted_on for r in self.resolutions)

    @property
    def mandate_end(self) -> dt.date:
        return max(m.until for r in self.resolutions for m in r.mandates)

    def bodies(self) -> tuple[Body, ...]:
        return tuple(b for r in self.resolutions for b in r.bodies)

    def mandates(self) -> tuple[Mandate, ...]:
        return tuple(m for r in self.resolutions for m in r.mandates)

    def setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)
