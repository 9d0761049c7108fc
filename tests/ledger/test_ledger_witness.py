"""The witness (C2SP tlog-witness add-checkpoint) and the group-commit appender."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from custodes.app import Custodes
from custodes.errors import EncodingError
from custodes.ledger.appender import GroupAppender
from custodes.ledger.note import SignedNote, Verifier, verify_quorum
from custodes.ledger.sequencer import read_entries
from custodes.ledger.tiles import dir_fetch
from custodes.ledger.verify import audit
from custodes.ledger.witness import Witness, add_checkpoint, build_request


@pytest.fixture
def witness(tmp_path: Path, published: Custodes) -> Witness:
    w = Witness.init(tmp_path / "witness", "witness.example/w1")
    w.clock = lambda: 1_700_000_000.0
    w.trust(published.log_verifier().vkey)
    return w


def test_cosigning_a_growing_log(witness: Witness, published: Custodes, fill: Callable[..., None]) -> None:
    fetch = dir_fetch(published.settings.log_dir)
    body, note = build_request(fetch, 0)
    resp = add_checkpoint(witness, body)
    assert resp.status == 200 and resp.body.startswith("— witness.example/w1 ".encode())
    cosigned = SignedNote.parse(note.format() + resp.body.decode())
    wv = Verifier.parse((witness.dir / "witness.vkey").read_text())
    assert verify_quorum(cosigned, [wv], 1) == [wv]
    assert Verifier.cosignature_time(cosigned.signatures[-1]) == 1_700_000_000
    assert witness.latest(published.log_origin)[0] == 673
    # the same checkpoint again from its own size: cosigned, no proof needed
    again, _ = build_request(fetch, 673)
    assert witness.add_checkpoint(again).status == 200
    # stale old size: 409 with the latest size
    fill(published, 40)
    published.integrator().integrate()
    stale, _ = build_request(fetch, 600)
    resp = witness.add_checkpoint(stale)
    assert (resp.status, resp.content_type, resp.body) == (409, "text/x.tlog.size", b"673\n")
    good, note = build_request(fetch, 673)
    resp = witness.add_checkpoint(good)
    assert resp.status == 200 and witness.latest(published.log_origin)[0] == 713
    report = audit(fetch, published.log_verifier(), witnesses=[wv], quorum=1)
    assert not report.ok and "0 valid witness cosignatures" in report.problems[0].what
    # the log serves the checkpoint with its cosignature: the quorum audit passes
    (published.settings.log_dir / "checkpoint").write_text(note.format() + resp.body.decode())
    report = audit(fetch, published.log_verifier(), witnesses=[wv], quorum=1)
    assert report.ok and report.witnesses == ["witness.example/w1"]


def test_refusals(witness: Witness, published: Custodes, tmp_path: Path) -> None:
    fetch = dir_fetch(published.settings.log_dir)
    body, note = build_request(fetch, 0)
    assert witness.add_checkpoint(b"old x\n\n" + note.format().encode()).status == 400
    assert witness.add_checkpoint(b"nonsense").status == 400
    forged = note.format().replace("\n673\n", "\n674\n").encode()
    assert witness.add_checkpoint(b"old 0\n\n" + forged).status == 403
    other = Witness.init(tmp_path / "other", "witness.example/w2")
    assert other.add_checkpoint(body).status == 404  # it trusts no log
    assert witness.add_checkpoint(b"old 700\n\n" + note.format().encode()).status == 400  # old > size
    assert witness.add_checkpoint(body).status == 200
    # a bad consistency proof: 422, and the state is unchanged
    published_log = published.settings.log_dir
    assert witness.latest(published.log_origin)[0] == 673
    lines = build_request(fetch, 673)[0]
    bad_proof = b"old 673\n" + b"A" * 43 + b"=\n"
    assert witness.add_checkpoint(lines.replace(b"old 673\n", bad_proof)).status == 422
    assert published_log.exists()


def test_group_appender_acknowledges_after_commit(app: Custodes) -> None:
    seen: list[int] = []
    app.store.on_commit(lambda entries: seen.extend(e.index for e in entries))
    g = GroupAppender(app.store, actor="feed")
    results: list[int] = []

    def writer(k: int) -> None:
        for i in range(25):
            results.append(g.append("test.feed", {"k": k, "i": i}, sensitive=["k"]).index)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with pytest.raises(EncodingError):
        g.append("test.feed", {"bad": b"bytes"})
    g.close()
    assert sorted(results) == list(range(73, 273)) == sorted(seen)
    # a bad entry in a batch fails alone; the others of its batch are committed
    g = GroupAppender(app.store, actor="feed", start=False)
    futures = [g.submit("test.feed", {"i": i} if i != 2 else {"bad": float("nan")}) for i in range(5)]
    g.start()
    g.close()
    with pytest.raises(EncodingError):
        futures[2].result()
    assert [f.result().index for i, f in enumerate(futures) if i != 2] == [273, 274, 275, 276]
    assert g.batches == 1
    with app.store.read() as conn:
        rows = read_entries(conn, 73, 273)
    assert len(rows) == 200 and b'"k":{"commit":"sha256:' in rows[0][1]
    app.integrator().integrate()
    with app.store.read() as conn:
        assert audit(dir_fetch(app.settings.log_dir), app.log_verifier(), db=conn).ok
