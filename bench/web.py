"""Load benchmark of the web service on loopback: reads and the issue's writes, 16 and 64 clients, and a soak.

Starts ``custodes serve`` (one uvicorn process) on a fresh mission (SQLite, or PostgreSQL with
``--postgres URL``), drives it with a minimal asyncio HTTP/1.1 client (kept-alive connections) for a
bounded time per scenario, and prints throughput, p50, p99 and errors, side by side with the targets of
issue 8, a bare ASGI app under the same uvicorn and client (the baseline), and a floor: a file served by
the same server with no database work (``/log/checkpoint``).

The writes are the issue's: a consignment transition (each client registers a consignment, then moves it
through clear, stage, offload, enter, collect, deliver: seven journalled transitions) and an incident
report by a monitor. ``--soak SECONDS`` then runs a mixed load at half the rates measured at 16 clients
and samples the server's resident memory every 5 s.

    PYTHONPATH=src python bench/web.py --seconds 4 [--postgres postgresql+psycopg://postgres@127.0.0.1/test]
    PYTHONPATH=src python bench/web.py --seconds 4 --soak 600
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
    ("write: consignment transition (POST /api/v1/aid/consignments[/{id}/move])", "POST", "consignment", "write"),
    ("write: incident report (POST /api/v1/incidents, monitor)", "POST", "/api/v1/incidents", "write"),
]
MOVES = ("clear", "stage", "offload", "enter", "collect", "deliver")
INCIDENT = (b'{"event_date": "2026-11-20", "event_type": "Violence against civilians", "sub_event_type": "Attack", '
            b'"actor1": "Unidentified armed group", "inter1": 3, "lat": 31.5017, "lon": 34.4668, '
            b'"fatalities": 0, "notes": "benchmark"}')


def run_cli(env: dict[str, str], *args: str, pw: str | None = None) -> str:
    e = dict(env, PW=pw or "")
    out = subprocess.run([sys.executable, "-m", "custodes", *args], env=e, check=True, capture_output=True, text=True)
    return out.stdout


def prepare(data: Path, db_url: str | None) -> tuple[dict[str, str], dict[str, str]]:
    env = dict(os.environ, CUSTODES_DATA_DIR=str(data))
    if db_url:
        env["CUSTODES_DATABASE_URL"] = db_url
    run_cli(env, "init")
    run_cli(env, "org", "add", "secretariat", "--kind", "secretariat", "--name", "Secretariat")
    run_cli(env, "accounts", "create", "bench", "--org", "secretariat", "--password-env", "PW", pw="benchmark password")
    tokens = {}
    for number, (org, kind, user) in enumerate((("secretariat", None, "bench"), ("agency", "aid_agency", "agency"),
                                                ("monitors", "monitor", "monitor")), start=1):
        if kind:
            run_cli(env, "org", "add", org, "--kind", kind, "--name", org)
            run_cli(env, "accounts", "create", user, "--org", org, "--password-env", "PW", pw="benchmark password")
        tokens[user] = json.loads(run_cli(env, "accounts", "token", "issue", str(number), "--name", "bench",
                                          "--json"))["secret"]
    (data / "log").mkdir(parents=True, exist_ok=True)
    (data / "log" / "checkpoint").write_text("custodes.example/bench\n1\nAAAA\n\n— bench sig\n")
    return env, tokens


async def _fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, bytes]:
    """One HTTP/1.1 request on a kept-alive connection; returns status and body (with a Content-Length)."""
    writer.write(request)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


def _request(method: str, path: str, token: str, body: bytes = b"") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Accept: application/json"]
    if token:
        head.append(f"Authorization: Bearer {token}")
    if body:
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class Client:
    """What one kept-alive connection sends next for a scenario (a consignment walks its lifecycle)."""

    def __init__(self, path: str, tokens: dict[str, str], k: int) -> None:
        self.path, self.tokens, self.k, self.n = path, tokens, k, 0
        self.consignment: str | None = None
        self.step = 0

    def request(self) -> bytes:
        self.n += 1
        if self.path == "consignment":
            if self.consignment is None:
                body = b'{"crossing": "kerem-shalom", "category": "food", "trucks": 1}'
                return _request("POST", "/api/v1/aid/consignments", self.tokens["agency"], body)
            return _request("POST", f"/api/v1/aid/consignments/{self.consignment}/move", self.tokens["agency"],
                            f'{{"action": "{MOVES[self.step]}"}}'.encode())
        if self.path == "/api/v1/incidents":
            return _request("POST", self.path, self.tokens["monitor"], INCIDENT)
        if self.path.endswith("journal"):
            return _request("GET", f"{self.path}?limit=50&offset={(self.k * 50 + self.n * 7) % 60}", "")
        return _request("GET", self.path, "")

    def answered(self, status: int, body: bytes) -> None:
        if self.path != "consignment":
            return
        if self.consignment is None:
            self.consignment, self.step = (json.loads(body)["id"] if status == 201 else None), 0
        elif status >= 400 or self.step + 1 == len(MOVES):
            self.consignment = None
        else:
            self.step += 1


async def drive(url: str, path: str, tokens: dict[str, str], clients: int, seconds: float,
                pace: float = 0.0) -> tuple[int, int, list[float], float]:
    """``clients`` kept-alive connections, each sending its next request as soon as the last is answered
    (or, with ``pace`` seconds, no sooner than that after the last one started: a fixed rate).

    A minimal HTTP/1.1 client on asyncio streams: httpx's async pool was the bottleneck on this machine.
    """
    host, port = url.removeprefix("http://").split(":")
    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(k: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        client = Client(path, tokens, k)
        try:
            while (t0 := time.perf_counter()) < stop:
                status, body = await _fetch(reader, writer, client.request())
                lat.append(time.perf_counter() - t0)
                errors += status >= 400
                client.answered(status, body)
                if pace:
                    await asyncio.sleep(max(0.0, pace - (time.perf_counter() - t0)))
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(clients)))
    return len(lat), errors, sorted(lat), time.perf_counter() - t0


def pct(sorted_lat: list[float], q: float) -> float:
    return sorted_lat[min(len(sorted_lat) - 1, int(q * len(sorted_lat)))] * 1000 if sorted_lat else float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench(label: str, db_url: str | None, seconds: float, port: int, soak: float, only: str = "") -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env, tokens = prepare(Path(tmp) / "data", db_url)
        server = subprocess.Popen([sys.executable, "-m", "custodes", "serve", "--port", str(port), "--log-level",
                                   "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        measured: dict[str, float] = {}
        try:
            for _ in range(100):
                try:
                    if httpx.get(url + "/log/checkpoint").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            for name, _method, path, kind in SCENARIOS:
                if only not in name:
                    continue
                for clients in (16, 64):
                    cpu0 = cpu_seconds(server.pid)
                    n, errors, lat, elapsed = asyncio.run(drive(url, path, tokens, clients, seconds))
                    cpu_ms = (cpu_seconds(server.pid) - cpu0) * 1000 / max(n, 1)
                    rate = n / elapsed
                    if clients == 16:
                        measured[path] = rate
                    rows.append(f"| {label} | {name} | {clients} | {rate:,.0f} | {pct(lat, 0.5):.1f} | "
                                f"{pct(lat, 0.99):.1f} | {errors} | {cpu_ms:.2f} | {rate / TARGETS[kind]:.2f} |")
                    print(rows[-1], flush=True)
            if soak:
                rows.append(run_soak(label, url, tokens, measured, soak, server.pid))
                print(rows[-1], flush=True)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    return rows


def run_soak(label: str, url: str, tokens: dict[str, str], measured: dict[str, float], seconds: float,
             pid: int) -> str:
    """A mixed load at half the measured capacity: every scenario but the floor gets an equal share, each
    at half its measured 16-client rate divided by the number of scenarios; resident memory sampled."""
    mix = [path for _, _, path, _ in SCENARIOS if not path.startswith("/log/")]
    clients = 4
    samples: list[tuple[float, float]] = []

    async def sample() -> None:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            samples.append((time.perf_counter() - t0, rss_mib(pid)))
            await asyncio.sleep(5)

    async def everything() -> list[tuple[int, int, list[float], float]]:
        runs = [drive(url, path, tokens, clients, seconds,
                      pace=clients / max(0.5 * measured[path] / len(mix), 0.1)) for path in mix]
        results = await asyncio.gather(sample(), *runs)
        return list(results[1:])

    results = asyncio.run(everything())
    total = sum(n for n, *_ in results)
    errors = sum(e for _, e, *_ in results)
    lat = sorted(x for _, _, lats, _ in results for x in lats)
    warm = next((m for t, m in samples if t >= 60), samples[0][1])
    last = samples[-1][1]
    growth = (last - warm) / warm * 100
    return (f"| {label} | soak {seconds:.0f} s, mixed ({', '.join(mix)}) at half capacity | {clients * len(mix)} | "
            f"{total / seconds:,.0f} | {pct(lat, 0.5):.1f} | {pct(lat, 0.99):.1f} | {errors} | "
            f"RSS {warm:.0f} MiB at 60 s, {last:.0f} MiB at the end ({growth:+.1f} %), peak "
            f"{max(m for _, m in samples):.0f} MiB | - |")


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
                n, errors, lat, elapsed = asyncio.run(drive(url, "/", {}, clients, seconds))
                rate = n / elapsed
                print(f"| - | baseline: bare ASGI app, same uvicorn and client | {clients} | {rate:,.0f} | "
                      f"{pct(lat, 0.5):.1f} | {pct(lat, 0.99):.1f} | {errors} | - | {rate / TARGETS['read']:.2f} |",
                      flush=True)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="duration of each scenario")
    ap.add_argument("--postgres", help="also run on this PostgreSQL URL (a fresh schema is made and dropped)")
    ap.add_argument("--port", type=int, default=8791)
    ap.add_argument("--soak", type=float, default=0.0, help="then a soak of this many seconds (issue 8: 600)")
    ap.add_argument("--only", default="", help="only the scenarios whose name holds this text (no baseline)")
    args = ap.parse_args()
    print("| database | scenario | clients | requests/s | p50 ms | p99 ms | errors | server CPU ms/request "
          "| ratio to target |")
    print("|---|---|---|---|---|---|---|---|---|")
    if args.only and args.soak:
        ap.error("--soak needs every scenario's measured rate: leave out --only")
    if not args.only:
        baseline(args.seconds, args.port + 2)
    bench("SQLite", None, args.seconds, args.port, args.soak, args.only)
    if args.postgres:
        schema = "bench_" + uuid.uuid4().hex[:8]
        engine = sa.create_engine(args.postgres)
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        url = sa.engine.make_url(args.postgres).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            bench("PostgreSQL", url.render_as_string(hide_password=False), args.seconds, args.port + 1, args.soak,
                  args.only)
        finally:
            with engine.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()


if __name__ == "__main__":
    main()
