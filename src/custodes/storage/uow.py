"""The one writer: every state change runs in one unit of work that also appends its journal entries.

``Store.write`` serialises writers (a process lock, then ``BEGIN IMMEDIATE`` on SQLite or the journal
head's row lock on PostgreSQL), hands out a :class:`UnitOfWork`, and commits the records and their
journal entries together, or nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine

from custodes.ledger.disclosure import DisclosurePolicy
from custodes.ledger.entry import Entry
from custodes.ledger.sequencer import JournalHead, PendingEntry
from custodes.storage.engine import WRITE_OPTION

__all__ = ["Clock", "Store", "Today", "UnitOfWork", "utc_now"]

#: the current instant (UTC)
Clock = Callable[[], dt.datetime]
#: today in the mission's own time zone (``Custodes.today``)
Today = Callable[[], dt.date]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UnitOfWork:
    """One transaction: domain writes through ``conn``, journal entries through :meth:`append`."""

    def __init__(self, conn: Connection, head: JournalHead, *, actor: str, now: dt.datetime,
                 exercise: bool) -> None:
        self.conn = conn
        self.actor = actor
        self.now = now
        self.exercise = exercise
        self._head = head
        self.entries: list[Entry] = []

    def append(self, kind: str, record: Mapping[str, Any], *, sensitive: Iterable[str] = (),
               at: dt.datetime | None = None, exercise: bool | None = None) -> Entry:
        """Append one journal entry: the fields ``kind`` declares public in clear, the rest (and ``sensitive``)
        as commitments (:mod:`custodes.ledger.disclosure`)."""
        entry = self._head.append(
            kind, record, at=at or self.now, actor=self.actor,
            exercise=self.exercise if exercise is None else exercise, sensitive=sensitive,
        )
        self.entries.append(entry)
        return entry

    def append_many(self, items: Sequence[PendingEntry], *, at: dt.datetime | None = None) -> list[Entry]:
        """Append many entries with one multi-row insert (for the group-commit appender), sealed as in
        :meth:`append`. ``at`` overrides every item's time."""
        entries = self._head.append_many(items, at=at)
        self.entries.extend(entries)
        return entries


class Store:
    """The database behind Custodes, with one writer at a time."""

    def __init__(self, engine: Engine, *, policy: DisclosurePolicy | Callable[[], DisclosurePolicy] | None = None,
                 clock: Clock = utc_now) -> None:
        self.engine = engine
        self.clock = clock
        self._policy = policy
        self._lock = threading.Lock()
        self._listeners: list[Callable[[list[Entry]], None]] = []

    @property
    def policy(self) -> DisclosurePolicy:
        """What each kind publishes (the code's declarations with the profile's additions). Given as a function,
        it is built on first use: a read-only command never needs it, nor the modules that declare the kinds."""
        if not isinstance(self._policy, DisclosurePolicy):
            self._policy = self._policy() if self._policy is not None else DisclosurePolicy()
        return self._policy

    @policy.setter
    def policy(self, policy: DisclosurePolicy) -> None:
        self._policy = policy

    def on_commit(self, listener: Callable[[list[Entry]], None]) -> None:
        """Call ``listener`` with the entries of each committed unit of work (for the integrator)."""
        self._listeners.append(listener)

    @property
    def sensitive(self) -> Mapping[str, frozenset[str]]:
        """The fields the profile seals besides the code's rules, by kind (import entries leave them out)."""
        return self.policy.sealed

    @contextmanager
    def write(self, actor: str, *, exercise: bool = False, migrate: bool = False) -> Iterator[UnitOfWork]:
        """One unit of work; with ``migrate`` the schema is first brought up to date in the same transaction."""
        with self._lock, self.engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if migrate:
                    from custodes.storage.migrate import upgrade_on  # alembic: only when migrating

                    upgrade_on(conn)
                uow = UnitOfWork(conn, JournalHead(conn, self.policy), actor=actor, now=self.clock(),
                                 exercise=exercise)
                yield uow
                uow._head.flush()
        for listener in self._listeners:
            listener(uow.entries)

    @contextmanager
    def side_write(self) -> Iterator[Connection]:
        """A short write transaction for operational state the journal does not record (browser sessions,
        sign-in attempts): the same lock and ``BEGIN IMMEDIATE`` as :meth:`write`, no journal entry."""
        with self._lock, self.engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn
