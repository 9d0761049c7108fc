"""Delayed disclosure: a deployment's strength and area are committed now and revealed 30 days later."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import sqlalchemy as sa

from custodes.app import Custodes
from custodes.force.model import Node
from custodes.ledger.disclosure import REVEAL_KIND
from custodes.ledger.reveal import RevealScheduler, check_reveal, due_reveals, reveal_due
from custodes.ledger.sequencer import journal
from custodes.ledger.tiles import dir_fetch
from custodes.ledger.verify import audit
from custodes.reports.figures import Period

SQ = {"type": "Polygon", "coordinates": [[[34.40, 31.45], [34.45, 31.45], [34.45, 31.50], [34.40, 31.50],
                                          [34.40, 31.45]]]}


def _entries(app: Custodes, kind: str) -> list[dict[str, object]]:
    with app.store.read() as conn:
        return [json.loads(b) for (b,) in conn.execute(sa.select(journal.c.body).where(journal.c.kind == kind)
                                                       .order_by(journal.c.idx))]


def _deploy(app: Custodes) -> None:
    f = app.force
    f.add_node(Node("HQ", "hq", "ISF HQ", None, None, "Force Commander"), actor="test")
    f.add_node(Node("C-IDN", "contingent", "Indonesia", "HQ", "IDN", "Contingent Commander"), actor="test")
    f.add_node(Node("U-1", "unit", "1st battalion", "C-IDN", None, "Battalion Commander"), actor="test")
    f.add_area("A-N", "north", SQ, actor="test")
    f.deploy("U-1", "A-N", dt.date(2026, 11, 20), 850, actor="test")


def test_a_deployments_strength_and_area_are_sealed_then_revealed(app: Custodes, clock: Any) -> None:
    _deploy(app)
    deployed = _entries(app, "force.deployed")[0]
    rec = deployed["rec"]
    assert deployed["v"] == 2 and set(rec["strength"]) == {"commit"} and set(rec["area"]) == {"commit"}
    assert rec["unit"] == "U-1" and b"850" not in json.dumps(rec).encode()
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    before = app.reports.figures_at(period)[0].by_key()["force.deployment_personnel"]
    assert before.value == 0 and dict(before.detail) == {"not yet disclosed": 1}

    assert due_reveals(app.store, clock()) == [] and reveal_due(app.store) == 0  # not yet 30 days
    clock.now += dt.timedelta(days=31)
    assert [d.path for d in due_reveals(app.store, clock())] == ["area", "strength"]
    assert reveal_due(app.store) == 2
    assert reveal_due(app.store) == 0  # once only
    reveals = _entries(app, REVEAL_KIND)
    assert sorted((r["rec"]["path"], r["rec"]["value"]) for r in reveals) == [("area", "A-N"), ("strength", 850)]
    assert all(check_reveal(deployed, r) for r in reveals)
    forged = {**reveals[0], "rec": {**reveals[0]["rec"], "value": 851 if reveals[0]["rec"]["path"] == "strength"
                                    else "A-S"}}
    assert not check_reveal(deployed, forged)

    after = app.reports.figures_at(period)[0].by_key()["force.deployment_personnel"]
    assert after.value == 850 and dict(after.detail) == {}
    app.integrator().integrate()
    with app.store.read() as conn:
        report = audit(dir_fetch(app.settings.log_dir), app.log_verifier(), db=conn)
    assert report.ok and report.commitments_rederived == report.commitments > 0


def test_the_servers_schedule_reveals_what_is_due(app: Custodes, clock: Any) -> None:
    _deploy(app)
    clock.now += dt.timedelta(days=31)
    scheduler = RevealScheduler(app.store, interval=3600).start()  # reveals once at start, then hourly
    try:
        for _ in range(200):
            if scheduler.revealed:
                break
            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert scheduler.revealed == 2 and len(_entries(app, REVEAL_KIND)) == 2
