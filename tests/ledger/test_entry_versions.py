"""Version 1 entries (sealed by a denylist, before the allowlist) still verify, and the report folds still read them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update

from custodes.app import Custodes
from custodes.ledger.entry import encode, seal
from custodes.ledger.sequencer import journal, journal_head, journal_salts
from custodes.ledger.tiles import dir_fetch
from custodes.ledger.verify import audit
from custodes.reports.figures import Period


def _append_v1(app: Custodes, kind: str, record: dict[str, object], sensitive: list[str]) -> int:
    """A journal row as the version 1 sequencer wrote it: the whole record but the profile's sensitive fields."""
    public, commitments = seal(record, sensitive)
    at = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    with app.store.engine.begin() as conn:
        idx = int(conn.execute(select(journal_head.c.size)).scalar_one())
        body = encode({"v": 1, "i": idx, "kind": kind, "at": at, "by": "monitor-1", "ex": False, "rec": public})
        conn.execute(insert(journal).values(idx=idx, kind=kind, at=at, actor="monitor-1", exercise=False, body=body))
        for c in commitments:
            conn.execute(insert(journal_salts).values(idx=idx, path=c.path, salt=c.salt))
        conn.execute(update(journal_head).values(size=idx + 1))
    return idx


def test_a_version_1_entry_verifies_and_is_folded(app: Custodes) -> None:
    _append_v1(app, "incidents.reported", {
        "id": "CUS000900", "event_date": "2026-11-20", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack", "fatalities": 2, "pcode": "PS0265",
        "location": {"lat": 31.41, "lon": 34.35, "location": "Deir Al-Balah"}, "reporter": "monitor-1",
        "location_exact": None, "anonymous": False}, ["reporter", "location_exact"])
    app.integrator().integrate()
    with app.store.read() as conn:
        report = audit(dir_fetch(app.settings.log_dir), app.log_verifier(), db=conn)
    assert report.ok, report.problems
    assert report.commitments >= 1  # the version 1 reporter's commitment has its salt
    figs = app.reports.figures_at(Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)))[0].by_key()
    assert figs["incidents.reported"].value == 1
