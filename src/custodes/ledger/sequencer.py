"""Gives an entry its durable, dense, 0-based index inside the caller's transaction.

The journal is append-only by construction: this module is the only code that writes it, it only
inserts, and the migrations add triggers that refuse UPDATE and DELETE on both databases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    select,
    update,
)

from custodes.errors import IntegrityError
from custodes.ledger.disclosure import DisclosurePolicy
from custodes.ledger.entry import Commitment, Entry, sealed_entry
from custodes.storage.bulk import insert_many
from custodes.storage.schema import metadata

__all__ = ["JournalHead", "PendingEntry", "journal", "journal_head", "journal_reveals", "journal_salts",
           "journal_sealed", "read_entries"]

journal = Table(
    "journal",
    metadata,
    Column("idx", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("kind", String(80), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("exercise", Boolean, nullable=False),
    Column("body", LargeBinary, nullable=False),
)

journal_salts = Table(
    "journal_salts",
    metadata,
    Column("idx", ForeignKey("journal.idx"), primary_key=True),
    Column("path", String(200), primary_key=True),
    Column("salt", LargeBinary, nullable=False),
)

#: the canonical bytes of each sealed field (entry version 2), beside its salt: what ``log verify --against-db``
#: opens every commitment with, and what a delayed field's reveal publishes; never published otherwise
journal_sealed = Table(
    "journal_sealed",
    metadata,
    Column("idx", ForeignKey("journal.idx"), primary_key=True),
    Column("path", String(200), primary_key=True),
    Column("value", LargeBinary, nullable=False),
)

#: delayed fields revealed so far: the sealed entry and path, and the reveal entry's index
journal_reveals = Table(
    "journal_reveals",
    metadata,
    Column("idx", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("path", String(200), primary_key=True),
    Column("reveal_idx", BigInteger, nullable=False),
)

#: one row (id = 1) holding the journal's size; writers lock it, so indices stay dense on PostgreSQL too
journal_head = Table(
    "journal_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
)


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """One entry waiting to be sequenced by :meth:`JournalHead.append_many`."""

    kind: str
    record: Mapping[str, Any]
    at: dt.datetime
    actor: str
    exercise: bool = False
    sensitive: frozenset[str] = frozenset()  # sealed besides what the kind's rule seals


class JournalHead:
    """The journal's end, locked for the length of one write transaction."""

    def __init__(self, conn: Connection, policy: DisclosurePolicy) -> None:
        self._conn = conn
        self.policy = policy
        row = conn.execute(select(journal_head.c.size).where(journal_head.c.id == 1).with_for_update()).first()
        if row is None:
            raise IntegrityError("the journal has no head row; run `custodes init` to migrate the database")
        self.start = int(row[0])
        self.size = self.start

    def append(
        self,
        kind: str,
        record: Mapping[str, Any],
        *,
        at: dt.datetime,
        actor: str,
        exercise: bool,
        sensitive: Iterable[str] = (),
    ) -> Entry:
        """Append one entry, publishing what the policy declares for ``kind`` and sealing the rest."""
        return self.append_many([PendingEntry(kind, record, at, actor, exercise, frozenset(sensitive))])[0]

    def append_many(self, items: Sequence[PendingEntry], *, at: dt.datetime | None = None) -> list[Entry]:
        """Append many entries with one multi-row insert (group commit); same result as :meth:`append`.

        ``at`` (when given) is every entry's time instead of the item's own.
        """
        entries: list[Entry] = []
        rows: list[dict[str, Any]] = []
        sealed: list[Commitment] = []
        owners: list[int] = []
        index = self.size
        tree = self.policy.tree
        for item in items:
            when = item.at if at is None else at
            entry, commitments = sealed_entry(index, item.kind, when, item.actor, item.exercise, item.record,
                                              tree(item.kind, item.sensitive))
            rows.append({"idx": index, "kind": item.kind, "at": when, "actor": item.actor,
                         "exercise": item.exercise, "body": entry.encoded})
            if commitments:
                sealed.extend(commitments)
                owners.extend([index] * len(commitments))
            entries.append(entry)
            index += 1
        insert_many(self._conn, journal, rows)
        if sealed:
            insert_many(self._conn, journal_salts,
                        [{"idx": i, "path": c.path, "salt": c.salt} for i, c in zip(owners, sealed, strict=True)])
            insert_many(self._conn, journal_sealed,
                        [{"idx": i, "path": c.path, "value": c.clear} for i, c in zip(owners, sealed, strict=True)])
        self.size = index
        return entries

    def flush(self) -> None:
        if self.size != self.start:
            self._conn.execute(update(journal_head).where(journal_head.c.id == 1).values(size=self.size))


def read_entries(conn: Connection, start: int = 0, stop: int | None = None) -> list[tuple[int, bytes]]:
    """Entries ``start <= idx < stop`` as (index, public bytes), in order."""
    q = select(journal.c.idx, journal.c.body).where(journal.c.idx >= start).order_by(journal.c.idx)
    if stop is not None:
        q = q.where(journal.c.idx < stop)
    return [(int(i), bytes(b)) for i, b in conn.execute(q)]
