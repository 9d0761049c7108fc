"""Running totals of consignments per day and key, kept in the same transaction as every change.

Summaries read ``consignment_totals`` (one row per day, crossing, route, category, unit, agency, donor,
state, source and exercise flag) instead of scanning every consignment, so a summary over a million
consignments reads tens of thousands of rows at most. Missing values are stored as '' in the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from custodes.aid.store import consignment_totals, consignments

__all__ = ["KEY", "Pending", "add_rows", "move", "rebuild", "replace"]

KEY = ("date", "crossing", "route", "category", "unit", "agency", "donor", "state", "source", "exercise")
_SUMS = ("n", "quantity", "quantity_n", "trucks", "trucks_n", "tonnes", "tonnes_n")


def _key(row: Mapping[str, Any], state: str | None = None) -> tuple[Any, ...]:
    """The row's key in KEY order ('' for a missing text)."""
    return (row["date"], row["crossing"] or "", row["route"] or "", row["category"] or "", row["unit"] or "",
            row["agency"] or "", row["donor"] or "", state or row["state"], row["source"] or "", row["exercise"])


def _deltas(rows: Iterable[Mapping[str, Any]], sign: int = 1,
            state: str | None = None) -> dict[tuple[Any, ...], list[float]]:
    out: dict[tuple[Any, ...], list[float]] = {}
    for r in rows:
        d = out.setdefault(_key(r, state), [0, 0.0, 0, 0, 0, 0.0, 0])
        d[0] += sign
        q, t, w = r["quantity"], r["trucks"], r["tonnes"]
        if q is not None:
            d[1] += sign * q
            d[2] += sign
        if t is not None:
            d[3] += sign * t
            d[4] += sign
        if w is not None:
            d[5] += sign * w
            d[6] += sign
    return out


def _upsert(conn: Connection, deltas: Mapping[tuple[Any, ...], list[float]]) -> None:
    """``INSERT ... ON CONFLICT (key) DO UPDATE SET x = x + excluded.x`` (the same SQL on SQLite and
    PostgreSQL), run through the driver: an import adds thousands of keys at once."""
    if not deltas:
        return
    dialect = conn.dialect
    cols = [*KEY, *_SUMS]
    procs = [(i, p) for i, name in enumerate(cols)
             if (p := consignment_totals.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO consignment_totals ({', '.join(cols)}) VALUES ({', '.join(mark for _ in cols)}) "
           f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET "
           + ", ".join(f"{s} = consignment_totals.{s} + excluded.{s}" for s in _SUMS))
    data = []
    for k, v in deltas.items():
        row: list[Any] = [*k, *v]
        for i, p in procs:
            if row[i] is not None:
                row[i] = p(row[i])
        data.append(tuple(row))
    conn.exec_driver_sql(sql, data)


def add_rows(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Count newly inserted consignments (dicts with the consignments' column names)."""
    _upsert(conn, _deltas(rows))


class Pending:
    """Totals of many batches, added once at the end of the same transaction."""

    def __init__(self) -> None:
        self.deltas: dict[tuple[Any, ...], list[float]] = {}

    def add(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for k, v in _deltas(rows).items():
            d = self.deltas.get(k)
            self.deltas[k] = v if d is None else [a + b for a, b in zip(d, v, strict=True)]

    def flush(self, conn: Connection) -> None:
        _upsert(conn, self.deltas)
        self.deltas = {}


def move(conn: Connection, row: Mapping[str, Any], new_state: str) -> None:
    """A consignment changed state: one less under the old key, one more under the new."""
    d = _deltas([row], -1)
    for k, v in _deltas([row], 1, new_state).items():
        d[k] = [a + b for a, b in zip(d.get(k, [0] * 7), v, strict=True)]
    _upsert(conn, d)


def rebuild(conn: Connection, *, exercise: bool) -> None:
    """Recount the exercise (or the real) consignments from the table (after bulk generation or removal)."""
    c = consignments.c
    conn.execute(delete(consignment_totals).where(consignment_totals.c.exercise == exercise))
    cols = [c.date, func.coalesce(c.crossing, ""), func.coalesce(c.route, ""), c.category,
            func.coalesce(c.unit, ""), c.agency, c.donor, c.state, c.source, c.exercise]
    q = select(*cols, func.count(), func.coalesce(func.sum(c.quantity), 0), func.count(c.quantity),
               func.coalesce(func.sum(c.trucks), 0), func.count(c.trucks), func.coalesce(func.sum(c.tonnes), 0),
               func.count(c.tonnes)).where(c.exercise == exercise).group_by(*cols)
    conn.execute(insert(consignment_totals).from_select([*KEY, *_SUMS], q))


def replace(conn: Connection, old: Iterable[Mapping[str, Any]], new: Iterable[Mapping[str, Any]]) -> None:
    """Rows changed in place (the same consignments, other figures): take the old out, count the new."""
    d = _deltas(old, -1)
    for k, v in _deltas(new).items():
        d[k] = [a + b for a, b in zip(d.get(k, [0] * 7), v, strict=True)]
    _upsert(conn, d)
