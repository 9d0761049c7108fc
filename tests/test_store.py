"""The one-writer store and the journal on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from custodes.app import Custodes
from custodes.errors import EncodingError
from custodes.ledger.sequencer import journal, journal_salts, read_entries


def test_init_loads_profile_and_journals_every_record(any_app: Custodes) -> None:
    with any_app.store.read() as conn:
        entries = [json.loads(b) for _, b in read_entries(conn)]
    assert [e["i"] for e in entries] == list(range(len(entries)))
    kinds = {e["kind"] for e in entries}
    assert {"mission.profile_loaded", "council.resolution_adopted", "council.seat", "aid.crossing"} <= kinds
    res = next(e for e in entries if e["kind"] == "council.resolution_adopted")
    assert res["rec"]["votes"]["CHN"] == "abstain" and list(res["rec"]["votes"].values()).count("yes") == 13


def test_second_init_changes_nothing(any_app: Custodes) -> None:
    with any_app.store.read() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(journal)).scalar_one()
    result = any_app.init()
    assert not result.created
    with any_app.store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(journal)).scalar_one() == before


def test_journal_refuses_update_and_delete(any_app: Custodes) -> None:
    with any_app.store.write("tester") as uow:
        uow.append("incidents.reported", {"reporter": "someone"})
    for stmt in (sa.update(journal).values(kind="x"), sa.delete(journal), sa.delete(journal_salts)):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), any_app.store.engine.begin() as conn:
            conn.execute(stmt)


def test_failed_unit_of_work_leaves_nothing(any_app: Custodes) -> None:
    with any_app.store.read() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(journal)).scalar_one()
    with pytest.raises(EncodingError), any_app.store.write("tester") as uow:
        uow.append("test.ok", {"a": 1})
        uow.append("test.bad", {"blob": b"raw"})
    with any_app.store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(journal)).scalar_one() == before


def test_sensitive_fields_enter_as_commitments(any_app: Custodes) -> None:
    with any_app.store.write("monitor-1") as uow:
        e = uow.append("incidents.reported", {"reporter": "CANARY-Amal", "location_exact": [34.45, 31.5],
                                              "fatalities": 1, "undeclared": None})
    with any_app.store.read() as conn:
        body = read_entries(conn, e.index, e.index + 1)[0][1]
        salts = conn.execute(sa.select(journal_salts.c.path).where(journal_salts.c.idx == e.index)).scalars().all()
    assert b"CANARY" not in body and b"34.45" not in body
    rec = json.loads(body)["rec"]
    assert rec["reporter"]["commit"].startswith("sha256:") and rec["fatalities"] == 1
    assert rec["undeclared"]["commit"].startswith("sha256:")  # not declared public: sealed, even when empty
    assert sorted(salts) == ["location_exact", "reporter", "undeclared"]
