"""Shared test support for the web suite: one account and bearer token per role, on SQLite or PostgreSQL.

The fixtures built on it (``web``, ``any_web``, ``fast_hashing``) live in tests/web/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.testclient import TestClient

from custodes.accounts.model import Role
from custodes.app import Custodes
from custodes.demo import add_role_accounts, role_username
from custodes.web import WebSettings, create_app

PASSWORD = "a long test password"
SECRET = "s" * 40

@dataclass
class Web:
    app: Custodes
    api: FastAPI
    client: TestClient
    accounts: dict[Role, int] = field(default_factory=dict)
    tokens: dict[Role, str] = field(default_factory=dict)

    def auth(self, role: Role) -> dict[str, str]:
        """Headers that make a request as ``role`` (none for the public)."""
        return {} if role is Role.PUBLIC else {"Authorization": f"Bearer {self.tokens[role]}"}

    def username(self, role: Role) -> str:
        return role_username(role)


def populate(app: Custodes) -> tuple[dict[Role, int], dict[Role, str]]:
    accounts = add_role_accounts(app, "test", PASSWORD)
    tokens = {role: app.accounts.issue_token("test", a, "tests", 30).secret for role, a in accounts.items()}
    return accounts, tokens


def make_web(app: Custodes, settings: WebSettings | None = None) -> Iterator[Web]:
    api = create_app(app, settings or WebSettings(session_secret=SECRET))
    accounts, tokens = populate(app)
    with TestClient(api) as client:
        yield Web(app, api, client, accounts, tokens)
