"""Exports over HTTP, streamed, on SQLite and PostgreSQL: aid consignments (HXL CSV, GeoJSON) from the real
UNRWA line list, the same bytes as the CLI's export; incidents and the Board's HXL keep their contract."""

from __future__ import annotations

import io
import json
from pathlib import Path

import hxl
from web_support import Web

from custodes.accounts.model import Role
from custodes.aid.export import CHUNK_ROWS, export_consignments
from custodes.aid.imports import import_file

UNRWA = "unrwa_gaza_commodities_received_2023-10-21_2024-09-30.csv"
ROWS = 1500


def _head(src: Path, dst: Path, rows: int) -> Path:
    with src.open(encoding="utf-8") as f, dst.open("w", encoding="utf-8") as g:
        for i, line in enumerate(f):
            if i > rows:
                break
            g.write(line)
    return dst


def test_aid_consignments_export_is_streamed_and_equals_the_cli_export(any_web: Web, shared_data: Path,
                                                                       tmp_path: Path) -> None:
    c = any_web.client
    assert import_file(any_web.app.store, "importer", _head(shared_data / UNRWA, tmp_path / "u.csv", ROWS),
                       "unrwa").added == ROWS
    with c.stream("GET", "/api/v1/aid/consignments/export", params={"format": "hxl"}) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
        assert r.headers["content-disposition"] == 'attachment; filename="aid-consignments.csv"'
        pieces = list(r.iter_text())
    text = "".join(pieces)
    assert len(pieces) >= ROWS // CHUNK_ROWS  # sent in pieces, not built whole
    cli = tmp_path / "cli.csv"
    assert export_consignments(any_web.app.store, cli, "hxl") == ROWS
    assert text.encode("utf-8") == cli.read_bytes()
    data = hxl.data(io.BytesIO(text.encode("utf-8")))
    tags = [col.display_tag for col in data.columns]
    assert tags[:4] == ["#meta+source", "#meta+id", "#date", "#loc+crossing"] and "#status" in tags
    assert sum(1 for _ in data) == ROWS

    r = c.get("/api/v1/aid/consignments/export", params={"format": "geojson", "crossing": "kerem-shalom",
                                                          "since": "2023-11-01"}, headers=any_web.auth(Role.BOARD))
    assert r.headers["content-type"] == "application/geo+json"
    assert r.headers["content-disposition"].endswith('.geojson"')
    doc = json.loads(r.text)
    assert doc["type"] == "FeatureCollection" and "not for navigation" in doc["note"]
    assert doc["features"] and {f["properties"]["crossing"] for f in doc["features"]} == {"kerem-shalom"}
    assert min(f["properties"]["date"] for f in doc["features"]) >= "2023-11-01"
    assert doc["features"][0]["geometry"]["type"] == "Point"
    cli_geo = tmp_path / "cli.geojson"
    export_consignments(any_web.app.store, cli_geo, "geojson", crossing="kerem-shalom", start=__import__(
        "datetime").date(2023, 11, 1))
    assert json.loads(cli_geo.read_text(encoding="utf-8")) == doc

    empty = c.get("/api/v1/aid/consignments/export", params={"format": "geojson", "agency": "nobody"})
    assert json.loads(empty.text)["features"] == []
    assert c.get("/api/v1/aid/consignments/export", params={"format": "pdf"}).status_code == 422


def test_incident_and_board_exports_are_streamed(any_web: Web) -> None:
    c = any_web.client
    from test_web_incidents_grievances import HIDDEN

    for _ in range(3):
        assert c.post("/api/v1/incidents", json=HIDDEN).status_code == 201
    for fmt, media in (("acled", "text/csv; charset=utf-8"), ("hxl", "text/csv; charset=utf-8"),
                       ("geojson", "application/geo+json")):
        r = c.get("/api/v1/incidents/export", params={"format": fmt})
        assert r.status_code == 200 and r.headers["content-type"] == media
        assert r.headers["content-disposition"].startswith('attachment; filename="incidents-public.')
        assert str(HIDDEN["lat"]) not in r.text
    doc = json.loads(c.get("/api/v1/incidents/export", params={"format": "geojson"}).text)
    assert len(doc["features"]) == 3 and doc["custodes_view"] == "public"
    assert c.get("/api/v1/incidents/export", params={"view": "restricted"}).status_code == 401

    r = c.get("/api/v1/board/funding/export.hxl")
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.text.splitlines()[1].startswith("#meta+id,#date,#org+funder")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(body: bytes) -> list[tuple[object, ...]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(body))
    ws = book.active
    assert ws is not None and ws.freeze_panes == "A3"
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)  # never a formula
    return list(ws.iter_rows(values_only=True))


def test_aid_and_board_exports_as_xlsx(any_web: Web, shared_data: Path, tmp_path: Path) -> None:
    import datetime as dt

    c = any_web.client
    assert import_file(any_web.app.store, "importer", _head(shared_data / UNRWA, tmp_path / "u.csv", ROWS),
                       "unrwa").added == ROWS
    total = c.get("/api/v1/aid/consignments", params={"limit": 1}).json()["total"]
    with c.stream("GET", "/api/v1/aid/consignments/export", params={"format": "xlsx", "lang": "ar"}) as r:
        assert r.status_code == 200 and r.headers["content-type"] == XLSX
        assert r.headers["content-disposition"] == 'attachment; filename="aid-consignments.xlsx"'
        body = r.read()
    rows = _sheet(body)
    assert rows[0][:3] == ("المصدر", "صف المصدر", "التاريخ")
    assert rows[1][:4] == ("#meta+source", "#meta+id", "#date", "#loc+crossing") and rows[1][-1] == "#status"
    assert len(rows) - 2 == total == ROWS
    assert all(isinstance(x[2], dt.datetime) and isinstance(x[7], int | float) for x in rows[2:])
    cli = tmp_path / "cli.xlsx"
    assert export_consignments(any_web.app.store, cli, "xlsx") == ROWS
    assert _sheet(cli.read_bytes())[2:] == rows[2:] and _sheet(cli.read_bytes())[0][0] == "Source"

    board = any_web.app.board
    board.open_fund("trust", "Trust fund", "World Bank", actor="test")
    board.record_transaction("p1", "trust", "=1+1", 13, "12.50", on=dt.date(2026, 1, 2), actor="test")
    board.record_transaction("p2", "trust", "QAT", 11, "3", on=dt.date(2026, 1, 3), actor="test")
    board.record_transaction("x1", "trust", "EGY", 11, "9", on=dt.date(2026, 1, 4), actor="test", exercise=True)
    r = c.get("/api/v1/board/funding/export.hxl", params={"format": "xlsx"})
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert r.headers["content-disposition"] == 'attachment; filename="board-funding.xlsx"'
    rows = _sheet(r.content)
    listed = c.get("/api/v1/board/funding/transactions").json()["total"]
    assert rows[0][:3] == ("Transaction", "Date", "Donor") and rows[1][:3] == ("#meta+id", "#date", "#org+funder")
    assert len(rows) - 2 == listed == 2  # real records only, as the CSV and the list
    assert rows[2][:5] == ("p1", dt.datetime(2026, 1, 2), "=1+1", "trust", 13) and rows[2][7] == 12.5
    both = _sheet(c.get("/api/v1/board/funding/export.hxl", params={"format": "xlsx", "records": "all",
                                                                      "totals": True, "lang": "ar"}).content)
    assert both[0][3] == "المتعهد به" and both[1][3] == "#value+pledged" and len(both) == 2 + 3  # one row per donor
    assert c.get("/api/v1/board/funding/export.hxl", params={"format": "pdf"}).status_code == 422


def test_incident_export_as_xlsx_keeps_the_views(any_web: Web) -> None:
    import datetime as dt

    from test_web_incidents_grievances import HIDDEN, LAT

    c = any_web.client
    for _ in range(3):
        assert c.post("/api/v1/incidents", json=HIDDEN).status_code == 201
    r = c.get("/api/v1/incidents/export", params={"format": "xlsx"})
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert r.headers["content-disposition"] == 'attachment; filename="incidents-public.xlsx"'
    rows = _sheet(r.content)
    assert rows[0][:2] == ("event_id_cnty", "event_date") and rows[1][1] == "#date+occurred"
    assert len(rows) - 2 == c.get("/api/v1/incidents").json()["total"] == 3
    lat = rows[0].index("latitude")
    assert all(x[1] == dt.datetime(2026, 11, 20) and x[lat] != LAT and isinstance(x[lat], float) for x in rows[2:])
    assert {x[rows[0].index("custodes_view")] for x in rows[2:]} == {"public"}
    restricted = {"format": "xlsx", "view": "restricted"}
    assert c.get("/api/v1/incidents/export", params=restricted).status_code == 401
    assert c.get("/api/v1/incidents/export", params=restricted, headers=any_web.auth(Role.ADMIN)).status_code == 403
    full = _sheet(c.get("/api/v1/incidents/export", params=restricted, headers=any_web.auth(Role.MONITOR)).content)
    assert {x[lat] for x in full[2:]} == {LAT}
