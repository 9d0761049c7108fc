"""Report figures: values folded from public journal entries alone, so anyone can recompute them.

A figure never reads a database table: each section's :class:`Fold` is fed the decoded public entries
(in log order, up to the checkpoint the report states) and returns its figures. ``custodes report verify``
feeds the same folds with entries fetched from the published tiles and compares.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["Checkpoint", "Figure", "FigureSet", "Fold", "Period", "compute", "diff"]


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The log state a report's figures were computed at."""

    origin: str
    size: int
    root: str  # base64 of the RFC 9162 root hash


@dataclass(frozen=True, slots=True)
class Figure:
    """One number or short value in the report; ``key`` is stable across languages."""

    key: str
    section: str
    value: int | str
    unit: str = ""
    detail: Mapping[str, int | str] = field(default_factory=dict)
    #: the figure's name per language ({"en": ..., "ar": ...}); presentation only, not compared on verify
    label: Mapping[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "section": self.section, "value": self.value, "unit": self.unit,
                "detail": dict(self.detail), "label": dict(self.label)}

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.key

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Figure:
        return cls(str(d["key"]), str(d["section"]), d["value"], str(d.get("unit", "")), dict(d.get("detail", {})),
                   dict(d.get("label", {})))


@dataclass(frozen=True, slots=True)
class FigureSet:
    checkpoint: Checkpoint
    period: Period
    figures: tuple[Figure, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": "custodes-report-figures/1",
            "checkpoint": {"origin": self.checkpoint.origin, "size": self.checkpoint.size,
                           "root": self.checkpoint.root},
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "figures": [f.as_json() for f in self.figures],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> FigureSet:
        cp, p = d["checkpoint"], d["period"]
        return cls(Checkpoint(str(cp["origin"]), int(cp["size"]), str(cp["root"])),
                   Period(dt.date.fromisoformat(p["from"]), dt.date.fromisoformat(p["to"])),
                   tuple(Figure.from_json(f) for f in d["figures"]))

    def by_key(self) -> dict[str, Figure]:
        return {f.key: f for f in self.figures}


class Fold(Protocol):
    """A report section's computation over public entries."""

    section: str

    def feed(self, entry: Mapping[str, Any]) -> None: ...

    def figures(self, period: Period) -> list[Figure]: ...


def compute(entries: Iterable[Mapping[str, Any]], folds: Sequence[Fold], period: Period,
            checkpoint: Checkpoint) -> FigureSet:
    """Feed every entry, in log order, to each fold that reads its kind's domain (a fold's ``domains``
    attribute, e.g. ``("aid",)``; a fold without one is fed everything), then collect the figures."""
    routed = all(getattr(f, "domains", None) is not None for f in folds)
    routes: dict[str, list[Fold]] = {}
    for f in folds:
        for d in getattr(f, "domains", None) or ():
            routes.setdefault(d, []).append(f)
    # the feeds for each kind, found once per kind (a log has a few dozen kinds and millions of entries)
    feeds: dict[str, tuple[Callable[[Mapping[str, Any]], None], ...]] = {}
    collecting = gc.isenabled()
    gc.disable()  # the folds keep millions of small records: the cycle collector would walk them again and again
    try:
        for e in entries:
            kind = e["kind"]
            fs = feeds.get(kind)
            if fs is None:
                fs = feeds[kind] = tuple(f.feed for f in (routes.get(kind[:kind.find(".")], ()) if routed else folds))
            for feed in fs:
                feed(e)
        return FigureSet(checkpoint, period, tuple(fig for f in folds for fig in f.figures(period)))
    finally:
        if collecting:
            gc.enable()


def diff(stated: FigureSet, recomputed: FigureSet) -> list[str]:
    """What differs between a report's stated figures and the recomputed ones, in words."""
    out: list[str] = []
    a, b = stated.by_key(), recomputed.by_key()
    for key in sorted(a.keys() | b.keys()):
        if key not in b:
            out.append(f"{key}: stated {a[key].value!r} but the log yields no such figure")
        elif key not in a:
            out.append(f"{key}: missing from the report (the log yields {b[key].value!r})")
        elif (a[key].value, dict(a[key].detail)) != (b[key].value, dict(b[key].detail)):
            out.append(f"{key}: stated {a[key].value!r}, the log yields {b[key].value!r}"
                       + ("" if a[key].value != b[key].value else " (its breakdown differs)"))
    return out
