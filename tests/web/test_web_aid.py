"""The aid API: crossings and their status history, consignments registered and moved by their agency."""

from __future__ import annotations

import datetime as dt

from web_support import PASSWORD, Web

from custodes.accounts.model import OrgKind, Role


def other_agency(web: Web) -> dict[str, str]:
    web.app.accounts.add_org("agency-b", OrgKind.AID_AGENCY, "agency-b (test)", actor="test")
    a = web.app.accounts.create_account("agency-b-user", "agency-b", PASSWORD, actor="test")
    return {"Authorization": f"Bearer {web.app.accounts.issue_token(a.id, 'tests', 30, actor='test').secret}"}


def test_crossing_status_is_set_by_force_hq_and_read_by_all(any_web: Web) -> None:
    c = any_web.client
    crossings = c.get("/api/v1/aid/crossings").json()
    assert crossings and all(x["status"] is None for x in crossings)
    cid = crossings[0]["id"]
    r = c.post(f"/api/v1/aid/crossings/{cid}/status", headers=any_web.auth(Role.FORCE_HQ),
               json={"status": "closed", "reason": "security incident", "capacity_trucks": 0})
    assert r.status_code == 201, r.text
    bad = c.post(f"/api/v1/aid/crossings/{cid}/status", headers=any_web.auth(Role.BOARD),
                 json={"status": "restricted"})
    assert bad.status_code == 422 and bad.json()["field"] == "reason"
    r = c.post(f"/api/v1/aid/crossings/{cid}/status", headers=any_web.auth(Role.BOARD),
               json={"status": "open", "hours": "08:00-16:00", "capacity_trucks": 250})
    assert r.status_code == 201, r.text
    assert c.post(f"/api/v1/aid/crossings/{cid}/status", headers=any_web.auth(Role.AID_AGENCY),
                  json={"status": "open"}).status_code == 403
    history = c.get(f"/api/v1/aid/crossings/{cid}/history").json()
    assert [h["status"] for h in history] == ["closed", "open"]
    now = {x["id"]: x for x in c.get("/api/v1/aid/crossings").json()}[cid]
    assert now["status"]["status"] == "open" and now["status"]["capacity_trucks"] == 250
    assert c.get("/api/v1/aid/crossings/nowhere/history").json()["field"] == "crossing"


def test_agencies_register_and_move_only_their_own_consignments(any_web: Web) -> None:
    c = any_web.client
    cid = c.get("/api/v1/aid/crossings").json()[0]["id"]
    mine = any_web.auth(Role.AID_AGENCY)
    r = c.post("/api/v1/aid/consignments", headers=mine,
               json={"crossing": cid, "category": "food", "trucks": 12, "tonnes": 240.5, "donor": "donor-x"})
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["agency"] == "agency-a" and first["state"] == "registered" and first["tonnes"] == "240.5"
    c.post("/api/v1/aid/consignments", headers=mine, json={"crossing": cid, "category": "medical", "trucks": 3})
    theirs = other_agency(any_web)
    r = c.post(f"/api/v1/aid/consignments/{first['id']}/move", headers=theirs, json={"action": "clear"})
    assert r.status_code == 403 and "agency-a" in r.json()["detail"]
    r = c.post(f"/api/v1/aid/consignments/{first['id']}/move", headers=mine, json={"action": "clear"})
    assert r.status_code == 200 and r.json()["state"] == "cleared"
    r = c.post(f"/api/v1/aid/consignments/{first['id']}/move", headers=mine, json={"action": "deliver"})
    assert r.status_code == 409 and r.json()["name"]
    assert c.get(f"/api/v1/aid/consignments/{first['id']}").json()["state"] == "cleared"
    page = c.get("/api/v1/aid/consignments").json()
    assert page["total"] == 2 and page["trucks"] == 15
    food = c.get("/api/v1/aid/consignments", params={"category": "food", "limit": 1}).json()
    assert food["total"] == 1 and food["trucks"] == 12 and food["items"][0]["id"] == first["id"]
    assert c.get("/api/v1/aid/consignments", params={"state": "cleared"}).json()["total"] == 1
    unknown = c.post("/api/v1/aid/consignments", headers=mine, json={"crossing": "nowhere", "category": "food",
                                                                       "trucks": 1})
    assert unknown.status_code == 422 and unknown.json()["field"] == "crossing"
    assert c.get("/api/v1/aid/consignments/nothing-here").status_code == 404


def test_the_public_summary_counts_trucks_by_group(any_web: Web) -> None:
    c = any_web.client
    cid = c.get("/api/v1/aid/crossings").json()[0]["id"]
    for category, trucks in (("food", 10), ("food", 5), ("medical", 2)):
        c.post("/api/v1/aid/consignments", headers=any_web.auth(Role.AID_AGENCY),
               json={"crossing": cid, "category": category, "trucks": trucks})
    r = c.get("/api/v1/aid/summary", params=[("by", "category")])
    assert r.status_code == 200, r.text
    d = r.json()
    groups = {g["category"]: g for g in d["groups"]}
    assert groups["food"]["trucks"] == 15 and groups["food"]["consignments"] == 2 and groups["medical"]["trucks"] == 2
    assert d["throughput"]["target_per_day"] == any_web.app.aid.daily_truck_target and "from" in d
    assert c.get("/api/v1/aid/summary", params=[("by", "nonsense")]).status_code == 422


def test_the_aid_lists_answer_for_the_real_records_unless_asked(any_web: Web) -> None:
    """``records=real`` (the default), ``exercise`` or ``all``: totals counted in the database for each."""
    from test_web_aid_notifications import LAT, LON

    aid, c, hq = any_web.app.aid, any_web.client, any_web.auth(Role.FORCE_HQ)
    square = {"type": "Polygon", "coordinates": [[[34.30, 31.40], [34.31, 31.40], [34.31, 31.41], [34.30, 31.41],
                                                   [34.30, 31.40]]]}
    start = any_web.app.clock() + dt.timedelta(days=5)
    for exercise, tag in ((False, "real"), (True, "drill")):
        aid.register_consignment(actor="test", agency="agency-a", crossing="kerem-shalom", category="food",
                                 trucks=4 if exercise else 6, id=f"{tag}-1", exercise=exercise)
        aid.declare_zone(actor="test", name=tag, kind="hazard", geometry=square, valid_from=start, valid_to=None,
                         reason="test", id=f"zone-{tag}", exercise=exercise)
        aid.notifier.notify_site(actor="test", agency="agency-a", name=tag, category="water_point", start=start,
                                 place=f"{LON},{LAT}", id=f"site-{tag}", exercise=exercise)
    for path in ("consignments", "zones", "notifications"):
        ids = {}
        for records in (None, "real", "exercise", "all"):
            page = c.get(f"/api/v1/aid/{path}", headers=hq,
                         params={} if records is None else {"records": records}).json()
            ids[records] = sorted(x["id"].split("-")[-2 if path == "consignments" else -1] for x in page["items"])
            assert page["total"] == len(ids[records]), (path, records)
        assert ids[None] == ids["real"] == ["real"] and ids["exercise"] == ["drill"], path
        assert ids["all"] == ["drill", "real"], path
    assert c.get("/api/v1/aid/consignments", params={"records": "both"}).status_code == 422
    real = c.get("/api/v1/aid/consignments").json()
    assert real["trucks"] == 6 and c.get("/api/v1/aid/consignments", params={"records": "all"}).json()["trucks"] == 10
