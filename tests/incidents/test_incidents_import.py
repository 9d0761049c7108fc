"""ACLED-format import on good and broken files, skip-bad reports, re-import, HXL and GeoJSON exchange."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from custodes.app import Custodes
from custodes.errors import InputError
from custodes.incidents.acled import COLUMNS
from custodes.incidents.exchange import check_hxl, export_incidents, import_incidents
from custodes.incidents.sample import sample_rows
from custodes.incidents.store import incidents
from custodes.ledger.sequencer import journal


def write(path: Path, rows: list[list[str]], header: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def counts(app: Custodes) -> tuple[int, int]:
    with app.store.read() as conn:
        return (int(conn.execute(select(func.count()).select_from(incidents)).scalar_one()),
                int(conn.execute(select(func.count()).select_from(journal)).scalar_one()))


def test_good_file_imports_fills_admin_fields_and_reimport_adds_nothing(app: Custodes, tmp_path: Path) -> None:
    rows = sample_rows(900, seed=7)
    rows[0][COLUMNS.index("event_date")] = "05 January 2026"  # ACLED's own date style
    rows[1][COLUMNS.index("inter1")] = "State forces"  # ACLED's newer text actor types
    rows[1][COLUMNS.index("interaction")] = ""
    path = write(tmp_path / "acled.csv", rows)
    r = import_incidents(app.incidents, path, "importer")
    assert (r.rows, r.added, r.unchanged, r.refused, r.entries) == (900, 900, 0, (), 3)
    first = app.incidents.get("SMP1")
    assert first["event_date"] == "2026-01-05" and first["admin1"] == "Gaza Strip"
    assert first["admin2"] in {"North Gaza", "Gaza", "Deir Al-Balah", "Khan Younis", "Rafah"}
    assert app.incidents.get("SMP2")["inter1"] == 1
    before = counts(app)
    again = import_incidents(app.incidents, path, "importer")
    assert (again.added, again.unchanged, again.entries) == (0, 900, 0)
    assert counts(app) == before


def test_given_admin_fields_are_kept(app: Custodes, tmp_path: Path) -> None:
    rows = sample_rows(1, seed=1)
    rows[0][COLUMNS.index("admin2")] = "Gaza City"
    rows[0][COLUMNS.index("admin3")] = "Al Rimal"
    import_incidents(app.incidents, write(tmp_path / "a.csv", rows), "i")
    pub = app.incidents.get("SMP1")
    assert pub["admin2"] == "Gaza City" and pub["admin3"] == "Al Rimal" and pub["pcode"]


@pytest.mark.parametrize(("column", "value", "field", "message"), [
    ("event_date", "2026-13-01", "event_date", "not a date"),
    ("event_type", "Skirmish", "event_type", "unknown event type"),
    ("sub_event_type", "Grenade", "sub_event_type", "not a sub-event type"),
    ("inter1", "9", "inter1", "not 1-8"),
    ("latitude", "north", "latitude", "not a number"),
    ("latitude", "31.95", "latitude", "outside the mission"),
    ("fatalities", "-1", "fatalities", "below 0"),
    ("geo_precision", "4", "geo_precision", "outside 1-3"),
    ("interaction", "99", "interaction", "does not match"),
    ("event_id_cnty", "", "event_id_cnty", "required"),
])
def test_a_bad_row_refuses_the_file_naming_line_and_field(app: Custodes, tmp_path: Path, column: str, value: str,
                                                          field: str, message: str) -> None:
    rows = sample_rows(20, seed=3)
    if column == "sub_event_type":
        rows[4][COLUMNS.index("event_type")] = "Protests"
    rows[4][COLUMNS.index(column)] = value
    before = counts(app)
    with pytest.raises(InputError) as e:
        import_incidents(app.incidents, write(tmp_path / "bad.csv", rows), "i")
    assert e.value.line == 6 and e.value.field == field and message in e.value.problem
    assert "line 6" in str(e.value)
    assert counts(app) == before  # nothing half-written


def test_structural_errors(app: Custodes, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing ACLED column"):
        import_incidents(app.incidents, write(tmp_path / "h.csv", [], header=("id", "date")), "i")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        import_incidents(app.incidents, tmp_path / "empty.csv", "i")
    rows = sample_rows(3, seed=1)
    rows[2] = rows[2][:5]
    with pytest.raises(InputError, match="line 4.*5 fields"):
        import_incidents(app.incidents, write(tmp_path / "short.csv", rows), "i")
    rows = sample_rows(3, seed=1)
    rows[2][0] = rows[0][0]
    with pytest.raises(InputError, match="already appears on line 2"):
        import_incidents(app.incidents, write(tmp_path / "dup.csv", rows), "i")
    assert counts(app)[0] == 0


def test_skip_bad_writes_good_rows_and_reports_refused(app: Custodes, tmp_path: Path) -> None:
    rows = sample_rows(10, seed=5)
    rows[2][COLUMNS.index("inter1")] = "0"
    rows[7][COLUMNS.index("longitude")] = ""
    path = write(tmp_path / "mixed.csv", rows)
    r = import_incidents(app.incidents, path, "i", skip_bad=True)
    assert (r.added, len(r.refused)) == (8, 2)
    with Path(r.report or "").open(encoding="utf-8") as f:
        report = list(csv.DictReader(f))
    assert [(x["line"], x["event_id_cnty"], x["field"]) for x in report] == [
        ("4", "SMP3", "inter1"), ("9", "SMP8", "longitude")]
    assert report[0]["problem"] == "inter code 0 is not 1-8"


def test_changed_content_under_a_known_id_is_refused(app: Custodes, tmp_path: Path) -> None:
    rows = sample_rows(3, seed=1)
    import_incidents(app.incidents, write(tmp_path / "a.csv", rows), "i")
    rows[1][COLUMNS.index("fatalities")] = "40"
    with pytest.raises(InputError, match="different content"):
        import_incidents(app.incidents, write(tmp_path / "b.csv", rows), "i")


def test_acled_export_round_trips_and_hxl_is_valid(app: Custodes, tmp_path: Path) -> None:
    import_incidents(app.incidents, write(tmp_path / "a.csv", sample_rows(50, seed=2)), "i")
    out = io.StringIO()
    assert export_incidents(app.incidents, out, fmt="acled") == 50
    header = out.getvalue().splitlines()[0].split(",")
    assert tuple(header[:len(COLUMNS)]) == COLUMNS
    exported = tmp_path / "export.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    assert import_incidents(app.incidents, exported, "i").unchanged == 50  # our export is ACLED input
    hx = io.StringIO()
    export_incidents(app.incidents, hx, fmt="hxl")
    tags = check_hxl(hx.getvalue())
    assert "#event+id" in tags and "#geo+lat" in tags and "#affected+killed" in tags
    hpath = tmp_path / "export.hxl.csv"
    hpath.write_text(hx.getvalue(), encoding="utf-8")
    assert import_incidents(app.incidents, hpath, "i", fmt="hxl").unchanged == 50
    assert import_incidents(app.incidents, hpath, "i", fmt="acled").unchanged == 50  # tag row skipped
    gj = io.StringIO()
    export_incidents(app.incidents, gj, fmt="geojson", status="reported")
    data = json.loads(gj.getvalue())
    assert data["custodes_view"] == "public" and len(data["features"]) == 50
    assert data["features"][0]["geometry"]["type"] == "Point"
    with pytest.raises(InputError, match="unknown export format"):
        export_incidents(app.incidents, io.StringIO(), fmt="xlsx")


def test_import_export_and_view_on_both_databases(any_app: Custodes, tmp_path: Path) -> None:
    import datetime as dt

    from custodes.incidents.ceasefire import ceasefire_view

    r = import_incidents(any_app.incidents, write(tmp_path / "a.csv", sample_rows(120, seed=9)), "i")
    assert r.added == 120
    assert import_incidents(any_app.incidents, tmp_path / "a.csv", "i").unchanged == 120
    pub = any_app.incidents.get("SMP1")
    assert pub["event_date"] >= "2025-11-17" and pub["pcode"]
    any_app.incidents.start_review("lead", "SMP1")
    any_app.incidents.confirm("m1", "SMP1", "Org 1")
    any_app.incidents.confirm("m2", "SMP1", "Org 2")
    v = ceasefire_view(any_app.store, dt.date(2025, 11, 17), dt.date(2026, 11, 27))
    assert sum(x.incidents for x in v.verified) == 1 and sum(v.pending.values()) == 119
    out = io.StringIO()
    assert export_incidents(any_app.incidents, out, fmt="acled", status="verified") == 1



def test_skip_bad_also_reports_short_rows_and_conflicting_ids(app: Custodes, tmp_path: Path) -> None:
    rows = sample_rows(6, seed=8)
    import_incidents(app.incidents, write(tmp_path / "first.csv", rows[:2]), "i")
    rows[0][COLUMNS.index("notes")] = "corrected later"  # SMP1 already stored with other content
    rows[3] = rows[3][:7]  # a short row
    rows[4][COLUMNS.index("event_date")] = "2026-02-30"
    with pytest.raises(InputError) as e:  # without --skip-bad: the first bad row read, nothing written
        import_incidents(app.incidents, write(tmp_path / "second.csv", rows), "i")
    assert e.value.line == 5 and e.value.field == "actor1"  # the first missing field
    assert counts(app)[0] == 2
    r = import_incidents(app.incidents, tmp_path / "second.csv", "i", skip_bad=True,
                         report_path=tmp_path / "refused.csv")
    assert (r.rows, r.added, r.unchanged) == (6, 2, 1)
    with (tmp_path / "refused.csv").open(encoding="utf-8") as f:
        report = [(x["line"], x["event_id_cnty"], x["field"]) for x in csv.DictReader(f)]
    assert report == [("2", "SMP1", "event_id_cnty"), ("5", "SMP4", "actor1"), ("6", "SMP5", "event_date")]
