"""The ceasefire view: verified incidents per day, type and governorate; TfP context figures apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from custodes.app import Custodes
from custodes.errors import InputError
from custodes.incidents.ceasefire import SERIES, TFP_ATTRIBUTION, ceasefire_view, read_tfp_context


def _verified(app: Custodes, day: dt.date, lat: float, lon: float, deaths: int) -> str:
    iid = app.incidents.report("m", event_date=day, event_type="Explosions/Remote violence",
                               sub_event_type="Air/drone strike", actor1="Air force", inter1=8, lat=lat, lon=lon,
                               fatalities=deaths)["id"]
    app.incidents.start_review("lead", iid)
    app.incidents.confirm("m1", iid, "Org 1")
    app.incidents.confirm("m2", iid, "Org 2")
    return iid


def test_view_counts_only_verified_and_keeps_context_apart(app: Custodes, shared_data: Path) -> None:
    d = dt.date(2026, 8, 20)
    _verified(app, d, 31.5017, 34.4668, 2)
    _verified(app, d, 31.4960, 34.4870, 1)
    _verified(app, d, 31.2969, 34.2436, 0)
    app.incidents.report("m", event_date=d, event_type="Protests", sub_event_type="Peaceful protest",
                         actor1="Protesters", inter1=6, lat=31.3462, lon=34.3063)
    v = ceasefire_view(app.store, dt.date(2026, 8, 19), dt.date(2026, 8, 22),
                       context_file=shared_data / "tfp_casualties_daily.json")
    rows = {(r.day, r.event_type, r.pcode): (r.incidents, r.fatalities) for r in v.verified}
    assert rows == {(d, "Explosions/Remote violence", "PS0260"): (2, 3),
                    (d, "Explosions/Remote violence", "PS0275"): (1, 0)}
    assert v.pending == {"reported": 1}
    # the real TfP figures for those days, with their stated source, read from the file at run time
    ctx = {c.day: c for c in v.context}
    assert set(ctx) == {dt.date(2026, 8, 19), dt.date(2026, 8, 20), dt.date(2026, 8, 21), dt.date(2026, 8, 22)}
    assert (ctx[d].all_deaths_reported, ctx[d].injured, ctx[d].report_source) == (10, 25, "mohtel")
    assert ctx[d].stated_source == "Gaza Ministry of Health (Telegram)"
    assert ctx[dt.date(2026, 8, 21)].report_source == "missing"
    assert "unknown_source" in ctx[dt.date(2026, 8, 21)].flags
    j = v.as_json()
    assert j["context_indicators"]["attribution"] == TFP_ATTRIBUTION
    assert "not verified by the mission" in j["context_indicators"]["note"]
    assert j["mission_verified_incidents"]["source"].startswith("this mission's own records")


def test_context_is_optional_and_bad_input_is_refused(app: Custodes, tmp_path: Path) -> None:
    v = ceasefire_view(app.store, dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert v.context == () and "no context file" in v.context_note
    with pytest.raises(InputError, match="ends"):
        ceasefire_view(app.store, dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    bad = tmp_path / "bad.json"
    bad.write_text('[{"report_date": "yesterday"}]')
    with pytest.raises(InputError, match="not a date"):
        read_tfp_context(bad, dt.date(2026, 1, 1), dt.date(2026, 1, 2))


def test_context_series_keep_their_meaning(app: Custodes, shared_data: Path) -> None:
    """From the mandate's start to the file's end, the four series sum (computed here from the file) to the
    issue's figures; TfP's killed, their sum, is never shown as new deaths; multi-day reports, reports of no new
    period, unknown sources and parts that do not add up are flagged."""
    import json

    path = shared_data / "tfp_casualties_daily.json"
    start, end = dt.date(2025, 11, 17), dt.date(2026, 8, 22)
    records = [r for r in json.loads(path.read_text(encoding="utf-8"))
               if start.isoformat() <= r["report_date"] <= end.isoformat()]
    fields = ("killed_truce_new", "killed_recovered", "killed_committee", "killed_succumbed")
    from_file = [sum(r.get(f) or 0 for r in records) for f in fields]
    assert from_file == [892, 304, 2662, 60] and sum(r.get("killed") or 0 for r in records) == 3936
    v = ceasefire_view(app.store, start, end, context_file=path)
    assert [sum(c.series[k] or 0 for c in v.context) for k in SERIES] == from_file
    j = v.as_json()["context_indicators"]
    assert [s["total"] for s in j["series"].values()] == from_file
    assert all(s["label"]["en"] and s["label"]["ar"] for s in j["series"].values())
    assert "killed" in j["fields"] and "never as new deaths" in j["fields"]["killed"]
    ctx = {c.day: c for c in v.context}
    day = ctx[dt.date(2025, 11, 22)]  # 187 reported: 7 new, 180 added by the committee, over 48 hours
    assert (day.new_deaths, day.series["added_by_committee"], day.all_deaths_reported) == (7, 180, 187)
    assert "multi_day" in day.flags and day.covers_from == dt.date(2025, 11, 21)
    assert ctx[dt.date(2026, 3, 22)].covers_from == dt.date(2026, 3, 19)  # 96 hours: four days
    zero = ctx[dt.date(2025, 12, 19)]  # report_period 0: no figure that day
    assert "no_new_period" in zero.flags and zero.new_deaths is None and zero.injured is None
    flagged = sorted(d for d, c in ctx.items() if "parts_do_not_add_up" in c.flags)
    assert flagged == [dt.date(2026, 7, 9), dt.date(2026, 7, 19)]
    assert ctx[dt.date(2026, 7, 19)].new_deaths is None  # not turned into 11 new deaths, nor into 0
    assert not any(c.new_deaths is not None and c.new_deaths > (c.all_deaths_reported or 0) for c in v.context)
