"""Benchmark of report generation over many consignments and incidents (target: under 15 s at 1,000,000
consignments and 100,000 incidents).

Run from the worktree: ``PYTHONPATH=src python bench/reports.py [--consignments 1000000] [--incidents 100000]
[--dir DIR]``; with ``--dir`` the mission is kept there and a second run reuses it (writing two million
journal entries takes minutes; the report is what is timed).
Journal entries are written directly in the shape the services journal (``aid.consignment_registered``
then ``aid.consignment_moved`` to ``entered``; ``incidents.reported`` then ``incidents.verified``), in
bulk through the sequencer, then the log is integrated; timed apart: integration, folding the figures
from the journal, the whole HTML report, an Arabic PDF, and ``verify`` from the tiles, each with its wall and
CPU seconds and the load average. ``--imported`` journals the same numbers as the importers do (rows of
figure fields in ``aid.consignments_imported`` and ``incidents.imported`` entries). Prints one JSON document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from custodes.aid.imports import JOURNAL_COLUMNS as AID_COLUMNS
from custodes.app import Custodes
from custodes.import_journal import sized_batches
from custodes.incidents.exchange import JOURNAL_COLUMNS as INCIDENT_COLUMNS
from custodes.ledger.sequencer import PendingEntry
from custodes.ledger.tiles import dir_fetch
from custodes.reports.figures import Period
from custodes.reports.service import verify
from custodes.settings import Settings

PERIOD = Period(dt.date(2026, 5, 18), dt.date(2026, 11, 17))
TYPES = ["Battles", "Explosions/Remote violence", "Protests", "Riots", "Violence against civilians"]


def _fill_imported(app: Custodes, consignments: int, incidents: int) -> None:
    """The same numbers as agencies' line lists and an ACLED file would be journalled by the importers:
    ``aid.consignments_imported`` and ``incidents.imported`` entries with rows sized to the entry limit."""
    rng = random.Random(2803)
    crossings = [c.id for c in app.profile.crossings]
    pcodes = [g.pcode for g in app.profile.governorates]
    days = (PERIOD.end - PERIOD.start).days + 1
    units = [("Truck", True), ("Pallets", False), ("MT", False)]
    at = dt.datetime.combine(PERIOD.end, dt.time(12), tzinfo=dt.UTC)
    batch: list[PendingEntry] = []
    rows: list[list[Any]] = []
    for i in range(consignments):
        day = (PERIOD.start + dt.timedelta(days=rng.randrange(days))).isoformat()
        unit, trucks = rng.choice(units)
        q = rng.randint(1, 30)
        rows.append([f"bench:{i}", f"{i:064x}", day, rng.choice(crossings), "Land Crossings", "Food Items", str(q),
                     unit, q if trucks else None, str(q) if unit == "MT" else None, "entered"])
    header = {"source": "bench", "file": "bench.csv", "file_sha256": "sha256:" + "0" * 64, "first_line": 0,
              "last_line": 0, "count": 0, "columns": list(AID_COLUMNS)}
    for b in sized_batches(rows, lambda r: r, header, line=lambda r: 0, source="bench", actor="bench"):
        batch.append(PendingEntry("aid.consignments_imported", {**header, "count": len(b), "rows": b}, at, "bench"))
    rows = []
    for i in range(incidents):
        day = (PERIOD.start + dt.timedelta(days=rng.randrange(days))).isoformat()
        rows.append([f"BI{i:07d}", f"{i:064x}", day, rng.choice(TYPES), "", rng.choice(pcodes), rng.randint(0, 3)])
    header = {"source": "bench.csv", "source_sha256": "0" * 64, "format": "acled", "status": "reported",
              "batch": 0, "of": 0, "columns": list(INCIDENT_COLUMNS)}
    for b in sized_batches(rows, lambda r: r, header, line=lambda r: 0, source="bench", actor="bench"):
        batch.append(PendingEntry("incidents.imported", {**header, "rows": b}, at, "bench"))
    verified = [PendingEntry("incidents.verified", {"id": r[0], "from": "under_review", "to": "verified"}, at, "bench")
                for r in rows if rng.random() < 0.6]
    with app.store.write("bench") as uow:
        uow.append_many(batch)
    for i in range(0, len(verified), 20000):
        with app.store.write("bench") as uow:
            uow.append_many(verified[i:i + 20000])


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


def _timed(out: dict[str, Any], name: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn``, recording its wall and CPU seconds (CPU: this process) and the load average after it."""
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    out[name] = {"wall_s": round(time.perf_counter() - w, 2), "cpu_s": round(time.process_time() - c, 2),
                 "load_average": [round(x, 2) for x in os.getloadavg()]}
    return result


def run(data_dir: Path, consignments: int, incidents: int, imported: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                           "consignments": consignments, "incidents": incidents,
                           "journalled_as": "imports" if imported else "one record per entry",
                           "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    fresh = not (data_dir / "custodes.sqlite3").exists()
    app = Custodes.open(Settings(data_dir=data_dir), create=fresh)
    if fresh:
        app.init()
        fill = _fill_imported if imported else _fill
        _timed(out, "write_journal", lambda: fill(app, consignments, incidents))
        _timed(out, "integrate", lambda: app.integrator().integrate(batch_size=65536))
    else:
        out["reused"] = str(data_dir)
    figs, _ = _timed(out, "fold_figures", lambda: app.reports.figures_at(PERIOD))
    out["entries"] = figs.checkpoint.size
    actor = app.settings.actor
    report = _timed(out, "report_html",
                    lambda: app.reports.generate(PERIOD, actor=actor, lang="en", fmt="html", submit=False))
    _timed(out, "report_pdf_ar", lambda: app.reports.generate(PERIOD, actor=actor, lang="ar", fmt="pdf", submit=False))
    page = data_dir / "bench-report.html"
    page.write_bytes(report.content)
    out["verify_ok"] = _timed(out, "verify", lambda: verify(page, dir_fetch(app.settings.log_dir),
                                                            app.log_verifier()).ok)
    out["target_s"] = 15
    out["report_html_to_target"] = round(out["report_html"]["wall_s"] / 15, 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--consignments", type=int, default=1_000_000)
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--dir", type=Path, default=None, help="keep (or reuse) the mission in this directory")
    ap.add_argument("--imported", action="store_true",
                    help="journal them as the importers do (line lists, ACLED files) instead of one entry each")
    args = ap.parse_args()
    if args.dir is not None:
        print(json.dumps(run(args.dir, args.consignments, args.incidents, args.imported), indent=2))
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(Path(tmp) / "data", args.consignments, args.incidents, args.imported), indent=2))


if __name__ == "__main__":
    main()
