"""Exercise data: the contract every domain's generator keeps, and the one order they run in.

Each domain keeps its generator in ``<domain>/exercise.py`` (:data:`ORDER` names them). A generator writes
deterministic records for a seed and a period, every one labelled: ``exercise = true`` in its table and
``"ex": true`` in its journal entries. Removing them deletes only exercise rows and journals, per table,
one ``<domain>.exercise_withdrawn`` entry ``{"table": name, "ids": [...]}`` under the actor ``exercise``
(:func:`withdraw`); a real record is never touched. Entries written before this contract carry older
payloads (``{"records": n}``, ``{"table", "records"}``, per-table counts): the report folds read them all.

The order matters: later generators build on earlier ones (the disarmament exercise names the force
exercise's units). A generator receives what it uses through its constructor (the store, the services it calls,
the profile's records it draws on); the composition root (``Custodes.exercise_generators``) builds them, in
:data:`ORDER`, only when they run, so ``custodes`` stays light to import.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Table, select

from custodes.storage.uow import UnitOfWork

__all__ = ["ACTOR", "LABEL", "ORDER", "ExerciseGenerator", "ExercisePeriod", "ExerciseResult", "generate",
           "remove", "withdraw", "withdrawn_kind"]

#: the actor of every exercise withdrawal (and of most exercise records)
ACTOR = "exercise"
#: the prefix of an exercise record's name, so a person reading it cannot mistake it
LABEL = "(exercise) "
#: the domains whose generators run, in this order (each in ``custodes.<domain>.exercise``); removal runs in the
#: reverse order
ORDER: tuple[str, ...] = ("board", "aid", "force", "disarmament", "withdrawal", "incidents", "grievances")
#: a withdrawal entry's ids are split so that each entry stays well under the log's entry size limit
_IDS_BYTES = 48_000


@dataclass(frozen=True, slots=True)
class ExercisePeriod:
    """The span the generators cover: the mandate's start to ``end`` (today by default)."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    """What one generator wrote or removed: records, and the journal entries that say so."""

    domain: str
    records: int
    entries: int


class ExerciseGenerator(Protocol):
    """A domain's generator. The same seed and period give the same records."""

    domain: str

    def generate(self, seed: int, period: ExercisePeriod) -> ExerciseResult: ...

    def remove(self) -> ExerciseResult: ...


def generate(generators: Sequence[ExerciseGenerator], seed: int, period: ExercisePeriod) -> list[ExerciseResult]:
    """Run the generators (given in :data:`ORDER`), in order, over ``period``."""
    return [g.generate(seed, period) for g in generators]


def remove(generators: Sequence[ExerciseGenerator]) -> list[ExerciseResult]:
    """Remove every domain's exercise records, in the reverse order (records that others build on last)."""
    return [g.remove() for g in reversed(generators)]


def withdrawn_kind(domain: str) -> str:
    """The journal kind that withdraws a domain's exercise records."""
    return f"{domain}.exercise_withdrawn"


def _key(row: Sequence[Any]) -> Any:
    """A row's id as the journal shows it: the key itself, or a list for a key of several columns."""
    values = [v.isoformat() if isinstance(v, dt.date) else v for v in row]
    return values[0] if len(values) == 1 else values


def _chunks(ids: list[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    size = 0
    for i in ids:
        n = len(json.dumps(i)) + 1
        if chunk and size + n > _IDS_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(i)
        size += n
    if chunk:
        yield chunk


def withdraw(uow: UnitOfWork, domain: str, tables: Sequence[Table]) -> int:
    """Delete the exercise rows of ``tables`` (in this order) and journal their ids; returns the rows deleted.

    Each table with exercise rows gets ``{"table": name, "ids": [...]}`` entries (more than one when the ids
    would not fit one entry); a table without any gets none. Rows of tables without an ``exercise`` column
    (children deleted with their parent) are the caller's to delete first.
    """
    removed = 0
    for t in tables:
        pk = list(t.primary_key.columns)
        flagged = t.c.exercise.is_(True)
        ids = [_key(r) for r in uow.conn.execute(select(*pk).where(flagged).order_by(*pk))]
        if not ids:
            continue
        uow.conn.execute(t.delete().where(flagged))
        for chunk in _chunks(ids):
            uow.append(withdrawn_kind(domain), {"table": t.name, "ids": chunk}, exercise=True)
        removed += len(ids)
    return removed
