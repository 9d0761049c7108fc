"""Fixtures for the ledger tests: a mission with many journal entries, a published log."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custodes.app import Custodes


def add_entries(app: Custodes, n: int, *, kind: str = "test.note", pad: int = 0, sensitive: bool = False) -> None:
    """Append ``n`` entries in one unit of work (``sensitive`` seals a ``who`` field)."""
    with app.store.write("tester") as uow:
        for i in range(n):
            rec = {"n": i, "pad": "x" * pad}
            if sensitive:
                rec["who"] = f"person {i}"
            uow.append(kind, rec, sensitive=["who"] if sensitive else ())


@pytest.fixture
def fill() -> Callable[..., None]:
    return add_entries


@pytest.fixture
def published(app: Custodes) -> Custodes:
    """The 2803 mission with 600 more entries, integrated in batches of 100 (several full tiles)."""
    add_entries(app, 600)
    app.integrator().integrate(batch_size=100)
    return app
