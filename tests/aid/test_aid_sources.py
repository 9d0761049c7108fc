"""Truck rule 2 and one source a day: golden figures computed here from the real files with the csv module,
independently of the importer; both lists imported neither double-count nor drop a day; stored rows corrected."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from helpers_aid import entries
from sqlalchemy import update

from custodes.aid import cargo, totals
from custodes.aid.imports import import_file
from custodes.aid.sources import label
from custodes.aid.store import consignments
from custodes.aid.summary import summarise
from custodes.aid.truck_rule import apply_truck_rule
from custodes.app import Custodes
from custodes.i18n import catalogue

UNRWA = "unrwa_gaza_commodities_received_2023-10-21_2024-09-30.csv"
COGAT = "cogat_gaza_aid_consignments_2024-09-24.csv"
_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                       "Dec"), start=1)}


def unrwa_land_trucks(path: Path) -> Counter[dt.date]:
    """Trucks per day by the file alone: every row is one truck received, except the JLOTS (sea) rows."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return Counter(dt.date.fromisoformat(r["received_date"]) for r in csv.DictReader(f) if r["crossing"] != "JLOTS")


def cogat_land_trucks(path: Path) -> Counter[dt.date]:
    """Trucks per day by the file alone: every 'Land Crossings' row is one truckload (also with '-' tonnes)."""
    out: Counter[dt.date] = Counter()
    with path.open(encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["Route"] == "Land Crossings":
                d, m, y = r["Date"].split()
                out[dt.date(int(y), _MONTHS[m[:3]], int(d))] += 1
    return out


def _span(days: Counter[dt.date]) -> int:
    return (max(days) - min(days)).days + 1


def test_golden_figures_from_the_files_alone(shared_data: Path) -> None:
    """What the issue states, checked against the files (no importer involved)."""
    u, c = unrwa_land_trucks(shared_data / UNRWA), cogat_land_trucks(shared_data / COGAT)
    with (shared_data / UNRWA).open(encoding="utf-8-sig") as f:
        assert sum(1 for _ in csv.DictReader(f)) == 37373
    assert (sum(u.values()), _span(u), f"{sum(u.values()) / _span(u):.1f}") == (37337, 346, "107.9")
    assert (sum(c.values()), _span(c), f"{sum(c.values()) / _span(c):.1f}") == (51756, 333, "155.4")


@pytest.mark.slow
def test_unrwa_list_gives_its_trucks_a_day_named_as_unrwa(app: Custodes, shared_data: Path) -> None:
    u = unrwa_land_trucks(shared_data / UNRWA)
    import_file(app.store, "importer", shared_data / UNRWA, "unrwa")
    s = summarise(app.store, ["day"], target=600)
    assert (s.days, round(s.trucks_per_day, 1), s.chosen) == (346, 107.9, {"unrwa": 346})
    assert {r[0]: r[2] for r in s.rows} == {d: n for d, n in u.items()}  # the days with rows; others count 0
    assert s.days_at_target == sum(1 for n in u.values() if n >= 600)
    (src,) = s.sources
    assert (src.source, src.trucks, src.days) == ("unrwa", 37337, 346)
    assert s.as_json()["throughput"]["sources"]["unrwa"]["label"] == {
        "en": "UNRWA: trucks received by UNRWA, not all trucks entering Gaza",
        "ar": "الأونروا: الشاحنات التي استلمتها الأونروا، لا جميع الشاحنات الداخلة إلى غزة"}
    # the sea deliveries are there, as rows, never as trucks
    assert summarise(app.store, ["route"], source="unrwa").as_json()["groups"][1] == {
        "route": "Maritime Route (JLOTS)", "consignments": 36, "trucks": None, "tonnes": None}


@pytest.mark.slow
def test_a_mission_with_both_lists_neither_double_counts_nor_drops_a_day(app: Custodes, shared_data: Path) -> None:
    u, c = unrwa_land_trucks(shared_data / UNRWA), cogat_land_trucks(shared_data / COGAT)
    import_file(app.store, "importer", shared_data / UNRWA, "unrwa")
    import_file(app.store, "importer", shared_data / COGAT, "cogat")
    s = summarise(app.store, ["day"], target=600)
    # COGAT (preferred) gives 2023-10-21..2024-09-17; UNRWA, whose list runs on to 2024-09-30, the days after
    first, last_cogat, last = dt.date(2023, 10, 21), max(c), max(u)
    expected = {first + dt.timedelta(i): 0 for i in range((last - first).days + 1)}
    for d in expected:
        expected[d] = c[d] if d <= last_cogat else u[d]
    assert s.days == len(expected) == 346  # every day once: none dropped
    assert s.chosen == {"cogat": 333, "unrwa": 13}
    assert s.headline is not None and {d: n for d, _, n in s.headline.daily} == expected  # none added twice
    assert round(s.trucks_per_day, 1) == round(sum(expected.values()) / 346, 1)
    # the days whose chosen rows hold trucks (on some days COGAT's rows are all by sea or air)
    assert {r[0]: r[2] for r in s.rows if r[2]} == {d: n for d, n in expected.items() if n}
    side = {f.source: (f.trucks, f.days, round(f.per_day, 1)) for f in s.sources}
    assert side == {"cogat": (51756, 333, 155.4), "unrwa": (37337, 346, 107.9)}
    # the same rule in the report's aid section (folded from the journal alone)
    from custodes.reports.aid_fold import AidFold
    from custodes.reports.figures import Period

    fold = AidFold(600)
    for kind in ("aid.consignments_imported",):
        for e in entries(app, kind):
            fold.feed(e)
    figs = {f.key: f for f in fold.figures(Period(first, last))}
    assert figs["aid.trucks_entered"].value == sum(expected.values())
    assert figs["aid.average_trucks_per_day"].value == f"{sum(expected.values()) / 346:.1f}"
    assert dict(figs["aid.average_trucks_per_day"].detail) == {"cogat": 333, "unrwa": 13}
    assert figs["aid.source_trucks.unrwa"].value == 37337 and figs["aid.source_trucks.cogat"].value == 51756
    for f in figs.values():  # every figure is named in both languages; the trucks name their source in both
        assert f.label["en"] and f.label["ar"]
    assert "COGAT" in figs["aid.trucks_entered"].label["en"] and "كوغات" in figs["aid.trucks_entered"].label["ar"]


def _small(shared_data: Path, tmp_path: Path, rows: int) -> Path:
    dst = tmp_path / "u.csv"
    with (shared_data / UNRWA).open(encoding="utf-8") as f:
        dst.write_text("".join(line for _, line in zip(range(rows + 1), f, strict=False)), encoding="utf-8")
    return dst


def test_profile_preference_and_one_source_asked_for(app: Custodes, shared_data: Path, tmp_path: Path) -> None:
    import_file(app.store, "importer", _small(shared_data, tmp_path, 300), "unrwa")
    day = summarise(app.store, ["day"], source="unrwa").rows[0][0]
    cargo.register_consignment(app.store, "lead", agency="WFP", crossing="kerem-shalom", category="food",
                                 trucks=700, date=day)
    mission_first = summarise(app.store, ["day"], target=600)
    assert mission_first.chosen["manual"] == 1 and mission_first.days_at_target == 1
    unrwa_first = summarise(app.store, ["day"], target=600, prefer=("unrwa", "manual"))
    assert "manual" not in unrwa_first.chosen and unrwa_first.days_at_target == 0
    by_source = summarise(app.store, ["source"])  # side by side: each its own
    assert {r[0]: r[2] for r in by_source.rows} == {"manual": 700, "unrwa": 300}


def test_stored_rows_are_corrected_to_the_rule_and_the_correction_journalled(app: Custodes, shared_data: Path,
                                                                             tmp_path: Path) -> None:
    import_file(app.store, "importer", _small(shared_data, tmp_path, 400), "unrwa")
    with app.store.write("test") as uow:  # as rule 1 stored them: trucks only where the unit says trucks
        uow.conn.execute(update(consignments).where(consignments.c.unit != "Truck").values(trucks=None))
        uow.conn.execute(update(consignments).where(consignments.c.unit == "Truck")
                         .values(trucks=consignments.c.quantity))
        totals.rebuild(uow.conn, exercise=False)
    before = summarise(app.store, ["source"]).rows[0][2]
    assert before is not None and before != 400  # "Truck" rows counted their quantity, the others nothing
    dry = apply_truck_rule(app.store, "lead", apply=False)
    assert dry.rows > 0 and not dry.applied and not entries(app, "aid.truck_rule_applied")
    done = apply_truck_rule(app.store, "lead")
    assert done.applied and (done.rows, done.trucks_after) == (dry.rows, dry.trucks_after)
    assert summarise(app.store, ["source"]).rows[0][2] == 400
    (e,) = entries(app, "aid.truck_rule_applied")
    assert e["rec"] == {"rule": 2, "rows": done.rows, "trucks_before": done.trucks_before,
                        "trucks_after": done.trucks_after, "by_source": done.by_source}
    again = apply_truck_rule(app.store, "lead")
    assert (again.rows, again.applied) == (0, False) and len(entries(app, "aid.truck_rule_applied")) == 1


def test_every_source_is_named_in_english_and_arabic() -> None:
    for src in ("manual", "exercise", "cogat", "unrwa", "someone-else"):
        en, ar = label(src, "en"), label(src, "ar")
        assert en and ar and en != ar
    assert {"en", "ar"} <= set(catalogue()["aid.source.unrwa"])
