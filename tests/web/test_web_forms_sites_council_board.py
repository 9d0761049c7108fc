"""The forms of round two: notify a site; table a draft, open and close its voting; Board decisions and
funding transactions. Each one's happy path, a refusal by name with the input kept, CSRF, and who may not."""

from __future__ import annotations

import datetime as dt

from forms_support import follow, post, sign_in
from web_support import Web

from custodes.accounts.model import Role
from custodes.board.service import BoardService

HOSPITAL = "osm-node-10706283405"
SITE = {"name": "Water point 12", "category": "water_point", "lon": "34.4668", "lat": "31.5017",
        "start": "2026-12-05T08:00", "end": "", "contact": "office line 08 282 0000"}


def test_the_site_and_board_forms_refuse_a_post_without_the_session_token(web: Web) -> None:
    sign_in(web, Role.AID_AGENCY)
    r = web.client.post("/forms/site", data=SITE, follow_redirects=False)
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert not web.app.aid.notifier.list().total
    sign_in(web, Role.BOARD)
    r = web.client.post("/forms/board-transaction", data={"id": "tx-1"}, follow_redirects=False)
    assert r.status_code == 403 and not web.app.board.transactions().items


def test_an_agency_notifies_a_site_whose_place_and_contact_stay_restricted(web: Web) -> None:
    csrf = sign_in(web, Role.AID_AGENCY)
    form = web.client.get("/forms/site")
    assert form.status_code == 200 and f'value="{HOSPITAL}"' in form.text and 'for="f-lon"' in form.text
    assert "/forms/site" in web.client.get("/dashboard").text
    late = post(web, "/forms/site", {**SITE, "start": "2026-11-28T08:00"}, csrf)
    assert late.status_code == 409 and "notification.too_late" in late.text
    assert 'value="Water point 12"' in late.text and 'value="office line 08 282 0000"' in late.text
    both = post(web, "/forms/site", {**SITE, "facility": HOSPITAL}, csrf)
    assert both.status_code == 422 and "not both" in both.text and 'aria-invalid="true"' in both.text
    half = post(web, "/forms/site", {**SITE, "lat": ""}, csrf)
    assert half.status_code == 422 and 'id="f-lat"' in half.text and "both the longitude and the latitude" in half.text
    shown = follow(web, post(web, "/forms/site", SITE, csrf))
    nid = str(shown.url).rsplit("/", 1)[-1]
    assert 'id="exact-place"' in shown.text and "34.4668" in shown.text and "08 282 0000" in shown.text
    assert web.app.aid.notifier.get(nid).kind == "site"
    by_name = follow(web, post(web, "/forms/site", {**SITE, "name": "Clinic annex", "lon": "", "lat": "",
                                                    "facility": HOSPITAL, "category": "clinic"}, csrf))
    assert "Clinic annex" in by_name.text and 'id="exact-place"' in by_name.text
    # the Board sees the site, not its place or contact; a monitor the place (policy FIELDS), not the contact;
    # nobody but an agency notifies
    for role, place in ((Role.BOARD, False), (Role.MONITOR, True)):
        sign_in(web, role)
        seen = web.client.get(f"/records/notifications/{nid}")
        assert seen.status_code == 200 and "Water point 12" in seen.text
        assert ("34.4668" in seen.text) is place and ('id="exact-place"' in seen.text) is place
        assert "08 282 0000" not in seen.text and "/decide" not in seen.text
        assert web.client.get("/forms/site").status_code == 403
    # the force sees the place and deconflicts the site with the movement's form
    csrf = sign_in(web, Role.FORCE_HQ)
    page = web.client.get(f"/records/notifications/{nid}")
    assert "34.4668" in page.text and "/decide" in page.text
    done = follow(web, post(web, f"/records/notifications/{nid}/decide", {"action": "deconflict"}, csrf))
    assert "deconflicted" in done.text
    assert web.app.aid.notifier.get(nid).state == "deconflicted"
    web.client.cookies.clear()
    assert web.client.get("/forms/site", follow_redirects=False).headers["location"].startswith("/login")


def test_a_delegation_tables_a_draft_opens_the_voting_votes_and_closes_it(web: Web) -> None:
    csrf = sign_in(web, Role.COUNCIL)
    assert web.client.get("/forms/draft").status_code == 200
    assert "/forms/draft" in web.client.get("/dashboard").text
    draft = {"symbol": "S/2026/200", "title": "Humanitarian access", "matter": "substantive", "parties": "isr, pse"}
    bad = post(web, "/forms/draft", {**draft, "parties": "ISR, Palestine"}, csrf)
    assert bad.status_code == 422 and "PALESTINE" in bad.text and 'value="Humanitarian access"' in bad.text
    shown = follow(web, post(web, "/forms/draft", draft, csrf))
    assert "S/2026/200" in shown.text and "/records/drafts/S/2026/200/open" in shown.text
    assert web.app.council.show("S/2026/200").parties == ("ISR", "PSE")
    again = post(web, "/forms/draft", {**draft, "title": "kept title"}, csrf)
    assert again.status_code == 409 and "draft-exists" in again.text and 'value="kept title"' in again.text
    early = post(web, "/records/drafts/S/2026/200/close", {"resolution": "S/RES/2810(2026)"}, csrf)
    assert early.status_code == 409 and "<code>not-voting</code>" in early.text  # the page offers to open it
    assert "/records/drafts/S/2026/200/open" in early.text
    opened = follow(web, post(web, "/records/drafts/S/2026/200/open", {}, csrf))
    assert "/records/drafts/S/2026/200/close" in opened.text and "/records/drafts/S/2026/200/open" not in opened.text
    twice = post(web, "/records/drafts/S/2026/200/open", {}, csrf)
    assert twice.status_code == 409 and "voting-not-openable" in twice.text
    follow(web, post(web, "/forms/vote", {"draft": "S/2026/200", "vote": "yes"}, csrf))
    closed = follow(web, post(web, "/records/drafts/S/2026/200/close", {"resolution": "S/RES/2810(2026)"}, csrf))
    assert 'id="draft-outcome"' in closed.text and "/close" not in closed.text
    d = web.app.council.show("S/2026/200")
    assert d.status == "put_to_vote" and d.votes == (("FRA", "yes"),) and d.outcome is not None
    assert not d.outcome.adopted  # one vote in favour of the nine needed
    # who may not: the Board (403), the public (sent to sign in)
    csrf = sign_in(web, Role.BOARD)
    assert web.client.get("/forms/draft").status_code == 403
    assert post(web, "/records/drafts/S/2026/200/open", {}, csrf).status_code == 403
    assert "/records/drafts/S/2026/200/close" not in web.client.get("/records/drafts/S/2026/200").text
    web.client.cookies.clear()
    assert web.client.get("/forms/draft", follow_redirects=False).headers["location"].startswith("/login")


def _board(web: Web) -> BoardService:
    board = web.app.board
    start = dt.date(2026, 1, 1)
    board.appoint("chair", "chair", "Chair", "Board of Peace", start, actor="test")
    board.appoint("member-egy", "member", "Member for Egypt", "EGY", start, actor="test")
    board.appoint("member-idn", "member", "Member for Indonesia", "IDN", start, actor="test")
    board.appoint("observer-un", "observer", "Observer", "United Nations", start, actor="test")
    board.open_fund("recon", "Reconstruction trust fund", "World Bank", actor="test")
    return board


def test_a_board_member_records_a_decision_under_the_quorum_rule(web: Web) -> None:
    _board(web)
    csrf = sign_in(web, Role.BOARD)
    form = web.client.get("/forms/board-decision")
    assert form.status_code == 200 and 'id="f-vote-member-egy"' in form.text
    assert 'id="f-present-observer-un"' in form.text and 'id="f-vote-observer-un"' not in form.text
    assert "/forms/board-decision" in web.client.get("/dashboard").text
    decision = {"id": "dec-7", "kind": "funding", "title": "Water network repairs", "decided_on": "2026-11-27",
                "present-chair": "yes", "present-member-egy": "yes", "vote-chair": "yes", "vote-member-egy": "yes",
                "detail-fund": "recon", "detail-amount": "2500000", "detail-currency": "USD",
                "detail-purpose": "water network"}
    alone = {k: v for k, v in decision.items() if "member-egy" not in k}
    no_quorum = post(web, "/forms/board-decision", alone, csrf)
    assert no_quorum.status_code == 409 and "<code>no-quorum</code>" in no_quorum.text
    assert 'value="Water network repairs"' in no_quorum.text and 'name="present-chair" value="yes"' in no_quorum.text
    assert 'value="water network"' in no_quorum.text
    wrong_field = post(web, "/forms/board-decision", {**decision, "detail-guidance": "a name"}, csrf)
    assert wrong_field.status_code == 422 and 'id="f-detail-guidance"' in wrong_field.text
    assert 'aria-invalid="true"' in wrong_field.text
    shown = follow(web, post(web, "/forms/board-decision", decision, csrf))
    assert str(shown.url).endswith("/records/board/decisions/dec-7")
    assert 'id="decision-outcome"' in shown.text and "Adopted" in shown.text and "water network" in shown.text
    d = web.app.board.decision("dec-7")
    assert d.adopted and d.present == ("chair", "member-egy") and dict(d.votes) == {"chair": "yes", "member-egy": "yes"}
    twice = post(web, "/forms/board-decision", decision, csrf)
    assert twice.status_code == 409 and "decision-exists" in twice.text
    # Arabic: the refusal says why in Arabic and keeps its code
    web.client.get("/forms/board-decision?lang=ar")
    ar = post(web, "/forms/board-decision", {**alone, "id": "dec-8"}, csrf)
    assert "<code>no-quorum</code>" in ar.text and "أقل من النصاب القانوني" in ar.text and 'dir="rtl"' in ar.text
    csrf = sign_in(web, Role.COUNCIL)
    assert web.client.get("/forms/board-decision").status_code == 403
    assert post(web, "/forms/board-decision", {**decision, "id": "dec-9"}, csrf).status_code == 403
    assert "Water network repairs" in web.client.get("/records/board/decisions/dec-7").text


def test_a_board_member_records_funding_and_a_disbursement_may_not_exceed_its_commitment(web: Web) -> None:
    _board(web)
    csrf = sign_in(web, Role.BOARD)
    form = web.client.get("/forms/board-transaction")
    assert form.status_code == 200 and 'value="recon"' in form.text and 'value="11"' in form.text
    commitment = {"id": "com-1", "type": "11", "fund": "recon", "donor": "NOR", "amount": "1000000.00",
                  "currency": "usd", "on": "2026-11-20"}
    shown = follow(web, post(web, "/forms/board-transaction", commitment, csrf))
    assert 'id="transaction-amount"' in shown.text and "1000000.00 USD" in shown.text
    over = {"id": "dis-1", "type": "3", "fund": "recon", "donor": "NOR", "amount": "1500000", "currency": "USD",
            "commitment": "com-1"}
    refused = post(web, "/forms/board-transaction", over, csrf)
    assert refused.status_code == 409 and "disbursement-exceeds-commitment" in refused.text
    assert 'value="1500000"' in refused.text and 'value="com-1"' in refused.text
    cents = post(web, "/forms/board-transaction", {**over, "amount": "1.005"}, csrf)
    assert cents.status_code == 422 and 'id="f-amount"' in cents.text and 'aria-invalid="true"' in cents.text
    follow(web, post(web, "/forms/board-transaction", {**over, "amount": "400000"}, csrf))
    [total] = web.app.board.totals()
    assert (total.committed, total.disbursed) == (1_000_000, 400_000)
    sign_in(web, Role.AID_AGENCY)
    assert web.client.get("/forms/board-transaction").status_code == 403
    assert "400000.00 USD" in web.client.get("/records/board/transactions/dis-1").text
