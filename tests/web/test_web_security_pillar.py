"""The security pillar's API on SQLite and PostgreSQL: force, disarmament, withdrawal, ownership, redaction."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from web_support import Web

from custodes.accounts.model import Role

SQ = {"type": "Polygon", "coordinates": [[[34.40, 31.50], [34.45, 31.50], [34.45, 31.55], [34.40, 31.50]]]}
LINE = {"type": "LineString", "coordinates": [[34.24, 31.28], [34.26, 31.29]]}
RAFAH = "PS0275"
HQ, CONT, MON, COUNCIL, PUBLIC = Role.FORCE_HQ, Role.CONTINGENT, Role.MONITOR, Role.COUNCIL, Role.PUBLIC


def call(web: Web, role: Role, method: str, url: str, status: int, headers: dict[str, str] | None = None,
         **kw: Any) -> Any:
    r = web.client.request(method, url, headers={**web.auth(role), **(headers or {})}, **kw)
    assert r.status_code == status, f"{method} {url} as {role.value}: {r.status_code} {r.text[:300]}"
    return r.json() if r.headers.get("content-type", "").endswith("json") else r.content


def node(id: str, kind: str, parent: str | None, state: str | None = None) -> dict[str, Any]:
    return {"id": id, "kind": kind, "name": id, "parent": parent, "state": state, "commander_role": "Commander"}


@pytest.fixture
def force(any_web: Web) -> Web:
    """A command tree: HQ > contingent-a (IDN, the test contingent's organisation) > U-1; HQ > C-AZE > U-2."""
    w = any_web
    for n in (node("HQ", "hq", None), node("contingent-a", "contingent", "HQ", "IDN"),
              node("U-1", "unit", "contingent-a"), node("C-AZE", "contingent", "HQ", "AZE"),
              node("U-2", "unit", "C-AZE")):
        call(w, HQ, "POST", "/api/v1/force/nodes", 201, json=n)
    call(w, HQ, "POST", "/api/v1/force/areas", 201, json={"id": "A-1", "name": "Rafah north", "geometry": SQ})
    return w


def test_force_ownership_and_views(force: Web) -> None:
    w = force
    # a contingent adds under its own node, deploys its own units, reports its own state's strength
    call(w, CONT, "POST", "/api/v1/force/nodes", 201, json=node("U-3", "unit", "U-1"))
    call(w, CONT, "POST", "/api/v1/force/nodes", 403, json=node("U-4", "unit", "C-AZE"))
    call(w, CONT, "POST", "/api/v1/force/nodes", 403, json=node("S-1", "sector", "HQ"))
    dep = call(w, CONT, "POST", "/api/v1/force/deployments", 201,
               json={"unit": "U-1", "area": "A-1", "start": "2026-11-01", "strength": 120})
    r = call(w, CONT, "POST", "/api/v1/force/deployments", 403,
             json={"unit": "U-2", "area": "A-1", "start": "2026-11-01", "strength": 80})
    assert "contingent-a" in r["detail"] and "c-aze" in r["detail"]
    call(w, CONT, "POST", "/api/v1/force/strength-reports", 201,
         json={"state": "IDN", "pledged": 500, "deployed": 120, "on": "2026-11-01"})
    call(w, CONT, "POST", "/api/v1/force/strength-reports", 403,
         json={"state": "AZE", "pledged": 1, "deployed": 1})
    call(w, HQ, "POST", "/api/v1/force/strength-reports", 201, json={"state": "AZE", "pledged": 300, "deployed": 0})
    # only the headquarters gives tasks and areas; illegal moves are refused by name
    call(w, CONT, "POST", "/api/v1/force/tasks", 403, json={"unit": "U-1", "task": "demilitarisation"})
    call(w, HQ, "POST", "/api/v1/force/tasks", 201, json={"unit": "U-1", "task": "demilitarisation"})
    r = call(w, HQ, "POST", "/api/v1/force/tasks", 409, json={"unit": "U-1", "task": "demilitarisation"})
    assert r["name"] == "task-already-assigned"
    r = call(w, HQ, "POST", "/api/v1/force/deployments", 409,
             json={"unit": "U-1", "area": "A-1", "start": "2026-11-10", "strength": 5})
    assert r["name"] == "unit-already-deployed"
    # derived views
    s = call(w, COUNCIL, "GET", "/api/v1/force/strength", 200, params={"on": "2026-11-27"})
    assert s["by_area"] == {"A-1": {"IDN": 120}} and s["totals"] == {"pledged": 800, "deployed": 120,
                                                                      "in_areas": 120}
    states = call(w, Role.BOARD, "GET", "/api/v1/force/states", 200)
    assert [(x["state"], x["pledged"]) for x in states] == [("AZE", 300), ("IDN", 500)]
    assert call(w, MON, "GET", "/api/v1/force/tasks", 200)["items"] == [{"unit": "U-1", "task": "demilitarisation"}]
    tree = call(w, MON, "GET", "/api/v1/force/tree", 200)
    assert tree[0]["id"] == "HQ" and [c["id"] for c in tree[0]["children"]] == ["C-AZE", "contingent-a"]
    call(w, CONT, "POST", f"/api/v1/force/deployments/{dep['id']}/end", 200, json={"end": "2026-11-20"})
    assert call(w, MON, "GET", "/api/v1/force/areas-without-unit", 200)["areas"] == ["A-1"]
    page = call(w, MON, "GET", "/api/v1/force/deployments", 200, params={"unit": "U-1"})
    assert page["total"] == 1 and page["items"][0]["end"] == "2026-11-20"
    # the public sees the areas (GeoJSON) and nothing else of the force
    fc = call(w, PUBLIC, "GET", "/api/v1/force/areas", 200)
    assert fc["type"] == "FeatureCollection" and fc["features"][0]["geometry"]["type"] == "Polygon"
    call(w, PUBLIC, "GET", "/api/v1/force/strength", 401)
    # every write is journalled under the caller's organisation, never a name
    j = call(w, PUBLIC, "GET", "/api/v1/journal", 200, params={"kind": "force.deployed"})
    assert j["items"][0]["actor"].startswith("contingent-a#")


def test_custody_chain_redaction_certificates_and_documents(force: Web) -> None:
    w = force
    weapon = {"type": "rifle", "unit": "U-1", "manufacturer": "Maker", "model": "M1", "serial": "S-1",
              "zone": RAFAH}
    got = call(w, CONT, "POST", "/api/v1/disarmament/collections", 201, json={"items": [{
        "weapon": weapon, "collected": {"on": "2026-11-02", "site": "CP-1", "unit": "U-1", "receipt": "R-1",
                                        "handed_over_by": "Group X"}}]})
    wid = got[0]["id"]
    # a weapon registered for another contingent's unit is not this contingent's to move
    other = call(w, HQ, "POST", "/api/v1/disarmament/weapons", 201, json={"weapons": [{"type": "pistol",
                                                                                       "unit": "U-2"}]})
    call(w, CONT, "POST", f"/api/v1/disarmament/weapons/{other[0]['id']}/steps", 403,
         json={"kind": "collected", "on": "2026-11-02", "site": "CP", "unit": "U-1", "receipt": "R-9"})
    call(w, CONT, "POST", "/api/v1/disarmament/weapons", 403, json={"weapons": [{"type": "rifle", "unit": "U-2"}]})
    # a batch is all or nothing, and illegal steps are refused by name
    r = call(w, CONT, "POST", "/api/v1/disarmament/steps", 409, json={"steps": [
        {"weapon": wid, "step": {"kind": "stored", "on": "2026-11-03", "depot": "D-1", "unit": "U-1"}},
        {"weapon": wid, "step": {"kind": "stored", "on": "2026-11-04", "depot": "D-2", "unit": "U-1"}}]})
    assert r["name"] == "custody-gap"
    res = call(w, CONT, "POST", "/api/v1/disarmament/steps", 201, json={"steps": [
        {"weapon": wid, "step": {"kind": "stored", "on": "2026-11-03", "depot": "D-1", "unit": "U-1"}},
        {"weapon": wid, "step": {"kind": "transferred", "on": "2026-11-04", "source": "D-1", "to": "D-2",
                                 "unit": "U-1", "released_by": "U-1", "received_by": "U-2"}},
        {"weapon": wid, "step": {"kind": "destroyed", "on": "2026-11-05", "place": "D-2", "unit": "U-1",
                                 "method": "cutting", "witnesses": [{"party": "ISF", "role": "officer"},
                                                                    {"party": "Monitor", "role": "observer"}]}}]})
    assert res["steps"] == 3 and res["certificates"][0]["weapon"] == wid
    # who handed the weapon over: in clear for the force and monitors, null for the Council, never public
    seen = call(w, MON, "GET", f"/api/v1/disarmament/weapons/{wid}", 200)
    assert seen["status"] == "destroyed" and seen["history"][0]["handed_over_by"] == "Group X"
    hidden = call(w, COUNCIL, "GET", f"/api/v1/disarmament/weapons/{wid}", 200)
    assert hidden["history"][0]["handed_over_by"] is None and len(hidden["history"]) == 4
    call(w, PUBLIC, "GET", f"/api/v1/disarmament/weapons/{wid}", 401)
    # the certificate carries the fields its hash covers
    cert = call(w, Role.BOARD, "GET", f"/api/v1/disarmament/weapons/{wid}/certificate", 200)
    assert cert["certificate"] == res["certificates"][0]["certificate"] == seen["certificate"]
    assert cert["destruction"]["method"] == "cutting"
    assert call(w, MON, "GET", "/api/v1/disarmament/certificates", 200)["total"] == 1
    lst = call(w, MON, "GET", "/api/v1/disarmament/weapons", 200, params={"status": "destroyed", "limit": 1})
    assert lst["total"] == 1 and lst["items"][0]["id"] == wid
    assert call(w, MON, "GET", "/api/v1/disarmament/weapons", 200)["total"] == 2
    summary = call(w, PUBLIC, "GET", "/api/v1/disarmament/summary", 200)
    assert summary["registered"] == 2 and summary["destroyed"] == 1 and summary["by_zone"][RAFAH]["destroyed"] == 1
    # documents by content hash
    data = b"%PDF-1.4 destruction record"
    doc = call(w, CONT, "POST", f"/api/v1/disarmament/weapon/{wid}/documents", 201, content=data,
               params={"caption": "record"}, headers={"Content-Type": "application/pdf"})
    assert doc["sha256"] == hashlib.sha256(data).hexdigest() and doc["media_type"] == "application/pdf"
    assert call(w, COUNCIL, "GET", f"/api/v1/disarmament/weapon/{wid}/documents", 200)[0]["size"] == len(data)
    r = w.client.get(f"/api/v1/disarmament/documents/{doc['sha256']}", headers=w.auth(MON))
    assert r.status_code == 200 and r.content == data and r.headers["content-type"] == "application/pdf"
    call(w, CONT, "POST", f"/api/v1/disarmament/weapon/{other[0]['id']}/documents", 403, content=data)
    journal = call(w, PUBLIC, "GET", "/api/v1/journal", 200, params={"kind": "disarmament.collected"})
    assert "Group X" not in str(journal)


def test_sites_and_withdrawal(force: Web) -> None:
    w = force
    call(w, CONT, "POST", "/api/v1/disarmament/sites", 201, json={
        "id": "T-1", "kind": "tunnel", "name": "tunnel", "geometry": LINE, "found_on": "2026-11-01", "unit": "U-1"})
    call(w, CONT, "POST", "/api/v1/disarmament/sites", 403, json={
        "id": "T-2", "kind": "tunnel", "name": "tunnel", "geometry": LINE, "found_on": "2026-11-01", "unit": "U-2"})
    # a phase waits for the zone's sites; the public sees what is missing and why
    phase = {"id": "P1", "name": "first line", "kind": "line", "geometry": LINE, "days": 30,
             "milestones": [{"kind": "sites_verified", "zone": RAFAH}]}
    call(w, MON, "POST", "/api/v1/withdrawal/phases", 403, json=phase)
    # a day a deadline could not be counted from, or a place off the globe, is refused before any write
    r = call(w, HQ, "POST", "/api/v1/withdrawal/phases", 422, json={**phase, "opens": "9999-12-31"})
    assert r["errors"][0]["loc"] == ["body", "opens"]
    r = call(w, HQ, "POST", "/api/v1/withdrawal/phases", 422,
             json={**phase, "geometry": {"type": "LineString", "coordinates": [[500, 31.2], [34.3, 31.3]]}})
    assert "outside WGS 84" in r["detail"]
    assert call(w, HQ, "POST", "/api/v1/withdrawal/phases", 201, json=phase)["status"] == "pending"
    st = call(w, PUBLIC, "GET", "/api/v1/withdrawal/status", 200)["items"][0]
    assert st["status"] == "pending" and st["milestones_missing"][0]["detail"] == "0 of 1 sites verified destroyed"
    r = call(w, MON, "POST", "/api/v1/withdrawal/phases/P1/complete", 409, json={"verified_by": "monitor-a"})
    assert r["name"] == "milestones-not-met"
    call(w, CONT, "POST", "/api/v1/disarmament/sites/T-1/destroy", 200,
         json={"on": "2026-11-10", "by": "U-1", "method": "filling"})
    call(w, CONT, "POST", "/api/v1/disarmament/sites/T-1/verify", 403, json={"on": "2026-11-12", "by": "x"})
    r = call(w, MON, "POST", "/api/v1/disarmament/sites/T-1/verify", 409, json={"on": "2026-11-12", "by": "U-1"})
    assert r["status"] == 409
    call(w, MON, "POST", "/api/v1/disarmament/sites/T-1/verify", 200, json={"on": "2026-11-12", "by": "monitor-a"})
    # the exact place: the force and monitors see it, the Council gets the zone only
    assert call(w, MON, "GET", "/api/v1/disarmament/sites", 200)["items"][0]["geometry"]["type"] == "LineString"
    council = call(w, COUNCIL, "GET", "/api/v1/disarmament/sites", 200, params={"status": "verified"})
    assert council["total"] == 1 and council["items"][0]["geometry"] is None
    assert council["items"][0]["lon"] is None and council["items"][0]["zone"] == RAFAH
    done = call(w, MON, "POST", "/api/v1/withdrawal/phases/P1/complete", 200,
                json={"verified_by": "monitor-a", "on": "2026-11-27"})
    assert done["status"] == "completed" and done["completed"]["verified_by"] == "monitor-a"
    one = call(w, PUBLIC, "GET", "/api/v1/withdrawal/phases/P1", 200)
    assert one["geometry"]["type"] == "LineString" and one["milestones_met"][0]["kind"] == "sites_verified"
    assert call(w, PUBLIC, "GET", "/api/v1/withdrawal/phases", 200)["total"] == 1
    call(w, PUBLIC, "GET", "/api/v1/withdrawal/phases/P9", 404)


CSV_HEAD = ("Type,Serial,Zone,Unit,Collected,Site,Receipt,Handed over by\n"
            "#item+type,#item+serial,#adm1+code,#org+unit,#date+collected,#loc+site,#meta+receipt,#org+handover\n")


def test_hxl_imports_over_http(force: Web) -> None:
    w = force
    ok = CSV_HEAD + "rifle,Z1,PS0275,U-1,2026-11-02,CP-1,R-1,group A\npistol,,,U-1,,,,\n"
    r = call(w, CONT, "POST", "/api/v1/disarmament/imports/weapons", 201, content=ok.encode(),
             headers={"Content-Type": "text/csv"})
    assert r == {"imported": 2, "ids": ["1", "2"]}
    # another contingent's unit: refused before anything is written
    other = CSV_HEAD + "rifle,Z2,,U-1,,,,\nrifle,Z3,,U-2,,,,\n"
    r = call(w, CONT, "POST", "/api/v1/disarmament/imports/weapons", 403, content=other.encode())
    assert "U-2" in r["detail"]
    # a bad row names its line and field, and the upload, not a server path
    bad = CSV_HEAD + "rifle,Z4,PS9999,U-1,,,,\n"
    r = call(w, CONT, "POST", "/api/v1/disarmament/imports/weapons", 422, content=bad.encode())
    assert r["line"] == 3 and r["field"] == "zone" and r["source"] == "upload" and "/tmp" not in str(r)
    call(w, HQ, "POST", "/api/v1/disarmament/imports/sites", 422, content=b"no hashtags here\n")
    sites = ("Id,Kind,Lat,Lon,Found,Unit\n#loc+code,#loc+type,#geo+lat,#geo+lon,#date+found,#org+unit\n"
             "W-1,workshop,31.35,34.30,2026-01-06,U-2\n")
    assert call(w, HQ, "POST", "/api/v1/disarmament/imports/sites", 201, content=sites.encode())["ids"] == ["W-1"]
    assert call(w, MON, "GET", "/api/v1/disarmament/weapons", 200)["total"] == 2
