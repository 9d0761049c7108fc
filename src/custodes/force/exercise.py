"""Exercise data for the force: its structure, strength reports, deployments and tasks (deterministic per seed).

Everything is labelled exercise: ``exercise = true`` in every table, ``"ex": true`` in every journal entry,
and names start with ``(exercise)``. The reported contributors (Indonesia, Azerbaijan) appear with invented
figures; the others are fictional (ISO 3166 user-assigned codes XEA, XEB).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from custodes.exercise import ACTOR, ExercisePeriod, ExerciseResult, withdraw, withdrawn_kind
from custodes.exercise import LABEL as EX
from custodes.force.model import Node, StrengthReport
from custodes.force.service import ForceService
from custodes.force.store import areas, deployments, nodes, strength_reports, task_assignments
from custodes.ledger.disclosure import publishes
from custodes.profiles.model import Governorate
from custodes.storage.uow import Store

__all__ = ["CONTINGENTS", "NORTH", "ForceExercise"]

publishes(withdrawn_kind("force"), "table", "ids")

#: (state, pledged strength, sector)
CONTINGENTS = (("IDN", 4000, "S-SOUTH"), ("AZE", 1500, "S-NORTH"), ("XEA", 1200, "S-NORTH"), ("XEB", 800, "S-SOUTH"))
#: the governorates of Sector North (the others are Sector South's)
NORTH = ("PS0255", "PS0260", "PS0265")


def _days(period: ExercisePeriod) -> int:
    return max((period.end - period.start).days, 1)


class ForceExercise:
    """The force's generator: a headquarters, two sectors, four contingents, their reports and tasks."""

    domain = "force"

    def __init__(self, store: Store, force: ForceService, governorates: Sequence[Governorate]) -> None:
        self.store = store
        self.force, self.governorates = force, governorates

    def generate(self, seed: int, period: ExercisePeriod) -> ExerciseResult:
        rng = random.Random(f"force/{seed}")
        svc = self.force
        n = 0
        with self.store.write(ACTOR, exercise=True) as uow:
            svc.add_node_in(uow, Node("EX-HQ", "hq", EX + "ISF Headquarters", None, None, "Force Commander"))
            for sid, name in (("S-NORTH", "Sector North"), ("S-SOUTH", "Sector South")):
                svc.add_node_in(uow, Node(sid, "sector", EX + name, "EX-HQ", None, "Sector Commander"))
            for g in self.governorates:
                svc.add_area_in(uow, f"AOR-{g.pcode}", f"{EX}AOR {g.name.en}", g.geometry)
            n += 3 + len(self.governorates)
            units: list[tuple[str, str]] = []
            for state, pledged, sector in CONTINGENTS:
                svc.add_node_in(uow, Node(f"C-{state}", "contingent", f"{EX}{state} contingent", sector, state,
                                          "Contingent Commander"))
                for k in range(1, 4):
                    uid = f"U-{state}-{k}"
                    svc.add_node_in(uow, Node(uid, "unit", f"{EX}{state} battalion {k}", f"C-{state}", state,
                                              "Battalion Commander"))
                    units.append((uid, sector))
                    n += 1
                # monthly strength reports: the pledge stands, deployment ramps up
                day, deployed = period.start, 0
                while day <= period.end:
                    deployed = min(pledged, deployed + rng.randint(pledged // 10, pledged // 4))
                    svc.report_strength_in(uow, StrengthReport(state, day, pledged, deployed))
                    n += 1
                    day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            tasks = list(svc.tasks)
            pcodes = [g.pcode for g in self.governorates]
            for i, (uid, sector) in enumerate(units):
                zone = [p for p in pcodes if (p in NORTH) == (sector == "S-NORTH")]
                start = period.start + dt.timedelta(days=rng.randint(20, max(21, _days(period) // 2)))
                if start <= period.end:
                    svc.deploy_in(uow, uid, f"AOR-{rng.choice(zone)}", start, rng.randint(300, 600))
                    n += 1
                svc.assign_task_in(uow, uid, tasks[i % len(tasks)], period.start)
                n += 1
            return ExerciseResult(self.domain, n, len(uow.entries))

    def remove(self) -> ExerciseResult:
        with self.store.write(ACTOR, exercise=True) as uow:
            n = withdraw(uow, self.domain, [task_assignments, deployments, strength_reports, areas, nodes])
            return ExerciseResult(self.domain, n, len(uow.entries))
