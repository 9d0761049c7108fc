"""Read use cases over the journal: pages of entries with their total counted in the database, one entry, the
journal's size, the entry behind a public record, and an audit of the published log against the rows.

Entries are handed out as their canonical public bytes (exactly what the log publishes); the edges parse them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, LargeBinary, func, literal, select

from custodes.errors import NotFound
from custodes.ledger.sequencer import journal, journal_head, read_entries
from custodes.paging import Page
from custodes.storage.paging import fetch_page
from custodes.storage.uow import Store

if TYPE_CHECKING:  # the audit's modules (and cryptography) load only when auditing
    from custodes.ledger.note import Verifier
    from custodes.ledger.tiles import Fetch
    from custodes.ledger.verify import AuditReport, Progress, VerifiedState

__all__ = ["JournalReader"]

#: how many candidates of a byte search :meth:`JournalReader.find_entry` parses, latest first
_CANDIDATES = 50


def _contains(conn: Connection, needle: bytes) -> ColumnElement[bool]:
    """The entry's bytes contain ``needle`` (a byte search: SQLite's instr, PostgreSQL's position)."""
    if conn.dialect.name == "sqlite":
        return func.instr(journal.c.body, literal(needle, LargeBinary)) > 0
    return func.position(literal(needle, LargeBinary).op("IN")(journal.c.body)) > 0


class JournalReader:
    """Reads of the append-only journal (``app.journal``); it never writes."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def entries(self, *, limit: int, offset: int, kind: str | None = None, actor: str | None = None,
                exercise: bool | None = None, start: int | None = None, stop: int | None = None) -> Page[bytes]:
        """Entries in index order (``start <= index < stop``, of ``kind``, by ``actor``, exercise or real), a page
        of their public bytes and how many match."""
        q = select(journal.c.body).order_by(journal.c.idx)
        if kind is not None:
            q = q.where(journal.c.kind == kind)
        if actor is not None:
            q = q.where(journal.c.actor == actor)
        if exercise is not None:
            q = q.where(journal.c.exercise.is_(exercise))
        if start is not None:
            q = q.where(journal.c.idx >= start)
        if stop is not None:
            q = q.where(journal.c.idx < stop)
        with self._store.read() as conn:
            return fetch_page(conn, q, limit=limit, offset=offset).map(lambda row: bytes(row[0]))

    def latest(self, kinds: Sequence[str], *, limit: int, offset: int, exercise: bool | None = False) -> Page[bytes]:
        """Entries of any of ``kinds``, newest first (real ones by default), a page of their public bytes and how
        many match: what a feed of public records shows."""
        q = select(journal.c.body).where(journal.c.kind.in_(tuple(kinds))).order_by(journal.c.idx.desc())
        if exercise is not None:
            q = q.where(journal.c.exercise.is_(exercise))
        with self._store.read() as conn:
            return fetch_page(conn, q, limit=limit, offset=offset).map(lambda row: bytes(row[0]))

    def last(self, count: int) -> Page[bytes]:
        """The last ``count`` entries (any number), in index order; the page's total is the journal's size."""
        with self._store.read() as conn:
            size = int(conn.execute(select(journal_head.c.size).where(journal_head.c.id == 1))
                       .scalar_one_or_none() or 0)  # the head row: no count of the whole journal
            start = max(0, size - count)
            rows = read_entries(conn, start)
        return Page(tuple(body for _, body in rows), size, count, start)

    def entry(self, index: int) -> bytes:
        """One entry's public bytes by its index."""
        with self._store.read() as conn:
            body = conn.execute(select(journal.c.body).where(journal.c.idx == index)).scalar_one_or_none()
        if body is None:
            raise NotFound(f"no journal entry {index}")
        return bytes(body)

    def size(self) -> int:
        """How many entries the journal holds (every state change adds some), from its head row: no count."""
        with self._store.read() as conn:
            size = conn.execute(select(journal_head.c.size).where(journal_head.c.id == 1)).scalar_one_or_none()
        return int(size or 0)

    def holds_exercise(self) -> bool:
        """Whether any entry is an exercise record's."""
        with self._store.read() as conn:
            found = conn.execute(select(journal.c.idx).where(journal.c.exercise.is_(True)).limit(1)).first()
        return found is not None

    def find_entry(self, kind: str, field: str, value: str) -> int | None:
        """The index of the latest entry of ``kind`` whose record has ``field`` equal to ``value``, or None.

        The canonical JSON writes ``"field":<value>`` with no spaces, so a byte search narrows the candidates;
        each candidate is then parsed and compared exactly.
        """
        patterns = [f'"{field}":{json.dumps(value, ensure_ascii=False)}']
        if value.isdigit():
            patterns.append(f'"{field}":{int(value)}')
        with self._store.read() as conn:
            for pattern in patterns:
                rows = conn.execute(select(journal.c.idx, journal.c.body)
                                    .where(journal.c.kind == kind, _contains(conn, pattern.encode()))
                                    .order_by(journal.c.idx.desc()).limit(_CANDIDATES))
                for idx, body in rows:
                    rec: Any = json.loads(bytes(body)).get("rec", {})
                    if isinstance(rec, dict) and field in rec and str(rec[field]) == value:
                        return int(idx)
        return None

    def audit_against_rows(self, fetch: Fetch, log: Verifier, *, state: VerifiedState | None = None,
                           witnesses: Sequence[Verifier] = (), quorum: int = 0,
                           progress: Progress | None = None) -> AuditReport:
        """Audit the log behind ``fetch`` (:func:`custodes.ledger.verify.audit`) and compare the journal's rows
        with the published entries."""
        from custodes.ledger.verify import audit

        with self._store.read() as conn:
            return audit(fetch, log, state=state, witnesses=witnesses, quorum=quorum, progress=progress, db=conn)
