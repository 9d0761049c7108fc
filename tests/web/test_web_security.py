"""Sessions, CSRF, the login lockout, bearer-token revocation and expiry, production keys.

Sessions in the database, the lockout's race, login CSRF and passwords: test_web_sessions.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import PASSWORD, SECRET, Web, make_web

from custodes.accounts.model import Role
from custodes.app import Custodes
from custodes.cli.main import main
from custodes.errors import ConfigError
from custodes.web import WebSettings, create_app
from custodes.web.sessions import CSRF_HEADER


def login(web: Web, role: Role, password: str = PASSWORD) -> dict[str, str]:
    r = web.client.post("/api/v1/auth/login", json={"username": web.username(role), "password": password})
    assert r.status_code == 200, r.text
    return {CSRF_HEADER: r.json()["csrf_token"]}


def test_session_cookie_is_httponly_strict_and_needs_csrf_to_change_state(any_web: Web) -> None:
    c = any_web.client
    r = c.post("/api/v1/auth/login", json={"username": any_web.username(Role.MONITOR), "password": PASSWORD})
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("custodes_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    csrf = {CSRF_HEADER: r.json()["csrf_token"]}
    assert c.get("/api/v1/auth/me").json()["role"] == "monitor"  # reads need no CSRF token
    body = {"name": "script", "password": PASSWORD}
    refused = c.post("/api/v1/auth/tokens", json=body)
    assert refused.status_code == 403 and refused.json()["type"] == "urn:custodes:problem:csrf"
    wrong = c.post("/api/v1/auth/tokens", json=body, headers={CSRF_HEADER: "x" + csrf[CSRF_HEADER]})
    assert wrong.status_code == 403
    assert c.post("/api/v1/auth/tokens", json=body, headers=csrf).status_code == 201
    assert c.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    assert c.get("/api/v1/auth/me").status_code == 401


def test_a_forged_or_foreign_session_cookie_is_nobody(web: Web) -> None:
    login(web, Role.ADMIN)
    value = web.client.cookies["custodes_session"]
    payload, mac = value.split(".")
    web.client.cookies.set("custodes_session", payload[:-2] + "AA." + mac)
    assert web.client.get("/api/v1/auth/me").status_code == 401
    other = create_app(web.app, WebSettings(session_secret="t" * 40))  # another secret: not ours
    with TestClient(other) as c2:
        c2.cookies.set("custodes_session", value)
        assert c2.get("/api/v1/auth/me").status_code == 401


def test_disabling_an_account_ends_its_sessions_and_tokens(any_web: Web) -> None:
    login(any_web, Role.AID_AGENCY)
    token = any_web.auth(Role.AID_AGENCY)
    assert any_web.client.get("/api/v1/auth/me", headers=token).status_code == 200
    any_web.app.accounts.disable_account(any_web.accounts[Role.AID_AGENCY], actor="test")
    assert any_web.client.get("/api/v1/auth/me").status_code == 401
    assert any_web.client.get("/api/v1/auth/me", headers=token).status_code == 401
    r = any_web.client.post("/api/v1/auth/login", json={"username": any_web.username(Role.AID_AGENCY),
                                                        "password": PASSWORD})
    assert r.status_code == 401


def test_a_revoked_or_expired_token_stops_working(any_web: Web, clock: object) -> None:
    c, me = any_web.client, any_web.auth(Role.FORCE_HQ)
    issued = c.post("/api/v1/auth/tokens", headers=me, json={"name": "sync", "days": 1, "password": PASSWORD}).json()
    mine = {"Authorization": f"Bearer {issued['secret']}"}
    assert c.get("/api/v1/auth/me", headers=mine).json()["via"] == "token"
    other = any_web.auth(Role.CONTINGENT)
    assert c.delete(f"/api/v1/auth/tokens/{issued['token']['id']}", headers=other).status_code == 404
    r = c.delete(f"/api/v1/auth/tokens/{issued['token']['id']}", headers=me)
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    r = c.get("/api/v1/auth/me", headers=mine)
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    again = c.delete(f"/api/v1/auth/tokens/{issued['token']['id']}", headers=me)
    assert again.status_code == 409 and again.json()["name"] == "token_already_revoked"
    short = c.post("/api/v1/auth/tokens", headers=me, json={"name": "short", "days": 1, "password": PASSWORD}).json()
    bearer = {"Authorization": f"Bearer {short['secret']}"}
    assert c.get("/api/v1/auth/me", headers=bearer).status_code == 200
    clock.advance(days=1, seconds=1)  # type: ignore[attr-defined]
    assert c.get("/api/v1/auth/me", headers=bearer).status_code == 401
    assert c.get("/api/v1/auth/me", headers={"Authorization": "Basic abc"}).status_code == 401
    assert c.get("/api/v1/auth/me", headers={"Authorization": "Bearer cst_nonsense"}).status_code == 401


def test_failed_logins_are_limited_per_account_and_per_address(app: Custodes, fast_hashing: None) -> None:
    settings = WebSettings(session_secret=SECRET, login_failures_per_account=3, login_failures_per_address=5)
    web = next(make_web(app, settings))
    c, name = web.client, web.username(Role.BOARD)
    for _ in range(3):
        assert c.post("/api/v1/auth/login", json={"username": name, "password": "wrong guess!"}).status_code == 401
    r = c.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD})  # even the right one
    assert r.status_code == 429 and int(r.headers["retry-after"]) == 30
    assert r.json()["type"] == "urn:custodes:problem:rate-limited"
    ok = c.post("/api/v1/auth/login", json={"username": web.username(Role.COUNCIL), "password": PASSWORD})
    assert ok.status_code == 200  # another account from the same address still may
    c.cookies.clear()
    for i in range(2):
        c.post("/api/v1/auth/login", json={"username": f"nobody-{i}", "password": "wrong guess!"})
    r = c.post("/api/v1/auth/login", json={"username": web.username(Role.COMMITTEE), "password": PASSWORD})
    assert r.status_code == 429  # the address made 5 failures


def test_production_refuses_to_start_without_keys(app: Custodes, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (app.settings.key_dir / "log.key").unlink()  # `custodes init` makes it (the ledger); this test needs none
    with pytest.raises(ConfigError, match="custodes accounts session-secret") as info:
        create_app(app, WebSettings(env="production"))
    assert "log signing key" in str(info.value)
    with pytest.raises(ConfigError, match="at least 32"):
        create_app(app, WebSettings(session_secret="short"))  # weak secrets are refused in development too
    key = tmp_path / "log.key"
    key.write_bytes(b"a key file")
    with pytest.raises(ConfigError, match="no session secret"):
        create_app(app, WebSettings(env="production", log_key_file=key))
    prod = create_app(app, WebSettings(env="production", log_key_file=key, session_secret=SECRET))
    with TestClient(prod, base_url="https://testserver") as c:
        assert c.get("/api/v1/mission/status").status_code == 200
    data = str(app.settings.data_dir)
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", data, "serve", "--production"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "production mode refuses to start" in err and "session-secret" in err
    with pytest.raises(SystemExit):
        main(["--data-dir", data, "accounts", "session-secret"])
    secret_file = app.settings.key_dir / "session.secret"
    assert secret_file.stat().st_mode & 0o777 == 0o600 and len(secret_file.read_text().strip()) >= 32
    with pytest.raises(ConfigError, match="no log signing key"):
        create_app(app, WebSettings(env="production"))


def test_production_cookies_are_secure_and_host_prefixed(app: Custodes, tmp_path: Path, fast_hashing: None) -> None:
    key = tmp_path / "log.key"
    key.write_bytes(b"k")
    settings = WebSettings(env="production", log_key_file=key, session_secret=SECRET)
    web = next(make_web(app, settings))
    with TestClient(web.api, base_url="https://testserver") as c:
        r = c.post("/api/v1/auth/login", json={"username": web.username(Role.ADMIN), "password": PASSWORD})
        cookie = next(h for h in r.headers.get_list("set-cookie") if "custodes_session=" in h)
        assert cookie.startswith("__Host-custodes_session=") and "Secure" in cookie and "HttpOnly" in cookie
        assert c.get("/api/v1/auth/me").json()["role"] == "admin"


@pytest.fixture(autouse=True)
def _no_env_secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in list(os.environ):
        if name in ("CUSTODES_SESSION_SECRET", "CUSTODES_ENV", "CUSTODES_LOG_KEY_FILE"):
            monkeypatch.delenv(name)
    yield
