"""Reading grievances from their tables: one grievance, filtered pages, the private parts and the counts.

Every list and count takes ``exercise``: False (real records only), True (exercise only) or None (both).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, and_, func, or_, select

from custodes.errors import NotFound
from custodes.grievances.model import GStatus
from custodes.grievances.store import cosign_organisations, grievance_cosigners, grievances
from custodes.grievances.visibility import public_view
from custodes.paging import Page
from custodes.storage.paging import fetch_page

__all__ = ["Counts", "Filters", "counts", "organisations", "overdue_clause", "page", "private_fields", "public",
           "row"]


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list of grievances is narrowed to (None: not narrowed)."""

    status: str | None = None
    addressee: str | None = None
    category: str | None = None
    exercise: bool | None = None

    def where(self, q: Select[Any]) -> Select[Any]:
        c = grievances.c
        if self.status:
            q = q.where(c.status == GStatus(self.status).value)
        if self.addressee:
            q = q.where(c.addressee == self.addressee)
        if self.category:
            q = q.where(c.category == self.category)
        if self.exercise is not None:
            q = q.where(c.exercise.is_(self.exercise))
        return q


@dataclass(frozen=True, slots=True)
class Counts:
    """Grievances counted by status, answered, and overdue (:func:`custodes.grievances.model.overdue_reason`)."""

    received: int
    answered: int
    overdue: int
    by_status: dict[str, int]


def _iso(v: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC (SQLite hands back stored UTC times without their zone)."""
    if v is None:
        return None
    return (v if v.tzinfo else v.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def row(conn: Connection, gid: str) -> Row[Any]:
    """The stored grievance ``gid``, or NotFound."""
    found = conn.execute(select(grievances).where(grievances.c.id == gid)).first()
    if found is None:
        raise NotFound(f"no grievance {gid!r}; `custodes grievances list` shows them")
    return found


def public(conn: Connection, r: Row[Any], governorate: Callable[[str | None], str]) -> dict[str, Any]:
    """The public view of ``r``: built from the allowlist, so no subject or text."""
    cos = [x[0] for x in conn.execute(select(grievance_cosigners.c.organisation)
                                      .where(grievance_cosigners.c.grievance_id == r.id)
                                      .order_by(grievance_cosigners.c.at, grievance_cosigners.c.organisation))]
    return public_view({
        "id": r.id, "filed_on": r.filed_on.isoformat(), "addressee_kind": r.addressee_kind,
        "addressee": r.addressee, "category": r.category, "language": r.language, "pcode": r.pcode,
        "governorate": governorate(r.pcode) or None, "anonymous": r.complainant is None,
        "status": r.status, "acknowledge_by": r.ack_due.isoformat(), "answer_by": r.answer_due.isoformat(),
        "acknowledged_at": _iso(r.acknowledged_at), "answered_at": _iso(r.answered_at), "answer": r.answer,
        "escalated_at": _iso(r.escalated_at), "escalation_reason": r.escalation_reason,
        "closed_at": _iso(r.closed_at), "cosigned_by": cos, "exercise": bool(r.exercise),
    })


def page(conn: Connection, filters: Filters, governorate: Callable[[str | None], str], *, limit: int,
         offset: int) -> Page[dict[str, Any]]:
    """Public views of the grievances matching ``filters``, newest first, one page (total from the database)."""
    q = filters.where(select(grievances).order_by(grievances.c.filed_at.desc(), grievances.c.id.desc()))
    return fetch_page(conn, q, limit=limit, offset=offset).map(lambda r: public(conn, r, governorate))


def count(conn: Connection, filters: Filters) -> int:
    """How many grievances match ``filters``."""
    return int(conn.execute(filters.where(select(func.count()).select_from(grievances))).scalar_one())


def content(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Subject, text, addressee and filing account of these grievances (never for a public view as such)."""
    if not ids:
        return {}
    q = select(grievances.c.id, grievances.c.subject, grievances.c.text, grievances.c.filed_by,
               grievances.c.addressee_kind, grievances.c.addressee).where(grievances.c.id.in_(ids))
    return {r.id: {"subject": r.subject, "text": r.text, "filed_by": r.filed_by,
                   "addressee_kind": r.addressee_kind, "addressee": r.addressee} for r in conn.execute(q)}


def private_fields(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The complainant and exact place of these grievances, by id."""
    if not ids:
        return {}
    q = select(grievances.c.id, grievances.c.complainant, grievances.c.lat, grievances.c.lon) \
        .where(grievances.c.id.in_(ids))
    return {r.id: {"complainant": r.complainant, "lat": r.lat, "lon": r.lon} for r in conn.execute(q)}


def organisations(conn: Connection) -> list[dict[str, Any]]:
    """The organisations registered to co-sign grievances, by id."""
    return [{"id": r.id, "name": r.name, "kind": r.kind, "exercise": bool(r.exercise)}
            for r in conn.execute(select(cosign_organisations).order_by(cosign_organisations.c.id))]


def overdue_clause(today: dt.date) -> ColumnElement[bool]:
    """:func:`~custodes.grievances.model.overdue_reason` as SQL: a deadline before ``today`` without its step."""
    c = grievances.c
    return or_(and_(c.acknowledged_at.is_(None), c.ack_due < today),
               and_(c.answered_at.is_(None), c.answer_due < today))


def counts(conn: Connection, today: dt.date, *, exercise: bool | None) -> Counts:
    """Grievances by status, how many were answered and how many are overdue on ``today``."""
    f = Filters(exercise=exercise)
    by_status = Counter({str(s): int(n) for s, n in conn.execute(
        f.where(select(grievances.c.status, func.count()).group_by(grievances.c.status)))})
    answered = conn.execute(f.where(select(func.count()).select_from(grievances)
                                    .where(grievances.c.answered_at.is_not(None)))).scalar_one()
    late = conn.execute(f.where(select(func.count()).select_from(grievances)
                                .where(overdue_clause(today)))).scalar_one()
    return Counts(sum(by_status.values()), int(answered), int(late), dict(sorted(by_status.items())))
