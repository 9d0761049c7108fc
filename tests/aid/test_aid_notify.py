"""Notifications: lead time, hazard flag, deconfliction, and the privacy of sites' places and contacts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers_aid import entries
from shapely.geometry import Point, mapping

from custodes.aid.zones import declare_zone
from custodes.app import Custodes
from custodes.cli.main import main
from custodes.errors import IllegalTransition, InputError, PermissionDenied

NOW = dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC)  # the clock fixture
SITE = (34.4512345, 31.5023456)  # a warehouse in Gaza City (governorate PS0260)


def test_lead_time_is_enforced(app: Custodes) -> None:
    n = app.aid.notifier
    with pytest.raises(IllegalTransition) as exc:
        n.notify_movement(actor="agency:wfp", agency="WFP", origin="kerem-shalom", destination="erez",
                          start=NOW + dt.timedelta(hours=47), end=NOW + dt.timedelta(hours=53), vehicles=10,
                          contact="+970 5 0000")
    assert exc.value.name == "notification.too_late" and "48 h" in str(exc.value)
    ok = n.notify_movement(actor="agency:wfp", agency="WFP", origin="kerem-shalom", destination="erez",
                           start=NOW + dt.timedelta(hours=49), end=NOW + dt.timedelta(hours=55), vehicles=10,
                           contact="+970 5 0000")
    assert ok.state == "notified" and len(ok.route) > 2
    with pytest.raises(IllegalTransition, match="too_late"):
        n.notify_site(actor="agency:wfp", agency="WFP", name="Warehouse", category="warehouse", place="34.45,31.50",
                      start=NOW + dt.timedelta(hours=1))
    with pytest.raises(InputError, match="ends"):
        n.notify_movement(actor="agency:wfp", agency="WFP", origin="rafah", destination="erez",
                          start=NOW + dt.timedelta(days=3), end=NOW + dt.timedelta(days=2), vehicles=1, contact="")


def test_lead_time_follows_the_profile_setting(app: Custodes) -> None:
    app.aid.notifier.lead_hours = 72
    with pytest.raises(IllegalTransition, match="72 h"):
        app.aid.notifier.notify_movement(actor="a", agency="WFP", origin="rafah", destination="erez",
                                         start=NOW + dt.timedelta(hours=60), end=NOW + dt.timedelta(hours=70),
                                         vehicles=1, contact="")


def test_a_movement_through_an_active_hazard_is_flagged_before_it_is_sent(app: Custodes) -> None:
    start, end = NOW + dt.timedelta(days=3), NOW + dt.timedelta(days=3, hours=8)
    # a zone that starts during the window, on the route planned at its start
    zone = Point(34.455, 31.496).buffer(0.006)  # Salah al-Din Road in Gaza City
    declare_zone(app.store, "force", name="Gaza City east", kind="hazard", geometry=dict(mapping(zone)),
                 valid_from=start + dt.timedelta(hours=2), valid_to=None, reason="unexploded ordnance", id="z1")
    n = app.aid.notifier
    chk = n.check_movement("kerem-shalom", "erez", start, end)
    assert [z.id for z in chk.hazards] == ["z1"]
    with pytest.raises(IllegalTransition) as exc:
        n.notify_movement(actor="agency:wfp", agency="WFP", origin="kerem-shalom", destination="erez", start=start,
                          end=end, vehicles=12, contact="convoy lead")
    assert exc.value.name == "notification.crosses_hazard" and "z1" in exc.value.detail
    assert entries(app, "aid.movement_notified") == []
    sent = n.notify_movement(actor="agency:wfp", agency="WFP", origin="kerem-shalom", destination="erez", start=start,
                             end=end, vehicles=12, contact="convoy lead", accept_hazards=True)
    assert sent.hazards == ("z1",)
    # a window that ends before the zone starts is not flagged
    assert n.check_movement("kerem-shalom", "erez", start, start + dt.timedelta(hours=1)).hazards == ()


def test_deconfliction(app: Custodes) -> None:
    n = app.aid.notifier
    m = n.notify_movement(actor="agency:wfp", agency="WFP", origin="rafah", destination="gate-96",
                          start=NOW + dt.timedelta(days=3), end=NOW + dt.timedelta(days=3, hours=5), vehicles=4,
                          contact="x")
    with pytest.raises(InputError, match="needs a reason"):
        n.decide(m.id, "refuse", actor="force")
    assert n.decide(m.id, "deconflict", actor="force").state == "deconflicted"
    with pytest.raises(IllegalTransition) as exc:
        n.decide(m.id, "refuse", "too late", actor="force")
    assert exc.value.name == "notification.refuse_not_from_deconflicted"
    assert n.decide(m.id, "withdraw", actor="agency:wfp").state == "withdrawn"
    m2 = n.notify_movement(actor="agency:wfp", agency="WFP", origin="rafah", destination="gate-96",
                           start=NOW + dt.timedelta(days=4), end=NOW + dt.timedelta(days=4, hours=5), vehicles=4,
                           contact="x")
    refused = n.decide(m2.id, "refuse", "military activity on the route", actor="force")
    assert (refused.state, refused.reason) == ("refused", "military activity on the route")
    decided = entries(app, "aid.notification_decided")
    assert [e["rec"]["to"] for e in decided] == ["deconflicted", "withdrawn", "refused"]


def test_site_coordinates_stay_out_of_public_views_and_the_public_log(app: Custodes, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    n = app.aid.notifier
    site = n.notify_site(actor="agency:unicef", agency="UNICEF", name="Water point 7", category="water_point",
                         place=f"{SITE[0]},{SITE[1]}", start=NOW + dt.timedelta(days=3),
                         contact="Site manager +970 59 123")
    full = n.get(site.id).full()
    assert (full["lon"], full["lat"], full["contact"]) == (SITE[0], SITE[1], "Site manager +970 59 123")
    public = n.get(site.id).public()
    assert public["pcode"] == "PS0260" and public["lon"] is None and public["lat"] is None
    assert "contact" not in public and "34.4512" not in json.dumps(public)
    move = n.notify_movement(actor="agency:unicef", agency="UNICEF", origin="kerem-shalom", destination=site.id,
                             start=NOW + dt.timedelta(days=3), end=NOW + dt.timedelta(days=3, hours=4), vehicles=3,
                             contact="Convoy lead +970 59 456")
    assert move.route[-1] is not None and n.get(move.id).public()["route"] is None
    # the public log holds commitments, never the place, the route or the contacts in clear
    body = json.dumps(entries(app, "aid.site_notified") + entries(app, "aid.movement_notified"))
    for secret in ("34.4512345", "31.5023456", "+970 59 123", "+970 59 456"):
        assert secret not in body
    (site_entry,) = entries(app, "aid.site_notified")
    assert set(site_entry["rec"]["location_exact"]) == {"commit"} and set(site_entry["rec"]["contact"]) == {"commit"}
    (move_entry,) = entries(app, "aid.movement_notified")
    assert set(move_entry["rec"]["route"]) == {"commit"}
    # the CLI's public listing shows the governorate only
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--data-dir", str(app.settings.data_dir), "aid", "notifications", "--json"])
    out = capsys.readouterr().out
    assert "34.4512345" not in out and "+970" not in out and "PS0260" in out
    with pytest.raises(SystemExit):
        main(["--data-dir", str(app.settings.data_dir), "aid", "notifications", "--json", "--full"])
    assert "34.4512345" in capsys.readouterr().out


def test_only_the_notifying_agency_withdraws_its_own_and_a_refusal_writes_nothing(app: Custodes) -> None:
    n = app.aid.notifier.notify_site(actor="agency:wfp", agency="WFP", name="Warehouse", category="warehouse",
                                     place=f"{SITE[0]},{SITE[1]}", start=NOW + dt.timedelta(days=3))
    for other in ("UNICEF", None):
        with pytest.raises(PermissionDenied, match="sent by WFP"):
            app.aid.notifier.withdraw_own(n.id, actor="agency:unicef", agency=other)
    assert app.aid.notifier.get(n.id).state == "notified" and entries(app, "aid.notification_decided") == []
    assert app.aid.notifier.withdraw_own(n.id, actor="agency:wfp", agency="WFP").state == "withdrawn"
    page = app.aid.notifier.list(exercise=False, limit=1, offset=0)
    assert page.total == 1 and [x.id for x in page] == [n.id]
    assert app.aid.notifier.list(exercise=True, limit=1, offset=0).total == 0
