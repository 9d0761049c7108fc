"""Shared test support for the web suite: one account and bearer token per role, on SQLite or PostgreSQL.

The fixtures built on it (``web``, ``any_web``, ``fast_hashing``) live in tests/web/conftest.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
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
    tokens = {role: app.accounts.issue_token(a, "tests", 30, actor="test").secret for role, a in accounts.items()}
    return accounts, tokens


def make_web(app: Custodes, settings: WebSettings | None = None) -> Iterator[Web]:
    api = create_app(app, settings or WebSettings(session_secret=SECRET))
    accounts, tokens = populate(app)
    with TestClient(api) as client:
        yield Web(app, api, client, accounts, tokens)


@dataclass
class Served:
    """A ``custodes serve`` process on a loopback port; ``out``/``err`` once it has stopped."""

    proc: subprocess.Popen[str]
    port: int
    out: str = ""
    err: str = ""


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Custodes, *, wait: float = 90.0) -> Iterator[Served]:
    """Run ``custodes serve`` on ``app``'s data directory, on a free loopback port, until it answers; Ctrl-C
    (SIGINT) at the end, keeping what it printed."""
    port = free_port()
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "custodes", "--data-dir", str(app.settings.data_dir), "serve",
                             "--port", str(port), "--log-level", "warning"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    served = Served(proc, port)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v1/mission/status", timeout=5)
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("custodes serve did not answer: " + proc.communicate()[1][-500:]) from None
                time.sleep(0.2)
        yield served
    finally:
        proc.send_signal(signal.SIGINT)
        served.out, served.err = proc.communicate(timeout=60)
