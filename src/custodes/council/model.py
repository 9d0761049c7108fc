"""Pure rules of the Security Council: Charter Article 27, draft lifecycle, mandates over time.

>>> from custodes.profiles.model import Vote
>>> p5 = ("CHN", "FRA", "RUS", "GBR", "USA")
>>> votes = {s: Vote.YES for s in p5 + tuple(f"E{i}" for i in range(10))}
>>> votes["USA"] = Vote.NO
>>> article27(votes, p5, "substantive").reason
'not adopted: negative vote of a permanent member (USA)'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from custodes.errors import IllegalTransition, InputError
from custodes.profiles.model import Vote

__all__ = [
    "DraftStatus",
    "MandateAction",
    "MandateState",
    "Outcome",
    "apply_action",
    "article27",
    "check_party_abstains",
    "council_size",
    "parse_vote",
]

#: The Council grew from 11 to 15 members on 1 January 1966 (Charter amendment of 1963, in force 1965).
ENLARGED_ON = dt.date(1966, 1, 1)


def council_size(day: dt.date) -> tuple[int, int]:
    """(members, affirmative votes needed) on ``day``: 15 and 9 since 1966, 11 and 7 before.

    >>> council_size(dt.date(1950, 9, 6)), council_size(dt.date(2025, 11, 17))
    ((11, 7), (15, 9))
    """
    return (15, 9) if day >= ENLARGED_ON else (11, 7)


class DraftStatus(enum.StrEnum):
    TABLED = "tabled"
    VOTING_OPEN = "voting_open"
    PUT_TO_VOTE = "put_to_vote"  # the vote is closed and the outcome recorded


def parse_vote(value: str) -> Vote:
    """A vote from its word; 'y', 'n', 'a' and 'not_participating' are accepted too."""
    v = value.strip().lower()
    alias = {"y": "yes", "n": "no", "a": "abstain", "not_participating": "absent", "np": "absent"}
    try:
        return Vote(alias.get(v, v))
    except ValueError:
        raise InputError(f"{value!r} is not a vote; use yes, no, abstain or absent") from None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of a vote under Article 27 and the reason in words."""

    adopted: bool
    reason: str
    matter: str
    yes: int
    no: int
    abstain: int
    absent: int
    needed: int
    permanent_against: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"adopted": self.adopted, "reason": self.reason, "matter": self.matter,
                "tally": {"yes": self.yes, "no": self.no, "abstain": self.abstain, "absent": self.absent},
                "needed": self.needed, "permanent_against": list(self.permanent_against)}


def check_party_abstains(votes: Mapping[str, Vote], parties: Iterable[str]) -> None:
    """Article 27(3): in a Chapter VI decision a party to the dispute abstains; a yes or no is refused."""
    for s in sorted(parties):
        v = votes.get(s)
        if v in (Vote.YES, Vote.NO):
            raise IllegalTransition("party-must-abstain",
                                    f"{s} is a party to the dispute and must abstain under Article 27(3), "
                                    f"not vote {v.value}")


def article27(votes: Mapping[str, Vote], permanent: Iterable[str], matter: str, *, needed: int = 9,
              members: Sequence[str] | None = None, parties: Iterable[str] = (),
              chapter_vi: bool = False) -> Outcome:
    """Apply Article 27 to ``votes`` (a member without a vote counts as absent).

    Procedural matters need ``needed`` affirmative votes. Other matters also need the concurring votes
    of the permanent members; by established practice only a permanent member's negative vote is a
    veto, not its abstention or absence. In Chapter VI decisions ``parties`` must abstain (Art. 27(3)).
    """
    if matter not in ("procedural", "substantive"):
        raise InputError(f"matter {matter!r} should be procedural or substantive")
    if chapter_vi:
        check_party_abstains(votes, parties)
    roll = dict(votes)
    for m in members or ():
        roll.setdefault(m, Vote.ABSENT)
    count = {v: sum(1 for x in roll.values() if x is v) for v in Vote}
    perm = set(permanent)
    against = tuple(sorted(s for s, v in roll.items() if v is Vote.NO and s in perm))
    problems = []
    if matter == "substantive" and against:
        word = "vote of a permanent member" if len(against) == 1 else "votes of permanent members"
        problems.append(f"negative {word} ({', '.join(against)})")
    if count[Vote.YES] < needed:
        problems.append(f"{count[Vote.YES]} affirmative votes, {needed} needed")
    if problems:
        reason = "not adopted: " + "; ".join(problems)
    else:
        reason = f"adopted: {count[Vote.YES]} affirmative votes ({needed} needed)"
        if matter == "substantive":
            quiet = sorted(s for s, v in roll.items() if s in perm and v in (Vote.ABSTAIN, Vote.ABSENT))
            reason += (", no negative vote of a permanent member" +
                       (f" ({', '.join(quiet)} abstained or absent, which is not a veto)" if quiet else ""))
        else:
            reason += ", procedural matter (no veto)"
    return Outcome(not problems, reason, matter, count[Vote.YES], count[Vote.NO], count[Vote.ABSTAIN],
                   count[Vote.ABSENT], needed, against if matter == "substantive" else ())


# -- mandates over time -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MandateAction:
    """What a later resolution does to a mandate: extend, amend (tasks, report cadence) or terminate."""

    resolution: str
    body: str
    action: str  # extend | amend | terminate
    on: dt.date  # the resolution's adoption date
    until: dt.date | None = None  # extend: the new end; terminate: the last day (default: ``on``)
    add_tasks: tuple[str, ...] = ()
    remove_tasks: tuple[str, ...] = ()
    report_every_months: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"resolution": self.resolution, "body": self.body, "action": self.action, "on": self.on,
                "until": self.until, "add_tasks": list(self.add_tasks), "remove_tasks": list(self.remove_tasks),
                "report_every_months": self.report_every_months}


@dataclass(frozen=True, slots=True)
class MandateState:
    """A body's mandate as it stands after the actions applied so far."""

    body: str
    resolution: str
    start: dt.date
    until: dt.date
    tasks: tuple[str, ...]
    report_every_months: int | None
    report_first_due: dt.date | None
    terminated: bool = False
    history: tuple[str, ...] = field(default=())

    def in_force(self, day: dt.date) -> bool:
        return self.start <= day <= self.until

    def days_to_expiry(self, day: dt.date) -> int:
        return (self.until - day).days


def apply_action(state: MandateState, a: MandateAction) -> MandateState:
    """The mandate after ``a``; refuses acting on a mandate that has already ended.

    >>> s = MandateState("isf", "S/RES/1", dt.date(2025, 1, 1), dt.date(2025, 12, 31), (), None, None)
    >>> apply_action(s, MandateAction("S/RES/2", "isf", "extend", dt.date(2025, 12, 1), dt.date(2026, 12, 31))).until
    datetime.date(2026, 12, 31)
    """
    if a.body != state.body:
        raise InputError(f"action on {a.body} applied to the mandate of {state.body}")
    if a.on < state.start:
        raise IllegalTransition("before-mandate", f"{a.resolution} ({a.on}) predates the mandate ({state.start})")
    if state.terminated or a.on > state.until:
        raise IllegalTransition("mandate-ended",
                                f"the mandate of {state.body} ended on {state.until}; {a.resolution} of {a.on} "
                                "cannot " + a.action + " it (a new mandate needs a new authorisation)")
    note = f"{a.on} {a.resolution}: {a.action}"
    if a.action == "extend":
        if a.until is None or a.until <= state.until:
            raise InputError(f"an extension needs a new end after {state.until}", field="until")
        return replace(state, until=a.until, history=(*state.history, f"{note} until {a.until}"))
    if a.action == "terminate":
        last = a.until or a.on
        if not a.on <= last <= state.until:
            raise InputError(f"termination date {last} should be between {a.on} and {state.until}", field="until")
        return replace(state, until=last, terminated=True, history=(*state.history, f"{note} on {last}"))
    if a.action == "amend":
        unknown = sorted(set(a.remove_tasks) - set(state.tasks))
        if unknown:
            raise InputError(f"cannot remove task(s) the mandate does not hold: {', '.join(unknown)}",
                             field="remove_tasks")
        tasks = tuple(t for t in state.tasks if t not in a.remove_tasks) + tuple(
            t for t in a.add_tasks if t not in state.tasks)
        every = a.report_every_months or state.report_every_months
        return replace(state, tasks=tasks, report_every_months=every,
                       history=(*state.history, f"{note} tasks {list(tasks)}"))
    raise InputError(f"action {a.action!r} should be extend, amend or terminate", field="action")
