"""Sessions in the database, tokens that re-ask the password, the wrong-password lockout (and its race),
login CSRF, password change and reset: one test per rule, each checking that a refusal stored nothing."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web_support import PASSWORD, SECRET, Web

from custodes.accounts import sessions as session_module
from custodes.accounts import store as st
from custodes.accounts.model import Role
from custodes.app import Custodes
from custodes.cli.main import main
from custodes.web import WebSettings, create_app
from custodes.web.sessions import CSRF_HEADER

LOGIN = "/api/v1/auth/login"


def sign_in(client: TestClient, web: Web, role: Role, password: str = PASSWORD) -> dict[str, str]:
    r = client.post(LOGIN, json={"username": web.username(role), "password": password})
    assert r.status_code == 200, r.text
    return {CSRF_HEADER: r.json()["csrf_token"]}


def count(app: Custodes, table: object, *where: object) -> int:
    with app.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())  # type: ignore[arg-type]


def journal(web: Web) -> str:
    return json.dumps(web.client.get("/api/v1/journal", params={"limit": 500}).json())


# -- sessions ---------------------------------------------------------------------------------------------
def test_the_database_holds_only_the_session_ids_hash(web: Web) -> None:
    sign_in(web.client, web, Role.MONITOR)
    session_id = web.client.cookies["custodes_session"].split(".")[0]
    with web.app.store.read() as conn:
        rows = conn.execute(select(st.sessions)).all()
    assert len(rows) == 1 and rows[0].digest == hashlib.sha256(session_id.encode()).hexdigest()
    assert session_id not in repr(rows)


def test_signing_out_ends_the_session_on_the_server_and_a_replayed_cookie_gets_401(any_web: Web) -> None:
    c = any_web.client
    csrf = sign_in(c, any_web, Role.MONITOR)
    cookie = c.cookies["custodes_session"]
    assert c.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    c.cookies.set("custodes_session", cookie)  # the cookie, replayed
    assert c.get("/api/v1/auth/me").status_code == 401
    assert c.post("/api/v1/auth/logout", headers=csrf).status_code == 401


def test_a_session_holds_across_processes(web: Web) -> None:
    sign_in(web.client, web, Role.BOARD)
    other = create_app(web.app, WebSettings(session_secret=SECRET))  # another server on the same database
    with TestClient(other) as c2:
        c2.cookies.set("custodes_session", web.client.cookies["custodes_session"])
        assert c2.get("/api/v1/auth/me").json()["role"] == "board"


def test_disabling_an_account_ends_its_sessions_in_the_database(web: Web) -> None:
    sign_in(web.client, web, Role.AID_AGENCY)
    account = web.accounts[Role.AID_AGENCY]
    web.app.accounts.disable_account(account, actor="test")
    assert count(web.app, st.sessions, st.sessions.c.account == account, st.sessions.c.revoked_at.is_(None)) == 0
    assert web.client.get("/api/v1/auth/me").status_code == 401


def test_last_seen_is_written_at_most_once_a_minute_and_sessions_expire(web: Web, clock: object) -> None:
    sign_in(web.client, web, Role.MONITOR)

    def last_seen() -> object:
        with web.app.store.read() as conn:
            return conn.execute(select(st.sessions.c.last_seen_at)).scalar_one()

    first = last_seen()
    clock.advance(seconds=30)  # type: ignore[attr-defined]
    assert web.client.get("/api/v1/auth/me").status_code == 200 and last_seen() == first
    clock.advance(seconds=31)  # type: ignore[attr-defined]
    assert web.client.get("/api/v1/auth/me").status_code == 200 and last_seen() != first
    clock.advance(hours=12)  # type: ignore[attr-defined]
    assert web.client.get("/api/v1/auth/me").status_code == 401


# -- tokens -----------------------------------------------------------------------------------------------
def test_issuing_a_token_asks_for_the_password_again(web: Web) -> None:
    c, me = web.client, web.auth(Role.FORCE_HQ)
    before = len(web.app.accounts.tokens(web.accounts[Role.FORCE_HQ]))
    missing = c.post("/api/v1/auth/tokens", headers=me, json={"name": "sync"})
    assert missing.status_code == 422 and "password" in missing.text
    wrong = c.post("/api/v1/auth/tokens", headers=me, json={"name": "sync", "password": "not my password"})
    assert wrong.status_code == 403 and wrong.json()["type"] == "urn:custodes:problem:wrong-password"
    assert len(web.app.accounts.tokens(web.accounts[Role.FORCE_HQ])) == before
    ok = c.post("/api/v1/auth/tokens", headers=me, json={"name": "sync", "password": PASSWORD})
    assert ok.status_code == 201


def test_a_token_lives_at_most_90_days(web: Web) -> None:
    c, me = web.client, web.auth(Role.FORCE_HQ)
    before = len(web.app.accounts.tokens(web.accounts[Role.FORCE_HQ]))
    r = c.post("/api/v1/auth/tokens", headers=me, json={"name": "long", "days": 91, "password": PASSWORD})
    assert r.status_code == 422 and "90" in r.text
    assert len(web.app.accounts.tokens(web.accounts[Role.FORCE_HQ])) == before
    r = c.post("/api/v1/auth/tokens", headers=me, json={"name": "long", "days": 90, "password": PASSWORD})
    assert r.status_code == 201


# -- the lockout ------------------------------------------------------------------------------------------
def test_wrong_passwords_lock_a_name_from_one_address_with_growing_delays(web: Web, clock: object) -> None:
    c, name = web.client, web.username(Role.BOARD)
    wrong = {"username": name, "password": "wrong guess!"}
    for _ in range(5):
        assert c.post(LOGIN, json=wrong).status_code == 401
    r = c.post(LOGIN, json={"username": name, "password": PASSWORD})  # the right one, not even checked
    assert r.status_code == 429 and r.headers["retry-after"] == "30"
    assert count(web.app, st.sessions) == 0
    clock.advance(seconds=30)  # type: ignore[attr-defined]
    assert c.post(LOGIN, json=wrong).status_code == 401
    assert c.post(LOGIN, json=wrong).headers["retry-after"] == "60"  # doubled
    clock.advance(seconds=60)  # type: ignore[attr-defined]
    assert c.post(LOGIN, json=wrong).status_code == 401
    assert c.post(LOGIN, json=wrong).headers["retry-after"] == "120"


def test_nobody_can_lock_out_someone_from_another_address(web: Web) -> None:
    name = web.username(Role.BOARD)
    for _ in range(6):
        web.client.post(LOGIN, json={"username": name, "password": "wrong guess!"})
    assert web.client.post(LOGIN, json={"username": name, "password": PASSWORD}).status_code == 429
    with TestClient(web.api, client=("192.0.2.44", 50000)) as elsewhere:
        assert elsewhere.post(LOGIN, json={"username": name, "password": PASSWORD}).status_code == 200


def test_parallel_guesses_cannot_pass_the_count(any_web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race that let 10 parallel guesses through: each attempt is counted (in the database, in one
    transaction) before its password is checked, so at most the threshold's worth are ever checked."""
    checked: list[str] = []
    real = session_module.verify_password

    def spy(stored: str | None, password: str) -> bool:
        checked.append(password)
        return real(stored, password)

    monkeypatch.setattr(session_module, "verify_password", spy)
    name, start = any_web.username(Role.COUNCIL), threading.Barrier(10)
    results: list[int | None] = []

    def guess(i: int) -> None:
        start.wait()
        outcome = any_web.api.state.custodes_web.sessions.sign_in(name, f"wrong guess {i}", "198.51.100.7")
        results.append(outcome.retry_after)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) == 5 and sum(r is None for r in results) == 5
    assert sorted(r for r in results if r is not None) == [30] * 5


# -- login CSRF -------------------------------------------------------------------------------------------
def test_a_cross_site_login_is_refused_and_opens_no_session(web: Web) -> None:
    body = {"username": web.username(Role.ADMIN), "password": PASSWORD}
    r = web.client.post(LOGIN, json=body, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and r.json()["type"] == "urn:custodes:problem:cross-site-login"
    assert "set-cookie" not in r.headers and count(web.app, st.sessions) == 0
    r = web.client.post(LOGIN, json=body, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    form = web.client.post("/login", data={**body, "next": "/dashboard"}, headers={"Origin": "null"},
                           follow_redirects=False)
    assert form.status_code == 403 and count(web.app, st.sessions) == 0


def test_a_same_site_login_and_one_without_origin_are_accepted(web: Web) -> None:
    body = {"username": web.username(Role.ADMIN), "password": PASSWORD}
    assert web.client.post(LOGIN, json=body, headers={"Origin": "http://testserver"}).status_code == 200
    web.client.cookies.clear()
    assert web.client.post(LOGIN, json=body).status_code == 200
    web.client.cookies.clear()
    form = web.client.post("/login", data={**body, "next": "/dashboard"}, follow_redirects=False,
                           headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert form.status_code == 303


# -- passwords --------------------------------------------------------------------------------------------
def test_changing_ones_password_ends_the_other_sessions(web: Web) -> None:
    elsewhere = TestClient(web.api)
    sign_in(elsewhere, web, Role.MONITOR)
    csrf = sign_in(web.client, web, Role.MONITOR)
    url, new = "/api/v1/auth/password", "a brand new passphrase here"
    wrong = web.client.post(url, headers=csrf, json={"old_password": "not the password", "new_password": new})
    assert wrong.status_code == 403 and wrong.json()["type"] == "urn:custodes:problem:wrong-password"
    common = web.client.post(url, headers=csrf, json={"old_password": PASSWORD, "new_password": "qwerty123456"})
    assert common.status_code == 422 and "less common" in common.json()["detail"]
    assert elsewhere.get("/api/v1/auth/me").status_code == 200  # nothing changed yet
    assert web.client.post(url, headers=csrf, json={"old_password": PASSWORD, "new_password": new}).status_code == 204
    assert elsewhere.get("/api/v1/auth/me").status_code == 401  # the other session ended
    assert web.client.get("/api/v1/auth/me").status_code == 200  # this one goes on
    web.client.cookies.clear()
    assert web.client.post(LOGIN, json={"username": web.username(Role.MONITOR), "password": PASSWORD}
                           ).status_code == 401
    sign_in(web.client, web, Role.MONITOR, new)
    text = journal(web)
    assert "accounts.password_changed" in text and new not in text and "argon2" not in text


def test_the_password_page_changes_it_and_refuses_a_wrong_or_common_one(web: Web) -> None:
    sign_in(web.client, web, Role.COMMITTEE)
    form = web.client.get("/account/password")
    assert form.status_code == 200 and 'name="old_password"' in form.text
    csrf = web.client.cookies["custodes_csrf"]
    url, new = "/account/password", "committee passphrase two"
    wrong = web.client.post(url, data={"csrf_token": csrf, "old_password": "not it at all", "new_password": new})
    assert wrong.status_code == 403 and "current password is wrong" in wrong.text
    common = web.client.post(url, data={"csrf_token": csrf, "old_password": PASSWORD, "new_password": "qwerty123456"})
    assert common.status_code == 422 and "less common" in common.text
    no_csrf = web.client.post(url, data={"old_password": PASSWORD, "new_password": new})
    assert no_csrf.status_code == 403
    assert web.app.accounts.authenticate(web.username(Role.COMMITTEE), PASSWORD) is not None  # unchanged so far
    ok = web.client.post(url, data={"csrf_token": csrf, "old_password": PASSWORD, "new_password": new})
    assert ok.status_code == 200 and "has been changed" in ok.text
    assert web.app.accounts.authenticate(web.username(Role.COMMITTEE), new) is not None


def test_an_admin_resets_a_password_and_its_sessions_end(web: Web) -> None:
    sign_in(web.client, web, Role.CONTINGENT)
    account = web.accounts[Role.CONTINGENT]
    admin = web.auth(Role.ADMIN)
    common = web.client.post(f"/api/v1/accounts/{account}/password", headers=admin, json={"password": "1q2w3e4r5t6y"})
    assert common.status_code == 422 and web.client.get("/api/v1/auth/me").status_code == 200
    r = web.client.post(f"/api/v1/accounts/{account}/password", headers=admin, json={})
    assert r.status_code == 200 and len(r.json()["password"]) >= 12
    assert web.client.get("/api/v1/auth/me").status_code == 401
    sign_in(web.client, web, Role.CONTINGENT, r.json()["password"])
    text = journal(web)
    assert "accounts.password_reset" in text and r.json()["password"] not in text and "argon2" not in text


def test_the_cli_resets_a_password_and_prints_it_once(web: Web, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        main(["--data-dir", str(web.app.settings.data_dir), "accounts", "password", "reset",
              web.username(Role.CIVIL_SOCIETY)])
    except SystemExit as done:
        assert done.code in (0, None)
    new = capsys.readouterr().out.strip().splitlines()[-1]
    assert web.app.accounts.authenticate(web.username(Role.CIVIL_SOCIETY), new) is not None
