"""What the board service returns: frozen views with ``as_json``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from custodes.board.model import TRANSACTION_TYPES
from custodes.i18n import t

__all__ = ["Decision", "FundingTotal", "Member", "OverdueReports", "ReportDue", "Transaction"]


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    role: str
    seat: str
    represents: str
    start: dt.date
    end: dt.date | None
    exercise: bool = False

    def serves(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "role": self.role, "seat": self.seat, "represents": self.represents,
                "start": self.start.isoformat(), "end": self.end and self.end.isoformat(), "exercise": self.exercise}


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    kind: str
    title: str
    decided_on: dt.date
    present: tuple[str, ...]
    votes: tuple[tuple[str, str], ...]
    adopted: bool
    reason: str
    details: Mapping[str, Any]
    exercise: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "decided_on": self.decided_on.isoformat(),
                "present": list(self.present), "votes": dict(self.votes), "adopted": self.adopted,
                "reason": self.reason, "details": dict(self.details), "exercise": self.exercise}


@dataclass(frozen=True, slots=True)
class Transaction:
    id: str
    fund: str
    donor: str
    type: int
    amount: Decimal
    currency: str
    on: dt.date
    commitment: str | None
    decision: str | None
    exercise: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "fund": self.fund, "donor": self.donor, "type": self.type,
                "type_name": TRANSACTION_TYPES[self.type], "amount": str(self.amount), "currency": self.currency,
                "on": self.on.isoformat(), "commitment": self.commitment, "decision": self.decision,
                "exercise": self.exercise}


@dataclass(frozen=True, slots=True)
class FundingTotal:
    donor: str
    fund: str  # "*" when totalled over every fund
    currency: str
    pledged: Decimal
    committed: Decimal
    disbursed: Decimal
    spent: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"donor": self.donor, "fund": self.fund, "currency": self.currency, "pledged": str(self.pledged),
                "committed": str(self.committed), "disbursed": str(self.disbursed), "spent": str(self.spent)}


@dataclass(frozen=True, slots=True)
class ReportDue:
    body: str
    due_on: dt.date
    status: str  # due | submitted | overdue
    days_left: int
    submitted_on: dt.date | None
    content_sha256: str | None

    def as_json(self) -> dict[str, Any]:
        return {"body": self.body, "due_on": self.due_on.isoformat(), "status": self.status,
                "days_left": self.days_left, "submitted_on": self.submitted_on and self.submitted_on.isoformat(),
                "content_sha256": self.content_sha256}


@dataclass(frozen=True, slots=True)
class OverdueReports:
    """Reports a body owes the Council: due before today and not submitted."""

    body: str
    body_name: str
    due: tuple[dt.date, ...]

    def as_text(self, lang: str) -> str:
        """``"2 reports overdue: 2026-05-17, 2026-11-17"``."""
        dates = ("، " if lang == "ar" else ", ").join(d.isoformat() for d in self.due)
        if not self.due:
            return t("status.no_report_overdue", lang)
        key = "status.report_overdue" if len(self.due) == 1 else "status.reports_overdue"
        return t(key, lang, n=len(self.due), dates=dates)
