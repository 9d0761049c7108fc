"""Delayed disclosure: publish a delayed field's value and salt once its days have passed.

A profile may delay a public field (``disclosure.delayed``): the entry commits to it now, and a
``ledger.field_revealed`` entry later publishes ``{"entry", "kind", "path", "value", "salt"}``, so anyone can check
``SHA-256(salt || canonical(value))`` against the earlier commitment (:func:`check_reveal`). The running server
writes the reveals on schedule (its log runner); ``custodes log reveal-due`` writes them from the command line.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, insert, select

from custodes.ledger.disclosure import REVEAL_KIND, publishes
from custodes.ledger.entry import verify_commitment
from custodes.ledger.sequencer import journal, journal_reveals, journal_salts, journal_sealed
from custodes.storage.uow import Clock, Store

__all__ = ["Due", "RevealScheduler", "Reveals", "check_reveal", "due_reveals", "reveal_due"]

publishes(REVEAL_KIND, "entry", "kind", "path", "value", "salt")

#: reveals are written by the system, under this actor
ACTOR = "custodes"


@dataclass(frozen=True, slots=True)
class Due:
    """One delayed field whose days have passed: the entry, its kind and time, the path, and since when it is due."""

    idx: int
    kind: str
    at: dt.datetime
    path: str
    due: dt.datetime
    exercise: bool


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


def due_reveals(store: Store, now: dt.datetime, *, limit: int = 10_000) -> list[Due]:
    """The delayed fields not yet revealed whose time has come, oldest first."""
    policy = store.policy
    out: list[Due] = []
    with store.read() as conn:
        for kind in sorted(policy.rules):
            delayed = policy.of(kind).delayed
            for path, days in sorted(delayed.items()):
                cutoff = now - dt.timedelta(days=days)
                q = (select(journal.c.idx, journal.c.at, journal.c.exercise)
                     .join(journal_sealed, journal_sealed.c.idx == journal.c.idx)
                     .outerjoin(journal_reveals, and_(journal_reveals.c.idx == journal.c.idx,
                                                      journal_reveals.c.path == path))
                     .where(journal.c.kind == kind, journal_sealed.c.path == path, journal.c.at <= cutoff,
                            journal_reveals.c.idx.is_(None))
                     .order_by(journal.c.idx).limit(limit))
                for idx, at, exercise in conn.execute(q):
                    out.append(Due(int(idx), kind, _aware(at), path, _aware(at) + dt.timedelta(days=days),
                                   bool(exercise)))
    out.sort(key=lambda d: (d.idx, d.path))
    return out[:limit]


def reveal_due(store: Store, *, now: dt.datetime | None = None, limit: int = 10_000) -> int:
    """Write a reveal entry for every due delayed field (in one unit of work); returns how many."""
    when = now or store.clock()
    due = due_reveals(store, when, limit=limit)
    if not due:
        return 0
    with store.write(ACTOR) as uow:
        for d in due:
            row = uow.conn.execute(
                select(journal_sealed.c.value, journal_salts.c.salt)
                .join(journal_salts, and_(journal_salts.c.idx == journal_sealed.c.idx,
                                          journal_salts.c.path == journal_sealed.c.path))
                .where(journal_sealed.c.idx == d.idx, journal_sealed.c.path == d.path)).one()
            taken = uow.conn.execute(select(journal_reveals.c.idx).where(
                journal_reveals.c.idx == d.idx, journal_reveals.c.path == d.path)).first()
            if taken is not None:  # another writer revealed it meanwhile
                continue
            entry = uow.append(REVEAL_KIND, {"entry": d.idx, "kind": d.kind, "path": d.path,
                                             "value": json.loads(bytes(row.value)), "salt": bytes(row.salt).hex()},
                               exercise=d.exercise)
            uow.conn.execute(insert(journal_reveals).values(idx=d.idx, path=d.path, reveal_idx=entry.index))
    return len(due)


def check_reveal(sealed_entry: Mapping[str, Any], reveal: Mapping[str, Any]) -> bool:
    """Whether a published reveal opens the commitment at its path in the earlier published entry."""
    rec = reveal.get("rec", reveal)
    node: Any = sealed_entry.get("rec", sealed_entry)
    for part in str(rec["path"]).split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if not (isinstance(node, dict) and isinstance(node.get("commit"), str)):
        return False
    try:
        salt = bytes.fromhex(str(rec["salt"]))
    except ValueError:
        return False
    return verify_commitment(rec["value"], salt, node["commit"])


class RevealScheduler:
    """The running server's schedule: reveal what is due at start, then every ``interval`` seconds."""

    def __init__(self, store: Store, *, interval: float = 3600.0,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self.store = store
        self.interval = interval
        self.on_error = on_error
        self.revealed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="custodes-reveal", daemon=True)

    def start(self) -> RevealScheduler:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.revealed += reveal_due(self.store)
            except Exception as exc:  # keep serving; the next round tries again
                if self.on_error is not None:
                    self.on_error(exc)
            self._stop.wait(self.interval)


class Reveals:
    """The reveal use cases of one mission (``app.reveals``); the system journals them (:data:`ACTOR`)."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def due(self) -> list[Due]:
        """The delayed fields not yet revealed whose days have passed, oldest first."""
        return due_reveals(self._store, self._clock())

    def reveal(self) -> int:
        """Reveal every due delayed field in one unit of work; how many."""
        return reveal_due(self._store, now=self._clock())

    def scheduler(self, *, interval: float = 3600.0) -> RevealScheduler:
        """A background task that reveals what is due at start, then every ``interval`` seconds."""
        return RevealScheduler(self._store, interval=interval)
