"""Milestones measured on the records of a day: weapons destroyed per zone, sites verified, dates, other phases.

A real phase is measured on the real records, an exercise phase on the exercise ones.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import Connection, func, select

from custodes.disarmament.store import sites, weapons, zone_day_counts
from custodes.errors import IntegrityError
from custodes.withdrawal.model import Measure, Milestone

__all__ = ["ZoneFacts"]


def _incomplete(m: Milestone, needs: str) -> IntegrityError:
    return IntegrityError(f"a stored {m.kind} milestone lacks {needs}; fix the phase in the profile and reload it")


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


class ZoneFacts:
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
