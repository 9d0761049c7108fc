"""The force: strength over time, the command tree, areas, deployments, tasks, and their derived views."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from custodes.accounts.model import OrgKind, Role
from custodes.accounts.policy import Principal
from custodes.app import Custodes
from custodes.errors import IllegalTransition, InputError, NotFound, PermissionDenied
from custodes.force.model import Node, StrengthReport

SQ = {"type": "Polygon", "coordinates": [[[34.40, 31.50], [34.45, 31.50], [34.45, 31.55], [34.40, 31.50]]]}
SQ2 = {"type": "Polygon", "coordinates": [[[34.30, 31.30], [34.35, 31.30], [34.35, 31.35], [34.30, 31.30]]]}


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


@pytest.fixture
def force(app: Custodes) -> Custodes:
    f = app.force
    f.add_node(Node("HQ", "hq", "ISF HQ", None, None, "Force Commander"), actor="test")
    f.add_node(Node("S-N", "sector", "Sector North", "HQ", None, "Sector Commander"), actor="test")
    f.add_node(Node("C-IDN", "contingent", "Indonesia", "S-N", "IDN", "Contingent Commander"), actor="test")
    f.add_node(Node("C-AZE", "contingent", "Azerbaijan", "HQ", "AZE", "Contingent Commander"), actor="test")
    # the unit's state is inherited
    f.add_node(Node("U-1", "unit", "1st battalion", "C-IDN", None, "Battalion Commander"), actor="test")
    f.add_node(Node("U-2", "unit", "2nd battalion", "C-AZE", "AZE", "Battalion Commander"), actor="test")
    f.add_area("A-N", "north", SQ, actor="test")
    f.add_area("A-S", "south", SQ2, actor="test")
    return app


def test_the_tree_and_its_rules(force: Custodes) -> None:
    f = force.force
    tree = f.tree()
    assert [n["id"] for n in tree] == ["HQ"]
    assert [n["id"] for n in tree[0]["children"]] == ["C-AZE", "S-N"]
    unit = tree[0]["children"][1]["children"][0]["children"][0]
    assert (unit["id"], unit["state"], unit["commander_role"]) == ("U-1", "IDN", "Battalion Commander")
    cases = [
        (Node("HQ2", "hq", "x", None, None, "Force Commander"), "second-headquarters"),
        (Node("U-9", "unit", "x", "S-N", "IDN", "Commander"), "bad-parent"),
        (Node("S-9", "sector", "x", "C-IDN", None, "Commander"), "bad-parent"),
        (Node("U-9", "unit", "x", "C-AZE", "IDN", "Commander"), "bad-parent"),
    ]
    for node, name in cases:
        with pytest.raises(IllegalTransition) as e:
            f.add_node(node, actor="test")
        assert e.value.name == name
    with pytest.raises(InputError, match="role"):
        f.add_node(Node("S-9", "sector", "x", "HQ", None, " "), actor="test")
    with pytest.raises(InputError, match="contributing state"):
        # exercise codes only in exercise
        f.add_node(Node("C-9", "contingent", "x", "HQ", "XEA", "Commander"), actor="test")
    with pytest.raises(NotFound):
        f.add_node(Node("U-9", "unit", "x", "C-NOPE", "IDN", "Commander"), actor="test")


def test_strength_by_state_over_time(force: Custodes) -> None:
    f = force.force
    f.report_strength(StrengthReport("IDN", d(1, 1), 2000, 300), actor="test")
    f.report_strength(StrengthReport("IDN", d(2, 1), 2000, 900), actor="test")
    f.report_strength(StrengthReport("AZE", d(1, 15), 500, 0), actor="test")
    assert f.strength(d(1, 10)).by_state == {"IDN": {"pledged": 2000, "deployed": 300}}
    s = f.strength(d(2, 2))
    assert s.by_state == {"AZE": {"pledged": 500, "deployed": 0}, "IDN": {"pledged": 2000, "deployed": 900}}
    assert s.as_json()["totals"]["pledged"] == 2500
    f.report_strength(StrengthReport("IDN", d(2, 1), 2500, 900), actor="test")  # a correction of the same day's report
    assert f.strength(d(2, 2)).by_state["IDN"]["pledged"] == 2500
    with pytest.raises(InputError):
        f.report_strength(StrengthReport("ZZZ", d(1, 1), 1, 1), actor="test")
    with pytest.raises(InputError):
        f.report_strength(StrengthReport("IDN", d(1, 1), -1, 1), actor="test")


def test_deployments_strength_by_area_and_areas_without_a_unit(force: Custodes) -> None:
    f = force.force
    dep = f.deploy("U-1", "A-N", d(1, 10), 450, actor="test")
    f.deploy("U-2", "A-N", d(2, 1), 300, d(2, 28), actor="test")
    assert f.strength(d(1, 5)).uncovered == ("A-N", "A-S")
    s = f.strength(d(2, 15))
    assert s.by_area == {"A-N": {"AZE": 300, "IDN": 450}, "A-S": {}} and s.uncovered == ("A-S",)
    assert f.strength(d(3, 1)).by_area["A-N"] == {"IDN": 450}
    with pytest.raises(IllegalTransition) as e:
        f.deploy("U-1", "A-S", d(3, 1), 100, actor="test")
    assert e.value.name == "unit-already-deployed"
    f.end_deployment(dep.id, d(3, 1), actor="test")
    f.deploy("U-1", "A-S", d(3, 2), 450, actor="test")
    s = f.strength(d(3, 5))
    assert s.by_area == {"A-N": {}, "A-S": {"IDN": 450}} and s.uncovered == ("A-N",)
    with pytest.raises(IllegalTransition) as e:
        f.end_deployment(dep.id, d(3, 3), actor="test")
    assert e.value.name == "deployment-already-ended"
    with pytest.raises(NotFound):
        f.deploy("C-IDN", "A-N", d(5, 1), 10, actor="test")  # only units deploy
    with pytest.raises(InputError):
        f.deploy("U-2", "A-S", d(5, 2), 10, d(5, 1), actor="test")
    assert [x.unit for x in f.deployments(on=d(3, 5))] == ["U-1"]


def test_areas_are_polygons(force: Custodes) -> None:
    with pytest.raises(InputError, match="polygon"):
        force.force.add_area("A-X", "x", {"type": "Point", "coordinates": [34.4, 31.5]}, actor="test")
    with pytest.raises(InputError, match="invalid"):
        force.force.add_area("A-X", "x", json.dumps({"type": "Polygon", "coordinates": [
            [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}), actor="test")
    assert [a["id"] for a in force.force.areas()] == ["A-N", "A-S"]


def test_mandate_tasks(force: Custodes) -> None:
    f = force.force
    f.assign_task("U-1", "demilitarisation", d(1, 1), actor="test")
    f.assign_task("U-1", "border-security", d(1, 1), actor="test")
    assert f.tasks_by_unit() == {"U-1": ["border-security", "demilitarisation"]}
    with pytest.raises(IllegalTransition):
        f.assign_task("U-1", "demilitarisation", d(1, 2), actor="test")
    with pytest.raises(InputError, match="mandate"):
        f.assign_task("U-1", "make-tea", d(1, 2), actor="test")
    with pytest.raises(NotFound):
        f.assign_task("U-7", "demilitarisation", d(1, 2), actor="test")


def test_lists_are_paged_with_database_totals_and_filter_exercise_records(force: Custodes) -> None:
    f = force.force
    f.deploy("U-1", "A-N", d(1, 10), 450, actor="test")
    f.deploy("U-2", "A-S", d(1, 12), 300, d(2, 1), actor="test")
    f.add_area("EX-A", "drill area", SQ, actor="exercise", exercise=True)
    f.deploy("U-2", "EX-A", d(3, 1), 10, actor="exercise", exercise=True)
    first = f.deployments(limit=1)
    assert (len(first), first.total, first.items[0].id) == (1, 3, 1)
    assert [x.id for x in f.deployments(limit=1, offset=2)] == [3]
    assert (f.deployments(exercise=False).total, f.deployments(exercise=True).total) == (2, 1)
    assert [x.unit for x in f.deployments(on=d(3, 2), exercise=False)] == ["U-1"]
    assert f.strength(d(3, 2), exercise=False).by_area == {"A-N": {"IDN": 450}, "A-S": {}}
    assert f.strength(d(3, 2), exercise=True).by_area == {"EX-A": {"AZE": 10}}
    assert [a["id"] for a in f.areas(exercise=True)] == ["EX-A"] and f.tree(exercise=True) == []
    f.assign_task("U-1", "demilitarisation", d(1, 1), actor="test")
    assert f.task_assignments(unit="U-1").total == 1 and f.task_assignments(exercise=True).total == 0


def test_a_contingent_acts_for_its_own_units_only(force: Custodes) -> None:
    f = force.force
    idn = Principal(Role.CONTINGENT, account=7, org="c-idn", org_kind=OrgKind.CONTINGENT)
    with pytest.raises(PermissionDenied, match="c-aze"):
        f.deploy("U-2", "A-N", d(1, 10), 10, actor="c-idn#7", acting=idn)
    with pytest.raises(PermissionDenied, match="reports for IDN"):
        f.report_strength(StrengthReport("AZE", d(1, 1), 1, 1), actor="c-idn#7", acting=idn)
    with pytest.raises(PermissionDenied, match="headquarters"):
        f.assign_task("U-1", "demilitarisation", d(1, 1), actor="c-idn#7", acting=idn)
    assert f.deployments().total == 0 and f.strength(d(1, 2)).by_state == {}  # nothing written
    f.deploy("U-1", "A-N", d(1, 10), 10, actor="c-idn#7", acting=idn)
    f.report_strength(StrengthReport("IDN", d(1, 1), 1, 1), actor="c-idn#7", acting=idn)
    assert f.units_acted_for(idn) == ["C-IDN", "U-1"] and f.deployments(owner="c-idn").total == 1
