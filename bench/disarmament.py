"""Benchmark: registering weapons with custody steps through the service layer, and withdrawal status.

Run:  PYTHONPATH=src python -m bench.disarmament [--weapons 100000] [--batch 5000] [--naive 2000]

1. Batched (the use case as built): each unit of work registers a batch of weapons with their collection,
   then stores and destroys them in batches; every step is journalled. Measured in custody steps per second.
2. Naive baseline, same run: one unit of work (one transaction) per registration and per step, on a sample.
3. Withdrawal status of 50 phases over all the weapons (median of 7 runs), beside a naive baseline that
   loads every weapon and counts in Python.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from custodes.app import Custodes
from custodes.disarmament.model import Collected, Destroyed, Stored, Witness
from custodes.disarmament.service import NewWeapon
from custodes.disarmament.store import weapons
from custodes.settings import Settings
from custodes.withdrawal.model import Milestone, Phase

ZONES = ("PS0255", "PS0260", "PS0265", "PS0270", "PS0275")
START = dt.date(2025, 11, 20)
W2 = (Witness("ISF", "destruction officer"), Witness("independent monitor", "observer"))
LINE = {"type": "LineString", "coordinates": [[34.30, 31.30], [34.40, 31.40]]}


def _weapon(i: int) -> tuple[NewWeapon, Collected]:
    zone = ZONES[i % len(ZONES)]
    on = START + dt.timedelta(days=i % 300)
    w = NewWeapon("assault rifle", "AKM", "7.62x39mm", "Izhmash", "RUS", 1970 + i % 40,
                  "" if i % 7 == 0 else f"B{i:08d}", zone=zone, unit="U-IDN-1")
    return w, Collected(on, f"CP-{zone}", "U-IDN-1", f"R-{i}", "group")


def _open(root: Path, name: str) -> Custodes:
    app = Custodes.open(Settings(data_dir=root / name), create=True)
    app.init()
    return app


def batched(app: Custodes, n: int, batch: int) -> tuple[int, float, float]:
    svc, steps, t0, c0 = app.disarmament, 0, time.perf_counter(), time.process_time()
    for lo in range(0, n, batch):
        items = [_weapon(i) for i in range(lo, min(n, lo + batch))]
        regs = svc.collect(items, actor="bench")
        steps += len(regs)
        stored = [(r.id, Stored(c.on + dt.timedelta(days=2), f"DEPOT-{w.zone}", "U-IDN-1"))
                  for r, (w, c) in zip(regs, items, strict=True)]
        steps += svc.record(stored, actor="bench").steps
        gone = [(r.id, Destroyed(c.on + dt.timedelta(days=30), f"DEPOT-{w.zone}", "U-IDN-1", "cutting", W2))
                for k, (r, (w, c)) in enumerate(zip(regs, items, strict=True)) if k % 5 < 3]
        steps += svc.record(gone, actor="bench").steps
    return steps, time.perf_counter() - t0, time.process_time() - c0


def naive(app: Custodes, n: int) -> tuple[int, float, float]:
    svc, steps, t0, c0 = app.disarmament, 0, time.perf_counter(), time.process_time()
    for i in range(n):
        w, c = _weapon(i)
        r = svc.register([w], actor="bench")[0]
        svc.record([(r.id, c)], actor="bench")
        svc.record([(r.id, Stored(c.on + dt.timedelta(days=2), f"DEPOT-{w.zone}", "U-IDN-1"))], actor="bench")
        steps += 2
        if i % 5 < 3:
            svc.record([(r.id, Destroyed(c.on + dt.timedelta(days=30), f"DEPOT-{w.zone}", "U-IDN-1", "cutting", W2))],
                       actor="bench")
            steps += 1
    return steps, time.perf_counter() - t0, time.process_time() - c0


def define_phases(app: Custodes, count: int = 50) -> None:
    with app.store.write("bench") as uow:
        for k in range(count):
            zone = ZONES[k % len(ZONES)]
            ms = (Milestone("weapons_destroyed_share", zone, 0.2 + 0.015 * k), Milestone("sites_verified", zone),
                  Milestone("date", on=START + dt.timedelta(days=7 * k)))
            app.withdrawal.define_in(uow, Phase(f"P{k:02d}", f"phase {k}", "line", START + dt.timedelta(days=5 * k),
                                                30, ms), LINE)


def naive_status(app: Custodes, on: dt.date) -> int:
    """Load every weapon and count per phase in Python (what one would write without grouped queries)."""
    met = 0
    with app.store.read() as conn:
        rows = conn.execute(select(weapons.c.zone, weapons.c.registered_on, weapons.c.destroyed_on)).all()
    for k in range(50):
        zone, share = ZONES[k % len(ZONES)], 0.2 + 0.015 * k
        mine = [r for r in rows if r.zone == zone and r.registered_on <= on]
        done = sorted(r.destroyed_on for r in mine if r.destroyed_on is not None and r.destroyed_on <= on)
        met += len(done) >= share * len(mine)
    return met


def timed_ms(fn: object, runs: int = 7) -> float:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t0) * 1000)
    return statistics.median(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weapons", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=5_000)
    ap.add_argument("--naive", type=int, default=2_000, help="weapons in the naive baseline's sample")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        fast = _open(root, "batched")
        s_fast, t_fast, c_fast = batched(fast, a.weapons, a.batch)
        slow = _open(root, "naive")
        s_slow, t_slow, c_slow = naive(slow, a.naive)
        r_fast, r_slow = s_fast / t_fast, s_slow / t_slow
        print(f"batched: {a.weapons} weapons, {s_fast} custody steps (+{a.weapons} registrations) in {t_fast:.1f} s"
              f" = {r_fast:,.0f} steps/s wall, {s_fast / c_fast:,.0f} steps/s of process CPU (batches of {a.batch})")
        print(f"naive:   {a.naive} weapons, {s_slow} custody steps in {t_slow:.1f} s = {r_slow:,.0f} steps/s wall, "
              f"{s_slow / c_slow:,.0f} steps/s of process CPU (one transaction per registration and per step)")
        print(f"ratio batched/naive: {r_fast / r_slow:.1f}x wall, {(s_fast / c_fast) / (s_slow / c_slow):.1f}x CPU")
        define_phases(fast)
        on = START + dt.timedelta(days=400)
        statuses = fast.withdrawal.status(on)
        ms = timed_ms(lambda: fast.withdrawal.status(on))
        ms_naive = timed_ms(lambda: naive_status(fast, on), runs=3)
        print(f"withdrawal status of {len(statuses)} phases over {a.weapons} weapons: {ms:.1f} ms (median of 7); "
              f"naive (load every weapon, count in Python): {ms_naive:.0f} ms; ratio {ms_naive / ms:.1f}x")
        counts: dict[str, int] = {}
        for s in statuses:
            counts[s.status.value] = counts.get(s.status.value, 0) + 1
        print("statuses:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
