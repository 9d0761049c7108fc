"""Grievances and their rules (pure).

>>> g = deadlines(dt.date(2026, 1, 1), 7, 30)
>>> g
(datetime.date(2026, 1, 8), datetime.date(2026, 1, 31))
>>> overdue_reason(dt.date(2026, 1, 9), *g, acknowledged=False, answered=False)
'not acknowledged by 2026-01-08'
>>> overdue_reason(dt.date(2026, 2, 1), *g, acknowledged=True, answered=False)
'not answered by 2026-01-31'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

from custodes.errors import IllegalTransition, InputError

__all__ = ["ADDRESSEES", "CATEGORIES", "ORG_KINDS", "GStatus", "check_grievance_transition", "deadlines",
           "overdue_reason", "validate_filing", "view_overdue"]

#: who a grievance can be addressed to; an aid agency is named
ADDRESSEES = ("board", "force", "agency")
#: the body each addressee kind stands for in the 2803 profile (an agency is named by the filer)
ADDRESSEE_BODIES = {"board": "board-of-peace", "force": "isf"}
CATEGORIES = ("conduct_of_forces", "aid_access", "movement_and_crossings", "property_and_shelter",
              "detention", "services", "consultation", "other")
ORG_KINDS = ("palestinian_committee", "civil_society")
LANGUAGES = ("en", "ar")
MAX_TEXT = 8000


class GStatus(enum.StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    ESCALATED = "escalated"
    CLOSED = "closed"


TRANSITIONS: Mapping[str, tuple[frozenset[GStatus], GStatus]] = {
    "acknowledge": (frozenset({GStatus.RECEIVED, GStatus.ESCALATED}), GStatus.ACKNOWLEDGED),
    "answer": (frozenset({GStatus.ACKNOWLEDGED, GStatus.ESCALATED}), GStatus.ANSWERED),
    "escalate": (frozenset({GStatus.RECEIVED, GStatus.ACKNOWLEDGED}), GStatus.ESCALATED),
    "close": (frozenset({GStatus.ANSWERED}), GStatus.CLOSED),
}


def check_grievance_transition(gid: str, current: GStatus, action: str, *, acknowledged: bool) -> GStatus:
    """The state ``action`` leads to, or a refusal by name."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        allowed = ", ".join(sorted(s.value for s in sources))
        raise IllegalTransition(f"grievance-{action}-from-{current.value}",
                                f"grievance {gid} is {current.value}; {action} needs it {allowed}")
    if action == "acknowledge" and acknowledged:
        raise IllegalTransition("grievance-acknowledge-twice", f"grievance {gid} was already acknowledged")
    return target


def deadlines(filed_on: dt.date, acknowledge_days: int, answer_days: int) -> tuple[dt.date, dt.date]:
    return filed_on + dt.timedelta(days=acknowledge_days), filed_on + dt.timedelta(days=answer_days)


def overdue_reason(today: dt.date, ack_due: dt.date, answer_due: dt.date, *, acknowledged: bool,
                   answered: bool) -> str | None:
    """Why a grievance is overdue on ``today``, or None: the one rule of what is overdue (the escalation and
    the portal's count, :func:`custodes.grievances.records.overdue_clause`, both apply it). A deadline passed
    (the day itself is in time) without its step taken: not acknowledged by the first, or not answered by the
    second."""
    if not acknowledged and today > ack_due:
        return f"not acknowledged by {ack_due.isoformat()}"
    if not answered and today > answer_due:
        return f"not answered by {answer_due.isoformat()}"
    return None


def view_overdue(today: dt.date, view: Mapping[str, Any]) -> str | None:
    """:func:`overdue_reason` of a grievance's public view (its ISO deadlines and step times)."""
    ack_due, answer_due = dt.date.fromisoformat(view["acknowledge_by"]), dt.date.fromisoformat(view["answer_by"])
    return overdue_reason(today, ack_due, answer_due, acknowledged=view.get("acknowledged_at") is not None,
                          answered=view.get("answered_at") is not None)


def validate_filing(addressee: str, agency: str | None, category: str, language: str, subject: str,
                    text: str) -> str:
    """Check a filing; returns the addressee's name (a body id or the agency)."""
    if addressee not in ADDRESSEES:
        raise InputError(f"addressee {addressee!r} is not one of {', '.join(ADDRESSEES)}", field="addressee")
    if addressee == "agency" and not (agency or "").strip():
        raise InputError("a grievance to an aid agency names the agency", field="agency")
    if category not in CATEGORIES:
        raise InputError(f"category {category!r} is not one of {', '.join(CATEGORIES)}", field="category")
    if language not in LANGUAGES:
        raise InputError(f"language {language!r} is not en or ar", field="language")
    if not subject.strip():
        raise InputError("the subject is empty", field="subject")
    if not text.strip():
        raise InputError("the text is empty", field="text")
    if len(text) > MAX_TEXT:
        raise InputError(f"the text has {len(text)} characters; at most {MAX_TEXT}", field="text")
    return (agency or "").strip() if addressee == "agency" else ADDRESSEE_BODIES[addressee]
