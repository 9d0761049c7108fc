"""What the public portal shows, read in-process from the domain services and tables (public fields only).

Every read takes ``exercise``: the portal shows either the real records or the exercise (training) ones,
never both mixed. Incidents are coarsened to their governorate and never name the reporter; sites are
counted, never placed; grievances are counted by status, never shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from custodes.aid.summary import Summary
from custodes.app import Custodes
from custodes.board.results import Decision
from custodes.council.results import DraftView
from custodes.grievances.store import grievances
from custodes.incidents.store import incident_confirmations as ic
from custodes.incidents.store import incidents
from custodes.ledger.sequencer import journal_head
from custodes.withdrawal.model import PhaseStatus

__all__ = [
    "FundingRow",
    "Glance",
    "IncidentRow",
    "aid_summary",
    "board_decisions",
    "council_drafts_page",
    "disarmament_months",
    "funding",
    "glance",
    "grievance_counts",
    "incident_page",
    "incidents_by_type",
    "journal_size",
    "sites_by_status",
    "state_names",
    "withdrawal_phases",
]

VERIFIED = "verified"


def journal_size(app: Custodes) -> int:
    """Every state change appends to the journal: its size says when a view can have changed."""
    with app.store.read() as conn:
        return int(conn.execute(select(journal_head.c.size).where(journal_head.c.id == 1)).scalar_one_or_none()
                   or 0)


# -- incidents ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IncidentRow:
    """A verified incident as the public sees it on the portal: the governorate, never the place or reporter."""

    id: str
    event_date: dt.date
    event_type: str
    sub_event_type: str
    governorate: str
    fatalities: int
    confirmations: int


def incident_page(app: Custodes, exercise: bool, lang: str, offset: int, limit: int) -> tuple[list[IncidentRow], int]:
    """Verified incidents, newest first, one page, and how many there are."""
    where = (incidents.c.status == VERIFIED, incidents.c.exercise.is_(exercise))
    gaz = app.incidents.gazetteer
    with app.store.read() as conn:
        total = int(conn.execute(select(func.count()).select_from(incidents).where(*where)).scalar_one())
        rows = conn.execute(select(incidents.c.id, incidents.c.event_date, incidents.c.event_type,
                                   incidents.c.sub_event_type, incidents.c.pcode, incidents.c.fatalities)
                            .where(*where).order_by(incidents.c.event_date.desc(), incidents.c.seq.desc())
                            .limit(limit).offset(offset)).all()
        ids = [r.id for r in rows]
        counted = select(ic.c.incident_id, func.count()).where(ic.c.incident_id.in_(ids)).group_by(ic.c.incident_id)
        confs: dict[str, int] = {str(i): int(n) for i, n in conn.execute(counted)} if ids else {}
    return [IncidentRow(r.id, r.event_date, r.event_type, r.sub_event_type, gaz.name(r.pcode, lang) or "—",
                        int(r.fatalities), int(confs.get(r.id, 0))) for r in rows], total


def incidents_by_type(app: Custodes, exercise: bool) -> dict[str, int]:
    """Verified incidents per ACLED event type, most first."""
    with app.store.read() as conn:
        rows = conn.execute(select(incidents.c.event_type, func.count())
                            .where(incidents.c.status == VERIFIED, incidents.c.exercise.is_(exercise))
                            .group_by(incidents.c.event_type)).all()
    return dict(sorted(((str(k), int(n)) for k, n in rows), key=lambda kv: (-kv[1], kv[0])))


# -- aid ------------------------------------------------------------------------------------------------
def aid_summary(app: Custodes, exercise: bool) -> Summary:
    """Trucks per day (grouped by day) against the profile's daily target, and interceptions."""
    return app.aid.summary(["day"], exercise=exercise)


# -- disarmament ----------------------------------------------------------------------------------------
def disarmament_months(app: Custodes, exercise: bool) -> dict[str, tuple[int, int]]:
    """(collected, destroyed) weapons per month (YYYY-MM), from the custody steps."""
    return app.disarmament.months(exercise=exercise)


def sites_by_status(app: Custodes, exercise: bool) -> dict[str, int]:
    """Military infrastructure sites per status (found, destroyed, verified): counts only, no places."""
    return app.disarmament.site_counts(exercise=exercise)


# -- the Council and the Board --------------------------------------------------------------------------
def council_drafts_page(app: Custodes, exercise: bool, offset: int, limit: int) -> tuple[list[DraftView], int]:
    """Resolutions and drafts with their votes, newest first (resolutions from the profile are real)."""
    found = app.council.list_drafts(exercise=exercise, limit=limit, offset=offset)
    return list(found), found.total


def state_names(app: Custodes, lang: str) -> dict[str, str]:
    """Member states' names by ISO 3166-1 alpha-3 code."""
    return app.council.state_names(lang)


def board_decisions(app: Custodes, exercise: bool, offset: int, limit: int) -> tuple[list[Decision], int]:
    """The Board's decisions, newest first, one page, and how many there are."""
    found = app.board.decisions(exercise=exercise, limit=limit, offset=offset)
    return list(found), found.total


@dataclass(frozen=True, slots=True)
class FundingRow:
    donor: str
    currency: str
    pledged: Decimal
    committed: Decimal
    disbursed: Decimal
    spent: Decimal


def funding(app: Custodes, exercise: bool) -> list[FundingRow]:
    """Pledged, committed, disbursed and spent per donor and currency (IATI transaction types)."""
    return [FundingRow(t.donor, t.currency, t.pledged, t.committed, t.disbursed, t.spent)
            for t in app.board.totals(exercise=exercise)]


# -- withdrawal and grievances --------------------------------------------------------------------------
def withdrawal_phases(app: Custodes, exercise: bool) -> list[PhaseStatus]:
    """Each phase's status today, of the real phases or (``exercise``) of the exercise ones."""
    return app.withdrawal.status(exercise=exercise)


def grievance_counts(app: Custodes, exercise: bool) -> dict[str, Any]:
    """Grievances received, acknowledged, answered, escalated and closed: counts only, never their text."""
    with app.store.read() as conn:
        rows = conn.execute(select(grievances.c.status, func.count()).where(grievances.c.exercise.is_(exercise))
                            .group_by(grievances.c.status)).all()
        answered = conn.execute(select(func.count()).select_from(grievances)
                                .where(grievances.c.exercise.is_(exercise), grievances.c.answered_at.is_not(None))
                                ).scalar_one()
        late = conn.execute(select(func.count()).select_from(grievances)
                            .where(grievances.c.exercise.is_(exercise), grievances.c.answered_at.is_(None),
                                   grievances.c.answer_due < app.today())).scalar_one()
    by_status = Counter({str(s): int(n) for s, n in rows})
    return {"received": sum(by_status.values()), "answered": int(answered), "overdue": int(late),
            "by_status": dict(sorted(by_status.items()))}


# -- the mandate at a glance ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Glance:
    incidents: int
    trucks_per_day: float
    target: int
    destroyed: int
    sites_verified: int
    phases: int
    phases_done: int
    received: int
    answered: int
    truck_sources: dict[str, int]  # the days each source gave the trucks a day (custodes.aid.sources)


def glance(app: Custodes, exercise: bool) -> Glance:
    """The headline figures of the portal's home page."""
    with app.store.read() as conn:
        verified = int(conn.execute(select(func.count()).select_from(incidents)
                                    .where(incidents.c.status == VERIFIED, incidents.c.exercise.is_(exercise)))
                       .scalar_one())
    s = aid_summary(app, exercise)
    phases = withdrawal_phases(app, exercise)
    g = grievance_counts(app, exercise)
    return Glance(verified, s.trucks_per_day, s.target_per_day,
                  sum(d for _, d in disarmament_months(app, exercise).values()),
                  sites_by_status(app, exercise).get("verified", 0), len(phases),
                  sum(1 for p in phases if p.completion is not None), g["received"], g["answered"], s.chosen)
