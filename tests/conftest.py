"""Shared fixtures: a fixed clock, an initialised mission on SQLite, and PostgreSQL behind a marker.

PostgreSQL tests read ``CUSTODES_TEST_POSTGRES_URL`` (``.ci/run`` sets it to the local server); each test
gets a schema of its own, dropped afterwards. Where no server is reachable they skip and say why.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from custodes.app import Custodes
from custodes.ledger.disclosure import publishes
from custodes.settings import Settings

# the kinds the tests journal besides the mission's own (undeclared kinds would publish nothing)
for _kind, _fields in {"test.note": ("n", "pad", "who"), "test.sealed": ("n", "pad", "who"),
                       "test.fault": ("round", "i", "backlog"), "test.feed": ("k", "i", "bad"),
                       "test.ok": ("a",), "test.bad": ("blob",)}.items():
    publishes(_kind, *_fields)

#: the shared data folder beside the checkout, or where CUSTODES_SHARED_DATA points (a worktree elsewhere)
SHARED_DATA = Path(os.environ.get("CUSTODES_SHARED_DATA")
                   or Path(__file__).resolve().parents[1].parent / "shared" / "data")


class FixedClock:
    """A clock tests can set and advance."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Custodes:
    """A mission initialised with the 2803 profile on SQLite in a temporary data directory."""
    a = Custodes.open(settings, clock=clock, create=True)
    a.init()
    return a


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the shared data folder {SHARED_DATA} is not beside the checkout")
    return SHARED_DATA


def _no_postgres(reason: str) -> None:
    if os.environ.get("CUSTODES_REQUIRE_POSTGRES"):  # CI: a missing server is a failure, not a skip
        pytest.fail(reason)
    pytest.skip(reason)


def _postgres_base_url() -> str:
    url = os.environ.get("CUSTODES_TEST_POSTGRES_URL")
    if not url:
        _no_postgres("no PostgreSQL: set CUSTODES_TEST_POSTGRES_URL (.ci/run points it at 127.0.0.1:5432/test)")
        raise AssertionError("unreachable")
    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
    except sa.exc.OperationalError as exc:
        _no_postgres(f"PostgreSQL at {url} is not reachable: {str(exc).splitlines()[0]}")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema of this test's own."""
    base = _postgres_base_url()
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def pg_app(tmp_path: Path, postgres_url: str, clock: FixedClock) -> Iterator[Custodes]:
    """The same initialised mission on PostgreSQL."""
    a = Custodes.open(Settings(data_dir=tmp_path / "pgdata", database_url=postgres_url), clock=clock, create=True)
    a.init()
    yield a
    a.store.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_app(request: pytest.FixtureRequest) -> Custodes:
    """Runs a test once on SQLite and once on PostgreSQL."""
    name = "app" if request.param == "sqlite" else "pg_app"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]
