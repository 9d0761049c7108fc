"""What the public portal shows, read in-process from the domain services and tables (public fields only).

Every read takes ``exercise``: the portal shows either the real records or the exercise (training) ones,
never both mixed. Incidents are coarsened to their governorate and never name the reporter; sites are
counted, never placed; grievances are counted by status, never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from custodes.aid.summary import Summary
from custodes.app import Custodes
from custodes.board.results import Decision
from custodes.council.results import DraftView
from custodes.grievances.records import Counts
from custodes.incidents.records import IncidentRow
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
    return app.journal.size()


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
