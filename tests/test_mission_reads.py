"""The mission's read use cases (app.mission): mandates paged with database totals, the Council on a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from custodes.app import Custodes
from custodes.errors import NotFound


def test_mandates_page_with_totals_and_the_in_force_filter(app: Custodes, clock: Any) -> None:
    every = app.mission.mandates(limit=50, offset=0)
    assert every.total == len(every) >= 2
    one = app.mission.mandates(limit=1, offset=1)
    assert one.total == every.total and [m.resolution for m in one] == [every.items[1].resolution]
    assert one.items[0].tasks == every.items[1].tasks
    in_force = app.mission.mandates(in_force=True, limit=50, offset=0)
    ended = app.mission.mandates(in_force=False, limit=50, offset=0)
    assert in_force.total + ended.total == every.total
    assert all(m.view.in_force for m in in_force) and not any(m.view.in_force for m in ended)
    clock.now = dt.datetime(2028, 1, 1, tzinfo=dt.UTC)  # after every mandate's end
    assert app.mission.mandates(in_force=True, limit=50, offset=0).total == 0
    assert app.mission.mandates(in_force=False, limit=50, offset=0).total == every.total
    board = app.mission.mandates(body="board-of-peace", limit=50, offset=0)
    assert board.total >= 1 and {m.view.body for m in board} == {"board-of-peace"}


def test_the_council_on_a_day(app: Custodes) -> None:
    members = app.mission.council(dt.date(2026, 3, 1))
    assert len(members) == 15 and {m.seat for m in members} == {"permanent", "elected"}
    with pytest.raises(NotFound, match="1990"):
        app.mission.council(dt.date(1990, 1, 1))
