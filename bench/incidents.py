"""Benchmark: ACLED-format import (100,000 rows) and the ceasefire view, against a naive baseline.

Run: ``PYTHONPATH=src python -m bench.incidents [--rows 100000] [--baseline-rows 1000]``

The baseline reads with ``csv.DictReader`` and writes one row per transaction (one unit of work and one
journal entry per row, as a service call per row would). It runs on fewer rows, since at its speed
100,000 rows take minutes; the ratio compares rows per second. The naive ceasefire view loads every
row into Python and counts in a dict.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select, update

from custodes.app import Custodes
from custodes.incidents.acled import COLUMNS, parse_row, row_hash
from custodes.incidents.ceasefire import ceasefire_view
from custodes.incidents.exchange import import_incidents
from custodes.incidents.model import Status
from custodes.incidents.sample import sample_rows
from custodes.incidents.store import incidents
from custodes.settings import Settings


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(rows)


def _app(root: Path, name: str) -> Custodes:
    a = Custodes.open(Settings(data_dir=root / name), create=True)
    a.init()
    return a


def naive_import(app: Custodes, path: Path) -> int:
    svc = app.incidents
    n = 0
    with path.open(newline="", encoding="utf-8") as f:
        for line, raw in enumerate(csv.DictReader(f), start=2):
            values = parse_row({k: (v or "").strip() for k, v in raw.items()}, line, str(path), svc.gazetteer.locate)
            h = row_hash(values)
            with app.store.write("bench") as uow:
                seq = n + 1
                uow.conn.execute(insert(incidents).values(
                    **values, seq=seq, status=Status.REPORTED.value, location_hidden=False, reporter=None,
                    organisation=None, origin="import", row_hash=h, reported_at=uow.now, updated_at=uow.now))
                uow.append("incidents.imported", {"events": [[values["id"], h]]})
            n += 1
    return n


def naive_view(app: Custodes, start: dt.date, end: dt.date) -> int:
    counts: collections.Counter[tuple[object, ...]] = collections.Counter()
    with app.store.read() as conn:
        for r in conn.execute(select(incidents)):
            if start <= r.event_date <= end:
                counts[(r.event_date, r.event_type, r.pcode, r.status)] += 1
    return len(counts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--baseline-rows", type=int, default=1_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big, small = root / "acled.csv", root / "acled_small.csv"
        rows = sample_rows(args.rows, seed=1)
        _write(big, rows)
        _write(small, rows[: args.baseline_rows])

        fast = _app(root, "fast")
        t, c = time.perf_counter(), time.process_time()
        r = import_incidents(fast.incidents, big, "bench")
        t_imp, c_imp = time.perf_counter() - t, time.process_time() - c
        assert r.added == args.rows, r
        t = time.perf_counter()
        r2 = import_incidents(fast.incidents, big, "bench")
        t_re = time.perf_counter() - t
        assert r2.added == 0 and r2.unchanged == args.rows
        start, end = dt.date(2025, 11, 17), dt.date(2026, 11, 27)
        # the view's worst case: every incident verified (set directly in the bench database; in service
        # each one would have gone through review and independent confirmations)
        with fast.store.engine.begin() as conn:
            conn.execute(update(incidents).values(status=Status.VERIFIED.value))
        ceasefire_view(fast.store, start, end)  # warm
        t, c = time.perf_counter(), time.process_time()
        v = ceasefire_view(fast.store, start, end)
        t_view, c_view = time.perf_counter() - t, time.process_time() - c

        slow = _app(root, "slow")
        t = time.perf_counter()
        naive_import(slow, small)
        t_naive = time.perf_counter() - t
        t = time.perf_counter()
        naive_view(fast, start, end)
        t_nview = time.perf_counter() - t

    fast_rate, naive_rate = args.rows / t_imp, args.baseline_rows / t_naive
    print(f"machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"import {args.rows:,} ACLED rows: {t_imp:.2f} s wall = {fast_rate:,.0f} rows/s "
          f"(CPU time {c_imp:.2f} s = {args.rows / c_imp:,.0f} rows/s; {r.entries} journal entries); "
          f"re-import (adds nothing): {t_re:.2f} s")
    print(f"baseline csv.DictReader + one transaction per row ({args.baseline_rows:,} rows): {t_naive:.2f} s = "
          f"{naive_rate:,.0f} rows/s; ratio {fast_rate / naive_rate:.1f}x")
    print(f"ceasefire view over {args.rows:,} incidents: {t_view * 1000:.0f} ms wall, {c_view * 1000:.0f} ms CPU "
          f"({len(v.verified)} verified rows, pending {sum(v.pending.values()):,}); "
          f"baseline (load all rows, count in Python): {t_nview * 1000:.0f} ms; ratio {t_nview / t_view:.1f}x")


if __name__ == "__main__":
    main()
