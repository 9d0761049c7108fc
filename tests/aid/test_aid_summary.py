"""Throughput against the target, interception rate, plots; the exercise generator; the CLI end to end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers_aid import entries
from sqlalchemy import select

from custodes.aid import cargo
from custodes.aid.store import consignments, crossing_status, hazard_zones, notifications
from custodes.aid.summary import plot_summary, summarise
from custodes.app import Custodes
from custodes.cli.main import main
from custodes.errors import InputError
from custodes.settings import Settings


def _fill(app: Custodes) -> None:
    day = dt.date(2026, 11, 20)
    for i, (crossing, trucks, fate) in enumerate([("kerem-shalom", 400, "deliver"), ("kerem-shalom", 250, "deliver"),
                                                  ("zikim", 50, "intercept"), ("rafah", 100, None)]):
        c = cargo.register_consignment(app.store, "a", agency="WFP", crossing=crossing, category="food",
                                         trucks=trucks, tonnes=trucks * 15, date=day if i < 3 else day.replace(day=21),
                                         id=f"c{i}")
        if fate:
            for step in ("clear", "stage", "offload", "enter", "collect"):
                cargo.move_consignment(app.store, "force", c.id, step)
            cargo.move_consignment(app.store, "force", c.id, fate, by="crowds" if fate == "intercept" else None)


def test_throughput_and_interceptions(any_app: Custodes, tmp_path: Path) -> None:
    app = any_app
    _fill(app)
    s = summarise(app.store, ["crossing", "unit"], target=600)
    assert [(r[0], r[1], r[2], r[4]) for r in s.rows] == [
        ("kerem-shalom", "trucks", 2, 650), ("rafah", "trucks", 1, 100), ("zikim", "trucks", 1, 50)]
    assert (s.days, s.days_at_target) == (2, 1) and s.trucks_per_day == pytest.approx(400)
    assert (s.intercepted, s.delivered) == (1, 2) and s.interception_rate == pytest.approx(1 / 3)
    by_day = summarise(app.store, ["day"], start=dt.date(2026, 11, 20), end=dt.date(2026, 11, 20))
    assert by_day.rows[0][2] == 700 and by_day.days == 1
    for name in ("a.png", "a.svg"):
        plot_summary(s, tmp_path / name)
        assert (tmp_path / name).stat().st_size > 1000
    assert (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(InputError, match=".png or .svg"):
        plot_summary(s, tmp_path / "a.pdf")
    with pytest.raises(InputError, match="cannot group by"):
        summarise(app.store, ["colour"])


def test_cli_summary_formats_and_refusals(app: Custodes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(app)
    d = ["--data-dir", str(app.settings.data_dir)]

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as e:
            main([*d, *args])
        out, err = capsys.readouterr()
        return int(e.value.code or 0), out, err

    code, out, _ = run("aid", "summary", "--by", "crossing", "--format", "csv", "--plot", str(tmp_path / "p.svg"))
    assert code == 0 and out.splitlines()[0] == "crossing,consignments,trucks,tonnes"
    assert "kerem-shalom,2,650,9750" in out and (tmp_path / "p.svg").is_file()
    code, out, _ = run("aid", "summary", "--by", "category", "--format", "json")
    assert json.loads(out)["interceptions"]["intercepted"] == 1
    code, _, err = run("aid", "move", "c3", "deliver")
    assert code == 2 and "consignment.deliver_not_from_registered" in err and err.count("\n") == 1
    code, out, _ = run("aid", "route", "kerem-shalom", "zikim", "--json")
    assert code == 0 and json.loads(out)["found"]
    code, out, _ = run("aid", "export", str(tmp_path / "x.csv"), "--format", "hxl")
    assert code == 0 and "wrote 4" in out


def _dump(app: Custodes) -> list[tuple[object, ...]]:
    out = []
    with app.store.read() as conn:
        for t in (consignments, crossing_status, hazard_zones, notifications):
            out += [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
    return out


def test_exercise_is_deterministic_and_removable(app: Custodes, tmp_path: Path, clock: object) -> None:
    cargo.register_consignment(app.store, "a", agency="WFP", crossing="rafah", category="food", trucks=3, id="real")
    (res,) = [r for r in app.exercise(11, dt.date(2025, 12, 20)) if r.domain == "aid"]  # other modules run too
    assert res.records > 50
    other = Custodes.open(Settings(data_dir=tmp_path / "o"), clock=app.clock, create=True)
    other.init()
    other.exercise(11, dt.date(2025, 12, 20))
    mine = [r for r in _dump(app) if r[0] != "real"]
    theirs = _dump(other)

    def strip(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:  # crossing_status ids are autoincrement
        return [r for r in rows if not isinstance(r[0], int)]

    assert strip(mine) == strip(theirs)
    s = summarise(app.store, ["state"], source="exercise")
    assert len(s.rows) >= 3 and "delivered" in {r[0] for r in s.rows}  # consignments reach several states
    (removed,) = [r for r in app.remove_exercise() if r.domain == "aid"]
    assert removed.records == res.records
    assert [c.id for c in cargo.list_consignments(app.store, limit=50, offset=0)] == ["real"]
    assert entries(app, "aid.exercise_withdrawn")[0]["ex"] is True


def test_running_totals_equal_a_scan_of_the_table(any_app: Custodes, shared_data: Path, tmp_path: Path) -> None:
    """The totals summaries read are kept right by registration, moves, imports and exercise data."""
    from sqlalchemy import func

    from custodes.aid.imports import import_file
    from custodes.aid.store import consignment_totals

    app = any_app
    _fill(app)
    small = tmp_path / "u.csv"
    with (shared_data / "unrwa_gaza_commodities_received_2023-10-21_2024-09-30.csv").open(encoding="utf-8") as f:
        small.write_text("".join(line for _, line in zip(range(501), f, strict=False)), encoding="utf-8")
    import_file(app.store, "importer", small, "unrwa")
    app.exercise(5, dt.date(2025, 11, 30))
    cargo.move_consignment(app.store, "force", "c3", "reject")
    c, t = consignments.c, consignment_totals.c
    keys = [c.date, func.coalesce(c.crossing, ""), func.coalesce(c.unit, ""), c.state, c.exercise]
    with app.store.read() as conn:
        scan = {tuple(r[:-3]): tuple(float(x or 0) for x in r[-3:]) for r in conn.execute(
            select(*keys, func.count(), func.coalesce(func.sum(c.quantity), 0), func.coalesce(func.sum(c.trucks), 0))
            .group_by(*keys))}
        tkeys = [t.date, t.crossing, t.unit, t.state, t.exercise]
        kept = {tuple(r[:-3]): tuple(float(x or 0) for x in r[-3:]) for r in conn.execute(
            select(*tkeys, func.sum(t.n), func.sum(t.quantity), func.sum(t.trucks)).group_by(*tkeys)
            .having(func.sum(t.n) > 0))}
    assert kept == scan
    app.remove_exercise()
    s = summarise(app.store, ["source"])
    assert {r[0]: r[1] for r in s.rows} == {"manual": 4, "unrwa": 500}
