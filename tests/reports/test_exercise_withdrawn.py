"""Every report fold reads every shape a ``<domain>.exercise_withdrawn`` entry was ever written in.

Entries before the one exercise contract carried five payloads; new ones carry ``{"table", "ids"}``. Whatever
the shape, a fold fed real and exercise records and then the withdrawal gives the figures of the real records
alone (and no longer says that a figure rests on exercise data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from custodes.reports.aid_fold import AidFold
from custodes.reports.disarmament_fold import DisarmamentFold
from custodes.reports.figures import Period
from custodes.reports.folds_base import ExerciseAware
from custodes.reports.force_fold import ForceFold
from custodes.reports.funding_fold import FundingFold
from custodes.reports.grievances_fold import ParticipationFold
from custodes.reports.incidents_fold import IncidentsFold
from custodes.reports.withdrawal_fold import WithdrawalFold

PERIOD = Period(dt.date(2026, 9, 1), dt.date(2026, 9, 30))
AT = "2026-09-02T08:00:00Z"

#: the payloads written before the one contract, by domain, and the one written now
OLD_SHAPES: dict[str, dict[str, Any]] = {
    "aid": {"consignments": 1, "crossing_status": 0, "notifications": 0, "hazard_zones": 0},
    "incidents": {"records": 1},
    "participation": {"grievances": 1, "organisations": 0},
    "force": {"table": "force_strength_reports", "records": 1},
    "disarmament": {"table": "weapons", "records": 1},
    "withdrawal": {"table": "withdrawal_phases", "records": 1},
    "board": {"table": "funding_transactions", "ids": ["x"]},
}
NEW_SHAPE = {"table": "some_table", "ids": ["x"]}


def _e(kind: str, rec: dict[str, Any], ex: bool = False, at: str = AT) -> dict[str, Any]:
    return {"kind": kind, "rec": rec, "at": at, "ex": ex, "v": 1, "i": 0}


# for each fold: a maker, and the entries of one record (real when ex is False) that its figures count
RECORDS: dict[str, tuple[Callable[[], ExerciseAware], Callable[[str, bool], list[dict[str, Any]]]]] = {
    "aid": (lambda: AidFold(600), lambda i, ex: [
        _e("aid.consignment_registered", {"id": i, "crossing": "zikim", "trucks": 10 if not ex else 650,
                                          "tonnes": None, "source": "manual"}, ex),
        _e("aid.consignment_moved", {"id": i, "to": "entered", "by": None}, ex, "2026-09-03T09:00:00Z")]),
    "incidents": (IncidentsFold, lambda i, ex: [
        _e("incidents.reported", {"id": i, "event_date": "2026-09-02", "event_type": "Protests", "pcode": "PS0255",
                                  "fatalities": 0 if not ex else 7}, ex),
        _e("incidents.verified", {"id": i, "to": "verified"}, ex)]),
    "participation": (ParticipationFold, lambda i, ex: [
        _e("participation.grievance_filed", {"id": i, "category": "aid" if not ex else "security"}, ex)]),
    "force": (ForceFold, lambda i, ex: [
        _e("force.strength_reported", {"state": "IDN" if not ex else "XEA", "on": "2026-09-02",
                                       "pledged": 100, "deployed": 50}, ex)]),
    "disarmament": (DisarmamentFold, lambda i, ex: [
        _e("disarmament.weapon_registered", {"id": i, "type": "pistol", "registered_on": "2026-09-02"}, ex),
        _e("disarmament.destroyed", {"weapon": i, "on": "2026-09-05"}, ex)]),
    "withdrawal": (WithdrawalFold, lambda i, ex: [
        _e("withdrawal.phase_defined", {"id": i}, ex),
        _e("withdrawal.phase_completed", {"phase": i, "on": "2026-09-05"}, ex)]),
    "board": (FundingFold, lambda i, ex: [
        _e("board.funding_transaction", {"id": i, "type": 13, "currency": "USD", "amount": "1000" if not ex else
                                         "9000000", "on": "2026-09-02", "donor": "EU"}, ex)]),
}


def _fold(domain: str, entries: list[dict[str, Any]]) -> tuple[ExerciseAware, list[Any]]:
    make, _ = RECORDS[domain]
    fold = make()
    for e in entries:
        fold.feed(e)
    return fold, [(f.key, f.value, dict(f.detail)) for f in fold.figures(PERIOD)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("shape", ["old", "new"])
@pytest.mark.parametrize("domain", sorted(RECORDS))
def test_a_withdrawal_in_any_shape_leaves_the_real_figures(domain: str, shape: str) -> None:
    _, record = RECORDS[domain]
    real, exercise = record("r1", False), record("x", True)
    _, alone = _fold(domain, real)
    mixed_fold, mixed = _fold(domain, real + exercise)
    assert mixed != alone and mixed_fold.exercise_counted  # the exercise record counts until withdrawn
    payload = OLD_SHAPES[domain] if shape == "old" else NEW_SHAPE
    withdrawn = _e(f"{domain}.exercise_withdrawn", payload, ex=True)
    fold, after = _fold(domain, real + exercise + [withdrawn])
    assert after == alone and not fold.exercise_counted and not fold.exercise


def test_every_old_shape_is_named() -> None:
    """Five payloads were written before the contract (the security pillar's three domains share one)."""
    shapes = {tuple(sorted(p)) for p in OLD_SHAPES.values()}
    assert len(shapes) == 5 and ("ids", "table") in shapes
