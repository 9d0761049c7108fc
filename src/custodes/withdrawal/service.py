"""Use cases of the phased withdrawal: define phases, record a verified completion, derive every status.

Statuses are computed from the disarmament records on the day asked (see :mod:`custodes.withdrawal.model`);
nothing stores a status.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Select, insert, select, update

from custodes.accounts.policy import Principal
from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.force.ownership import require_force_hq
from custodes.geo.io import parse_geometry, to_geojson
from custodes.ledger.disclosure import publishes
from custodes.paging import DEFAULT_LIMIT, Page
from custodes.storage.paging import fetch_page
from custodes.storage.uow import Store, Today, UnitOfWork
from custodes.withdrawal.measures import ZoneFacts
from custodes.withdrawal.model import Completion, Milestone, Phase, PhaseStatus, evaluate
from custodes.withdrawal.settings import WithdrawalSettings
from custodes.withdrawal.store import milestones, phases

__all__ = ["PhaseView", "WithdrawalService"]

publishes("withdrawal.phase_defined", "id", "name", "kind", "geometry", "opens", "days", "milestones")
publishes("withdrawal.phase_completed", "phase", "on", "verified_by")


@dataclass(frozen=True, slots=True)
class PhaseView:
    """A phase's status on a day with its line or zone (GeoJSON)."""

    status: PhaseStatus
    geometry: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {**self.status.as_json(), "geometry": self.geometry}


def _ordered(exercise: bool | None) -> Select[Any]:
    q = select(phases).order_by(phases.c.opens.is_(None), phases.c.opens, phases.c.id)
    return q if exercise is None else q.where(phases.c.exercise.is_(exercise))


class WithdrawalService:
    """The withdrawal's use cases over one mission's store."""

    def __init__(self, store: Store, today: Today, settings: WithdrawalSettings) -> None:
        self.store = store
        self.today = today
        self.zones = settings.zones

    def define(self, phase: Phase, geometry: Any, *, actor: str, exercise: bool = False,
               acting: Principal | None = None) -> Phase:
        """Define a phase: its line or zone (GeoJSON), its milestones and timeframe (the headquarters' decision)."""
        require_force_hq(acting, "define withdrawal phases")
        with self.store.write(actor, exercise=exercise) as uow:
            return self.define_in(uow, phase, geometry)

    def define_in(self, uow: UnitOfWork, phase: Phase, geometry: Any) -> Phase:
        """Define a withdrawal phase and its line or area inside the caller's unit of work."""
        phase.check()
        geom = parse_geometry(geometry, field="geometry")
        want = ("LineString", "MultiLineString") if phase.kind == "line" else ("Polygon", "MultiPolygon")
        if geom.geom_type not in want:
            raise InputError(f"a {phase.kind} phase needs a {' or '.join(want)}, not a {geom.geom_type}",
                             field="geometry")
        conn = uow.conn
        if conn.execute(select(phases.c.id).where(phases.c.id == phase.id)).first():
            raise InputError(f"phase {phase.id} is already defined", field="id")
        for m in phase.milestones:
            if m.zone is not None and m.zone not in self.zones:
                raise InputError(f"zone {m.zone!r} is not a governorate P-code of this mission", field="milestone")
            if m.phase and not conn.execute(select(phases.c.id).where(phases.c.id == m.phase)).first():
                raise InputError(f"milestone names phase {m.phase!r}, which is not defined", field="milestone")
        gj = to_geojson(geom)
        conn.execute(insert(phases).values(id=phase.id, name=phase.name, kind=phase.kind, geometry=json.dumps(gj),
                                           opens=phase.opens, days=phase.days, defined_on=uow.now.date(),
                                           exercise=uow.exercise))
        conn.execute(insert(milestones), [
            {"phase": phase.id, "seq": i, "kind": m.kind, "zone": m.zone, "share": m.share, "on": m.on,
             "after_phase": m.phase, "exercise": uow.exercise} for i, m in enumerate(phase.milestones)])
        uow.append("withdrawal.phase_defined", {
            "id": phase.id, "name": phase.name, "kind": phase.kind, "geometry": gj, "opens": phase.opens,
            "days": phase.days, "milestones": [m.as_json() for m in phase.milestones]})
        return phase

    def complete(self, phase_id: str, *, on: dt.date | None = None, verified_by: str, actor: str,
                 exercise: bool = False) -> PhaseStatus:
        """Record that the withdrawal of a phase was completed (``on``, default today) and verified; refused
        before its milestones."""
        with self.store.write(actor, exercise=exercise) as uow:
            return self.complete_in(uow, phase_id, on=on or self.today(), verified_by=verified_by)

    def complete_in(self, uow: UnitOfWork, phase_id: str, *, on: dt.date, verified_by: str) -> PhaseStatus:
        """Record a phase's verified completion inside the caller's unit of work."""
        if not verified_by:
            raise InputError("name the party that verified the withdrawal", field="verified_by")
        st = self._statuses(uow.conn, on, [phase_id])[0]
        if st.completion is not None:
            raise IllegalTransition("phase-completed-twice", f"phase {phase_id} was completed on {st.completion.on}")
        if st.missing:
            raise IllegalTransition("milestones-not-met", f"phase {phase_id} on {on}: missing "
                                    + "; ".join(m.describe() for m, _ in st.missing))
        uow.conn.execute(update(phases).where(phases.c.id == phase_id).values(completed_on=on,
                                                                                verified_by=verified_by))
        uow.append("withdrawal.phase_completed", {"phase": phase_id, "on": on, "verified_by": verified_by})
        return evaluate(st.phase, {i: x for i, (_, x) in enumerate(st.met)}, Completion(on, verified_by), on)

    # -- reading ------------------------------------------------------------------------------------
    def status(self, on: dt.date | None = None, phase_ids: Sequence[str] | None = None, *,
               exercise: bool | None = None) -> list[PhaseStatus]:
        """Every phase's (or the named phases') derived status on ``on`` (default today), with its milestones met
        and missing."""
        with self.store.read() as conn:
            return self._statuses(conn, on or self.today(), phase_ids, exercise=exercise)

    def statuses(self, on: dt.date | None = None, *, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                 offset: int = 0) -> Page[PhaseStatus]:
        """A page of the phases' statuses on ``on`` (default today), in the order they open."""
        return self.phases(on, exercise=exercise, limit=limit, offset=offset).map(lambda v: v.status)

    def phases(self, on: dt.date | None = None, *, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
               offset: int = 0) -> Page[PhaseView]:
        """A page of the phases with their lines or zones and their statuses on ``on`` (default today)."""
        day = on or self.today()
        with self.store.read() as conn:
            page = fetch_page(conn, _ordered(exercise), limit=limit, offset=offset)
            found = self._evaluate(conn, day, page.items)
        return Page(tuple(PhaseView(s, json.loads(r.geometry)) for s, r in zip(found, page.items, strict=True)),
                    page.total, page.limit, page.offset)

    def phase(self, phase_id: str, on: dt.date | None = None) -> PhaseView:
        """One phase with its line or zone and its status on ``on`` (default today)."""
        with self.store.read() as conn:
            st = self._statuses(conn, on or self.today(), [phase_id])[0]
            return PhaseView(st, self._geometry(conn, phase_id))

    def geometry(self, phase_id: str) -> dict[str, Any]:
        """A phase's line or zone (GeoJSON)."""
        with self.store.read() as conn:
            return self._geometry(conn, phase_id)

    @staticmethod
    def _geometry(conn: Connection, phase_id: str) -> dict[str, Any]:
        row = conn.execute(select(phases.c.geometry).where(phases.c.id == phase_id)).first()
        if row is None:
            raise NotFound(f"no withdrawal phase {phase_id!r}")
        out: dict[str, Any] = json.loads(row.geometry)
        return out

    def _statuses(self, conn: Connection, on: dt.date, ids: Sequence[str] | None, *,
                  exercise: bool | None = None) -> list[PhaseStatus]:
        q = _ordered(exercise)
        if ids is not None:
            q = q.where(phases.c.id.in_(list(ids)))
        rows = conn.execute(q).all()
        if ids is not None and len(rows) != len(set(ids)):
            found = {r.id for r in rows}
            raise NotFound(f"no withdrawal phase {next(i for i in ids if i not in found)!r}")
        return self._evaluate(conn, on, rows)

    @staticmethod
    def _evaluate(conn: Connection, on: dt.date, rows: Sequence[Row[Any]]) -> list[PhaseStatus]:
        """The status on ``on`` of each phase row."""
        ms: dict[str, list[Milestone]] = {}
        for m in conn.execute(select(milestones).where(milestones.c.phase.in_([r.id for r in rows]))
                              .order_by(milestones.c.phase, milestones.c.seq)):
            ms.setdefault(m.phase, []).append(Milestone(m.kind, m.zone, m.share, m.on, m.after_phase))
        completed = {r.id: r.completed_on for r in conn.execute(select(phases.c.id, phases.c.completed_on))}
        facts: dict[bool, ZoneFacts] = {}
        out = []
        for r in rows:
            p = Phase(r.id, r.name, r.kind, r.opens, r.days, tuple(ms.get(r.id, ())))
            # a real phase is measured on the real records, an exercise phase on the exercise ones
            ex = bool(r.exercise)
            if ex not in facts:
                facts[ex] = ZoneFacts(conn, on, exercise=ex)
            measures = {i: facts[ex].measure(m, completed) for i, m in enumerate(p.milestones)}
            comp = Completion(r.completed_on, r.verified_by) if r.completed_on else None
            out.append(evaluate(p, measures, comp, on))
        return out
