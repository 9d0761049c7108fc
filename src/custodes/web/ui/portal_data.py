"""What the public portal shows, read in-process from the domain services and tables (public fields only).

Every read takes ``exercise``: the portal shows either the real records or the exercise (training) ones,
never both mixed. Incidents are coarsened to their governorate and never name the reporter; sites are
counted, never placed; grievances are counted by status, never shown.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from custodes.aid.summary import Summary, summarise
from custodes.app import Custodes
from custodes.board.model import flow_of
from custodes.board.results import Decision
from custodes.council.results import DraftView
from custodes.council.store import council_drafts, states
from custodes.disarmament.store import custody_steps, sites
from custodes.grievances.records import Counts
from custodes.incidents.records import IncidentRow
from custodes.ledger.sequencer import journal, journal_head
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
def incident_page(app: Custodes, exercise: bool, lang: str, offset: int, limit: int) -> tuple[list[IncidentRow], int]:
    """Verified incidents, newest first, one page, and how many there are."""
    found = app.incidents.verified_page(exercise=exercise, lang=lang, limit=limit, offset=offset)
    return list(found.items), found.total


def incidents_by_type(app: Custodes, exercise: bool) -> dict[str, int]:
    """Verified incidents per ACLED event type, most first."""
    return app.incidents.verified_by_type(exercise=exercise)


# -- aid ------------------------------------------------------------------------------------------------
def aid_summary(app: Custodes, exercise: bool) -> Summary:
    """Trucks per day (grouped by day) against the profile's daily target, and interceptions."""
    return summarise(app.store, ["day"], target=app.aid.daily_truck_target, exercise=exercise,
                     prefer=app.aid.source_preference)


# -- disarmament ----------------------------------------------------------------------------------------
def disarmament_months(app: Custodes, exercise: bool) -> dict[str, tuple[int, int]]:
    """(collected, destroyed) weapons per month (YYYY-MM), from the custody steps."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with app.store.read() as conn:
        for on, kind, n in conn.execute(select(custody_steps.c.on, custody_steps.c.kind, func.count())
                                        .where(custody_steps.c.kind.in_(("collected", "destroyed")),
                                               custody_steps.c.exercise.is_(exercise))
                                        .group_by(custody_steps.c.on, custody_steps.c.kind)):
            out[on.strftime("%Y-%m")][0 if kind == "collected" else 1] += int(n)
    return {m: (c, d) for m, (c, d) in sorted(out.items())}


def sites_by_status(app: Custodes, exercise: bool) -> dict[str, int]:
    """Military infrastructure sites per status (found, destroyed, verified): counts only, no places."""
    with app.store.read() as conn:
        rows = conn.execute(select(sites.c.status, func.count()).where(sites.c.exercise.is_(exercise))
                            .group_by(sites.c.status)).all()
    return {str(s): int(n) for s, n in rows}


# -- the Council and the Board --------------------------------------------------------------------------
def council_drafts_page(app: Custodes, exercise: bool, offset: int, limit: int) -> tuple[list[DraftView], int]:
    """Resolutions and drafts with their votes, newest first (resolutions from the profile are real)."""
    with app.store.read() as conn:
        marked = {r.symbol for r in conn.execute(select(council_drafts.c.symbol)
                                                 .where(council_drafts.c.exercise.is_(True)))}
    chosen = [d for d in app.council.list_drafts(limit=10**6) if (d.symbol in marked) == exercise]
    return chosen[offset:offset + limit], len(chosen)


def state_names(app: Custodes, lang: str) -> dict[str, str]:
    """Member states' names by ISO 3166-1 alpha-3 code."""
    with app.store.read() as conn:
        return {r.code: (r.name_ar if lang == "ar" else r.name_en) for r in conn.execute(select(states))}


def board_decisions(app: Custodes, exercise: bool, offset: int, limit: int) -> tuple[list[Decision], int]:
    chosen = [d for d in app.board.decisions(limit=10**9) if d.exercise == exercise]
    return chosen[offset:offset + limit], len(chosen)


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
    acc: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(("pledged", "committed", "disbursed", "spent"), Decimal(0)))
    for t in app.board.transactions(limit=10**9):
        if t.exercise == exercise:
            acc[(t.donor, t.currency)][flow_of(t.type)] += t.amount
    return [FundingRow(d, c, v["pledged"], v["committed"], v["disbursed"], v["spent"])
            for (d, c), v in sorted(acc.items())]


# -- withdrawal and grievances --------------------------------------------------------------------------
def withdrawal_phases(app: Custodes, exercise: bool) -> list[PhaseStatus]:
    """Each phase's status today; a phase is exercise when the journal entry that defined it is."""
    with app.store.read() as conn:
        marks: dict[str, bool] = {}
        for body, ex in conn.execute(select(journal.c.body, journal.c.exercise)
                                     .where(journal.c.kind == "withdrawal.phase_defined")):
            marks[str(json.loads(bytes(body))["rec"]["id"])] = bool(ex)
    return [s for s in app.withdrawal.status() if marks.get(s.phase.id, False) == exercise]


def grievance_counts(app: Custodes, exercise: bool) -> Counts:
    """Grievances received, acknowledged, answered, escalated and closed, and how many are overdue: counts only,
    never their text."""
    return app.grievances.counts(exercise=exercise)


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
    verified = app.incidents.count_incidents(status=VERIFIED, exercise=exercise)
    s = aid_summary(app, exercise)
    phases = withdrawal_phases(app, exercise)
    g = grievance_counts(app, exercise)
    return Glance(verified, s.trucks_per_day, s.target_per_day,
                  sum(d for _, d in disarmament_months(app, exercise).values()),
                  sites_by_status(app, exercise).get("verified", 0), len(phases),
                  sum(1 for p in phases if p.completion is not None), g.received, g.answered, s.chosen)
