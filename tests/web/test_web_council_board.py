"""The Council and Board over HTTP, on SQLite and PostgreSQL: every use case, as the roles that may do it."""

from __future__ import annotations

import hashlib

from web_support import Web

from custodes.accounts.model import Role

PROBLEM = "application/problem+json"


def test_council_drafts_votes_what_if_mandates_power(any_web: Web) -> None:
    c, council = any_web.client, any_web.auth(Role.COUNCIL)
    members = c.get("/api/v1/council/members", params={"on": "2026-06-01"}).json()
    assert len(members["members"]) == 15 and "FRA" in {m["state"] for m in members["members"]}
    assert c.get("/api/v1/council/drafts/S/RES/2803(2025)").json()["status"] == "adopted"

    draft = {"symbol": "S/2026/900", "title": "Extend the ISF", "parties": [],
             "actions": [{"action": "extend", "body": "isf", "until": "2028-12-31"}]}
    r = c.post("/api/v1/council/drafts", json=draft, headers=council)
    assert r.status_code == 201 and r.json()["status"] == "tabled", r.text
    assert c.post("/api/v1/council/drafts", json=draft, headers=council).json()["name"] == "draft-exists"
    assert c.post("/api/v1/council/drafts/S/2026/900/open", headers=council).json()["status"] == "voting_open"
    r = c.post("/api/v1/council/drafts/S/2026/900/votes", json={"state": "USA", "vote": "no"}, headers=council)
    assert r.status_code == 403 and "FRA" in r.json()["detail"]  # a delegation votes for its own state only
    r = c.post("/api/v1/council/drafts/S/2026/900/votes", json={"state": "FRA", "vote": "yes"}, headers=council)
    assert r.json()["votes"] == {"FRA": "yes"}
    closed = c.post("/api/v1/council/drafts/S/2026/900/close", json={"resolution": "S/RES/2900(2026)"},
                    headers=council).json()
    assert closed["status"] == "put_to_vote" and closed["outcome"]["adopted"] is False
    assert closed["outcome"]["tally"]["yes"] == 1
    r = c.post("/api/v1/council/drafts/S/2026/900/votes", json={"state": "FRA", "vote": "no"}, headers=council)
    assert r.status_code == 409 and r.json()["name"] == "vote-after-close"

    # what-if: everyone else votes yes (the public may ask; nothing is written)
    others = {m["state"]: "yes" for m in members["members"] if m["state"] != "FRA"}
    size = any_web.client.get("/api/v1/journal", params={"limit": 1}).json()["total"]
    w = c.post("/api/v1/council/drafts/S/2026/900/what-if", json={"changes": others}).json()
    assert w["recorded"]["adopted"] is False and w["what_if"]["adopted"] is True
    assert any_web.client.get("/api/v1/journal", params={"limit": 1}).json()["total"] == size

    page = c.get("/api/v1/council/drafts", params={"limit": 1}).json()
    assert page["total"] == 2 and page["next_offset"] == 1
    assert c.get("/api/v1/council/drafts", params={"status": "put_to_vote"}).json()["total"] == 1
    entry = c.get("/api/v1/journal", params={"kind": "council.draft_tabled"}).json()["items"][0]
    assert entry["actor"] == f"delegation-fra#{any_web.accounts[Role.COUNCIL]}"  # the journal names the account

    mandates = c.get("/api/v1/council/mandates", params={"in_force": True}).json()
    assert {m["body"] for m in mandates["items"]} >= {"board-of-peace", "isf"}
    power = c.get("/api/v1/council/power", params={"year": 2026}).json()
    ss = {p["id"]: p["shapley_shubik"] for p in power["players"]}
    assert abs(sum(ss.values()) - 1) < 1e-9 and ss["FRA"] > ss[next(s for s in ss if s not in
                                                                     ("CHN", "FRA", "GBR", "RUS", "USA"))]
    assert c.get("/api/v1/council/power", params={"year": 1950}).status_code == 404


def test_council_vetoes_import_and_replay(any_web: Web, shared_data: object) -> None:
    from pathlib import Path

    assert isinstance(shared_data, Path)
    data = (shared_data / "unsc_vetoes_1946_sept2022.csv").read_bytes()
    admin = {**any_web.auth(Role.ADMIN), "Content-Type": "text/csv"}
    r = any_web.client.post("/api/v1/council/vetoes/import", content=data, headers=admin)
    assert r.status_code == 200 and r.json()["added"] == r.json()["rows"] > 200, r.text
    assert any_web.client.post("/api/v1/council/vetoes/import", content=data, headers=admin).json()["added"] == 0
    r = any_web.client.post("/api/v1/council/vetoes/import", content=b"date,draft\n1/1/2000,S/1\n", headers=admin)
    assert r.status_code == 422 and r.json()["field"] == "meeting_record"
    page = any_web.client.get("/api/v1/council/vetoes", params={"member": "USA", "limit": 2, "replay": True}).json()
    assert page["total"] > 2 and len(page["items"]) == 2
    assert any_web.client.get("/api/v1/council/vetoes", params={"records": "exercise"}).json()["total"] == 0
    assert all(v["replay"]["adopted"] is False and "USA" in v["replay"]["permanent_against"] for v in page["items"])


def test_board_members_decisions_funding_reports(any_web: Web) -> None:
    c, board = any_web.client, any_web.auth(Role.BOARD)
    for m in ({"id": "chair", "role": "chair", "seat": "Chair", "represents": "USA", "start": "2026-01-01"},
              {"id": "member-egy", "role": "member", "seat": "Member", "represents": "EGY", "start": "2026-01-01"},
              {"id": "member-qat", "role": "member", "seat": "Member", "represents": "QAT", "start": "2026-01-01"}):
        assert c.post("/api/v1/board/members", json=m, headers=board).status_code == 201
    r = c.post("/api/v1/board/members", json={"id": "chair-2", "role": "chair", "seat": "Chair", "represents": "X",
                                              "start": "2026-06-01"}, headers=board)
    assert r.status_code == 409 and r.json()["name"] == "two-chairs"
    assert c.get("/api/v1/board/members", params={"on": "2026-11-01"}).json()["total"] == 3

    assert c.post("/api/v1/board/funds", json={"id": "gaza-fund", "name": "Gaza fund", "manager": "World Bank"},
                  headers=board).status_code == 201
    decision = {"id": "D-1", "kind": "funding", "title": "Fund shelter", "present": ["chair", "member-egy"],
                "votes": {"chair": "yes", "member-egy": "yes"},
                "details": {"fund": "gaza-fund", "amount": "1000000", "currency": "USD", "purpose": "shelter"}}
    d = c.post("/api/v1/board/decisions", json=decision, headers=board).json()
    assert d["adopted"] is True and d["details"]["fund"] == "gaza-fund"
    bad = {**decision, "id": "D-2", "details": {"name": "a person"}}
    r = c.post("/api/v1/board/decisions", json=bad, headers=board)
    assert r.status_code == 422 and "name" in r.json()["detail"]
    assert c.get("/api/v1/board/decisions", params={"kind": "funding"}).json()["total"] == 1
    for records, n in (("real", 1), ("exercise", 0), ("all", 1)):  # the real records by default, others if asked
        assert c.get("/api/v1/board/decisions", params={"records": records}).json()["total"] == n

    def tx(tid: str, type_: int, amount: str, **kw: str) -> dict[str, object]:
        return {"id": tid, "fund": "gaza-fund", "donor": "NOR", "type": type_, "amount": amount, **kw}

    for t in (tx("T1", 13, "5000000"), tx("T2", 11, "2000000", decision="D-1"), tx("T3", 1, "1500000",
                                                                                  commitment="T2")):
        assert c.post("/api/v1/board/funding/transactions", json=t, headers=board).status_code == 201
    r = c.post("/api/v1/board/funding/transactions", json=tx("T4", 1, "600000", commitment="T2"), headers=board)
    assert r.status_code == 409 and r.json()["name"] == "disbursement-exceeds-commitment"
    totals = c.get("/api/v1/board/funding/totals").json()
    assert totals == [{"donor": "NOR", "fund": "*", "currency": "USD", "pledged": "5000000.00",
                       "committed": "2000000.00", "disbursed": "1500000.00", "spent": "0.00"}]
    assert c.get("/api/v1/board/funding/transactions").json()["total"] == 3
    hxl = c.get("/api/v1/board/funding/export.hxl")
    assert hxl.headers["content-type"].startswith("text/csv")
    lines = hxl.text.splitlines()
    assert lines[1].startswith("#meta+id,#date,#org+funder") and len(lines) == 5
    assert c.get("/api/v1/board/funding/export.hxl", params={"totals": True}).text.count("\n") == 3

    reports = c.get("/api/v1/board/reports").json()
    assert reports[0]["due_on"] == "2026-05-17" and reports[0]["status"] == "overdue"
    digest = hashlib.sha256(b"the first report").hexdigest()
    r = c.post("/api/v1/board/reports/2026-05-17/submitted", json={"content_sha256": digest}, headers=board)
    assert r.json()["status"] == "submitted" and r.json()["content_sha256"] == "sha256:" + digest
    r = c.post("/api/v1/board/reports/2026-05-17/submitted", json={"content_sha256": digest}, headers=board)
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
    assert c.post("/api/v1/board/reports/2026-05-18/submitted", json={"content_sha256": digest},
                  headers=board).status_code == 404
    r = c.post("/api/v1/board/members/member-qat/end", json={"end": "2026-10-01"}, headers=board)
    assert r.json()["end"] == "2026-10-01"
