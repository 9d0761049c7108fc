"""The aid fold on hand-made entries: imported rows, exercise records withdrawn, older import entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from custodes.aid.imports import JOURNAL_COLUMNS
from custodes.reports.aid_fold import AidFold
from custodes.reports.figures import Period

PERIOD = Period(dt.date(2026, 9, 1), dt.date(2026, 9, 30))


def _e(kind: str, rec: dict[str, Any], at: str = "2026-09-02T08:00:00Z", ex: bool = False) -> dict[str, Any]:
    return {"kind": kind, "rec": rec, "at": at, "ex": ex}


def _registered(cid: str, crossing: str, trucks: int, tonnes: str | None, ex: bool = False) -> dict[str, Any]:
    return _e("aid.consignment_registered", {"id": cid, "crossing": crossing, "trucks": trucks, "tonnes": tonnes,
                                             "source": "exercise" if ex else "manual"}, ex=ex)


def _moved(cid: str, to: str, at: str, by: str | None = None) -> dict[str, Any]:
    return _e("aid.consignment_moved", {"id": cid, "to": to, "by": by}, at=at)


def _imported(rows: list[list[Any]], ex: bool = False, columns: tuple[str, ...] = JOURNAL_COLUMNS) -> dict[str, Any]:
    return _e("aid.consignments_imported", {"source": "unrwa", "columns": list(columns), "rows": rows,
                                            "count": len(rows)}, ex=ex)


def _row(cid: str, day: str, qty: str, unit: str, trucks: int | None, tonnes: str | None,
         state: str = "entered") -> list[Any]:
    return [cid, "0" * 64, day, "rafah", "Land Crossings", "Food Items", qty, unit, trucks, tonnes, state]


def _figures(entries: list[dict[str, Any]], rule: int = 1) -> tuple[AidFold, dict[str, tuple[Any, dict[str, Any]]]]:
    """The figures under truck ``rule`` (the tests above rule 2's show that rule 1 reports still compute)."""
    fold = AidFold(600, rule)
    for e in entries:
        fold.feed(e)
    return fold, {f.key: (f.value, dict(f.detail)) for f in fold.figures(PERIOD)}


def test_registered_imported_and_intercepted_count_once_each() -> None:
    fold, got = _figures([
        _registered("a", "zikim", 700, "100.5"), _moved("a", "entered", "2026-09-03T09:00:00Z"),
        _imported([_row("unrwa:1", "2026-09-03", "5", "Truck", 5, None),
                   _row("unrwa:2", "2026-09-04", "2.5", "MT", None, "2.5"),
                   _row("unrwa:3", "2026-09-05", "40", "Pallets", None, None, "intercepted"),
                   _row("unrwa:4", "2026-08-31", "9", "Truck", 9, None)]),  # the day before the period
        _moved("unrwa:1", "intercepted", "2026-09-06T09:00:00Z", by="crowds"),
    ])
    assert got["aid.trucks_entered"] == (705, {"rafah": 5, "zikim": 700})
    assert got["aid.tonnes_entered"] == ("103.0", {"rafah": "2.5", "zikim": "100.5"})
    assert got["aid.consignments_entered"] == (4, {"manual": 1, "unrwa": 3})
    assert got["aid.days_target_met"] == (1, {"of": 30})
    assert got["aid.consignments_intercepted"] == (2, {"crowds": 1, "not stated": 1})
    assert got["aid.interception_rate"][0] == "50.0"  # 2 of the 4 entered (both intercepted ones entered)
    assert got["aid.consignments_imported"] == (3, {"unrwa": 3})
    assert got["aid.imported_quantity_by_unit"] == (3, {"MT": "2.5", "Pallets": "40", "Truck": "5"})
    assert fold.daily_trucks(PERIOD)[dt.date(2026, 9, 3)] == 705
    assert not fold.exercise_counted


def test_withdrawn_exercise_records_leave_every_figure() -> None:
    real = [_registered("a", "zikim", 10, None), _moved("a", "entered", "2026-09-03T09:00:00Z")]
    exercise = [_registered("x", "zikim", 650, "9", ex=True), _moved("x", "entered", "2026-09-03T10:00:00Z"),
                _imported([_row("unrwa:9", "2026-09-04", "7", "Truck", 7, None)], ex=True)]
    fold, got = _figures(real + exercise)
    assert got["aid.trucks_entered"][0] == 667 and fold.exercise_counted
    fold, got = _figures([*real, *exercise, _e("aid.exercise_withdrawn", {})])
    assert got["aid.trucks_entered"] == (10, {"zikim": 10})
    assert got["aid.tonnes_entered"] == ("0", {})
    assert got["aid.consignments_imported"] == (0, {}) and got["aid.days_target_met"][0] == 0
    assert not fold.exercise_counted


def test_missing_columns_read_as_null_and_older_entries_are_counted() -> None:
    columns = tuple(c for c in JOURNAL_COLUMNS if c not in ("crossing", "tonnes"))
    row = [c for c, name in zip(_row("unrwa:1", "2026-09-03", "3", "MT", None, "3"), JOURNAL_COLUMNS, strict=True)
           if name in columns]
    legacy = _e("aid.consignments_imported", {"count": 2, "rows": "59315 ab\n59316 cd"}, at="2026-09-10T00:00:00Z")
    _, got = _figures([_imported([row], columns=columns), legacy])
    assert got["aid.consignments_entered"] == (1, {"unrwa": 1})
    assert got["aid.tonnes_entered"] == ("0", {})  # the tonnes column is not in the entry
    assert got["aid.imported_quantity_by_unit"] == (1, {"MT": "3"})
    assert got["aid.consignments_imported"] == (3, {"unrwa": 1})  # and the two rows of the older entry


def test_rule_2_counts_each_land_row_as_a_truck_also_in_entries_written_under_rule_1() -> None:
    """Rule 2 works trucks out again from the fields of an entry written under rule 1 (no truck_rule), and an
    entry written under rule 2 is read back under rule 1 as rule 1 counted it."""
    sea = _row("unrwa:3", "2026-09-03", "12", "Pallets", None, None)
    sea[3], sea[4] = None, "Maritime Route (JLOTS)"
    rows = [_row("unrwa:1", "2026-09-03", "5", "Truck", 5, None), _row("unrwa:2", "2026-09-03", "40", "Pallets",
                                                                        None, None), sea]
    _, got = _figures([_imported(rows)], rule=2)
    assert got["aid.trucks_entered"] == (2, {"rafah": 2})  # two land rows, two trucks; the sea row is none
    assert got["aid.truck_rule"][0] == 2 and got["aid.source_trucks.unrwa"][0] == 2
    new = _imported([[*r[:8], 1 if r[3] else None, *r[9:]] for r in rows])
    new["rec"]["truck_rule"] = 2
    _, got = _figures([new], rule=1)
    assert got["aid.trucks_entered"] == (5, {"rafah": 5})  # rule 1: the unit said 5 trucks
