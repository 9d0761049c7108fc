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
