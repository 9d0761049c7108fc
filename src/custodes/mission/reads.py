"""Read use cases over the mission's profile tables: mandates and the Council on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from custodes.council.store import council_seats, mandate_tasks, mandates, states
from custodes.errors import NotFound
from custodes.mission.model import MandateView
from custodes.mission.store import bodies
from custodes.profiles.model import Mandate, Name, ReportDuty, Task

__all__ = ["CouncilMember", "MandateRecord", "council_on", "list_mandates"]


@dataclass(frozen=True, slots=True)
class MandateRecord:
    resolution: str
    view: MandateView
    report_to: str | None
    report_every_months: int | None
    tasks: tuple[tuple[str, str], ...]  # (id, name)


def list_mandates(conn: Connection, today: dt.date, lang: str = "en", *, in_force: bool | None = None,
                  body: str | None = None) -> list[MandateRecord]:
    """Every mandate in the database with where it stands on ``today``, ordered by resolution and body."""
    q = (select(mandates, bodies.c.name_en, bodies.c.name_ar).join(bodies, bodies.c.id == mandates.c.body)
         .order_by(mandates.c.symbol, mandates.c.body))
    if body is not None:
        q = q.where(mandates.c.body == body)
    tasks: dict[tuple[str, str], list[Task]] = {}
    for t in conn.execute(select(mandate_tasks).order_by(mandate_tasks.c.task)):
        tasks.setdefault((t.symbol, t.body), []).append(Task(t.task, Name(t.name_en, t.name_ar)))
    out = []
    for r in conn.execute(q):
        duty = None
        if r.report_every_months is not None and r.report_first_due is not None:
            duty = ReportDuty(r.report_to or "", r.report_by or "", r.report_every_months, r.report_first_due)
        ts = tuple(tasks.get((r.symbol, r.body), ()))
        view = MandateView.of(Mandate(r.body, r.until, ts, duty), r.name_ar if lang == "ar" else r.name_en, today)
        if in_force is not None and view.in_force != in_force:
            continue
        out.append(MandateRecord(r.symbol, view, r.report_to, r.report_every_months,
                                 tuple((t.id, t.name.get(lang)) for t in ts)))
    return out


@dataclass(frozen=True, slots=True)
class CouncilMember:
    code: str
    name: str
    seat: str  # permanent | elected
    term_first: int | None
    term_last: int | None


def council_on(conn: Connection, day: dt.date, lang: str = "en") -> list[CouncilMember]:
    """The Security Council's members on ``day`` (terms run by calendar year)."""
    rows = conn.execute(
        select(council_seats, states.c.name_en, states.c.name_ar)
        .join(states, states.c.code == council_seats.c.state)
        .where(council_seats.c.year == day.year).order_by(council_seats.c.kind.desc(), council_seats.c.state)
    ).all()
    if not rows:
        years = sorted({int(y) for (y,) in conn.execute(select(council_seats.c.year).distinct())})
        span = f"{years[0]} to {years[-1]}" if years else "no year"
        raise NotFound(f"the profile records the Council's membership for {span}, not for {day.year}")
    return [CouncilMember(r.state, r.name_ar if lang == "ar" else r.name_en, r.kind, r.term_first, r.term_last)
            for r in rows]
