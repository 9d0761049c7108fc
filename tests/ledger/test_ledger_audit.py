"""The auditor: a clean log passes (from a directory and over HTTP); every kind of tampering is named."""

from __future__ import annotations

import base64
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from custodes.app import Custodes
from custodes.ledger.integrator import TileWriter
from custodes.ledger.layout import tiles_for_size
from custodes.ledger.note import Checkpoint, SignedNote, Signer
from custodes.ledger.tiles import dir_fetch, url_fetch
from custodes.ledger.verify import AuditReport, VerifiedState, audit


def _audit(app: Custodes, log_dir: Path | None = None, state: VerifiedState | None = None,
           db: bool = False) -> AuditReport:
    fetch = dir_fetch(log_dir or app.settings.log_dir)
    if not db:
        return audit(fetch, app.log_verifier(), state=state)
    with app.store.read() as conn:
        return audit(fetch, app.log_verifier(), state=state, db=conn)


def _edit(conn: Connection, idx: int, old: str, new: str) -> None:
    """Edit a journal row's body in place (the append-only trigger must be dropped first)."""
    conn.exec_driver_sql("UPDATE journal SET body = CAST(replace(body, ?, ?) AS BLOB) WHERE idx = ?", (old, new, idx))


def _wheres(report: AuditReport) -> list[str]:
    return [p.where for p in report.problems]


def test_a_clean_log_passes(published: Custodes, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with published.store.read() as conn:
        report = audit(dir_fetch(published.settings.log_dir), published.log_verifier(),
                       state=VerifiedState(tmp_path / "state.json"), progress=lambda d, t: seen.append((d, t)),
                       db=conn)
    assert report.ok, report.problems
    assert report.size == report.entries == report.db_rows == 673
    assert report.tiles == 4 and seen[-1] == (673, 673)
    assert json.loads((tmp_path / "state.json").read_text())[published.log_origin]["size"] == 673


def test_a_large_log_checks_upper_levels(tmp_path: Path) -> None:
    signer = Signer.generate("example.org/big")
    writer = TileWriter(tmp_path / "log", signer)
    writer.append([i.to_bytes(4, "big") for i in range(66000)])
    writer.publish()
    report = audit(dir_fetch(tmp_path / "log"), signer.verifier, state=VerifiedState(tmp_path / "s.json"))
    assert report.ok and report.size == 66000 and report.tiles == 258 + 2 + 1
    # a flipped byte in the level-1 tile is found
    tile1 = tmp_path / "log/tile/1/000"
    data = bytearray(tile1.read_bytes())
    data[32 * 7 + 3] ^= 1
    tile1.write_bytes(bytes(data))
    report = audit(dir_fetch(tmp_path / "log"), signer.verifier)
    assert _wheres(report) == ["tile/1/000"] and "hash 7 differs" in report.problems[0].what


@pytest.mark.parametrize("kind", ["tile", "bundle", "partial-tile", "partial-bundle"])
def test_a_flipped_byte_anywhere_is_found(published: Custodes, kind: str) -> None:
    path = {"tile": "tile/0/001", "bundle": "tile/entries/001", "partial-tile": "tile/0/002.p/161",
            "partial-bundle": "tile/entries/002.p/161"}[kind]
    target = published.settings.log_dir / path
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x40
    target.write_bytes(bytes(data))
    report = _audit(published)
    assert not report.ok
    assert path in _wheres(report) or (kind.endswith("bundle") and path.replace("entries", "0") in _wheres(report))


def test_every_single_tile_and_bundle_is_checked(published: Custodes, tmp_path: Path) -> None:
    src = published.settings.log_dir
    for level in (-1, 0):
        for ref in tiles_for_size(673, level):
            copy = tmp_path / f"copy-{level}-{ref.index}"
            shutil.copytree(src, copy)
            (copy / ref.path).unlink()
            report = _audit(published, copy)
            assert ref.path in _wheres(report), ref.path


def test_forged_and_rolled_back_checkpoints(published: Custodes, tmp_path: Path, fill: Callable[..., None]) -> None:
    app = published
    log = app.settings.log_dir
    state = VerifiedState(tmp_path / "state.json")
    old_note = (log / "checkpoint").read_bytes()
    assert _audit(app, state=state).ok
    # forged: the same checkpoint with a different root, signed by another key of the same name
    cp = Checkpoint.from_text(SignedNote.parse(old_note).text)
    forger = Signer.generate(cp.origin)
    body = Checkpoint(cp.origin, cp.size, bytes(32)).body()
    (log / "checkpoint").write_text(SignedNote(body, (forger.sign(body),)).format())
    report = _audit(app, state=state)
    assert _wheres(report) == ["checkpoint"] and "no signature by the log key" in report.problems[0].what
    # altered: the real signature over a changed body
    note = SignedNote.parse(old_note)
    (log / "checkpoint").write_text(SignedNote(body, note.signatures).format())
    assert "does not verify" in _audit(app, state=state).problems[0].what
    (log / "checkpoint").write_bytes(old_note)
    # the log grows and is verified again: consistent with the state
    fill(app, 10)
    app.integrator().integrate()
    report = _audit(app, state=state)
    assert report.ok and report.previous_size == 673
    # rolled back: the old (validly signed) checkpoint is served again
    newer = (log / "checkpoint").read_bytes()
    (log / "checkpoint").write_bytes(old_note)
    report = _audit(app, state=state)
    assert "rolled back" in report.problems[0].what
    (log / "checkpoint").write_bytes(newer)
    assert _audit(app, state=state).ok


def test_a_rewritten_history_fails_consistency(app: Custodes, tmp_path: Path, fill: Callable[..., None]) -> None:
    state = VerifiedState(tmp_path / "state.json")
    fill(app, 10)
    app.integrator().integrate()
    assert _audit(app, state=state).ok
    # the operator rebuilds the whole log from an edited journal and signs it with the real key
    with app.store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER journal_no_update"))
        _edit(conn, 76, '"n":3', '"n":4')
    shutil.rmtree(app.settings.log_dir)
    fill(app, 5)
    app.integrator().integrate()
    report = _audit(app, state=state)
    assert [p.what for p in report.problems] == [
        "not consistent with the checkpoint of size 83 verified before (the log's history was rewritten)"]


def test_edited_and_deleted_journal_rows_are_named(published: Custodes) -> None:
    app = published
    with app.store.engine.begin() as conn:  # bypass the append-only triggers, as an attacker with the DB would
        conn.execute(text("DROP TRIGGER journal_no_update"))
        conn.execute(text("DROP TRIGGER journal_no_delete"))
        _edit(conn, 80, '"n":7', '"n":8')
        conn.execute(text("DELETE FROM journal WHERE idx = 500"))
    report = _audit(app, db=True)
    assert [(p.where, p.what) for p in report.problems] == [
        ("journal row 80", "differs from the published entry (edited after publication)"),
        ("journal row 500", "missing from the database (deleted?) but published in the log"),
    ]
    assert _audit(app).ok  # the published log itself is intact


def test_sealed_commitments_against_stored_salts(app: Custodes, fill: Callable[..., None]) -> None:
    fill(app, 5, kind="test.sealed", sensitive=True)
    app.integrator().integrate()
    report = _audit(app, db=True)
    # version 2: every commitment opens with the value and salt kept in the database, no revealer needed
    assert report.ok and report.commitments == 5 and report.commitments_rederived == 5
    with app.store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER journal_sealed_no_update"))
        conn.execute(text("UPDATE journal_sealed SET value = CAST('\"someone else\"' AS BLOB) WHERE idx = 77"))
    report = _audit(app, db=True)
    assert _wheres(report) == ["journal row 77"]
    assert "does not open its published commitment: who" in report.problems[0].what
    with app.store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER journal_salts_no_delete"))
        conn.execute(text("DELETE FROM journal_salts WHERE idx = 75"))
    report = _audit(app, db=True)
    assert "journal row 75" in _wheres(report)


@pytest.fixture
def served(published: Custodes) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(published.settings.log_dir))

    class Quiet(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass

    server = Quiet(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_audit_over_http(published: Custodes, served: str, tmp_path: Path) -> None:
    fetch, close = url_fetch(served)
    try:
        report = audit(fetch, published.log_verifier(), state=VerifiedState(tmp_path / "s.json"))
        assert report.ok and report.size == 673
        assert base64.b64encode(report.root).decode() in fetch("checkpoint").decode()
        (published.settings.log_dir / "tile/entries/000").unlink()
        report = audit(fetch, published.log_verifier())
        assert report.problems[0].where == "tile/entries/000" and report.problems[0].what == "missing"
    finally:
        close()
