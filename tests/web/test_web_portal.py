"""The public portal's pages: both languages, real and exercise records kept apart, nothing private shown,
charts with their tables, map layers, and the "verify this record" lookup (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from web_support import Web

from custodes.app import Custodes

PAGES = ["/", "/portal/incidents", "/portal/aid", "/portal/disarmament", "/portal/council", "/portal/board",
         "/portal/withdrawal", "/portal/grievances", "/portal/map", "/verify", "/verify?index=0"]
SECRET_REPORTER = "Reporter Name 0599-000-111"


def verified_incident(app: Custodes, *, exercise: bool, hide: bool = True) -> str:
    """An incident at an exact place, reported by a named person, confirmed by two organisations."""
    inc = app.incidents.report("tester", event_date=dt.date(2026, 11, 20), event_type="Violence against civilians",
                               sub_event_type="Attack", actor1="Unidentified armed group", inter1=3,
                               actor2="Civilians (Palestine)", inter2=7, lat=31.5128679, lon=34.4581358,
                               location="Exact street 12", hide_location=hide, reporter=SECRET_REPORTER,
                               fatalities=1, exercise=exercise)
    app.incidents.start_review("monitor-1", inc["id"], exercise=exercise)
    app.incidents.confirm("monitor-1", inc["id"], "Monitoring group A", exercise=exercise)
    app.incidents.confirm("monitor-2", inc["id"], "Monitoring group B", exercise=exercise)
    return str(inc["id"])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_portal_page_opens_without_login_in_both_languages(web: Web, lang: str) -> None:
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        r = web.client.get(f"{path}{sep}lang={lang}")
        assert r.status_code == 200, (path, r.text[:300])
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in r.text
        assert "ui.portal." not in r.text and "ui.verify." not in r.text, f"an untranslated key on {path}"


def test_real_and_exercise_records_are_never_mixed(web: Web) -> None:
    real, drill = verified_incident(web.app, exercise=False), verified_incident(web.app, exercise=True)
    shown = web.client.get("/portal/incidents").text
    assert real in shown and drill not in shown and "exercise-banner" not in shown
    ex = web.client.get("/portal/incidents?records=exercise").text
    assert drill in ex and real not in ex
    assert "exercise-banner" in ex and 'class="exercise"' in ex
    assert web.client.get("/portal/incidents?records=both").status_code == 422


def test_the_portal_map_keeps_real_and_exercise_apart_and_matches_the_public_api(web: Web) -> None:
    verified_incident(web.app, exercise=False)
    for _ in range(2):
        verified_incident(web.app, exercise=True)
    for records, n in (("real", 1), ("exercise", 2)):
        layers = web.client.get(f"/portal/map/layers.json?records={records}").json()
        assert [f["properties"]["incidents"] for f in layers["incidents"]["features"]] == [n], records
        # one module builds the layers: the portal's are the public views of /api/v1/map
        web.client.cookies.clear()
        for name in ("governorates", "incidents"):
            api = web.client.get(f"/api/v1/map/{name}" + ("" if name == "governorates" else f"?records={records}"))
            assert api.status_code == 200 and api.json() == layers[name], (records, name)
    ar = web.client.get("/portal/map?lang=ar").text
    table = ar[ar.index('id="map-governorates"'):]
    table = table[:table.index("</table>")]
    assert all(g.name.ar in table and g.name.en not in table for g in web.app.profile.governorates)
    crossings = ar[ar.index('id="map-crossings"'):]
    assert "<td>بضائع</td>" in crossings[:crossings.index("</table>")]  # a crossing's kind, stored as "goods"


def test_the_portal_never_shows_the_reporter_or_the_exact_place(web: Web) -> None:
    verified_incident(web.app, exercise=False, hide=False)  # even a place the reporter did not hide
    page = web.client.get("/portal/incidents").text
    layers = web.client.get("/portal/map/layers.json").text
    for text in (page, layers, web.client.get("/portal/map").text):
        assert SECRET_REPORTER not in text and "Exact street 12" not in text and "31.5128679" not in text
    assert "Gaza" in page  # the governorate
    points = json.loads(layers)["incidents"]["features"]
    assert [f["properties"]["incidents"] for f in points] == [1]
    gov = next(g for g in web.app.profile.governorates if g.pcode == points[0]["properties"]["pcode"])
    assert points[0]["geometry"]["coordinates"] == [round(c, 4) for c in web.app.incidents.gazetteer.centre(gov.pcode)]


def test_each_chart_is_svg_with_a_table_of_the_same_numbers(web: Web) -> None:
    verified_incident(web.app, exercise=False)
    page = web.client.get("/portal/incidents").text
    assert 'src="/portal/charts/incidents.svg?records=real&amp;lang=en"' in page
    assert '<table class="data" id="incidents-by-type">' in page and "<td>Violence against civilians</td>" in page
    for name in ("trucks", "weapons", "incidents", "funding"):
        en = web.client.get(f"/portal/charts/{name}.svg?lang=en")
        assert en.status_code == 200 and en.headers["content-type"] == "image/svg+xml"
        assert en.content.lstrip().startswith(b"<?xml") and b"<svg" in en.content
        ar = web.client.get(f"/portal/charts/{name}.svg?lang=ar")
        assert ar.content != en.content  # Arabic titles
        assert web.client.get(f"/portal/charts/{name}.svg?lang=en").content == en.content  # from the cache


def test_the_verify_page_finds_the_record_behind_a_button(any_web: Web) -> None:
    iid = verified_incident(any_web.app, exercise=False)
    index = any_web.app.journal.find_entry("incidents.verified", "id", iid)
    assert index is not None
    body = json.loads(any_web.client.get(f"/api/v1/journal/{index}").text)
    assert body["kind"] == "incidents.verified" and body["record"]["id"] == iid
    page = any_web.client.get("/portal/incidents").text
    href = f'/verify?kind=incidents.verified&amp;field=id&amp;value={iid}'
    assert href in page
    any_web.app.integrator().integrate()  # publish a checkpoint: the page shows its key
    shown = any_web.client.get(href.replace("&amp;", "&")).text
    assert f'value="{index}"' in shown and f'id="log-vkey">{any_web.app.log_verifier().vkey}<' in shown
    assert any_web.app.journal.find_entry("incidents.verified", "id", "NOSUCH") is None
    missing = any_web.client.get("/verify?kind=incidents.verified&field=id&value=NOSUCH")
    assert missing.status_code == 404 and "no journal entry of kind incidents.verified" in missing.text
    assert any_web.client.get("/verify?kind=incidents.verified").status_code == 422
    assert any_web.client.get("/verify?kind=DROP TABLE&field=id&value=x").status_code == 422


def test_a_record_found_by_number_matches_exactly(web: Web) -> None:
    """``"id":2`` must not find ``"id":20``: the byte search only narrows, the parsed record decides."""
    assert web.app.journal.find_entry("mission.governorate", "pcode", "PS02") is None
    found = web.app.journal.find_entry("council.state", "code", "USA")
    assert found is not None
    row = json.loads(web.client.get(f"/api/v1/journal/{found}").text)
    assert row["record"]["code"] == "USA"


def test_long_lists_are_paged(web: Web) -> None:
    r = web.client.get("/portal/incidents?page=999")
    assert r.status_code == 200 and "No records yet." in r.text
    assert web.client.get("/portal/incidents?page=0").status_code == 422


def test_the_trucks_a_day_name_their_source_in_both_languages_and_sources_stand_side_by_side(web: Web) -> None:
    from custodes.aid import cargo

    for day, trucks in ((dt.date(2026, 11, 20), 300), (dt.date(2026, 11, 21), 500)):
        cargo.register_consignment(web.app.store, "lead", agency="WFP", crossing="kerem-shalom", category="food",
                                     trucks=trucks, date=day)
    en = web.client.get("/?lang=en").text
    assert "400.0" in en and "Source: the mission&#39;s own records" in en
    ar = web.client.get("/?lang=ar").text
    assert "المصدر: سجلات البعثة نفسها" in ar
    page = web.client.get("/portal/aid?lang=ar").text
    assert 'id="aid-sources"' in page and "سجلات البعثة نفسها" in page and "800" in page
    assert "aid.source." not in page and "aid.headline_source" not in page


@pytest.mark.parametrize(("lang", "flag"), [("en", "2 reports overdue: 2026-05-17, 2026-11-17"),
                                            ("ar", "2 تقارير متأخرة: 2026-05-17، 2026-11-17")])
def test_the_home_page_flags_reports_owed_to_the_council(web: Web, lang: str, flag: str) -> None:
    """The fixture's today is 2026-11-27: the Board's reports of May and November are due and not submitted."""
    shown = web.client.get(f"/?lang={lang}").text
    assert 'id="reports-overdue-board-of-peace"' in shown and flag in shown
    web.app.board.mark_report_submitted(dt.date(2026, 5, 17), "ab" * 32, dt.date(2026, 5, 20), actor="test")
    web.app.board.mark_report_submitted(dt.date(2026, 11, 17), "cd" * 32, dt.date(2026, 11, 20), actor="test")
    assert "reports-overdue" not in web.client.get(f"/?lang={lang}").text
