"""Exercise incidents: deterministic per seed, labelled exercise, taken through verification."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from shapely import contains_xy
from shapely.geometry import shape
from sqlalchemy import delete, func, select

from custodes.exercise import ACTOR, ExercisePeriod, ExerciseResult, withdraw, withdrawn_kind
from custodes.incidents.model import ACTOR_TYPES, EVENT_TYPES
from custodes.incidents.service import IncidentService
from custodes.incidents.store import incident_confirmations, incident_evidence, incidents
from custodes.ledger.disclosure import publishes
from custodes.ledger.sequencer import journal
from custodes.profiles.model import Governorate
from custodes.storage.uow import Store

__all__ = ["IncidentsExercise"]

publishes(withdrawn_kind("incidents"), "table", "ids")

ORGS = ("Exercise Monitoring Group 1", "Exercise Monitoring Group 2", "Exercise Monitoring Group 3")
NOTES = ("Exercise record: generated text, no real event. / سجل تدريبي: نص مولَّد، لا حدث حقيقي.",
         "Exercise: generated report for training. / تدريب: بلاغ مولَّد لأغراض التدريب.")


class IncidentsExercise:
    domain = "incidents"

    def __init__(self, store: Store, incidents: IncidentService, governorates: Sequence[Governorate]) -> None:
        self.store = store
        self.incidents, self.governorates = incidents, governorates

    def generate(self, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rng = random.Random(f"incidents/{seed}")
        svc = self.incidents
        govs = [(g.pcode, shape(g.geometry)) for g in self.governorates]
        with self.store.read() as conn:
            start_size = int(conn.execute(select(func.count()).select_from(journal)).scalar_one())
        records = 0
        day = period.start
        while day <= period.end:
            for _ in range(rng.choice((0, 1, 1, 2))):
                _, geom = rng.choice(govs)
                minx, miny, maxx, maxy = geom.bounds
                while True:
                    lon, lat = round(rng.uniform(minx, maxx), 5), round(rng.uniform(miny, maxy), 5)
                    if contains_xy(geom, lon, lat):
                        break
                et = rng.choice(list(EVENT_TYPES))
                sub = rng.choice(EVENT_TYPES[et])
                i1 = rng.choice(list(ACTOR_TYPES))
                i2 = rng.choice([None, *ACTOR_TYPES])
                hidden = rng.random() < 0.3
                reporter = None if rng.random() < 0.4 else f"Exercise reporter {rng.randint(1, 40)}"
                pub = svc.report(
                    "exercise", event_date=day, event_type=et, sub_event_type=sub,
                    actor1=f"Exercise actor {ACTOR_TYPES[i1]}", inter1=i1,
                    actor2=None if i2 is None else f"Exercise actor {ACTOR_TYPES[i2]} B", inter2=i2,
                    lat=lat, lon=lon, location=f"Exercise place {rng.randint(1, 60)}",
                    geo_precision=rng.choice((1, 1, 2, 3)), fatalities=rng.choice((0, 0, 0, 1, 2, 3)),
                    source="Exercise source", notes=rng.choice(NOTES), reporter=reporter,
                    organisation=rng.choice((None, *ORGS)), hide_location=hidden, tags="exercise", exercise=True)
                records += 1
                fate = rng.random()
                iid = pub["id"]
                if fate < 0.1:
                    continue
                if fate < 0.2:
                    svc.reject("exercise-monitor-1", iid, "Exercise: duplicate of another report", exercise=True)
                    continue
                svc.start_review("exercise-monitor-1", iid, exercise=True)
                if fate < 0.8:
                    orgs = rng.sample(ORGS, svc.confirmations_needed if svc.confirmations_needed <= 3 else 3)
                    for k, org in enumerate(orgs):
                        if svc.get(iid)["status"] != "under_review":
                            break
                        svc.confirm(f"exercise-monitor-{k + 2}", iid, org, exercise=True)
                elif fate < 0.92:
                    svc.unverify("exercise-monitor-1", iid, "Exercise: no independent confirmation", exercise=True)
            day += dt.timedelta(days=1)
        with self.store.read() as conn:
            end_size = int(conn.execute(select(func.count()).select_from(journal)).scalar_one())
        return ExerciseResult(self.domain, records, end_size - start_size)

    def remove(self) -> ExerciseResult:
        with self.store.write(ACTOR, exercise=True) as uow:
            ids = select(incidents.c.id).where(incidents.c.exercise.is_(True))
            # confirmations and evidence belong to their incident: deleted with it, not listed apart
            uow.conn.execute(delete(incident_confirmations).where(incident_confirmations.c.incident_id.in_(ids)))
            uow.conn.execute(delete(incident_evidence).where(incident_evidence.c.incident_id.in_(ids)))
            n = withdraw(uow, self.domain, [incidents])
            return ExerciseResult(self.domain, n, len(uow.entries))


