"""A small mission built through the services, its report's exact figures, and `report verify`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from custodes.aid.cargo import move_consignment, register_consignment
from custodes.aid.imports import import_file
from custodes.app import Custodes
from custodes.errors import IntegrityError
from custodes.force.model import StrengthReport
from custodes.incidents.acled import COLUMNS
from custodes.incidents.exchange import import_incidents
from custodes.ledger.tiles import dir_fetch
from custodes.reports.figures import FigureSet, Period
from custodes.reports.render import FIGURES_NAME, to_html, to_pdf
from custodes.reports.service import verify

PERIOD = Period(dt.date(2026, 5, 18), dt.date(2026, 11, 17))

#: an agency's line list in UNRWA's format: trucks, pallets and tonnes, one row before the period
UNRWA_HEADER = ("id,received_date,data_source,description_of_cargo,cargo_category,status,quantity,units,"
                "donating_country_organization,crossing,destination_recipient_partner")
UNRWA_ROWS = ("G1,2026-09-03,UNRWA,Flour,Food Items,Received,10,Truck,EU,Kerem Shalom,UNRWA",
              "G2,2026-09-03,UNRWA,Tents,Shelter,Received,30,Pallets,Japan,Rafah,UNRWA",
              "G3,2026-09-04,UNRWA,Medicine,Medical Supplies,Received,7.25,MT,WHO,Zikim,WHO",
              "G4,2026-04-01,UNRWA,Flour,Food Items,Received,5,Truck,EU,Kerem Shalom,UNRWA")


def _acled_file(path: Path) -> Path:
    """Three ACLED-format events: one to be verified, one left reported, one verified before the period."""
    rows = [("GLD1", "2026-08-25", "Battles", "Armed clash", "31.5017", "34.4668", "4"),
            ("GLD2", "2026-08-26", "Protests", "Peaceful protest", "31.2969", "34.2436", "0"),
            ("GLD3", "2026-04-01", "Riots", "Mob violence", "31.3462", "34.3063", "1")]
    lines = [",".join(COLUMNS)]
    for eid, day, et, sub, lat, lon, deaths in rows:
        v = {c: "" for c in COLUMNS} | {
            "event_id_cnty": eid, "event_date": day, "event_type": et, "sub_event_type": sub,
            "actor1": "Sample actor", "inter1": "1" if et == "Battles" else "6" if et == "Protests" else "5",
            "latitude": lat, "longitude": lon, "fatalities": deaths, "notes": "Generated for a test; not real."}
        lines.append(",".join(v[c] for c in COLUMNS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _mission(app: Custodes, clock: Any) -> None:
    """Two consignments entered (one later intercepted), two verified incidents and one only reported,
    strength reports, funding, two grievances of which one answered; all at fixed times. Imported too:
    an agency line list (three rows in the period) and an ACLED file (one event verified in the period)."""
    clock.now = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)
    s, a = app.store, "lead"
    c1 = register_consignment(s, a, agency="WFP", crossing="kerem-shalom", category="food", trucks=400, tonnes="6000.5")
    c2 = register_consignment(s, a, agency="UNICEF", crossing="zikim", category="health", trucks=250, tonnes=1000)
    for cid in (c1.id, c2.id):
        for action in ("clear", "stage", "offload", "enter"):
            move_consignment(s, a, cid, action)
    clock.now = dt.datetime(2026, 9, 2, 8, 0, tzinfo=dt.UTC)
    move_consignment(s, a, c2.id, "intercept", by="crowds")
    for lat, lon, deaths in ((31.5017, 34.4668, 2), (31.2969, 34.2436, 1)):
        iid = app.incidents.report("m", event_date=dt.date(2026, 8, 20), event_type="Explosions/Remote violence",
                                   sub_event_type="Air/drone strike", actor1="Air force", inter1=8, lat=lat,
                                   lon=lon, fatalities=deaths)["id"]
        app.incidents.start_review("lead", iid)
        app.incidents.confirm("m1", iid, "Org 1")
        app.incidents.confirm("m2", iid, "Org 2")
    app.incidents.report("m", event_date=dt.date(2026, 8, 21), event_type="Protests",
                         sub_event_type="Peaceful protest", actor1="Protesters", inter1=6, lat=31.3462, lon=34.3063)
    unrwa = app.settings.data_dir / "line-list.csv"
    unrwa.write_text("\n".join((UNRWA_HEADER, *UNRWA_ROWS)) + "\n", encoding="utf-8")
    assert import_file(s, "importer", unrwa, "unrwa").added == 4
    assert import_incidents(app.incidents, _acled_file(app.settings.data_dir / "acled.csv"), "importer").added == 3
    for iid in ("GLD1", "GLD3"):
        app.incidents.start_review("lead", iid)
        app.incidents.confirm("m1", iid, "Org 1")
        app.incidents.confirm("m2", iid, "Org 2")
    app.force.report_strength(StrengthReport("IDN", dt.date(2026, 6, 1), 2000, 900), actor="test")
    app.force.report_strength(StrengthReport("IDN", dt.date(2026, 10, 1), 2000, 1500), actor="test")
    app.force.report_strength(StrengthReport("AZE", dt.date(2026, 12, 1), 500, 500), actor="test")  # after the period
    b = app.board
    b.open_fund("trust", "Trust fund", "World Bank", actor="test")
    b.record_transaction("p1", "trust", "QAT", 13, "100000000.00", on=dt.date(2026, 6, 1), actor="test")
    b.record_transaction("c1", "trust", "QAT", 11, "60000000", on=dt.date(2026, 7, 1), actor="test")
    b.record_transaction("x1", "trust", "QAT", 1, "25000000.50", on=dt.date(2026, 8, 1), commitment="c1", actor="test")
    g = app.grievances.file("public-form", addressee="force", category="movement_and_crossings", language="en",
                            subject="Checkpoint closed", text="The road was closed for three days.")
    app.grievances.file("public-form", addressee="force", category="other", language="ar", subject="طريق",
                        text="الطريق مغلق")
    app.grievances.acknowledge("isf", g["id"])
    app.grievances.answer("isf", g["id"], "Reopened on 3 September.")
    clock.now = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def mission(app: Custodes, clock: Any) -> Custodes:
    _mission(app, clock)
    return app


def test_golden_figures_on_both_databases(any_app: Custodes, clock: Any) -> None:
    """The journal's bytes are the same on PostgreSQL, so are the figures (and verify passes)."""
    _mission(any_app, clock)
    r = any_app.reports.generate(PERIOD, actor=any_app.settings.actor, lang="en", fmt="html", submit=False)
    got = {f.key: f.value for f in r.figures.figures}
    assert (got["aid.trucks_entered"], got["incidents.verified"], got["force.deployed_strength"]) == (653, 3, 1500)
    page = any_app.settings.data_dir / "r.html"
    page.write_bytes(r.content)
    assert verify(page, dir_fetch(any_app.settings.log_dir), any_app.log_verifier()).ok


def test_golden_figures(mission: Custodes) -> None:
    r = mission.reports.generate(PERIOD, actor=mission.settings.actor, lang="en", fmt="html")
    got = {f.key: (f.value, dict(f.detail)) for f in r.figures.figures}
    # truck rule 2: each imported UNRWA row through a land crossing is one truck, whatever its load's unit;
    # one source a day: the mission's own records give 2026-09-01 (650 trucks), UNRWA's list every other day
    # of its span (2026-04-01..2026-09-04) inside the period: 2 trucks on 09-03, 1 on 09-04, 0 on the others
    assert got["aid.truck_rule"] == (2, {"preference": "manual,exercise,cogat,unrwa"})
    assert got["aid.trucks_entered"] == (653, {"kerem-shalom": 401, "rafah": 1, "zikim": 251})
    assert got["aid.tonnes_entered"] == ("7007.75", {"kerem-shalom": "6000.5", "zikim": "1007.25"})
    assert got["aid.consignments_entered"] == (5, {"manual": 2, "unrwa": 3})
    assert got["aid.days_target_met"] == (1, {"of": 110})  # 2026-05-18..09-04: the days a source covers
    assert got["aid.average_trucks_per_day"] == ("5.9", {"manual": 1, "unrwa": 109})
    assert got["aid.source_trucks.unrwa"] == (3, {"from": "2026-05-18", "to": "2026-09-04", "days": 110,
                                                  "per_day": "0.0"})
    assert got["aid.source_trucks.manual"] == (650, {"from": "2026-09-01", "to": "2026-09-01", "days": 1,
                                                     "per_day": "650.0"})
    assert got["aid.consignments_intercepted"] == (1, {"crowds": 1})
    assert got["aid.interception_rate"][0] == "20.0"  # 1 of the 5 consignments entered or intercepted
    assert got["aid.consignments_imported"] == (3, {"unrwa": 3})
    assert got["aid.imported_quantity_by_unit"] == (3, {"MT": "7.25", "Pallets": "30", "Truck": "10"})
    assert got["aid.daily_truck_target"][0] == 600
    assert got["incidents.reported"][0] == 5
    assert got["incidents.verified"][0] == 3
    assert got["incidents.verified_by_type"] == (3, {"Battles": 1, "Explosions/Remote violence": 2})
    assert got["incidents.verified_by_sub_event_type"] == (3, {"Air/drone strike": 2, "Armed clash": 1})
    assert got["incidents.verified_by_governorate"] == (3, {"PS0260": 2, "PS0275": 1})
    assert got["incidents.verified_fatalities"][0] == 7
    assert got["force.deployed_strength"] == (1500, {"IDN": 1500})
    assert got["funding.pledged"] == ("100000000 USD", {"USD": "100000000"})
    assert got["funding.committed"][1] == {"USD": "60000000"}
    assert got["funding.disbursed"][1] == {"USD": "25000000.5"}
    assert got["participation.grievances_received"] == (2, {"movement_and_crossings": 1, "other": 1})
    assert got["participation.grievances_answered"][0] == 1
    assert got["participation.grievances_unanswered_at_end"][0] == 1
    assert got["disarmament.weapons_registered"][0] == 0
    assert got["withdrawal.phases_defined"][0] == 0
    assert not r.exercise
    # journalled with its hash, and the Board's report due on 2026-11-17 is marked submitted
    assert r.submitted_due == dt.date(2026, 11, 17)
    due = {d.due_on: d for d in mission.board.report_schedule()}[dt.date(2026, 11, 17)]
    assert due.status == "submitted" and due.content_sha256 == "sha256:" + r.sha256
    html = r.content.decode()
    assert "No records for this task in the period." in html  # withdrawal, demilitarisation, police
    assert "The daily target (600 trucks a day) is the mission profile" in html


def test_verify_passes_then_catches_a_changed_figure_and_a_tampered_tile(mission: Custodes, tmp_path: Path) -> None:
    r = mission.reports.generate(PERIOD, actor=mission.settings.actor, lang="ar", fmt="html", submit=False)
    # breakdowns by their Arabic names: event and sub-event types, governorates, sources
    shown = r.content.decode()
    assert all(w in shown for w in ("معارك: 1", "غارة جوية/بطائرة مسيّرة: 2", "رفح: 1", "قائمة الأونروا: 3"))
    page = tmp_path / "r.html"
    page.write_bytes(r.content)
    log = mission.settings.log_dir
    ok = verify(page, dir_fetch(log), mission.log_verifier())
    assert ok.ok and ok.differences == ()
    doctored = page.read_text(encoding="utf-8").replace('"value": 653', '"value": 700')
    assert doctored != page.read_text(encoding="utf-8")
    page.write_text(doctored, encoding="utf-8")
    bad = verify(page, dir_fetch(log), mission.log_verifier())
    assert bad.differences == ("aid.trucks_entered: stated 700, the log yields 653",)
    # figures that rest on imported rows alone are recomputed from the import entries too
    doctored = page.read_text(encoding="utf-8").replace('"Pallets": "30"', '"Pallets": "60"').replace(
        '"Battles": 1', '"Battles": 2')
    page.write_text(doctored, encoding="utf-8")
    bad = verify(page, dir_fetch(log), mission.log_verifier())
    assert bad.differences == ("aid.imported_quantity_by_unit: stated 3, the log yields 3 (its breakdown differs)",
                               "aid.trucks_entered: stated 700, the log yields 653",
                               "incidents.verified_by_type: stated 3, the log yields 3 (its breakdown differs)")
    page.write_bytes(r.content)
    bundle = next(p for p in (log / "tile" / "entries").rglob("*") if p.is_file() and b'"trucks":400' in p.read_bytes())
    data = bytearray(bundle.read_bytes())
    i = data.find(b'"trucks":400')
    data[i + 9: i + 12] = b"900"
    bundle.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="does not match its leaf hash"):
        verify(page, dir_fetch(log), mission.log_verifier())


def test_a_report_made_under_truck_rule_1_still_verifies_under_it(mission: Custodes, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports made before truck rule 2 state no rule: verify recomputes them under rule 1, as they were made;
    the same log under rule 2 yields the new figures, and a report's stated rule cannot be swapped unseen."""
    from custodes.reports import service

    monkeypatch.setattr(service, "TRUCK_RULE", 1)
    old = mission.reports.generate(PERIOD, actor=mission.settings.actor, lang="en", fmt="html", submit=False)
    monkeypatch.undo()
    got = {f.key: f.value for f in old.figures.figures}
    assert "aid.truck_rule" not in got and got["aid.trucks_entered"] == 660  # trucks only where the unit said so
    page = tmp_path / "old.html"
    page.write_bytes(old.content)
    assert verify(page, dir_fetch(mission.settings.log_dir), mission.log_verifier()).ok
    new = mission.reports.generate(PERIOD, actor=mission.settings.actor, lang="en", fmt="html", submit=False)
    assert {f.key: f.value for f in new.figures.figures}["aid.truck_rule"] == 2
    shown = new.content.decode()
    assert "Truck counting rule" in shown and "UNRWA: trucks received by UNRWA" in shown
    page.write_bytes(new.content)
    assert verify(page, dir_fetch(mission.settings.log_dir), mission.log_verifier()).ok
    swapped = new.content.decode().replace('"unit": "version", "value": 2}', '"unit": "version", "value": 1}')
    assert swapped != new.content.decode()
    page.write_text(swapped)
    assert not verify(page, dir_fetch(mission.settings.log_dir), mission.log_verifier()).ok


def test_pdf_both_languages_render_and_verify(mission: Custodes, tmp_path: Path) -> None:
    from pypdf import PdfReader

    for lang in ("en", "ar"):
        r = mission.reports.generate(PERIOD, actor=mission.settings.actor, lang=lang, fmt="pdf", submit=False)
        pdf = tmp_path / f"r-{lang}.pdf"
        pdf.write_bytes(r.content)
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / lang)],
                       check=True)
        pngs = sorted(tmp_path.glob(f"{lang}-*.png"))
        assert len(pngs) == 2 and all(p.stat().st_size > 2000 for p in pngs)
        assert verify(pdf, dir_fetch(mission.settings.log_dir), mission.log_verifier()).ok
    # a PDF whose attached figures were changed is caught
    figures = json.loads(PdfReader(tmp_path / "r-en.pdf").attachments[FIGURES_NAME][0])
    next(f for f in figures["figures"] if f["key"] == "incidents.verified")["value"] = 1
    doctored = FigureSet.from_json(figures)
    (tmp_path / "bad.pdf").write_bytes(to_pdf(to_html(doctored, [], lang="en", resolution="", exercise=False),
                                              doctored))
    bad = verify(tmp_path / "bad.pdf", dir_fetch(mission.settings.log_dir), mission.log_verifier())
    assert bad.differences == ("incidents.verified: stated 1, the log yields 3",)
