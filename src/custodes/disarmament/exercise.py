"""Exercise data for disarmament: weapons through their custody chain, and sites (deterministic per seed).

Everything is labelled exercise (``exercise = true``, ``"ex": true``, names start with ``(exercise)``). The
weapons are handed to the force exercise's units (:mod:`custodes.force.exercise`), which run first.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence

from custodes.disarmament.model import Collected, Destroyed, Stored, Transferred, Witness
from custodes.disarmament.service import DisarmamentService, NewSite, NewWeapon
from custodes.disarmament.store import custody_steps, documents, rebuild_counts, sites, weapons
from custodes.exercise import ACTOR, ExercisePeriod, ExerciseResult, withdraw, withdrawn_kind
from custodes.exercise import LABEL as EX
from custodes.force.exercise import NORTH
from custodes.geo.io import parse_geometry
from custodes.ledger.disclosure import publishes
from custodes.profiles.model import Governorate
from custodes.storage.uow import Store

__all__ = ["DisarmamentExercise"]

publishes(withdrawn_kind("disarmament"), "table", "ids")

MODELS = {"assault rifle": [("AKM", "7.62x39mm", "Izhmash", "RUS"), ("Type 56", "7.62x39mm", "Norinco", "CHN"),
                            ("M16A1", "5.56x45mm", "Colt", "USA")],
          "pistol": [("TT-33", "7.62x25mm", "Tula Arms", "RUS"), ("M1911", ".45 ACP", "Colt", "USA")],
          "rocket launcher": [("RPG-7", "40mm", "Bazalt", "RUS")],
          "machine gun": [("PKM", "7.62x54mmR", "Degtyarev", "RUS")]}


class DisarmamentExercise:
    """Disarmament's generator: weapons through custody to destruction, and sites found, destroyed, verified."""

    domain = "disarmament"

    def __init__(self, store: Store, disarmament: DisarmamentService, governorates: Sequence[Governorate], *,
                 weapons: int = 2000, sites: int = 40) -> None:
        self.store = store
        self.disarmament, self.governorates = disarmament, governorates
        self.n_weapons, self.n_sites = weapons, sites

    def generate(self, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rng = random.Random(f"disarmament/{seed}")
        svc = self.disarmament
        span = max((period.end - period.start).days, 1)
        pcodes = [g.pcode for g in self.governorates]
        units = {p: (f"U-IDN-{1 + i % 3}" if p not in NORTH else f"U-AZE-{1 + i % 3}") for i, p in enumerate(pcodes)}
        witnesses = (Witness("ISF", "destruction officer"), Witness("Palestinian committee", "observer"),
                     Witness("independent monitor", "observer"))
        with self.store.write(ACTOR, exercise=True) as uow:
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
                zone_geom = self.governorates[k % len(pcodes)]
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
                south = self.governorates[k % len(pcodes)].pcode in ("PS0275", "PS0270")
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

    def remove(self) -> ExerciseResult:
        with self.store.write(ACTOR, exercise=True) as uow:
            n = withdraw(uow, self.domain, [documents, custody_steps, weapons, sites])
            rebuild_counts(uow.conn)  # the per-zone counts are derived: recompute them
            return ExerciseResult(self.domain, n, len(uow.entries))
