"""The journal's read use cases (app.journal): pages with database totals, filters, the last entries, the search."""

from __future__ import annotations

import json

import pytest

from custodes.app import Custodes
from custodes.errors import InputError, NotFound


def _indices(bodies: object) -> list[int]:
    return [json.loads(b)["i"] for b in bodies]  # type: ignore[attr-defined]


def test_pages_count_every_match_in_the_database(app: Custodes) -> None:
    size = app.journal.size()
    first = app.journal.entries(limit=5, offset=0)
    assert first.total == size > 5 and _indices(first) == [0, 1, 2, 3, 4]
    tail = app.journal.entries(limit=5, offset=size - 2)
    assert tail.total == size and _indices(tail) == [size - 2, size - 1]
    window = app.journal.entries(start=2, stop=5, limit=50, offset=0)
    assert window.total == 3 and _indices(window) == [2, 3, 4]
    states = app.journal.entries(kind="council.state", limit=2, offset=0)
    assert states.total > 2 and {json.loads(b)["kind"] for b in states} == {"council.state"}
    with pytest.raises(InputError):
        app.journal.entries(limit=0, offset=0)


def test_actor_and_exercise_filters(app: Custodes) -> None:
    assert not app.journal.holds_exercise()
    app.accounts.add_org("monitor-z", "monitor", "Monitor Z", actor="tester")
    with app.store.write("drill", exercise=True) as uow:
        uow.append("test.note", {"n": 1, "pad": ""})
    size = app.journal.size()
    assert app.journal.entries(actor="tester", limit=10, offset=0).total == 1
    assert app.journal.entries(exercise=True, limit=10, offset=0).total == 1
    assert app.journal.entries(exercise=False, limit=10, offset=0).total == size - 1
    assert app.journal.entries(exercise=True, actor="tester", limit=10, offset=0).total == 0
    assert app.journal.holds_exercise()


def test_last_entries_entry_and_search(app: Custodes) -> None:
    size = app.journal.size()
    last = app.journal.last(3)
    assert last.total == size and last.offset == size - 3 and _indices(last) == [size - 3, size - 2, size - 1]
    assert len(app.journal.last(size + 100)) == size  # more than there are: all of them
    assert json.loads(app.journal.entry(size - 1))["i"] == size - 1
    with pytest.raises(NotFound):
        app.journal.entry(size)
    found = app.journal.find_entry("council.state", "code", "USA")
    assert found is not None and json.loads(app.journal.entry(found))["rec"]["code"] == "USA"
    assert app.journal.find_entry("council.state", "code", "NOWHERE") is None
