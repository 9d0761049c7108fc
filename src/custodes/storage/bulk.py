"""Many rows in one statement, through the driver's ``executemany``, with the statement built once.

A Core ``conn.execute(insert(table), rows)`` re-checks and converts every row's parameters in Python
(SQLAlchemy's per-row parameter processing), which was a large part of the journal's and the custody
steps' CPU per row. Here the SQL text and the columns' bind processors (dates and times on SQLite, for
example) are worked out once per table, dialect and set of columns; each row then only goes through
its columns' processors, so the values stored are the same as through the Core statement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

__all__ = ["insert_many", "update_many"]

Processor = Callable[[Any], Any]


@lru_cache(maxsize=256)
def _processors(dialect: Dialect, table: Table, names: tuple[str, ...]) -> tuple[tuple[int, Processor], ...]:
    out = []
    for i, name in enumerate(names):
        typ = table.c[name].type
        proc = typ.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            out.append((i, proc))
    return tuple(out)


def _mark(dialect: Dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


@lru_cache(maxsize=256)
def _insert_sql(dialect: Dialect, table: Table, names: tuple[str, ...]) -> str:
    q = dialect.identifier_preparer
    return (f"INSERT INTO {q.format_table(table)} ({', '.join(q.quote(n) for n in names)}) "
            f"VALUES ({', '.join(_mark(dialect) for _ in names)})")


@lru_cache(maxsize=256)
def _update_sql(dialect: Dialect, table: Table, names: tuple[str, ...], key: str) -> str:
    q = dialect.identifier_preparer
    m = _mark(dialect)
    return (f"UPDATE {q.format_table(table)} SET {', '.join(f'{q.quote(n)} = {m}' for n in names)} "
            f"WHERE {q.quote(key)} = {m}")


def _params(rows: Sequence[Mapping[str, Any]], names: tuple[str, ...],
            procs: tuple[tuple[int, Processor], ...]) -> list[tuple[Any, ...]]:
    if not procs:
        return [tuple([r[n] for n in names]) for r in rows]
    data = []
    # rows of one batch often share a value (the unit of work's time, a day): convert each object once
    seen_in: list[Any] = [None] * len(procs)
    seen_out: list[Any] = [None] * len(procs)
    for r in rows:
        v = [r[n] for n in names]
        for j, (i, p) in enumerate(procs):
            x = v[i]
            if x is None:
                continue
            if x is seen_in[j]:
                v[i] = seen_out[j]
            else:
                seen_in[j] = x
                v[i] = seen_out[j] = p(x)
        data.append(tuple(v))
    return data


def _columns(table: Table, rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    names = tuple(rows[0])
    unknown = [n for n in names if n not in table.c]
    if unknown:
        raise KeyError(f"table {table.name} has no column {unknown[0]!r}")
    return names


def insert_many(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (mappings with the same keys, the column names) into ``table``."""
    if not rows:
        return
    names = _columns(table, rows)
    dialect = conn.dialect
    conn.exec_driver_sql(_insert_sql(dialect, table, names), _params(rows, names, _processors(dialect, table, names)))


def update_many(conn: Connection, table: Table, key: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """For each row, set its columns other than ``key`` where ``key`` equals the row's ``key`` value."""
    if not rows:
        return
    names = (*[n for n in _columns(table, rows) if n != key], key)
    dialect = conn.dialect
    sql = _update_sql(dialect, table, names[:-1], key)
    conn.exec_driver_sql(sql, _params(rows, names, _processors(dialect, table, names)))
