"""insert_many / update_many store exactly what the Core statements store, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update

from custodes.app import Custodes
from custodes.disarmament.store import custody_steps, weapons
from custodes.ledger.sequencer import journal
from custodes.storage.bulk import insert_many, update_many


def _weapon(wid: int, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": wid, "type": "rifle", "model": "AKM", "calibre": "7.62x39mm", "manufacturer": "Izhmash",
        "country_of_manufacture": "RUS", "year_of_manufacture": None, "serial": "", "markings": "é \"q\"",
        "marking_place": "", "import_mark": "", "mark": f"ISF-{wid}", "dup_key": None, "duplicate_of": None,
        "zone": "PS0255", "unit": "U-1", "registered_on": dt.date(2026, 3, 1), "status": "registered",
        "place": None, "last_on": None, "steps": 0, "destroyed_on": None, "certificate": None, "exercise": True,
    }
    return row | kw


def _rows(conn: Any, table: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def test_bulk_statements_store_what_core_stores(any_app: Custodes) -> None:
    with any_app.store.write("test") as uow:
        conn = uow.conn
        rows = [_weapon(1), _weapon(2, year_of_manufacture=1970, last_on=dt.date(2026, 3, 2))]
        conn.execute(insert(weapons), rows)
        steps = [{"weapon": 1, "seq": 1, "kind": "collected", "on": dt.date(2026, 3, 1), "place": "CP",
                  "unit": "U-1", "detail": "{}", "journal_idx": 0, "exercise": False}]
        conn.execute(insert(custody_steps), steps)  # "on" is a reserved word: quoted
        changes = [{"id": 1, "status": "destroyed", "destroyed_on": dt.date(2026, 4, 1), "place": None},
                   {"id": 2, "status": "stored", "destroyed_on": None, "place": "DEPOT"}]
        conn.execute(update(weapons).where(weapons.c.id == 1).values(changes[0]))
        conn.execute(update(weapons).where(weapons.c.id == 2).values(changes[1]))
        by_core = (_rows(conn, weapons), _rows(conn, custody_steps))
        conn.execute(delete(custody_steps))
        conn.execute(delete(weapons))

        insert_many(conn, weapons, rows)
        insert_many(conn, custody_steps, steps)
        update_many(conn, weapons, "id", changes)
        insert_many(conn, weapons, [])
        update_many(conn, weapons, "id", [])
        assert (_rows(conn, weapons), _rows(conn, custody_steps)) == by_core
        assert conn.execute(select(weapons.c.destroyed_on).where(weapons.c.id == 1)).scalar_one() == dt.date(2026, 4, 1)
        with pytest.raises(KeyError, match="no column 'colour'"):
            insert_many(conn, weapons, [{"id": 3, "colour": "red"}])
        at = conn.execute(select(journal.c.at).order_by(journal.c.idx.desc()).limit(1)).scalar_one()
        assert at.replace(tzinfo=at.tzinfo or dt.UTC) == any_app.store.clock()  # journal time, via insert_many
        uow.conn.execute(delete(custody_steps))  # leave nothing behind for other tests on the shared database
        uow.conn.execute(delete(weapons))
