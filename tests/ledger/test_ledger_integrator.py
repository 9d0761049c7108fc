"""The integrator: tiles equal an independent computation, batches, resuming, the background runner."""

from __future__ import annotations

import os
import random
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from custodes.app import Custodes
from custodes.errors import ConfigError, IntegrityError
from custodes.ledger import files as ledger_files
from custodes.ledger.integrator import TileWriter
from custodes.ledger.keys import load_key
from custodes.ledger.layout import decode_bundle, partial_tiles
from custodes.ledger.merkle import leaf_hash, root
from custodes.ledger.note import Signer, verify_checkpoint
from custodes.ledger.sequencer import read_entries
from custodes.ledger.tiles import TileReader, dir_fetch
from custodes.settings import Settings


def _checkpoint(log_dir: Path, signer: Signer) -> tuple[int, bytes]:
    cp, _ = verify_checkpoint((log_dir / "checkpoint").read_bytes(), signer.verifier)
    return cp.size, cp.root


def test_tiles_in_random_batches_match_the_reference(tmp_path: Path) -> None:
    signer = Signer.generate("example.org/test")
    rng = random.Random(7)
    entries = [rng.randbytes(rng.randint(0, 40)) for _ in range(70000)]
    hashes = [leaf_hash(e) for e in entries]
    pos, writer = 0, TileWriter(tmp_path, signer)
    sizes = []
    while pos < len(entries):
        step = rng.choice([1, 3, 255, 256, 257, 4000, 9000])
        writer.append(entries[pos : pos + step])
        writer.publish()
        pos = min(len(entries), pos + step)
        sizes.append(pos)
        if rng.random() < 0.3:  # a fresh writer resumes from the published checkpoint
            writer = TileWriter(tmp_path, signer)
    size, top = _checkpoint(tmp_path, signer)
    assert size == 70000 and top == root(hashes)
    for t in partial_tiles(70000):  # the spec's example: 0/273.p/112, 1/001.p/17, 2/000.p/1
        assert (tmp_path / t.path).is_file()
    reader = TileReader(dir_fetch(tmp_path), size)
    for s in [1, 255, 256, 257, 65536, 65537, *rng.sample(sizes, 10)]:
        assert reader.root(s) == root(hashes[:s])
    assert reader.entry(69999) == entries[69999] and reader.entry(300) == entries[300]
    full0 = (tmp_path / "tile/0/000").read_bytes()
    assert full0 == b"".join(hashes[:256])
    assert decode_bundle((tmp_path / "tile/entries/000").read_bytes(), 256) == entries[:256]
    # partial versions of tiles that are now full were removed
    assert not (tmp_path / "tile/0/000.p").exists() and not (tmp_path / "tile/entries/000.p").exists()


def test_integrating_the_journal(published: Custodes) -> None:
    app = published
    log = app.settings.log_dir
    with app.store.read() as conn:
        rows = read_entries(conn)
    size, top = _checkpoint(log, app.log_signer())
    assert size == len(rows) == 673
    assert top == root([leaf_hash(b) for _, b in rows])
    assert (log / "tile/0/002.p/161").is_file() and (log / "tile/entries/002.p/161").is_file()
    again = app.integrator().integrate()
    assert again.size == again.old_size == 673 and again.checkpoint == ""
    assert app.integrator().pending() == 0


def test_crash_between_tiles_and_checkpoint_resumes(app: Custodes, fill: Callable[..., None],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fill(app, 300)
    app.integrator().integrate(batch_size=100)
    fill(app, 50)
    real = ledger_files.write_atomic

    def crash_on_checkpoint(path: Path, data: bytes, **kw: object) -> None:
        if path.name == "checkpoint":
            raise KeyboardInterrupt("killed")
        real(path, data, **kw)  # type: ignore[arg-type]

    import custodes.ledger.integrator as integ_mod

    monkeypatch.setattr(integ_mod, "write_atomic", crash_on_checkpoint)
    with pytest.raises(KeyboardInterrupt):
        app.integrator().integrate()
    monkeypatch.setattr(integ_mod, "write_atomic", real)
    assert _checkpoint(app.settings.log_dir, app.log_signer())[0] == 373  # the old checkpoint still stands
    assert app.integrator().integrate().size == 423


def test_background_runner_publishes_after_commits(app: Custodes, fill: Callable[..., None]) -> None:
    runner = app.log_runner(max_delay=0.05).start()
    try:
        fill(app, 10)
        fill(app, 5)
        deadline = time.monotonic() + 30
        while app.integrator().published_size() < 88 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        runner.stop()
    assert not runner._thread.is_alive()
    assert app.integrator().published_size() == 88 and runner.errors == []


def test_a_rolled_back_journal_is_refused(published: Custodes, tmp_path: Path, clock: object) -> None:
    other = Settings(data_dir=tmp_path / "other")
    shutil.copytree(published.settings.key_dir, other.key_dir)
    shutil.copytree(published.settings.log_dir, other.log_dir)
    fresh = Custodes.open(other, create=True)
    fresh.init()
    with pytest.raises(IntegrityError, match="published 673 entries but the journal holds only 73"):
        fresh.integrator().integrate()


def test_a_deleted_journal_row_stops_integration(app: Custodes, fill: Callable[..., None]) -> None:
    fill(app, 20)
    with app.store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER journal_no_delete"))
        conn.execute(text("DELETE FROM journal WHERE idx = 80"))
    with pytest.raises(IntegrityError, match="journal entry 80 is missing"):
        app.integrator().integrate()


def test_the_log_key(app: Custodes) -> None:
    path = app.settings.key_dir / "log.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    vkey = (app.settings.key_dir / "log.vkey").read_text().strip()
    assert vkey == app.log_verifier().vkey and vkey.startswith(app.log_origin + "+")
    before = path.read_bytes()
    result = app.init()
    assert path.read_bytes() == before and result.messages == ("already initialised; nothing changed",)
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError, match="readable by others"):
        load_key(path)


def test_integrate_and_audit_on_both_databases(any_app: Custodes, fill: Callable[..., None]) -> None:
    fill(any_app, 300, sensitive=True)
    result = any_app.integrator().integrate(batch_size=128)
    assert result.size == 373
    from custodes.ledger.verify import audit

    with any_app.store.read() as conn:
        report = audit(dir_fetch(any_app.settings.log_dir), any_app.log_verifier(), db=conn)
    assert report.ok and report.db_rows == 373 and report.commitments == 300


def test_published_files_are_never_rewritten(tmp_path: Path) -> None:
    signer = Signer.generate("example.org/immutable")
    writer = TileWriter(tmp_path, signer)
    writer.append([bytes([i % 256]) for i in range(300)])
    writer.publish()
    covered = {p: p.stat().st_ino for p in tmp_path.rglob("*") if p.is_file() and p.name != "checkpoint"}
    assert tmp_path / "tile/1/000.p/1" in covered
    writer.append([b"more"] * 100)  # level 1 stays at width 1; level 0 moves from .p/44 to .p/144
    writer.publish()
    for path, inode in covered.items():
        assert path.stat().st_ino == inode, path  # same file, not replaced
    assert (tmp_path / "tile/0/001.p/144").is_file()
