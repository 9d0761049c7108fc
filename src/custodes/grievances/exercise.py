"""Exercise grievances: deterministic per seed, labelled exercise, taken through their statuses."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy import delete, func, select

from custodes.exercise import ACTOR, ExercisePeriod, ExerciseResult, withdraw, withdrawn_kind
from custodes.grievances.model import CATEGORIES
from custodes.grievances.service import GrievanceService
from custodes.grievances.store import cosign_organisations, grievance_cosigners, grievances
from custodes.ledger.disclosure import publishes
from custodes.ledger.sequencer import journal
from custodes.profiles.model import Governorate
from custodes.storage.uow import Clock, Store

__all__ = ["GrievancesExercise"]

publishes(withdrawn_kind("participation"), "table", "ids")

ORGS = (("exercise-committee", "Exercise committee (generated)", "palestinian_committee"),
        ("exercise-cso-1", "Exercise civil society group 1 (generated)", "civil_society"))
TEXTS = {
    "en": ("Exercise grievance: generated text about {c}.", "Exercise answer: generated reply."),
    "ar": ("شكوى تدريبية: نص مولَّد بشأن {c}.", "رد تدريبي: نص مولَّد."),
}


class GrievancesExercise:
    domain = "participation"

    def __init__(self, store: Store, grievances: GrievanceService, governorates: Sequence[Governorate],
                 clock: Clock) -> None:
        self.store = store
        self.grievances, self.governorates, self.clock = grievances, governorates, clock

    def generate(self, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rng = random.Random(f"participation/{seed}")
        svc = self.grievances
        with self.store.read() as conn:
            start_size = int(conn.execute(select(func.count()).select_from(journal)).scalar_one())
            known = {r[0] for r in conn.execute(select(cosign_organisations.c.id))}
        for oid, name, kind in ORGS:
            if oid not in known:
                svc.register_organisation(ACTOR, oid, name, kind, exercise=True)
        records = 0
        day = period.start
        now = self.clock()
        pcodes = [g.pcode for g in self.governorates]
        while day <= period.end:
            if rng.random() < 0.3:
                at = min(dt.datetime.combine(day, dt.time(rng.randint(6, 20), rng.randint(0, 59)), dt.UTC), now)
                lang = rng.choice(("en", "ar"))
                cat = rng.choice(CATEGORIES)
                kind = rng.choice(("board", "force", "agency"))
                g = svc.file("exercise", addressee=kind, agency="Exercise aid agency" if kind == "agency" else None,
                             category=cat, language=lang, subject=f"Exercise {cat}",
                             text=TEXTS[lang][0].format(c=cat), pcode=rng.choice((None, *pcodes)),
                             complainant=None if rng.random() < 0.5 else f"Exercise resident {rng.randint(1, 99)}",
                             exercise=True, at=at)
                records += 1
                gid = g["id"]
                if rng.random() < 0.3:
                    svc.cosign("exercise", gid, rng.choice(ORGS)[0], exercise=True, at=at)
                step = min(at + dt.timedelta(days=rng.randint(1, 10)), now)
                if rng.random() < 0.85 and step.date() <= period.end and step.date() <= dt.date.fromisoformat(
                        g["acknowledge_by"]):
                    svc.acknowledge("exercise", gid, exercise=True, at=step)
                    step = min(step + dt.timedelta(days=rng.randint(3, 35)), now)
                    if rng.random() < 0.8 and step.date() <= period.end:
                        svc.answer("exercise", gid, TEXTS[lang][1], exercise=True, at=step)
                        step = min(step + dt.timedelta(days=rng.randint(1, 10)), now)
                        if rng.random() < 0.7 and step.date() <= period.end:
                            svc.close("exercise", gid, exercise=True, at=step)
            day += dt.timedelta(days=1)
        svc.escalate_overdue(period.end, "exercise", exercise_only=True)
        with self.store.read() as conn:
            end_size = int(conn.execute(select(func.count()).select_from(journal)).scalar_one())
        return ExerciseResult(self.domain, records, end_size - start_size)

    def remove(self) -> ExerciseResult:
        with self.store.write(ACTOR, exercise=True) as uow:
            ex = select(grievances.c.id).where(grievances.c.exercise.is_(True))
            exo = select(cosign_organisations.c.id).where(cosign_organisations.c.exercise.is_(True))
            # a co-signature belongs to its grievance and its organisation: deleted with either, not listed apart
            uow.conn.execute(delete(grievance_cosigners).where(
                grievance_cosigners.c.grievance_id.in_(ex) | grievance_cosigners.c.organisation.in_(exo)))
            n = withdraw(uow, self.domain, [grievances, cosign_organisations])
            return ExerciseResult(self.domain, n, len(uow.entries))
