"""Throughput: consignments, quantities (by their own unit), trucks and tonnes, grouped; target and interceptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from custodes.aid import sources
from custodes.aid.lines import TRUCK_RULE
from custodes.aid.sources import DEFAULT_PREFERENCE, Headline, SourceFigure, label
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
    days: int  # the days some source covers (custodes.aid.sources)
    trucks_per_day: float
    target_per_day: int
    days_at_target: int
    intercepted: int
    delivered: int
    headline: Headline | None = None
    #: True when rows of overlapping sources are shown side by side (grouped by source, or one source asked for)
    by_source: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """Quantities in different units are never added up: ``quantity`` is there only when grouped by unit."""
        q = ("quantity",) if "unit" in self.by else ()
        return (*self.by, "consignments", *q, "trucks", "tonnes")

    @property
    def sources(self) -> tuple[SourceFigure, ...]:
        return () if self.headline is None else self.headline.sources

    @property
    def chosen(self) -> dict[str, int]:
        """Days each source gave the headline figure."""
        return {} if self.headline is None else self.headline.chosen

    @property
    def interception_rate(self) -> float | None:
        n = self.intercepted + self.delivered
        return None if n == 0 else self.intercepted / n

    def as_json(self) -> dict[str, Any]:
        return {"by": list(self.by), "from": None if self.start is None else self.start.isoformat(),
                "to": None if self.end is None else self.end.isoformat(),
                "groups": [dict(zip(self.columns, (_plain(v) for v in r), strict=True)) for r in self.rows],
                "throughput": {"days": self.days, "trucks_per_day": round(self.trucks_per_day, 1),
                               "target_per_day": self.target_per_day, "days_at_target": self.days_at_target,
                               "truck_rule": TRUCK_RULE, "source_days": self.chosen,
                               "sources": {f.source: {**f.as_json(), "label": {lang: label(f.source, lang)
                                                                              for lang in ("en", "ar")}}
                                           for f in self.sources}},
                "interceptions": {"intercepted": self.intercepted, "delivered": self.delivered,
                                  "rate": None if self.interception_rate is None else round(self.interception_rate, 4)}}


def _plain(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return int(v) if v.is_integer() else round(v, 3)
    return v


def _number(v: Any) -> Any:
    if isinstance(v, Decimal):  # PostgreSQL sums integers as numeric
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def summarise(store: Store, by: Sequence[str], *, start: dt.date | None = None, end: dt.date | None = None,
              target: int = 600, exercise: bool | None = None, prefer: Sequence[str] = DEFAULT_PREFERENCE,
              **filters: str | None) -> Summary:
    """Totals grouped by ``by`` (see :data:`DIMENSIONS`), with trucks a day against ``target``.

    Filters: ``source``, ``crossing``, ``state``, ``agency``, ``category`` (exact values), the days
    ``start``..``end`` and ``exercise``. Reads the running totals (custodes.aid.totals), not every row.
    Sources overlap, so each day counts the rows of one source (:mod:`custodes.aid.sources`, in the order
    ``prefer``), unless the rows are grouped by source or one source is asked for: then they stand side by side.
    """
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise InputError(f"cannot group by {', '.join(unknown)}; choose from {', '.join(DIMENSIONS)}", field="by")
    bad = [k for k in filters if k not in _FILTERS]
    if bad:
        raise InputError(f"cannot filter on {', '.join(bad)}", field=bad[0])
    base = [_C[_FILTERS[k]] == ("" if v == "-" else v) for k, v in filters.items() if v is not None]
    if exercise is not None:
        base.append(_C.exercise == exercise)
    dated = base + [c for c in (None if start is None else _C.date >= start,
                                None if end is None else _C.date <= end) if c is not None]
    dims = [DIMENSIONS[b].label(b) for b in by]
    quantity = (func.sum(_C.quantity), func.sum(_C.quantity_n)) if "unit" in by else ()
    q = select(*dims, _C.date, _C.source, func.sum(_C.n), *quantity, func.sum(_C.trucks), func.sum(_C.trucks_n),
               func.sum(_C.tonnes), func.sum(_C.tonnes_n)).group_by(*[DIMENSIONS[b] for b in by], _C.date, _C.source)
    spans_q = select(_C.source, func.min(_C.date), func.max(_C.date)).group_by(_C.source).having(func.sum(_C.n) > 0)
    fates = select(_C.state, func.sum(_C.n)).where(_C.state.in_(("intercepted", "delivered"))).group_by(_C.state)
    if dated:
        q, fates = q.where(and_(*dated)), fates.where(and_(*dated))
    if base:
        spans_q = spans_q.where(and_(*base))
    with store.read() as conn:
        raw = conn.execute(q).all()
        spans = {str(s): (_day(a), _day(b)) for s, a, b in conn.execute(spans_q)}
        fate = {s: int(n or 0) for s, n in conn.execute(fates)}
    nb = len(by)
    per_day: dict[tuple[dt.date, str], int] = {}
    for r in raw:
        if r[nb + 2]:
            key = (_day(r[nb]), str(r[nb + 1]))
            per_day[key] = per_day.get(key, 0) + int(_number(r[-4]) or 0)
    head = sources.headline(per_day, spans, prefer, start, end, target=target)
    side_by_side = "source" in by or filters.get("source") is not None or len(spans) <= 1
    source_of = head.source_of()
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for r in raw:
        if not side_by_side and source_of.get(_day(r[nb])) != r[nb + 1]:
            continue  # another source gives this day's figure: overlapping rows are never added
        g = groups.get(tuple(r[:nb]))
        sums = [_number(v) for v in r[nb + 2:]]
        if g is None:
            groups[tuple(r[:nb])] = [v or 0 for v in sums]
        else:
            for i, v in enumerate(sums):
                g[i] += v or 0
    fill = [_MISSING.get(b) for b in by]
    rows = []
    for keys_raw in sorted(groups):
        sums = groups[keys_raw]
        if not sums[0]:
            continue
        keys = [fill[i] if fill[i] is not None and keys_raw[i] == "" else keys_raw[i] for i in range(nb)]
        vals: list[Any] = [int(sums[0])]
        for i in range(1, len(sums), 2):  # (sum, count of known values): no known value -> None
            vals.append(None if not sums[i + 1] else sums[i])
        rows.append(tuple(keys + vals))
    return Summary(tuple(by), tuple(rows), start, end, head.days, head.per_day, target, head.days_at_target,
                   fate.get("intercepted", 0), fate.get("delivered", 0), head, side_by_side)


def _day(v: Any) -> dt.date:
    """A date from the totals (SQLite may hand back text where a date went through an expression)."""
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


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
