"""The ceasefire view: the mission's verified incidents per day, type and governorate, and, kept apart,
third-party context figures (daily casualties from Tech for Palestine) labelled with their source.

The context file is read at run time from where the operator keeps it; it is never shipped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from custodes.errors import InputError
from custodes.incidents.model import Status
from custodes.incidents.store import incidents
from custodes.storage.uow import Store

__all__ = ["TFP_ATTRIBUTION", "CeasefireView", "ContextDay", "ceasefire_view", "read_tfp_context"]

TFP_ATTRIBUTION = ("Data: Tech for Palestine, data.techforpalestine.org (sources: Gaza Ministry of Health / "
                   "Government Media Office Telegram, UN OCHA)")
#: what TfP's report_source codes stand for (its casualties_daily documentation)
TFP_SOURCES = {"mohtel": "Gaza Ministry of Health (Telegram)", "gmotel": "Government Media Office (Telegram)",
               "missing": "no report that day (figures carried over)"}


@dataclass(frozen=True, slots=True)
class DayCount:
    day: dt.date
    event_type: str
    pcode: str | None
    incidents: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class ContextDay:
    day: dt.date
    killed: int | None
    injured: int | None
    killed_cum: int | None
    report_source: str
    stated_source: str


@dataclass(frozen=True, slots=True)
class CeasefireView:
    start: dt.date
    end: dt.date
    verified: tuple[DayCount, ...]
    pending: dict[str, int]  # incidents in the period not (or not yet) verified, by status
    context: tuple[ContextDay, ...]
    context_note: str

    def as_json(self) -> dict[str, Any]:
        return {
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "mission_verified_incidents": {
                "source": "this mission's own records (status verified)",
                "rows": [{"day": r.day.isoformat(), "event_type": r.event_type, "pcode": r.pcode,
                          "incidents": r.incidents, "fatalities": r.fatalities} for r in self.verified],
                "not_verified_by_status": self.pending},
            "context_indicators": {
                "source": self.context_note, "attribution": TFP_ATTRIBUTION if self.context else None,
                "note": "third-party figures, not verified by the mission",
                "days": [{"day": c.day.isoformat(), "killed": c.killed, "injured": c.injured,
                          "killed_cum": c.killed_cum, "report_source": c.report_source,
                          "stated_source": c.stated_source} for c in self.context]},
        }


def read_tfp_context(path: Path, start: dt.date, end: dt.date) -> tuple[ContextDay, ...]:
    """Daily figures of TfP's casualties_daily.json between ``start`` and ``end`` (inclusive)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", source=str(path), line=exc.lineno) from None
    if not isinstance(data, list):
        raise InputError("expected a list of daily records", source=str(path), line=1)
    out: list[ContextDay] = []
    for i, rec in enumerate(data):
        if not isinstance(rec, dict) or "report_date" not in rec:
            raise InputError(f"record {i} has no report_date", source=str(path), field="report_date")
        try:
            day = dt.date.fromisoformat(str(rec["report_date"]))
        except ValueError:
            raise InputError(f"record {i}: {rec['report_date']!r} is not a date", source=str(path),
                             field="report_date") from None
        if not start <= day <= end:
            continue
        code = str(rec.get("report_source", ""))
        out.append(ContextDay(day, rec.get("killed"), rec.get("injured"), rec.get("killed_cum"), code,
                              TFP_SOURCES.get(code, code)))
    return tuple(out)


def ceasefire_view(store: Store, start: dt.date, end: dt.date, *, context_file: Path | None = None,
                   include_exercise: bool = True) -> CeasefireView:
    """Verified incidents per day, type and governorate in ``start..end``; context figures apart."""
    if end < start:
        raise InputError(f"the period ends ({end}) before it starts ({start})", field="end")
    c = incidents.c
    where = [c.event_date >= start, c.event_date <= end]
    if not include_exercise:
        where.append(c.exercise.is_(False))
    with store.read() as conn:
        rows = conn.execute(
            select(c.event_date, c.event_type, c.pcode, func.count(), func.sum(c.fatalities))
            .where(*where, c.status == Status.VERIFIED.value)
            .group_by(c.event_date, c.event_type, c.pcode).order_by(c.event_date, c.event_type, c.pcode)).all()
        pending = {str(s): int(n) for s, n in conn.execute(
            select(c.status, func.count())
            .where(*where, c.status.in_([s.value for s in Status if s is not Status.VERIFIED]))
            .group_by(c.status).order_by(c.status))}
    verified = tuple(DayCount(r[0], r[1], r[2], int(r[3]), int(r[4] or 0)) for r in rows)
    if context_file is None:
        return CeasefireView(start, end, verified, pending, (), "no context file given (--context)")
    ctx = read_tfp_context(context_file, start, end)
    note = f"Tech for Palestine casualties_daily ({context_file.name})"
    return CeasefireView(start, end, verified, pending, ctx, note)
