"""The reports each mandated body owes the Council, from its mandate's report dues and the submissions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from custodes.board.results import ReportDue
from custodes.board.store import board_reports
from custodes.council.mandates import mandate_states, report_dues

__all__ = ["reports_owed"]


def reports_owed(conn: Connection, on: dt.date) -> dict[str, list[ReportDue]]:
    """Each mandated body's reports to the Council as of ``on``: due, submitted or overdue (due before ``on``
    and not submitted). Submissions are real records only: the exercise generator submits none."""
    done: dict[str, dict[dt.date, Any]] = defaultdict(dict)
    for row in conn.execute(select(board_reports)):
        done[row.body][row.due_on] = row
    out: dict[str, list[ReportDue]] = {}
    for body, state in mandate_states(conn).items():
        rows = out[body] = []
        for due in report_dues(state):
            r = done[body].get(due)
            status = "submitted" if r else ("overdue" if due < on else "due")
            rows.append(ReportDue(body, due, status, (due - on).days, r.submitted_on if r else None,
                                  r.content_sha256 if r else None))
    return out
