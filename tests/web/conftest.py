"""Fixtures of the web suite: an initialised mission's API with an account and a token for every role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from web_support import Web, make_web

from custodes.accounts import passwords
from custodes.app import Custodes


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with the cheapest parameters: the suite hashes many passwords on a busy machine.
    (The production parameters are checked in test_accounts_service.py.)"""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture
def web(app: Custodes, fast_hashing: None) -> Iterator[Web]:
    """The API of an initialised mission on SQLite, with an account and a token for every role."""
    yield from make_web(app)


@pytest.fixture
def any_web(any_app: Custodes, fast_hashing: None) -> Iterator[Web]:
    """The same, once on SQLite and once on PostgreSQL."""
    yield from make_web(any_app)
