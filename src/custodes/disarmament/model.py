"""Weapons and their chain of custody, as a pure state machine (ITI / ISACS-MOSAIC, IDDRS 4.10).

A weapon is registered, then each custody step moves it along the chain::

    registered --collected--> at a collection site
    at a site  --stored-->    in a depot
    in a depot --transferred--> in another depot (both sides acknowledge)
    at a site or in a depot --destroyed--> destroyed (witnesses of N parties; a certificate)

Every other move is refused by name (:class:`~custodes.errors.IllegalTransition`).

>>> c = Custody.new(1)
>>> c = apply_step(c, Collected(on=dt.date(2026, 1, 5), site="S-1", unit="U-1", receipt="R-9"))
>>> c = apply_step(c, Stored(on=dt.date(2026, 1, 6), depot="D-1", unit="U-1"))
>>> c.status.value, c.place
('stored', 'D-1')
>>> apply_step(c, Transferred(on=dt.date(2026, 1, 7), source="D-2", to="D-3", unit="U-1",
...     released_by="U-1", received_by="U-2"))
Traceback (most recent call last):
...
custodes.errors.IllegalTransition: refused (transfer-from-wrong-depot): weapon 1 is in D-1, not in D-2
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from custodes.errors import IllegalTransition, InputError

__all__ = [
    "Collected",
    "Custody",
    "Destroyed",
    "Status",
    "Step",
    "Stored",
    "Transferred",
    "Weapon",
    "Witness",
    "apply_step",
    "certificate_hash",
    "duplicate_key",
    "replay",
    "step_place",
    "step_record",
    "unique_mark",
]


class Status(enum.StrEnum):
    REGISTERED = "registered"  # on the registry, not (yet) in the mission's custody
    COLLECTED = "collected"    # at a collection site
    STORED = "stored"          # in a depot
    DESTROYED = "destroyed"


WEAPON_TYPES = (
    "pistol", "revolver", "rifle", "assault rifle", "sub-machine gun", "machine gun", "shotgun",
    "sniper rifle", "grenade launcher", "rocket launcher", "mortar", "anti-tank weapon", "MANPADS",
    "rocket", "explosive device", "other",
)


@dataclass(frozen=True, slots=True)
class Weapon:
    """A registry record after the ITI / ISACS-MOSAIC marking fields; ``mark`` is its unique identifier."""

    id: int
    type: str
    model: str
    calibre: str
    manufacturer: str
    country_of_manufacture: str
    year_of_manufacture: int | None
    serial: str
    markings: str
    marking_place: str
    import_mark: str
    zone: str | None          # governorate P-code where it came into custody
    unit: str                 # the unit or body that registered it (the record's owner)
    mark: str                 # the serial where marked; a mission mark where not
    duplicate_of: int | None  # first weapon with the same make, model and serial (flagged, never merged)

    def check(self) -> None:
        if self.type not in WEAPON_TYPES:
            raise InputError(f"unknown weapon type {self.type!r}; use one of: {', '.join(WEAPON_TYPES)}",
                             field="type")
        if self.year_of_manufacture is not None and not 1850 <= self.year_of_manufacture <= 2100:
            raise InputError(f"year of manufacture {self.year_of_manufacture} is not plausible",
                             field="year_of_manufacture")
        if not self.unit:
            raise InputError("the unit or body registering the weapon is required", field="unit")

    def as_json(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


def unique_mark(weapon_id: int, prefix: str = "ISF") -> str:
    """The mission's mark for an unmarked weapon: unique because the registry number is.

    >>> unique_mark(42)
    'ISF-U0000042'
    """
    return f"{prefix}-U{weapon_id:07d}"


def duplicate_key(manufacturer: str, model: str, serial: str) -> str | None:
    """Same make, model and serial (case and spacing ignored) are the same key; no serial, no key.

    >>> duplicate_key("Izhmash", "AK-47 ", "12 34") == duplicate_key("IZHMASH", "ak-47", "1234")
    True
    """
    s = "".join(serial.split()).upper()
    if not s:
        return None
    return "|".join(("".join(manufacturer.split()).upper(), "".join(model.split()).upper(), s))


@dataclass(frozen=True, slots=True)
class Witness:
    """A witness by party and role, never by name."""

    party: str
    role: str


@dataclass(frozen=True, slots=True)
class Collected:
    on: dt.date
    site: str
    unit: str
    receipt: str
    handed_over_by: str = ""  # the group handing over: sensitive, committed in the public log
    kind: str = "collected"


@dataclass(frozen=True, slots=True)
class Stored:
    on: dt.date
    depot: str
    unit: str
    kind: str = "stored"


@dataclass(frozen=True, slots=True)
class Transferred:
    on: dt.date
    source: str
    to: str
    unit: str
    released_by: str  # the releasing side's acknowledgement (unit or body)
    received_by: str  # the receiving side's acknowledgement
    kind: str = "transferred"


@dataclass(frozen=True, slots=True)
class Destroyed:
    on: dt.date
    place: str
    unit: str
    method: str
    witnesses: tuple[Witness, ...]
    kind: str = "destroyed"


Step = Collected | Stored | Transferred | Destroyed

DESTRUCTION_METHODS = ("cutting", "crushing", "melting", "shredding", "open detonation", "burning", "other")


@dataclass(frozen=True, slots=True)
class Custody:
    """Where a weapon is in the chain: its status, its one place, the day of its last step."""

    weapon: int
    status: Status
    place: str | None
    last_on: dt.date | None
    steps: int = 0

    @classmethod
    def new(cls, weapon: int) -> Custody:
        return cls(weapon, Status.REGISTERED, None, None)


def _refuse(name: str, detail: str) -> IllegalTransition:
    return IllegalTransition(name, detail)


def apply_step(c: Custody, step: Step, *, witness_parties: int = 2) -> Custody:
    """The custody after ``step``, or the refusal by name. Pure: no I/O, no clock."""
    w = c.weapon
    if c.status is Status.DESTROYED:
        if isinstance(step, Destroyed):
            raise _refuse("destroyed-twice", f"weapon {w} was destroyed on {c.last_on}")
        raise _refuse("step-after-destruction", f"weapon {w} was destroyed on {c.last_on}; no step may follow")
    if c.last_on is not None and step.on < c.last_on:
        raise _refuse("step-before-previous", f"weapon {w}: {step.kind} on {step.on} is before its last step "
                                              f"on {c.last_on}")
    if not step.unit:
        raise _refuse("no-responsible-unit", f"weapon {w}: {step.kind} names no responsible unit or body")
    match step:
        case Collected():
            if c.status is not Status.REGISTERED:
                raise _refuse("already-in-custody", f"weapon {w} is already {c.status} at {c.place}")
            if not step.site or not step.receipt:
                raise _refuse("collection-incomplete", f"weapon {w}: a collection needs its site and receipt")
            return Custody(w, Status.COLLECTED, step.site, step.on, c.steps + 1)
        case Stored():
            if c.status is Status.REGISTERED:
                raise _refuse("custody-gap", f"weapon {w} was never collected; collect it before storing")
            if c.status is Status.STORED:
                raise _refuse("custody-gap", f"weapon {w} is in depot {c.place}; move it by a transfer")
            if not step.depot:
                raise _refuse("custody-gap", f"weapon {w}: storing needs a depot")
            return Custody(w, Status.STORED, step.depot, step.on, c.steps + 1)
        case Transferred():
            if c.status is not Status.STORED:
                raise _refuse("custody-gap", f"weapon {w} is {c.status}, not in a depot; only stored weapons "
                                             "are transferred")
            if step.source != c.place:
                raise _refuse("transfer-from-wrong-depot", f"weapon {w} is in {c.place}, not in {step.source}")
            if not step.to or step.to == step.source:
                raise _refuse("custody-gap", f"weapon {w}: a transfer needs a different receiving depot")
            if not step.released_by or not step.received_by:
                raise _refuse("transfer-unacknowledged", f"weapon {w}: both the releasing and the receiving "
                                                         "side must acknowledge the transfer")
            return Custody(w, Status.STORED, step.to, step.on, c.steps + 1)
        case Destroyed():
            if c.status is Status.REGISTERED:
                raise _refuse("custody-gap", f"weapon {w} was never collected; it cannot be destroyed "
                                             "outside the chain of custody")
            if step.place != c.place:
                raise _refuse("destroyed-elsewhere", f"weapon {w} is at {c.place}, not at {step.place}")
            if step.method not in DESTRUCTION_METHODS:
                raise _refuse("unknown-method", f"destruction method {step.method!r}; use one of: "
                                                f"{', '.join(DESTRUCTION_METHODS)}")
            parties = {x.party.strip().casefold() for x in step.witnesses if x.party.strip()}
            if len(parties) < witness_parties:
                raise _refuse("too-few-witness-parties", f"weapon {w}: destruction needs witnesses of at least "
                                                         f"{witness_parties} parties, got {len(parties)}")
            return Custody(w, Status.DESTROYED, step.place, step.on, c.steps + 1)
    raise _refuse("unknown-step", f"weapon {w}: {step!r} is not a custody step")  # pragma: no cover


def replay(weapon: int, steps: list[Step], *, witness_parties: int = 2) -> Custody:
    """Custody after every step in order (refuses at the first illegal one)."""
    c = Custody.new(weapon)
    for s in steps:
        c = apply_step(c, s, witness_parties=witness_parties)
    return c


def step_record(step: Step) -> dict[str, Any]:
    """The step as a plain record (for the journal and the steps table)."""
    out: dict[str, Any] = {"kind": step.kind, "on": step.on, "unit": step.unit}
    match step:
        case Collected():
            out |= {"site": step.site, "receipt": step.receipt, "handed_over_by": step.handed_over_by}
        case Stored():
            out |= {"depot": step.depot}
        case Transferred():
            out |= {"from": step.source, "to": step.to, "released_by": step.released_by,
                    "received_by": step.received_by}
        case Destroyed():
            out |= {"place": step.place, "method": step.method,
                    "witnesses": [{"party": x.party, "role": x.role} for x in step.witnesses]}
    return out


def step_place(step: Step) -> str:
    match step:
        case Collected():
            return step.site
        case Stored():
            return step.depot
        case Transferred():
            return step.to
        case Destroyed():
            return step.place
    raise AssertionError("unreachable")  # pragma: no cover


def certificate_hash(weapon: Weapon, step: Destroyed) -> str:
    """The destruction certificate's content hash: SHA-256 over its canonical JSON.

    Anyone holding the certificate's fields can recompute it; the journal publishes it.
    """
    body = {"weapon": weapon.id, "mark": weapon.mark, "type": weapon.type, "model": weapon.model,
            "calibre": weapon.calibre, "serial": weapon.serial, **step_record(step)}
    body["on"] = step.on.isoformat()
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return "sha256:" + hashlib.sha256(data).hexdigest()
