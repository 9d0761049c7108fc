"""Aid notifications, hazard zones and safe routes over HTTP, on SQLite and PostgreSQL: who notifies, who
deconflicts, who withdraws; who sees a site's place, a route and a contact; refusals by name; the canary
(a site's exact place and a contact never reach a public answer, export, map layer or journal entry)."""

from __future__ import annotations

import datetime as dt
import json
import re

from test_web_aid import other_agency
from web_support import Web

from custodes.accounts.model import Role
from custodes.aid.planner import SCHEMATIC_LABEL
from custodes.web.app import route_table

LON, LAT = 34.451234, 31.502345  # a water point in Gaza City (exact place: restricted)
CONTACT = "Canary Contact +970 59 000 1234"
SITE = {"name": "Water point 7", "category": "water_point", "place": f"{LON},{LAT}",
        "start": "2026-12-01T07:00", "contact": CONTACT}
MOVE = {"origin": "kerem-shalom", "destination": "erez", "start": "2026-11-30T08:00", "end": "2026-11-30T16:00",
        "vehicles": 20, "contact": CONTACT}
# across Salah al-Din Road at the Deir al-Balah junction; active from the middle of MOVE's window
ZONE = {"id": "zone-deir-1", "name": "Deir al-Balah junction", "kind": "hazard", "reason": "unexploded ordnance",
        "valid_from": "2026-11-30T12:00", "valid_to": "2026-12-03T00:00",
        "geometry": {"type": "Polygon", "coordinates": [[[34.355, 31.400], [34.365, 31.400], [34.365, 31.412],
                                                         [34.355, 31.412], [34.355, 31.400]]]}}
DURING = "2026-11-30T14:00"
NOON_LOCAL = dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC)  # 12:00 in Gaza (UTC+2)


def test_sites_are_notified_by_agencies_and_their_place_is_restricted(any_web: Web) -> None:
    c, mine = any_web.client, any_web.auth(Role.AID_AGENCY)
    r = c.post("/api/v1/aid/notifications/sites", headers=mine, json=SITE)
    assert r.status_code == 201, r.text
    site = r.json()
    assert site["agency"] == "agency-a" and site["state"] == "notified" and site["pcode"] == "PS0260"
    assert site["restricted"] == {"lon": LON, "lat": LAT, "route": None, "contact": CONTACT}  # its own
    sid = site["id"]
    public = c.get(f"/api/v1/aid/notifications/{sid}").json()
    assert public["restricted"] is None and public["name"] == "Water point 7"
    seen = {role: c.get(f"/api/v1/aid/notifications/{sid}", headers=any_web.auth(role)).json()["restricted"]
            for role in Role if role is not Role.PUBLIC}
    assert seen[Role.FORCE_HQ] == {"lon": LON, "lat": LAT, "route": None, "contact": CONTACT}
    assert seen[Role.CONTINGENT] == seen[Role.MONITOR] == seen[Role.ADMIN] == {
        "lon": LON, "lat": LAT, "route": None, "contact": None}
    for role in (Role.COUNCIL, Role.BOARD, Role.COMMITTEE, Role.CIVIL_SOCIETY):
        assert seen[role] is None, role
    theirs = other_agency(any_web)
    assert c.get(f"/api/v1/aid/notifications/{sid}", headers=theirs).json()["restricted"] is None

    late = c.post("/api/v1/aid/notifications/sites", headers=mine, json={**SITE, "start": "2026-11-28T07:00"})
    assert late.status_code == 409 and late.json()["name"] == "notification.too_late"
    bad = c.post("/api/v1/aid/notifications/sites", headers=mine, json={**SITE, "place": "35.5,32.5"})
    assert bad.status_code == 422 and bad.json()["field"] == "place"
    assert c.post("/api/v1/aid/notifications/sites", headers=mine,
                  json={**SITE, "category": "bunker"}).status_code == 422
    # a notified site cannot be a route's end for those who may not see its place
    r = c.get("/api/v1/aid/route", params={"from": "kerem-shalom", "to": sid}, headers=any_web.auth(Role.COUNCIL))
    assert r.status_code == 403 and "restricted" in r.json()["detail"]
    assert c.get("/api/v1/aid/route", params={"from": "kerem-shalom", "to": sid},
                 headers=any_web.auth(Role.FORCE_HQ)).json()["found"]
    r = c.post("/api/v1/aid/notifications/movements/check", headers=theirs,
               json={"origin": "kerem-shalom", "destination": sid, "start": MOVE["start"], "end": MOVE["end"]})
    assert r.status_code == 403


def test_movements_are_flagged_deconflicted_refused_and_withdrawn(any_web: Web) -> None:
    c, mine, hq = any_web.client, any_web.auth(Role.AID_AGENCY), any_web.auth(Role.FORCE_HQ)
    assert c.post("/api/v1/aid/zones", headers=mine, json=ZONE).status_code == 403
    r = c.post("/api/v1/aid/zones", headers=hq, json=ZONE)
    assert r.status_code == 201, r.text
    assert dt.datetime.fromisoformat(r.json()["valid_from"]) == NOON_LOCAL  # read in the mission's time zone

    chk = c.post("/api/v1/aid/notifications/movements/check", headers=mine,
                 json={k: MOVE[k] for k in ("origin", "destination", "start", "end")}).json()
    assert [h["id"] for h in chk["hazards"]] == ["zone-deir-1"] and chk["length_m"] > 40_000
    r = c.post("/api/v1/aid/notifications/movements", headers=mine, json=MOVE)
    assert r.status_code == 409 and r.json()["name"] == "notification.crosses_hazard"
    flagged = c.post("/api/v1/aid/notifications/movements", headers=mine, json={**MOVE, "accept_hazards": True})
    assert flagged.status_code == 201, flagged.text
    flagged_id = flagged.json()["id"]
    assert flagged.json()["hazards"] == ["zone-deir-1"] and len(flagged.json()["restricted"]["route"]) > 2
    after = {**MOVE, "start": "2026-12-04T08:00", "end": "2026-12-04T16:00"}  # once the zone has ended
    clear = c.post("/api/v1/aid/notifications/movements", headers=mine, json=after).json()
    assert clear["hazards"] == [] and clear["name"] == "kerem-shalom to erez"

    # the route is the force's and contingents' (and the agency's own); the contact the force's
    assert c.get(f"/api/v1/aid/notifications/{clear['id']}").json()["restricted"] is None
    assert c.get(f"/api/v1/aid/notifications/{clear['id']}", headers=any_web.auth(Role.MONITOR)).json()[
        "restricted"] is None
    seen = c.get(f"/api/v1/aid/notifications/{clear['id']}", headers=any_web.auth(Role.CONTINGENT)).json()
    assert seen["restricted"]["route"] and seen["restricted"]["contact"] is None

    assert c.post(f"/api/v1/aid/notifications/{clear['id']}/deconflict", headers=mine).status_code == 403
    r = c.post(f"/api/v1/aid/notifications/{clear['id']}/deconflict", headers=hq)
    assert r.status_code == 200 and r.json()["state"] == "deconflicted"
    r = c.post(f"/api/v1/aid/notifications/{flagged_id}/refuse", headers=hq, json={"reason": ""})
    assert r.status_code == 422
    r = c.post(f"/api/v1/aid/notifications/{flagged_id}/refuse", headers=hq,
               json={"reason": "ordnance on Salah al-Din Road; re-notify after 3 December"})
    assert r.json()["state"] == "refused" and r.json()["reason"].startswith("ordnance")
    r = c.post(f"/api/v1/aid/notifications/{flagged_id}/deconflict", headers=hq)
    assert r.status_code == 409 and r.json()["name"] == "notification.final"

    theirs = other_agency(any_web)
    r = c.post(f"/api/v1/aid/notifications/{clear['id']}/withdraw", headers=theirs)
    assert r.status_code == 403 and "agency-a" in r.json()["detail"]
    r = c.post(f"/api/v1/aid/notifications/{clear['id']}/withdraw", headers=mine)
    assert r.json()["state"] == "withdrawn"
    assert c.post("/api/v1/aid/notifications/nothing-here/withdraw", headers=mine).status_code == 404

    page = c.get("/api/v1/aid/notifications", params={"kind": "movement", "state": "withdrawn"}).json()
    assert page["total"] == 1 and page["items"][0]["id"] == clear["id"]
    assert c.get("/api/v1/aid/notifications", params={"agency": "agency-a"}).json()["total"] == 2

    # a movement from a point: the public name withholds the point
    point = c.post("/api/v1/aid/notifications/movements", headers=mine,
                   json={**after, "origin": "34.3081,31.3248"}).json()
    assert c.get(f"/api/v1/aid/notifications/{point['id']}").json()["name"] == "(place withheld) to erez"
    assert point["name"] == "34.3081,31.3248 to erez"


def test_zones_and_routes(any_web: Web) -> None:
    c, hq = any_web.client, any_web.auth(Role.FORCE_HQ)
    signed_in = any_web.auth(Role.CIVIL_SOCIETY)
    r = c.get("/api/v1/aid/route", params={"from": "kerem-shalom", "to": "erez", "at": DURING},
              headers=signed_in)
    before = r.json()
    assert r.status_code == 200 and before["found"] and before["notice"] == SCHEMATIC_LABEL
    assert before["avoided"] == [] and 40_000 < before["length_m"] < 60_000
    assert all(len(str(x).split(".")[-1]) <= 6 for p in before["coords"] for x in p)
    assert c.get("/api/v1/aid/route", params={"from": "kerem-shalom", "to": "erez"}).status_code == 401

    assert c.post("/api/v1/aid/zones", headers=hq, json=ZONE).status_code == 201
    assert c.post("/api/v1/aid/zones", headers=hq, json=ZONE).json()["field"] == "id"
    line = {**ZONE, "id": "zone-line", "geometry": {"type": "LineString", "coordinates": [[34.3, 31.4], [34.4, 31.5]]}}
    assert c.post("/api/v1/aid/zones", headers=hq, json=line).json()["field"] == "geometry"
    backwards = {**ZONE, "id": "zone-back", "valid_to": "2026-11-28T00:00"}
    assert c.post("/api/v1/aid/zones", headers=hq, json=backwards).json()["field"] == "valid_to"

    around = c.get("/api/v1/aid/route", params={"from": "kerem-shalom", "to": "erez", "at": DURING},
                   headers=signed_in).json()
    assert around["found"] and around["avoided"] == ["zone-deir-1"] and around["length_m"] > before["length_m"]
    inside = c.get("/api/v1/aid/route", params={"from": "kerem-shalom", "to": "34.36,31.405",
                                                "at": DURING}, headers=signed_in).json()
    assert not inside["found"] and "inside active zone(s) zone-deir-1" in inside["reason"]
    nowhere = c.get("/api/v1/aid/route", params={"from": "kerem-shalom", "to": "atlantis"}, headers=signed_in)
    assert nowhere.status_code == 404

    zones = c.get("/api/v1/aid/zones").json()
    assert zones["total"] == 1 and zones["items"][0]["geometry"]["type"] == "Polygon"
    assert c.get("/api/v1/aid/zones", params={"at": "2026-11-30T11:59"}).json()["total"] == 0
    assert c.get("/api/v1/aid/zones", params={"at": DURING}).json()["total"] == 1
    # stored as the instant it is: active from 12:00 Gaza time, which is 10:00 UTC
    assert c.get("/api/v1/aid/zones", params={"at": "2026-11-30T10:30:00Z"}).json()["total"] == 1
    assert c.get("/api/v1/aid/zones", params={"kind": "no_go"}).json()["total"] == 0

    r = c.post("/api/v1/aid/zones/zone-deir-1/end", headers=hq, json={"at": "2026-12-01T12:00", "reason": "cleared"})
    assert r.status_code == 200
    assert dt.datetime.fromisoformat(r.json()["valid_to"]) == NOON_LOCAL + dt.timedelta(days=1)
    r = c.post("/api/v1/aid/zones/zone-deir-1/end", headers=hq, json={"at": "2026-12-02T00:00"})
    assert r.status_code == 409 and r.json()["name"] == "zone.already_ended"
    assert c.post("/api/v1/aid/zones/zone-x/end", headers=hq, json={}).status_code == 404
    later = c.get("/api/v1/aid/route", params={"from": "kerem-shalom", "to": "erez", "at": "2026-12-02T08:00"},
                  headers=signed_in).json()
    assert later["avoided"] == [] and later["length_m"] == before["length_m"]


def test_canary_place_and_contact_never_reach_a_public_answer(any_web: Web) -> None:
    c, mine, hq = any_web.client, any_web.auth(Role.AID_AGENCY), any_web.auth(Role.FORCE_HQ)
    site = c.post("/api/v1/aid/notifications/sites", headers=mine, json=SITE).json()
    move = c.post("/api/v1/aid/notifications/movements", headers=mine,
                  json={**MOVE, "start": "2026-12-04T08:00", "end": "2026-12-04T16:00"}).json()
    # a movement from a raw point to the notified site: neither end may reach the public log in clear
    raw = c.post("/api/v1/aid/notifications/movements", headers=mine,
                 json={**MOVE, "origin": "34.46321,31.41234", "destination": site["id"],
                       "start": "2026-12-05T08:00", "end": "2026-12-05T16:00"})
    assert raw.status_code == 201, raw.text
    ends = json.dumps(c.get("/api/v1/journal", params={"kind": "aid.movement_notified"}).json())
    assert "34.46321" not in ends and site["id"] not in ends and "kerem-shalom" not in ends
    for n in (site, move):
        assert c.post(f"/api/v1/aid/notifications/{n['id']}/deconflict", headers=hq).status_code == 200
    route_point = move["restricted"]["route"][len(move["restricted"]["route"]) // 2]
    secrets = [CONTACT, str(LON), str(LAT), f"{LON:.5f}", f"{LAT:.5f}", f"{route_point[0]:.5f}"]
    checked = 0
    for method, path, _action, _is_api in route_table(any_web.api):
        if method != "GET" or not path.startswith("/api/") or re.search(r"{\w+}", path):
            continue
        for params in ({}, {"at": "2026-12-01T12:00"}, {"format": "geojson"}):
            text = c.get(path, params=params).text
            leaked = [s for s in secrets if s in text]
            assert not leaked, f"{path} {params} shows {leaked}"
            checked += 1
    for n in (site, move):
        text = c.get(f"/api/v1/aid/notifications/{n['id']}").text
        assert not [s for s in secrets if s in text]
    journal = json.dumps(c.get("/api/v1/journal", params={"limit": 500}).json())
    assert "aid.site_notified" in journal and not [s for s in secrets if s in journal]
    assert checked >= 60
    # the positive control: the force sees them, on the map too
    assert f"{LON:.5f}" in c.get("/api/v1/map/sites", params={"at": "2026-12-01T12:00"}, headers=hq).text
    assert CONTACT in c.get(f"/api/v1/aid/notifications/{move['id']}", headers=hq).text
