"""Importers on the real UNRWA and COGAT files and on broken copies; idempotence; crash safety; journal."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from helpers_aid import entries
from sqlalchemy import func, select

from custodes.aid import imports
from custodes.aid.export import canonical_record, export_consignments
from custodes.aid.imports import import_file
from custodes.aid.lines import CROSSING_NAMES, canonical_hash
from custodes.aid.store import consignments
from custodes.aid.summary import summarise
from custodes.app import Custodes
from custodes.errors import InputError
from custodes.ledger.entry import MAX_ENTRY_BYTES, encode

UNRWA = "unrwa_gaza_commodities_received_2023-10-21_2024-09-30.csv"
COGAT = "cogat_gaza_aid_consignments_2024-09-24.csv"


def count(app: Custodes, **where: str) -> int:
    q = select(func.count()).select_from(consignments)
    for k, v in where.items():
        q = q.where(consignments.c[k] == v)
    with app.store.read() as conn:
        return int(conn.execute(q).scalar_one())


def _head(src: Path, dst: Path, n: int) -> Path:
    with src.open(encoding="utf-8") as f:
        dst.write_text("".join(line for _, line in zip(range(n + 1), f, strict=False)), encoding="utf-8")
    return dst


@pytest.mark.slow
def test_unrwa_real_file_totals_match_and_reimport_adds_nothing(app: Custodes, shared_data: Path) -> None:
    path = shared_data / UNRWA
    res = import_file(app.store, "importer", path, "unrwa")
    assert (res.rows, res.added, res.refused) == (37373, 37373, 0)
    # totals per crossing and unit computed independently from the file
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (CROSSING_NAMES[row["crossing"].lower()] or "-", row["units"] or "(none)")
            expected[key] += Decimal(row["quantity"])
    s = summarise(app.store, ["crossing", "unit"], source="unrwa")
    got = {(r[0], r[1]): Decimal(str(r[3])) for r in s.rows}
    assert got == expected
    assert count(app, crossing="kerem-shalom") == 23574 and count(app, crossing="rafah") == 11080
    # units are kept: pallets are never turned into trucks
    assert count(app, unit="Pallets") == 31108 and count(app, unit="Truck") == 3391
    again = import_file(app.store, "importer", path, "unrwa")
    assert (again.added, again.present) == (0, 37373)
    assert count(app, source="unrwa") == 37373
    # each imported row can be verified against the public log from its exported form, and its figure
    # fields are in the log in clear; every entry fits the log's 65,535-byte limit
    batches = entries(app, "aid.consignments_imported")
    assert sum(b["rec"]["count"] for b in batches) == 37373 == sum(len(b["rec"]["rows"]) for b in batches)
    assert all(len(encode(b)) <= MAX_ENTRY_BYTES for b in batches)
    assert len(batches) < 37373 // 250  # packed by size, not one entry per few rows
    assert all(b["rec"]["columns"] == list(imports.JOURNAL_COLUMNS) for b in batches)
    published = {r[0]: dict(zip(imports.JOURNAL_COLUMNS, r, strict=True)) for b in batches for r in b["rec"]["rows"]}
    with app.store.read() as conn:
        for row in conn.execute(select(consignments).where(consignments.c.source == "unrwa").limit(500)):
            cells = published[row.id]
            assert "sha256:" + cells["sha256"] == canonical_hash(canonical_record(row)) == row.row_hash
            assert (cells["date"], cells["crossing"], cells["unit"], cells["trucks"], cells["state"]) == (
                row.date.isoformat(), row.crossing, row.unit, row.trucks, row.state)
            assert Decimal(cells["quantity"]) == Decimal(str(row.quantity))


@pytest.mark.slow
def test_cogat_real_file_totals_match(app: Custodes, shared_data: Path) -> None:
    path = shared_data / COGAT
    res = import_file(app.store, "importer", path, "cogat")
    assert (res.rows, res.added, res.refused) == (52479, 52479, 0)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    rows: dict[str, int] = defaultdict(int)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["Route"]] += 1
            if row["Aid (tons)"] != "-":
                expected[row["Route"]] += Decimal(row["Aid (tons)"])
    s = summarise(app.store, ["route"], source="cogat")
    assert {r[0]: r[1] for r in s.rows} == rows
    assert {r[0]: Decimal(str(round(r[3], 3))) for r in s.rows} == {k: round(v, 3) for k, v in expected.items()}
    assert import_file(app.store, "importer", path, "cogat").added == 0


def test_broken_copy_is_refused_naming_line_and_field(app: Custodes, shared_data: Path, tmp_path: Path) -> None:
    small = _head(shared_data / UNRWA, tmp_path / "small.csv", 300)
    lines = small.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[41] = lines[41].replace(",Kerem Shalom,", ",Kerem Shalomm,")  # line 42
    fields = lines[120].split(",")
    fields[2] = "09/09/2024"  # line 121: received_date not ISO
    lines[120] = ",".join(fields)
    broken = tmp_path / "broken.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        import_file(app.store, "importer", broken, "unrwa")
    assert (exc.value.line, exc.value.field) == (42, "crossing") and "line 42" in str(exc.value)
    assert count(app) == 0  # nothing half-imported
    report = tmp_path / "refused.csv"
    res = import_file(app.store, "importer", broken, "unrwa", skip_bad=True, report=report)
    assert (res.added, res.refused) == (298, 2)
    refused = list(csv.DictReader(report.read_text(encoding="utf-8").splitlines()))
    assert [(r["line"], r["field"]) for r in refused] == [("42", "crossing"), ("121", "received_date")]
    assert "unknown crossing 'Kerem Shalomm'" in refused[0]["problem"]
    assert count(app, source="unrwa") == 298


def test_broken_numbers_and_columns(app: Custodes, shared_data: Path, tmp_path: Path) -> None:
    small = _head(shared_data / COGAT, tmp_path / "c.csv", 50)
    lines = small.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[10] = lines[10].rsplit(",", 1)[0] + ",twelve\n"  # line 11
    bad = tmp_path / "bad.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 11.*'Aid \(tons\)'.*not a number"):
        import_file(app.store, "importer", bad, "cogat")
    with pytest.raises(InputError, match="missing column"):
        import_file(app.store, "importer", small, "unrwa")
    short = tmp_path / "short.csv"
    short.write_text(lines[0] + "1,25 Feb 2024,Aerial Route\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2.*wrong number of fields"):
        import_file(app.store, "importer", short, "cogat")
    assert count(app) == 0


def test_a_changed_row_is_not_overwritten(app: Custodes, shared_data: Path, tmp_path: Path) -> None:
    small = _head(shared_data / UNRWA, tmp_path / "s.csv", 20)
    import_file(app.store, "importer", small, "unrwa")
    lines = small.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",Pallets,", ",Trucks,")
    changed = tmp_path / "changed.csv"
    changed.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match="line 6.*different content"):
        import_file(app.store, "importer", changed, "unrwa")
    res = import_file(app.store, "importer", changed, "unrwa", skip_bad=True, report=tmp_path / "r.csv")
    assert (res.added, res.present, res.refused) == (0, 19, 1)


def test_a_crash_mid_import_leaves_nothing_and_a_rerun_completes(app: Custodes, shared_data: Path,
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    small = _head(shared_data / UNRWA, tmp_path / "s.csv", 1000)
    real = imports.insert_rows
    calls = {"n": 0}

    def crash(conn: object, rows: list[dict[str, object]], pending: object = None) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        real(conn, rows, pending)  # type: ignore[arg-type]

    monkeypatch.setattr(imports, "insert_rows", crash)
    n_journal = len(entries(app, "aid.consignments_imported"))
    with pytest.raises(KeyboardInterrupt):
        import_file(app.store, "importer", small, "unrwa")
    assert count(app) == 0 and len(entries(app, "aid.consignments_imported")) == n_journal
    monkeypatch.setattr(imports, "insert_rows", real)
    assert import_file(app.store, "importer", small, "unrwa").added == 1000


def test_hxl_export_round_trip_and_geojson(app: Custodes, shared_data: Path, tmp_path: Path,
                                           settings: object) -> None:
    small = _head(shared_data / UNRWA, tmp_path / "s.csv", 200)
    import_file(app.store, "importer", small, "unrwa")
    out = tmp_path / "export.csv"
    assert export_consignments(app.store, out, "hxl", source="unrwa") == 200
    tags = out.read_text(encoding="utf-8").splitlines()[1]
    assert tags.startswith("#meta+source,#meta+id,#date,#loc+crossing")
    # the exported rows are the ones imported: re-importing the export adds nothing
    assert import_file(app.store, "importer", out, "hxl").present == 200
    geo = tmp_path / "export.geojson"
    assert export_consignments(app.store, geo, "geojson", crossing="kerem-shalom") > 0
    doc = json.loads(geo.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert doc["features"][0]["geometry"]["type"] == "Point"
    assert {f["properties"]["crossing"] for f in doc["features"]} == {"kerem-shalom"}


def test_hxl_import_into_a_fresh_mission(app: Custodes, shared_data: Path, tmp_path: Path,
                                         clock: object) -> None:
    small = _head(shared_data / COGAT, tmp_path / "c.csv", 100)
    import_file(app.store, "importer", small, "cogat")
    out = tmp_path / "e.csv"
    export_consignments(app.store, out, "hxl")
    from custodes.settings import Settings

    other = Custodes.open(Settings(data_dir=tmp_path / "other"), create=True)
    other.init()
    res = import_file(other.store, "importer", out, "hxl")
    assert res.added == 100
    a = summarise(app.store, ["route", "unit"])
    b = summarise(other.store, ["route", "unit"])
    assert a.rows == b.rows
    with pytest.raises(InputError, match="not a HXL file: .*HXL tags not found"):
        import_file(other.store, "importer", small, "hxl")
