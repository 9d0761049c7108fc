"""Read use cases over the mission's profile tables: mandates and the Council on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from custodes.council.store import council_seats, mandate_tasks, mandates, states
from custodes.errors import NotFound
from custodes.mission.model import MandateView
from custodes.mission.store import bodies
from custodes.paging import Page
from custodes.profiles.model import Mandate, Name, ReportDuty, Task
from custodes.storage.paging import fetch_page
from custodes.storage.uow import Store, Today

__all__ = ["CouncilMember", "MandateRecord", "MissionReads"]


@dataclass(frozen=True, slots=True)
class MandateRecord:
    resolution: str
    view: MandateView
    report_to: str | None
    report_every_months: int | None
    tasks: tuple[tuple[str, str], ...]  # (id, name)


@dataclass(frozen=True, slots=True)
class CouncilMember:
    code: str
    name: str
    seat: str  # permanent | elected
    term_first: int | None
    term_last: int | None


class MissionReads:
    """What the mission's profile tables say (``app.mission``): its mandates and the Council's members."""

    def __init__(self, store: Store, today: Today) -> None:
        self._store = store
        self._today = today

    def mandates(self, *, limit: int, offset: int, lang: str = "en", in_force: bool | None = None,
                 body: str | None = None) -> Page[MandateRecord]:
        """Mandates by resolution and body, with where each stands today (in force: today is on or before its
        end), a page of them and how many match."""
        today = self._today()
        q = (select(mandates, bodies.c.name_en, bodies.c.name_ar).join(bodies, bodies.c.id == mandates.c.body)
             .order_by(mandates.c.symbol, mandates.c.body))
        if body is not None:
            q = q.where(mandates.c.body == body)
        if in_force is not None:
            q = q.where(mandates.c.until >= today if in_force else mandates.c.until < today)
        with self._store.read() as conn:
            page = fetch_page(conn, q, limit=limit, offset=offset)
            tasks = _tasks(conn, {r.symbol for r in page})
        return page.map(lambda r: _mandate(r, tasks.get((r.symbol, r.body), ()), today, lang))

    def council(self, day: dt.date, lang: str = "en") -> list[CouncilMember]:
        """The Security Council's members on ``day`` (terms run by calendar year)."""
        with self._store.read() as conn:
            rows = conn.execute(
                select(council_seats, states.c.name_en, states.c.name_ar)
                .join(states, states.c.code == council_seats.c.state)
                .where(council_seats.c.year == day.year).order_by(council_seats.c.kind.desc(), council_seats.c.state)
            ).all()
            years = [] if rows else sorted({int(y) for (y,) in conn.execute(select(council_seats.c.year).distinct())})
        if not rows:
            span = f"{years[0]} to {years[-1]}" if years else "no year"
            raise NotFound(f"the profile records the Council's membership for {span}, not for {day.year}")
        return [CouncilMember(r.state, r.name_ar if lang == "ar" else r.name_en, r.kind, r.term_first, r.term_last)
                for r in rows]


def _tasks(conn: Connection, symbols: set[str]) -> dict[tuple[str, str], tuple[Task, ...]]:
    """The tasks of the mandates of these resolutions, by (resolution, body), in task order."""
    found: dict[tuple[str, str], list[Task]] = {}
    if symbols:
        q = select(mandate_tasks).where(mandate_tasks.c.symbol.in_(sorted(symbols))).order_by(mandate_tasks.c.task)
        for t in conn.execute(q):
            found.setdefault((t.symbol, t.body), []).append(Task(t.task, Name(t.name_en, t.name_ar)))
    return {key: tuple(ts) for key, ts in found.items()}


def _mandate(r: Any, tasks: tuple[Task, ...], today: dt.date, lang: str) -> MandateRecord:
    duty = None
    if r.report_every_months is not None and r.report_first_due is not None:
        duty = ReportDuty(r.report_to or "", r.report_by or "", r.report_every_months, r.report_first_due)
    view = MandateView.of(Mandate(r.body, r.until, tasks, duty), r.name_ar if lang == "ar" else r.name_en, today)
    return MandateRecord(r.symbol, view, r.report_to, r.report_every_months,
                         tuple((t.id, t.name.get(lang)) for t in tasks))
