"""What each role's dashboard shows today: the records it works on, each with a link to its form.

One function per role, reading through the same domain services as the API. Each returns plain values
for the template; nothing here shows a field the role may not see (notifications' routes and contacts,
reporters, complainants and exact places stay on the record pages, which check the policy; a grievance's
subject is shown only to those ``sees_content`` allows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from custodes.accounts.model import Role
from custodes.accounts.policy import Principal
from custodes.app import Custodes
from custodes.grievances.model import ADDRESSEE_BODIES, view_overdue

__all__ = ["sections"]

ROWS = 10
OPEN_GRIEVANCE = ("received", "acknowledged", "escalated")


def _grievances_to(app: Custodes, who: Principal, addressee: str) -> dict[str, Any]:
    rows = [g for s in OPEN_GRIEVANCE
            for g in app.grievances.list_grievances(status=s, addressee=addressee, limit=ROWS)]
    total = sum(app.grievances.count_grievances(status=s, addressee=addressee) for s in OPEN_GRIEVANCE)
    shown = app.grievances.for_viewer(who, sorted(rows, key=lambda g: g["answer_by"])[:ROWS])
    return {"grievances": _flagged(app, shown), "grievances_total": total}


def _flagged(app: Custodes, views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each grievance with why it is overdue today, or None: the one rule the escalation and the portal apply."""
    today = app.today()
    return [{**g, "overdue": view_overdue(today, g)} for g in views]


def _aid_agency(app: Custodes, who: Principal) -> dict[str, Any]:
    mine = app.aid.consignments(limit=ROWS, offset=0, agency=who.org, exercise=None)
    notes = app.aid.notifier.list(agency=who.org, limit=ROWS, offset=0)
    return {"consignments": list(mine), "consignments_total": mine.total, "notifications": list(notes),
            "notifications_total": notes.total, **_grievances_to(app, who, who.org or "")}


def _force_hq(app: Custodes, who: Principal) -> dict[str, Any]:
    waiting = app.aid.notifier.list(state="notified", limit=ROWS, offset=0)
    today = app.today()
    custody = app.disarmament.custody_counts()
    pending = [w for s in ("collected", "registered") for w in app.disarmament.weapons(status=s, limit=ROWS)][:ROWS]
    phases = [p for p in app.withdrawal.status(today) if p.status.value != "completed"]
    return {"waiting": list(waiting), "waiting_total": waiting.total,
            "deployments": list(app.force.deployments(on=today, limit=50)), "custody": custody,
            "custody_pending": pending, "phases": phases, **_grievances_to(app, who, ADDRESSEE_BODIES["force"])}


def _contingent(app: Custodes, who: Principal) -> dict[str, Any]:
    return {"deployments": list(app.force.deployments(on=app.today(), owner=who.org or "", limit=500))}


def _monitor(app: Custodes, who: Principal) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for status in ("reported", "under_review"):
        out[status] = app.incidents.list_incidents(status=status, limit=ROWS)
        out[f"{status}_total"] = app.incidents.count_incidents(status=status)
    return out


def _board(app: Custodes, who: Principal) -> dict[str, Any]:
    return {"decisions": app.board.decisions(limit=ROWS), "funding": app.board.totals(),
            "reports": [r for r in app.board.report_schedule() if r.status != "submitted"][:ROWS],
            "overdue": app.board.overdue_reports(),
            **_grievances_to(app, who, ADDRESSEE_BODIES["board"])}


def _council(app: Custodes, who: Principal) -> dict[str, Any]:
    return {"drafts": app.council.list_drafts(limit=ROWS), "mandates": app.council.mandates(app.today())}


def _civil(app: Custodes, who: Principal) -> dict[str, Any]:
    rows = [g for s in OPEN_GRIEVANCE for g in app.grievances.list_grievances(status=s, limit=ROWS)]
    newest = sorted(rows, key=lambda g: g["filed_on"], reverse=True)[:ROWS]
    return {"grievances": _flagged(app, app.grievances.for_viewer(who, newest)),
            "grievances_total": sum(app.grievances.count_grievances(status=s) for s in OPEN_GRIEVANCE)}


def _admin(app: Custodes, who: Principal) -> dict[str, Any]:
    accounts = app.accounts.accounts(limit=50, offset=0)
    return {"accounts": accounts.items, "accounts_total": accounts.total}


VIEWS: dict[Role, Callable[[Custodes, Principal], dict[str, Any]]] = {
    Role.AID_AGENCY: _aid_agency, Role.FORCE_HQ: _force_hq, Role.CONTINGENT: _contingent, Role.MONITOR: _monitor,
    Role.BOARD: _board, Role.COUNCIL: _council, Role.COMMITTEE: _civil, Role.CIVIL_SOCIETY: _civil,
    Role.ADMIN: _admin,
}


def sections(app: Custodes, who: Principal) -> dict[str, Any]:
    view = VIEWS.get(who.role)
    return view(app, who) if view else {}
