"""The map's layers with many records: build (cold) and cached (warm) answers, and their sizes.

In process (FastAPI's test client, no network), on a fresh mission with N verified incidents spread over
the five governorates (written straight into the table: the import is bench/incidents.py's subject).
Baseline: the public incidents GeoJSON export of the same records (``GET /api/v1/incidents/export``).

    PYTHONPATH=src python bench/web_map.py [--incidents 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import insert

from custodes.accounts import passwords
from custodes.accounts.model import OrgKind
from custodes.app import Custodes
from custodes.incidents.store import incidents
from custodes.settings import Settings
from custodes.web import WebSettings, create_app

warnings.simplefilter("ignore")
from fastapi.testclient import TestClient  # noqa: E402

POINTS = [(34.50, 31.53, "PS0255"), (34.46, 31.51, "PS0260"), (34.36, 31.42, "PS0265"), (34.30, 31.35, "PS0270"),
          (34.26, 31.30, "PS0275")]
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"]


def fill(app: Custodes, n: int) -> None:
    rnd = random.Random(7)
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    rows = []
    for i in range(n):
        lon, lat, pcode = rnd.choice(POINTS)
        rows.append({
            "id": f"B{i:07d}", "seq": i + 1, "status": "verified",
            "event_date": dt.date(2025, 11, 17) + dt.timedelta(days=i % 375), "time_precision": 1,
            "event_type": rnd.choice(TYPES), "sub_event_type": "Attack", "actor1": "Actor", "assoc_actor_1": "",
            "inter1": 3, "actor2": None, "assoc_actor_2": "", "inter2": None, "civilian_targeting": False,
            "admin1": "Gaza Strip", "admin2": "", "admin3": "", "location": "", "lat": lat + rnd.uniform(-.01, .01),
            "lon": lon + rnd.uniform(-.01, .01), "geo_precision": 1, "pcode": pcode, "location_hidden": i % 3 == 0,
            "fatalities": rnd.randint(0, 3), "source": "bench", "source_scale": "", "notes": "", "tags": "",
            "reporter": None, "organisation": None, "origin": "import", "row_hash": "0" * 64, "reported_at": now,
            "updated_at": now, "exercise": False})
    with app.store.write("bench") as uow:
        for k in range(0, n, 5000):
            uow.conn.execute(insert(incidents), rows[k:k + 5000])


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    app = Custodes.open(Settings(data_dir=Path(tempfile.mkdtemp()) / "d"), create=True)
    app.init()
    app.accounts.add_org("monitor-a", OrgKind.MONITOR, "Monitor", actor="bench")
    acc = app.accounts.create_account("mon", "monitor-a", "a long bench password", actor="bench")
    mon = {"Authorization": "Bearer " + app.accounts.issue_token(acc.id, "bench", 1, actor="bench").secret}
    fill(app, args.incidents)
    api = create_app(app, WebSettings(session_secret="s" * 40))
    web = api.state.custodes_web
    rows = []
    with TestClient(api) as c:
        def cold(url: str, headers: dict[str, str] | None = None) -> Callable[[], object]:
            def go() -> object:
                web.cache.clear()
                return c.get(url, headers=headers or {})
            return go

        cases = [("baseline: GET /api/v1/incidents/export?format=geojson (public)",
                  lambda: c.get("/api/v1/incidents/export", params={"format": "geojson"})),
                 ("GET /api/v1/map/incidents, public (cold: built)", cold("/api/v1/map/incidents")),
                 ("GET /api/v1/map/incidents, public (warm: cached)", lambda: c.get("/api/v1/map/incidents")),
                 ("GET /api/v1/map/incidents, monitor, exact (cold)", cold("/api/v1/map/incidents", mon)),
                 ("GET /api/v1/map/incidents, monitor, exact (warm)",
                  lambda: c.get("/api/v1/map/incidents", headers=mon)),
                 ("GET /api/v1/map/governorates (cold)", cold("/api/v1/map/governorates")),
                 ("GET /api/v1/map/governorates (warm)", lambda: c.get("/api/v1/map/governorates"))]
        base = None
        for name, fn in cases:
            wall, cpu, r = timed(fn, args.repeat)
            size = len(r.content)  # type: ignore[attr-defined]
            sent = int(r.headers.get("content-length", size))  # type: ignore[attr-defined]
            base = base or wall
            rows.append((name, wall, cpu, size, sent, base / wall))
    print(f"{args.incidents} verified incidents; median of {args.repeat}")
    print("| request | wall ms | CPU ms | bytes | bytes sent (gzip) | x faster than baseline (wall) |\n"
          "|---|---|---|---|---|---|")
    for name, wall, cpu, size, sent, ratio in rows:
        print(f"| {name} | {wall * 1000:.1f} | {cpu * 1000:.1f} | {size:,} | {sent:,} | {ratio:.1f} |")


if __name__ == "__main__":
    main()
