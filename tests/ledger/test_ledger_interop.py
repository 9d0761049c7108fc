"""Interoperability: independent verifiers from PyPI read our log.

tlog-scales (a tlog-tiles reader: checkpoints, tiles, entry bundles, proofs, vkeys, cosignatures) verifies
the signed checkpoint and cosignature with our verifier keys, recomputes the root from our tiles, reads our
entry bundles and builds proofs that must equal ours. tamperlog (an RFC 6962 Merkle library) verifies our
inclusion and consistency proofs. Neither is a dependency of the package (the ``test`` extra only).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from custodes.app import Custodes
from custodes.ledger.merkle import leaf_hash
from custodes.ledger.note import SignedNote
from custodes.ledger.tiles import TileReader, dir_fetch
from custodes.ledger.witness import Witness, build_request

tlog_backend = pytest.importorskip("tlog_scales.backend")
tlog_reader = pytest.importorskip("tlog_scales.reader")
tlog_signing = pytest.importorskip("tlog_scales.signing")
tlog_tlog = pytest.importorskip("tlog_scales.tlog")
tamperlog_merkle = pytest.importorskip("tamperlog.merkle")


@pytest.fixture
def big_log(app: Custodes, fill: Callable[..., None]) -> Custodes:
    fill(app, 2000, pad=40)
    app.integrator().integrate(batch_size=700)
    return app


def test_tlog_scales_reads_and_verifies_our_log(big_log: Custodes, tmp_path: Path) -> None:
    app = big_log
    log_dir = app.settings.log_dir
    reader = tlog_reader.TilesReader(tlog_backend.LocalBackend(log_dir))
    cp = reader.get_checkpoint()
    vkey = tlog_signing.Vkey.from_string(app.log_verifier().vkey)
    assert tlog_signing.VkeySet(vkey).verify(cp.signatures, cp)  # our Ed25519 checkpoint signature
    assert cp.origin == app.log_origin and cp.size == 2073
    assert reader.calculate_root_hash() == cp.root_hash
    ours = TileReader(dir_fetch(log_dir), cp.size)
    for i in (0, 255, 256, 1024, 2072):
        entry = reader.get_entry(i)
        assert entry == ours.entry(i)
        proof = reader.get_inclusion_proof(i, cp.size)
        assert proof.node_hashes == ours.inclusion(i)
        proof.check(leaf_hash(entry), cp.root_hash)
    for old in (1, 73, 256, 700, 2072):
        cproof = reader.get_consistency_proof(old, cp.size)
        assert cproof.node_hashes == ours.consistency(old)
        cproof.check(ours.root(old), cp.root_hash)
    # our witness's cosignature, checked by tlog-scales' cosignature/v1 verifier
    w = Witness.init(tmp_path / "w", "witness.example/w1")
    w.trust(app.log_verifier().vkey)
    body, note = build_request(dir_fetch(log_dir), 0)
    resp = w.add_checkpoint(body)
    cosigned = tlog_tlog.Checkpoint.from_text(note.format() + resp.body.decode())
    wkey = tlog_signing.Vkey.from_string(w.signer.verifier.vkey)
    assert {v.name for v, _ in tlog_signing.VkeySet(vkey, wkey).verify(cosigned.signatures, cosigned)} == {
        app.log_origin, "witness.example/w1"}


def test_tlog_scales_rejects_a_forged_checkpoint(big_log: Custodes, caplog: pytest.LogCaptureFixture) -> None:
    log_dir = big_log.settings.log_dir
    note = SignedNote.parse((log_dir / "checkpoint").read_bytes())
    (log_dir / "checkpoint").write_text(SignedNote(note.text.replace("2073", "2074"), note.signatures).format())
    cp = tlog_reader.TilesReader(tlog_backend.LocalBackend(log_dir)).get_checkpoint()
    vkey = tlog_signing.Vkey.from_string(big_log.log_verifier().vkey)
    with caplog.at_level(logging.CRITICAL):
        assert not tlog_signing.VkeySet(vkey).verify(cp.signatures, cp)


def test_tamperlog_verifies_our_proofs(big_log: Custodes) -> None:
    ours = TileReader(dir_fetch(big_log.settings.log_dir), 2073)
    top = ours.root()
    for i in (0, 5, 300, 2072):
        tamperlog_merkle.verify_inclusion(i, 2073, leaf_hash(ours.entry(i)), ours.inclusion(i), top)
    for old in (1, 64, 1000, 2073):
        tamperlog_merkle.verify_consistency(old, ours.root(old), 2073, top, ours.consistency(old))
    with pytest.raises(Exception, match="inclusion proof"):
        tamperlog_merkle.verify_inclusion(6, 2073, leaf_hash(ours.entry(5)), ours.inclusion(5), top)
