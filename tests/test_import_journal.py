"""Import entries carry the figure fields in clear, fit the log's entry limit, and leave sensitive fields out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from custodes.aid.imports import JOURNAL_COLUMNS as AID_COLUMNS
from custodes.aid.imports import import_file
from custodes.aid.store import consignments
from custodes.app import Custodes
from custodes.errors import InputError
from custodes.import_journal import public_columns, sized_batches
from custodes.incidents.acled import COLUMNS as ACLED
from custodes.incidents.exchange import JOURNAL_COLUMNS as INCIDENT_COLUMNS
from custodes.incidents.exchange import import_incidents
from custodes.incidents.sample import sample_rows
from custodes.incidents.store import incidents
from custodes.ledger.disclosure import DisclosurePolicy
from custodes.ledger.entry import MAX_ENTRY_BYTES
from custodes.ledger.sequencer import journal, read_entries

HEADER = ("id,received_date,data_source,description_of_cargo,cargo_category,status,quantity,units,"
          "donating_country_organization,crossing,destination_recipient_partner")


def _bodies(app: Custodes, kind: str) -> list[bytes]:
    with app.store.read() as conn:
        idx = [i for (i,) in conn.execute(select(journal.c.idx).where(journal.c.kind == kind).order_by(journal.c.idx))]
        return [read_entries(conn, i, i + 1)[0][1] for i in idx]


def _line_list(path: Path, n: int, category: str = "Food Items") -> Path:
    rows = [f"R{i},2026-09-{1 + i % 28:02d},UNRWA,Flour,{category},Received,{i % 40 + 1},"
            f"{('Truck', 'Pallets', 'MT')[i % 3]},EU,Kerem Shalom,UNRWA" for i in range(n)]
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def _acled(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([list(ACLED), *rows])
    return path


def test_batches_are_sized_to_the_entry_limit(app: Custodes, tmp_path: Path) -> None:
    """Long category names make fewer rows fit an entry: every entry stays within 65,535 bytes."""
    path = _line_list(tmp_path / "long.csv", 2000, category="Food Items " + "x" * 400)
    res = import_file(app.store, "importer", path, "unrwa")
    bodies = _bodies(app, "aid.consignments_imported")
    assert res.entries == len(bodies) > 2000 * 450 // MAX_ENTRY_BYTES
    assert all(len(b) <= MAX_ENTRY_BYTES for b in bodies)
    recs = [json.loads(b)["rec"] for b in bodies]
    assert [r["count"] for r in recs] == [len(r["rows"]) for r in recs] and sum(r["count"] for r in recs) == 2000
    # rows in file order, lines stated per entry, every figure field in clear
    assert [r["first_line"] for r in recs][:2] == [2, recs[0]["last_line"] + 1]
    first = dict(zip(AID_COLUMNS, recs[0]["rows"][0], strict=True))
    assert {k: first[k] for k in ("id", "date", "crossing", "quantity", "unit", "trucks", "tonnes", "state")} == {
        "id": "unrwa:R0", "date": "2026-09-01", "crossing": "kerem-shalom", "quantity": "1", "unit": "Truck",
        "trucks": 1, "tonnes": None, "state": "entered"}


def test_a_row_too_long_for_an_entry_is_refused_by_line_and_nothing_is_written(app: Custodes,
                                                                                tmp_path: Path) -> None:
    path = _line_list(tmp_path / "huge.csv", 3)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Food Items", "F" * 70_000)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3.*more than one journal entry holds"):
        import_file(app.store, "importer", path, "unrwa")
    with app.store.read() as conn:
        assert conn.execute(select(consignments.c.id)).first() is None
    assert _bodies(app, "aid.consignments_imported") == []


def test_fields_the_profile_marks_sensitive_stay_out_of_import_entries(app: Custodes, tmp_path: Path) -> None:
    app.store.policy = DisclosurePolicy(sealed={**app.store.sensitive,
                                                "aid.consignment_registered": frozenset({"category"}),
                                                "incidents.reported": frozenset({"reporter", "location_exact",
                                                                                 "pcode"})})
    import_file(app.store, "importer", _line_list(tmp_path / "l.csv", 5, category="CANARY-CATEGORY"), "unrwa")
    import_incidents(app.incidents, _acled(tmp_path / "a.csv", sample_rows(5)), "importer")
    aid = json.loads(_bodies(app, "aid.consignments_imported")[0])["rec"]
    assert "category" not in aid["columns"] and b"CANARY-CATEGORY" not in _bodies(app, "aid.consignments_imported")[0]
    assert "sha256" not in aid["columns"]  # the row's hash covers the sealed category: a guess could test it
    inc = json.loads(_bodies(app, "incidents.imported")[0])["rec"]
    assert inc["columns"] == [c for c in INCIDENT_COLUMNS if c not in ("pcode", "sha256")]


def test_incident_import_entries_carry_types_place_and_fatalities_but_no_coordinates(app: Custodes,
                                                                                     tmp_path: Path) -> None:
    rows = sample_rows(1500)
    res = import_incidents(app.incidents, _acled(tmp_path / "a.csv", rows), "importer")
    bodies = _bodies(app, "incidents.imported")
    assert res.entries == len(bodies) >= 2 and all(len(b) <= MAX_ENTRY_BYTES for b in bodies)
    recs = [json.loads(b)["rec"] for b in bodies]
    assert [(r["batch"], r["of"]) for r in recs] == [(i + 1, len(recs)) for i in range(len(recs))]
    got = {r[0]: dict(zip(INCIDENT_COLUMNS, r, strict=True)) for rec in recs for r in rec["rows"]}
    assert len(got) == 1500
    first = dict(zip(ACLED, rows[0], strict=True))
    one = got[first["event_id_cnty"]]
    assert (one["event_date"], one["event_type"], one["sub_event_type"], one["fatalities"]) == (
        first["event_date"], first["event_type"], first["sub_event_type"], int(first["fatalities"]))
    assert one["pcode"].startswith("PS") and len(one["sha256"]) == 64
    with app.store.read() as conn:  # each row is still checkable: its hash is the stored record's
        stored = dict(conn.execute(select(incidents.c.id, incidents.c.row_hash)).all())
    assert {i: r["sha256"] for i, r in got.items()} == stored
    lat, lon = first["latitude"].encode(), first["longitude"].encode()
    assert not any(lat in b or lon in b for b in bodies)  # places go no finer than the governorate


def test_public_columns_and_sizing_helpers() -> None:
    assert public_columns(("id", "a", "b"), {"k": frozenset({"b.x"})}, "k") == ("id", "a")
    batches = list(sized_batches(list(range(1000)), lambda i: [f"row-{i}", "é" * 50], {"h": 1}, line=lambda i: i,
                                 source="f", limit=4000))
    assert sum(map(len, batches)) == 1000 and len(batches) > 1
    assert all(len(json.dumps({"h": 1, "rows": b}, ensure_ascii=False, separators=(",", ":")).encode()) <= 4000 - 512
               for b in batches)
