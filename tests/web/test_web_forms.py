"""The day-to-day forms: each one's happy path, a refusal by name with the input kept, CSRF, and who sees what."""

from __future__ import annotations

import datetime as dt
import re

from forms_support import follow, post, sign_in
from web_support import Web

from custodes.accounts.model import OrgKind, Role
from custodes.aid import cargo as aid
from custodes.disarmament.service import NewWeapon

HOSPITAL = "osm-node-10706283405"
MOVEMENT = {"origin": "kerem-shalom", "destination": HOSPITAL, "start": "2026-12-05T08:00",
            "end": "2026-12-05T14:00", "vehicles": "12", "contact": "radio call sign KILO-7"}


def test_a_form_without_the_session_token_is_refused(web: Web) -> None:
    sign_in(web, Role.AID_AGENCY)
    r = web.client.post("/forms/notify", data=MOVEMENT, follow_redirects=False)
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert not web.app.aid.notifier.list().total


def test_an_agency_notifies_a_movement_and_the_force_deconflicts_or_refuses_it(web: Web) -> None:
    csrf = sign_in(web, Role.AID_AGENCY)
    form = web.client.get("/forms/notify")
    assert form.status_code == 200 and f'value="{HOSPITAL}"' in form.text and 'for="f-vehicles"' in form.text
    # too late: the window starts within the 48 hours' notice; refused by name, the input kept
    late = post(web, "/forms/notify", {**MOVEMENT, "start": "2026-11-28T08:00", "end": "2026-11-28T14:00"}, csrf)
    assert late.status_code == 409 and "notification.too_late" in late.text
    assert 'value="radio call sign KILO-7"' in late.text and 'value="12"' in late.text
    bad = post(web, "/forms/notify", {**MOVEMENT, "vehicles": "0"}, csrf)
    assert bad.status_code == 422 and 'aria-describedby="form-error"' in bad.text and 'aria-invalid="true"' in bad.text
    shown = follow(web, post(web, "/forms/notify", MOVEMENT, csrf))
    nid = re.search(r"/records/notifications/([\w-]+)", str(shown.url)).group(1)  # type: ignore[union-attr]
    assert 'id="notification-state"' in shown.text and "notified" in shown.text and "KILO-7" in shown.text
    assert nid in web.client.get("/dashboard").text
    # a monitor reads the notification, without its route or contact
    sign_in(web, Role.MONITOR)
    seen = web.client.get(f"/records/notifications/{nid}")
    assert seen.status_code == 200 and "KILO-7" not in seen.text and 'id="route-points"' not in seen.text
    assert "/decide" not in seen.text
    # the force headquarters sees it waiting, with the route and contact; a refusal needs a reason
    csrf = sign_in(web, Role.FORCE_HQ)
    assert nid in web.client.get("/dashboard").text
    page = web.client.get(f"/records/notifications/{nid}")
    assert "KILO-7" in page.text and 'id="route-points"' in page.text and "/decide" in page.text
    no_reason = post(web, f"/records/notifications/{nid}/decide", {"action": "refuse"}, csrf)
    assert no_reason.status_code == 422 and 'id="f-reason"' in no_reason.text
    assert "a refusal needs a reason" in no_reason.text
    done = follow(web, post(web, f"/records/notifications/{nid}/decide",
                            {"action": "refuse", "reason": "the road is closed for repairs"}, csrf))
    assert "refused" in done.text and "the road is closed for repairs" in done.text
    again = post(web, f"/records/notifications/{nid}/decide", {"action": "deconflict"}, csrf)
    assert again.status_code == 409 and "notification.final" in again.text
    # the agency may not decide, and nobody outside the aid agencies notifies
    csrf = sign_in(web, Role.AID_AGENCY)
    assert post(web, f"/records/notifications/{nid}/decide", {"action": "deconflict"}, csrf).status_code == 403
    sign_in(web, Role.BOARD)
    assert web.client.get("/forms/notify").status_code == 403


def test_an_agency_withdraws_its_own_notification_only(web: Web) -> None:
    start = dt.datetime(2026, 12, 5, 8, tzinfo=dt.UTC)
    notifier = web.app.aid.notifier
    for nid, agency in (("move-mine", "agency-a"), ("move-theirs", "agency-b")):
        notifier.notify_movement(actor="test", agency=agency, origin="kerem-shalom", destination="rafah", start=start,
                                 end=start + dt.timedelta(hours=4), vehicles=2, contact="radio", id=nid)
    csrf = sign_in(web, Role.AID_AGENCY)
    assert "/withdraw" in web.client.get("/records/notifications/move-mine").text
    theirs = web.client.get("/records/notifications/move-theirs")
    assert "/withdraw" not in theirs.text and "radio" not in theirs.text
    refused = post(web, "/records/notifications/move-theirs/withdraw", {}, csrf)
    assert refused.status_code == 403 and "was sent by agency-b" in refused.text
    shown = follow(web, post(web, "/records/notifications/move-mine/withdraw", {}, csrf))
    assert "withdrawn" in shown.text and "/withdraw" not in shown.text
    again = post(web, "/records/notifications/move-mine/withdraw", {}, csrf)
    assert again.status_code == 409 and "notification.final" in again.text
    assert notifier.get("move-theirs").state == "notified"


def test_an_agency_registers_and_moves_its_own_consignments_only(web: Web) -> None:
    other = aid.register_consignment(web.app.store, "test", agency="other-agency", crossing="kerem-shalom",
                                     category="food", trucks=3)
    csrf = sign_in(web, Role.AID_AGENCY)
    shown = follow(web, post(web, "/forms/consignment", {"crossing": "kerem-shalom", "category": "medical",
                                                        "trucks": "4", "donor": "ECHO"}, csrf))
    cid = str(shown.url).rsplit("/", 1)[-1]
    assert "registered" in shown.text and "ECHO" in shown.text
    bad = post(web, "/forms/consignment", {"crossing": "nowhere", "category": "food", "trucks": "4"}, csrf)
    assert bad.status_code == 422 and "is not one of the choices" in bad.text and 'value="food"' in bad.text
    form = web.client.get(f"/forms/move?consignment={cid}")
    assert f'<option value="{cid}" selected>' in form.text and other.id not in form.text
    moved = follow(web, post(web, "/forms/move", {"consignment": cid, "action": "clear"}, csrf))
    assert 'id="consignment-state"' in moved.text and "cleared" in moved.text
    illegal = post(web, "/forms/move", {"consignment": cid, "action": "deliver", "note": "keep me"}, csrf)
    assert illegal.status_code == 409 and "consignment.deliver_not_from_cleared" in illegal.text
    assert "keep me" in illegal.text
    theirs = post(web, "/forms/move", {"consignment": other.id, "action": "clear"}, csrf)
    assert theirs.status_code == 403 and "belongs to other-agency" in theirs.text
    assert aid.get_consignment(web.app.store, other.id).state == "registered"


def test_a_contingent_records_custody_steps_and_who_handed_over_stays_restricted(web: Web) -> None:
    [reg] = web.app.disarmament.register([NewWeapon("rifle", "AK-47", unit="contingent-a")], actor="test")
    [elsewhere] = web.app.disarmament.register([NewWeapon("rifle", "M16", unit="contingent-b")], actor="test")
    csrf = sign_in(web, Role.CONTINGENT)
    form = web.client.get(f"/forms/custody?weapon={reg.id}")
    assert form.status_code == 200 and f'<option value="{reg.id}" selected>' in form.text
    assert f'<option value="{elsewhere.id}"' not in form.text
    gap = post(web, "/forms/custody", {"weapon": reg.id, "kind": "stored", "on": "2026-11-20", "unit": "contingent-a",
                                       "depot": "DEPOT-NORTH"}, csrf)
    assert gap.status_code == 409 and "custody-gap" in gap.text and 'value="DEPOT-NORTH"' in gap.text
    missing = post(web, "/forms/custody", {"weapon": reg.id, "kind": "collected", "on": "2026-11-20",
                                           "unit": "contingent-a", "site": "Site 4"}, csrf)
    assert missing.status_code == 422 and 'aria-describedby="form-error"' in missing.text and "receipt" in missing.text
    collected = {"weapon": reg.id, "kind": "collected", "on": "2026-11-20", "unit": "contingent-a", "site": "Site 4",
                 "receipt": "R-0001", "handed_over_by": "armed group X"}
    shown = follow(web, post(web, "/forms/custody", collected, csrf))
    assert "collected" in shown.text and "armed group X" in shown.text and "R-0001" in shown.text
    follow(web, post(web, "/forms/custody", {"weapon": reg.id, "kind": "stored", "on": "2026-11-21",
                                             "unit": "contingent-a", "depot": "DEPOT-NORTH"}, csrf))
    foreign = post(web, "/forms/custody", {**collected, "weapon": elsewhere.id}, csrf)
    assert foreign.status_code == 403 and "does not act for unit" in foreign.text
    # the Board reads the chain without who handed the weapon over; a monitor sees it
    sign_in(web, Role.BOARD)
    board = web.client.get(f"/records/weapons/{reg.id}")
    assert board.status_code == 200 and "DEPOT-NORTH" in board.text and "armed group X" not in board.text
    sign_in(web, Role.MONITOR)
    assert "armed group X" in web.client.get(f"/records/weapons/{reg.id}").text
    sign_in(web, Role.AID_AGENCY)
    assert web.client.get(f"/records/weapons/{reg.id}").status_code == 403


def test_the_public_reports_an_incident_and_monitors_of_two_organisations_verify_it(web: Web) -> None:
    web.app.accounts.add_org("monitor-b", OrgKind.MONITOR, "Monitor B", actor="test")
    web.app.accounts.create_account("monitor-b-user", "monitor-b", "a long test password", actor="test")
    sign_in(web, Role.PUBLIC)
    form = web.client.get("/forms/incident")
    assert form.status_code == 200 and 'for="f-reporter"' in form.text
    report = {"event_date": "2026-11-26", "kind": "Violence against civilians|Attack", "actor1": "Unidentified group",
              "inter1": "3", "lat": "31.5017", "lon": "34.4668", "location": "Near the market",
              "hide_location": "yes", "notes": "shots fired near a queue", "reporter": "phone 0599 000 111"}
    outside = web.client.post("/forms/incident", data={**report, "lat": "40.0"}, follow_redirects=False)
    assert outside.status_code == 422 and "outside the mission" in outside.text
    assert 'value="phone 0599 000 111"' in outside.text
    shown = follow(web, web.client.post("/forms/incident", data=report, follow_redirects=False))
    iid = str(shown.url).rsplit("/", 1)[-1]
    # the public page: the governorate only, never the reporter or the exact place
    assert "0599" not in shown.text and "Near the market" not in shown.text and "34.4668" not in shown.text
    assert "/verify" not in shown.text
    csrf = sign_in(web, Role.BOARD)
    board = web.client.get(f"/records/incidents/{iid}")
    assert "0599" not in board.text and "34.4668" not in board.text
    csrf = sign_in(web, Role.MONITOR)
    assert iid in web.client.get("/dashboard").text
    page = web.client.get(f"/records/incidents/{iid}")
    assert 'id="reporter"' in page.text and "0599 000 111" in page.text and "34.4668" in page.text
    early = post(web, f"/records/incidents/{iid}/verify", {"action": "confirm"}, csrf)
    assert early.status_code == 409 and "incident-confirm-not-under-review" in early.text
    follow(web, post(web, f"/records/incidents/{iid}/verify", {"action": "review"}, csrf))
    first = follow(web, post(web, f"/records/incidents/{iid}/verify", {"action": "confirm", "note": "seen"}, csrf))
    assert "under review" in first.text and "monitor-a" in first.text
    twice = post(web, f"/records/incidents/{iid}/verify", {"action": "confirm"}, csrf)
    assert twice.status_code == 409 and "incident-confirm-same" in twice.text
    no_reason = post(web, f"/records/incidents/{iid}/verify", {"action": "reject"}, csrf)
    assert no_reason.status_code == 422 and 'aria-invalid="true"' in no_reason.text
    web.client.cookies.clear()
    r = web.client.post("/login", data={"username": "monitor-b-user", "password": "a long test password"},
                        follow_redirects=False)
    assert r.status_code == 303
    verified = follow(web, post(web, f"/records/incidents/{iid}/verify", {"action": "confirm"},
                                str(web.client.cookies["custodes_csrf"])))
    assert 'id="incident-status"' in verified.text and ">verified<" in verified.text
    sign_in(web, Role.FORCE_HQ)
    assert post(web, f"/records/incidents/{iid}/verify", {"action": "review"}, "x").status_code == 403


def test_public_filings_are_rate_limited_per_address(web: Web) -> None:
    sign_in(web, Role.PUBLIC)
    for _ in range(10):
        assert web.client.post("/forms/grievance", data={"addressee": "board"}).status_code == 422
    limited = web.client.post("/forms/grievance", data={"addressee": "board", "subject": "kept"})
    assert limited.status_code == 429 and "too-many-filings" in limited.text and 'value="kept"' in limited.text
    limited = web.client.post("/forms/incident", data={"actor1": "kept too"})
    assert limited.status_code == 429 and 'value="kept too"' in limited.text
    # accounts are not limited
    csrf = sign_in(web, Role.CIVIL_SOCIETY)
    assert post(web, "/forms/grievance", {"addressee": "board"}, csrf).status_code == 422


def test_the_public_files_a_grievance_and_only_its_addressee_answers(web: Web) -> None:
    web.app.grievances.register_organisation("test", "ncag", "National committee", "palestinian_committee")
    sign_in(web, Role.PUBLIC)
    form = web.client.get("/forms/grievance?lang=ar")
    assert form.status_code == 200 and 'dir="rtl"' in form.text and "تقديم شكوى" in form.text
    filing = {"addressee": "force", "category": "conduct_of_forces", "language": "ar", "subject": "نقطة تفتيش",
              "text": "تأخير طويل عند نقطة التفتيش", "pcode": "PS0260", "complainant": "hidden contact 0598"}
    no_agency = web.client.post("/forms/grievance", data={**filing, "addressee": "agency"}, follow_redirects=False)
    assert no_agency.status_code == 422 and "نقطة تفتيش" in no_agency.text
    shown = follow(web, web.client.post("/forms/grievance", data=filing, follow_redirects=False))
    gid = str(shown.url).rsplit("/", 1)[-1]
    # the public filer has no account to be recognised by: it sees the public view, without the text
    assert "hidden contact" not in shown.text and "تأخير طويل" not in shown.text
    assert 'id="grievance-withheld"' in shown.text
    # the committee sees who filed it and what it says, and co-signs it; the Board is not its addressee
    csrf = sign_in(web, Role.COMMITTEE)
    page = web.client.get(f"/records/grievances/{gid}?lang=en")
    assert 'id="complainant"' in page.text and "hidden contact 0598" in page.text and "/respond" not in page.text
    assert "تأخير طويل" in page.text
    cosigned = follow(web, post(web, f"/records/grievances/{gid}/cosign", {}, csrf))
    assert "Co-signed by" in cosigned.text and "ncag" in cosigned.text
    csrf = sign_in(web, Role.BOARD)
    page = web.client.get(f"/records/grievances/{gid}")
    assert "hidden contact" not in page.text and "/respond" not in page.text and "تأخير طويل" not in page.text
    not_mine = post(web, f"/records/grievances/{gid}/respond", {"action": "acknowledge"}, csrf)
    assert not_mine.status_code == 403 and "addressed to isf" in not_mine.text
    # the force headquarters answers it
    csrf = sign_in(web, Role.FORCE_HQ)
    dashboard = web.client.get("/dashboard").text
    assert gid in dashboard and "نقطة تفتيش" in dashboard  # its addressee reads the subject
    assert "تأخير طويل" in web.client.get(f"/records/grievances/{gid}").text
    follow(web, post(web, f"/records/grievances/{gid}/respond", {"action": "acknowledge"}, csrf))
    empty = post(web, f"/records/grievances/{gid}/respond", {"action": "answer", "answer": " "}, csrf)
    assert empty.status_code == 422 and 'id="f-answer"' in empty.text and 'aria-invalid="true"' in empty.text
    answered = follow(web, post(web, f"/records/grievances/{gid}/respond",
                                {"action": "answer", "answer": "The checkpoint now opens at 06:00."}, csrf))
    assert "answered" in answered.text and "06:00" in answered.text
    closed_early = post(web, f"/records/grievances/{gid}/respond", {"action": "acknowledge"}, csrf)
    assert closed_early.status_code == 409
    sign_in(web, Role.PUBLIC)
    public = web.client.get(f"/records/grievances/{gid}")
    assert "06:00" in public.text and "hidden contact" not in public.text and "تأخير طويل" not in public.text


def test_a_delegation_records_its_states_vote(web: Web) -> None:
    council = web.app.council
    council.table_draft("S/2026/100", "Extending the force's mandate", actor="test")
    council.open_voting("S/2026/100", actor="test")
    council.table_draft("S/2026/101", "Not yet open", actor="test")
    csrf = sign_in(web, Role.COUNCIL)
    form = web.client.get("/forms/vote")
    assert form.status_code == 200 and "S/2026/100" in form.text and "S/2026/101" not in form.text
    assert "FRA" in form.text
    shut = post(web, "/forms/vote", {"draft": "S/2026/101", "vote": "yes"}, csrf)
    assert shut.status_code == 409 and "voting-not-open" in shut.text
    shown = follow(web, post(web, "/forms/vote", {"draft": "S/2026/100", "vote": "abstain"}, csrf))
    assert "FRA" in shown.text and "Abstention" in shown.text
    assert council.show("S/2026/100").votes == (("FRA", "abstain"),)
    bad = post(web, "/forms/vote", {"draft": "S/2026/100", "vote": "maybe"}, csrf)
    assert bad.status_code == 422 and "is not one of the choices" in bad.text
    sign_in(web, Role.BOARD)
    assert web.client.get("/forms/vote").status_code == 403


def test_a_refusal_on_an_arabic_page_says_why_in_arabic_and_keeps_its_code(web: Web) -> None:
    csrf = sign_in(web, Role.AID_AGENCY)
    web.client.get("/forms/notify?lang=ar")  # remembers Arabic
    late = post(web, "/forms/notify", {**MOVEMENT, "start": "2026-11-28T08:00", "end": "2026-11-28T14:00"}, csrf)
    assert late.status_code == 409 and "<code>notification.too_late</code>" in late.text
    assert "يجب الإخطار بالتحرك قبل بدئه بالمدة الدنيا المحددة للإخطار المسبق." in late.text
    web.client.get("/forms/notify?lang=en")
    again = post(web, "/forms/notify", {**MOVEMENT, "start": "2026-11-28T08:00", "end": "2026-11-28T14:00"}, csrf)
    assert "<code>notification.too_late</code>" in again.text and 'class="refusal-why"' not in again.text


def test_stored_codes_show_in_arabic_on_arabic_pages(web: Web) -> None:
    aid.register_consignment(web.app.store, "test", agency="agency-a", crossing="kerem-shalom", category="food",
                             trucks=5, id="csg-code-1")
    sign_in(web, Role.AID_AGENCY)
    page = web.client.get("/records/consignments/csg-code-1?lang=ar").text
    assert "غذاء" in page
    form = web.client.get("/forms/incident?lang=ar").text
    assert 'label="عنف ضد المدنيين"' in form and ">احتجاج سلمي</option>" in form
