"""What the disarmament use cases return: frozen results with ``as_json`` (registrations, custody steps
recorded, a weapon with its custody, the registry's totals)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from custodes.disarmament.model import Custody, Weapon
from custodes.jsonable import plain_dict

__all__ = ["Certificate", "Registered", "StepsResult", "Summary", "WeaponView"]


@dataclass(frozen=True, slots=True)
class Registered:
    id: int
    mark: str
    duplicate_of: int | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "mark": self.mark, "duplicate_of": self.duplicate_of}


@dataclass(frozen=True, slots=True)
class StepsResult:
    steps: int
    certificates: tuple[tuple[int, str], ...] = ()  # (weapon, certificate hash) for each destruction

    def as_json(self) -> dict[str, Any]:
        return {"steps": self.steps, "certificates": [{"weapon": w, "certificate": c} for w, c in self.certificates]}


@dataclass(frozen=True, slots=True)
class WeaponView:
    weapon: Weapon
    custody: Custody
    destroyed_on: dt.date | None
    certificate: str | None
    exercise: bool
    history: tuple[dict[str, Any], ...] = ()

    def as_json(self, *, public: bool = True) -> dict[str, Any]:
        hist = [{k: v for k, v in h.items() if not (public and k == "handed_over_by")} for h in self.history]
        return plain_dict({**self.weapon.as_json(), "status": self.custody.status.value, "place": self.custody.place,
                      "last_on": self.custody.last_on, "destroyed_on": self.destroyed_on,
                      "certificate": self.certificate, "exercise": self.exercise, "history": hist})


@dataclass(frozen=True, slots=True)
class Summary:
    registered: int
    in_custody: int
    destroyed: int
    not_collected: int
    duplicates: int
    exercise: int
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    by_zone: dict[str, dict[str, int]] = field(default_factory=dict)
    by_month: dict[str, dict[str, int]] = field(default_factory=dict)
    sites: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"registered": self.registered, "in_custody": self.in_custody, "destroyed": self.destroyed,
                "not_collected": self.not_collected, "duplicates_flagged": self.duplicates,
                "exercise_records": self.exercise, "by_type": self.by_type, "by_zone": self.by_zone,
                "by_month": self.by_month, "sites": self.sites}


@dataclass(frozen=True, slots=True)
class Certificate:
    """A destroyed weapon's certificate: its hash and the fields the hash covers (the weapon and its destruction)."""

    certificate: str
    weapon: Weapon
    destruction: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        w = self.weapon
        return {"certificate": self.certificate, "weapon": w.id, "mark": w.mark, "type": w.type, "model": w.model,
                "calibre": w.calibre, "serial": w.serial, "destruction": self.destruction}
