"""Exercise data for the Board: members by role, decisions, and funding flows; deterministic per seed.

Every record is labelled exercise (``exercise = true``) and invented: the offices and states are
plausible for the period from the mandate's start, not a statement of who sits on the Board.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from custodes.board.service import BoardService
from custodes.board.store import board_decisions, board_funds, board_members, funding_transactions
from custodes.errors import IllegalTransition
from custodes.exercise import ACTOR, ExercisePeriod, ExerciseResult, withdraw, withdrawn_kind
from custodes.ledger.disclosure import publishes
from custodes.storage.uow import Store, UnitOfWork

__all__ = ["BoardExercise"]

publishes(withdrawn_kind("board"), "table", "ids")

SEATS = [  # (role, office, represents)
    ("chair", "Chair of the Board of Peace", "USA"),
    ("member", "Member nominated by Egypt", "EGY"),
    ("member", "Member nominated by Qatar", "QAT"),
    ("member", "Member nominated by Türkiye", "TUR"),
    ("member", "Member nominated by Indonesia", "IDN"),
    ("member", "Member nominated by the United Arab Emirates", "ARE"),
    ("member", "Member nominated by the United Kingdom", "GBR"),
    ("member", "Member nominated by Azerbaijan", "AZE"),
    ("observer", "Observer for the World Bank", "World Bank"),
    ("observer", "Observer for the United Nations", "United Nations"),
]
DONORS = ["USA", "ARE", "QAT", "SAU", "EGY", "EU", "GBR", "JPN", "DEU", "World Bank"]
KINDS: list[tuple[str, str, dict[str, Any]]] = [
    ("strategic-guidance", "Strategic guidance to the ISF",
     {"to": "isf", "guidance": "Priorities for the coming month: crossings and humanitarian corridors"}),
    ("unified-command-approval", "Approval of the ISF unified command",
     {"command": "ISF unified command", "headquarters": "exercise headquarters"}),
    ("deployment-approval", "Approval of a contingent's deployment",
     {"contributing_state": "IDN", "strength": 800, "area": "sector south"}),
    ("committee-appointment", "Appointment of the Palestinian technocratic committee",
     {"committee": "Palestinian technocratic committee", "mandate": "day-to-day administration of Gaza"}),
    ("committee-member-appointment", "Appointment to the committee",
     {"committee": "Palestinian technocratic committee", "role": "Member for health", "portfolio": "health"}),
    ("funding", "Funding decision", {"fund": "ex-reconstruction", "amount": "50000000", "currency": "USD",
                                     "purpose": "rubble removal"}),
]


class BoardExercise:
    """The Board's generator (protocol: custodes.exercise.ExerciseGenerator)."""

    domain = "board"

    def __init__(self, store: Store, board: BoardService) -> None:
        self.store = store
        self.board = board

    def generate(self, seed: int, period: ExercisePeriod) -> ExerciseResult:
        if self.board.has_exercise():
            raise IllegalTransition("exercise-present", "the Board already holds exercise records; "
                                    "remove them first (custodes exercise --remove)")
        with self.store.write(ACTOR, exercise=True) as uow:  # every record in one unit of work, labelled exercise
            return self._generate(uow, seed, period)

    def _generate(self, uow: UnitOfWork, seed: int, period: ExercisePeriod) -> ExerciseResult:
        svc = self.board
        rng = random.Random(f"board:{seed}")
        start, end = period.start, period.end
        records = 0
        ids = []
        for i, (role, office, who) in enumerate(SEATS):
            joined = start + dt.timedelta(days=0 if role == "chair" else rng.randint(0, 30))
            if joined > end:
                continue
            svc.appoint_in(uow, f"ex-m{i + 1:02d}", role, office, who, joined)
            ids.append((f"ex-m{i + 1:02d}", role, joined))
            records += 1
        svc.open_fund_in(uow, "ex-reconstruction", "Gaza reconstruction trust fund (exercise)", "World Bank")
        svc.open_fund_in(uow, "ex-operations", "Board of Peace operations (exercise)", "Board of Peace")
        records += 2
        # decisions: one meeting about every three weeks, from a month after the mandate's start
        day, k = start + dt.timedelta(days=30), 0
        while day <= end:
            kind, title, details = KINDS[k % len(KINDS)]
            voting = [m for m, r, j in ids if r != "observer" and j <= day]
            present = [m for m in voting if m == "ex-m01" or rng.random() < 0.8]
            votes = {m: rng.choices(["yes", "no", "abstain"], [8, 1, 1])[0] for m in present}
            if len(present) * 2 > len(voting):
                svc.decide_in(uow, f"ex-d{k + 1:03d}", kind, f"{title} (exercise)", present, votes, details, day)
                records += 1
            day += dt.timedelta(days=rng.randint(18, 25))
            k += 1
        # funding: each donor pledges, commits part, and the fund disburses part of each commitment
        n = 0
        for donor in DONORS:
            fund = "ex-reconstruction" if rng.random() < 0.8 else "ex-operations"
            pledged = Decimal(rng.randint(5, 200)) * 1_000_000
            d1 = start + dt.timedelta(days=rng.randint(5, 60))
            if d1 > end:
                continue
            n += 1
            svc.record_transaction_in(uow, f"ex-t{n:03d}", fund, donor, 13, pledged, "USD", d1)
            committed = (pledged * Decimal(rng.randint(30, 100)) / 100).quantize(Decimal("0.01"))
            d2 = d1 + dt.timedelta(days=rng.randint(10, 90))
            records += 1
            if d2 > end:
                continue
            n += 1
            com = f"ex-t{n:03d}"
            svc.record_transaction_in(uow, com, fund, donor, 11, committed, "USD", d2)
            records += 1
            left, d3 = committed, d2
            for _ in range(rng.randint(0, 3)):
                d3 = d3 + dt.timedelta(days=rng.randint(15, 60))
                if d3 > end:
                    break
                part = (left * Decimal(rng.randint(20, 60)) / 100).quantize(Decimal("0.01"))
                n += 1
                svc.record_transaction_in(uow, f"ex-t{n:03d}", fund, donor, 1, part, "USD", d3, commitment=com)
                left -= part
                records += 1
            spent = committed - left
            d4 = d3 + dt.timedelta(days=rng.randint(10, 40))
            if spent > 0 and d4 <= end:
                n += 1
                cost = (spent * Decimal(rng.randint(30, 90)) / 100).quantize(Decimal("0.01"))
                svc.record_transaction_in(uow, f"ex-t{n:03d}", fund, donor, 4, cost, "USD", d4)
                records += 1
        return ExerciseResult(self.domain, records, records)

    def remove(self) -> ExerciseResult:
        with self.store.write(ACTOR, exercise=True) as uow:
            n = withdraw(uow, self.domain, [funding_transactions, board_decisions, board_members, board_funds])
            return ExerciseResult(self.domain, n, len(uow.entries))
