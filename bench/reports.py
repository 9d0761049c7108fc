"""Benchmark of report generation over many consignments and incidents (target: under 15 s at 1,000,000
consignments and 100,000 incidents).

Run from the worktree: ``PYTHONPATH=src python bench/reports.py [--consignments 100000] [--incidents 10000]``.
Journal entries are written directly in the shape the services journal (``aid.consignment_registered``
then ``aid.consignment_moved`` to ``entered``; ``incidents.reported`` then ``incidents.verified``), in
bulk through the sequencer, then the log is integrated; timed apart: integration, folding the figures
from the journal, the whole HTML report, and ``verify`` from the tiles. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from custodes.app import Custodes
from custodes.ledger.sequencer import PendingEntry
from custodes.ledger.tiles import dir_fetch
from custodes.reports.figures import Period
from custodes.reports.service import figures_at, generate, verify
from custodes.settings import Settings

PERIOD = Period(dt.date(2026, 5, 18), dt.date(2026, 11, 17))
TYPES = ["Battles", "Explosions/Remote violence", "Protests", "Riots", "Violence against civilians"]


def _fill(app: Custodes, consignments: int, incidents: int, chunk: int = 20000) -> None:
    rng = random.Random(2803)
    crossings = [c.id for c in app.profile.crossings]
    pcodes = [g.pcode for g in app.profile.governorates]
    days = (PERIOD.end - PERIOD.start).days + 1
    batch: list[PendingEntry] = []

    def flush() -> None:
        with app.store.write("bench") as uow:
            uow.append_many(batch)
        batch.clear()

    for i in range(consignments):
        day = PERIOD.start + dt.timedelta(days=rng.randrange(days))
        at = dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)
        cid = f"B{i:07d}"
        trucks = rng.randint(1, 30)
        rec: dict[str, Any] = {"id": cid, "state": "registered", "source": "manual", "date": day.isoformat(),
                               "crossing": rng.choice(crossings), "category": "food", "description": "",
                               "quantity": str(trucks), "unit": "trucks", "trucks": trucks,
                               "tonnes": str(trucks * 15), "donor": "", "agency": "WFP", "destination": "",
                               "intercepted_by": None, "exercise": False}
        batch.append(PendingEntry("aid.consignment_registered", rec, at, "bench"))
        batch.append(PendingEntry("aid.consignment_moved", {"id": cid, "action": "enter", "from": "offloaded",
                                                            "to": "entered", "by": None, "note": ""},
                                  at + dt.timedelta(hours=3), "bench"))
        if len(batch) >= chunk:
            flush()
    for i in range(incidents):
        day = PERIOD.start + dt.timedelta(days=rng.randrange(days))
        at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        iid = f"BI{i:07d}"
        lat, lon = 31.25 + rng.random() * 0.3, 34.25 + rng.random() * 0.25
        batch.append(PendingEntry("incidents.reported", {
            "id": iid, "event_date": day.isoformat(), "event_type": rng.choice(TYPES), "sub_event_type": "",
            "pcode": rng.choice(pcodes), "fatalities": rng.randint(0, 3), "geo_precision": 1,
            "location": {"lat": f"{lat:.4f}", "lon": f"{lon:.4f}", "location": ""}, "location_exact": None,
            "reporter": None, "anonymous": True, "organisation": None, "source": "", "notes": ""}, at, "bench"))
        if rng.random() < 0.6:
            batch.append(PendingEntry("incidents.verified", {"id": iid, "from": "under_review", "to": "verified"},
                                      at + dt.timedelta(days=1), "bench"))
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--consignments", type=int, default=100_000)
    ap.add_argument("--incidents", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = Custodes.open(Settings(data_dir=Path(tmp) / "data"), create=True)
        app.init()
        t0 = time.perf_counter()
        _fill(app, args.consignments, args.incidents)
        t1 = time.perf_counter()
        app.integrator().integrate(batch_size=65536)
        t2 = time.perf_counter()
        figs, _ = figures_at(app, PERIOD)
        t3 = time.perf_counter()
        report = generate(app, PERIOD, lang="en", fmt="html", submit=False)
        t4 = time.perf_counter()
        page = Path(tmp) / "r.html"
        page.write_bytes(report.content)
        ok = verify(page, dir_fetch(app.settings.log_dir), app.log_verifier()).ok
        t5 = time.perf_counter()
        scale = 1_000_000 / max(args.consignments, 1)
        out = {
            "python": platform.python_version(), "consignments": args.consignments, "incidents": args.incidents,
            "entries": figs.checkpoint.size, "write_journal_s": round(t1 - t0, 2), "integrate_s": round(t2 - t1, 2),
            "fold_figures_s": round(t3 - t2, 2), "report_html_s": round(t4 - t3, 2), "verify_s": round(t5 - t4, 2),
            "verify_ok": ok,
            # folding grows with the entries; rendering (charts, map, template) does not
            "report_estimated_at_1M_s": round((t3 - t2) * scale + max(0.0, (t4 - t3) - (t3 - t2)), 1),
            "target_s": 15,
            "ratio_to_target": round(((t3 - t2) * scale + max(0.0, (t4 - t3) - (t3 - t2))) / 15, 2),
        }
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
