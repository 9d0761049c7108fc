"""Charts and maps for reports (matplotlib, Agg): each returns a :class:`Chart` with an embedded PNG.

Matplotlib shapes Arabic text itself; a font with Arabic glyphs (Noto Naskh Arabic or Amiri, installed by
``scripts/system-deps``) is put first for Arabic reports.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter
from shapely.geometry.base import BaseGeometry

from custodes.reports.render import Chart

__all__ = ["bar_chart", "daily_chart", "place_map"]

_FONTS = {"ar": ["Noto Naskh Arabic", "Amiri", "DejaVu Sans"], "en": ["Noto Sans", "DejaVu Sans"]}
_BLUE, _GREY, _RED = "#0b3a60", "#9aa7b4", "#b03a2e"


def _figure(lang: str, size: tuple[float, float] = (7.0, 3.2)) -> tuple[MplFigure, Axes]:
    plt.rcParams["font.family"] = _FONTS.get(lang, _FONTS["en"])
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=size, dpi=150)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _png(fig: MplFigure, caption: str) -> Chart:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return Chart(caption, base64.b64encode(buf.getvalue()).decode("ascii"))


def bar_chart(values: Mapping[str, float], *, title: str, caption: str, lang: str, horizontal: bool = True,
              keep_order: bool = False) -> Chart:
    """Bars for a breakdown (by type, governorate, donor ...), largest first unless ``keep_order`` (months)."""
    items = list(values.items()) if keep_order else sorted(values.items(), key=lambda kv: -kv[1])
    fig, ax = _figure(lang, (7.0, max(2.0, 0.35 * len(items) + 1.0)) if horizontal else (7.0, 3.2))
    labels, nums = [k for k, _ in items], [v for _, v in items]
    if horizontal:
        ax.barh(labels[::-1], nums[::-1], color=_BLUE)
    else:
        ax.bar(labels, nums, color=_BLUE)
    # plain numbers grouped by thousands on the value axis (never "1e7" above it)
    (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_title(title)
    return _png(fig, caption)


def daily_chart(days: Sequence[dt.date], series: Mapping[str, Sequence[float]], *, title: str, caption: str,
                lang: str, target: float | None = None, target_label: str = "") -> Chart:
    """One line per series over days, with an optional target line (e.g. 600 trucks a day)."""
    fig, ax = _figure(lang)
    colours = [_BLUE, _GREY, "#2e7d32", "#6a1b9a", "#ef6c00"]
    xs = mdates.date2num(list(days))  # type: ignore[no-untyped-call]
    for i, (name, ys) in enumerate(series.items()):
        ax.plot(xs, ys, label=name, color=colours[i % len(colours)], linewidth=1.2)
    if target is not None:
        ax.axhline(target, color=_RED, linestyle="--", linewidth=1, label=target_label)
    ax.set_title(title)
    if len(series) > 1 or target is not None:
        ax.legend(fontsize=7, frameon=False)
    ax.xaxis_date()
    fig.autofmt_xdate()
    return _png(fig, caption)


def place_map(areas: Mapping[str, BaseGeometry], points: Sequence[tuple[float, float, str]], *, title: str,
              caption: str, lang: str, labels: Mapping[str, str] | None = None,
              counts: Mapping[str, int] | None = None) -> Chart:
    """Governorates (or other areas) as outlines, with points (lon, lat, category) on top. ``counts`` shades
    each area by its number (darker is more) and writes it under the area's name: records known only by
    their governorate (imported incidents) show there, not as points."""
    fig, ax = _figure(lang, (5.0, 6.0))
    top = max((counts or {}).values(), default=0)
    for key, geom in areas.items():
        polys = getattr(geom, "geoms", [geom])
        n = (counts or {}).get(key, 0)
        shade = "#eef2f6" if not top else matplotlib.colors.to_hex(
            plt.get_cmap("Blues")(0.04 + 0.3 * n / top))
        for poly in polys:
            x, y = poly.exterior.xy
            ax.fill(x, y, facecolor=shade, edgecolor=_GREY, linewidth=0.8)
        if labels and key in labels:
            c = geom.representative_point()
            text = labels[key] + (f"\n{n:,}" if counts is not None else "")
            ax.annotate(text, (c.x, c.y), ha="center", fontsize=7, color="#333")
    cats = sorted({c for _, _, c in points})
    colours = [_RED, _BLUE, "#2e7d32", "#6a1b9a", "#ef6c00"]
    for i, cat in enumerate(cats):
        xs = [p[0] for p in points if p[2] == cat]
        ys = [p[1] for p in points if p[2] == cat]
        ax.scatter(xs, ys, s=8, color=colours[i % len(colours)], label=cat, zorder=3)
    if cats:
        ax.legend(fontsize=7, frameon=False, loc="upper left")  # the strip runs diagonally: that corner is empty
    ax.set_aspect(1 / 0.853)  # about 1/cos(31.4 deg): degrees of longitude are shorter here
    ax.set_axis_off()
    ax.set_title(title)
    return _png(fig, caption)
