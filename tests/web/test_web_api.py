"""The API on SQLite and PostgreSQL: mission, journal, accounts; pagination and problem details."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import PASSWORD, Web

from custodes.accounts.model import Role
from custodes.errors import IllegalTransition, InputError, NotFound, PermissionDenied
from custodes.web.pagination import MAX_LIMIT
from custodes.web.problems import install

PROBLEM = "application/problem+json"


def test_mission_status_mandates_and_council(any_web: Web) -> None:
    c = any_web.client
    st = c.get("/api/v1/mission/status").json()
    assert st["profile"] == "unsc-2803-gaza" and st["mandates"][0]["until"] == "2027-12-31"
    assert len(st["council"]["members"]) == 15
    page = c.get("/api/v1/mission/mandates").json()
    assert page["total"] == len(page["items"]) >= 2 and page["next_offset"] is None
    board = next(m for m in page["items"] if m["body"] == "board-of-peace")
    assert board["resolution"] == "S/RES/2803(2025)" and board["report_every_months"] == 6 and board["tasks"]
    ar = c.get("/api/v1/mission/status", params={"lang": "ar"}).json()
    assert ar["name"] != st["name"]
    council = c.get("/api/v1/mission/council", params={"on": "2026-03-01"}).json()
    assert len(council["members"]) == 15 and council["on"] == "2026-03-01"
    assert {m["seat"] for m in council["members"]} == {"permanent", "elected"}
    r = c.get("/api/v1/mission/council", params={"on": "1990-01-01"})
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM and "1990" in r.json()["detail"]


def test_journal_pages_and_filters(any_web: Web) -> None:
    c = any_web.client
    first = c.get("/api/v1/journal", params={"limit": 10}).json()
    total = first["total"]
    assert [e["index"] for e in first["items"]] == list(range(10)) and first["next_offset"] == 10
    last = c.get("/api/v1/journal", params={"limit": 10, "offset": total - 3}).json()
    assert len(last["items"]) == 3 and last["next_offset"] is None
    states = c.get("/api/v1/journal", params={"kind": "council.state", "limit": MAX_LIMIT}).json()
    assert states["total"] == len(states["items"]) > 0 and {e["kind"] for e in states["items"]} == {"council.state"}
    assert c.get("/api/v1/journal", params={"exercise": "true"}).json()["total"] == 0
    one = c.get("/api/v1/journal/0").json()
    assert one["kind"] == "mission.profile_loaded" and one["actor"] == "cli"
    r = c.get("/api/v1/journal", params={"limit": MAX_LIMIT + 1})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert r.json()["errors"][0]["loc"] == ["query", "limit"]


def test_account_administration_is_journalled_without_secrets(any_web: Web) -> None:
    c, admin = any_web.client, any_web.auth(Role.ADMIN)
    before = c.get("/api/v1/mission/status").json()["counts"]["organisations"]
    r = c.post("/api/v1/organisations", headers=admin, json={"id": "wfp", "kind": "aid_agency", "name": "WFP"})
    assert r.status_code == 201 and r.json()["kind"] == "aid_agency"
    assert c.get("/api/v1/mission/status").json()["counts"]["organisations"] == before + 1  # not a stale cache
    r = c.post("/api/v1/accounts", headers=admin, json={"username": "logistics@wfp", "org": "wfp",
                                                        "password": "another long password"})
    assert r.status_code == 201 and r.json()["role"] == "aid_agency"
    new_id = r.json()["id"]
    listed = c.get("/api/v1/accounts", headers=admin, params={"org": "wfp"}).json()
    assert [a["id"] for a in listed["items"]] == [new_id] and listed["total"] == 1
    assert c.post(f"/api/v1/accounts/{new_id}/disable", headers=admin).json()["enabled"] is False
    body = json.dumps(c.get("/api/v1/journal", params={"limit": MAX_LIMIT, "offset": 70}).json())
    for secret in ("another long password", PASSWORD, "argon2", "logistics@wfp", *any_web.tokens.values()):
        assert secret not in body
    kinds = [e["kind"] for e in c.get("/api/v1/journal", params={"limit": MAX_LIMIT}).json()["items"]]
    for kind in ("accounts.organisation_added", "accounts.account_created", "accounts.token_issued",
                 "accounts.account_disabled"):
        assert kind in kinds


def test_refusals_are_problems_by_name(any_web: Web) -> None:
    c, admin = any_web.client, any_web.auth(Role.ADMIN)
    r = c.post("/api/v1/organisations", headers=admin, json={"id": "secretariat", "kind": "secretariat",
                                                              "name": "again"})
    assert r.status_code == 409 and r.json()["name"] == "organisation_exists"
    assert r.json()["type"] == "urn:custodes:problem:illegal-transition"
    r = c.post("/api/v1/accounts", headers=admin, json={"username": "x-admin", "org": "agency-a",
                                                        "password": "long enough password", "role": "admin"})
    assert r.status_code == 422 and r.json()["field"] == "role" and "aid_agency" in r.json()["detail"]
    r = c.get("/api/v1/organisations/nowhere", headers=admin)
    assert r.status_code == 404 and "custodes org list" in r.json()["detail"]
    r = c.post("/api/v1/accounts", headers=admin, json={"username": "x", "org": "agency-a", "password": "short"})
    assert r.status_code == 422 and {tuple(e["loc"]) for e in r.json()["errors"]} >= {("body", "password")}


def test_every_custodes_error_maps_to_its_status() -> None:
    api = FastAPI()
    install(api)
    errors = {"/illegal": IllegalTransition("quota_exceeded", "too many"), "/input": InputError("bad", field="f"),
              "/missing": NotFound("nothing"), "/denied": PermissionDenied("no"), "/boom": RuntimeError("x")}
    def raiser(exc: Exception) -> Callable[[], None]:
        def fail() -> None:
            raise exc
        return fail

    for path, exc in errors.items():
        api.get(path)(raiser(exc))
    with TestClient(api, raise_server_exceptions=False) as c:
        got = {p: (c.get(p).status_code, c.get(p).headers["content-type"]) for p in errors}
        assert c.get("/illegal").json()["name"] == "quota_exceeded"
        assert "x" not in c.get("/boom").json()["detail"]
    assert got == {"/illegal": (409, PROBLEM), "/input": (422, PROBLEM), "/missing": (404, PROBLEM),
                   "/denied": (403, PROBLEM), "/boom": (500, PROBLEM)}


def test_the_openapi_document_is_complete(web: Web) -> None:
    doc = web.client.get("/openapi.json").json()
    assert doc["components"]["schemas"]["Problem"]["properties"]["status"]["type"] == "integer"
    assert {"bearer", "session"} <= set(doc["components"]["securitySchemes"])
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op["x-custodes-roles"], (method, path)
            for status, resp in op["responses"].items():
                if status.startswith("4") and path != "/log/add-checkpoint":  # C2SP tlog-witness: text answers
                    assert list(resp["content"]) == [PROBLEM], (method, path, status)
            if "public" not in op["x-custodes-roles"]:
                assert op["security"] == [{"bearer": []}, {"session": []}]
    assert "HTTPValidationError" not in doc["components"]["schemas"]


@pytest.mark.parametrize("limit", [0, -1, "x"])
def test_bad_page_parameters_are_refused(web: Web, limit: object) -> None:
    r = web.client.get("/api/v1/journal", params={"limit": limit})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "limit"]
