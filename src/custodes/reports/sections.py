"""The report's sections in the Council's order, each with its figures, charts and a map (presentation only:
nothing here changes a figure)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from custodes.i18n import catalogue, t
from custodes.reports.aid_fold import AidFold
from custodes.reports.disarmament_fold import DisarmamentFold
from custodes.reports.figures import Figure, FigureSet, Fold
from custodes.reports.funding_fold import FLOWS, FundingFold
from custodes.reports.incidents_fold import IncidentsFold
from custodes.reports.render import Chart, Section
from custodes.reports.settings import ReportSettings

__all__ = ["ORDER", "breakdown_names", "build_sections"]

ORDER = ("mandate", "border", "demilitarisation", "civilians", "police", "aid", "withdrawal", "funding",
         "grievances", "obligations")
#: figures that are parameters of the report, not records: they alone do not make a section "recorded"
_PARAMS = {"aid.daily_truck_target", "aid.truck_rule"}


def _recorded(figs: Sequence[Figure]) -> bool:
    return any(f.value not in (0, "0", "0.0") for f in figs if f.key not in _PARAMS)


def breakdown_names(places: ReportSettings, lang: str) -> dict[str, str]:
    """What the report shows for the keys figures are broken down by, in ``lang``: governorates (P-codes),
    crossings and contributing states by their profile names; types, kinds and categories from the catalogue's
    ``term.*`` texts. Keys without a name are shown as they are."""
    names = {k[5:]: v.get(lang) or v["en"] for k, v in catalogue().items() if k.startswith("term.")}
    names |= {code: name.get(lang) for code, name in places.states.items()}
    names |= {g.pcode: g.name.get(lang) for g in places.governorates}
    names |= {c.id: c.name.get(lang) for c in places.crossings}
    return names


def build_sections(places: ReportSettings, figs: FigureSet, folds: Sequence[Fold], lang: str) -> list[Section]:
    """The report's sections in :data:`ORDER`, each with its figures, charts and notes (empty when nothing in it
    was recorded)."""
    by_section: dict[str, list[Figure]] = {s: [] for s in ORDER}
    for f in figs.figures:
        by_section.setdefault(f.section, []).append(f)
    charts: dict[str, list[Chart]] = {s: [] for s in by_section}
    _charts(places, figs, folds, lang, by_section, charts, breakdown_names(places, lang))
    notes: dict[str, tuple[str, ...]] = {s: () for s in by_section}
    target = figs.by_key().get("aid.daily_truck_target")
    if target is not None:
        notes["aid"] = (t("note.aid_target", lang, target=target.value),)
    out = []
    for sid, fs in by_section.items():
        if _recorded(fs):
            out.append(Section(sid, fs, charts[sid], (*notes[sid], t("chart.source", lang))))
        else:
            out.append(Section(sid, []))
    return out


def _charts(places: ReportSettings, figs: FigureSet, folds: Sequence[Fold], lang: str,
            by_section: dict[str, list[Figure]], charts: dict[str, list[Chart]], names: dict[str, str]) -> None:
    from custodes.geo.io import parse_geometry
    from custodes.reports.charts import bar_chart, daily_chart, place_map

    period = figs.period
    for fold in folds:
        if isinstance(fold, AidFold) and _recorded(by_section["aid"]):
            daily = fold.daily_trucks(period)
            charts["aid"].append(daily_chart(
                list(daily), {t("chart.trucks", lang): list(daily.values())}, title=t("chart.daily_trucks", lang),
                caption=t("chart.daily_trucks", lang), lang=lang, target=fold.target,
                target_label=t("chart.target", lang)))
        elif isinstance(fold, DisarmamentFold) and _recorded(by_section["demilitarisation"]):
            months = fold.destroyed_by_month(period)
            if months:
                charts["demilitarisation"].append(bar_chart(
                    months, title=t("chart.destroyed_by_month", lang), caption=t("chart.destroyed_by_month", lang),
                    lang=lang, horizontal=False, keep_order=True))
        elif isinstance(fold, IncidentsFold) and _recorded(by_section["civilians"]):
            verified = fold.verified(period)
            kinds = {names.get(k, k): int(v) for k, v in figs.by_key()["incidents.verified_by_type"].detail.items()}
            if kinds:
                charts["civilians"].append(bar_chart(kinds, title=t("chart.incidents_by_type", lang),
                                                     caption=t("chart.incidents_by_type", lang), lang=lang))
            areas = {g.pcode: parse_geometry(g.geometry) for g in places.governorates}
            area_names = {g.pcode: g.name.get(lang) for g in places.governorates}
            points = [(c.lon, c.lat, t("chart.crossing", lang)) for c in places.crossings]
            points += [(w[0], w[1], t("chart.incident", lang)) for *_, w in verified if w is not None]
            by_area = {k: int(v) for k, v in figs.by_key()["incidents.verified_by_governorate"].detail.items()}
            charts["civilians"].append(place_map(areas, points, title=t("chart.map", lang),
                                                 caption=t("chart.map_counts", lang), lang=lang, labels=area_names,
                                                 counts=by_area))
        elif isinstance(fold, FundingFold) and _recorded(by_section["funding"]):
            tot = fold.totals(period)
            currencies = sorted({c for flow in FLOWS for c in tot[flow]})
            if currencies:
                cur = max(currencies, key=lambda c: sum((tot[f].get(c, Decimal(0)) for f in FLOWS), Decimal(0)))
                charts["funding"].append(bar_chart(
                    {figs.by_key()['funding.' + f].label_in(lang): float(tot[f].get(cur, 0)) for f in FLOWS},
                    title=f"{t('chart.funding', lang)} ({names.get(cur, cur)})", caption=t("chart.funding", lang),
                    lang=lang, horizontal=False, keep_order=True))
