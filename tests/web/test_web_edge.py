"""The hardened web edge (issue 14, part 4; docs/security.md): one test or more per rule.

Each sends the bad request or input, asserts the refusal, and asserts that nothing was stored.
"""

from __future__ import annotations

import csv
import io
import re
import select
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select
from web_support import SECRET, Web, free_port, make_web, serving

from custodes.accounts.model import Role
from custodes.app import Custodes
from custodes.errors import ConfigError, FetchError
from custodes.incidents.acled import COLUMNS
from custodes.incidents.exchange import import_incidents
from custodes.incidents.sample import sample_rows
from custodes.incidents.store import incidents
from custodes.ledger.sequencer import journal
from custodes.ledger.tiles import MAX_CHECKPOINT, url_fetch
from custodes.web import WebSettings, create_app
from custodes.web.app import route_table
from custodes.web.bodylimit import UPLOAD_ROUTES
from custodes.web.settings import write_session_secret
from custodes.web.ui.render import STATIC_DIR

TEMPLATES = Path(STATIC_DIR).parent / "templates"
GRIEVANCE = {"addressee": "board", "category": "other", "subject": "s", "text": "t"}


def stored(app: Custodes) -> tuple[int, int]:
    """(incidents, journal entries): what a refused request must leave unchanged."""
    with app.store.read() as conn:
        return (int(conn.execute(sql_select(func.count()).select_from(incidents)).scalar_one()),
                int(conn.execute(sql_select(func.count()).select_from(journal)).scalar_one()))


# -- 1. formula injection --------------------------------------------------------------------------------
def test_web_exports_quote_formula_cells(web: Web, tmp_path: Path) -> None:
    rows = sample_rows(2, seed=3)
    rows[0][COLUMNS.index("notes")] = "=HYPERLINK(\"http://evil.example\",\"x\")"
    rows[1][COLUMNS.index("actor1")] = "@SUM(1+1)"
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(rows)
    import_incidents(web.app.incidents, path, "i")
    for fmt in ("acled", "hxl"):
        text = web.client.get("/api/v1/incidents/export", params={"format": fmt}).text
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells and "'@SUM(1+1)" in cells
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]


# -- 2. request size ---------------------------------------------------------------------------------------
def test_a_declared_oversized_body_is_refused_before_routing(web: Web) -> None:
    before = stored(web.app)
    big = b"x" * (2 * 2**20)
    for method, url in (("POST", "/api/v1/incidents"), ("POST", "/api/v1/incidents/import"),
                        ("POST", "/no/such/route"), ("PUT", "/api/v1/mission/status")):
        r = web.client.request(method, url, content=big, headers={"Content-Type": "application/json"})
        assert r.status_code == 413, (url, r.status_code)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"] == "urn:custodes:problem:too-large" and r.json()["limit"] == 2**20
        assert "content-security-policy" in r.headers  # the edge's headers hold on its own answers too
    assert stored(web.app) == before


def test_a_chunked_oversized_body_is_cut_at_the_cap(web: Web) -> None:
    before = stored(web.app)

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"y" * 65536

    r = web.client.post("/api/v1/incidents", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["status"] == 413
    assert stored(web.app) == before


def test_upload_routes_take_more_only_from_signed_in_requests(web: Web) -> None:
    big = b"draft,date\n" + b"a" * (3 * 2**20)
    r = web.client.post("/api/v1/council/vetoes/import", content=big, headers={"Content-Type": "text/csv"})
    assert r.status_code == 413  # anonymous: the small cap, before authentication
    r = web.client.post("/api/v1/council/vetoes/import", content=big,
                        headers={"Content-Type": "text/csv", **web.auth(Role.ADMIN)})
    assert r.status_code in (403, 422)  # read, then refused on its merits, not on its size
    small = WebSettings(session_secret=SECRET, max_upload_bytes=2**20 + 1024)
    api = create_app(web.app, small)
    from fastapi.testclient import TestClient

    with TestClient(api) as c:
        r = c.post("/api/v1/council/vetoes/import", content=big,
                   headers={"Content-Type": "text/csv", **web.auth(Role.ADMIN)})
        assert r.status_code == 413 and r.json()["limit"] == 2**20 + 1024


def test_every_declared_upload_route_exists(web: Web) -> None:
    routes = [(m, p) for m, p, _, _ in route_table(web.api)]
    for method, pattern in UPLOAD_ROUTES:
        sample = re.sub(r"\[\^/\]\+", "x", pattern).replace("(?:weapons|sites)", "weapons")
        assert any(m == method and re.fullmatch(re.sub(r"{\w+}", "[^/]+", p), sample) for m, p in routes), pattern


def _rss_peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc")


def _send_big(port: int, path: str, size: int, *, chunked: bool) -> tuple[bytes, int]:
    """Send a ``size``-byte body, stopping as soon as the server answers; (answer, bytes sent)."""
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + ("Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {size}\r\n") + "\r\n").encode()
    piece = b"z" * 65536
    frame = (b"%x\r\n" % len(piece)) + piece + b"\r\n" if chunked else piece
    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(head)
        try:
            while sent < size:
                if select.select([s], [], [], 0)[0]:
                    break
                s.sendall(frame)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            while b"\r\n\r\n" not in answer or len(answer) < 200:
                more = s.recv(65536)
                if not more:
                    break
                answer += more
        except (ConnectionResetError, TimeoutError):
            pass
    return answer, sent


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads the server's memory from /proc")
def test_an_anonymous_64_mib_body_is_not_read_into_the_servers_memory(app: Custodes) -> None:
    with serving(app) as served:
        proc, port = served.proc, served.port
        before = stored(app)
        peak0 = _rss_peak_kib(proc.pid)
        size = 64 * 2**20
        for path, chunked in (("/api/v1/incidents", False), ("/api/v1/incidents", True),
                              ("/api/v1/incidents/import", True)):
            answer, _sent = _send_big(port, path, size, chunked=chunked)
            assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
            assert b"application/problem+json" in answer
        grown_kib = _rss_peak_kib(proc.pid) - peak0
        assert grown_kib < 16 * 1024, f"the server's peak memory grew by {grown_kib} KiB"  # far under 64 MiB
        assert stored(app) == before


# -- 3. import formats ------------------------------------------------------------------------------------
@pytest.mark.parametrize("magic", [b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x1f\x8b\x08",
                                   b"<?xml version=\"1.0\"?>"])
def test_web_imports_refuse_spreadsheets_archives_and_xml(web: Web, magic: bytes) -> None:
    before = stored(web.app)
    body = magic + b"\x00" * 2048
    for url, role in (("/api/v1/incidents/import?format=hxl", Role.MONITOR),
                      ("/api/v1/incidents/import?format=acled", Role.MONITOR),
                      ("/api/v1/council/vetoes/import", Role.ADMIN)):
        r = web.client.post(url, content=body, headers={"Content-Type": "text/csv", **web.auth(role)})
        if r.status_code == 403:
            continue  # this role may not import here; the matrix test holds who may
        assert r.status_code == 422, (url, r.text)
        assert "not CSV; save the sheet as CSV" in r.json()["detail"]
    assert stored(web.app) == before


# -- 4. headers -------------------------------------------------------------------------------------------
def test_every_answer_carries_the_security_headers(web: Web) -> None:
    for url in ("/", "/api/v1/mission/status", "/log/checkpoint", "/no/such/page", "/api/v1/accounts", "/docs",
                "/static/js/map.js", "/openapi.json"):
        r = web.client.get(url)
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in r.headers  # development


def test_even_a_server_error_carries_the_headers(app: Custodes) -> None:
    from fastapi.testclient import TestClient
    from starlette.requests import Request
    from starlette.responses import Response

    api = create_app(app, WebSettings(session_secret=SECRET))

    async def boom(_request: Request) -> Response:
        raise RuntimeError("boom")

    api.add_route("/boom", boom)
    with TestClient(api, raise_server_exceptions=False) as c:
        r = c.get("/boom")
        assert r.status_code == 500 and "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_hsts_in_production(app: Custodes, tmp_path: Path) -> None:
    api = create_app(app, WebSettings(env="production", session_secret=SECRET))
    from fastapi.testclient import TestClient

    with TestClient(api, base_url="https://testserver") as c:
        assert c.get("/api/v1/mission/status").headers["strict-transport-security"].startswith("max-age=")


def test_role_dependent_answers_are_not_stored_by_caches(web: Web) -> None:
    signed_in = web.client.get("/api/v1/mission/status", headers=web.auth(Role.MONITOR))
    assert signed_in.headers["cache-control"] == "no-store"
    with_cookie = web.client.get("/", headers={"Cookie": "custodes_session=anything"})
    assert with_cookie.headers["cache-control"] == "no-store"
    assert "no-store" not in web.client.get("/api/v1/mission/status").headers.get("cache-control", "")
    log_dir = web.app.settings.log_dir
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / "checkpoint").write_bytes(b"custodes.example/unsc-2803-gaza\n5\nAAAA\n\n- key sig\n")
    tile = web.client.get("/log/checkpoint", headers=web.auth(Role.MONITOR))  # the public log keeps its own
    assert "max-age" in tile.headers.get("cache-control", "")


def test_templates_have_no_inline_script_or_style() -> None:
    bad = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in m.group(1) and 'type="application/json"' not in m.group(1):
                bad.append(f"{path.name}: inline <script>")
        bad += [f"{path.name}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+\s*=", text)]
        bad += [f"{path.name}: {m.group(0)}" for m in re.finditer(r"\sstyle\s*=|<style\b", text)]
    assert not bad, bad


def test_docs_serve_swagger_from_the_package_with_no_inline_script(web: Web) -> None:
    page = web.client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "http" not in page.text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    for src in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert web.client.get(src).status_code == 200, src
    assert "SwaggerUIBundle" in web.client.get("/static/js/swagger-init.js").text


# -- 5. proxy headers -------------------------------------------------------------------------------------
def test_x_forwarded_for_is_ignored_without_a_configured_proxy(app: Custodes, fast_hashing: None) -> None:
    gen = make_web(app, WebSettings(session_secret=SECRET, filings_per_address=1))
    w = next(gen)
    assert w.client.post("/api/v1/grievances", json=GRIEVANCE, headers={"X-Forwarded-For": "10.0.0.1"}
                         ).status_code == 201
    before = stored(app)
    r = w.client.post("/api/v1/grievances", json=GRIEVANCE, headers={"X-Forwarded-For": "10.0.0.2"})
    assert r.status_code == 429  # a new forged address is still the same socket peer
    assert stored(app) == before
    gen.close()


def test_x_forwarded_for_is_believed_from_a_configured_proxy(app: Custodes, fast_hashing: None) -> None:
    # the test client's peer is "testclient"; as the configured proxy its header names the client
    gen = make_web(app, WebSettings(session_secret=SECRET, filings_per_address=1, trusted_proxies="testclient"))
    w = next(gen)
    for address in ("10.0.0.1", "10.0.0.2"):
        assert w.client.post("/api/v1/grievances", json=GRIEVANCE, headers={"X-Forwarded-For": address}
                             ).status_code == 201
    assert w.client.post("/api/v1/grievances", json=GRIEVANCE, headers={"X-Forwarded-For": "10.0.0.1"}
                         ).status_code == 429
    gen.close()


def test_serve_turns_uvicorn_proxy_headers_off() -> None:
    text = (Path(__file__).resolve().parents[2] / "src/custodes/cli/serve.py").read_text(encoding="utf-8")
    assert "proxy_headers=False" in text


# -- 6. files ---------------------------------------------------------------------------------------------
def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_dir_database_and_secret_are_private(app: Custodes) -> None:
    data = app.settings.data_dir
    assert _mode(data) == 0o700
    with app.store.write("t") as uow:  # an open writer: the -wal and -shm files exist
        uow.conn.exec_driver_sql("SELECT 1")
        files = [data / "custodes.sqlite3", *(data / n for n in ("custodes.sqlite3-wal", "custodes.sqlite3-shm"))]
        assert all(_mode(f) == 0o600 for f in files if f.exists()) and files[0].exists()
    secret = write_session_secret(app.settings)
    assert _mode(secret) == 0o600


def test_production_refuses_a_secret_file_others_can_read(app: Custodes) -> None:
    secret = write_session_secret(app.settings)
    secret.chmod(0o644)
    with pytest.raises(ConfigError, match=rf"chmod 600 {re.escape(str(secret))}"):
        create_app(app, WebSettings(env="production"))
    create_app(app, WebSettings(env="development"))  # development only warns nobody: it still starts
    secret.chmod(0o600)
    create_app(app, WebSettings(env="production"))


# -- 7. CLI fetches ---------------------------------------------------------------------------------------
def _transport(routes: dict[str, httpx.Response]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.MockTransport(handler)


def test_fetches_follow_no_cross_origin_redirect() -> None:
    fetch, close = url_fetch("https://log.example/", transport=_transport({
        "https://log.example/checkpoint": httpx.Response(302, headers={"Location": "/v2/checkpoint"}),
        "https://log.example/v2/checkpoint": httpx.Response(200, content=b"ok"),
        "https://log.example/tile/0/000": httpx.Response(302, headers={"Location": "https://evil.example/x"}),
    }))
    assert fetch("checkpoint") == b"ok"  # same origin: followed
    with pytest.raises(FetchError, match="redirected to another origin"):
        fetch("tile/0/000")
    close()


def test_fetches_stop_at_the_size_cap() -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"a" * 4096

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=_Stream(endless()))

    fetch, close = url_fetch("https://log.example/", transport=httpx.MockTransport(handler))
    with pytest.raises(FetchError, match=f"over {MAX_CHECKPOINT} bytes"):
        fetch("checkpoint")
    close()
    fetch, close = url_fetch("https://log.example/", transport=_transport({
        "https://log.example/checkpoint": httpx.Response(200, headers={"Content-Length": "99999999"},
                                                         content=b"")}))
    with pytest.raises(FetchError, match="at most"):
        fetch("checkpoint")
    close()


class _Stream(httpx.SyncByteStream):
    def __init__(self, it: Iterator[bytes]) -> None:
        self.it = it

    def __iter__(self) -> Iterator[bytes]:
        return self.it


def test_log_verify_and_witness_cosign_fail_in_one_line(app: Custodes, capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    from custodes.cli.main import main

    def run(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        code = exit_info.value.code
        return (code if isinstance(code, int) else 0), out + err

    vkey = (app.settings.key_dir / "log.vkey").read_text().strip()
    port = free_port()  # nothing listens there
    for url, why in ((f"http://127.0.0.1:{port}/", "ConnectError"), ("ftp://x.example/", "unsupported protocol")):
        code, text = run("log", "verify", "--url", url, "--vkey", vkey, "--state", str(tmp_path / "s.json"))
        assert code == 1 and f"  checkpoint: {url}checkpoint: " in text and why in text  # one problem line
    run("witness", "init", "--name", "example.org/w1", "--dir", str(tmp_path / "w"))
    code, text = run("witness", "cosign", "--url", f"http://127.0.0.1:{port}/", "--dir", str(tmp_path / "w"))
    assert code == 2 and text.startswith("error: ") and len(text.strip().splitlines()) == 1
