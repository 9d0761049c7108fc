"""Parsing a block of ACLED rows: good rows with their hashes, and the errors of bad ones (line and field).

(A column-wise variant was measured against this row-wise loop on this machine and was no faster, so the
row-wise reference parser is the only one.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from custodes.errors import InputError
from custodes.incidents.acled import Locate, parse_row, row_hash

__all__ = ["parse_block"]

#: the ACLED columns the parser reads (others, such as year, iso or timestamp, are derived or ignored)
USED = frozenset(("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                  "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
                  "civilian_targeting", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                  "geo_precision", "source", "source_scale", "notes", "fatalities", "tags"))


def parse_block(index: dict[str, int], rows: Sequence[Sequence[str]], lines: Sequence[int], source: str,
                locate: Locate) -> tuple[list[tuple[int, dict[str, Any], str]], list[InputError]]:
    """Parse rows of an ACLED file: (line, values, row hash) for good rows, and the errors of bad ones."""
    good: list[tuple[int, dict[str, Any], str]] = []
    errors: list[InputError] = []
    items = [(name, j) for name, j in index.items() if name in USED]
    for row, line in zip(rows, lines, strict=True):
        try:
            values = parse_row({name: row[j].strip() for name, j in items}, line, source, locate)
        except InputError as exc:
            errors.append(exc)
            continue
        good.append((line, values, row_hash(values)))
    return good, errors
