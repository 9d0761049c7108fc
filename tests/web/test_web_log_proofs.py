"""The log's proof endpoints answer verifiable proofs, a real server passes `custodes log verify --url`, and
the add-checkpoint endpoint is a C2SP tlog-witness only when the server has a witness directory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_support import SECRET, Web, free_port

from custodes.app import Custodes
from custodes.cli.main import app as cli
from custodes.ledger.merkle import verify_consistency, verify_inclusion
from custodes.ledger.note import Checkpoint, SignedNote, unb64
from custodes.ledger.tiles import dir_fetch
from custodes.ledger.witness import Witness, build_request
from custodes.web import WebSettings, create_app


def published(app: Custodes) -> Checkpoint:
    app.integrator().integrate(batch_size=3)  # several checkpoints, so tiles grow through partial widths
    return Checkpoint.from_text(SignedNote.parse((app.settings.log_dir / "checkpoint").read_bytes()).text)


@pytest.fixture
def web(app: Custodes) -> Iterator[Web]:
    with TestClient(create_app(app, WebSettings(session_secret=SECRET))) as client:
        yield Web(app, client.app, client)  # type: ignore[arg-type]


def test_inclusion_and_consistency_proofs_verify(web: Web) -> None:
    cp = published(web.app)
    assert cp.size >= 3
    c = web.client
    for size in (cp.size, cp.size - 1, 1):
        for index in range(size):
            r = c.get("/log/proof/inclusion", params={"index": index, "size": size})
            assert r.status_code == 200, r.text
            d = r.json()
            assert (d["checkpoint"] is not None) == (size == cp.size)
            assert verify_inclusion(index, size, unb64(d["leaf_hash"]), [unb64(h) for h in d["proof"]],
                                    unb64(d["root"]))
    latest = c.get("/log/proof/inclusion", params={"index": 0}).json()
    assert latest["size"] == cp.size and unb64(latest["root"]) == cp.root
    assert latest["checkpoint"].startswith(cp.origin)
    for old in range(1, cp.size + 1):
        d = c.get("/log/proof/consistency", params={"old": old}).json()
        assert d["new"] == cp.size and unb64(d["new_root"]) == cp.root
        assert verify_consistency(old, cp.size, unb64(d["old_root"]), cp.root, [unb64(h) for h in d["proof"]])
    bad = c.get("/log/proof/inclusion", params={"index": 0, "size": cp.size + 1})
    assert bad.status_code == 422 and bad.json()["field"] == "size"
    assert c.get("/log/proof/inclusion", params={"index": cp.size}).json()["field"] == "index"
    assert c.get("/log/proof/consistency", params={"old": 2, "new": 1}).json()["field"] == "old"
    assert c.get("/log/proof/inclusion", params={"index": -1}).status_code == 422


def test_proofs_before_anything_is_published_are_404(web: Web) -> None:
    r = web.client.get("/log/proof/consistency", params={"old": 0})
    assert r.status_code == 404 and "no published checkpoint" in r.json()["detail"]


def test_lock_and_temporary_files_are_never_served(web: Web) -> None:
    published(web.app)
    log_dir = web.app.settings.log_dir
    for name in (".integrator.lock", "tile/0/.000.ab12.tmp", ".checkpoint.ab12.tmp"):
        (log_dir / name).write_bytes(b"secret")
    for path in ("/log/.integrator.lock", "/log/tile/0/.000.ab12.tmp", "/log/.checkpoint.ab12.tmp",
                 "/log/tile/0/%2E000.ab12.tmp"):
        r = web.client.get(path)
        assert r.status_code in (404, 422) and b"secret" not in r.content, path


def test_a_server_without_a_witness_directory_is_not_a_witness(web: Web) -> None:
    r = web.client.post("/log/add-checkpoint", content=b"old 0\n\nx\n", headers={"content-type": "text/plain"})
    assert r.status_code == 404 and r.json()["type"] == "urn:custodes:problem:not-a-witness"


def test_the_witness_cosigns_consistent_checkpoints(app: Custodes, tmp_path: Path) -> None:
    wdir = tmp_path / "witness"
    witness = Witness.init(wdir, "witness.example")
    witness.trust(app.log_verifier().vkey)
    app.integrator().integrate(batch_size=2)
    settings = WebSettings(session_secret=SECRET, witness_dir=wdir)
    with TestClient(create_app(app, settings)) as c:
        body, note = build_request(dir_fetch(app.settings.log_dir), 0)
        r = c.post("/log/add-checkpoint", content=body, headers={"content-type": "text/plain"})
        assert r.status_code == 200 and r.text.startswith("— witness.example "), r.text
        size = Checkpoint.from_text(note.text).size
        again = c.post("/log/add-checkpoint", content=body)  # old 0 is no longer the latest cosigned size
        assert again.status_code == 409 and again.headers["content-type"] == "text/x.tlog.size"
        assert again.text == f"{size}\n"
        assert c.post("/log/add-checkpoint", content=b"nonsense").status_code == 400
        assert c.post("/log/add-checkpoint", content=b"x" * 20000).status_code == 413
    assert witness.latest(Checkpoint.from_text(note.text).origin)[0] == size


@pytest.mark.slow
def test_log_verify_passes_against_a_real_server(app: Custodes, tmp_path: Path) -> None:
    cp = published(app)
    port = free_port()
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "custodes", "--data-dir", str(app.settings.data_dir), "serve",
                             "--port", str(port), "--log-level", "warning"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/log/checkpoint", timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1][-500:]
                time.sleep(0.2)
        result = CliRunner().invoke(cli, ["log", "verify", "--url", f"{base}/log", "--vkey",
                                          app.log_verifier().vkey, "--state", str(tmp_path / "s.json"), "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["ok"] is True and report["size"] == cp.size
        d = httpx.get(f"{base}/log/proof/inclusion", params={"index": cp.size - 1}, timeout=10).json()
        assert verify_inclusion(cp.size - 1, cp.size, unb64(d["leaf_hash"]), [unb64(h) for h in d["proof"]], cp.root)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    assert proc.returncode == 0


def test_a_published_log_that_does_not_verify_is_the_servers_fault(web: Web) -> None:
    published(web.app)
    (web.app.settings.log_dir / "checkpoint").write_text("origin\n1\nAAAA\n")
    r = web.client.get("/log/proof/inclusion", params={"index": 0})
    assert r.status_code == 503 and r.json()["type"] == "urn:custodes:problem:log-unavailable"
