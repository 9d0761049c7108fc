"""Journal entries for imported rows: each row's figure fields in clear, sized to the log's entry limit.

An import (consignments from a line list, incidents from an ACLED file) is journalled as a few entries
rather than one per row. Each entry names its ``columns`` and holds ``rows``, one JSON array per row in
that order: the row's id, the SHA-256 of its whole canonical record (so a row taken from an export can be
checked against the log), then the non-sensitive fields the report's figures need (date, place, type,
quantities). Fields the profile marks sensitive for the import's kind or for its single-record kind are
left out (:func:`public_columns`): an import entry never carries them, not even as commitments.

Rows are packed greedily into entries of at most :data:`~custodes.ledger.entry.MAX_ENTRY_BYTES` bytes
(:func:`sized_batches`), measuring each row's canonical bytes; a row too long for an entry on its own is
refused, naming its line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import orjson

from custodes.errors import InputError
from custodes.ledger.entry import MAX_ENTRY_BYTES, encode

__all__ = ["ENVELOPE_BYTES", "public_columns", "sized_batches"]

T = TypeVar("T")

#: room kept for the entry's envelope around ``rec`` (version, index, kind, time, actor, exercise flag)
ENVELOPE_BYTES = 512



def public_columns(wanted: Sequence[str], sensitive: Mapping[str, frozenset[str]], *kinds: str) -> tuple[str, ...]:
    """``wanted`` without the fields the profile marks sensitive for any of ``kinds`` (top-level names).

    A row's hash goes too once a column is left out (it is computed over the whole row).

    >>> public_columns(("id", "sha256", "pcode", "reporter"), {"incidents.reported": frozenset({"reporter"})},
    ...                "incidents.imported", "incidents.reported")
    ('id', 'pcode')
    """
    hidden = {path.split(".")[0] for k in kinds for path in sensitive.get(k, ())}
    if hidden & set(wanted):  # the row's hash covers the sealed field: it would expose it to a guess
        hidden.add("sha256")
    return tuple(c for c in wanted if c not in hidden)


def sized_batches(items: Sequence[T], cells: Callable[[T], list[Any]], header: Mapping[str, Any], *,
                  line: Callable[[T], int], source: str, actor: str = "",
                  limit: int = MAX_ENTRY_BYTES) -> Iterator[list[list[Any]]]:
    """The rows' cells (str, int or None each), packed into batches whose entry (``header`` plus
    ``"rows": [...]``, in its envelope) stays within ``limit`` bytes; order is kept.

    >>> [len(b) for b in sized_batches(list(range(5)), lambda i: ["x" * 100], {}, line=lambda i: i,
    ...                                source="f", limit=ENVELOPE_BYTES + 330)]
    [3, 2]
    """
    room = limit - ENVELOPE_BYTES - len(actor.encode()) - len(encode({**header, "rows": []}))
    batch: list[list[Any]] = []
    used = 0
    for item in items:
        row = cells(item)
        size = len(orjson.dumps(row)) + 1  # the row and its comma (cells are text, integers or null)
        if size > room:
            raise InputError(f"the row's fields take {size} bytes, more than one journal entry holds ({room}); "
                             "shorten them", source=source, line=line(item))
        if used + size > room:
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += size
    if batch:
        yield batch
