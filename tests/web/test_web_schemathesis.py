"""schemathesis against the OpenAPI document, in process: no server error, no answer that breaks the schema.

Every operation is called with generated data, once as the public and once as an administrator (a fresh
token each time: a generated call may revoke tokens or disable accounts). Examples are bounded so the
run stays well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import update
from web_support import SECRET, populate

from custodes.accounts import passwords
from custodes.accounts.model import OrgKind, Role
from custodes.accounts.store import accounts
from custodes.app import Custodes
from custodes.settings import Settings
from custodes.web import WebSettings, create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def mission(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Custodes, Any]]:
    saved = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    app = Custodes.open(Settings(data_dir=Path(tmp_path_factory.mktemp("st")) / "data"), create=True)
    app.init()
    app.accounts.add_org("secretariat", OrgKind.SECRETARIAT, "Secretariat", actor="test")
    app.accounts.create_account("admin", "secretariat", "a long test password", actor="test")
    app.integrator().integrate()  # a real published log, so that the proof endpoints answer proofs
    yield app, create_app(app, WebSettings(session_secret=SECRET))
    passwords._hasher = saved


@pytest.mark.slow
def test_api_keeps_its_contract(mission: tuple[Custodes, Any]) -> None:
    app, api = mission
    schema = schemathesis.openapi.from_asgi("/openapi.json", api)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18

    for operation in operations:
        _fuzz(app, operation)


def _fuzz(app: Custodes, operation: Any) -> None:
    harmful = operation.method.upper() in ("POST", "DELETE") and (
        "disable" in operation.path or "tokens/" in operation.path)
    token = [app.accounts.issue_token(1, "schemathesis", 1, actor="test").secret]

    @given(case=operation.as_strategy())
    @settings(max_examples=8, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)
        case.call_and_validate(headers={"Authorization": f"Bearer {token[0]}"}, checks=CHECKS)
        if harmful:  # undo what the call may have done to the administrator
            with app.store.write("test") as uow:
                uow.conn.execute(update(accounts).values(enabled=True))
            token[0] = app.accounts.issue_token(1, "schemathesis", 1, actor="test").secret

    run()


#: the role that may write in each domain router, for the domain operations' run below
WRITERS = {"council": Role.COUNCIL, "board": Role.BOARD, "incidents": Role.MONITOR, "grievances": Role.FORCE_HQ,
           "aid": Role.AID_AGENCY, "map": Role.FORCE_HQ}


@pytest.mark.slow
def test_domain_operations_keep_their_contract_as_their_writers(tmp_path: Path) -> None:
    """The domain routers' operations with generated data as the role that writes there, and as the public."""
    saved = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    try:
        app = Custodes.open(Settings(data_dir=tmp_path / "data"), create=True)
        app.init()
        _, tokens = populate(app)
    finally:
        passwords._hasher = saved
    api = create_app(app, WebSettings(session_secret=SECRET, filings_per_address=10**6))
    schema = schemathesis.openapi.from_asgi("/openapi.json", api)
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        domain = operation.path.split("/")[3] if operation.path.startswith("/api/v1/") else ""
        if domain not in WRITERS:
            continue
        _fuzz_as(operation, {"Authorization": f"Bearer {tokens[WRITERS[domain]]}"})
        ran += 1
    assert ran >= 70


def _fuzz_as(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=6, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)
        case.call_and_validate(checks=CHECKS)

    run()
