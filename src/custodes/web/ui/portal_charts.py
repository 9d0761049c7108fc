"""The portal's charts as SVG (matplotlib, Agg), each shown beside a table of the same numbers.

Text is drawn as paths, so the SVG needs no font in the browser; for Arabic an Arabic font is put first
(matplotlib 3.11 shapes Arabic and lays it out right to left itself). Charts are cached by the journal's
size: a chart can only change when an entry is appended.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["ChartCache", "bar_svg", "daily_svg", "grouped_bars_svg"]

_FONTS = {"ar": ["Noto Naskh Arabic", "Amiri", "DejaVu Sans"], "en": ["Noto Sans", "DejaVu Sans"]}
_BLUE, _GREY, _RED, _GREEN = "#0b5394", "#8a96a3", "#a4161a", "#1d6b33"
_lock = threading.Lock()  # matplotlib's font settings are global


def _axes(lang: str, size: tuple[float, float]) -> tuple[Figure, Axes]:
    fig = Figure(figsize=size, dpi=96)  # not pyplot: no global figure registry, safe in server threads
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax


def _svg(fig: Figure, lang: str) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context({"font.family": _FONTS.get(lang, _FONTS["en"]), "axes.unicode_minus": False,
                                "svg.fonttype": "path", "svg.hashsalt": "custodes"}), _lock:
        fig.tight_layout()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def bar_svg(values: Mapping[str, float], *, title: str, lang: str) -> bytes:
    """Horizontal bars, in the order given (largest first for breakdowns)."""
    items = list(values.items())
    with matplotlib.rc_context({"font.family": _FONTS.get(lang, _FONTS["en"])}), _lock:
        fig, ax = _axes(lang, (7.0, max(2.2, 0.32 * len(items) + 1.2)))
        ax.barh([k for k, _ in items][::-1], [v for _, v in items][::-1], color=_BLUE)
        ax.set_title(title, fontsize=10)
    return _svg(fig, lang)


def grouped_bars_svg(labels: Sequence[str], series: Mapping[str, Sequence[float]], *, title: str,
                     lang: str) -> bytes:
    """Vertical bars, one group per label (e.g. a month, a donor), one bar per series."""
    n = max(len(series), 1)
    width = 0.8 / n
    colours = [_BLUE, _GREY, _GREEN, _RED]
    with matplotlib.rc_context({"font.family": _FONTS.get(lang, _FONTS["en"])}), _lock:
        fig, ax = _axes(lang, (7.0, 3.2))
        xs = list(range(len(labels)))
        for i, (name, ys) in enumerate(series.items()):
            ax.bar([x + (i - (n - 1) / 2) * width for x in xs], list(ys), width, label=name,
                   color=colours[i % len(colours)])
        ax.set_xticks(xs, list(labels), rotation=30 if len(labels) > 6 else 0, ha="right" if len(labels) > 6
                      else "center")
        ax.set_title(title, fontsize=10)
        if len(series) > 1:
            ax.legend(fontsize=8, frameon=False)
    return _svg(fig, lang)


def daily_svg(days: Sequence[dt.date], values: Sequence[float], *, label: str, title: str, lang: str,
              target: float | None = None, target_label: str = "") -> bytes:
    """One line over days, with an optional dashed target line (e.g. 600 trucks a day)."""
    with matplotlib.rc_context({"font.family": _FONTS.get(lang, _FONTS["en"])}), _lock:
        fig, ax = _axes(lang, (7.0, 3.2))
        xs = mdates.date2num(list(days))  # type: ignore[no-untyped-call]
        ax.plot(xs, list(values), color=_BLUE, linewidth=1.2, label=label)
        if target is not None:
            ax.axhline(target, color=_RED, linestyle="--", linewidth=1, label=target_label)
        ax.xaxis_date()
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=8, frameon=False)
        fig.autofmt_xdate()
    return _svg(fig, lang)


class ChartCache:
    """SVGs by (chart, language, records shown, journal size); small, cleared when full."""

    def __init__(self, limit: int = 64) -> None:
        self._items: dict[tuple[object, ...], bytes] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> bytes | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: tuple[object, ...], svg: bytes) -> None:
        with self._lock:
            if len(self._items) >= self._limit:
                self._items.clear()
            self._items[key] = svg
