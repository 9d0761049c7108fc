"""Throughput: consignments, quantities (by their own unit), trucks and tonnes, grouped; target and interceptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from custodes.aid.service import consignment_filter
from custodes.aid.store import consignments
from custodes.errors import InputError
from custodes.storage.uow import Store

__all__ = ["DIMENSIONS", "Summary", "plot_summary", "summarise"]

_C = consignments.c
DIMENSIONS: dict[str, ColumnElement[Any]] = {
    "day": _C.date, "month": func.substr(func.cast(_C.date, consignments.c.unit.type), 1, 7),
    "crossing": _C.crossing, "route": _C.route, "category": _C.category, "unit": _C.unit, "agency": _C.agency,
    "donor": _C.donor, "state": _C.state, "source": _C.source,
}
#: how a missing value is shown (grouping on the raw column keeps the summary on the covering index)
_MISSING = {"crossing": "-", "route": "-", "unit": "(none)"}


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
              target: int = 600, **filters: Any) -> Summary:
    """Totals grouped by ``by`` (see :data:`DIMENSIONS`), with trucks a day against ``target``."""
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise InputError(f"cannot group by {', '.join(unknown)}; choose from {', '.join(DIMENSIONS)}", field="by")
    where = consignment_filter(start=start, end=end, **filters)
    dims = [DIMENSIONS[b].label(b) for b in by]
    quantity = (func.sum(_C.quantity),) if "unit" in by else ()
    q = select(*dims, func.count().label("n"), *quantity, func.sum(_C.trucks), func.sum(_C.tonnes))
    per_day = select(_C.date, func.coalesce(func.sum(_C.trucks), 0).label("t")).group_by(_C.date)
    fates = select(func.sum(case((_C.state == "intercepted", 1), else_=0)),
                   func.sum(case((_C.state == "delivered", 1), else_=0)))
    if where is not None:
        q, per_day, fates = q.where(where), per_day.where(where), fates.where(where)
    if dims:
        q = q.group_by(*[DIMENSIONS[b] for b in by]).order_by(*[DIMENSIONS[b] for b in by])
    with store.read() as conn:
        fill = [_MISSING.get(b) for b in by]
        rows = tuple(tuple(fill[i] if i < len(fill) and v is None else v for i, v in enumerate(r))
                     for r in conn.execute(q))
        days = [(d, int(t)) for d, t in conn.execute(per_day)]
        intercepted, delivered = conn.execute(fates).one()
    if start is not None and end is not None:
        n_days = (end - start).days + 1
    elif days:
        n_days = (max(d for d, _ in days) - min(d for d, _ in days)).days + 1
    else:
        n_days = 0
    trucks = sum(t for _, t in days)
    return Summary(tuple(by), rows, start, end, n_days, trucks / n_days if n_days else 0.0, target,
                   sum(1 for _, t in days if t >= target), int(intercepted or 0), int(delivered or 0))


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
