"""Mandates as later resolutions left them, and the reports they owe the Council (read from the tables)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, select

from custodes.council.model import MandateAction, MandateState, apply_action
from custodes.council.store import mandate_actions, mandate_tasks, mandates, resolutions
from custodes.mission.model import add_months

__all__ = ["mandate_states", "report_dues"]


def mandate_states(conn: Connection, until: dt.date | None = None) -> dict[str, MandateState]:
    """Each body's mandate after every later resolution's action (adopted up to ``until``)."""
    out: dict[str, MandateState] = {}
    rows = conn.execute(select(mandates, resolutions.c.adopted_on).join(
        resolutions, resolutions.c.symbol == mandates.c.symbol).order_by(resolutions.c.adopted_on)).all()
    for r in rows:
        tasks = tuple(t for (t,) in conn.execute(select(mandate_tasks.c.task).where(
            mandate_tasks.c.symbol == r.symbol, mandate_tasks.c.body == r.body).order_by(mandate_tasks.c.task)))
        out[r.body] = MandateState(r.body, r.symbol, r.adopted_on, r.until, tasks, r.report_every_months,
                                   r.report_first_due)
    q = select(mandate_actions).order_by(mandate_actions.c.on, mandate_actions.c.resolution)
    for a in conn.execute(q):
        if until is not None and a.on > until:
            continue
        act = MandateAction(a.resolution, a.body, a.action, a.on, a.until, tuple(json.loads(a.add_tasks)),
                            tuple(json.loads(a.remove_tasks)), a.report_every_months)
        out[a.body] = apply_action(out[a.body], act)
    return out


def report_dues(state: MandateState) -> tuple[dt.date, ...]:
    """Report due dates: every ``report_every_months`` from the first due date until the mandate ends."""
    if state.report_every_months is None or state.report_first_due is None:
        return ()
    out, k = [], 0
    while (d := add_months(state.report_first_due, k * state.report_every_months)) <= state.until:
        out.append(d)
        k += 1
    return tuple(out)
