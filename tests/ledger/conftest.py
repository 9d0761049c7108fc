"""Fixtures for the ledger tests: a mission with many journal entries, a published log."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custodes.app import Custodes
from custodes.ledger.sequencer import PendingEntry


def add_entries(app: Custodes, n: int, *, kind: str = "test.note", pad: int = 0, sensitive: bool = False) -> None:
    """Append ``n`` entries in one unit of work (``sensitive`` seals a ``who`` field); the first ten one by
    one (``UnitOfWork.append``), the rest with one multi-row insert (``append_many``)."""
    seal = frozenset({"who"}) if sensitive else frozenset()
    with app.store.write("tester") as uow:
        recs: list[dict[str, object]] = []
        for i in range(n):
            rec: dict[str, object] = {"n": i, "pad": "x" * pad}
            if sensitive:
                rec["who"] = f"person {i}"
            recs.append(rec)
        for rec in recs[:10]:
            uow.append(kind, rec, sensitive=seal)
        uow.append_many([PendingEntry(kind, rec, uow.now, uow.actor, False, seal) for rec in recs[10:]])


@pytest.fixture
def fill() -> Callable[..., None]:
    return add_entries


@pytest.fixture
def published(app: Custodes) -> Custodes:
    """The 2803 mission with 600 more entries, integrated in batches of 100 (several full tiles)."""
    add_entries(app, 600)
    app.integrator().integrate(batch_size=100)
    return app
