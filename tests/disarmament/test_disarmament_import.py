"""Imports of weapons and sites from HXL CSV: good files, bad rows named by line and field, --skip-bad."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from custodes.app import Custodes
from custodes.disarmament.imports import import_sites, import_weapons
from custodes.disarmament.store import sites, weapons
from custodes.errors import InputError
from custodes.ledger.sequencer import journal

HEAD = ("Type,Model,Calibre,Maker,Country,Year,Serial,Zone,Lat,Lon,Unit,Collected,Site,Receipt,Handed over by\n"
        "#item+type,#item+model,#item+calibre,#org+manufacturer,#country+code+manufacture,"
        "#date+manufacture+year,#item+serial,#adm1+code,#geo+lat,#geo+lon,#org+unit,#date+collected,#loc+site,"
        "#meta+receipt,#org+handover\n")
GOOD = [
    "assault rifle,AKM,7.62x39mm,Izhmash,RUS,1975,AB1,PS0260,,,U-IDN-1,2026-02-01,CP-1,R-1,group A",
    "pistol,TT-33,7.62x25mm,Tula,RUS,1950,,,31.2752,34.2558,U-IDN-1,,,,",
]


def write(tmp_path: Path, rows: list[str], head: str = HEAD, name: str = "w.csv") -> Path:
    p = tmp_path / name
    p.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def counts(app: Custodes) -> tuple[int, int]:
    with app.store.read() as conn:
        return (conn.execute(select(func.count()).select_from(weapons)).scalar_one(),
                conn.execute(select(func.count()).select_from(journal)).scalar_one())


def test_a_good_file(app: Custodes, tmp_path: Path) -> None:
    r = import_weapons(app.disarmament, write(tmp_path, GOOD), actor="test")
    assert (r.imported, r.skipped, r.report) == (2, 0, None)
    first, second = (app.disarmament.weapon(int(i)) for i in r.ids)
    assert (first.custody.status, first.custody.place, first.weapon.zone) == ("collected", "CP-1", "PS0260")
    assert (second.custody.status, second.weapon.zone) == ("registered", "PS0275")  # zone from the point
    assert second.weapon.mark.startswith("ISF-U")


@pytest.mark.parametrize(("row", "field", "problem"), [
    ("blaster,,,,,,,PS0260,,,U1,,,,", "type", "unknown weapon type"),
    ("pistol,,,,,19x5,,PS0260,,,U1,,,,", "year_of_manufacture", "not a year"),
    ("pistol,,,,,,,PS9999,,,U1,,,,", "zone", "not a governorate"),
    ("pistol,,,,,,,,35.0,35.0,U1,,,,", "lat", "outside every governorate"),
    ("pistol,,,,,,,PS0260,,,U1,2026-13-01,CP,R,", "collected_on", "not a date"),
    ("pistol,,,,,,,PS0260,,,U1,2026-02-01,,R,", "site", "collection site"),
    ("pistol,,,,,,,PS0260,,,,,,,", "unit", "required"),
])
def test_a_bad_row_is_named_by_line_and_field_and_nothing_is_written(
        app: Custodes, tmp_path: Path, row: str, field: str, problem: str) -> None:
    before = counts(app)
    with pytest.raises(InputError) as e:
        import_weapons(app.disarmament, write(tmp_path, [*GOOD, row]), actor="test")
    assert (e.value.line, e.value.field) == (5, field) and problem in e.value.problem
    assert f"line 5, field '{field}'" in str(e.value)
    assert counts(app) == before


def test_skip_bad_imports_the_good_rows_and_reports_the_bad(app: Custodes, tmp_path: Path) -> None:
    report = tmp_path / "bad.csv"
    r = import_weapons(app.disarmament,
                       write(tmp_path, ["blaster,,,,,,,,,,U1,,,,", *GOOD, "pistol,,,,,,,PS9,,,U1,,,,"]),
                       skip_bad=True, report=report, actor="test")
    assert (r.imported, r.skipped, r.report) == (2, 2, report)
    rows = list(csv.reader(report.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["line", "field", "problem"] and [x[:2] for x in rows[1:]] == [["3", "type"], ["6", "zone"]]


def test_files_without_hashtags_or_required_columns(app: Custodes, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no HXL hashtag row"):
        import_weapons(app.disarmament, write(tmp_path, ["pistol,U1"], head="Type,Unit\n"), actor="test")
    with pytest.raises(InputError, match=r"#org\+unit"):
        import_weapons(app.disarmament, write(tmp_path, ["pistol"], head="Type\n#item+type\n"), actor="test")
    with pytest.raises(InputError, match="no such file"):
        import_weapons(app.disarmament, tmp_path / "missing.csv", actor="test")


SITE_HEAD = ("Id,Kind,Name,Lat,Lon,GeoJSON,Found,Unit\n"
             "#loc+code,#loc+type,#loc+name,#geo+lat,#geo+lon,#geo+geojson,#date+found,#org+unit\n")


def test_sites_import(app: Custodes, tmp_path: Path) -> None:
    tunnel = '"{""type"": ""LineString"", ""coordinates"": [[34.45, 31.5], [34.46, 31.5]]}"'
    good = [f"T-1,tunnel,north tunnel,,,{tunnel},2026-01-05,U-IDN-1",
            "W-1,workshop,lathe shop,31.35,34.30,,2026-01-06,U-IDN-1"]
    r = import_sites(app.disarmament, write(tmp_path, good, SITE_HEAD, "s.csv"), actor="test")
    assert r.imported == 2
    rows = {s["id"]: s for s in app.disarmament.sites()}
    assert rows["T-1"]["length_m"] > 900 and rows["W-1"]["zone"] == "PS0270"
    bad = [*good[:1], "T-2,castle,,31.35,34.30,,2026-01-06,U1", "T-3,tunnel,,,,,2026-01-06,U1",
           "T-4,tunnel,,31.35,34.30,,2026-01-06,U1", "T-4,tunnel,,31.35,34.30,,2026-01-06,U1"]
    with pytest.raises(InputError) as e:
        import_sites(app.disarmament, write(tmp_path, bad, SITE_HEAD, "s2.csv"), actor="test")
    assert (e.value.line, e.value.field) == (3, "id") and "already registered" in e.value.problem
    r = import_sites(app.disarmament, write(tmp_path, bad, SITE_HEAD, "s2.csv"), skip_bad=True, actor="test")
    assert (r.imported, r.skipped, r.ids) == (1, 4, ("T-4",))
    assert r.report is not None
    report = list(csv.reader(r.report.read_text(encoding="utf-8").splitlines()))
    assert [x[:2] for x in report[1:]] == [["3", "id"], ["4", "kind"], ["5", "lat"], ["7", "id"]]
    with app.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(sites)).scalar_one() == 3
