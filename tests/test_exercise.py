"""The one exercise contract: one order, a generator per domain, removal that leaves no exercise row behind.

Each generator is generated (after the ones it builds on, in :data:`custodes.exercise.ORDER`), then removed;
its domain's tables then hold no exercise row, the other domains keep theirs, and the removal is journalled
as ``{"table", "ids"}`` entries under the actor ``exercise``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from typing import Any

import pytest
from sqlalchemy import Table, func, select

from custodes import exercise
from custodes.app import Custodes
from custodes.exercise import ExercisePeriod
from custodes.ledger.sequencer import journal, read_entries

PERIOD = ExercisePeriod(dt.date(2025, 11, 17), dt.date(2026, 1, 20))
#: each generator's package; its ``domain`` is the prefix of its journal kinds (grievances journal as "participation")
DOMAINS = list(exercise.ORDER)
#: tables worked out from others (rebuilt on removal, so emptied of exercise rows too, but not journalled)
DERIVED = {"consignment_totals", "zone_day_counts"}


def _tables(domain: str) -> list[Table]:
    """The domain's tables that mark rows real or exercise."""
    store = importlib.import_module(f"custodes.{domain}.store")
    return [t for t in vars(store).values() if isinstance(t, Table) and "exercise" in t.c]


def _exercise_rows(app: Custodes, domain: str) -> dict[str, int]:
    with app.store.read() as conn:
        return {t.name: int(conn.execute(select(func.count()).select_from(t).where(t.c.exercise.is_(True)))
                            .scalar_one()) for t in _tables(domain)}


def test_one_module_holds_the_order_and_each_domain_its_generator(app: Custodes) -> None:
    assert DOMAINS == ["board", "aid", "force", "disarmament", "withdrawal", "incidents", "grievances"]
    for domain, g in zip(DOMAINS, app.exercise_generators(), strict=True):
        assert type(g).__module__ == f"custodes.{domain}.exercise"
        assert g.domain == {"grievances": "participation"}.get(domain, domain)


@pytest.mark.slow
@pytest.mark.parametrize("domain", DOMAINS)
def test_generate_then_remove_leaves_no_exercise_row(app: Custodes, domain: str) -> None:
    small = {"disarmament": {"weapons": 60, "sites": 6}}
    upto = [app.exercise_generator(d, **small.get(d, {})) for d in DOMAINS[: DOMAINS.index(domain) + 1]]
    gens = upto
    for g in upto:
        g.generate(3, PERIOD)
    before = _exercise_rows(app, domain)
    assert sum(before.values()) > 0, f"the {domain} generator wrote no exercise row"
    others = {d: _exercise_rows(app, d) for d in DOMAINS[: DOMAINS.index(domain)]}
    with app.store.read() as conn:
        start = int(conn.execute(select(func.count()).select_from(journal)).scalar_one())
    result = upto[-1].remove()
    assert _exercise_rows(app, domain) == dict.fromkeys(before, 0)
    assert {d: _exercise_rows(app, d) for d in others} == others  # another domain's records stay
    records = {t: n for t, n in before.items() if n and t not in DERIVED}
    assert result.records == sum(records.values())
    with app.store.read() as conn:
        end = int(conn.execute(select(func.count()).select_from(journal)).scalar_one())
        published = [json.loads(body) for _, body in read_entries(conn, start, end)]
    assert len(published) == result.entries > 0
    withdrawn: dict[str, list[Any]] = {}
    prefix = gens[DOMAINS.index(domain)].domain
    for e in published:
        assert (e["kind"], e["by"], e["ex"]) == (f"{prefix}.exercise_withdrawn", "exercise", True)
        assert set(e["rec"]) == {"table", "ids"}
        withdrawn.setdefault(e["rec"]["table"], []).extend(e["rec"]["ids"])
    assert {t: len(ids) for t, ids in withdrawn.items()} == records
