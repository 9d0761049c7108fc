"""How fast the dashboard and portal pages are ready in a real browser, with a large mission loaded.

Issue 9: with 1,000,000 consignments and 100,000 incidents loaded, every page ready in under 1 second
(measured here, recorded in docs/benchmarks.md; never asserted by a test). Side by side in the same run:
the same pages on the same mission before the bulk data is loaded (the baseline), so the ratio shows what
the data costs.

    PYTHONPATH=src python bench/pages.py [--consignments 1000000] [--incidents 100000] [--loads 3]

The mission: ``custodes init``, the exercise data, one account per role; then consignments written in bulk
through the aid module's bulk insert (with its running totals), and incidents through the real ACLED
importer (generated sample rows, verified in bulk as in bench/incidents.py). ``custodes serve`` serves it;
Debian's Chromium (Playwright) opens every page that takes no parameter: as the public, and signed in as
an aid agency, the force headquarters and a monitor. "Ready" is measured by the browser from the navigation's start: the
later of the load event and the end of the last request the page made (maps' and charts' data), once the
network is idle.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import update

from custodes.accounts.model import Role
from custodes.aid.imports import insert_rows
from custodes.app import Custodes
from custodes.demo import ROLE_ORGS, add_role_accounts, role_username
from custodes.incidents.acled import COLUMNS
from custodes.incidents.exchange import import_incidents
from custodes.incidents.model import Status
from custodes.incidents.sample import sample_rows
from custodes.incidents.store import incidents
from custodes.settings import Settings
from custodes.web.app import route_table
from custodes.web.problems import API_PREFIXES

PASSWORD = "benchmark password for pages"
ROLES = (Role.AID_AGENCY, Role.FORCE_HQ, Role.MONITOR)
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-extensions", "--no-first-run"]


def make_mission(data: Path) -> Custodes:
    app = Custodes.open(Settings(data_dir=data), create=True)
    app.init()
    app.exercise(2803)
    add_role_accounts(app, "bench", PASSWORD, {role: ROLE_ORGS[role] for role in ROLES})
    return app


def load_bulk(app: Custodes, consignments: int, n_incidents: int, tmp: Path) -> dict[str, float]:
    rnd = random.Random(9)
    crossings = [c.id for c in app.profile.crossings]
    states = ["entered", "delivered", "intercepted", "collected", "registered", "cleared"]
    now = dt.datetime.now(dt.UTC)
    day0 = dt.date(2025, 11, 17)
    t = time.perf_counter()
    with app.store.write("bench") as uow:
        for start in range(0, consignments, 50_000):
            chunk = []
            for k in range(start, min(consignments, start + 50_000)):
                trucks = rnd.randint(1, 30)
                chunk.append({"id": f"bulk:{k}", "source": "bench", "source_ref": str(k), "state": states[k % 6],
                              "date": day0 + dt.timedelta(days=k % 375), "crossing": crossings[k % len(crossings)],
                              "route": None, "category": "food", "description": "", "quantity": float(trucks),
                              "unit": "trucks", "trucks": trucks, "tonnes": None, "donor": "", "agency": "agency-a",
                              "destination": "", "intercepted_by": None, "row_hash": None, "updated_at": now,
                              "exercise": False})
            insert_rows(uow.conn, chunk)
        uow.append("bench.rows_generated", {"consignments": consignments})
    t_consignments = time.perf_counter() - t
    path = tmp / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(sample_rows(n_incidents, seed=5))
    t = time.perf_counter()
    import_incidents(app.incidents, path, "bench")
    with app.store.engine.begin() as conn:  # the portal shows verified incidents: the worst case is all of them
        conn.execute(update(incidents).values(status=Status.VERIFIED.value))
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("ANALYZE")
    return {"consignments_s": round(t_consignments, 1), "incidents_s": round(time.perf_counter() - t, 1)}


def page_paths(app: Custodes) -> list[str]:
    """Every page (not the API, the log or static files) that takes no path parameter."""
    from custodes.web import WebSettings, create_app

    api = create_app(app, WebSettings(session_secret="x" * 40))
    return sorted({p for m, p, _, _ in route_table(api) if m == "GET" and "{" not in p
                   and not p.startswith(API_PREFIXES) and p not in ("/login",)})


def serve(data: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, CUSTODES_DATA_DIR=str(data), CUSTODES_SESSION_SECRET="bench-" + "s" * 40)
    server = subprocess.Popen([sys.executable, "-m", "custodes", "serve", "--port", str(port), "--log-level",
                               "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/log/checkpoint")
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def measure(browser: Any, url: str, paths: list[str], loads: int) -> dict[str, dict[str, float]]:
    """Per (role, path): median milliseconds until loaded and until the network is idle, and HTTP status."""
    out: dict[str, dict[str, float]] = {}
    for role in (Role.PUBLIC, *ROLES):
        context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        if role is not Role.PUBLIC:
            page.goto("/login")
            page.fill("#username", role_username(role))
            page.fill("#password", PASSWORD)
            page.click("form[action='/login'] button[type=submit]")
            page.wait_for_url("**/dashboard**")
        for path in paths:
            ready, loaded, status = [], [], 0
            for _ in range(loads):
                answer = page.goto(path, wait_until="networkidle")
                status = answer.status if answer else 0
                if not page.url.split("?")[0].endswith(path):
                    status = 303  # sent elsewhere (the sign-in form): not this role's page
                # from the navigation's start: the load event, and the end of the last request (maps, charts)
                load, last = page.evaluate(
                    "[performance.getEntriesByType('navigation')[0].loadEventEnd,"
                    " Math.max(0, ...performance.getEntriesByType('resource').map(r => r.responseEnd))]")
                loaded.append(load)
                ready.append(max(load, last))
            if status == 200:
                out[f"{role.value} {path}"] = {"load_ms": statistics.median(loaded),
                                               "ready_ms": statistics.median(ready)}
        context.close()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def run(data: Path, loads: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    app = Custodes.open(Settings(data_dir=data))
    paths = page_paths(app)
    port = free_port()
    server = serve(data, port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=os.environ.get("CUSTODES_CHROMIUM", "/usr/bin/chromium"),
                                         args=CHROMIUM_ARGS)
            try:
                return measure(browser, f"http://127.0.0.1:{port}", paths, loads)
            finally:
                browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--consignments", type=int, default=1_000_000)
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--loads", type=int, default=3, help="loads of each page (the median is kept)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        app = make_mission(data)
        app.integrator().integrate()
        app.store.engine.dispose()
        base = run(data, args.loads)
        fill = load_bulk(app, args.consignments, args.incidents, Path(tmp))
        app.integrator().integrate()
        app.store.engine.dispose()
        big = run(data, args.loads)
    print(f"fill: {fill}; load average {os.getloadavg()[0]:.1f}")
    print(f"| page (as) | empty mission: load ms | ready ms | {args.consignments:,} consignments + "
          f"{args.incidents:,} incidents: load ms | ready ms | ratio (ready) |")
    print("|---|---|---|---|---|---|")
    for key in sorted(big):
        b, g = base.get(key, {}), big[key]
        ratio = g["ready_ms"] / b["ready_ms"] if b.get("ready_ms") else float("nan")
        print(f"| {key} | {b.get('load_ms', float('nan')):.0f} | {b.get('ready_ms', float('nan')):.0f} | "
              f"{g['load_ms']:.0f} | {g['ready_ms']:.0f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
