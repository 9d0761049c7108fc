"""Incident reports after the ACLED typology, and their verification rules (pure: no SQL, no clock).

>>> interaction(1, 7), interaction(6, None), interaction(7, 1)
(17, 60, 17)
>>> disorder_type("Protests", "Excessive force against protesters")
'Political violence; Demonstrations'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from custodes.errors import IllegalTransition, InputError

__all__ = [
    "ACTOR_TYPES",
    "EVENT_TYPES",
    "Incident",
    "Status",
    "check_transition",
    "disorder_type",
    "interaction",
    "validate_typology",
]

#: ACLED event types and their sub-event types (ACLED codebook).
EVENT_TYPES: Mapping[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
        "Other"),
}

#: ACLED actor types by inter code.
ACTOR_TYPES: Mapping[int, str] = {
    1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
ACTOR_CODES: Mapping[str, int] = {v.lower(): k for k, v in ACTOR_TYPES.items()}

TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
GEO_PRECISION = {1: "exact", 2: "near", 3: "region"}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type for an event and sub-event type."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if sub_event_type in ("Excessive force against protesters", "Mob violence"):
        return "Political violence; Demonstrations" if sub_event_type.startswith("Excessive") else "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Political violence"


def interaction(inter1: int, inter2: int | None) -> int:
    """ACLED's interaction code: the two inter codes, lower first; a sole actor gives ``inter1 * 10``."""
    if inter2 is None:
        return inter1 * 10
    a, b = sorted((inter1, inter2))
    return a * 10 + b


def validate_typology(event_type: str, sub_event_type: str, inter1: int, inter2: int | None,
                      *, line: int | None = None, source: str | None = None) -> None:
    """Refuse an unknown event type, a sub-event of another type, or an inter code outside 1-8."""
    subs = EVENT_TYPES.get(event_type)
    if subs is None:
        raise InputError(f"unknown event type {event_type!r}; one of: {', '.join(EVENT_TYPES)}",
                         source=source, line=line, field="event_type")
    if sub_event_type not in subs:
        raise InputError(f"{sub_event_type!r} is not a sub-event type of {event_type!r}; one of: {', '.join(subs)}",
                         source=source, line=line, field="sub_event_type")
    for name, code in (("inter1", inter1), ("inter2", inter2)):
        if code is not None and code not in ACTOR_TYPES:
            raise InputError(f"inter code {code} is not 1-8", source=source, line=line, field=name)


def _iso(t: dt.datetime) -> str:
    """ISO 8601 in UTC (SQLite hands back stored UTC times without their zone)."""
    return (t if t.tzinfo else t.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


class Status(enum.StrEnum):
    REPORTED = "reported"
    UNDER_REVIEW = "under_review"
    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    REJECTED = "rejected"


#: the verification steps: action -> (states it may start from, state it leads to)
TRANSITIONS: Mapping[str, tuple[frozenset[Status], Status]] = {
    "review": (frozenset({Status.REPORTED, Status.UNVERIFIED}), Status.UNDER_REVIEW),
    "verify": (frozenset({Status.UNDER_REVIEW}), Status.VERIFIED),
    "unverify": (frozenset({Status.UNDER_REVIEW}), Status.UNVERIFIED),
    "reject": (frozenset({Status.REPORTED, Status.UNDER_REVIEW}), Status.REJECTED),
}


def check_transition(incident_id: str, current: Status, action: str) -> Status:
    """The state ``action`` leads to from ``current``, or a refusal by name."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        allowed = ", ".join(sorted(s.value for s in sources))
        raise IllegalTransition(f"incident-{action}-from-{current.value}",
                                f"incident {incident_id} is {current.value}; {action} needs it {allowed}")
    return target


@dataclass(frozen=True, slots=True)
class Confirmation:
    monitor: str
    organisation: str
    at: dt.datetime


def check_confirmation(incident_id: str, status: Status, confirmations: tuple[Confirmation, ...],
                       monitor: str, organisation: str, reporter: str | None) -> None:
    """Refuse a confirmation that is not independent: wrong state, own report, same monitor or organisation."""
    if status is not Status.UNDER_REVIEW:
        raise IllegalTransition("incident-confirm-not-under-review",
                                f"incident {incident_id} is {status.value}; only reports under review "
                                "take confirmations")
    if reporter is not None and monitor == reporter:
        raise IllegalTransition("incident-confirm-own-report", f"{monitor} reported incident {incident_id}")
    if any(c.monitor == monitor for c in confirmations):
        raise IllegalTransition("incident-confirm-same-monitor", f"{monitor} already confirmed incident {incident_id}")
    if any(c.organisation == organisation for c in confirmations):
        raise IllegalTransition("incident-confirm-same-organisation",
                                f"{organisation} already confirmed incident {incident_id}; "
                                "confirmations must come from different organisations")


@dataclass(frozen=True, slots=True)
class Incident:
    """One event. ``lat``/``lon``/``location`` are exact; ``location_hidden`` keeps them out of public views."""

    id: str
    event_date: dt.date
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    inter1: int
    actor2: str | None
    inter2: int | None
    lat: float
    lon: float
    geo_precision: int
    pcode: str | None
    location: str
    fatalities: int
    status: Status = Status.REPORTED
    assoc_actor_1: str = ""
    assoc_actor_2: str = ""
    civilian_targeting: bool = False
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    tags: str = ""
    location_hidden: bool = False
    organisation: str | None = None  # the organisation that owns the report (None: anonymous or imported)
    origin: str = "report"  # report | import
    exercise: bool = False
    confirmations: tuple[Confirmation, ...] = field(default=())
    evidence: tuple[str, ...] = field(default=())  # sha256 hex digests

    @property
    def interaction(self) -> int:
        return interaction(self.inter1, self.inter2)

    @property
    def disorder_type(self) -> str:
        return disorder_type(self.event_type, self.sub_event_type)

    def public_record(self, governorate_name: str, centre: tuple[float, float]) -> dict[str, Any]:
        """What anyone may see: exact place coarsened to the governorate where the report asks for it."""
        hidden = self.location_hidden
        return {
            "id": self.id, "status": self.status.value, "event_date": self.event_date.isoformat(),
            "time_precision": self.time_precision, "disorder_type": self.disorder_type,
            "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "actor1": self.actor1, "assoc_actor_1": self.assoc_actor_1, "inter1": self.inter1,
            "actor2": self.actor2 or "", "assoc_actor_2": self.assoc_actor_2, "inter2": self.inter2,
            "interaction": self.interaction, "civilian_targeting": self.civilian_targeting,
            "admin1": self.admin1, "admin2": governorate_name if hidden else self.admin2,
            "admin3": "" if hidden else self.admin3,
            "location": governorate_name if hidden else self.location,
            "lat": round(centre[1], 4) if hidden else self.lat, "lon": round(centre[0], 4) if hidden else self.lon,
            "geo_precision": 3 if hidden else self.geo_precision, "pcode": self.pcode,
            "location_coarsened": hidden, "fatalities": self.fatalities, "source": self.source,
            "source_scale": self.source_scale, "notes": self.notes, "tags": self.tags, "origin": self.origin,
            "organisation": None, "exercise": self.exercise,  # who reported: restricted (IncidentService.restricted)
            "confirmations": [{"organisation": c.organisation, "at": _iso(c.at)} for c in self.confirmations],
            "evidence": list(self.evidence),
        }
