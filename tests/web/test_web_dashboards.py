"""The per-role dashboards: what each role sees today, the forms it is offered, and what it is not shown."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

from forms_support import sign_in
from web_support import Web

from custodes.accounts.model import Role
from custodes.aid import cargo as aid

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
    web.app.aid.notifier.notify_movement(actor="test", agency="agency-a", origin="kerem-shalom", destination="rafah",
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


#: role -> the /api/v1/map layers its dashboard map draws (paths, without the query)
MAP_LAYERS: dict[Role, tuple[str, ...]] = {
    role: ("governorates", "areas", "zones", "crossings", "incidents") for role in SHOWS}
for _r in (Role.AID_AGENCY, Role.FORCE_HQ, Role.CONTINGENT):  # the roles that may read routes
    MAP_LAYERS[_r] = ("governorates", "areas", "zones", "routes", "crossings", "sites", "incidents")
CHARTS = {Role.AID_AGENCY: {"trucks"}, Role.FORCE_HQ: {"trucks", "weapons", "incidents"},
          Role.MONITOR: {"incidents"}, Role.BOARD: {"funding", "trucks"}, Role.ADMIN: set()}


def _map_urls(html: str) -> list[dict[str, str]]:
    found = re.search(r"data-layer-urls='([^']*)'", html)
    assert found, "no dashboard map"
    return list(json.loads(unescape(found.group(1))))


def test_each_dashboard_draws_the_map_layers_of_its_role_and_each_answers_it(web: Web) -> None:
    for role, names in MAP_LAYERS.items():
        sign_in(web, role)
        page = web.client.get("/dashboard?records=exercise")
        assert page.status_code == 200, page.text[:500]
        layers = _map_urls(page.text)
        assert tuple(x["name"] for x in layers) == names, role
        for x in layers:
            assert x["url"].startswith(f"/api/v1/map/{x['name']}")
            if x["name"] not in ("governorates", "crossings"):
                assert "records=exercise" in x["url"], x  # never real and exercise records mixed
            answer = web.client.get(x["url"])  # with the session cookie, as the browser sends it
            assert answer.status_code == 200, (role, x, answer.text[:300])
            assert answer.json()["layer"] == x["name"]
        incidents = web.client.get(layers[-1]["url"]).json()
        # monitors get exact points, over a recent window only; everyone else counts per governorate
        assert incidents["view"] == ("exact" if role is Role.MONITOR else "by_governorate"), role
        assert ("since=" in layers[-1]["url"]) == (role is Role.MONITOR), role
        if role is Role.FORCE_HQ:
            assert web.client.get(next(x["url"] for x in layers if x["name"] == "routes")).json()["view"] == "all"
            assert web.client.get(next(x["url"] for x in layers if x["name"] == "sites")).json()["view"] in (
                "exact", "by_governorate", "mixed")
        assert '<script src="/static/js/map.js">' in page.text and "leaflet.js" in page.text


def test_each_dashboard_shows_its_charts_with_a_table_beside_each(web: Web) -> None:
    for role, charts in CHARTS.items():
        sign_in(web, role)
        page = web.client.get("/dashboard").text
        shown = set(re.findall(r'id="chart-table-(\w+)"', page))
        assert shown == charts, role
        for name in charts:
            assert f'src="/portal/charts/{name}.svg?records=real&amp;lang=en"' in page
            assert web.client.get(f"/portal/charts/{name}.svg?records=real").status_code == 200


def test_the_dashboard_switches_between_real_and_exercise_records(web: Web) -> None:
    sign_in(web, Role.BOARD)
    assert web.client.get("/dashboard?records=both").status_code == 422
    ex = web.client.get("/dashboard?records=exercise&lang=ar").text
    assert 'src="/portal/charts/funding.svg?records=exercise&amp;lang=ar"' in ex
    assert "تعرض الخريطة والأرقام" in ex


def test_exercise_records_in_a_dashboards_lists_are_labelled(web: Web) -> None:
    kw = {"agency": "agency-a", "crossing": "kerem-shalom", "category": "food", "trucks": 2}
    aid.register_consignment(web.app.store, "test", id="csg-real-1", **kw)
    aid.register_consignment(web.app.store, "test", id="csg-drill-1", exercise=True, **kw)
    sign_in(web, Role.AID_AGENCY)
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr><td><a href="/records/consignments/([\w-]+)".*?</tr>',
                                                         web.client.get("/dashboard").text, re.S)}
    assert 'class="exercise"' in rows["csg-drill-1"] and 'class="exercise"' not in rows["csg-real-1"]


def test_the_board_dashboard_flags_reports_overdue(web: Web) -> None:
    sign_in(web, Role.BOARD)
    page = web.client.get("/dashboard").text
    assert 'id="reports-overdue"' in page and "2 reports overdue: 2026-05-17, 2026-11-17" in page
