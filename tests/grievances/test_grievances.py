"""Grievances: filing, every status step and refusal, deadlines and escalation, co-signing, privacy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select

from custodes.app import Custodes
from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.ledger.sequencer import journal

CANARY = "Canary Complainant Qwxv"
LAT, LON = 31.34571, 34.30633  # Khan Younis


def file(app: Custodes, **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"addressee": "force", "category": "movement_and_crossings", "language": "en",
                            "subject": "Checkpoint closed", "text": "The road was closed for three days."}
    args.update(kw)
    return app.grievances.file("public-form", **args)


def test_file_sets_deadlines_from_the_profile(app: Custodes) -> None:
    g = file(app)
    assert g["id"] == "G000001" and g["status"] == "received" and g["addressee"] == "isf"
    assert g["filed_on"] == "2026-11-27" and g["acknowledge_by"] == "2026-12-04" and g["answer_by"] == "2026-12-27"
    assert g["anonymous"] is True
    ar = file(app, addressee="agency", agency="UNRWA", language="ar", subject="توزيع المساعدات",
              text="لم تصل المساعدات إلى الحي منذ أسبوعين.", pcode="PS0265", category="aid_access")
    assert ar["addressee"] == "UNRWA" and ar["governorate"] == "Deir Al-Balah" and ar["language"] == "ar"


def test_bad_filings_are_refused(app: Custodes) -> None:
    for kw, field in [({"addressee": "council"}, "addressee"), ({"addressee": "agency"}, "agency"),
                      ({"category": "misc"}, "category"), ({"language": "fr"}, "language"),
                      ({"text": " "}, "text"), ({"subject": ""}, "subject"), ({"pcode": "PS9999"}, "pcode"),
                      ({"lat": 31.9, "lon": 35.2}, "lat"), ({"lat": 31.3}, "lon"), ({"text": "x" * 8001}, "text")]:
        with pytest.raises(InputError) as e:
            file(app, **kw)
        assert e.value.field == field, kw


def test_full_path_and_refusals(app: Custodes, clock: Any) -> None:
    gid = file(app)["id"]
    svc = app.grievances
    with pytest.raises(IllegalTransition) as e:
        svc.answer("isf-desk", gid, "We reopened the road.")
    assert e.value.name == "grievance-answer-from-received"
    with pytest.raises(IllegalTransition) as e:
        svc.close("isf-desk", gid)
    assert e.value.name == "grievance-close-from-received"
    with pytest.raises(IllegalTransition) as e:
        svc.acknowledge("board-desk", gid, responder="board-of-peace")
    assert e.value.name == "grievance-acknowledge-not-addressee"
    clock.advance(days=1)
    assert svc.acknowledge("isf-desk", gid, responder="isf")["status"] == "acknowledged"
    with pytest.raises(IllegalTransition) as e:
        svc.acknowledge("isf-desk", gid)
    assert e.value.name == "grievance-acknowledge-from-acknowledged"
    with pytest.raises(InputError):
        svc.answer("isf-desk", gid, " ")
    g = svc.answer("isf-desk", gid, "We reopened the road.", responder="isf")
    assert g["status"] == "answered" and g["answer"] == "We reopened the road."
    assert svc.close("board-desk", gid, note="resolved")["status"] == "closed"
    for call in (lambda: svc.acknowledge("x", gid), lambda: svc.answer("x", gid, "y"), lambda: svc.close("x", gid)):
        with pytest.raises(IllegalTransition):
            call()
    with app.store.read() as conn:
        ks = [k for (k,) in conn.execute(select(journal.c.kind).order_by(journal.c.idx)) if k.startswith("partic")]
    assert ks == ["participation.grievance_filed", "participation.grievance_acknowledged",
                  "participation.grievance_answered", "participation.grievance_closed"]
    with pytest.raises(NotFound):
        svc.get("G999999")


def test_overdue_grievances_escalate_to_the_board(app: Custodes, clock: Any) -> None:
    svc = app.grievances
    late_ack = file(app)["id"]
    late_answer = file(app)["id"]
    on_time = file(app)["id"]
    svc.acknowledge("isf-desk", late_answer)
    svc.acknowledge("isf-desk", on_time)
    assert svc.escalate_overdue(dt.date(2026, 12, 4), "custodes").escalated == ()  # deadline day itself is in time
    r = svc.escalate_overdue(dt.date(2026, 12, 5), "custodes")
    assert r.escalated == ((late_ack, "not acknowledged by 2026-12-04"),)
    svc.answer("isf-desk", on_time, "Done.")
    r = svc.escalate_overdue(dt.date(2026, 12, 28), "custodes")
    assert r.escalated == ((late_answer, "not answered by 2026-12-27"),)
    assert svc.escalate_overdue(dt.date(2026, 12, 28), "custodes").escalated == ()  # nothing twice
    g = svc.get(late_ack)
    assert g["status"] == "escalated" and g["escalation_reason"] == "not acknowledged by 2026-12-04"
    # an escalated grievance can still be acknowledged and answered by its addressee
    assert svc.acknowledge("isf-desk", late_ack)["status"] == "acknowledged"
    assert svc.answer("isf-desk", late_answer, "Late, sorry.")["status"] == "answered"
    with app.store.read() as conn:
        bodies = [json.loads(b) for (b,) in conn.execute(
            select(journal.c.body).where(journal.c.kind == "participation.grievance_escalated"))]
    assert [b["rec"]["to_body"] for b in bodies] == ["board-of-peace", "board-of-peace"]


def test_the_portal_counts_overdue_by_the_escalation_rule(app: Custodes, clock: Any) -> None:
    """One rule of what is overdue (grievances.model.overdue_reason): the count and the escalation agree."""
    svc = app.grievances
    late_ack, late_answer, answered = (file(app)["id"] for _ in range(3))
    for gid in (late_answer, answered):
        svc.acknowledge("isf-desk", gid)
    svc.answer("isf-desk", answered, "Done.")
    assert svc.counts(exercise=False).overdue == 0
    clock.advance(hours=24 * 8)  # 2026-12-05: past the acknowledgement deadline
    assert svc.counts(exercise=False).overdue == 1 and svc.counts(exercise=True).overdue == 0
    assert [gid for gid, _ in svc.escalate_overdue(app.today(), "custodes").escalated] == [late_ack]
    assert svc.counts(exercise=False).overdue == 1  # escalated, and still not acknowledged
    clock.advance(hours=24 * 23)  # 2026-12-28: past the answer deadline
    assert [gid for gid, _ in svc.escalate_overdue(app.today(), "custodes").escalated] == [late_answer]
    c = svc.counts(exercise=None)
    assert (c.received, c.answered, c.overdue) == (3, 1, 2) and c.by_status == {"answered": 1, "escalated": 2}


def test_deadlines_are_profile_settings(app: Custodes) -> None:
    # the settings are parsed when the mission opens: open it again with the changed profile
    app = Custodes(app.settings, app.store.engine, dataclasses.replace(app.profile, settings={
        **app.profile.settings, "participation.acknowledge_days": 2, "participation.answer_days": 10}), app.clock)
    g = file(app)
    assert (g["acknowledge_by"], g["answer_by"]) == ("2026-11-29", "2026-12-07")


def test_only_registered_organisations_cosign(app: Custodes) -> None:
    svc = app.grievances
    gid = file(app)["id"]
    with pytest.raises(IllegalTransition) as e:
        svc.cosign("x", gid, "some-ngo")
    assert e.value.name == "grievance-cosign-unregistered"
    svc.register_organisation("registrar", "pal-committee", "Palestinian committee", "palestinian_committee")
    svc.register_organisation("registrar", "cso-1", "A civil society organisation", "civil_society")
    with pytest.raises(IllegalTransition) as e:
        svc.register_organisation("registrar", "cso-1", "Again", "civil_society")
    assert e.value.name == "organisation-already-registered"
    with pytest.raises(InputError):
        svc.register_organisation("registrar", "x", "X", "company")
    svc.cosign("pal-committee", gid, "pal-committee")
    assert svc.cosign("cso-1", gid, "cso-1")["cosigned_by"] == ["cso-1", "pal-committee"]  # same time: by id
    with pytest.raises(IllegalTransition) as e:
        svc.cosign("cso-1", gid, "cso-1")
    assert e.value.name == "grievance-cosign-twice"
    svc.acknowledge("d", gid)
    svc.answer("d", gid, "ok")
    svc.close("d", gid)
    svc.register_organisation("registrar", "cso-2", "Another", "civil_society")
    with pytest.raises(IllegalTransition) as e:
        svc.cosign("cso-2", gid, "cso-2")
    assert e.value.name == "grievance-cosign-closed"
    assert [o["id"] for o in svc.organisations()] == ["cso-1", "cso-2", "pal-committee"]


def test_canary_complainant_and_place_stay_private(app: Custodes) -> None:
    g = file(app, complainant=CANARY, lat=LAT, lon=LON)
    assert g["pcode"] == "PS0270" and g["anonymous"] is False
    views = json.dumps([app.grievances.get(g["id"]), *app.grievances.list_grievances()])
    with app.store.read() as conn:
        raw = b"".join(bytes(b) for (b,) in conn.execute(select(journal.c.body)))
    for needle in (CANARY, "31.34571", "34.30633"):
        assert needle not in views and needle.encode() not in raw
    with app.store.read() as conn:
        body = json.loads(conn.execute(select(journal.c.body).where(
            journal.c.kind == "participation.grievance_filed")).scalar_one())
    assert set(body["rec"]["complainant"]) == {"commit"} and set(body["rec"]["location_exact"]) == {"commit"}
    assert body["rec"]["pcode"] == "PS0270"


def test_list_filters(app: Custodes) -> None:
    file(app)
    file(app, addressee="board", category="consultation")
    assert len(app.grievances.list_grievances()) == 2
    assert [g["addressee"] for g in app.grievances.list_grievances(addressee="board-of-peace")] == ["board-of-peace"]
    assert len(app.grievances.list_grievances(status="received", category="consultation")) == 1
    assert len(app.grievances.list_grievances(limit=1)) == 1


def test_a_view_is_overdue_by_the_same_rule_as_the_escalation() -> None:
    """The dashboards flag a grievance from its view with the rule the escalation applies: an acknowledgement
    missed is overdue before the answer is due."""
    from custodes.grievances.model import view_overdue

    view = {"acknowledge_by": "2026-01-08", "answer_by": "2026-01-31", "acknowledged_at": None, "answered_at": None}
    assert view_overdue(dt.date(2026, 1, 8), view) is None  # the day itself is in time
    assert view_overdue(dt.date(2026, 1, 9), view) == "not acknowledged by 2026-01-08"
    acknowledged = {**view, "acknowledged_at": "2026-01-05T10:00:00+00:00"}
    assert view_overdue(dt.date(2026, 1, 9), acknowledged) is None
    assert view_overdue(dt.date(2026, 2, 1), acknowledged) == "not answered by 2026-01-31"
