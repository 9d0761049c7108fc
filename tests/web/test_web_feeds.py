"""Atom feeds of public records: they parse, their ids are stable, newest first, real records only, Arabic titles,
linked from the portal pages, cached by ETag (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from web_support import Web

from custodes.app import Custodes
from custodes.ledger.entry import encode
from custodes.reports.figures import Period
from custodes.web.ui.atom import FEEDS, atom_feed
from custodes.withdrawal.model import Milestone, Phase

NS = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SECRET_REPORTER = "Reporter Name 0599-000-111"
PORTAL = {"incidents": "/portal/incidents", "board": "/portal/board", "council": "/portal/council",
          "withdrawal": "/portal/withdrawal", "reports": "/"}


def verified_incident(app: Custodes, *, exercise: bool) -> str:
    inc = app.incidents.report("tester", event_date=dt.date(2026, 11, 20), event_type="Violence against civilians",
                               sub_event_type="Attack", actor1="Unidentified armed group", inter1=3,
                               lat=31.5128679, lon=34.4581358, location="Exact street 12", hide_location=True,
                               reporter=SECRET_REPORTER, exercise=exercise)
    app.incidents.start_review("monitor-1", inc["id"], exercise=exercise)
    app.incidents.confirm("monitor-1", inc["id"], "Monitoring group A", exercise=exercise)
    app.incidents.confirm("monitor-2", inc["id"], "Monitoring group B", exercise=exercise)
    return str(inc["id"])


def seat_board(app: Custodes) -> None:
    start = dt.date(2025, 12, 1)
    app.board.appoint("chair", "chair", "Chair of the Board of Peace", "USA", start, actor="test")
    for i in range(1, 5):
        app.board.appoint(f"m{i}", "member", f"Member seat {i}", "state", start, actor="test")


def feed(web: Web, name: str, lang: str = "en") -> ET.Element:
    r = web.client.get(f"/feeds/{name}.atom", params={"lang": lang})
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("application/atom+xml")
    return ET.fromstring(r.content)


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall("a:entry", NS)


def links(entry: ET.Element) -> dict[str, str]:
    return {link.get("rel") or "": link.get("href") or "" for link in entry.findall("a:link", NS)}


def test_the_builder_shows_no_sealed_value_and_no_exercise_report() -> None:
    def entry(i: int, rec: dict[str, object], ex: bool = False) -> bytes:
        return encode({"v": 2, "i": i, "kind": "board.decision", "at": f"2026-01-0{i}T10:00:00Z",
                       "by": "test", "ex": ex, "rec": rec})
    sealed = {"commit": "sha256:" + "ab" * 32}
    bodies = [entry(3, {"id": "d3", "title": sealed}), entry(2, {"id": "d2", "title": "Shown", "exercise": True}),
              entry(1, {"id": "d1", "title": "Drill"}, ex=True)]
    root = ET.fromstring(atom_feed(FEEDS["board"], bodies, origin="example.org/m", base="https://x", lang="en",
                                   mission="M"))
    (only,) = entries(root)
    assert only.findtext("a:title", namespaces=NS) == "Board decision d3: …"
    assert only.findtext("a:id", namespaces=NS) == "tag:example.org,2025:example.org%2Fm/journal/3"
    assert "sha256:" not in ET.tostring(root, encoding="unicode")


def test_every_feed_parses_in_both_languages_without_sign_in(web: Web) -> None:
    assert set(FEEDS) == set(PORTAL)
    for name in FEEDS:
        for lang in ("en", "ar"):
            root = feed(web, name, lang)
            assert root.tag == "{http://www.w3.org/2005/Atom}feed" and root.get(XML_LANG) == lang
            title = root.findtext("a:title", namespaces=NS) or ""
            assert title and not title.startswith("ui.")
            assert root.findtext("a:id", namespaces=NS) and root.findtext("a:updated", namespaces=NS)


def test_incident_feed_real_only_stable_ids_newest_first_and_verifiable(any_web: Web) -> None:
    web = any_web
    first, drill = verified_incident(web.app, exercise=False), verified_incident(web.app, exercise=True)
    second = verified_incident(web.app, exercise=False)
    root = feed(web, "incidents")
    got = entries(root)
    assert len(got) == 2
    titles = [e.findtext("a:title", namespaces=NS) or "" for e in got]
    assert second in titles[0] and first in titles[1] and not any(drill in t for t in titles)
    updated = [e.findtext("a:updated", namespaces=NS) or "" for e in got]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext("a:updated", namespaces=NS) == updated[0]
    text = ET.tostring(root, encoding="unicode")
    assert SECRET_REPORTER not in text and "Exact street 12" not in text and "31.5128679" not in text
    for e in got:
        assert "/records/incidents/" in links(e)["alternate"]
        index = links(e)["related"].rsplit("index=", 1)[1]
        assert web.client.get(f"/api/v1/journal/{index}").json()["kind"] == "incidents.verified"
        assert f" {index}." in (e.findtext("a:content", namespaces=NS) or "")
    # the ids stay the same on the next run (a new document: the journal grew)
    ids = [e.findtext("a:id", namespaces=NS) for e in got]
    assert all(i and i.startswith("tag:") for i in ids)
    verified_incident(web.app, exercise=False)
    again = [e.findtext("a:id", namespaces=NS) for e in entries(feed(web, "incidents"))]
    assert again[1:] == ids and len(set(again)) == 3


def test_arabic_feed_has_arabic_titles(web: Web) -> None:
    incident = verified_incident(web.app, exercise=False)
    root = feed(web, "incidents", "ar")
    assert root.findtext("a:title", namespaces=NS) == "الحوادث التي تم التحقق منها"
    (entry,) = entries(root)
    assert entry.findtext("a:title", namespaces=NS) == f"تم التحقق من الحادثة {incident}"


def test_board_and_council_feeds_show_their_records(web: Web) -> None:
    app = web.app
    seat_board(app)
    app.board.decide("d1", "strategic-guidance", "Guidance on the corridors", ["chair", "m1", "m2", "m3"],
                     {"chair": "yes", "m1": "yes", "m2": "yes"}, {}, dt.date(2026, 1, 10), actor="test")
    (decision,) = entries(feed(web, "board"))
    assert decision.findtext("a:title", namespaces=NS) == "Board decision d1: Guidance on the corridors"
    assert links(decision)["alternate"].endswith("/records/board/decisions/d1")
    app.council.table_draft("S/2026/901", "Extend the ISF", actor="test")
    app.council.open_voting("S/2026/901", actor="test")
    app.council.put_to_vote("S/2026/901", actor="test")
    titles = [e.findtext("a:title", namespaces=NS) or "" for e in entries(feed(web, "council"))]
    assert titles and titles[0].startswith("Draft S/2026/901 put to the vote")
    # the mandate's resolution, loaded with the profile, has its title in both languages
    assert any(t.startswith("Resolution S/RES/2803(2025) adopted: ") and not t.endswith("…") for t in titles)


def test_withdrawal_feed_shows_a_completed_phase_not_an_exercise_one(web: Web) -> None:
    line = {"type": "LineString", "coordinates": [[34.24, 31.30], [34.30, 31.25]]}
    for pid, exercise in (("P1", False), ("PX", True)):
        phase = Phase(pid, f"phase {pid}", "line", dt.date(2026, 3, 1), 30, (Milestone("sites_verified", "PS0275"),))
        web.app.withdrawal.define(phase, line, actor="test", exercise=exercise)
        web.app.withdrawal.complete(pid, on=dt.date(2026, 3, 20), verified_by="joint monitoring team", actor="test",
                                    exercise=exercise)
    (entry,) = entries(feed(web, "withdrawal"))
    assert entry.findtext("a:title", namespaces=NS) == "Withdrawal phase P1 completed on 2026-03-20"
    assert links(entry)["alternate"].endswith("/portal/withdrawal")
    (ar,) = entries(feed(web, "withdrawal", "ar"))
    assert ar.findtext("a:title", namespaces=NS) == "اكتمال مرحلة الانسحاب P1 في 2026-03-20"


def test_reports_feed_shows_a_published_report(web: Web) -> None:
    report = web.app.reports.generate(Period(dt.date(2026, 9, 1), dt.date(2026, 9, 30)), actor="test", lang="en",
                                      fmt="html", submit=False)
    (entry,) = entries(feed(web, "reports"))
    assert entry.findtext("a:title", namespaces=NS) == "Report to the Security Council, 2026-09-01 to 2026-09-30 (en)"
    assert report.sha256 in (entry.findtext("a:content", namespaces=NS) or "")
    (ar,) = entries(feed(web, "reports", "ar"))
    assert ar.findtext("a:title", namespaces=NS) == "تقرير إلى مجلس الأمن، من 2026-09-01 إلى 2026-09-30 (en)"


@pytest.mark.parametrize("name", sorted(PORTAL))
def test_portal_pages_carry_the_alternate_link(web: Web, name: str) -> None:
    for lang in ("en", "ar"):
        page = web.client.get(PORTAL[name], params={"lang": lang}).text
        head = page[:page.index("</head>")]
        assert (f'<link rel="alternate" type="application/atom+xml" href="/feeds/{name}.atom?lang=en"' in head
                and f'href="/feeds/{name}.atom?lang=ar"' in head), (name, lang)


def test_an_unchanged_feed_answers_304_to_its_etag(web: Web) -> None:
    verified_incident(web.app, exercise=False)
    r = web.client.get("/feeds/incidents.atom")
    etag = r.headers["etag"]
    assert r.headers["cache-control"].startswith("public")
    again = web.client.get("/feeds/incidents.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and not again.content
    assert web.client.get("/feeds/incidents.atom?lang=ar", headers={"If-None-Match": etag}).status_code == 200
    verified_incident(web.app, exercise=False)  # the journal grew: a new document
    assert web.client.get("/feeds/incidents.atom", headers={"If-None-Match": etag}).status_code == 200
