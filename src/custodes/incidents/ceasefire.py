"""The ceasefire view: the mission's verified incidents per day, type and governorate, and, kept apart,
third-party context figures (daily casualties from Tech for Palestine) labelled with their source.

The context file is read at run time from where the operator keeps it; it is never shipped. Its fields are
read by their documented meaning (:data:`TFP_FIELDS`): during the truce TfP's ``killed`` is the sum of four
kinds of death, so the view never shows it as the day's deaths. It shows four named series
(:data:`SERIES`): new deaths (``killed_truce_new``) as *the* series, bodies recovered, deaths added after a
committee's review, and deaths of earlier injuries apart. A report covering several days (``report_period``
48, 72 or 96 hours) is one multi-day figure over the days it covers, never one day's; a report with period 0
adds no new period and gives no figure; a day whose source is unknown, or whose parts do not add up to
``killed``, is flagged, not hidden (:data:`FLAGS`). Context figures stay out of the six-monthly report.
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

__all__ = ["FLAGS", "SERIES", "TFP_ATTRIBUTION", "TFP_FIELDS", "CeasefireView", "ContextDay", "ceasefire_view",
           "read_tfp_context"]

TFP_ATTRIBUTION = ("Data: Tech for Palestine, data.techforpalestine.org (sources: Gaza Ministry of Health / "
                   "Government Media Office Telegram, UN OCHA)")
#: what TfP's report_source codes stand for (its casualties_daily documentation)
TFP_SOURCES = {"mohtel": "Gaza Ministry of Health (Telegram)", "gmotel": "Government Media Office (Telegram)",
               "missing": "no report that day (figures carried over)"}
#: the sources TfP names a report by; any other code (``missing`` too) is an unknown source, flagged
_KNOWN_SOURCES = frozenset({"mohtel", "gmotel"})

#: the series shown, each named in English and Arabic, from TfP's truce-time fields
SERIES: dict[str, tuple[str, dict[str, str]]] = {
    "new_deaths": ("killed_truce_new", {"en": "New deaths (people killed in the period reported)",
                                        "ar": "وفيات جديدة (أشخاص قُتلوا خلال الفترة المُبلَّغ عنها)"}),
    "bodies_recovered": ("killed_recovered", {"en": "Bodies recovered from the rubble (earlier deaths)",
                                              "ar": "جثامين انتُشلت من تحت الأنقاض (وفيات سابقة)"}),
    "added_by_committee": ("killed_committee", {"en": "Earlier deaths added after a committee's review",
                                                "ar": "وفيات سابقة أُضيفت بعد مراجعة لجنة"}),
    "died_of_earlier_injuries": ("killed_succumbed", {"en": "Deaths of earlier injuries",
                                                      "ar": "وفيات متأثرة بإصابات سابقة"}),
}
#: what each TfP field read here means (casualties_daily documentation), as the view states it
TFP_FIELDS = {
    "killed": "all deaths reported in the report: during the truce the sum of killed_truce_new, killed_recovered, "
              "killed_committee and killed_succumbed; shown as all_deaths_reported, never as new deaths",
    "killed_truce_new": "people killed in the period the report covers",
    "killed_recovered": "bodies recovered from the rubble, killed earlier",
    "killed_committee": "earlier deaths added after a committee's review",
    "killed_succumbed": "people who died of earlier injuries",
    "injured": "people injured in the period the report covers",
    "killed_cum": "all deaths reported since 2023-10-07, cumulative",
    "report_period": "hours the report covers (0: no new period, 24: one day, 48, 72 or 96: several days)",
    "report_source": "who issued the report (mohtel: Ministry of Health Telegram; gmotel: Government Media Office "
                     "Telegram; missing: no report)",
}
#: why a context day is flagged
FLAGS = {
    "multi_day": "the report covers several days: one figure over the days in covers, not one day's",
    "no_new_period": "report_period 0: the report adds no new period, so it gives no figure",
    "unknown_source": "the report's source is unknown or missing",
    "parts_do_not_add_up": "new, recovered, committee and earlier-injury deaths do not add up to killed; the parts "
                           "not given are left unknown",
}


@dataclass(frozen=True, slots=True)
class DayCount:
    day: dt.date
    event_type: str
    pcode: str | None
    incidents: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class ContextDay:
    """One TfP report: the day it is dated, the days it covers, the four series, and its flags."""

    day: dt.date
    covers_from: dt.date  # a multi-day report covers covers_from..day
    report_period: int | None  # hours
    series: dict[str, int | None]  # SERIES name -> figure (None: not given, or no figure)
    all_deaths_reported: int | None  # TfP's killed
    injured: int | None
    killed_cum: int | None
    report_source: str
    stated_source: str
    flags: tuple[str, ...]

    @property
    def new_deaths(self) -> int | None:
        return self.series["new_deaths"]

    def as_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "covers": {"from": self.covers_from.isoformat(),
                                                        "to": self.day.isoformat()},
                "report_period_hours": self.report_period, "series": dict(self.series),
                "all_deaths_reported": self.all_deaths_reported, "injured": self.injured,
                "killed_cum": self.killed_cum, "report_source": self.report_source,
                "stated_source": self.stated_source, "flags": list(self.flags)}


def _int(v: Any) -> int | None:
    return None if v is None else int(v)


def context_day(rec: dict[str, Any], day: dt.date) -> ContextDay:
    """One TfP record read by its documented meaning (pure)."""
    code = str(rec.get("report_source", ""))
    period = _int(rec.get("report_period"))
    flags: list[str] = []
    if code not in _KNOWN_SOURCES:
        flags.append("unknown_source")
    killed = _int(rec.get("killed"))
    parts = {name: _int(rec.get(field)) for name, (field, _) in SERIES.items()}
    covers = day
    if period == 0:
        flags.append("no_new_period")
        parts = dict.fromkeys(parts)
        injured = None
    else:
        injured = _int(rec.get("injured"))
        if period is not None and period > 24:
            flags.append("multi_day")
            covers = day - dt.timedelta(days=-(-period // 24) - 1)
        if sum(v or 0 for v in parts.values()) == (killed or 0):
            parts = {k: v or 0 for k, v in parts.items()}  # a part not given is none of that kind
        else:
            flags.append("parts_do_not_add_up")
    return ContextDay(day, covers, period, parts, killed, injured, _int(rec.get("killed_cum")), code,
                      TFP_SOURCES.get(code, code), tuple(flags))


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
                "note": "third-party figures, not verified by the mission; fields read by their documented "
                        "meaning (fields); new deaths are the series, the other kinds of death apart",
                "series": {k: {"field": f, "label": lbl, "total": sum(c.series[k] or 0 for c in self.context)}
                           for k, (f, lbl) in SERIES.items()},
                "fields": TFP_FIELDS, "flags": FLAGS,
                "days": [c.as_json() for c in self.context]},
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
        try:
            out.append(context_day(rec, day))
        except (TypeError, ValueError):
            raise InputError(f"record {i} ({day}): a figure is not a whole number", source=str(path)) from None
    return tuple(out)


def ceasefire_view(store: Store, start: dt.date, end: dt.date, *, context_file: Path | None = None,
                   exercise: bool | None = None) -> CeasefireView:
    """Verified incidents per day, type and governorate in ``start..end``; context figures apart. ``exercise``:
    False real records only, True exercise ones only, None both."""
    if end < start:
        raise InputError(f"the period ends ({end}) before it starts ({start})", field="end")
    c = incidents.c
    where = [c.event_date >= start, c.event_date <= end]
    if exercise is not None:
        where.append(c.exercise.is_(exercise))
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
