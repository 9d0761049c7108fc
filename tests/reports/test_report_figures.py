"""Report figures are folded from public entries alone, and a changed figure is named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from custodes.app import Custodes
from custodes.errors import InputError
from custodes.ledger.sequencer import read_entries
from custodes.reports.figures import Checkpoint, FigureSet, Period, compute, diff
from custodes.reports.mandate_fold import MandateFold
from custodes.reports.render import Section, extract_figures, to_html, to_pdf


def _figures(app: Custodes, period: Period) -> FigureSet:
    with app.store.read() as conn:
        entries = [json.loads(b) for _, b in read_entries(conn)]
    return compute(entries, [MandateFold()], period, Checkpoint(app.log_origin, len(entries), "root"))


def test_mandate_figures_from_the_journal(app: Custodes) -> None:
    figs = _figures(app, Period(dt.date(2026, 5, 18), dt.date(2026, 11, 17))).by_key()
    assert figs["mandate.resolutions_adopted"].value == 1
    assert figs["mandate.board-of-peace.until"].value == "2027-12-31"
    assert figs["mandate.board-of-peace.days_left_at_period_end"].value == 409
    assert figs["mandate.board-of-peace.reports_due_by_period_end"].value == 2
    assert figs["mandate.board-of-peace.reports_submitted"].value == 0


def test_changed_figure_is_named(app: Custodes) -> None:
    fs = _figures(app, Period(dt.date(2026, 5, 18), dt.date(2026, 11, 17)))
    stated = FigureSet.from_json(json.loads(json.dumps(fs.as_json())))
    assert diff(stated, fs) == []
    doctored = fs.as_json()
    doctored["figures"][0]["value"] = 2
    assert diff(FigureSet.from_json(doctored), fs) == ["mandate.resolutions_adopted: stated 2, the log yields 1"]


def test_html_and_pdf_carry_the_figures(app: Custodes, tmp_path: Path) -> None:
    fs = _figures(app, Period(dt.date(2026, 5, 18), dt.date(2026, 11, 17)))
    section = Section("mandate", [f for f in fs.figures if f.section == "mandate"])
    for lang in ("en", "ar"):
        html = to_html(fs, [section], lang=lang, resolution="S/RES/2803(2025)", exercise=False)
        assert (f'dir="{"rtl" if lang == "ar" else "ltr"}"') in html
        page = tmp_path / f"r-{lang}.html"
        page.write_text(html, encoding="utf-8")
        assert extract_figures(page) == fs
        pdf = tmp_path / f"r-{lang}.pdf"
        pdf.write_bytes(to_pdf(html, fs))
        assert extract_figures(pdf) == fs
    (tmp_path / "plain.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(InputError, match="not a Custodes report"):
        extract_figures(tmp_path / "plain.html")


def test_charts_and_map_render(app: Custodes) -> None:
    import base64

    from custodes.geo.io import parse_geometry
    from custodes.reports.charts import bar_chart, daily_chart, place_map

    areas = {g.pcode: parse_geometry(g.geometry) for g in app.profile.governorates}
    charts = [
        bar_chart({"غذاء": 3, "دواء": 1}, title="حسب الفئة", caption="c", lang="ar"),
        daily_chart([dt.date(2026, 1, d) for d in (1, 2, 3)], {"trucks": [500, 620, 580]}, title="t", caption="c",
                    lang="en", target=600, target_label="target"),
        place_map(areas, [(c.lon, c.lat, "crossing") for c in app.profile.crossings], title="m", caption="c",
                  lang="en", labels={g.pcode: g.name.en for g in app.profile.governorates}),
        place_map(areas, [], title="m", caption="c", lang="ar",
                  labels={g.pcode: g.name.ar for g in app.profile.governorates}, counts={"PS0255": 3, "PS0275": 1}),
    ]
    for c in charts:
        assert base64.b64decode(c.png_b64).startswith(b"\x89PNG")


def test_every_breakdown_key_has_a_name_in_both_languages() -> None:
    """ACLED event and sub-event types, weapon types, site kinds, grievance categories and interceptors."""
    from custodes.aid.model import INTERCEPTORS
    from custodes.disarmament.model import WEAPON_TYPES
    from custodes.disarmament.sites import SITE_KINDS
    from custodes.grievances.model import CATEGORIES
    from custodes.i18n import catalogue
    from custodes.incidents.model import EVENT_TYPES

    keys = [*EVENT_TYPES, *(s for subs in EVENT_TYPES.values() for s in subs), *WEAPON_TYPES, *SITE_KINDS,
            *CATEGORIES, *INTERCEPTORS]
    c = catalogue()
    assert [k for k in keys if not (c.get("term." + k, {}).get("en") and c["term." + k].get("ar"))] == []


def test_numbers_are_grouped_for_the_reader_only() -> None:
    from custodes.reports.render import display_number

    assert [display_number(v) for v in (21799, "7007.75", "24111842.11 USD", "2026-11-17", 600, "-12345")] == [
        "21,799", "7,007.75", "24,111,842.11 USD", "2026-11-17", "600", "-12,345"]
