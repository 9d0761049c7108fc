"""A page of a query and its total, both computed by the database (:mod:`custodes.paging`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Select, func, select

from custodes.paging import Page, check_window

__all__ = ["fetch_page"]


def fetch_page(conn: Connection, query: Select[Any], *, limit: int, offset: int) -> Page[Row[Any]]:
    """Rows ``offset`` to ``offset + limit`` of ``query`` (which must be ordered, so pages do not overlap), with the
    count of every row it matches."""
    check_window(limit, offset)
    rows = conn.execute(query.limit(limit).offset(offset)).all()
    if offset == 0 and len(rows) < limit:
        total = len(rows)  # the whole list fits on this page: no count query needed
    else:
        total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    return Page(tuple(rows), total, limit, offset)
