"""The map's layers (GeoJSON) on SQLite and PostgreSQL: real boundaries, role-aware views, compact positions,
ETags that change with the journal, and 304 while nothing changed."""

from __future__ import annotations

from typing import Any

from test_web_aid import other_agency
from test_web_aid_notifications import CONTACT, LAT, LON, MOVE, SITE
from test_web_incidents_grievances import HIDDEN, second_monitor
from web_support import Web

from custodes.accounts.model import Role

AREA = {"id": "A-1", "name": "Sector south", "geometry": {"type": "Polygon", "coordinates": [
    [[34.22, 31.22], [34.40, 31.22], [34.40, 31.40], [34.22, 31.40], [34.22, 31.22]]]}}


def _positions(geometry: dict[str, Any] | None) -> list[float]:
    if geometry is None:
        return []
    out: list[float] = []

    def walk(c: Any) -> None:
        if isinstance(c, list) and c and isinstance(c[0], int | float):
            out.extend(c)
        elif isinstance(c, list):
            for x in c:
                walk(x)
    walk(geometry.get("coordinates"))
    return out


def _decimals(x: float) -> int:
    text = repr(x)
    return len(text.split(".")[1]) if "." in text else 0


def test_public_layers_are_real_compact_and_cacheable(any_web: Web) -> None:
    c = any_web.client
    r = c.get("/api/v1/map/governorates")
    assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"
    assert r.headers["cache-control"] == "public, max-age=60"
    gov = r.json()
    assert [f["id"] for f in gov["features"]] == ["PS0255", "PS0260", "PS0265", "PS0270", "PS0275"]
    assert {f["geometry"]["type"] for f in gov["features"]} <= {"Polygon", "MultiPolygon"}
    points = [x for f in gov["features"] for x in _positions(f["geometry"])]
    assert len(points) > 1000 and max(_decimals(x) for x in points) <= 5  # real boundaries, rounded
    assert "COD-AB" in gov["attribution"]
    assert r.headers["content-encoding"] == "gzip" and int(r.headers["content-length"]) < len(r.content) / 3
    plain = c.get("/api/v1/map/governorates", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == gov
    etag = r.headers["etag"]
    again = c.get("/api/v1/map/governorates", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""

    cid = "kerem-shalom"
    before = c.get("/api/v1/map/crossings")
    assert {f["properties"]["status"] for f in before.json()["features"]} == {None}
    r = c.post(f"/api/v1/aid/crossings/{cid}/status", headers=any_web.auth(Role.FORCE_HQ),
               json={"status": "closed", "reason": "road damaged", "capacity_trucks": 0})
    assert r.status_code == 201
    after = c.get("/api/v1/map/crossings", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]  # the journal grew
    shown = {f["id"]: f["properties"] for f in after.json()["features"]}
    assert shown[cid]["status"] == "closed" and shown[cid]["reason"] == "road damaged"
    assert c.get("/api/v1/map/crossings", params={"at": "2026-11-01T00:00"}).json()["features"][0][
        "properties"]["status"] is None

    fac = c.get("/api/v1/map/facilities", params={"category": "hospital"}).json()
    assert len(fac["features"]) > 10 and {f["properties"]["category"] for f in fac["features"]} == {"hospital"}
    assert "OpenStreetMap" in fac["attribution"]
    assert c.get("/api/v1/map/facilities", params={"category": "bunker"}).status_code == 422


def test_zones_and_areas_layers(any_web: Web) -> None:
    c, hq = any_web.client, any_web.auth(Role.FORCE_HQ)
    from test_web_aid_notifications import ZONE
    assert c.post("/api/v1/aid/zones", headers=hq, json=ZONE).status_code == 201
    assert c.get("/api/v1/map/zones").json()["features"] == []  # not active yet
    active = c.get("/api/v1/map/zones", params={"at": "2026-12-01T08:00"}).json()["features"]
    assert [f["id"] for f in active] == ["zone-deir-1"] and active[0]["properties"]["kind"] == "hazard"
    assert len(c.get("/api/v1/map/zones", params={"all": True}).json()["features"]) == 1

    assert c.post("/api/v1/force/areas", headers=hq, json=AREA).status_code == 201
    for node in ({"id": "HQ", "kind": "hq"}, {"id": "C-1", "kind": "contingent", "parent": "HQ", "state": "IDN"},
                 {"id": "U-1", "kind": "unit", "parent": "C-1", "state": "IDN"}):
        r = c.post("/api/v1/force/nodes", headers=hq, json={**node, "name": node["id"], "commander_role": "Commander"})
        assert r.status_code == 201, r.text
    r = c.post("/api/v1/force/deployments", headers=hq,
               json={"unit": "U-1", "area": "A-1", "start": "2026-11-01", "strength": 120})
    assert r.status_code == 201, r.text
    public = c.get("/api/v1/map/areas")
    assert public.json()["view"] == "public" and "units" not in public.json()["features"][0]["properties"]
    assert public.headers["cache-control"].startswith("public")
    council = c.get("/api/v1/map/areas", headers=any_web.auth(Role.COUNCIL))
    # a signed-in answer is never stored (the edge's no-store, docs/security.md); it still varies by credentials
    assert council.headers["cache-control"] == "no-store" and "Authorization" in council.headers["vary"]
    props = council.json()["features"][0]["properties"]
    assert props["units"] == [{"unit": "U-1", "strength": 120}] and props["strength"] == 120
    assert c.get("/api/v1/map/areas", params={"on": "2026-10-01"}, headers=hq).json()["features"][0][
        "properties"]["units"] == []


def test_sites_and_routes_follow_the_policy(any_web: Web) -> None:
    c, mine, hq = any_web.client, any_web.auth(Role.AID_AGENCY), any_web.auth(Role.FORCE_HQ)
    theirs = other_agency(any_web)
    own = c.post("/api/v1/aid/notifications/sites", headers=mine, json=SITE).json()
    other = c.post("/api/v1/aid/notifications/sites", headers=theirs,
                   json={**SITE, "name": "Clinic 3", "category": "clinic", "place": "34.46,31.51"}).json()
    window = {"start": "2026-12-04T08:00", "end": "2026-12-04T16:00"}
    move = c.post("/api/v1/aid/notifications/movements", headers=mine, json={**MOVE, **window}).json()
    c.post(f"/api/v1/aid/notifications/{move['id']}/deconflict", headers=hq)
    at = {"at": "2026-12-02T12:00"}

    public = c.get("/api/v1/map/sites", params=at).json()
    assert public["view"] == "by_governorate" and [f["id"] for f in public["features"]] == ["sites-PS0260"]
    assert public["features"][0]["properties"]["by_category"] == {"clinic": 1, "water_point": 1}
    assert public["features"][0]["geometry"]["type"] == "Point" and str(LON)[:6] not in str(public)
    force = c.get("/api/v1/map/sites", params=at, headers=hq).json()
    assert force["view"] == "exact" and {f["id"] for f in force["features"]} == {own["id"], other["id"]}
    assert {tuple(f["geometry"]["coordinates"]) for f in force["features"]} == {(34.45123, 31.50234),
                                                                              (34.46, 31.51)}
    agency = c.get("/api/v1/map/sites", params=at, headers=mine).json()
    assert agency["view"] == "mixed" and {f["id"] for f in agency["features"]} == {own["id"], "sites-PS0260"}
    assert c.get("/api/v1/map/sites", params={"at": "2026-11-30T00:00"}, headers=hq).json()["features"] == []

    assert c.get("/api/v1/map/routes").status_code == 401
    assert c.get("/api/v1/map/routes", headers=any_web.auth(Role.MONITOR)).status_code == 403
    r = c.get("/api/v1/map/routes", params={"start": "2026-12-04T00:00"}, headers=hq)
    assert r.headers["cache-control"] == "no-store"
    lines = r.json()["features"]
    assert [f["id"] for f in lines] == [move["id"]] and lines[0]["geometry"]["type"] == "LineString"
    assert CONTACT not in r.text and max(_decimals(x) for x in _positions(lines[0]["geometry"])) <= 5
    assert len(c.get("/api/v1/map/routes", params={"start": "2026-12-04T00:00"}, headers=mine).json()[
        "features"]) == 1
    assert c.get("/api/v1/map/routes", params={"start": "2026-12-04T00:00"}, headers=theirs).json()[
        "features"] == []
    assert c.get("/api/v1/map/routes", params={"start": "2026-12-05T00:00"}, headers=hq).json()["features"] == []
    bad = c.get("/api/v1/map/routes", params={"start": "2026-12-05T00:00", "end": "2026-12-01T00:00"}, headers=hq)
    assert bad.status_code == 422 and bad.json()["field"] == "end"
    assert str(LAT) not in c.get("/api/v1/map/sites", params=at, headers=any_web.auth(Role.COUNCIL)).text


def test_incidents_layer_is_coarse_for_all_but_monitors(any_web: Web) -> None:
    c, mon = any_web.client, any_web.auth(Role.MONITOR)
    other = second_monitor(any_web)
    iid = c.post("/api/v1/incidents", json=HIDDEN).json()["id"]
    c.post("/api/v1/incidents", json={**HIDDEN, "fatalities": 0})  # reported only: not on the map
    empty = c.get("/api/v1/map/incidents")
    assert empty.json()["features"] == []
    c.post(f"/api/v1/incidents/{iid}/review", headers=mon)
    c.post(f"/api/v1/incidents/{iid}/confirm", headers=mon)
    assert c.post(f"/api/v1/incidents/{iid}/confirm", headers=other).json()["status"] == "verified"

    public = c.get("/api/v1/map/incidents", headers={"If-None-Match": empty.headers["etag"]})
    assert public.status_code == 200 and public.json()["view"] == "by_governorate"
    [f] = public.json()["features"]
    assert f["properties"]["incidents"] == 1 and f["properties"]["fatalities"] == 1
    assert f["properties"]["by_event_type"] == {"Violence against civilians": 1}
    assert f["properties"]["pcode"] == "PS0260" and f["properties"]["governorate"] == "Gaza"
    assert f["geometry"]["coordinates"] != [HIDDEN["lon"], HIDDEN["lat"]]
    assert max(_decimals(x) for x in f["geometry"]["coordinates"]) <= 4
    exact = c.get("/api/v1/map/incidents", headers=mon).json()
    assert exact["view"] == "exact" and exact["features"][0]["geometry"]["coordinates"] == [
        round(HIDDEN["lon"], 5), round(HIDDEN["lat"], 5)] and exact["features"][0]["properties"]["location_hidden"]
    assert c.get("/api/v1/map/incidents", params={"since": "2026-11-21"}).json()["features"] == []
    assert c.get("/api/v1/map/incidents", headers=any_web.auth(Role.FORCE_HQ)).json()["view"] == "by_governorate"


def test_record_layers_return_real_or_exercise_records_when_asked(any_web: Web) -> None:
    app, c = any_web.app, any_web.client
    app.force.add_area("A-real", "Sector real", AREA["geometry"], actor="test")
    app.force.add_area("A-drill", "Sector drill", AREA["geometry"], exercise=True, actor="test")
    ids = {records: [f["id"] for f in c.get("/api/v1/map/areas" + query).json()["features"]]
           for records, query in (("both", ""), ("real", "?records=real"), ("exercise", "?records=exercise"))}
    assert ids == {"both": ["A-drill", "A-real"], "real": ["A-real"], "exercise": ["A-drill"]}
    assert c.get("/api/v1/map/zones?records=both").status_code == 422
