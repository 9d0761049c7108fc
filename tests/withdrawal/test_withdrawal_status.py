"""Withdrawal phases: statuses derived from the records on worked cases, and the refusals of completion."""

from __future__ import annotations

import datetime as dt

import pytest

from custodes.app import Custodes
from custodes.disarmament.model import Collected, Destroyed, Witness
from custodes.disarmament.service import NewSite, NewWeapon
from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.withdrawal.model import Completion, Measure, Milestone, Phase, Status, evaluate

RAFAH = "PS0275"
LINE = {"type": "LineString", "coordinates": [[34.24, 31.30], [34.30, 31.25]]}
ZONE = {"type": "Polygon", "coordinates": [[[34.2, 31.2], [34.3, 31.2], [34.3, 31.3], [34.2, 31.2]]]}
W2 = (Witness("ISF", "officer"), Witness("monitor", "observer"))


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


def phase(pid: str = "P1", *extra: Milestone) -> Phase:
    return Phase(pid, f"phase {pid}", "line", d(3, 1), 30,
                 (Milestone("weapons_destroyed_share", RAFAH, 0.5), Milestone("sites_verified", RAFAH), *extra))


@pytest.fixture
def mission(app: Custodes) -> Custodes:
    """Four weapons collected in Rafah on 5 January, one tunnel found there."""
    svc = app.disarmament
    regs = svc.collect([(NewWeapon("rifle", zone=RAFAH, unit="U1"), Collected(d(1, 5), "CP", "U1", f"R{i}"))
                        for i in range(4)], actor="test")
    svc.register_site(NewSite("T-1", "tunnel", "", {"type": "Point", "coordinates": [34.2558, 31.2752]}, d(1, 6), "U1"),
                      actor="test")
    app.withdrawal.define(phase(), LINE, actor="test")
    app.ids = [r.id for r in regs]  # type: ignore[attr-defined]
    return app


def status(app: Custodes, on: dt.date, pid: str = "P1") -> tuple[str, list[str]]:
    s = app.withdrawal.status(on, [pid])[0]
    return s.status.value, [m.kind for m, _ in s.missing]


def test_worked_case_through_every_status(mission: Custodes) -> None:
    svc, ids = mission.disarmament, mission.ids  # type: ignore[attr-defined]
    assert status(mission, d(1, 20)) == ("pending", ["weapons_destroyed_share", "sites_verified"])
    svc.record([(ids[0], Destroyed(d(2, 1), "CP", "U1", "cutting", W2)),
                (ids[1], Destroyed(d(2, 10), "CP", "U1", "cutting", W2))], actor="test")
    first = mission.withdrawal.status(d(2, 5), ["P1"])[0]
    assert first.missing[0][1].detail == "1 of 4 destroyed (25.0%); 2 needed"  # as it stood on 5 February
    assert status(mission, d(2, 12)) == ("pending", ["sites_verified"])
    svc.destroy_site("T-1", on=d(2, 15), by="U1", method="filling", actor="test")
    assert status(mission, d(2, 16)) == ("pending", ["sites_verified"])  # destroyed is not yet verified
    svc.verify_site("T-1", on=d(2, 20), by="monitor", actor="test")
    s = mission.withdrawal.status(d(2, 25), ["P1"])[0]
    assert (s.status, s.eligible_on, s.due_by) == (Status.ELIGIBLE, d(2, 20), d(3, 31))
    assert [x.met_on for _, x in s.met] == [d(2, 10), d(2, 20)]
    assert status(mission, d(3, 5))[0] == "due"
    assert status(mission, d(3, 31))[0] == "due"
    assert status(mission, d(4, 1))[0] == "overdue"
    assert "overdue since 2026-03-31" in mission.withdrawal.status(d(4, 1))[0].explain()
    mission.withdrawal.complete("P1", on=d(3, 20), verified_by="joint monitoring team", actor="test")
    assert status(mission, d(4, 1))[0] == "completed"
    assert status(mission, d(3, 10))[0] == "due"  # the status is always derived for the day asked
    j = mission.withdrawal.status(d(4, 1))[0].as_json()
    assert j["status"] == "completed" and j["completed"] == {"on": "2026-03-20", "verified_by": "joint monitoring team"}


def test_completion_is_refused_before_the_milestones_and_twice(mission: Custodes) -> None:
    with pytest.raises(IllegalTransition) as e:
        mission.withdrawal.complete("P1", on=d(3, 1), verified_by="monitor", actor="test")
    assert e.value.name == "milestones-not-met" and "verified destroyed" in e.value.detail
    svc, ids = mission.disarmament, mission.ids  # type: ignore[attr-defined]
    svc.record([(i, Destroyed(d(2, 1), "CP", "U1", "cutting", W2)) for i in ids[:2]], actor="test")
    svc.destroy_site("T-1", on=d(2, 15), by="U1", method="filling", actor="test")
    svc.verify_site("T-1", on=d(2, 20), by="monitor", actor="test")
    mission.withdrawal.complete("P1", on=d(3, 2), verified_by="monitor", actor="test")
    with pytest.raises(IllegalTransition) as e:
        mission.withdrawal.complete("P1", on=d(3, 3), verified_by="monitor", actor="test")
    assert e.value.name == "phase-completed-twice"


def test_a_phase_waiting_for_another(mission: Custodes) -> None:
    mission.withdrawal.define(Phase("P2", "second", "zone", None, 10,
                                    (Milestone("phase_completed", phase="P1"), Milestone("date", on=d(3, 1)))), ZONE,
                              actor="test")
    assert status(mission, d(3, 2), "P2") == ("pending", ["phase_completed"])
    svc, ids = mission.disarmament, mission.ids  # type: ignore[attr-defined]
    svc.record([(i, Destroyed(d(2, 1), "CP", "U1", "cutting", W2)) for i in ids[:2]], actor="test")
    svc.destroy_site("T-1", on=d(2, 15), by="U1", method="filling", actor="test")
    svc.verify_site("T-1", on=d(2, 20), by="monitor", actor="test")
    mission.withdrawal.complete("P1", on=d(3, 5), verified_by="monitor", actor="test")
    s = mission.withdrawal.status(d(3, 10), ["P2"])[0]
    assert (s.status, s.eligible_on, s.due_by) == (Status.DUE, d(3, 5), d(3, 15))
    assert status(mission, d(3, 16), "P2")[0] == "overdue"


def test_definitions_are_checked(mission: Custodes) -> None:
    w = mission.withdrawal
    with pytest.raises(InputError, match="needs a LineString"):
        w.define(phase("P9"), ZONE, actor="test")
    with pytest.raises(InputError, match="already defined"):
        w.define(phase("P1"), LINE, actor="test")
    with pytest.raises(InputError, match="governorate"):
        w.define(Phase("P9", "x", "line", None, 1, (Milestone("sites_verified", "PS1"),)), LINE, actor="test")
    with pytest.raises(InputError, match="share"):
        w.define(Phase("P9", "x", "line", None, 1, (Milestone("weapons_destroyed_share", RAFAH, 1.5),)), LINE,
                 actor="test")
    with pytest.raises(InputError, match="not defined"):
        w.define(Phase("P9", "x", "line", None, 1, (Milestone("phase_completed", phase="P7"),)), LINE, actor="test")
    with pytest.raises(InputError, match="at least one milestone"):
        w.define(Phase("P9", "x", "line", None, 1, ()), LINE, actor="test")
    with pytest.raises(NotFound):
        w.status(d(3, 1), ["nope"])


def test_no_weapons_in_a_zone_is_not_a_met_share() -> None:
    p = Phase("P", "p", "zone", None, 5, (Milestone("weapons_destroyed_share", "PS0255", 0.5),))
    s = evaluate(p, {0: Measure(False, None, "no weapons registered in PS0255 yet")}, None, d(5, 1))
    assert s.status is Status.PENDING and "no weapons" in s.as_json()["milestones_missing"][0]["detail"]
    s = evaluate(p, {0: Measure(True, d(4, 1), "")}, Completion(d(6, 1), "m"), d(5, 1))
    assert (s.status, s.due_by) == (Status.OVERDUE, d(4, 6))  # a completion after the day asked does not count


def test_a_real_phase_is_measured_on_real_records_and_an_exercise_phase_on_exercise_ones(app: Custodes) -> None:
    """Exercise weapons destroyed in a zone meet no milestone of a real phase, and an exercise site found there
    holds none back (before, the per-zone counts and the sites held both kinds of record)."""
    svc = app.disarmament
    with app.store.write("exercise", exercise=True) as uow:
        regs = svc.register_in(uow, [NewWeapon("rifle", zone=RAFAH, unit="U1") for _ in range(2)])
        svc.record_in(uow, [(r.id, Collected(d(1, 5), "CP", "U1", f"R{r.id}")) for r in regs]
                      + [(r.id, Destroyed(d(1, 9), "CP", "U1", "cutting", W2)) for r in regs])
        svc.register_site_in(uow, NewSite("EX-T", "tunnel", "", {"type": "Point", "coordinates": [34.2558, 31.2752]},
                                          d(1, 6), "U1"))
    app.withdrawal.define(phase("REAL"), LINE, actor="test")
    app.withdrawal.define(phase("DRILL"), LINE, exercise=True, actor="test")
    assert status(app, d(11, 28), "REAL")[1] == ["weapons_destroyed_share"]  # no real weapon, no real site
    assert status(app, d(11, 28), "DRILL")[1] == ["sites_verified"]  # its own: 2 of 2 destroyed, a site unverified


def test_statuses_are_paged_with_database_totals_and_filter_exercise_phases(mission: Custodes) -> None:
    mission.withdrawal.define(Phase("P0", "first", "zone", d(1, 1), 10, (Milestone("date", on=d(1, 1)),)), ZONE,
                              actor="test")
    mission.withdrawal.define(phase("DRILL"), LINE, actor="exercise", exercise=True)
    page = mission.withdrawal.statuses(d(3, 1), limit=1)
    assert ([s.phase.id for s in page], page.total) == (["P0"], 3)  # in the order they open
    real = mission.withdrawal.phases(d(3, 1), exercise=False, offset=1)
    assert [v.status.phase.id for v in real] == ["P1"] and real.total == 2
    assert real.items[0].as_json()["geometry"] == LINE
    assert [s.phase.id for s in mission.withdrawal.status(d(3, 1), exercise=True)] == ["DRILL"]
    assert mission.withdrawal.phase("P0", d(1, 5)).status.status.value == "due"
