"""Use cases of the phased withdrawal: define phases, record a verified completion, derive every status.

Statuses are computed from the disarmament records on the day asked (see :mod:`custodes.withdrawal.model`);
nothing stores a status.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from custodes.disarmament.store import sites, weapons, zone_day_counts
from custodes.errors import IllegalTransition, InputError, IntegrityError, NotFound
from custodes.geo.io import parse_geometry, to_geojson
from custodes.ledger.disclosure import publishes
from custodes.storage.uow import UnitOfWork
from custodes.withdrawal.model import Completion, Measure, Milestone, Phase, PhaseStatus, evaluate
from custodes.withdrawal.store import milestones, phases

if TYPE_CHECKING:
    from custodes.app import Custodes

__all__ = ["WithdrawalService"]

publishes("withdrawal.phase_defined", "id", "name", "kind", "geometry", "opens", "days", "milestones")
publishes("withdrawal.phase_completed", "phase", "on", "verified_by")


def _incomplete(m: Milestone, needs: str) -> IntegrityError:
    return IntegrityError(f"a stored {m.kind} milestone lacks {needs}; fix the phase in the profile and reload it")


class WithdrawalService:
    def __init__(self, app: Custodes) -> None:
        self.app = app
        self.zones = frozenset(g.pcode for g in app.profile.governorates)

    def define(self, phase: Phase, geometry: Any, *, actor: str | None = None,
               exercise: bool = False) -> Phase:
        """Define a phase: its line or zone (GeoJSON), its milestones and timeframe."""
        with self.app.store.write(actor or self.app.settings.actor, exercise=exercise) as uow:
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

    def complete(self, phase_id: str, *, on: dt.date, verified_by: str, actor: str | None = None,
                 exercise: bool = False) -> PhaseStatus:
        """Record that the withdrawal of a phase was completed and verified; refused before its milestones."""
        with self.app.store.write(actor or self.app.settings.actor, exercise=exercise) as uow:
            return self.complete_in(uow, phase_id, on=on, verified_by=verified_by)

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

    def status(self, on: dt.date | None = None, phase_ids: Sequence[str] | None = None) -> list[PhaseStatus]:
        """Every phase's derived status on ``on`` (default today), with its milestones met and missing."""
        with self.app.store.read() as conn:
            return self._statuses(conn, on or self.app.today(), phase_ids)

    def _statuses(self, conn: Connection, on: dt.date, ids: Sequence[str] | None) -> list[PhaseStatus]:
        q = select(phases).order_by(phases.c.opens.is_(None), phases.c.opens, phases.c.id)
        if ids is not None:
            q = q.where(phases.c.id.in_(list(ids)))
        rows = conn.execute(q).all()
        if ids is not None and len(rows) != len(set(ids)):
            found = {r.id for r in rows}
            raise NotFound(f"no withdrawal phase {next(i for i in ids if i not in found)!r}")
        ms: dict[str, list[Milestone]] = {}
        for m in conn.execute(select(milestones).order_by(milestones.c.phase, milestones.c.seq)):
            ms.setdefault(m.phase, []).append(Milestone(m.kind, m.zone, m.share, m.on, m.after_phase))
        completed = {r.id: r.completed_on for r in conn.execute(select(phases.c.id, phases.c.completed_on))}
        facts: dict[bool, _ZoneFacts] = {}
        out = []
        for r in rows:
            p = Phase(r.id, r.name, r.kind, r.opens, r.days, tuple(ms.get(r.id, ())))
            # a real phase is measured on the real records, an exercise phase on the exercise ones
            ex = bool(r.exercise)
            if ex not in facts:
                facts[ex] = _ZoneFacts(conn, on, exercise=ex)
            measures = {i: facts[ex].measure(m, completed) for i, m in enumerate(p.milestones)}
            comp = Completion(r.completed_on, r.verified_by) if r.completed_on else None
            out.append(evaluate(p, measures, comp, on))
        return out


def _exercise_weapon_counts(conn: Connection, on: dt.date) -> dict[tuple[str, dt.date], tuple[int, int]]:
    """The exercise weapons registered and destroyed per zone and day up to ``on``."""
    w = weapons.c
    out: dict[tuple[str, dt.date], tuple[int, int]] = {}
    for zone, day, n in conn.execute(select(w.zone, w.registered_on, func.count())
                                     .where(w.exercise.is_(True), w.registered_on <= on)
                                     .group_by(w.zone, w.registered_on)):
        key = (zone or "", day)
        out[key] = (out.get(key, (0, 0))[0] + n, out.get(key, (0, 0))[1])
    for zone, day, n in conn.execute(select(w.zone, w.destroyed_on, func.count())
                                     .where(w.exercise.is_(True), w.destroyed_on.is_not(None), w.destroyed_on <= on)
                                     .group_by(w.zone, w.destroyed_on)):
        key = (zone or "", day)
        out[key] = (out.get(key, (0, 0))[0], out.get(key, (0, 0))[1] + n)
    return out


class _ZoneFacts:
    """Measures milestones from the per-zone, per-day counts (a few thousand rows) and grouped site counts, of
    the real records or (``exercise``) of the exercise ones.

    The per-zone counts hold both kinds of weapon; the exercise ones are counted from ``weapons`` and taken
    out of the real view (exercise data is a few thousand weapons at most)."""

    def __init__(self, conn: Connection, on: dt.date, *, exercise: bool = False) -> None:
        self.conn, self.on = conn, on
        self._registered: dict[str, int] = {}
        self._destroyed: dict[str, list[tuple[dt.date, int]]] = {}
        drill = _exercise_weapon_counts(conn, on)
        if exercise:
            counts = [(z, d, reg, gone) for (z, d), (reg, gone) in sorted(drill.items())]
        else:
            counts = [(z, d, reg - drill.get((z, d), (0, 0))[0], gone - drill.get((z, d), (0, 0))[1])
                      for z, d, reg, gone in conn.execute(
                          select(zone_day_counts.c.zone, zone_day_counts.c.on, zone_day_counts.c.registered,
                                 zone_day_counts.c.destroyed).where(zone_day_counts.c.on <= on)
                          .order_by(zone_day_counts.c.zone, zone_day_counts.c.on))]
        for zone, day, reg, gone in counts:
            self._registered[zone] = self._registered.get(zone, 0) + reg
            if gone:
                self._destroyed.setdefault(zone, []).append((day, gone))
        self._registered = {z: n for z, n in self._registered.items() if n}
        flag = sites.c.exercise.is_(exercise)
        self._sites: dict[str, tuple[int, int, dt.date | None]] = {}
        for z, n, v, last in conn.execute(
                select(sites.c.zone, func.count(), func.count(sites.c.verified_on), func.max(sites.c.verified_on))
                .where(sites.c.found_on <= on, sites.c.zone.is_not(None), flag).group_by(sites.c.zone)):
            self._sites[z] = (n, v, last)
        self._verified_late = {z: n for z, n in conn.execute(
            select(sites.c.zone, func.count()).where(sites.c.found_on <= on, sites.c.verified_on > on, flag)
            .group_by(sites.c.zone))}

    def measure(self, m: Milestone, completed: dict[str, dt.date | None]) -> Measure:
        match m.kind:
            case "weapons_destroyed_share":
                if m.zone is None or m.share is None:
                    raise _incomplete(m, "a zone and a share")
                days = self._destroyed.get(m.zone, [])
                n, d = self._registered.get(m.zone, 0), sum(k for _, k in days)
                if n == 0:
                    return Measure(False, None, f"no weapons registered in {m.zone} yet")
                need = math.ceil(m.share * n - 1e-9)
                detail = f"{d} of {n} destroyed ({100 * d / n:.1f}%); {need} needed"
                if d < need:
                    return Measure(False, None, detail)
                total = 0
                for day, k in days:  # the day the need-th destruction happened
                    total += k
                    if total >= need:
                        return Measure(True, day, detail)
                raise AssertionError("unreachable")  # pragma: no cover
            case "sites_verified":
                if m.zone is None:
                    raise _incomplete(m, "a zone")
                n, v, last = self._sites.get(m.zone, (0, 0, None))
                v -= self._verified_late.get(m.zone, 0)
                detail = f"{v} of {n} sites verified destroyed"
                return Measure(v == n, last if v == n else None, detail)
            case "date":
                if m.on is None:
                    raise _incomplete(m, "a date")
                return Measure(self.on >= m.on, m.on if self.on >= m.on else None,
                               f"{m.on} {'reached' if self.on >= m.on else 'not reached'}")
            case _:
                done = completed.get(m.phase or "")
                ok = done is not None and done <= self.on
                return Measure(ok, done if ok else None,
                               f"phase {m.phase} completed on {done}" if ok else f"phase {m.phase} not completed")
