"""Load benchmark of the web service on loopback: reads and one write, 16 and 64 concurrent clients.

Starts ``custodes serve`` (one uvicorn process) on a fresh mission (SQLite, or PostgreSQL with
``--postgres URL``), then drives it with an httpx async client for a bounded time per scenario and prints
throughput, p50, p99 and errors, side by side with the targets of issue 8 and with a floor: a file
served by the same server with no database work (``/log/checkpoint``).

    PYTHONPATH=src python bench/web.py --seconds 5 [--postgres postgresql+psycopg://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import sqlalchemy as sa

TARGETS = {"read": 5000.0, "write": 1000.0}
SCENARIOS = [
    ("floor: GET /log/checkpoint (file, no database)", "GET", "/log/checkpoint", "read"),
    ("read: GET /api/v1/mission/status", "GET", "/api/v1/mission/status", "read"),
    ("read: GET /api/v1/journal?limit=50 (pages)", "GET", "/api/v1/journal", "read"),
    ("write: POST /api/v1/auth/tokens (journalled)", "POST", "/api/v1/auth/tokens", "write"),
]


def run_cli(env: dict[str, str], *args: str, pw: str | None = None) -> str:
    e = dict(env, PW=pw or "")
    out = subprocess.run([sys.executable, "-m", "custodes", *args], env=e, check=True, capture_output=True, text=True)
    return out.stdout


def prepare(data: Path, db_url: str | None) -> tuple[dict[str, str], str]:
    env = dict(os.environ, CUSTODES_DATA_DIR=str(data))
    if db_url:
        env["CUSTODES_DATABASE_URL"] = db_url
    run_cli(env, "init")
    run_cli(env, "org", "add", "secretariat", "--kind", "secretariat", "--name", "Secretariat")
    run_cli(env, "accounts", "create", "bench", "--org", "secretariat", "--password-env", "PW", pw="benchmark password")
    import json

    token = json.loads(run_cli(env, "accounts", "token", "issue", "1", "--name", "bench", "--json"))["secret"]
    (data / "log").mkdir(parents=True, exist_ok=True)
    (data / "log" / "checkpoint").write_text("custodes.example/bench\n1\nAAAA\n\n— bench sig\n")
    return env, token


async def drive(url: str, method: str, path: str, token: str, clients: int, seconds: float,
                ) -> tuple[int, int, list[float], float]:
    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}"} if method == "POST" else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        async def worker(k: int) -> None:
            nonlocal errors
            n = 0
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                if method == "POST":
                    r = await client.post(path, json={"name": f"b{k}-{n}", "days": 1}, headers=headers)
                elif path.endswith("journal"):
                    r = await client.get(path, params={"limit": 50, "offset": (k * 50 + n * 7) % 60})
                else:
                    r = await client.get(path)
                lat.append(time.perf_counter() - t0)
                errors += r.status_code >= 400
                n += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(clients)))
        elapsed = time.perf_counter() - t0
    return len(lat), errors, sorted(lat), elapsed


def pct(sorted_lat: list[float], q: float) -> float:
    return sorted_lat[min(len(sorted_lat) - 1, int(q * len(sorted_lat)))] * 1000 if sorted_lat else float("nan")


def bench(label: str, db_url: str | None, seconds: float, port: int) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env, token = prepare(Path(tmp) / "data", db_url)
        server = subprocess.Popen([sys.executable, "-m", "custodes", "serve", "--port", str(port), "--log-level",
                                   "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    if httpx.get(url + "/log/checkpoint").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            for name, method, path, kind in SCENARIOS:
                for clients in (16, 64):
                    n, errors, lat, elapsed = asyncio.run(drive(url, method, path, token, clients, seconds))
                    rate = n / elapsed
                    rows.append(f"| {label} | {name} | {clients} | {rate:,.0f} | {pct(lat, 0.5):.1f} | "
                                f"{pct(lat, 0.99):.1f} | {errors} | {rate / TARGETS[kind]:.2f} |")
                    print(rows[-1], flush=True)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="duration of each scenario")
    ap.add_argument("--postgres", help="also run on this PostgreSQL URL (a fresh schema is made and dropped)")
    ap.add_argument("--port", type=int, default=8791)
    args = ap.parse_args()
    print("| database | scenario | clients | requests/s | p50 ms | p99 ms | errors | ratio to target |")
    print("|---|---|---|---|---|---|---|---|")
    bench("SQLite", None, args.seconds, args.port)
    if args.postgres:
        schema = "bench_" + uuid.uuid4().hex[:8]
        engine = sa.create_engine(args.postgres)
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        url = sa.engine.make_url(args.postgres).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            bench("PostgreSQL", url.render_as_string(hide_password=False), args.seconds, args.port + 1)
        finally:
            with engine.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()


if __name__ == "__main__":
    main()
