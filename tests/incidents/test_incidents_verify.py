"""Incident reports and every verification step and refusal."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from custodes.app import Custodes
from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.ledger.sequencer import journal

GAZA_CITY = (31.5017, 34.4668)


def report(app: Custodes, **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "event_date": dt.date(2026, 11, 20), "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Unidentified armed group", "inter1": 3,
        "actor2": "Civilians (Palestine)", "inter2": 7, "lat": GAZA_CITY[0], "lon": GAZA_CITY[1],
        "location": "Gaza City", "fatalities": 2, "source": "Monitor team", "organisation": "Org A"}
    args.update(kw)
    return app.incidents.report("monitor-a", **args)


def kinds(app: Custodes) -> list[str]:
    with app.store.read() as conn:
        return [k for (k,) in conn.execute(select(journal.c.kind).order_by(journal.c.idx))
                if k.startswith("incidents.")]


def test_report_finds_the_governorate_and_acled_codes(app: Custodes) -> None:
    pub = report(app)
    assert pub["id"] == "CUS000001" and pub["status"] == "reported"
    assert pub["pcode"] == "PS0260" and pub["admin1"] == "Gaza Strip" and pub["admin2"] == "Gaza"
    assert pub["interaction"] == 37 and pub["disorder_type"] == "Political violence"
    assert kinds(app) == ["incidents.reported"]


def test_bad_reports_are_refused_by_field(app: Custodes) -> None:
    with pytest.raises(InputError, match="event_type"):
        report(app, event_type="Skirmish")
    with pytest.raises(InputError, match="sub_event_type"):
        report(app, sub_event_type="Attack")  # belongs to Violence against civilians
    with pytest.raises(InputError, match="inter1"):
        report(app, inter1=9)
    with pytest.raises(InputError, match="outside the mission"):
        report(app, lat=31.9, lon=35.2)  # Jerusalem, West Bank
    with pytest.raises(InputError, match="future"):
        report(app, event_date=dt.date(2027, 1, 1))
    with pytest.raises(InputError, match="actor2"):
        report(app, actor2=None)
    assert kinds(app) == []


def test_two_organisations_verify(app: Custodes) -> None:
    iid = report(app)["id"]
    assert app.incidents.start_review("lead", iid)["status"] == "under_review"
    one = app.incidents.confirm("monitor-b", iid, "Org B")
    assert one["status"] == "under_review" and len(one["confirmations"]) == 1
    two = app.incidents.confirm("monitor-c", iid, "Org C")
    assert two["status"] == "verified"
    assert kinds(app) == ["incidents.reported", "incidents.review_started", "incidents.confirmed",
                          "incidents.confirmed", "incidents.verified"]


def test_confirmation_refusals(app: Custodes) -> None:
    iid = report(app, reporter="monitor-a")["id"]
    with pytest.raises(IllegalTransition) as e:
        app.incidents.confirm("monitor-b", iid, "Org B")
    assert e.value.name == "incident-confirm-not-under-review"
    app.incidents.start_review("lead", iid)
    with pytest.raises(IllegalTransition) as e:
        app.incidents.confirm("monitor-a", iid, "Org Z")
    assert e.value.name == "incident-confirm-own-report"
    app.incidents.confirm("monitor-b", iid, "Org B")
    with pytest.raises(IllegalTransition) as e:
        app.incidents.confirm("monitor-b", iid, "Org C")
    assert e.value.name == "incident-confirm-same-monitor"
    with pytest.raises(IllegalTransition) as e:
        app.incidents.confirm("monitor-d", iid, "Org B")
    assert e.value.name == "incident-confirm-same-organisation"
    assert app.incidents.get(iid)["status"] == "under_review"
    with pytest.raises(InputError):
        app.incidents.confirm("monitor-e", iid, " ")


def test_the_number_of_confirmations_is_a_profile_setting(app: Custodes) -> None:
    # the settings are parsed when the mission opens: open it again with the changed profile
    app = Custodes(app.settings, app.store.engine, dataclasses.replace(app.profile, settings={
        **app.profile.settings, "incidents.confirmations_needed": 3}), app.clock)
    iid = report(app)["id"]
    app.incidents.start_review("lead", iid)
    app.incidents.confirm("m1", iid, "Org 1")
    assert app.incidents.confirm("m2", iid, "Org 2")["status"] == "under_review"
    assert app.incidents.confirm("m3", iid, "Org 3")["status"] == "verified"


def test_unverified_can_be_reviewed_again_and_final_states_refuse(app: Custodes) -> None:
    iid = report(app)["id"]
    with pytest.raises(IllegalTransition) as e:
        app.incidents.unverify("lead", iid, "no confirmation")
    assert e.value.name == "incident-unverify-from-reported"
    app.incidents.start_review("lead", iid)
    with pytest.raises(InputError):
        app.incidents.unverify("lead", iid, "  ")
    assert app.incidents.unverify("lead", iid, "no second source")["status"] == "unverified"
    assert app.incidents.start_review("lead", iid)["status"] == "under_review"
    assert app.incidents.reject("lead", iid, "duplicate of CUS000002")["status"] == "rejected"
    for action in ("start_review", "reject"):
        with pytest.raises(IllegalTransition) as e:
            if action == "start_review":
                app.incidents.start_review("lead", iid)
            else:
                app.incidents.reject("lead", iid, "again")
        assert e.value.name.endswith("-from-rejected")


def test_verified_is_final(app: Custodes) -> None:
    iid = report(app)["id"]
    app.incidents.start_review("lead", iid)
    app.incidents.confirm("m1", iid, "Org 1")
    app.incidents.confirm("m2", iid, "Org 2")
    for call in (lambda: app.incidents.start_review("lead", iid), lambda: app.incidents.reject("lead", iid, "x"),
                 lambda: app.incidents.unverify("lead", iid, "x"), lambda: app.incidents.confirm("m3", iid, "Org 3")):
        with pytest.raises(IllegalTransition):
            call()


def test_evidence_is_stored_by_content_hash(app: Custodes) -> None:
    iid = report(app)["id"]
    digest = app.incidents.add_evidence("monitor-a", iid, b"photo bytes", "image/jpeg")
    # in the mission's blob store: blobs/ab/cdef... for the digest abcdef...
    path = app.settings.data_dir / "blobs" / digest[:2] / digest[2:]
    assert path.read_bytes() == b"photo bytes" and app.incidents.evidence(iid, digest) == b"photo bytes"
    assert app.incidents.add_evidence("monitor-a", iid, b"photo bytes") == digest  # idempotent
    assert app.incidents.get(iid)["evidence"] == [digest]
    assert kinds(app).count("incidents.evidence_added") == 1
    with pytest.raises(InputError):
        app.incidents.add_evidence("monitor-a", iid, b"")
    with pytest.raises(NotFound):
        app.incidents.get("CUS999999")
    with pytest.raises(NotFound):  # a digest the incident does not hold
        app.incidents.evidence(iid, "00" * 32)


def test_evidence_stored_under_the_old_layout_is_still_read(app: Custodes) -> None:
    """Evidence was once kept as blobs/ab/<whole digest>; the blob store still reads it there."""
    iid = report(app)["id"]
    digest = app.incidents.add_evidence("monitor-a", iid, b"old photo")
    new = app.settings.data_dir / "blobs" / digest[:2] / digest[2:]
    new.rename(new.with_name(digest))
    assert app.incidents.evidence(iid, digest) == b"old photo"


def test_list_filters(app: Custodes) -> None:
    report(app)
    report(app, lat=31.2969, lon=34.2436, location="Rafah", event_date=dt.date(2026, 11, 1))
    assert [r["pcode"] for r in app.incidents.list_incidents()] == ["PS0260", "PS0275"]
    assert len(app.incidents.list_incidents(pcode="PS0275")) == 1
    assert len(app.incidents.list_incidents(since=dt.date(2026, 11, 10))) == 1
    assert list(app.incidents.list_incidents(status="verified")) == []
    second = app.incidents.list_incidents(limit=1, offset=1)
    assert len(second) == 1 and second.total == 2  # the total of every page, counted by the database
