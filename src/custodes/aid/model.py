"""Pure rules of the aid domain: the consignment and notification state machines, crossing status, views.

The state machines are plain tables (``(state, action) -> new state``); :func:`next_state` reads them and
refuses anything else by name.

>>> next_state(CONSIGNMENT, "registered", "clear")
'cleared'
>>> next_state(CONSIGNMENT, "delivered", "intercept")
Traceback (most recent call last):
...
custodes.errors.IllegalTransition: refused (consignment.final): a delivered consignment cannot intercept; it is final
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

from custodes.errors import IllegalTransition, InputError

__all__ = [
    "CONSIGNMENT",
    "INTERCEPTORS",
    "NOTIFICATION",
    "Consignment",
    "CrossingStatus",
    "CrossingStatusRecord",
    "Machine",
    "Notification",
    "check_lead_time",
    "next_state",
    "utc",
]


class CrossingStatus(enum.StrEnum):
    OPEN = "open"
    RESTRICTED = "restricted"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Machine:
    """A state machine as data: its name, its transition table and its final states."""

    name: str
    table: Mapping[tuple[str, str], str]
    final: frozenset[str]

    def actions(self, state: str) -> tuple[str, ...]:
        return tuple(a for (s, a) in self.table if s == state)

    def states(self) -> frozenset[str]:
        return frozenset({s for s, _ in self.table} | set(self.table.values()))


#: registered -> cleared -> staged -> offloaded -> entered -> collected -> delivered | intercepted,
#: with rejected (at clearance or inspection) and returned (sent back before entering Gaza)
CONSIGNMENT = Machine(
    "consignment",
    {
        ("registered", "clear"): "cleared",
        ("registered", "reject"): "rejected",
        ("cleared", "stage"): "staged",
        ("cleared", "return"): "returned",
        ("staged", "offload"): "offloaded",
        ("staged", "return"): "returned",
        ("offloaded", "enter"): "entered",
        ("offloaded", "reject"): "rejected",
        ("offloaded", "return"): "returned",
        ("rejected", "return"): "returned",
        ("entered", "collect"): "collected",
        ("entered", "intercept"): "intercepted",
        ("collected", "deliver"): "delivered",
        ("collected", "intercept"): "intercepted",
    },
    frozenset({"delivered", "intercepted", "returned"}),
)

#: who intercepted a consignment
INTERCEPTORS = ("crowds", "armed_actors")

#: an agency notifies; the force deconflicts or refuses; the agency may withdraw before a decision
NOTIFICATION = Machine(
    "notification",
    {
        ("notified", "deconflict"): "deconflicted",
        ("notified", "refuse"): "refused",
        ("notified", "withdraw"): "withdrawn",
        ("deconflicted", "withdraw"): "withdrawn",
    },
    frozenset({"refused", "withdrawn"}),
)


def next_state(machine: Machine, state: str, action: str) -> str:
    """The state after ``action``, or :class:`IllegalTransition` named ``<machine>.<reason>``."""
    new = machine.table.get((state, action))
    if new is not None:
        return new
    known = {a for _, a in machine.table}
    if action not in known:
        raise IllegalTransition(f"{machine.name}.unknown_action",
                                f"{action!r} is not an action; actions: {', '.join(sorted(known))}")
    article = "an" if state[0] in "aeiou" else "a"
    if state in machine.final:
        raise IllegalTransition(f"{machine.name}.final",
                                f"{article} {state} {machine.name} cannot {action}; it is final")
    allowed = machine.actions(state)
    raise IllegalTransition(f"{machine.name}.{action}_not_from_{state}",
                            f"{article} {state} {machine.name} cannot {action}; allowed: {', '.join(allowed)}")


def check_lead_time(now: dt.datetime, start: dt.datetime, end: dt.datetime, lead_hours: float) -> None:
    """A notification must come at least ``lead_hours`` before the activity starts, with end after start."""
    if end <= start:
        raise InputError(f"the time window ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                         field="end")
    due = start - dt.timedelta(hours=lead_hours)
    if now > due:
        late = now - due
        raise IllegalTransition(
            "notification.too_late",
            f"movements and sites must be notified at least {lead_hours:g} h ahead: the window starts "
            f"{start.isoformat()}, so notice was due by {due.isoformat()} ({_hours(late)} late)")


@overload
def utc(t: dt.datetime) -> dt.datetime: ...
@overload
def utc(t: dt.datetime | None) -> dt.datetime | None: ...
def utc(t: dt.datetime | None) -> dt.datetime | None:
    """``t`` in UTC (a naive time taken as UTC), as times are stored: SQLite keeps no offset and reads back UTC.

    >>> import zoneinfo
    >>> utc(dt.datetime(2026, 12, 1, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Gaza"))).isoformat()
    '2026-12-01T10:00:00+00:00'
    """
    return None if t is None else (t.astimezone(dt.UTC) if t.tzinfo is not None else t.replace(tzinfo=dt.UTC))


def _hours(d: dt.timedelta) -> str:
    return f"{d.total_seconds() / 3600:.1f} h"


@dataclass(frozen=True, slots=True)
class CrossingStatusRecord:
    crossing: str
    status: CrossingStatus
    since: dt.datetime
    reason: str
    hours: str | None  # opening hours, e.g. "08:00-16:00", local time
    capacity_trucks: int | None

    def as_json(self) -> dict[str, Any]:
        return {"crossing": self.crossing, "status": self.status.value, "since": self.since.isoformat(),
                "reason": self.reason, "hours": self.hours, "capacity_trucks": self.capacity_trucks}


@dataclass(frozen=True, slots=True)
class Consignment:
    id: str
    state: str
    source: str
    date: dt.date
    crossing: str | None
    category: str
    description: str
    quantity: str | None  # as given, a decimal string; never converted between units
    unit: str | None
    trucks: int | None
    tonnes: str | None
    donor: str
    agency: str
    destination: str
    intercepted_by: str | None
    exercise: bool

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "source": self.source, "date": self.date.isoformat(),
                "crossing": self.crossing, "category": self.category, "description": self.description,
                "quantity": self.quantity, "unit": self.unit, "trucks": self.trucks, "tonnes": self.tonnes,
                "donor": self.donor, "agency": self.agency, "destination": self.destination,
                "intercepted_by": self.intercepted_by, "exercise": self.exercise}


@dataclass(frozen=True, slots=True)
class Notification:
    """A notified static site or convoy movement. ``public()`` hides the exact place and the contact."""

    id: str
    kind: str  # "site" or "movement"
    state: str
    agency: str
    name: str
    category: str
    pcode: str | None
    lon: float | None
    lat: float | None
    route: tuple[tuple[float, float], ...]
    start: dt.datetime
    end: dt.datetime | None
    vehicles: int | None
    contact: str
    hazards: tuple[str, ...]
    reason: str
    exercise: bool

    def full(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "agency": self.agency, "name": self.name,
                "category": self.category, "pcode": self.pcode, "lon": self.lon, "lat": self.lat,
                "route": [list(p) for p in self.route], "start": self.start.isoformat(),
                "end": None if self.end is None else self.end.isoformat(), "vehicles": self.vehicles,
                "contact": self.contact, "hazards": list(self.hazards), "reason": self.reason,
                "exercise": self.exercise}

    def public(self) -> dict[str, Any]:
        """The view for everyone: the governorate only (no coordinates, no route), no contact."""
        out = self.full()
        out.pop("contact")
        out["lon"] = out["lat"] = out["route"] = None
        out["view"] = "public"
        return out
