"""The per-role dashboards: what each role sees today, the forms it is offered, and what it is not shown."""

from __future__ import annotations

import datetime as dt

from forms_support import sign_in
from web_support import Web, fast_hashing, web  # noqa: F401

from custodes.accounts.model import Role
from custodes.aid import service as aid

#: role -> (element ids its dashboard shows, forms it is offered)
SHOWS: dict[Role, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Role.AID_AGENCY: (("my-notifications", "my-consignments", "grievances-h"),
                      ("/forms/notify", "/forms/consignment", "/forms/move", "/forms/incident", "/forms/grievance")),
    Role.FORCE_HQ: (("awaiting-deconfliction", "deployments", "custody-h", "phases", "grievances-h"),
                    ("/forms/custody", "/forms/incident")),
    Role.CONTINGENT: (("deployments",), ("/forms/custody",)),
    Role.MONITOR: (("reported-h", "under_review-h"), ("/forms/incident", "/forms/grievance")),
    Role.BOARD: (("decisions", "reports", "funding", "grievances-h"), ("/forms/grievance",)),
    Role.COUNCIL: (("drafts", "council-mandates-h"), ("/forms/vote",)),
    Role.COMMITTEE: (("grievances-h",), ("/forms/grievance",)),
    Role.CIVIL_SOCIETY: (("grievances-h",), ("/forms/grievance",)),
    Role.ADMIN: (("accounts",), ()),
}
ALL_FORMS = ("/forms/notify", "/forms/consignment", "/forms/move", "/forms/custody", "/forms/vote")


def test_every_role_sees_its_own_dashboard_and_only_its_forms(web: Web) -> None:
    start = dt.datetime(2026, 12, 5, 8, tzinfo=dt.UTC)
    web.app.aid.notifier.notify_movement("test", agency="agency-a", origin="kerem-shalom", destination="rafah",
                                         start=start, end=start + dt.timedelta(hours=4), vehicles=3,
                                         contact="secret radio channel 9", id="move-test-1")
    aid.register_consignment(web.app.store, "test", agency="agency-a", crossing="kerem-shalom", category="food",
                             trucks=5, id="csg-test-1")
    for role, (ids, forms) in SHOWS.items():
        sign_in(web, role)
        page = web.client.get("/dashboard")
        assert page.status_code == 200, (role, page.text[:500])
        for element in ids:
            assert f'id="{element}"' in page.text, (role, element)
        for form in ALL_FORMS:
            assert (f'href="{form}"' in page.text) == (form in forms), (role, form)
        # no dashboard shows a notification's contact; only the secretariat sees others' user names
        assert "secret radio channel 9" not in page.text
        others = [r for r in SHOWS if r is not role]
        assert any(web.username(r) in page.text for r in others) == (role is Role.ADMIN), role
    sign_in(web, Role.AID_AGENCY)
    mine = web.client.get("/dashboard").text
    assert "move-test-1" in mine and "csg-test-1" in mine
    sign_in(web, Role.FORCE_HQ)
    assert "move-test-1" in web.client.get("/dashboard").text


def test_a_dashboard_in_arabic_is_right_to_left(web: Web) -> None:
    sign_in(web, Role.MONITOR)
    page = web.client.get("/dashboard?lang=ar")
    assert '<html lang="ar" dir="rtl">' in page.text and "الحوادث بانتظار المراجعة" in page.text
    assert "الإبلاغ عن حادث" in page.text
