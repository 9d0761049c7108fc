"""Benchmark of the aid module: UNRWA import, safe-route queries (vs networkx), summary over 1M consignments.

Run from the worktree: ``PYTHONPATH=src python bench/aid.py [--queries 200] [--nx-queries 40] [--rows 1000000]``
(``--only import`` runs the UNRWA import alone).
Prints one JSON document; docs/benchmarks.md records the results with the command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
from shapely.geometry import LineString, Point

from custodes.aid.imports import import_file, insert_rows
from custodes.aid.summary import summarise
from custodes.app import Custodes
from custodes.geo.pathfinding import RoadGraph
from custodes.geo.zones import Zone
from custodes.settings import Settings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
UNRWA = DATA / "unrwa_gaza_commodities_received_2023-10-21_2024-09-30.csv"
T0 = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)


def _app(root: Path) -> Custodes:
    app = Custodes.open(Settings(data_dir=root), create=True)
    app.init()
    return app


def bench_import(root: Path) -> dict[str, float]:
    app = _app(root / "import")
    t, c = time.perf_counter(), time.process_time()
    res = import_file(app.store, "bench", UNRWA, "unrwa")
    secs, cpu = time.perf_counter() - t, time.process_time() - c
    t = time.perf_counter()
    again = import_file(app.store, "bench", UNRWA, "unrwa")
    secs2 = time.perf_counter() - t
    assert res.added == 37373 and again.added == 0
    return {"rows": res.added, "seconds": round(secs, 3), "rows_per_s": round(res.added / secs),
            "cpu_seconds": round(cpu, 3), "rows_per_cpu_s": round(res.added / cpu),
            "journal_entries": res.entries, "reimport_seconds": round(secs2, 3), "target_rows_per_s": 20000}


def road_graph(side: int, seed: int) -> RoadGraph:
    """A jittered street grid over the Gaza Strip's extent (side x side nodes, ~15 % of links missing)."""
    rnd = random.Random(seed)
    step = 0.4 / side
    ij = np.arange(side * side)
    lon = 34.2 + (ij % side) * step + np.array([rnd.uniform(-step / 4, step / 4) for _ in ij])
    lat = 31.2 + (ij // side) * step + np.array([rnd.uniform(-step / 4, step / 4) for _ in ij])
    us, vs = [], []
    for i in range(side * side):
        if i % side < side - 1 and rnd.random() < 0.85:
            us.append(i)
            vs.append(i + 1)
        if i + side < side * side and rnd.random() < 0.85:
            us.append(i)
            vs.append(i + side)
    return RoadGraph(lon, lat, np.array(us), np.array(vs))


def _stats(ts: list[float]) -> dict[str, float]:
    ts = sorted(ts)
    return {"median_ms": round(statistics.median(ts) * 1000, 3),
            "p99_ms": round(ts[min(len(ts) - 1, int(len(ts) * 0.99))] * 1000, 3), "n": len(ts)}


def bench_routes(queries: int, nx_queries: int, side: int) -> dict[str, object]:
    t = time.perf_counter()
    g = road_graph(side, 7)
    build = time.perf_counter() - t
    rnd = random.Random(8)
    zones = []
    for i in range(20):
        n = rnd.randrange(g.nodes)
        zones.append(Zone(f"z{i}", f"z{i}", "hazard", Point(g.lon[n], g.lat[n]).buffer(rnd.uniform(0.002, 0.008)),
                          T0, None, "bench"))
    t = time.perf_counter()
    g.node_path(0, 1, zones)  # builds and caches the graph without the zones' segments
    first = time.perf_counter() - t
    _, inside = g._without(zones)
    free = [i for i in range(g.nodes) if i not in inside]
    pairs = [(rnd.choice(free), rnd.choice(free)) for _ in range(queries)]
    ours: list[float] = []
    ours_cpu: list[float] = []
    lengths: dict[tuple[int, int], float] = {}
    for s, d in pairs:
        t, c = time.perf_counter(), time.process_time()
        path = g.node_path(s, d, zones)
        ours.append(time.perf_counter() - t)
        ours_cpu.append(time.process_time() - c)
        if path is not None:
            lengths[(s, d)] = sum(float(g.graph.get_edge_data(a, b)) for a, b in itertools.pairwise(path))
    # networkx on the same graph without the same blocked segments
    geoms = [z.geometry for z in zones]
    blocked = set()
    for i in range(g.edges):
        seg = LineString([(g.lon[g.u[i]], g.lat[g.u[i]]), (g.lon[g.v[i]], g.lat[g.v[i]])])
        if any(seg.intersects(z) for z in geoms):
            blocked.add(i)
    G = nx.Graph()
    G.add_nodes_from(range(g.nodes))
    G.add_weighted_edges_from((int(g.u[i]), int(g.v[i]), float(g.length[i])) for i in range(g.edges)
                              if i not in blocked)
    theirs: list[float] = []
    theirs_cpu: list[float] = []
    agree = 0
    for s, d in pairs[:nx_queries]:
        t, c = time.perf_counter(), time.process_time()
        try:
            path = nx.shortest_path(G, s, d, weight="weight")
        except nx.NetworkXNoPath:
            path = None
        theirs.append(time.perf_counter() - t)
        theirs_cpu.append(time.process_time() - c)
        if path is not None and (s, d) in lengths:
            want = sum(G[a][b]["weight"] for a, b in itertools.pairwise(path))
            agree += abs(want - lengths[(s, d)]) < 1e-6 * max(want, 1)
        elif path is None and (s, d) not in lengths:
            agree += 1
    o, x = _stats(ours), _stats(theirs)
    return {"graph": {"nodes": g.nodes, "edges": g.edges, "zones": len(zones), "blocked_edges": len(blocked),
                      "build_s": round(build, 2), "first_query_with_zones_s": round(first, 3)},
            "custodes_rustworkx_astar": o, "networkx_shortest_path": x,
            "speedup_median": round(x["median_ms"] / o["median_ms"], 1),
            "cpu_time": {"custodes": _stats(ours_cpu), "networkx": _stats(theirs_cpu),
                         "speedup_median": round(statistics.median(theirs_cpu) / statistics.median(ours_cpu), 1)},
            "same_length_as_networkx": f"{agree}/{min(nx_queries, len(pairs))}",
            "target": "median < 2 ms and >= 10x networkx"}


def bench_summary(root: Path, rows: int) -> dict[str, object]:
    app = _app(root / "summary")
    rnd = random.Random(3)
    crossings = [c.id for c in app.profile.crossings]
    units = ["Pallets", "Truck", "MT", "trucks", "Piece"]
    states = ["entered", "delivered", "intercepted", "collected"]
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    day0 = dt.date(2025, 11, 17)
    t = time.perf_counter()
    batch = 50_000
    with app.store.write("bench") as uow:
        for start in range(0, rows, batch):
            chunk = []
            for k in range(start, min(rows, start + batch)):
                unit = units[k % 5]
                q = float(rnd.randint(1, 40))
                chunk.append({"id": f"b{k}", "source": "bench", "source_ref": str(k), "state": states[k % 4],
                              "date": day0 + dt.timedelta(days=k % 375), "crossing": crossings[k % 7],
                              "route": "Land Crossings", "category": "food", "description": "", "quantity": q,
                              "unit": unit, "trucks": int(q) if unit in ("Truck", "trucks") else None,
                              "tonnes": q if unit == "MT" else None, "donor": "", "agency": "", "destination": "",
                              "intercepted_by": None, "row_hash": None, "updated_at": now, "exercise": False})
            insert_rows(uow.conn, chunk)
        uow.append("bench.rows_generated", {"rows": rows})
    fill = time.perf_counter() - t
    with app.store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    out: dict[str, object] = {"rows": rows, "fill_s": round(fill, 1)}
    for by in (["crossing", "unit"], ["crossing"], ["day"]):
        ts, cs = [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            s = summarise(app.store, by)
            ts.append(time.perf_counter() - t)
            cs.append(time.process_time() - c)
        assert sum(r[len(by)] for r in s.rows) == rows
        out[",".join(by)] = {"median_s": round(statistics.median(ts), 3),
                             "cpu_median_s": round(statistics.median(cs), 3), "groups": len(s.rows)}
    out["target"] = "< 1 s"
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--nx-queries", type=int, default=40)
    ap.add_argument("--side", type=int, default=224, help="grid side: side*side nodes (224 -> 50,176)")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--only", choices=["import"], help="run one section only (the UNRWA import)")
    args = ap.parse_args()
    result: dict[str, object] = {"python": sys.version.split()[0], "machine": platform.machine(),
                                 "cpus": __import__("os").cpu_count(),
                                 "load_avg_at_start": list(__import__("os").getloadavg())}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        result["unrwa_import"] = bench_import(root)
        if args.only == "import":
            result["load_avg_at_end"] = list(__import__("os").getloadavg())
            print(json.dumps(result, indent=2))
            return
        result["routes"] = bench_routes(args.queries, args.nx_queries, args.side)
        result["summary"] = bench_summary(root, args.rows)
    result["load_avg_at_end"] = list(__import__("os").getloadavg())
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
