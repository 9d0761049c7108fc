"""The security pillar's exercise generators (deterministic per seed, removable) and its CLI end to end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from custodes.app import Custodes
from custodes.cli.main import main
from custodes.disarmament.service import NewWeapon
from custodes.disarmament.store import weapons, zone_day_counts
from custodes.errors import IllegalTransition
from custodes.exercise import ExercisePeriod
from custodes.force.model import Node
from custodes.settings import Settings

PERIOD = ExercisePeriod(dt.date(2025, 11, 17), dt.date(2026, 11, 27))


def generate(app: Custodes, seed: int) -> dict[str, Any]:
    for g in (app.exercise_generator("force"), app.exercise_generator("disarmament", weapons=120, sites=10),
              app.exercise_generator("withdrawal")):
        g.generate(seed, PERIOD)
    with app.store.read() as conn:
        rows = [tuple(r) for r in conn.execute(select(weapons).order_by(weapons.c.id))]
    return {"weapons": rows, "summary": app.disarmament.summary().as_json(),
            "status": [s.as_json() for s in app.withdrawal.status(PERIOD.end)],
            "strength": app.force.strength(PERIOD.end).as_json(), "tree": app.force.tree()}


def fresh(tmp_path: Path, name: str, clock: Any) -> Custodes:
    a = Custodes.open(Settings(data_dir=tmp_path / name), clock=clock, create=True)
    a.init()
    return a


def test_same_seed_same_records_and_all_labelled(tmp_path: Path, clock: Any) -> None:
    one, two = fresh(tmp_path, "a", clock), fresh(tmp_path, "b", clock)
    a, b = generate(one, 7), generate(two, 7)
    assert a == b
    assert a != generate(fresh(tmp_path, "c", clock), 8)
    s = a["summary"]
    assert s["registered"] == s["exercise_records"] == 120 and s["destroyed"] > 0
    assert {"IDN", "AZE", "XEA", "XEB"} == set(a["strength"]["by_state"])
    assert all(p["name"].startswith("(exercise)") for p in a["status"])
    assert a["status"][0]["status"] in {"completed", "due", "overdue", "eligible", "pending"}
    with one.store.read() as conn:
        assert conn.execute(select(func.count()).where(weapons.c.exercise.is_(False))).scalar_one() == 0


def test_the_exercise_obeys_the_same_rules(app: Custodes) -> None:
    app.force.add_node(Node("REAL-HQ", "hq", "real", None, None, "Force Commander"), actor="test")
    with pytest.raises(IllegalTransition, match="second-headquarters"):
        app.exercise_generator("force").generate(1, PERIOD)
    assert [n["id"] for n in app.force.tree()] == ["REAL-HQ"]  # nothing half-written


def test_removal(app: Custodes) -> None:
    gens = [app.exercise_generator("force"), app.exercise_generator("disarmament", weapons=50, sites=5),
            app.exercise_generator("withdrawal")]
    for g in gens:
        g.generate(1, PERIOD)
    real = app.disarmament.register([NewWeapon("pistol", unit="U1")], actor="test")[0]
    results = [g.remove() for g in reversed(gens)]
    assert all(r.records > 0 and r.entries > 0 for r in results)
    assert app.disarmament.summary().registered == 1 and app.disarmament.weapon(real.id).exercise is False
    assert app.force.tree() == [] and app.withdrawal.status(PERIOD.end) == []
    with app.store.read() as conn:  # the derived per-zone counts were recomputed without the exercise
        assert conn.execute(select(func.sum(zone_day_counts.c.registered))).scalar_one() == 1
        assert conn.execute(select(func.sum(zone_day_counts.c.destroyed))).scalar_one() == 0


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out, err = capsys.readouterr()
    code = e.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.mark.slow
def test_cli_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(tmp_path / "data")]
    assert run(capsys, *d, "init")[0] == 0
    cmds = [
        ("force", "node-add", "HQ", "--kind", "hq", "--name", "ISF HQ", "--commander-role", "Force Commander"),
        ("force", "node-add", "C-IDN", "--kind", "contingent", "--name", "Indonesia", "--parent", "HQ",
         "--state", "IDN", "--commander-role", "Contingent Commander"),
        ("force", "node-add", "U-1", "--kind", "unit", "--name", "1st bn", "--parent", "C-IDN",
         "--commander-role", "Battalion Commander"),
        ("force", "state-report", "IDN", "--pledged", "2000", "--deployed", "450", "--on", "2026-02-01"),
        ("disarm", "register", "--type", "pistol", "--unit", "U-1", "--zone", "PS0275", "--collected-on",
         "2026-02-01", "--site", "CP-1", "--receipt", "R-1", "--handed-over-by", "group A"),
        ("disarm", "store", "1", "--depot", "D-1", "--unit", "U-1", "--on", "2026-02-02"),
        ("disarm", "destroy", "1", "--place", "D-1", "--method", "cutting", "--unit", "U-1", "--on", "2026-02-03",
         "--witness", "ISF:officer", "--witness", "monitor:observer"),
    ]
    for c in cmds:
        code, out, err = run(capsys, *d, *c)
        assert code == 0, (c, err)
    code, _, err = run(capsys, *d, "disarm", "destroy", "1", "--place", "D-1", "--method", "cutting", "--unit",
                       "U-1", "--witness", "ISF:a", "--witness", "monitor:b")
    assert code == 2 and "refused (destroyed-twice)" in err and err.count("\n") == 1
    code, out, _ = run(capsys, *d, "disarm", "summary", "--json")
    s = json.loads(out)
    assert (s["registered"], s["in_custody"], s["destroyed"]) == (1, 0, 1) and s["by_zone"]["PS0275"]["destroyed"] == 1
    code, out, _ = run(capsys, *d, "disarm", "show", "1", "--json")
    assert "group A" not in out and json.loads(out)["certificate"].startswith("sha256:")
    geo = tmp_path / "line.geojson"
    geo.write_text(json.dumps({"type": "LineString", "coordinates": [[34.24, 31.30], [34.30, 31.25]]}))
    code, _, err = run(capsys, *d, "withdrawal", "define", "P1", "--name", "line one", "--kind", "line",
                       "--geometry", str(geo), "--days", "30", "--weapons", "PS0275:1", "--not-before", "2026-02-10")
    assert code == 0, err
    code, out, _ = run(capsys, *d, "withdrawal", "status", "--json", "--on", "2026-02-11")
    st = json.loads(out)[0]
    assert st["status"] == "due" and st["due_by"] == "2026-03-12" and st["milestones_missing"] == []
    code, out, _ = run(capsys, *d, "force", "strength", "--json", "--on", "2026-02-05")
    assert json.loads(out)["by_state"]["IDN"] == {"pledged": 2000, "deployed": 450}
    assert run(capsys, *d, "force", "tree")[0] == 0
    assert run(capsys, *d, "disarm", "summary")[0] == 0
    assert run(capsys, *d, "withdrawal", "status")[0] == 0
