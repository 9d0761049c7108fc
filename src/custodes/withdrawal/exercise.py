"""Exercise data for the withdrawal: phases with their milestones (deterministic per seed).

Everything is labelled exercise (``exercise = true``, ``"ex": true``, names start with ``(exercise)``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from custodes.exercise import ACTOR, ExercisePeriod, ExerciseResult, withdraw, withdrawn_kind
from custodes.exercise import LABEL as EX
from custodes.ledger.disclosure import publishes
from custodes.profiles.model import Governorate
from custodes.storage.uow import Store
from custodes.withdrawal.model import Milestone, Phase
from custodes.withdrawal.service import WithdrawalService
from custodes.withdrawal.store import milestones, phases

__all__ = ["WithdrawalExercise"]

publishes(withdrawn_kind("withdrawal"), "table", "ids")


class WithdrawalExercise:
    """The withdrawal's generator: five phases south to north, the first completed when its time allows."""

    domain = "withdrawal"

    def __init__(self, store: Store, withdrawal: WithdrawalService, governorates: Sequence[Governorate]) -> None:
        self.store = store
        self.withdrawal, self.governorates = withdrawal, governorates

    def generate(self, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rng = random.Random(f"withdrawal/{seed}")
        svc = self.withdrawal
        govs = {g.pcode: g for g in self.governorates}
        with self.store.write(ACTOR, exercise=True) as uow:
            prev: str | None = None
            for i, pcode in enumerate(("PS0275", "PS0270", "PS0265", "PS0260", "PS0255"), start=1):
                share = rng.choice((0.3, 0.4, 0.5))
                ms = [Milestone("weapons_destroyed_share", pcode, share), Milestone("sites_verified", pcode),
                      Milestone("date", on=period.start + dt.timedelta(days=60 * i))]
                if prev:
                    ms.append(Milestone("phase_completed", phase=prev))
                pid = f"EX-PHASE-{i}"
                svc.define_in(uow, Phase(pid, f"{EX}phase {i}: {govs[pcode].name.en}", "zone",
                                         period.start + dt.timedelta(days=90 * i), 45, tuple(ms)),
                              govs[pcode].geometry)
                prev = pid
            entries = len(uow.entries)
        # the first phase's withdrawal is recorded as completed where its timeframe allows
        first = svc.status(period.end, ["EX-PHASE-1"])[0]
        if first.due_by is not None and first.eligible_on is not None:
            done = max(first.eligible_on, first.phase.opens or first.eligible_on) + dt.timedelta(days=20)
            if done <= period.end:
                svc.complete("EX-PHASE-1", on=done, verified_by="independent monitor", actor=ACTOR, exercise=True)
                entries += 1
        return ExerciseResult(self.domain, 5, entries)

    def remove(self) -> ExerciseResult:
        with self.store.write(ACTOR, exercise=True) as uow:
            n = withdraw(uow, self.domain, [milestones, phases])
            return ExerciseResult(self.domain, n, len(uow.entries))
