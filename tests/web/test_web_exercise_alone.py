"""Exercise data alone shows in no real view.

Two missions on the same clock: one holds every domain's exercise data and nothing else real but the profile's
own records (crossings, seats, resolution 2803), the other holds only those. Every real view (the map layers
asked for real records, and the crossings by default; the crossings API; the portal's pages, charts and map;
the mission status's real counts) answers the same in both. The API lists that answer for both kinds by default
(records flagged ``exercise``) are the expected failure at the end: their totals still count exercise records.
The report's folds count both kinds of records, so a fold whose figures differ must say that they rest on
exercise records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_support import Web, make_web

from custodes import exercise
from custodes.accounts.model import Role
from custodes.app import Custodes
from custodes.exercise import ExercisePeriod
from custodes.reports.figures import FigureSet, Period
from custodes.settings import Settings
from custodes.storage.schema import metadata

END = dt.date(2026, 1, 20)
ORIGIN = "example.org/custodes/drill"
#: tables without a real/exercise flag (rows that belong to a flagged parent, derived counts, sealed values): the
#: mission status counts their rows of both kinds, so they are no real figure
UNFLAGGED = {t.name for t in metadata.tables.values() if "exercise" not in t.c}

#: real views of the API, each as (path, role): the map layers asked for the real records (the crossings' status
#: by default too), the crossings and their history, the mission's status figures (its "(exercise)" counts aside),
#: and the lists that answer for the real records by default (``records=real``)
REAL = [
    ("/api/v1/aid/crossings", Role.BOARD), ("/api/v1/aid/crossings?records=real", Role.BOARD),
    ("/api/v1/aid/crossings/rafah/history", Role.BOARD), ("/api/v1/mission/status", Role.BOARD),
    ("/api/v1/map/crossings", Role.PUBLIC), ("/api/v1/map/crossings?records=real", Role.PUBLIC),
    ("/api/v1/map/zones?records=real", Role.PUBLIC), ("/api/v1/map/areas?records=real", Role.FORCE_HQ),
    ("/api/v1/map/sites?records=real", Role.FORCE_HQ), ("/api/v1/map/routes?records=real", Role.FORCE_HQ),
    ("/api/v1/map/incidents?records=real", Role.MONITOR),
    # the security pillar's lists, totals, tree and strength: real records by default
    ("/api/v1/disarmament/weapons", Role.FORCE_HQ), ("/api/v1/disarmament/summary", Role.FORCE_HQ),
    ("/api/v1/disarmament/sites", Role.FORCE_HQ), ("/api/v1/disarmament/certificates", Role.FORCE_HQ),
    ("/api/v1/force/strength", Role.FORCE_HQ), ("/api/v1/force/tree", Role.FORCE_HQ),
    ("/api/v1/force/areas", Role.FORCE_HQ), ("/api/v1/force/deployments", Role.FORCE_HQ),
    ("/api/v1/force/tasks", Role.FORCE_HQ), ("/api/v1/force/states", Role.FORCE_HQ),
    ("/api/v1/force/areas-without-unit", Role.FORCE_HQ),
    ("/api/v1/withdrawal/status", Role.FORCE_HQ), ("/api/v1/withdrawal/phases", Role.FORCE_HQ),
    ("/api/v1/board/members", Role.BOARD), ("/api/v1/board/decisions", Role.BOARD),
    ("/api/v1/board/funding/transactions", Role.BOARD), ("/api/v1/board/funding/totals", Role.BOARD),
    ("/api/v1/council/drafts", Role.COUNCIL), ("/api/v1/council/mandates", Role.COUNCIL),
    ("/api/v1/aid/consignments", Role.BOARD), ("/api/v1/aid/zones", Role.FORCE_HQ),
    ("/api/v1/aid/notifications", Role.FORCE_HQ),
    ("/api/v1/grievances", Role.MONITOR), ("/api/v1/incidents", Role.MONITOR),
    ("/api/v1/incidents/ceasefire", Role.MONITOR),
]
PORTAL = ["/", "/portal/incidents", "/portal/aid", "/portal/disarmament", "/portal/council", "/portal/board",
          "/portal/withdrawal", "/portal/grievances", "/portal/map", "/portal/map/layers.json",
          "/portal/charts/trucks.svg", "/portal/charts/weapons.svg", "/portal/charts/incidents.svg",
          "/portal/charts/funding.svg"]


def _mission(tmp_path: Path, name: str, clock: Any) -> Custodes:
    app = Custodes.open(Settings(data_dir=tmp_path / name, log_origin=ORIGIN), clock=clock, create=True)
    app.init()
    return app


@pytest.fixture
def pair(tmp_path: Path, clock: Any, fast_hashing: None) -> Iterator[tuple[Web, Web]]:
    drill, empty = _mission(tmp_path, "drill", clock), _mission(tmp_path, "empty", clock)
    period = ExercisePeriod(drill.profile.mandate_start, END)
    for domain in exercise.ORDER:  # every domain, the disarmament one smaller
        options = {"weapons": 80, "sites": 8} if domain == "disarmament" else {}
        drill.exercise_generator(domain, **options).generate(5, period)
    yield from zip(make_web(drill), make_web(empty), strict=True)


def _real(found: Any) -> Any:
    """``found`` without the records flagged exercise (and without what differs between two missions anyway)."""
    if isinstance(found, dict):
        if found.get("exercise") is True:
            return None
        if any(k.endswith(" (exercise)") for k in found):  # counts per table: the real ones are the others
            found = {k: v - found.get(f"{k} (exercise)", 0) for k, v in found.items()
                     if "(exercise)" not in k and k not in UNFLAGGED}
        return {k: _real(v) for k, v in found.items()
                if "(exercise)" not in k and (_real(v) is not None or v is None)}
    if isinstance(found, list):
        return [x for x in (_real(v) for v in found) if x is not None]
    return found


def _same_text(s: str) -> str:
    """A page without what differs between two missions anyway: the log's size and signatures."""
    return re.sub(r"(index|size|entries|tree size)\W+\d+", r"\1 N", s)


def _leaks(pair: tuple[Web, Web], reads: list[tuple[str, Role]]) -> list[str]:
    drill, empty = pair
    out = []
    for path, role in reads:
        a, b = (w.client.get(path, headers=w.auth(role)) for w in (drill, empty))
        assert a.status_code == b.status_code == 200, (path, a.status_code, a.text[:200])
        if _real(a.json()) != _real(b.json()):
            out.append(path)
    return out


def _by_fold(figs: FigureSet, folds: list[Any]) -> list[list[tuple[Any, ...]]]:
    """The figures of each fold (a fold's keys start with its section's name)."""
    out = []
    for f in folds:
        keys = {x.key for x in f.figures(figs.period)}
        out.append([(x.key, x.value, dict(x.detail)) for x in figs.figures if x.key in keys])
    return out


@pytest.mark.slow
def test_exercise_data_alone_shows_in_no_real_view(pair: tuple[Web, Web]) -> None:
    assert _leaks(pair, REAL) == []
    for path in PORTAL:  # real records by default
        a, b = (w.client.get(path) for w in pair)
        assert a.status_code == b.status_code == 200, path
        assert _same_text(a.text) == _same_text(b.text), path
    # the report: a fold whose figures differ from the empty mission's says that they rest on exercise records
    period = Period(dt.date(2025, 11, 17), END)
    (mixed, folds), (alone, _) = (w.app.reports.figures_at(period) for w in pair)
    for f, a, b in zip(folds, _by_fold(mixed, folds), _by_fold(alone, folds), strict=True):
        assert a == b or getattr(f, "exercise_counted", False), type(f).__name__
    # and the exercise views do show them (the comparison above can tell)
    drill, empty = pair
    ex = "/api/v1/map/crossings?records=exercise"
    assert drill.client.get(ex).json() != empty.client.get(ex).json()
    assert "(exercise)" in drill.client.get("/portal/withdrawal?records=exercise").text
    for path in ("/api/v1/force/tree", "/api/v1/disarmament/weapons", "/api/v1/withdrawal/phases"):
        asked = [w.client.get(f"{path}?records=exercise", headers=w.auth(Role.FORCE_HQ)).json() for w in pair]
        assert asked[0] != asked[1], path

