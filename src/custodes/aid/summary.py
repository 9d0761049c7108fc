"""Throughput: consignments, quantities (by their own unit), trucks and tonnes, grouped; target and interceptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from custodes.aid.store import consignment_totals
from custodes.errors import InputError
from custodes.storage.uow import Store

__all__ = ["DIMENSIONS", "Summary", "plot_summary", "summarise"]

_C = consignment_totals.c
DIMENSIONS: dict[str, ColumnElement[Any]] = {
    "day": _C.date, "month": func.substr(func.cast(_C.date, consignment_totals.c.unit.type), 1, 7),
    "crossing": _C.crossing, "route": _C.route, "category": _C.category, "unit": _C.unit, "agency": _C.agency,
    "donor": _C.donor, "state": _C.state, "source": _C.source,
}
#: how a missing value ('' in the totals) is shown
_MISSING = {"crossing": "-", "route": "-", "unit": "(none)"}
_FILTERS = {"source": "source", "crossing": "crossing", "state": "state", "agency": "agency",
            "category": "category"}


@dataclass(frozen=True, slots=True)
class Summary:
    by: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # the group values, then consignments, [quantity,] trucks, tonnes
    start: dt.date | None
    end: dt.date | None
    days: int
    trucks_per_day: float
    target_per_day: int
    days_at_target: int
    intercepted: int
    delivered: int

    @property
    def columns(self) -> tuple[str, ...]:
        """Quantities in different units are never added up: ``quantity`` is there only when grouped by unit."""
        q = ("quantity",) if "unit" in self.by else ()
        return (*self.by, "consignments", *q, "trucks", "tonnes")

    @property
    def interception_rate(self) -> float | None:
        n = self.intercepted + self.delivered
        return None if n == 0 else self.intercepted / n

    def as_json(self) -> dict[str, Any]:
        return {"by": list(self.by), "from": None if self.start is None else self.start.isoformat(),
                "to": None if self.end is None else self.end.isoformat(),
                "groups": [dict(zip(self.columns, (_plain(v) for v in r), strict=True)) for r in self.rows],
                "throughput": {"days": self.days, "trucks_per_day": round(self.trucks_per_day, 1),
                               "target_per_day": self.target_per_day, "days_at_target": self.days_at_target},
                "interceptions": {"intercepted": self.intercepted, "delivered": self.delivered,
                                  "rate": None if self.interception_rate is None else round(self.interception_rate, 4)}}


def _plain(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return int(v) if v.is_integer() else round(v, 3)
    return v


def summarise(store: Store, by: Sequence[str], *, start: dt.date | None = None, end: dt.date | None = None,
              target: int = 600, exercise: bool | None = None, **filters: str | None) -> Summary:
    """Totals grouped by ``by`` (see :data:`DIMENSIONS`), with trucks a day against ``target``.

    Filters: ``source``, ``crossing``, ``state``, ``agency``, ``category`` (exact values), the days
    ``start``..``end`` and ``exercise``. Reads the running totals (custodes.aid.totals), not every row.
    """
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise InputError(f"cannot group by {', '.join(unknown)}; choose from {', '.join(DIMENSIONS)}", field="by")
    bad = [k for k in filters if k not in _FILTERS]
    if bad:
        raise InputError(f"cannot filter on {', '.join(bad)}", field=bad[0])
    conds = [_C[_FILTERS[k]] == ("" if v == "-" else v) for k, v in filters.items() if v is not None]
    conds += [c for c in (None if start is None else _C.date >= start, None if end is None else _C.date <= end,
                          None if exercise is None else _C.exercise == exercise) if c is not None]
    where = and_(*conds) if conds else None
    dims = [DIMENSIONS[b].label(b) for b in by]
    quantity = (func.sum(_C.quantity), func.sum(_C.quantity_n)) if "unit" in by else ()
    q = select(*dims, func.sum(_C.n), *quantity, func.sum(_C.trucks), func.sum(_C.trucks_n), func.sum(_C.tonnes),
               func.sum(_C.tonnes_n))
    per_day = select(_C.date, func.sum(_C.trucks)).group_by(_C.date)
    fates = select(_C.state, func.sum(_C.n)).where(_C.state.in_(("intercepted", "delivered"))).group_by(_C.state)
    if where is not None:
        q, per_day, fates = q.where(where), per_day.where(where), fates.where(where)
    if dims:
        q = q.group_by(*[DIMENSIONS[b] for b in by]).order_by(*[DIMENSIONS[b] for b in by])
    q = q.having(func.sum(_C.n) > 0)
    fill = [_MISSING.get(b) for b in by]
    with store.read() as conn:
        raw = conn.execute(q).all()
        days = [(d, int(t or 0)) for d, t in conn.execute(per_day)]
        fate = {s: int(n or 0) for s, n in conn.execute(fates)}
    rows = []
    for r in raw:
        keys = [fill[i] if fill[i] is not None and r[i] == "" else r[i] for i in range(len(by))]
        sums = list(r[len(by):])
        vals: list[Any] = [int(sums[0])]
        for i in range(1, len(sums), 2):  # (sum, count of known values): no known value -> None
            v = sums[i]
            if isinstance(v, Decimal):  # PostgreSQL sums integers as numeric
                v = int(v) if v == v.to_integral_value() else float(v)
            vals.append(None if not sums[i + 1] else v)
        rows.append(tuple(keys + vals))
    if start is not None and end is not None:
        n_days = (end - start).days + 1
    elif days:
        n_days = (max(d for d, _ in days) - min(d for d, _ in days)).days + 1
    else:
        n_days = 0
    trucks = sum(t for _, t in days)
    return Summary(tuple(by), tuple(rows), start, end, n_days, trucks / n_days if n_days else 0.0, target,
                   sum(1 for _, t in days if t >= target), fate.get("intercepted", 0), fate.get("delivered", 0))


def plot_summary(s: Summary, path: Path, *, measure: str | None = None) -> None:
    """A bar chart of ``measure`` per group (stacked by the second dimension), PNG or SVG by suffix."""
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError("the plot file should end in .png or .svg", field="plot")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measure = measure or ("quantity" if "quantity" in s.columns else "trucks")
    if measure not in s.columns:
        raise InputError(f"cannot plot {measure!r}; columns: {', '.join(s.columns)}", field="measure")
    col = s.columns.index(measure)
    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    if len(s.by) >= 2:
        firsts = sorted({str(r[0]) for r in s.rows})
        seconds = sorted({str(r[1]) for r in s.rows})
        bottom = [0.0] * len(firsts)
        for sec in seconds:
            vals = [sum(float(r[col] or 0) for r in s.rows if str(r[0]) == f and str(r[1]) == sec) for f in firsts]
            ax.bar(firsts, vals, bottom=bottom, label=sec)
            bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
        ax.legend(title=s.by[1], fontsize=7)
    else:
        labels = [str(r[0]) if s.by else "all" for r in s.rows]
        ax.bar(labels, [float(r[col] or 0) for r in s.rows])
    ax.set_ylabel(measure + (" (in each row's own unit)" if measure == "quantity" else ""))
    ax.set_xlabel(s.by[0] if s.by else "")
    ax.set_title(f"Aid by {', '.join(s.by) or 'total'}" + (f", {s.start} to {s.end}" if s.start and s.end else ""))
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
