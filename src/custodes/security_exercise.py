"""Exercise data for the security pillar: the force, disarmament and withdrawal (deterministic per seed).

Everything is labelled exercise: ``exercise = true`` in every table, ``"ex": true`` in every journal entry,
and names start with ``(exercise)``. The reported contributors (Indonesia, Azerbaijan) appear with invented
figures; the others are fictional (ISO 3166 user-assigned codes XEA, XEB).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import TYPE_CHECKING

from sqlalchemy import Table as SATable
from sqlalchemy import delete, func, select

from custodes.disarmament.model import Collected, Destroyed, Stored, Transferred, Witness
from custodes.disarmament.service import NewSite, NewWeapon
from custodes.disarmament.store import custody_steps, documents, rebuild_counts, sites, weapons
from custodes.exercise import ExercisePeriod, ExerciseResult
from custodes.force.model import Node, StrengthReport
from custodes.force.store import areas, deployments, nodes, strength_reports, task_assignments
from custodes.geo.io import parse_geometry
from custodes.ledger.disclosure import publishes
from custodes.withdrawal.model import Milestone, Phase
from custodes.withdrawal.store import milestones, phases

if TYPE_CHECKING:
    from custodes.app import Custodes

__all__ = ["DisarmamentExercise", "ForceExercise", "WithdrawalExercise"]

for _domain in ("force", "disarmament", "withdrawal"):
    publishes(f"{_domain}.exercise_withdrawn", "table", "records")

EX = "(exercise) "
ACTOR = "exercise"
CONTINGENTS = (("IDN", 4000, "S-SOUTH"), ("AZE", 1500, "S-NORTH"), ("XEA", 1200, "S-NORTH"), ("XEB", 800, "S-SOUTH"))
NORTH = ("PS0255", "PS0260", "PS0265")
MODELS = {"assault rifle": [("AKM", "7.62x39mm", "Izhmash", "RUS"), ("Type 56", "7.62x39mm", "Norinco", "CHN"),
                            ("M16A1", "5.56x45mm", "Colt", "USA")],
          "pistol": [("TT-33", "7.62x25mm", "Tula Arms", "RUS"), ("M1911", ".45 ACP", "Colt", "USA")],
          "rocket launcher": [("RPG-7", "40mm", "Bazalt", "RUS")],
          "machine gun": [("PKM", "7.62x54mmR", "Degtyarev", "RUS")]}


def _days(period: ExercisePeriod) -> int:
    return max((period.end - period.start).days, 1)


def _remove(app: Custodes, domain: str, tables: list[SATable]) -> ExerciseResult:
    n = 0
    with app.store.write(ACTOR, exercise=True) as uow:
        for t in tables:
            count = uow.conn.execute(select(func.count()).select_from(t).where(t.c.exercise.is_(True))).scalar_one()
            if count:
                uow.conn.execute(delete(t).where(t.c.exercise.is_(True)))
                uow.append(f"{domain}.exercise_withdrawn", {"table": t.name, "records": count})
                n += count
        return ExerciseResult(domain, n, len(uow.entries))


class ForceExercise:
    domain = "force"

    def generate(self, app: Custodes, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rng = random.Random(f"force/{seed}")
        svc = app.force
        n = 0
        with app.store.write(ACTOR, exercise=True) as uow:
            svc.add_node_in(uow, Node("EX-HQ", "hq", EX + "ISF Headquarters", None, None, "Force Commander"))
            for sid, name in (("S-NORTH", "Sector North"), ("S-SOUTH", "Sector South")):
                svc.add_node_in(uow, Node(sid, "sector", EX + name, "EX-HQ", None, "Sector Commander"))
            for g in app.profile.governorates:
                svc.add_area_in(uow, f"AOR-{g.pcode}", f"{EX}AOR {g.name.en}", g.geometry)
            n += 3 + len(app.profile.governorates)
            units: list[tuple[str, str]] = []
            for state, pledged, sector in CONTINGENTS:
                svc.add_node_in(uow, Node(f"C-{state}", "contingent", f"{EX}{state} contingent", sector, state,
                                          "Contingent Commander"))
                for k in range(1, 4):
                    uid = f"U-{state}-{k}"
                    svc.add_node_in(uow, Node(uid, "unit", f"{EX}{state} battalion {k}", f"C-{state}", state,
                                              "Battalion Commander"))
                    units.append((uid, sector))
                    n += 1
                # monthly strength reports: the pledge stands, deployment ramps up
                day, deployed = period.start, 0
                while day <= period.end:
                    deployed = min(pledged, deployed + rng.randint(pledged // 10, pledged // 4))
                    svc.report_strength_in(uow, StrengthReport(state, day, pledged, deployed))
                    n += 1
                    day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            tasks = list(svc.tasks)
            pcodes = [g.pcode for g in app.profile.governorates]
            for i, (uid, sector) in enumerate(units):
                zone = [p for p in pcodes if (p in NORTH) == (sector == "S-NORTH")]
                start = period.start + dt.timedelta(days=rng.randint(20, max(21, _days(period) // 2)))
                if start <= period.end:
                    svc.deploy_in(uow, uid, f"AOR-{rng.choice(zone)}", start, rng.randint(300, 600))
                    n += 1
                svc.assign_task_in(uow, uid, tasks[i % len(tasks)], period.start)
                n += 1
            return ExerciseResult(self.domain, n, len(uow.entries))

    def remove(self, app: Custodes) -> ExerciseResult:
        return _remove(app, self.domain, [task_assignments, deployments, strength_reports, areas, nodes])


class DisarmamentExercise:
    domain = "disarmament"

    def __init__(self, weapons: int = 2000, sites: int = 40) -> None:
        self.n_weapons, self.n_sites = weapons, sites

    def generate(self, app: Custodes, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rng = random.Random(f"disarmament/{seed}")
        svc = app.disarmament
        span = _days(period)
        pcodes = [g.pcode for g in app.profile.governorates]
        units = {p: (f"U-IDN-{1 + i % 3}" if p not in NORTH else f"U-AZE-{1 + i % 3}") for i, p in enumerate(pcodes)}
        witnesses = (Witness("ISF", "destruction officer"), Witness("Palestinian committee", "observer"),
                     Witness("independent monitor", "observer"))
        with app.store.write(ACTOR, exercise=True) as uow:
            batch: list[tuple[NewWeapon, Collected]] = []
            for i in range(self.n_weapons):
                kind = rng.choice(list(MODELS))
                model, cal, maker, country = rng.choice(MODELS[kind])
                zone = rng.choice(pcodes)
                on = period.start + dt.timedelta(days=int(span * rng.random() ** 0.7))
                serial = "" if rng.random() < 0.15 else f"{rng.randint(1, 99):02d}{rng.randint(0, 999999):06d}"
                if i and rng.random() < 0.01:  # a few duplicate serials, flagged, never merged
                    serial = batch[rng.randrange(len(batch))][0].serial
                w = NewWeapon(kind, model, cal, maker, country, rng.randint(1960, 2015), serial,
                              "factory stamp" if serial else "", "receiver" if serial else "", "", zone,
                              units[zone], on)
                batch.append((w, Collected(on, f"EX-CP-{zone}-{rng.randint(1, 3)}", units[zone], f"EX-R-{i + 1:06d}",
                                           f"exercise group {rng.randint(1, 9)}")))
            regs = svc.register_in(uow, [w for w, _ in batch])
            steps: list[tuple[int, Collected | Stored | Transferred | Destroyed]] = []
            for r, (w, c) in zip(regs, batch, strict=True):
                steps.append((r.id, c))
                day = c.on + dt.timedelta(days=rng.randint(1, 10))
                if day > period.end:
                    continue
                depot = f"EX-DEPOT-{w.zone}"
                steps.append((r.id, Stored(day, depot, c.unit)))
                if rng.random() < 0.2:
                    day += dt.timedelta(days=rng.randint(1, 20))
                    if day > period.end:
                        continue
                    steps.append((r.id, Transferred(day, depot, "EX-DEPOT-CENTRAL", c.unit, c.unit, "U-XEA-1")))
                    depot = "EX-DEPOT-CENTRAL"
                day += dt.timedelta(days=rng.randint(5, 90))
                if day <= period.end and rng.random() < 0.75:
                    steps.append((r.id, Destroyed(day, depot, c.unit, rng.choice(("cutting", "crushing")),
                                                  witnesses[: rng.choice((2, 3))])))
            svc.record_in(uow, sorted(steps, key=lambda s: (s[1].on, s[0])))
            found_on: dict[str, dt.date] = {}
            for k in range(1, self.n_sites + 1):
                zone_geom = app.profile.governorates[k % len(pcodes)]
                poly = parse_geometry(zone_geom.geometry)
                p = poly.representative_point()
                lon, lat = p.x + rng.uniform(-0.004, 0.004), p.y + rng.uniform(-0.004, 0.004)
                kind = rng.choice(("tunnel", "tunnel", "workshop", "launch site"))
                geom = ({"type": "LineString", "coordinates": [[lon, lat], [lon + rng.uniform(0.001, 0.006),
                                                                             lat + rng.uniform(-0.004, 0.004)]]}
                        if kind == "tunnel" else {"type": "Point", "coordinates": [lon, lat]})
                found = period.start + dt.timedelta(days=rng.randint(0, span))
                found_on[f"EX-SITE-{k:03d}"] = found
                svc.register_site_in(uow, NewSite(f"EX-SITE-{k:03d}", kind, f"{EX}{kind} {k}", json.dumps(geom),
                                                  found, "U-IDN-1"))
            site_steps = []
            for k in range(1, self.n_sites + 1):
                south = app.profile.governorates[k % len(pcodes)].pcode in ("PS0275", "PS0270")
                if south or rng.random() < 0.7:  # the south is cleared first, so its phases can move on
                    site_steps.append((k, rng.randint(5, 60), rng.randint(1, 20), south))
            n_steps = len(steps)
            # site destruction and verification go through the same rules
            for k, d1, d2, south in site_steps:
                sid = f"EX-SITE-{k:03d}"
                when = found_on[sid] + dt.timedelta(days=d1)
                if when > period.end:
                    continue
                svc.destroy_site_in(uow, sid, on=when, by="U-IDN-2", method=rng.choice(("demolition", "filling")))
                n_steps += 1
                if when + dt.timedelta(days=d2) <= period.end and (south or rng.random() < 0.8):
                    svc.verify_site_in(uow, sid, on=when + dt.timedelta(days=d2), by="independent monitor")
                    n_steps += 1
            entries = len(uow.entries)
        return ExerciseResult(self.domain, len(regs) + n_steps + self.n_sites, entries)

    def remove(self, app: Custodes) -> ExerciseResult:
        result = _remove(app, self.domain, [documents, custody_steps, weapons, sites])
        with app.store.write(ACTOR, exercise=True) as uow:  # the counts are derived: recompute them
            rebuild_counts(uow.conn)
        return result


class WithdrawalExercise:
    domain = "withdrawal"

    def generate(self, app: Custodes, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rng = random.Random(f"withdrawal/{seed}")
        svc = app.withdrawal
        govs = {g.pcode: g for g in app.profile.governorates}
        with app.store.write(ACTOR, exercise=True) as uow:
            prev: str | None = None
            for i, pcode in enumerate(("PS0275", "PS0270", "PS0265", "PS0260", "PS0255"), start=1):
                share = rng.choice((0.3, 0.4, 0.5))
                ms = [Milestone("weapons_destroyed_share", pcode, share), Milestone("sites_verified", pcode),
                      Milestone("date", on=period.start + dt.timedelta(days=60 * i))]
                if prev:
                    ms.append(Milestone("phase_completed", phase=prev))
                pid = f"EX-PHASE-{i}"
                svc.define_in(uow, Phase(pid, f"{EX}phase {i}: {govs[pcode].name.en}", "zone",
                                         period.start + dt.timedelta(days=90 * i), 45, tuple(ms)),
                              govs[pcode].geometry)
                prev = pid
            entries = len(uow.entries)
        # the first phase's withdrawal is recorded as completed where its timeframe allows
        first = svc.status(period.end, ["EX-PHASE-1"])[0]
        if first.due_by is not None and first.eligible_on is not None:
            done = max(first.eligible_on, first.phase.opens or first.eligible_on) + dt.timedelta(days=20)
            if done <= period.end:
                svc.complete("EX-PHASE-1", on=done, verified_by="independent monitor", actor=ACTOR, exercise=True)
                entries += 1
        return ExerciseResult(self.domain, 5, entries)

    def remove(self, app: Custodes) -> ExerciseResult:
        return _remove(app, self.domain, [milestones, phases])
