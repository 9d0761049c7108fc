"""Pure rules of the Board of Peace: its decision rule, what it issues, funding flows (IATI codes).

>>> rule = DecisionRule(quorum_share=Fraction(1, 2), casting_vote="chair")
>>> o = decide(rule, ["c", "m1", "m2", "m3"], "c", ["c", "m1", "m2", "m3"],
...            {"c": "yes", "m1": "yes", "m2": "no", "m3": "no"})
>>> o.adopted, o.reason
(True, 'adopted: 2 of 4 present in favour, a tie broken by the chair’s casting vote (yes)')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from custodes.errors import IllegalTransition, InputError

__all__ = [
    "DECISION_KINDS",
    "ROLES",
    "TRANSACTION_TYPES",
    "BoardOutcome",
    "DecisionRule",
    "check_details",
    "decide",
    "flow_of",
]

ROLES = ("chair", "member", "observer")

#: What the Board issues, and the only fields each decision may carry (no personal data: roles, not names).
DECISION_KINDS: dict[str, tuple[str, ...]] = {
    "strategic-guidance": ("to", "guidance"),
    "unified-command-approval": ("command", "lead_state", "headquarters"),
    "deployment-approval": ("contributing_state", "strength", "area", "until"),
    "committee-appointment": ("committee", "mandate"),
    "committee-member-appointment": ("committee", "role", "portfolio"),
    "funding": ("fund", "amount", "currency", "purpose"),
    "other": ("text",),
}

#: IATI TransactionType codelist (iatistandard.org/en/iati-standard/203/codelists/transactiontype/), the codes used here
TRANSACTION_TYPES: dict[int, str] = {
    1: "Incoming Funds",
    2: "Outgoing Commitment",
    3: "Disbursement",
    4: "Expenditure",
    11: "Incoming Commitment",
    12: "Outgoing Pledge",
    13: "Incoming Pledge",
}
_FLOW = {12: "pledged", 13: "pledged", 2: "committed", 11: "committed", 1: "disbursed", 3: "disbursed",
         4: "spent"}


def flow_of(code: int) -> str:
    """pledged, committed, disbursed or spent, for an IATI transaction type code."""
    try:
        return _FLOW[code]
    except KeyError:
        raise InputError(f"IATI transaction type {code} is not used here; use one of "
                         + ", ".join(f"{k} ({v})" for k, v in TRANSACTION_TYPES.items()), field="type") from None


def check_details(kind: str, details: Mapping[str, Any]) -> dict[str, Any]:
    """The details of a decision of ``kind``, refusing fields the kind does not have (e.g. a person's name)."""
    if kind not in DECISION_KINDS:
        raise InputError(f"kind {kind!r} should be one of {', '.join(DECISION_KINDS)}", field="kind")
    allowed = DECISION_KINDS[kind]
    extra = sorted(set(details) - set(allowed))
    if extra:
        raise InputError(f"a {kind} decision has no field(s) {', '.join(extra)}; allowed: {', '.join(allowed)}",
                         field=extra[0])
    out = dict(details)
    if kind == "funding":
        try:
            amount = Decimal(str(out.get("amount")))
        except ArithmeticError:
            raise InputError(f"{out.get('amount')!r} is not an amount", field="amount") from None
        if not amount.is_finite() or amount <= 0:
            raise InputError("should be a positive amount", field="amount")
        out["amount"] = str(amount)
    return out


@dataclass(frozen=True, slots=True)
class DecisionRule:
    """The Board's rule (not public; configurable): more than ``quorum_share`` of the voting members present;
    a decision passes with a majority of those present (or of votes cast); a tie goes the chair's way when
    ``casting_vote`` is ``chair``."""

    quorum_share: Fraction = Fraction(1, 2)
    casting_vote: str = "chair"  # chair | none
    majority_of: str = "present"  # present | cast

    def quorum(self, members: int) -> int:
        """The fewest voting members present that make a quorum (strictly more than the share)."""
        return math.floor(self.quorum_share * members) + 1


@dataclass(frozen=True, slots=True)
class BoardOutcome:
    adopted: bool
    reason: str
    yes: int
    no: int
    abstain: int
    present: int
    quorum: int

    def as_json(self) -> dict[str, Any]:
        return {"adopted": self.adopted, "reason": self.reason, "yes": self.yes, "no": self.no,
                "abstain": self.abstain, "present": self.present, "quorum": self.quorum}


def decide(rule: DecisionRule, voting_members: Sequence[str], chair: str | None, present: Sequence[str],
           votes: Mapping[str, str], observers: Sequence[str] = ()) -> BoardOutcome:
    """Apply the rule; refuses a decision without quorum and votes from members not present."""
    for m, v in votes.items():
        if m in observers:
            raise IllegalTransition("observer-cannot-vote", f"{m} is an observer; observers do not vote")
        if m not in voting_members:
            raise IllegalTransition("not-a-member", f"{m} is not a voting member of the Board on that date")
        if m not in present:
            raise IllegalTransition("not-present", f"{m} votes but is not recorded as present")
        if v not in ("yes", "no", "abstain"):
            raise InputError(f"{m}: {v!r} should be yes, no or abstain", field="votes")
    here = [m for m in dict.fromkeys(present) if m in voting_members]
    quorum = rule.quorum(len(voting_members))
    if len(here) < quorum:
        raise IllegalTransition("no-quorum", f"{len(here)} of {len(voting_members)} voting members present; "
                                f"the quorum is {quorum}")
    yes = sum(1 for v in votes.values() if v == "yes")
    no = sum(1 for v in votes.values() if v == "no")
    abstain = len(here) - yes - no
    base = len(here) if rule.majority_of == "present" else yes + no
    word = "present" if rule.majority_of == "present" else "votes cast"
    if 2 * yes > base:
        return BoardOutcome(True, f"adopted: {yes} of {base} {word} in favour", yes, no, abstain, len(here), quorum)
    tie = 2 * yes == base and yes == no and yes > 0
    if tie and rule.casting_vote == "chair" and chair is not None and chair in votes:
        side = votes[chair]
        if side in ("yes", "no"):
            verb = "adopted" if side == "yes" else "not adopted"
            return BoardOutcome(side == "yes", f"{verb}: {yes} of {base} {word} in favour, a tie broken by the "
                                f"chair’s casting vote ({side})", yes, no, abstain, len(here), quorum)
    need = base // 2 + 1
    return BoardOutcome(False, f"not adopted: {yes} of {base} {word} in favour, {need} needed", yes, no, abstain,
                        len(here), quorum)
