"""What the council service returns: frozen views with ``as_json``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from custodes.council.model import MandateState, Outcome

__all__ = ["DraftView", "ImportResult", "MandateView", "Seat", "VetoView", "WhatIf"]


@dataclass(frozen=True, slots=True)
class Seat:
    state: str
    name_en: str
    name_ar: str
    kind: str  # permanent | elected
    term_first: int | None
    term_last: int | None

    def as_json(self) -> dict[str, Any]:
        return {"state": self.state, "name": {"en": self.name_en, "ar": self.name_ar}, "seat": self.kind,
                "term": None if self.term_first is None else [self.term_first, self.term_last]}


@dataclass(frozen=True, slots=True)
class DraftView:
    """A draft or an adopted resolution with its recorded votes and (recomputed) outcome."""

    symbol: str
    title: str
    matter: str
    status: str  # tabled | voting_open | put_to_vote | adopted (a resolution loaded from the profile)
    tabled_on: dt.date
    voted_on: dt.date | None
    chapter_vi: bool
    parties: tuple[str, ...]
    votes: tuple[tuple[str, str], ...]
    outcome: Outcome | None
    resolution: str | None
    actions: tuple[dict[str, Any], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "title": self.title, "matter": self.matter, "status": self.status,
                "tabled_on": self.tabled_on.isoformat(), "voted_on": self.voted_on and self.voted_on.isoformat(),
                "chapter_vi": self.chapter_vi, "parties": list(self.parties),
                "votes": dict(self.votes), "outcome": self.outcome and self.outcome.as_json(),
                "resolution": self.resolution, "actions": list(self.actions)}


@dataclass(frozen=True, slots=True)
class WhatIf:
    symbol: str
    changes: tuple[tuple[str, str], ...]
    recorded: Outcome
    changed: Outcome

    def as_json(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "changes": dict(self.changes), "recorded": self.recorded.as_json(),
                "what_if": self.changed.as_json()}


@dataclass(frozen=True, slots=True)
class MandateView:
    state: MandateState
    body_name: str
    on: dt.date
    in_force: bool
    days_to_expiry: int
    report_dues: tuple[dt.date, ...]

    def as_json(self) -> dict[str, Any]:
        s = self.state
        upcoming = [d for d in self.report_dues if d >= self.on]
        return {"body": s.body, "name": self.body_name, "resolution": s.resolution, "start": s.start.isoformat(),
                "until": s.until.isoformat(), "terminated": s.terminated, "tasks": list(s.tasks),
                "in_force": self.in_force, "days_to_expiry": self.days_to_expiry,
                "report_every_months": s.report_every_months,
                "reports_due_so_far": sum(1 for d in self.report_dues if d < self.on),
                "next_report_due": upcoming[0].isoformat() if upcoming else None, "history": list(s.history)}


@dataclass(frozen=True, slots=True)
class VetoView:
    draft: str
    voted_on: dt.date
    meeting: str
    agenda: str
    vetoed_by: tuple[str, ...]
    line: int

    def as_json(self) -> dict[str, Any]:
        return {"draft": self.draft, "voted_on": self.voted_on.isoformat(), "meeting": self.meeting,
                "agenda": self.agenda, "vetoed_by": list(self.vetoed_by), "line": self.line}


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: str
    rows: int
    added: int
    already_there: int

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "rows": self.rows, "added": self.added, "already_there": self.already_there}
