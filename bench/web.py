"""Load benchmark of the web service on loopback: reads and one write, 16 and 64 concurrent clients.

Starts ``custodes serve`` (one uvicorn process) on a fresh mission (SQLite, or PostgreSQL with
``--postgres URL``), drives it with a minimal asyncio HTTP/1.1 client (kept-alive connections) for a
bounded time per scenario, and prints throughput, p50, p99 and errors, side by side with the targets of
issue 8, a bare ASGI app under the same uvicorn and client (the baseline), and a floor: a file served by
the same server with no database work (``/log/checkpoint``).

    PYTHONPATH=src python bench/web.py --seconds 4 [--postgres postgresql+psycopg://postgres@127.0.0.1/test]
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


async def _fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One HTTP/1.1 request on a kept-alive connection; returns the status (bodies have a Content-Length)."""
    writer.write(request)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


def _request(method: str, path: str, token: str, body: bytes = b"") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Accept: application/json"]
    if token:
        head.append(f"Authorization: Bearer {token}")
    if body:
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def drive(url: str, method: str, path: str, token: str, clients: int, seconds: float,
                ) -> tuple[int, int, list[float], float]:
    """``clients`` kept-alive connections, each sending its next request as soon as the last is answered.

    A minimal HTTP/1.1 client on asyncio streams: httpx's async pool was the bottleneck on this machine.
    """
    host, port = url.removeprefix("http://").split(":")
    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(k: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        n = 0
        try:
            while time.perf_counter() < stop:
                if method == "POST":
                    req = _request("POST", path, token, f'{{"name": "b{k}-{n}", "days": 1}}'.encode())
                elif path.endswith("journal"):
                    req = _request("GET", f"{path}?limit=50&offset={(k * 50 + n * 7) % 60}", "")
                else:
                    req = _request("GET", path, "")
                t0 = time.perf_counter()
                status = await _fetch(reader, writer, req)
                lat.append(time.perf_counter() - t0)
                errors += status >= 400
                n += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(clients)))
    return len(lat), errors, sorted(lat), time.perf_counter() - t0


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


HELLO = """
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain"),
                                                                    (b"content-length", b"5")]})
    await send({"type": "http.response.body", "body": b"hello"})
"""


def baseline(seconds: float, port: int) -> None:
    """The same client against a bare ASGI app under the same uvicorn: the machine's and client's ceiling."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "hello_asgi.py").write_text(HELLO)
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "hello_asgi:app", "--port", str(port),
                                   "--log-level", "warning"], cwd=tmp, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(url)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            for clients in (16, 64):
                n, errors, lat, elapsed = asyncio.run(drive(url, "GET", "/", "", clients, seconds))
                rate = n / elapsed
                print(f"| - | baseline: bare ASGI app, same uvicorn and client | {clients} | {rate:,.0f} | "
                      f"{pct(lat, 0.5):.1f} | {pct(lat, 0.99):.1f} | {errors} | {rate / TARGETS['read']:.2f} |",
                      flush=True)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="duration of each scenario")
    ap.add_argument("--postgres", help="also run on this PostgreSQL URL (a fresh schema is made and dropped)")
    ap.add_argument("--port", type=int, default=8791)
    args = ap.parse_args()
    print("| database | scenario | clients | requests/s | p50 ms | p99 ms | errors | ratio to target |")
    print("|---|---|---|---|---|---|---|---|")
    baseline(args.seconds, args.port + 2)
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
