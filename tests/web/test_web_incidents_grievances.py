"""Incidents and grievances over HTTP, on SQLite and PostgreSQL: filing, verifying, answering, co-signing,
escalating, exports, restricted fields, the public filing rate limit, and the canary: a reporter's or a
complainant's name and an exact place never reach a public answer, export or journal entry."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

from fastapi.testclient import TestClient
from web_support import SECRET, Web, make_web

from custodes.accounts.model import OrgKind, Role
from custodes.app import Custodes
from custodes.web import WebSettings, create_app
from custodes.web.app import route_table

NAME = "Canary Reporter Qx7"
COMPLAINANT = "Canary Complainant Zr4"
LAT, LON = 31.517313, 34.456987  # an exact place in Gaza City
HIDDEN = {"event_date": "2026-11-20", "event_type": "Violence against civilians", "sub_event_type": "Attack",
          "actor1": "Unidentified armed group", "inter1": 3, "actor2": "Civilians (Palestine)", "inter2": 7,
          "lat": LAT, "lon": LON, "location": "a house", "hide_location": True, "fatalities": 1}


def second_monitor(web: Web) -> dict[str, str]:
    app = web.app
    app.accounts.add_org("monitor-b", OrgKind.MONITOR, "monitor-b (test)", actor="test")
    a = app.accounts.create_account("monitor-b-user", "monitor-b", "a long test password", actor="test")
    return {"Authorization": f"Bearer {app.accounts.issue_token(a.id, 'tests', 30, actor='test').secret}"}


def test_incidents_report_verify_export(any_web: Web) -> None:
    c, mon = any_web.client, any_web.auth(Role.MONITOR)
    r = c.post("/api/v1/incidents", json={**HIDDEN, "reporter": NAME})  # the public, with a contact
    assert r.status_code == 201, r.text
    pub = r.json()
    assert pub["location_coarsened"] and pub["lat"] != LAT and pub["restricted"] is None
    assert pub["organisation"] is None and pub["status"] == "reported"
    iid = pub["id"]
    seen = c.get(f"/api/v1/incidents/{iid}", headers=mon).json()["restricted"]
    assert seen == {"reporter": NAME, "lat": LAT, "lon": LON, "location": "a house"}
    assert c.get(f"/api/v1/incidents/{iid}", headers=any_web.auth(Role.FORCE_HQ)).json()["restricted"] is None

    shown = {**HIDDEN, "hide_location": False, "lat": 31.52, "lon": 34.45}
    own = c.post("/api/v1/incidents", json=shown, headers=mon).json()
    assert own["organisation"] == "monitor-a" and own["lat"] == 31.52 and not own["location_coarsened"]
    assert c.get(f"/api/v1/incidents/{own['id']}", headers=mon).json()["restricted"]["reporter"] == \
        f"monitor-a#{any_web.accounts[Role.MONITOR]}"
    r = c.post(f"/api/v1/incidents/{own['id']}/review", headers=mon)
    r = c.post(f"/api/v1/incidents/{own['id']}/confirm", json={}, headers=mon)
    assert r.status_code == 409  # one's own report is not independently confirmed
    assert c.post(f"/api/v1/incidents/{own['id']}/reject", json={"reason": "duplicate of " + iid},
                  headers=mon).json()["status"] == "rejected"

    other = second_monitor(any_web)
    assert c.post(f"/api/v1/incidents/{iid}/review", headers=mon).json()["status"] == "under_review"
    assert c.post(f"/api/v1/incidents/{iid}/confirm", json={"note": "seen"}, headers=mon).json()["status"] == \
        "under_review"
    r = c.post(f"/api/v1/incidents/{iid}/confirm", headers=mon)
    assert r.status_code == 409  # the same organisation twice
    done = c.post(f"/api/v1/incidents/{iid}/confirm", headers=other).json()
    assert done["status"] == "verified" and [x["organisation"] for x in done["confirmations"]] == \
        ["monitor-a", "monitor-b"]
    r = c.post(f"/api/v1/incidents/{iid}/evidence", content=b"a photo", headers={**mon,
                                                                                  "Content-Type": "image/jpeg"})
    assert r.status_code == 201 and c.get(f"/api/v1/incidents/{iid}").json()["evidence"] == [r.json()["sha256"]]

    page = c.get("/api/v1/incidents", params={"status": "verified"}).json()
    assert page["total"] == 1 and page["items"][0]["id"] == iid
    assert c.get("/api/v1/incidents", params={"limit": 1}).json()["next_offset"] == 1
    cf = c.get("/api/v1/incidents/ceasefire", params={"since": "2026-11-01"}).json()
    assert cf["mission_verified_incidents"]["rows"][0]["incidents"] == 1
    assert cf["mission_verified_incidents"]["not_verified_by_status"] == {"rejected": 1}

    for fmt in ("acled", "hxl", "geojson"):
        text = c.get("/api/v1/incidents/export", params={"format": fmt}).text
        assert iid in text and str(LAT) not in text
    r = c.get("/api/v1/incidents/export", params={"view": "restricted"})
    assert r.status_code == 401
    r = c.get("/api/v1/incidents/export", params={"view": "restricted"}, headers=any_web.auth(Role.ADMIN))
    assert r.status_code == 403
    full = c.get("/api/v1/incidents/export", params={"view": "restricted", "format": "geojson"}, headers=mon)
    assert json.loads(full.text)["custodes_view"] == "restricted" and str(LAT) in full.text

    acled = c.get("/api/v1/incidents/export").text.replace(iid, "IMPORTED1").replace(own["id"], "IMPORTED2")
    r = c.post("/api/v1/incidents/import", content=acled.encode(), headers={**mon, "Content-Type": "text/csv"})
    assert r.status_code == 200 and r.json()["added"] == 2, r.text
    r = c.post("/api/v1/incidents/import", content=b"event_id_cnty\nX\n", headers={**mon, "Content-Type": "text/csv"})
    assert r.status_code == 422 and r.json()["source"] == "upload"


def test_grievances_file_answer_cosign_escalate(any_web: Web, clock: object) -> None:
    c = any_web.client
    g = c.post("/api/v1/grievances", json={"addressee": "force", "category": "conduct_of_forces", "subject": "s",
                                           "text": "a checkpoint", "complainant": COMPLAINANT, "lat": LAT,
                                           "lon": LON})
    assert g.status_code == 201, g.text
    g = g.json()
    assert g["anonymous"] is False and g["pcode"] == "PS0260" and g["restricted"] is None
    gid = g["id"]
    seen = c.get(f"/api/v1/grievances/{gid}", headers=any_web.auth(Role.COMMITTEE)).json()["restricted"]
    assert seen == {"complainant": COMPLAINANT, "lat": LAT, "lon": LON}
    assert c.get(f"/api/v1/grievances/{gid}", headers=any_web.auth(Role.FORCE_HQ)).json()["restricted"] is None

    r = c.post(f"/api/v1/grievances/{gid}/acknowledge", headers=any_web.auth(Role.BOARD))
    assert r.status_code == 403 and "isf" in r.json()["detail"]  # only the addressee answers
    force = any_web.auth(Role.FORCE_HQ)
    assert c.post(f"/api/v1/grievances/{gid}/acknowledge", headers=force).json()["status"] == "acknowledged"
    assert c.post(f"/api/v1/grievances/{gid}/close", headers=force).status_code == 409
    assert c.post(f"/api/v1/grievances/{gid}/answer", json={"answer": "moved"}, headers=force).json()["answer"] == \
        "moved"

    cso = any_web.auth(Role.CIVIL_SOCIETY)
    r = c.post(f"/api/v1/grievances/{gid}/cosign", headers=cso)
    assert r.status_code == 409 and r.json()["name"] == "grievance-cosign-unregistered"
    assert c.post("/api/v1/grievances/cosigners", json={"id": "cso-a", "name": "CSO A", "kind": "civil_society"},
                  headers=any_web.auth(Role.ADMIN)).status_code == 201
    assert c.post(f"/api/v1/grievances/{gid}/cosign", headers=cso).json()["cosigned_by"] == ["cso-a"]
    assert [o["id"] for o in c.get("/api/v1/grievances/cosigners").json()] == ["cso-a"]
    assert c.post(f"/api/v1/grievances/{gid}/close", json={"note": "done"}, headers=force).json()["status"] == \
        "closed"

    to_agency = {"addressee": "agency", "agency": "agency-a", "category": "aid_access", "subject": "s",
                 "text": "no flour", "pcode": "PS0275"}
    a = c.post("/api/v1/grievances", json=to_agency, headers=any_web.auth(Role.CIVIL_SOCIETY)).json()
    assert a["anonymous"] is True and a["addressee"] == "agency-a"
    late = c.post("/api/v1/grievances", json={**to_agency, "addressee": "board"}).json()
    assert c.post(f"/api/v1/grievances/{a['id']}/acknowledge", headers=force).status_code == 403
    assert c.post(f"/api/v1/grievances/{a['id']}/acknowledge",
                  headers=any_web.auth(Role.AID_AGENCY)).json()["status"] == "acknowledged"
    clock.advance(hours=24 * 8)  # type: ignore[attr-defined]
    esc = c.post("/api/v1/grievances/escalate", headers=any_web.auth(Role.BOARD)).json()
    assert [e["id"] for e in esc["escalated"]] == [late["id"]]
    assert c.get("/api/v1/grievances", params={"status": "escalated"}).json()["total"] == 1
    assert c.get("/api/v1/grievances", params={"addressee": "agency-a"}).json()["total"] == 1


def test_the_lists_answer_for_the_real_records_unless_asked(web: Web) -> None:
    """``records=real`` (the default), ``exercise`` or ``all``: the totals are counted by the database."""
    app, mon = web.app, web.auth(Role.MONITOR)
    for exercise in (False, True, True):
        app.incidents.report("test", **{**HIDDEN, "event_date": dt.date(2026, 11, 20)}, exercise=exercise)
        app.grievances.file("test", addressee="board", category="other", language="en", subject="s", text="t",
                            exercise=exercise)
    for path in ("/api/v1/incidents", "/api/v1/grievances"):
        totals = {records: web.client.get(path, params={"records": records}, headers=mon).json()["total"]
                  for records in ("real", "exercise", "all")}
        assert totals == {"real": 1, "exercise": 2, "all": 3}, path
        items = web.client.get(path, headers=mon).json()["items"]
        assert [x["exercise"] for x in items] == [False], path
    ceasefire = web.client.get("/api/v1/incidents/ceasefire", params={"records": "exercise"}).json()
    assert ceasefire["mission_verified_incidents"]["not_verified_by_status"] == {"reported": 2}
    assert web.client.get("/api/v1/incidents", params={"records": "some"}).status_code == 422


def test_public_filings_are_rate_limited_per_address(app: Custodes, fast_hashing: None) -> None:
    gen = make_web(app, WebSettings(session_secret=SECRET, filings_per_address=2, filing_window_seconds=600))
    web = next(gen)
    body = {"addressee": "board", "category": "other", "subject": "s", "text": "t"}
    assert [web.client.post("/api/v1/grievances", json=body).status_code for _ in range(2)] == [201, 201]
    r = web.client.post("/api/v1/incidents", json=HIDDEN)  # reports and grievances share the address's quota
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 600
    assert r.headers["content-type"] == "application/problem+json"
    assert web.client.post("/api/v1/grievances", json=body, headers=web.auth(Role.MONITOR)).status_code == 201
    gen.close()


def _public_texts(web: Web) -> Iterator[tuple[str, str]]:
    """Every public GET answer: each list and item route, each export, every journal entry."""
    ids = {"incident_id": [i["id"] for i in web.client.get("/api/v1/incidents").json()["items"]],
           "grievance_id": [g["id"] for g in web.client.get("/api/v1/grievances").json()["items"]]}
    for method, path, _action, _is_api in route_table(web.api):
        if method != "GET" or not path.startswith("/api/"):
            continue
        params = re.findall(r"{(\w+)}", path)
        if not params:
            urls = [path]
        elif params[0] in ids:
            urls = [path.replace("{" + params[0] + "}", i) for i in ids[params[0]]]
        else:
            continue  # journal/{index}: the journal is read in full below; mission, council and board hold none
        for url in urls:
            yield url, web.client.get(url).text
    for fmt in ("acled", "hxl", "geojson"):
        yield f"export {fmt}", web.client.get("/api/v1/incidents/export", params={"format": fmt}).text
    offset: int | None = 0
    while offset is not None:
        page = web.client.get("/api/v1/journal", params={"limit": 500, "offset": offset}).json()
        yield f"journal from {offset}", json.dumps(page, ensure_ascii=False)
        offset = page["next_offset"]


def test_canary_never_reaches_a_public_answer(any_web: Web) -> None:
    c = any_web.client
    assert c.post("/api/v1/incidents", json={**HIDDEN, "reporter": NAME}).status_code == 201
    assert c.post("/api/v1/incidents", json=HIDDEN, headers=any_web.auth(Role.MONITOR)).status_code == 201
    assert c.post("/api/v1/grievances", json={"addressee": "force", "category": "detention", "subject": "s",
                                              "text": "t", "complainant": COMPLAINANT, "lat": LAT, "lon": LON,
                                              }).status_code == 201
    account = f"monitor-a#{any_web.accounts[Role.MONITOR]}"
    secrets = [NAME, COMPLAINANT, str(LAT), str(LON), account]
    checked = 0
    for where, text in _public_texts(any_web):
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{where} shows {leaked}"
        checked += 1
    assert checked >= 20
    # the positive control: a monitor does see them
    mon = c.get("/api/v1/incidents", headers=any_web.auth(Role.MONITOR)).text
    assert NAME in mon and str(LAT) in mon and account in mon


def test_the_server_escalates_overdue_grievances_at_start_up(app: Custodes, clock: object,
                                                             fast_hashing: None) -> None:
    gen = make_web(app)
    web = next(gen)
    gid = web.client.post("/api/v1/grievances", json={"addressee": "board", "category": "other", "subject": "s",
                                                      "text": "t"}).json()["id"]
    gen.close()
    clock.advance(hours=24 * 8)  # type: ignore[attr-defined]
    api = create_app(app, WebSettings(session_secret=SECRET, escalation_interval_seconds=3600))
    with TestClient(api) as client:  # the start-up escalation has run before the first request
        g = client.get(f"/api/v1/grievances/{gid}").json()
        assert g["status"] == "escalated" and g["escalation_reason"] == "not acknowledged by 2026-12-04"
        entry = client.get("/api/v1/journal", params={"kind": "participation.grievance_escalated"}).json()
        assert entry["items"][0]["actor"] == "custodes-server"
    with TestClient(create_app(app, WebSettings(session_secret=SECRET, escalation_interval_seconds=0))) as client:
        assert client.get("/api/v1/journal", params={"kind": "participation.grievance_escalated"}).json()[
            "total"] == 1
