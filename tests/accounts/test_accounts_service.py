"""Accounts, organisations and tokens through the service and the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type

from custodes.accounts import passwords
from custodes.accounts.model import OrgKind
from custodes.app import Custodes
from custodes.cli.main import main
from custodes.errors import IllegalTransition, InputError, NotFound


def test_passwords_are_argon2id_with_the_recommended_parameters() -> None:
    h = passwords._hasher
    assert isinstance(h, PasswordHasher) and h.type is Type.ID and h.memory_cost >= 19 * 1024
    digest = passwords.hash_password("correct horse battery")
    assert digest.startswith("$argon2id$") and passwords.verify_password(digest, "correct horse battery")
    assert not passwords.verify_password(digest, "wrong") and not passwords.verify_password(None, "x")


def test_accounts_and_tokens(any_app: Custodes, monkeypatch: pytest.MonkeyPatch, clock: object) -> None:
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    s = any_app.accounts
    s.add_org("isf-hq", OrgKind.FORCE_HQ, "ISF headquarters", actor="cli")
    with pytest.raises(IllegalTransition, match="organisation_exists"):
        s.add_org("isf-hq", "force_hq", "again", actor="cli")
    with pytest.raises(InputError, match="unknown organisation kind"):
        s.add_org("x-org", "army", "x", actor="cli")
    with pytest.raises(NotFound, match="custodes org add"):
        s.create_account("someone", "nowhere", "long enough password", actor="cli")
    a = s.create_account("ops", "isf-hq", "long enough password", actor="cli")
    assert a.role.value == "force_hq" and s.authenticate("ops", "long enough password") is not None
    assert s.authenticate("ops", "wrong password!") is None and s.authenticate("nobody", "x") is None
    with pytest.raises(IllegalTransition, match="username_taken"):
        s.create_account("ops", "isf-hq", "long enough password", actor="cli")
    with pytest.raises(InputError, match="12 to 1024"):
        s.create_account("ops2", "isf-hq", "short", actor="cli")
    issued = s.issue_token(a.id, "sync", days=2, actor="cli")
    assert s.authenticate_token(issued.secret, clock()) is not None  # type: ignore[operator]
    clock.advance(days=2)  # type: ignore[attr-defined]
    assert s.authenticate_token(issued.secret, clock()) is None  # type: ignore[operator]
    s.disable_account(a.id, actor="cli")
    with pytest.raises(IllegalTransition, match="account_already_disabled"):
        s.disable_account(a.id, actor="cli")
    assert s.authenticate("ops", "long enough password") is None


def test_cli_accounts_and_orgs(app: Custodes, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    monkeypatch.setenv("PW", "the first admin's password")
    d = ["--data-dir", str(app.settings.data_dir)]

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as info:
            main([*d, *args])
        out, err = capsys.readouterr()
        return int(info.value.code or 0), out, err

    assert run("org", "add", "secretariat", "--kind", "secretariat", "--name", "Mission secretariat")[0] == 0
    code, out, _ = run("accounts", "create", "admin", "--org", "secretariat", "--password-env", "PW", "--json")
    assert code == 0 and json.loads(out)["role"] == "admin"
    assert json.loads(run("org", "list", "--json")[1])[0]["id"] == "secretariat"
    assert json.loads(run("accounts", "list", "--json")[1])[0]["username"] == "admin"
    token = json.loads(run("accounts", "token", "issue", "1", "--name", "ci", "--json")[1])
    assert token["secret"].startswith("cst_")
    assert run("accounts", "token", "revoke", str(token["id"]))[0] == 0
    code, _, err = run("accounts", "token", "revoke", str(token["id"]))
    assert code == 2 and "token_already_revoked" in err
    assert run("accounts", "disable", "1")[0] == 0
    code, _, err = run("accounts", "create", "xyz", "--org", "nowhere", "--password-env", "PW")
    assert code == 2 and "no organisation 'nowhere'" in err
    tail = run("journal", "tail", "-n", "6", "--json")[1]
    assert "the first admin's password" not in tail and token["secret"][4:] not in tail and "argon2" not in tail
    assert Path(app.settings.data_dir).is_dir()
