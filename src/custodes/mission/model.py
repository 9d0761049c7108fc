"""Pure rules about the mandate: report due dates and the mission's state at a glance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from custodes.profiles.model import Mandate

__all__ = ["MandateView", "add_months", "report_due_dates"]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day.

    >>> add_months(dt.date(2025, 8, 31), 6)
    datetime.date(2026, 2, 28)
    """
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in range(day.day, 27, -1):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def report_due_dates(mandate: Mandate) -> list[dt.date]:
    """Every report due date of a mandate, from the first until the mandate ends.

    >>> from custodes.profiles import load_profile
    >>> board = load_profile("unsc-2803-gaza").mandates()[0]
    >>> [d.isoformat() for d in report_due_dates(board)]
    ['2026-05-17', '2026-11-17', '2027-05-17', '2027-11-17']
    """
    if mandate.reports is None:
        return []
    out, k = [], 0
    while (due := add_months(mandate.reports.first_due, k * mandate.reports.every_months)) <= mandate.until:
        out.append(due)
        k += 1
    return out


@dataclass(frozen=True, slots=True)
class MandateView:
    body: str
    body_name: str
    until: dt.date
    days_left: int
    in_force: bool
    next_report_due: dt.date | None
    reports_due_so_far: int

    @classmethod
    def of(cls, mandate: Mandate, body_name: str, today: dt.date) -> MandateView:
        dues = report_due_dates(mandate)
        upcoming = [d for d in dues if d >= today]
        return cls(mandate.body, body_name, mandate.until, (mandate.until - today).days,
                   today <= mandate.until, upcoming[0] if upcoming else None,
                   sum(1 for d in dues if d < today))
